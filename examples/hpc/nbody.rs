//! Simulates n point masses under mutual gravity for t time steps: each step
//! computes the acceleration of every body from all the others (a softened
//! all-pairs sum over an array of body structs), then updates velocities and
//! positions (semi-implicit Euler). Reads `n t seed` from stdin (default
//! `3000 70 1`), places the bodies at random in a unit cube with small random
//! velocities and masses, and prints the sum of the final distances from the
//! origin and the final kinetic energy in `{:.12e}` form.
//!
//! Floating-point reassociation: the softening (eps^2 = 0.01) and the short
//! time step keep close encounters gentle, so a rounding difference in one
//! step grows only slowly over the run; summing the forces in another order
//! (reversed, in SIMD lanes, per thread, or using Newton's third law to visit
//! each pair once) changes the outputs by far less than the declared relative
//! tolerance. Both printed quantities are sums of positive terms.
// marco:tolerance 1e-9

use std::io::Read;

/// A small linear congruential generator, so the input is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

const SOFTENING2: f64 = 0.01;
const DT: f64 = 0.001;

fn step(bodies: &mut [Body]) {
    let n = bodies.len();
    let mut acc = vec![[0.0f64; 3]; n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let dx = bodies[j].pos[0] - bodies[i].pos[0];
            let dy = bodies[j].pos[1] - bodies[i].pos[1];
            let dz = bodies[j].pos[2] - bodies[i].pos[2];
            let r2 = dx * dx + dy * dy + dz * dz + SOFTENING2;
            let s = bodies[j].mass / (r2 * r2.sqrt());
            acc[i][0] += dx * s;
            acc[i][1] += dy * s;
            acc[i][2] += dz * s;
        }
    }
    for (b, a) in bodies.iter_mut().zip(&acc) {
        for d in 0..3 {
            b.vel[d] += a[d] * DT;
            b.pos[d] += b.vel[d] * DT;
        }
    }
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, steps, seed) = match fields[..] {
        [n, t, seed] => (n as usize, t as usize, seed),
        _ => (3000, 70, 1),
    };
    let mut rng = Lcg(seed);
    let mut bodies: Vec<Body> = (0..n)
        .map(|_| Body {
            pos: [rng.next_f64(), rng.next_f64(), rng.next_f64()],
            vel: [0.1 * (rng.next_f64() - 0.5), 0.1 * (rng.next_f64() - 0.5), 0.1 * (rng.next_f64() - 0.5)],
            mass: (0.5 + rng.next_f64()) / n as f64,
        })
        .collect();
    for _ in 0..steps {
        step(&mut bodies);
    }
    let mut distance = 0.0;
    let mut kinetic = 0.0;
    for b in &bodies {
        distance += (b.pos[0] * b.pos[0] + b.pos[1] * b.pos[1] + b.pos[2] * b.pos[2]).sqrt();
        kinetic += 0.5 * b.mass * (b.vel[0] * b.vel[0] + b.vel[1] * b.vel[1] + b.vel[2] * b.vel[2]);
    }
    println!("{distance:.12e} {kinetic:.12e}");
}
