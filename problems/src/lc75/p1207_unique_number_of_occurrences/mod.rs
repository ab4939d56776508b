use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, bool> {
    Spec {
        info: Info {
            order: 21,
            id: 1207,
            slug: "unique-number-of-occurrences",
            title: "Unique Number of Occurrences",
            category: "Hash Map / Set",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 2, 2, 1, 1, 3], true),
            (vec![1, 2], false),
            (vec![-3, 0, 1, -3, 1, 1, 1, -3, 10, 0], true),
            (vec![5], true),
            (vec![4, 4, 4, 4], true),
            (vec![1, 2, 2, 3, 3, 3, 1], false),
            (vec![-1000, 1000, 1000], true),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn unique_occurrences(arr: Vec<i32>) -> bool";

/// Distinct values, value `i` (in the order drawn) repeated `counts[i]`
/// times, all shuffled.
fn with_counts(rng: &mut Rng, counts: &[usize]) -> Vec<i32> {
    let values = inputs::shuffled(rng, (-1000..=1000).collect::<Vec<i32>>());
    let arr = counts.iter().zip(values).flat_map(|(&c, v)| std::iter::repeat_n(v, c)).collect();
    inputs::shuffled(rng, arr)
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![0],
        vec![-1000, 1000],
        vec![7; 1000],
        (-500..500).collect(),
        (1..=44).flat_map(|v| std::iter::repeat_n(v, v as usize)).collect(),
    ];
    for _ in 0..20 {
        // Distinct counts: true.
        let d = inputs::len(rng, 1, 8);
        let counts = inputs::shuffled(rng, (1..=d).collect());
        cases.push(with_counts(rng, &counts));
    }
    for _ in 0..20 {
        // Mostly distinct counts, with one repeat somewhere: false.
        let d = inputs::len(rng, 2, 8);
        let mut counts: Vec<usize> = (1..=d).collect();
        let (i, j) = (inputs::len(rng, 0, d - 1), inputs::len(rng, 0, d - 2));
        let j = if j >= i { j + 1 } else { j };
        counts[j] = counts[i];
        let counts = inputs::shuffled(rng, counts);
        cases.push(with_counts(rng, &counts));
    }
    for _ in 0..10 {
        let n = inputs::len(rng, 1, 30);
        cases.push(inputs::ints(rng, n, -3, 3));
    }
    cases
}

/// LeetCode caps the array at 1000 values, too few to measure; the perf
/// arrays hold about 2 * 10^4 (values stay within -1000..=1000): every count
/// different (in blocks, and shuffled) so that every value is checked, and
/// one clash.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    // 1 + 2 + ... + 199 = 19_900: every count differs.
    let distinct: Vec<usize> = (1..=199).collect();
    let blocks: Vec<i32> = (1..=199).flat_map(|v| std::iter::repeat_n(v - 100, v as usize)).collect();
    let mut clash = distinct.clone();
    clash[0] = 199;
    vec![blocks, with_counts(rng, &distinct), with_counts(rng, &clash), inputs::ints(rng, 20_000, -1000, 1000)]
}
