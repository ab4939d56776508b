use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<i32>, i32, i32);

pub fn spec() -> Spec<Input, i64> {
    Spec {
        info: Info {
            order: 52,
            id: 2462,
            slug: "total-cost-to-hire-k-workers",
            title: "Total Cost to Hire K Workers",
            category: "Heap / Priority Queue",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((vec![17, 12, 10, 2, 7, 2, 11, 20, 8], 3, 4), 11),
            ((vec![1, 2, 4, 1], 3, 3), 4),
            ((vec![5], 1, 1), 5),
            ((vec![3, 1, 2], 3, 1), 6),
            // Only the ends are visible: the cheap middle worker waits.
            ((vec![5, 9, 1, 9, 5], 2, 1), 10),
            ((vec![5, 9, 1, 9, 5], 3, 1), 19),
            ((vec![2, 2, 2, 2], 2, 3), 4),
            ((vec![100_000; 4], 4, 4), 400_000),
            ((vec![4, 1, 3, 1, 4], 2, 2), 2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn total_cost(costs: Vec<i32>, k: i32, candidates: i32) -> i64";

fn small(rng: &mut Rng) -> Vec<Input> {
    let big = 100_000;
    let mut cases = vec![
        (vec![100_000; big], big as i32, 1),
        ((1..=big as i32).collect(), 1000, big as i32),
        ((1..=30).rev().collect(), 30, 1),
        ((1..=30).collect(), 15, 2),
        (vec![7; 30], 20, 4),
    ];
    for _ in 0..70 {
        let n = inputs::len(rng, 1, 15);
        let k = inputs::len(rng, 1, n) as i32;
        let candidates = inputs::len(rng, 1, n) as i32;
        let hi = *inputs::pick(rng, &[3, 10, 100_000]);
        cases.push((inputs::ints(rng, n, 1, hi), k, candidates));
    }
    cases
}

/// LeetCode's largest array, 10^5 workers: random costs with windows of
/// 1500 and 300 workers, costs all equal (ties decided by index), costs
/// rising towards the middle (every hire from the ends) with small
/// windows, and windows that cover everyone. A naive scan of both windows
/// costs `2 * k * candidates` per run; `k` and `candidates` both near
/// 5 * 10^4 would take it far past its time limit, so their product stays
/// below 10^7.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 100_000;
    let valley: Vec<i32> = (0..n as i32).map(|i| 1 + i.min(n as i32 - 1 - i)).collect();
    let peak: Vec<i32> = valley.iter().map(|&v| 100_001 - v).collect();
    vec![
        (inputs::ints(rng, n, 1, 100_000), 3000, 1500),
        (inputs::ints(rng, n, 1, 100_000), 15_000, 300),
        (vec![42; n], 3000, 1500),
        (valley, 100_000, 20),
        (peak, 1500, 1500),
        (inputs::ints(rng, n, 1, 100), 100, 50_000),
    ]
}
