//! Wall-clock comparison of two programs: interleaved runs, paired ratios,
//! a bootstrap confidence interval and a verdict.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;

/// How program B compares with program A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// B is faster than A: the whole confidence interval of B/A is below 1.
    Faster,
    /// B is slower than A: the whole interval is above 1.
    Slower,
    /// The interval contains 1.
    NoSignificantDifference,
}

/// The result of an interleaved A/B timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Wall times of A, in run order (ms).
    pub a_ms: Vec<f64>,
    /// Wall times of B, in run order (ms); `b_ms[i]` ran right after `a_ms[i]`.
    pub b_ms: Vec<f64>,
    /// Median of the paired ratios B/A: below 1 means B is faster.
    pub ratio: f64,
    /// Bounds of the confidence interval of that median.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Confidence level of the interval, e.g. 0.95.
    pub confidence: f64,
    pub verdict: Verdict,
    /// What A's timed runs used (zero in logs from before it was measured).
    #[serde(default)]
    pub a_usage: Usage,
    /// What B's timed runs used.
    #[serde(default)]
    pub b_usage: Usage,
    /// The cores both sides were pinned to (0 in logs from before).
    #[serde(default)]
    pub cores: u32,
}

/// What one side of a comparison used over its timed runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// Median CPU time of a run, all threads, user and system (ms).
    pub cpu_ms: f64,
    /// The largest peak resident memory of a run (bytes).
    pub peak_memory_bytes: u64,
    /// The most threads a run had at once, main included.
    pub threads: u32,
}

impl Usage {
    /// The usage of a side from its runs.
    pub fn of(runs: &[Outcome]) -> Usage {
        let mut cpu: Vec<f64> = runs.iter().filter_map(|o| o.cpu_ms).collect();
        Usage {
            cpu_ms: if cpu.is_empty() { 0.0 } else { median(&mut cpu) },
            peak_memory_bytes: runs.iter().filter_map(|o| o.peak_memory_bytes).max().unwrap_or(0),
            threads: runs.iter().filter_map(|o| o.threads).max().unwrap_or(0),
        }
    }
}

impl Comparison {
    /// A's median wall time over B's: above 1, B is faster.
    pub fn speedup(&self) -> f64 {
        1.0 / self.ratio.max(1e-12)
    }

    /// The threads B computed with: those it ran, but no more than the
    /// cores it had (rayon's idle main thread, waiting for its pool, is not
    /// a core's worth of work).
    pub fn threads_used(&self) -> u32 {
        match self.cores {
            0 => self.b_usage.threads,
            cores => self.b_usage.threads.min(cores),
        }
    }

    /// B's speed-up per thread it used (1: every thread pulled its
    /// weight), when it used more than one.
    pub fn parallel_efficiency(&self) -> Option<f64> {
        let threads = self.threads_used();
        (threads > 1).then(|| self.speedup() / f64::from(threads))
    }
}

const BOOTSTRAP_RESAMPLES: usize = 2000;
const CONFIDENCE: f64 = 0.95;
/// Fixed so that the same timings always give the same interval.
const BOOTSTRAP_SEED: u64 = 0x6d61_7263_6f21;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// Summarises paired timings. Each pair must come from adjacent runs, so that
/// slow drifts of the machine affect both sides of a ratio alike.
pub fn summarise(a_ms: Vec<f64>, b_ms: Vec<f64>) -> Comparison {
    assert_eq!(a_ms.len(), b_ms.len(), "timings must be paired");
    assert!(!a_ms.is_empty(), "at least one pair is needed");
    let ratios: Vec<f64> = a_ms.iter().zip(&b_ms).map(|(a, b)| b / a.max(1e-9)).collect();
    let ratio = median(&mut ratios.clone());
    let mut rng = StdRng::seed_from_u64(BOOTSTRAP_SEED);
    let mut medians: Vec<f64> = (0..BOOTSTRAP_RESAMPLES)
        .map(|_| {
            let mut sample: Vec<f64> = (0..ratios.len()).map(|_| ratios[rng.random_range(0..ratios.len())]).collect();
            median(&mut sample)
        })
        .collect();
    medians.sort_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    let at = |q: f64| medians[((q * (BOOTSTRAP_RESAMPLES - 1) as f64).round() as usize).min(BOOTSTRAP_RESAMPLES - 1)];
    let (ci_low, ci_high) = (at(tail), at(1.0 - tail));
    let verdict = if ci_high < 1.0 {
        Verdict::Faster
    } else if ci_low > 1.0 {
        Verdict::Slower
    } else {
        Verdict::NoSignificantDifference
    };
    Comparison {
        a_ms,
        b_ms,
        ratio,
        ci_low,
        ci_high,
        confidence: CONFIDENCE,
        verdict,
        a_usage: Usage::default(),
        b_usage: Usage::default(),
        cores: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clearly_faster_b_is_faster() {
        let a: Vec<f64> = (0..30).map(|i| 10.0 + (i % 3) as f64 * 0.1).collect();
        let b: Vec<f64> = a.iter().map(|x| x * 0.5).collect();
        let c = summarise(a, b);
        assert!((c.ratio - 0.5).abs() < 1e-9);
        assert_eq!(c.verdict, Verdict::Faster);
    }

    #[test]
    fn noisy_equal_programs_are_not_significantly_different() {
        let a: Vec<f64> = (0..30).map(|i| 10.0 + (i % 5) as f64).collect();
        let b: Vec<f64> = (0..30).map(|i| 10.0 + ((i + 2) % 5) as f64).collect();
        let c = summarise(a, b);
        assert_eq!(c.verdict, Verdict::NoSignificantDifference, "{c:?}");
        assert!(c.ci_low <= 1.0 && c.ci_high >= 1.0);
    }

    #[test]
    fn slower_b_is_slower() {
        let a: Vec<f64> = (0..20).map(|i| 5.0 + (i % 2) as f64 * 0.2).collect();
        let b: Vec<f64> = a.iter().map(|x| x * 1.3).collect();
        assert_eq!(summarise(a, b).verdict, Verdict::Slower);
    }
}
