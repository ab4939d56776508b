//! The keep/reject policy, as pure functions: which correct candidate of an
//! iteration is timed natively ([`choose_finalist`]) and whether its timing
//! keeps it ([`keep`]).
//!
//! Fuel counts WebAssembly instructions: deterministic, but blind to cache
//! misses and the allocator's work. So a candidate that saves fuel is timed
//! to make sure it is not slower natively, and one with about the best's
//! fuel may still win, but only by a clear native margin.
//!
//! Fuel is blind to parallelism and SIMD too: WebAssembly runs one thread
//! and no `std::arch` path. A candidate that ran several threads natively,
//! or uses CPU-specific instructions, is decided on native wall time alone,
//! by the same clear margin; its fuel only guards against busy-waiting (at
//! most [`MOST_WORK`] times the original's).

use sandbox::{Comparison, Verdict};

/// Fuel within this fraction of the best's counts as "about the same".
const SAME_FUEL: u64 = 100; // 1 / 100: 1%

/// How much faster natively a candidate with about the best's fuel must be,
/// at the least, to be kept: a loop written another way moved the native
/// time by under 1%, beyond the interval's noise but not a speed-up.
pub const NATIVE_ONLY_GAIN: f64 = 0.03;

/// A native finalist may do at most this many times the original's work
/// (fuel): more means threads spinning instead of computing.
pub const MOST_WORK: u64 = 2;

/// A correct candidate (or the original), as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correct {
    /// `None`: it starts threads, which WebAssembly cannot run.
    pub fuel: Option<u64>,
    /// CPU time of its native runs, all threads (ms).
    pub cpu_ms: f64,
    /// The most threads it ran at once natively, main included.
    pub threads: u32,
    /// It uses CPU-specific instructions (`std::arch`), which its
    /// WebAssembly build (and so its fuel) never runs.
    pub intrinsics: bool,
}

impl Correct {
    /// Fuel cannot judge it: only native wall time can.
    pub fn native(&self) -> bool {
        self.threads > 1 || self.intrinsics || self.fuel.is_none()
    }
}

/// Whether `code` uses CPU-specific instructions.
pub fn uses_intrinsics(code: &str) -> bool {
    ["std::arch", "core::arch", "target_feature", "is_x86_feature_detected"].iter().any(|s| code.contains(s))
}

/// Whether a candidate does so much more work than the original that it
/// must be busy-waiting: never timed. Work is fuel, or for a candidate
/// without (its threads cannot run in WebAssembly) the CPU time of its
/// native runs, all threads together.
pub fn too_much_work(original: &Correct, candidate: &Correct) -> bool {
    match (original.fuel, candidate.fuel) {
        (Some(original), Some(fuel)) => fuel > original.saturating_mul(MOST_WORK),
        _ => original.cpu_ms > 0.0 && candidate.cpu_ms > original.cpu_ms * MOST_WORK as f64,
    }
}

/// A candidate of an iteration that is timed against the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finalist {
    /// It uses measurably less fuel than the best (by over 1%).
    SavesFuel { index: usize, fuel: u64 },
    /// Its fuel is within 1% of the best's: only a native gain counts.
    SameFuel { index: usize, fuel: u64 },
    /// It runs several threads or CPU-specific instructions: only a native
    /// gain counts, whatever its fuel.
    Native { index: usize, fuel: Option<u64>, threads: u32 },
}

impl Finalist {
    /// Its place in the list given to [`choose_finalist`].
    pub fn index(&self) -> usize {
        match *self {
            Finalist::SavesFuel { index, .. } | Finalist::SameFuel { index, .. } | Finalist::Native { index, .. } => {
                index
            }
        }
    }

    /// Its fuel; `None` for one whose threads WebAssembly cannot run.
    pub fn fuel(&self) -> Option<u64> {
        match *self {
            Finalist::SavesFuel { fuel, .. } | Finalist::SameFuel { fuel, .. } => Some(fuel),
            Finalist::Native { fuel, .. } => fuel,
        }
    }

    /// Only a native gain can keep it.
    pub fn native_only(&self) -> bool {
        matches!(self, Finalist::SameFuel { .. } | Finalist::Native { .. })
    }

    /// What made it a finalist, as the generator is told.
    pub fn describe(&self) -> String {
        match self {
            Finalist::SavesFuel { .. } => "used less fuel".into(),
            Finalist::SameFuel { .. } => "used about the same fuel".into(),
            Finalist::Native { threads: 1, fuel: None, .. } => "was measured natively".into(),
            Finalist::Native { threads: 1, .. } => "uses CPU-specific instructions".into(),
            Finalist::Native { threads, .. } => format!("ran {threads} threads"),
        }
    }
}

