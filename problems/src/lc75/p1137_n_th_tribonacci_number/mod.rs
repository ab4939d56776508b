use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<i32, i32> {
    Spec {
        info: Info {
            order: 59,
            id: 1137,
            slug: "n-th-tribonacci-number",
            title: "N-th Tribonacci Number",
            category: "DP - 1D",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![(4, 4), (25, 1_389_537), (0, 0), (1, 1), (2, 1), (3, 2), (10, 149), (37, 2_082_876_103)],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn tribonacci(n: i32) -> i32";

/// Every `n` from 0 to 37, then random ones.
fn small(rng: &mut Rng) -> Vec<i32> {
    let mut cases: Vec<i32> = (0..=37).collect();
    cases.extend((0..20).map(|_| inputs::int(rng, 0, 37)));
    cases
}

/// `n` is at most 37, so one call is tiny: 5000 calls, half of them at the
/// largest `n` and the rest random.
fn perf(rng: &mut Rng) -> Vec<i32> {
    (0..5000).map(|i| if i % 2 == 0 { 37 } else { inputs::int(rng, 0, 37) }).collect()
}
