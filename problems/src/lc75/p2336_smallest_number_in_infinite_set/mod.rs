use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 50,
            id: 2336,
            slug: "smallest-number-in-infinite-set",
            title: "Smallest Number in Infinite Set",
            category: "Heap / Priority Queue",
            difficulty: Difficulty::Medium,
            signature: "struct SmallestInfiniteSet; fn new() -> Self; fn pop_smallest(&self) -> i32; fn add_back(&self, num: i32)",
            statement: include_str!("statement.md"),
        },
        api: Api::Custom {
            owner: "SmallestInfiniteSet",
            methods: &["fn new() -> Self", "fn pop_smallest(&mut self) -> i32", "fn add_back(&mut self, num: i32)"],
            items: "",
            body: "let calls: Vec<i32> = r.read().unwrap();
            let mut set = SmallestInfiniteSet::new();
            let mut popped: Vec<i32> = Vec::new();
            for &call in &calls {
                if call == 0 {
                    popped.push(set.pop_smallest());
                } else {
                    set.add_back(call);
                }
            }
            w.put(&popped);",
        },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![2, 0, 0, 0, 1, 0, 0, 0], vec![1, 2, 3, 1, 4, 5]),
            (vec![0], vec![1]),
            (vec![5], vec![]),
            (vec![0, 0, 1, 1, 0, 0], vec![1, 2, 1, 3]),
            (vec![0, 0, 0, 2, 1, 2, 0, 0, 0], vec![1, 2, 3, 1, 2, 4]),
            (vec![0, 0, 0, 3, 0, 3, 0, 0], vec![1, 2, 3, 3, 3, 4]),
            (vec![1000, 0, 0], vec![1, 2]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

/// `n` random calls: a pop with chance `pops`, else adding back a number
/// from `1..=hi`.
fn calls(rng: &mut Rng, n: usize, pops: f64, hi: i32) -> Vec<i32> {
    (0..n).map(|_| if inputs::chance(rng, pops) { 0 } else { inputs::int(rng, 1, hi) }).collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![0; 1000],
        (0..500).flat_map(|i| [0, (i % 3) + 1]).collect(),
        [vec![0; 500], (1..=500).rev().collect()].concat(),
        [vec![0; 10], vec![4, 4, 4, 0, 0, 0]].concat(),
        [vec![0; 600], vec![1000; 10], vec![0; 390]].concat(),
    ];
    for _ in 0..60 {
        let n = inputs::len(rng, 1, 40);
        let pops = *inputs::pick(rng, &[0.3, 0.5, 0.7, 0.9]);
        let hi = *inputs::pick(rng, &[3, 10, 30, 1000]);
        cases.push(calls(rng, n, pops, hi));
    }
    cases
}

/// LeetCode's largest case is 1000 calls on one set; the perf run makes
/// 40 of them: 1000 pops in a row (each pop searches past every number
/// popped before in the naive set), 700 pops then numbers added back and
/// popped again, and random mixes.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = Vec::new();
    for i in 0..40 {
        cases.push(match i % 4 {
            0 => vec![0; 1000],
            1 => [vec![0; 700], calls(rng, 300, 0.5, 700)].concat(),
            2 => calls(rng, 1000, 0.8, 1000),
            _ => calls(rng, 1000, 0.6, 200),
        });
    }
    cases
}
