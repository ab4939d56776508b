use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 27,
            id: 933,
            slug: "number-of-recent-calls",
            title: "Number of Recent Calls",
            category: "Queue",
            difficulty: Difficulty::Easy,
            signature: "struct RecentCounter; fn new() -> Self; fn ping(&self, t: i32) -> i32",
            statement: include_str!("statement.md"),
        },
        api: Api::Custom {
            owner: "RecentCounter",
            methods: &["fn new() -> Self", "fn ping(&mut self, t: i32) -> i32"],
            items: "",
            body: "let times: Vec<i32> = r.read().unwrap();
            let mut counter = RecentCounter::new();
            let answers: Vec<i32> = times.iter().map(|&t| counter.ping(t)).collect();
            w.put(&answers);",
        },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![1, 100, 3001, 3002], vec![1, 2, 3, 3]),
            (vec![1], vec![1]),
            (vec![1_000_000_000], vec![1]),
            (vec![1, 3001, 3002, 6002, 6003], vec![1, 2, 2, 2, 2]),
            (vec![1, 2, 3, 4], vec![1, 2, 3, 4]),
            (vec![10, 5000, 10_000], vec![1, 1, 1]),
            (vec![999_996_999, 999_999_999, 1_000_000_000], vec![1, 2, 2]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

/// `n` strictly increasing times from `start`, each step drawn from `steps`.
fn times(rng: &mut Rng, n: usize, start: i32, steps: &[i32]) -> Vec<i32> {
    let mut t = start;
    (0..n)
        .map(|i| {
            if i > 0 {
                t += *inputs::pick(rng, steps);
            }
            t
        })
        .collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        (1..=50).collect(),
        (0..30).map(|i| 1 + 3000 * i).collect(),
        (0..30).map(|i| 1 + 3001 * i).collect(),
        (0..30).map(|i| 1 + 2999 * i).collect(),
        (0..50).map(|i| 999_999_951 + i).collect(),
    ];
    let step_sets: [&[i32]; 4] = [&[1, 1000, 2999, 3000, 3001], &[1, 2, 3], &[1500, 3000], &[1, 10_000_000]];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let start = inputs::int(rng, 1, 5000);
        let steps = *inputs::pick(rng, &step_sets);
        cases.push(times(rng, n, start, steps));
    }
    cases
}

/// LeetCode's largest case, 10^4 pings: one every millisecond (3001 in the
/// window), 1 to 60 ms apart, and more than 3000 ms apart (one in the
/// window). The naive counter scans its whole history on every ping.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let n = 10_000;
    vec![(1..=n as i32).collect(), times(rng, n, 1, &[1, 30, 60]), times(rng, n, 1, &[3001, 50_000])]
}
