//! SLO-aware admission of verifications into a forward pass: earliest
//! deadline first, a verification-time estimator fitted online from the
//! passes actually measured, every admitted deadline kept where the
//! estimate says it can be, and the rest of the room filled by value.

use std::time::{Duration, Instant};

/// Predicts a forward pass's time from the tokens it feeds and the context
/// they attend to, fitted by least squares on measured passes:
/// `seconds = a + b * tokens + c * context`.
#[derive(Debug, Clone, Default)]
pub struct TimeEstimator {
    /// Normal equations X'X and X'y of the samples.
    xtx: [[f64; 3]; 3],
    xty: [f64; 3],
    samples: u32,
    /// Sum of |predicted - measured| / measured over samples predicted
    /// before they were recorded.
    relative_error: f64,
    predicted: u32,
}

impl TimeEstimator {
    /// Records a measured pass (after scoring the prediction made for it).
    pub fn record(&mut self, tokens: usize, context: usize, elapsed: Duration) {
        let measured = elapsed.as_secs_f64();
        if let Some(predicted) = self.predict(tokens, context)
            && measured > 0.0
        {
            self.relative_error += (predicted.as_secs_f64() - measured).abs() / measured;
            self.predicted += 1;
        }
        let x = [1.0, tokens as f64, context as f64];
        for i in 0..3 {
            for j in 0..3 {
                self.xtx[i][j] += x[i] * x[j];
            }
            self.xty[i] += x[i] * measured;
        }
        self.samples += 1;
    }

    /// The predicted time of a pass; `None` before enough passes were seen.
    pub fn predict(&self, tokens: usize, context: usize) -> Option<Duration> {
        if self.samples < 3 {
            return None;
        }
        let coefficients = self.coefficients()?;
        let seconds = coefficients[0] + coefficients[1] * tokens as f64 + coefficients[2] * context as f64;
        Some(Duration::from_secs_f64(seconds.max(0.0)))
    }

    /// Mean relative error of the predictions made so far, for reports.
    pub fn mean_relative_error(&self) -> Option<f64> {
        (self.predicted > 0).then(|| self.relative_error / f64::from(self.predicted))
    }

    /// Solves the normal equations (slightly regularised, so that passes
    /// that never vary one input still give an answer).
    fn coefficients(&self) -> Option<[f64; 3]> {
        let mut a = self.xtx;
        let mut b = self.xty;
        for (i, row) in a.iter_mut().enumerate() {
            row[i] += 1e-9 * (1.0 + row[i]);
        }
        // Gaussian elimination with partial pivoting on a 3x3 system.
        for col in 0..3 {
            let pivot = (col..3).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
            if a[pivot][col].abs() < 1e-18 {
                return None;
            }
            a.swap(col, pivot);
            b.swap(col, pivot);
            for row in col + 1..3 {
                let factor = a[row][col] / a[col][col];
                let pivot_row = a[col];
                for (k, value) in a[row].iter_mut().enumerate().skip(col) {
                    *value -= factor * pivot_row[k];
                }
                b[row] -= factor * b[col];
            }
        }
        let mut x = [0.0; 3];
        for row in (0..3).rev() {
            let rest: f64 = (row + 1..3).map(|k| a[row][k] * x[k]).sum();
            x[row] = (b[row] - rest) / a[row][row];
        }
        x.iter().all(|v| v.is_finite()).then_some(x)
    }
}

/// A verification waiting for a pass, as the scheduler sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// When its answer is due, if it has a deadline.
    pub deadline: Option<Instant>,
    /// When it arrived.
    pub arrived: Instant,
    /// Tokens it would add to the pass.
    pub tokens: usize,
    /// Context those tokens attend to.
    pub context: usize,
    /// Draft tokens it carries: what verifying it can gain.
    pub draft: usize,
}

/// How a cloud orders the verifications waiting for a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Deadlines first, kept where the estimator of pass times says they
    /// can be, then value: draft tokens per token of pass.
    #[default]
    Slo,
    /// Arrival order until the pass is full: the batch-what-arrives baseline
    /// that SLED-style systems use, kept for comparisons.
    Fifo,
}

/// Chooses which waiting verifications join the next pass.
#[derive(Debug, Clone)]
pub struct Scheduler {
    pub policy: Policy,
    /// A request waiting longer than this is served next regardless of
    /// value (no starvation).
    pub max_wait: Duration,
    /// Most tokens in one pass.
    pub max_tokens: usize,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler { policy: Policy::Slo, max_wait: Duration::from_secs(2), max_tokens: 512 }
    }
}