/// An iteration's finalists: the sequential one ([`choose_finalist`] among
/// the candidates fuel can judge, against the best's fuel; when the best
/// has none, the one using least, which must then win natively) and, if
/// there is one, the native one (of those only native time can judge, the
/// one doing least work, unless over [`MOST_WORK`] times the original's).
/// `None`: not correct.
pub fn choose_finalists(original: &Correct, best_fuel: Option<u64>, candidates: &[Option<Correct>]) -> Vec<Finalist> {
    let sequential: Vec<Option<u64>> =
        candidates.iter().map(|c| c.filter(|c| !c.native()).and_then(|c| c.fuel)).collect();
    let sequential = match best_fuel {
        Some(best_fuel) => choose_finalist(best_fuel, &sequential),
        None => choose_finalist(u64::MAX, &sequential)
            .map(|f| Finalist::SameFuel { index: f.index(), fuel: f.fuel().unwrap_or_default() }),
    };
    let native = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, c)| c.filter(|c| c.native() && !too_much_work(original, c)).map(|c| (index, c)))
        .min_by(|(i, a), (j, b)| {
            // Least fuel, else least CPU time; the earlier on a tie.
            let work = |c: &Correct| (c.fuel.unwrap_or(u64::MAX), c.cpu_ms);
            let ((fa, ca), (fb, cb)) = (work(a), work(b));
            fa.cmp(&fb).then(ca.total_cmp(&cb)).then(i.cmp(j))
        })
        .map(|(index, c)| Finalist::Native { index, fuel: c.fuel, threads: c.threads });
    sequential.into_iter().chain(native).collect()
}

/// The finalist among the fuel of an iteration's correct candidates (`None`
/// for one that is not correct): the one using least fuel if any saves more
/// than 1% of the best's `best_fuel`, else the least of those within 1% of
/// it. On a tie the earlier candidate wins (it was sampled colder).
pub fn choose_finalist(best_fuel: u64, fuel: &[Option<u64>]) -> Option<Finalist> {
    let margin = best_fuel / SAME_FUEL;
    let least = |fits: &dyn Fn(u64) -> bool| {
        fuel.iter()
            .enumerate()
            .filter_map(|(index, fuel)| fuel.filter(|f| fits(*f)).map(|f| (index, f)))
            .min_by_key(|&(index, fuel)| (fuel, index))
    };
    if let Some((index, fuel)) = least(&|f| f < best_fuel.saturating_sub(margin)) {
        return Some(Finalist::SavesFuel { index, fuel });
    }
    least(&|f| f <= best_fuel.saturating_add(margin)).map(|(index, fuel)| Finalist::SameFuel { index, fuel })
}

/// What the native timing said, as the generator is told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    Faster,
    /// Faster, but by less than [`NATIVE_ONLY_GAIN`] at the interval's
    /// upper end, for a finalist that saves no fuel.
    FasterByTooLittle,
    Slower,
    NotDifferent,
}

impl Native {
    /// The verdict, not the numbers: a deterministic model then sees the
    /// same prompt in a repeated run (the numbers are in the log).
    pub fn describe(self) -> &'static str {
        match self {
            Native::Faster => "measurably faster natively",
            Native::FasterByTooLittle => "faster natively, but by too little to matter",
            Native::Slower => "measurably slower natively",
            Native::NotDifferent => "not measurably different natively",
        }
    }
}

