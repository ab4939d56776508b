//! Longest Collatz chain below a limit: a small, CPU-bound program to try the
//! sandbox on. Reads the limit from stdin (default 1 000 000).

use std::io::Read;

/// Chain lengths of the numbers below the limit, filled as they are found.
struct Memo {
    lengths: Vec<u32>,
}

impl Memo {
    fn new(limit: usize) -> Self {
        let mut lengths = vec![0; limit];
        if limit > 1 {
            lengths[1] = 1;
        }
        Memo { lengths }
    }

    /// Number of terms in the chain starting at `start`, ending at 1.
    fn chain_length(&mut self, start: u64) -> u32 {
        let mut path = Vec::new();
        let mut n = start;
        let known = loop {
            if let Some(&len) = self.lengths.get(n as usize) {
                if len != 0 {
                    break len;
                }
            }
            path.push(n);
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        };
        let mut len = known;
        for &m in path.iter().rev() {
            len += 1;
            if let Some(slot) = self.lengths.get_mut(m as usize) {
                *slot = len;
            }
        }
        len
    }
}

fn read_limit() -> usize {
    let mut input = String::new();
    let _ = std::io::stdin().read_to_string(&mut input);
    input.trim().parse().unwrap_or(1_000_000)
}

fn main() {
    let limit = read_limit().max(2);
    let mut memo = Memo::new(limit);
    let (mut best, mut best_len) = (1, 1);
    for start in 1..limit as u64 {
        let len = memo.chain_length(start);
        if len > best_len {
            (best, best_len) = (start, len);
        }
    }
    println!("below {limit}: {best} has the longest chain, {best_len} terms");
}
