//! What a forward pass costs, by the number of tokens in it: measured, not
//! assumed, because the answer decides whether speculation pays (on a CPU a
//! pass over T tokens costs nearly T times one token; on a GPU about one).

use std::collections::BTreeMap;
use std::time::Duration;

/// Mean measured time of a forward pass per token count.
#[derive(Debug, Clone, Default)]
pub struct CostModel {
    /// tokens -> (passes, total seconds)
    samples: BTreeMap<usize, (u32, f64)>,
}

impl CostModel {
    pub fn record(&mut self, tokens: usize, elapsed: Duration) {
        let entry = self.samples.entry(tokens).or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 += elapsed.as_secs_f64();
    }

    /// Mean seconds of a pass over `tokens` tokens: measured where there are
    /// samples, interpolated linearly between measured sizes, extrapolated
    /// from the nearest two beyond them. `None` before any measurement.
    pub fn seconds(&self, tokens: usize) -> Option<f64> {
        let mean = |(n, total): &(u32, f64)| total / f64::from(*n);
        if let Some(sample) = self.samples.get(&tokens) {
            return Some(mean(sample));
        }
        let below = self.samples.range(..tokens).next_back().map(|(t, s)| (*t as f64, mean(s)));
        let above = self.samples.range(tokens..).next().map(|(t, s)| (*t as f64, mean(s)));
        let x = tokens as f64;
        let line = |(x0, y0): (f64, f64), (x1, y1): (f64, f64)| y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        match (below, above) {
            (Some(a), Some(b)) => Some(line(a, b)),
            (Some(a), None) => {
                let lower = self.samples.range(..a.0 as usize).next_back().map(|(t, s)| (*t as f64, mean(s)));
                // Beyond the largest size: extend the last segment, or scale linearly.
                Some(lower.map_or(a.1 * x / a.0, |l| line(l, a)).max(a.1))
            }
            (None, Some(b)) => Some(b.1 * (x / b.0).max(1.0 / b.0)),
            (None, None) => None,
        }
    }

    /// Every measured size with its mean seconds, for reports.
    pub fn curve(&self) -> Vec<(usize, f64)> {
        self.samples.iter().map(|(t, (n, total))| (*t, total / f64::from(*n))).collect()
    }
}
