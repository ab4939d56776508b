//! Computes the Mandelbrot set on a w x h grid of points covering
//! [-2.0, 0.5] x [-1.25, 1.25]: for each point c, iterates z = z^2 + c from
//! z = 0 until |z|^2 > 4 or max iterations are done. Reads `w h max` from
//! stdin (default `1600 1200 2000`) and prints the total number of
//! iterations over all points and the number of points that never escaped.
//! All integers: exact. The iteration is chaotic near the set's boundary, so
//! a correct rewrite keeps each point's arithmetic exactly as written (the
//! same operations in the same order); it may reorder, split or interleave
//! the points freely.

use std::io::Read;

fn escape_time(cr: f64, ci: f64, max: u32) -> u32 {
    let (mut zr, mut zi) = (0.0f64, 0.0f64);
    let mut n = 0;
    while n < max {
        let zr2 = zr * zr;
        let zi2 = zi * zi;
        if zr2 + zi2 > 4.0 {
            break;
        }
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        n += 1;
    }
    n
}

/// Total iterations over the w x h grid, and the points that never escaped.
fn render(w: usize, h: usize, max: u32) -> (u64, u64) {
    let mut total: u64 = 0;
    let mut inside: u64 = 0;
    for y in 0..h {
        let ci = -1.25 + 2.5 * y as f64 / h as f64;
        for x in 0..w {
            let cr = -2.0 + 2.5 * x as f64 / w as f64;
            let n = escape_time(cr, ci, max);
            total += n as u64;
            if n == max {
                inside += 1;
            }
        }
    }
    (total, inside)
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (w, h, max) = match fields[..] {
        [w, h, max] => (w.max(1) as usize, h.max(1) as usize, max as u32),
        _ => (1600, 1200, 2000),
    };
    let (total, inside) = render(w, h, max);
    println!("{total} {inside}");
}
