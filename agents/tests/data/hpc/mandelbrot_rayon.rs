//! A faster version of `examples/hpc/mandelbrot.rs` for scripted tests: the
//! same input (`w h max`, default `1600 1200 2000`) and exactly the same
//! output, computed with rayon. Rows cost very different amounts (rows
//! through the set iterate to the limit), so each row is its own parallel
//! item and rayon's work stealing balances them; every point's arithmetic is
//! the original's, so the integer counts are identical.

use rayon::prelude::*;
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

/// Total iterations and points that never escaped, for one row.
fn row(y: usize, w: usize, h: usize, max: u32) -> (u64, u64) {
    let ci = -1.25 + 2.5 * y as f64 / h as f64;
    let mut total: u64 = 0;
    let mut inside: u64 = 0;
    for x in 0..w {
        let cr = -2.0 + 2.5 * x as f64 / w as f64;
        let n = escape_time(cr, ci, max);
        total += n as u64;
        if n == max {
            inside += 1;
        }
    }
    (total, inside)
}

/// Total iterations over the w x h grid, and the points that never escaped:
/// one parallel item per row.
fn render(w: usize, h: usize, max: u32) -> (u64, u64) {
    (0..h).into_par_iter().map(|y| row(y, w, h, max)).reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
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
