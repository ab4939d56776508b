use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<(i32, i32), i32> {
    Spec {
        info: Info {
            order: 63,
            id: 62,
            slug: "unique-paths",
            title: "Unique Paths",
            category: "DP - Multidimensional",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((3, 7), 28),
            ((3, 2), 3),
            ((1, 1), 1),
            ((1, 100), 1),
            ((100, 1), 1),
            ((100, 2), 100),
            ((10, 10), 48_620),
            ((17, 17), 601_080_390),
            ((18, 17), 1_166_803_110),
            ((100, 7), 1_609_344_100),
            ((7, 100), 1_609_344_100),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn unique_paths(m: i32, n: i32) -> i32";

/// LeetCode's promise: the answer is at most 2 * 10^9.
const MAX_ANSWER: u64 = 2_000_000_000;

/// The number of routes, or `None` when it passes `MAX_ANSWER`.
fn routes(m: i32, n: i32) -> Option<u64> {
    let (k, top) = ((m.min(n) - 1) as u64, (m.max(n) - 1) as u64);
    let mut paths = 1u64;
    for i in 1..=k {
        paths = paths * (top + i) / i;
        if paths > MAX_ANSWER {
            return None;
        }
    }
    Some(paths)
}

/// The widest grid with `m` rows whose answer is allowed.
fn widest(m: i32) -> i32 {
    (1..=100).rev().find(|&n| routes(m, n).is_some()).unwrap()
}

/// Every allowed grid.
fn allowed() -> Vec<(i32, i32)> {
    (1..=100).flat_map(|m| (1..=widest(m)).map(move |n| (m, n))).collect()
}

fn small(rng: &mut Rng) -> Vec<(i32, i32)> {
    let mut cases = vec![(1, 2), (2, 1), (2, 2), (16, 18), (18, 16), (34, 5), (5, 34), (100, 100 / 15)];
    for _ in 0..40 {
        let m = inputs::int(rng, 1, 100);
        let widest = widest(m);
        // Mostly the widest grids, whose answers come close to the limit.
        let n = if inputs::chance(rng, 0.5) { widest } else { inputs::int(rng, 1, widest) };
        cases.push(if inputs::chance(rng, 0.5) { (m, n) } else { (n, m) });
    }
    cases
}

/// One grid is tiny (the answer's limit keeps it under about 700 cells):
/// every allowed grid, twice, in random order.
fn perf(rng: &mut Rng) -> Vec<(i32, i32)> {
    let mut grids = allowed();
    grids.extend(allowed());
    inputs::shuffled(rng, grids)
}