/// Whether the finalist replaces the best, given its native timing against
/// it (`timing.ratio` below 1: the finalist is faster). One that saves fuel
/// is kept unless it is measurably slower; one that does not must be
/// measurably faster, by [`NATIVE_ONLY_GAIN`] at the least.
pub fn keep(finalist: &Finalist, timing: &Comparison) -> (bool, Native) {
    let native = match timing.verdict {
        Verdict::Faster if finalist.native_only() && timing.ci_high > 1.0 - NATIVE_ONLY_GAIN => {
            Native::FasterByTooLittle
        }
        Verdict::Faster => Native::Faster,
        Verdict::Slower => Native::Slower,
        Verdict::NoSignificantDifference => Native::NotDifferent,
    };
    let kept = match finalist {
        Finalist::SavesFuel { .. } => native != Native::Slower,
        Finalist::SameFuel { .. } | Finalist::Native { .. } => native == Native::Faster,
    };
    (kept, native)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(verdict: Verdict, ci_low: f64, ci_high: f64) -> Comparison {
        let ratio = (ci_low + ci_high) / 2.0;
        let comparison = sandbox::summarise(vec![1.0; 3], vec![ratio; 3]);
        Comparison { ratio, ci_low, ci_high, verdict, ..comparison }
    }

    #[test]
    fn a_native_finalist_is_timed_beside_the_sequential_one_unless_it_does_too_much_work() {
        let original = Correct { fuel: Some(10_000), cpu_ms: 100.0, threads: 1, intrinsics: false };
        let best = Some(8_000);
        let seq = |fuel| Some(Correct { fuel: Some(fuel), cpu_ms: 50.0, threads: 1, intrinsics: false });
        let par = |fuel, threads| Some(Correct { fuel: Some(fuel), cpu_ms: 150.0, threads, intrinsics: false });
        let simd = |fuel| Some(Correct { fuel: Some(fuel), cpu_ms: 50.0, threads: 1, intrinsics: true });
        // Threads WebAssembly cannot run: no fuel, judged by CPU time.
        let scoped = |cpu_ms| Some(Correct { fuel: None, cpu_ms, threads: 3, intrinsics: false });
        // (candidates, expected finalists)
        let cases: &[(&[Option<Correct>], &[Finalist])] = &[
            (&[seq(5_000), None], &[Finalist::SavesFuel { index: 0, fuel: 5_000 }]),
            // More fuel than the best, but parallel: timed.
            (&[seq(9_000), par(12_000, 3)], &[Finalist::Native { index: 1, fuel: Some(12_000), threads: 3 }]),
            (
                &[par(15_000, 3), seq(7_000), par(12_000, 2)],
                &[
                    Finalist::SavesFuel { index: 1, fuel: 7_000 },
                    Finalist::Native { index: 2, fuel: Some(12_000), threads: 2 },
                ],
            ),
            // Over twice the original's work: busy-waiting, never timed.
            (&[par(20_001, 3)], &[]),
            (&[par(20_000, 3)], &[Finalist::Native { index: 0, fuel: Some(20_000), threads: 3 }]),
            (&[scoped(250.0), scoped(190.0)], &[Finalist::Native { index: 1, fuel: None, threads: 3 }]),
            (&[scoped(201.0)], &[]),
            // SIMD: its fuel is that of the portable path.
            (&[simd(8_050)], &[Finalist::Native { index: 0, fuel: Some(8_050), threads: 1 }]),
        ];
        for (candidates, expected) in cases {
            assert_eq!(choose_finalists(&original, best, candidates), *expected, "{candidates:?}");
        }
        // A parallel best has no fuel: a sequential candidate must win natively.
        assert_eq!(choose_finalists(&original, None, &[seq(9_000)]), [Finalist::SameFuel { index: 0, fuel: 9_000 }]);
        assert!(uses_intrinsics("if is_x86_feature_detected!(\"avx2\") { unsafe { sum_avx2(v) } }"));
        assert!(!uses_intrinsics("fn main() { println!(\"{}\", 1); }"));
    }

    #[test]
    fn the_finalist_saves_the_most_fuel_else_keeps_about_the_same() {
        let best = 10_000;
        // (candidates' fuel, expected finalist)
        let cases: &[(&[Option<u64>], Option<Finalist>)] = &[
            (&[], None),
            (&[None, None], None),
            (&[Some(9_000), Some(5_000), None], Some(Finalist::SavesFuel { index: 1, fuel: 5_000 })),
            (&[Some(5_000), Some(5_000)], Some(Finalist::SavesFuel { index: 0, fuel: 5_000 })),
            // Under 1% less is about the same.
            (&[Some(9_950)], Some(Finalist::SameFuel { index: 0, fuel: 9_950 })),
            (&[Some(9_899)], Some(Finalist::SavesFuel { index: 0, fuel: 9_899 })),
            (&[Some(10_100), Some(10_050)], Some(Finalist::SameFuel { index: 1, fuel: 10_050 })),
            // Over 1% more is slower: never timed.
            (&[Some(10_101), Some(20_000)], None),
            // A fuel saver beats one with about the same fuel, whatever the order.
            (&[Some(10_000), Some(9_000)], Some(Finalist::SavesFuel { index: 1, fuel: 9_000 })),
        ];
        for (fuel, expected) in cases {
            assert_eq!(choose_finalist(best, fuel), *expected, "fuel {fuel:?}");
        }
    }

    #[test]
    fn a_finalist_is_kept_only_as_its_timing_allows() {
        let saves = Finalist::SavesFuel { index: 0, fuel: 1 };
        let same = Finalist::SameFuel { index: 0, fuel: 1 };
        let native = Finalist::Native { index: 0, fuel: Some(1), threads: 4 };
        // (finalist, timing, kept, native verdict)
        let cases = [
            (saves, timing(Verdict::Faster, 0.5, 0.6), true, Native::Faster),
            (saves, timing(Verdict::Faster, 0.98, 0.99), true, Native::Faster),
            (saves, timing(Verdict::NoSignificantDifference, 0.9, 1.1), true, Native::NotDifferent),
            (saves, timing(Verdict::Slower, 1.1, 1.2), false, Native::Slower),
            (same, timing(Verdict::Faster, 0.8, 0.9), true, Native::Faster),
            (same, timing(Verdict::Faster, 0.95, 0.969), true, Native::Faster),
            // Faster, but the interval reaches past 0.97: too little.
            (same, timing(Verdict::Faster, 0.95, 0.975), false, Native::FasterByTooLittle),
            (same, timing(Verdict::NoSignificantDifference, 0.9, 1.1), false, Native::NotDifferent),
            (same, timing(Verdict::Slower, 1.1, 1.2), false, Native::Slower),
            // A parallel finalist needs a clear native gain too.
            (native, timing(Verdict::Faster, 0.4, 0.5), true, Native::Faster),
            (native, timing(Verdict::Faster, 0.95, 0.975), false, Native::FasterByTooLittle),
            (native, timing(Verdict::NoSignificantDifference, 0.9, 1.1), false, Native::NotDifferent),
        ];
        for (finalist, timing, kept, native) in cases {
            assert_eq!(keep(&finalist, &timing), (kept, native), "{finalist:?} timed {timing:?}");
        }
    }
}
