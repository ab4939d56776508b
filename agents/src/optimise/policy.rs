//! The keep/reject policy, as pure functions: which correct candidate of an
//! iteration is timed natively ([`choose_finalist`]) and whether its timing
//! keeps it ([`keep`]).
//!
//! Fuel counts WebAssembly instructions: deterministic, but blind to cache
//! misses and the allocator's work. So a candidate that saves fuel is timed
//! to make sure it is not slower natively, and one with about the best's
//! fuel may still win, but only by a clear native margin.

use sandbox::{Comparison, Verdict};

/// Fuel within this fraction of the best's counts as "about the same".
const SAME_FUEL: u64 = 100; // 1 / 100: 1%

/// How much faster natively a candidate with about the best's fuel must be,
/// at the least, to be kept: a loop written another way moved the native
/// time by under 1%, beyond the interval's noise but not a speed-up.
pub const NATIVE_ONLY_GAIN: f64 = 0.03;

/// The candidate of an iteration that is timed against the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finalist {
    /// It uses measurably less fuel than the best (by over 1%).
    SavesFuel { index: usize, fuel: u64 },
    /// Its fuel is within 1% of the best's: only a native gain counts.
    SameFuel { index: usize, fuel: u64 },
}

impl Finalist {
    /// Its place in the list given to [`choose_finalist`].
    pub fn index(&self) -> usize {
        match *self {
            Finalist::SavesFuel { index, .. } | Finalist::SameFuel { index, .. } => index,
        }
    }

    pub fn fuel(&self) -> u64 {
        match *self {
            Finalist::SavesFuel { fuel, .. } | Finalist::SameFuel { fuel, .. } => fuel,
        }
    }

    /// Only a native gain can keep it.
    pub fn native_only(&self) -> bool {
        matches!(self, Finalist::SameFuel { .. })
    }
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
        Finalist::SameFuel { .. } => native == Native::Faster,
    };
    (kept, native)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(verdict: Verdict, ci_low: f64, ci_high: f64) -> Comparison {
        let ratio = (ci_low + ci_high) / 2.0;
        Comparison { a_ms: vec![1.0; 3], b_ms: vec![ratio; 3], ratio, ci_low, ci_high, confidence: 0.95, verdict }
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
        ];
        for (finalist, timing, kept, native) in cases {
            assert_eq!(keep(&finalist, &timing), (kept, native), "{finalist:?} timed {timing:?}");
        }
    }
}