impl Scheduler {
    /// Indices of `candidates` for the next pass, which already holds `base`
    /// tokens over `base_context` context (the server's own requests).
    ///
    /// Deadline requests (and any that waited past `max_wait`) go in
    /// earliest deadline first, each only if the estimated pass still ends
    /// before every admitted deadline; one whose deadline cannot be met
    /// even alone still goes in (late is better than never). The rest fill
    /// the remaining room by value: draft tokens per token of pass.
    pub fn select(
        &self,
        candidates: &[Candidate],
        base: (usize, usize),
        estimator: &TimeEstimator,
        now: Instant,
    ) -> Vec<usize> {
        if self.policy == Policy::Fifo {
            return self.arrival_order(candidates, base.0);
        }
        let starving = |c: &Candidate| now >= c.arrived + self.max_wait;
        // Ordering key of urgent requests: the deadline, or for one that
        // waited too long, the moment it started starving.
        let due = |c: &Candidate| c.deadline.unwrap_or(c.arrived + self.max_wait);
        let mut urgent: Vec<usize> =
            (0..candidates.len()).filter(|&i| candidates[i].deadline.is_some() || starving(&candidates[i])).collect();
        urgent.sort_by_key(|&i| due(&candidates[i]));
        let ends_by = |tokens: usize, context: usize, deadline: Option<Instant>| {
            match (deadline, estimator.predict(tokens, context)) {
                (Some(deadline), Some(time)) => now + time <= deadline,
                // Without a deadline or an estimate yet, only the size limit.
                _ => true,
            }
        };
        let (mut tokens, mut context) = base;
        let mut chosen: Vec<usize> = Vec::new();
        // The earliest deadline among those the pass is expected to meet.
        let mut earliest: Option<Instant> = None;
        let mut take = |i: usize, chosen: &mut Vec<usize>, tokens: &mut usize, context: &mut usize| {
            let c = &candidates[i];
            let (t, x) = (*tokens + c.tokens, *context + c.context);
            if t > self.max_tokens && !chosen.is_empty() || !ends_by(t, x, earliest) {
                return;
            }
            if let Some(deadline) = c.deadline
                && ends_by(t, x, Some(deadline))
            {
                earliest = Some(earliest.map_or(deadline, |e| e.min(deadline)));
            }
            (*tokens, *context) = (t, x);
            chosen.push(i);
        };
        for i in urgent {
            take(i, &mut chosen, &mut tokens, &mut context);
        }
        let value = |c: &Candidate| (c.draft + 1) as f64 / c.tokens.max(1) as f64;
        let mut rest: Vec<usize> = (0..candidates.len()).filter(|i| !chosen.contains(i)).collect();
        rest.sort_by(|&a, &b| value(&candidates[b]).total_cmp(&value(&candidates[a])));
        for i in rest {
            take(i, &mut chosen, &mut tokens, &mut context);
        }
        chosen
    }

    /// The candidates in arrival order, as many as fit `max_tokens` (at
    /// least one).
    fn arrival_order(&self, candidates: &[Candidate], base: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by_key(|&i| candidates[i].arrived);
        let mut tokens = base;
        let mut chosen = Vec::new();
        for i in order {
            if tokens + candidates[i].tokens > self.max_tokens && !chosen.is_empty() {
                break;
            }
            tokens += candidates[i].tokens;
            chosen.push(i);
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pass costs 20 ms plus 5 ms a token plus 0.01 ms a context token.
    fn trained() -> TimeEstimator {
        let mut estimator = TimeEstimator::default();
        for (tokens, context) in [(1, 100), (4, 400), (9, 200), (16, 1600), (30, 900), (2, 3000)] {
            let ms = 20.0 + 5.0 * tokens as f64 + 0.01 * context as f64;
            estimator.record(tokens, context, Duration::from_secs_f64(ms / 1e3));
        }
        estimator
    }

    fn candidate(now: Instant, deadline_ms: Option<u64>, tokens: usize) -> Candidate {
        Candidate {
            deadline: deadline_ms.map(|ms| now + Duration::from_millis(ms)),
            arrived: now,
            tokens,
            context: 100,
            draft: tokens - 1,
        }
    }

    #[test]
    fn the_estimator_learns_a_linear_cost_and_reports_its_error() {
        let estimator = trained();
        let predicted = estimator.predict(10, 1000).unwrap().as_secs_f64() * 1e3;
        assert!((predicted - 80.0).abs() < 0.5, "{predicted} ms");
        // Predictions made after the third sample were exact.
        assert!(estimator.mean_relative_error().unwrap() < 1e-3);
        assert!(TimeEstimator::default().predict(1, 1).is_none());
    }

    #[test]
    fn deadlines_are_served_in_order_and_kept() {
        let now = Instant::now();
        let estimator = trained();
        let scheduler = Scheduler::default();
        // Each 5-token verification adds 25 ms; the pass starts at 20 ms.
        let candidates = vec![
            candidate(now, Some(500), 5),
            candidate(now, Some(100), 5),
            candidate(now, Some(120), 5),
            candidate(now, Some(90), 5),
        ];
        let chosen = scheduler.select(&candidates, (0, 0), &estimator, now);
        // Earliest first: 90 ms (the pass would end at 46 ms), 100 ms (72);
        // a third would end at 98 ms, past the 90 ms deadline.
        assert_eq!(chosen, vec![3, 1]);
    }

    #[test]
    fn no_request_starves_and_value_fills_the_room() {
        let now = Instant::now();
        let estimator = trained();
        let scheduler = Scheduler { max_wait: Duration::from_millis(200), max_tokens: 12, ..Scheduler::default() };
        let mut old = candidate(now, None, 5);
        old.arrived = now - Duration::from_secs(1);
        old.draft = 0;
        let candidates = vec![candidate(now, None, 5), candidate(now, None, 5), old];
        // The long-waiting, low-value request goes first; value fills the
        // rest of the 12 tokens.
        let chosen = scheduler.select(&candidates, (0, 0), &estimator, now);
        assert_eq!(chosen[0], 2);
        assert_eq!(chosen.len(), 2);
        // A request whose deadline cannot be met still gets served.
        let late = vec![candidate(now, Some(1), 5)];
        assert_eq!(scheduler.select(&late, (0, 0), &estimator, now), vec![0]);
    }

    #[test]
    fn fifo_takes_arrivals_in_order_until_the_pass_is_full() {
        let now = Instant::now();
        let scheduler = Scheduler { policy: Policy::Fifo, max_tokens: 12, ..Scheduler::default() };
        let mut candidates = vec![candidate(now, Some(10), 5), candidate(now, None, 5), candidate(now, None, 5)];
        candidates[1].arrived = now - Duration::from_millis(5);
        candidates[2].arrived = now - Duration::from_millis(3);
        // Deadlines and value play no part: the two oldest fill 10 of 12 tokens.
        assert_eq!(scheduler.select(&candidates, (0, 0), &trained(), now), vec![1, 2]);
    }
}
