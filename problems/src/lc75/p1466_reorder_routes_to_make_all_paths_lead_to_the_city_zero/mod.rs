use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (i32, Vec<Vec<i32>>);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 45,
            id: 1466,
            slug: "reorder-routes-to-make-all-paths-lead-to-the-city-zero",
            title: "Reorder Routes to Make All Paths Lead to the City Zero",
            category: "Graphs - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((6, vec![vec![0, 1], vec![1, 3], vec![2, 3], vec![4, 0], vec![4, 5]]), 3),
            ((5, vec![vec![1, 0], vec![1, 2], vec![3, 2], vec![3, 4]]), 2),
            ((3, vec![vec![1, 0], vec![2, 0]]), 0),
            ((2, vec![vec![0, 1]]), 1),
            ((2, vec![vec![1, 0]]), 0),
            ((4, vec![vec![2, 3], vec![1, 2], vec![0, 1]]), 3),
            ((4, vec![vec![3, 2], vec![2, 1], vec![1, 0]]), 0),
            ((5, vec![vec![4, 3], vec![2, 3], vec![0, 2], vec![1, 0]]), 2),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn min_reorder(n: i32, connections: Vec<Vec<i32>>) -> i32";

/// The roads of `edges` (undirected pairs), each pointed a random way with
/// `away` the chance that it leads from its first city to its second.
fn directed(rng: &mut Rng, n: usize, edges: Vec<(usize, usize)>, away: f64) -> Input {
    let roads = edges
        .into_iter()
        .map(|(a, b)| if inputs::chance(rng, away) { vec![a as i32, b as i32] } else { vec![b as i32, a as i32] })
        .collect();
    (n as i32, roads)
}

/// A random tree on `n` cities (each city, in a random order, joined to a
/// random earlier one), as undirected pairs in a random order.
fn random_tree(rng: &mut Rng, n: usize) -> Vec<(usize, usize)> {
    let order = inputs::shuffled(rng, (0..n).collect::<Vec<_>>());
    let edges = (1..n).map(|i| (order[rng.random_range(0..i)], order[i])).collect();
    inputs::shuffled(rng, edges)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let n = 50_000;
    let path: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
    let mut cases = vec![
        directed(rng, n, path.clone(), 1.0),
        directed(rng, 2000, (0..1999).rev().map(|i| (i, i + 1)).collect(), 0.0),
        directed(rng, 2000, (0..1999).rev().map(|i| (i, i + 1)).collect(), 1.0),
        directed(rng, n, (1..n).map(|i| (0, i)).collect(), 0.5),
        directed(rng, 10, (1..10).map(|i| (i, 0)).collect(), 1.0),
        directed(rng, 10, (0..9).rev().map(|i| (i, i + 1)).collect(), 1.0),
        directed(rng, 10, (0..9).map(|i| (9 - i, 8 - i)).collect(), 0.5),
    ];
    for _ in 0..50 {
        let n = inputs::len(rng, 2, 15);
        let away = *inputs::pick(rng, &[0.0, 0.5, 1.0, 0.2, 0.8]);
        let tree = random_tree(rng, n);
        cases.push(directed(rng, n, tree, away));
    }
    for _ in 0..3 {
        let n = inputs::len(rng, 1000, 50_000);
        let tree = random_tree(rng, n);
        cases.push(directed(rng, n, tree, 0.5));
    }
    cases
}

/// LeetCode's largest tree, 5 * 10^4 cities: a random tree, a star around
/// city 0, and a random tree hung on a 600-city path from city 0 whose
/// roads are listed from the far end inwards. Scanning the road list until
/// nothing changes takes one pass per path city there; a path through all
/// 5 * 10^4 cities would take the naive scan far past its time limit.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let n = 50_000;
    let spine = 600;
    let mut deep: Vec<(usize, usize)> = (0..spine - 1).rev().map(|i| (i, i + 1)).collect();
    let rest: Vec<(usize, usize)> = (spine..n).map(|i| (rng.random_range(0..i), i)).collect();
    deep.extend(inputs::shuffled(rng, rest));
    let tree = random_tree(rng, n);
    vec![
        directed(rng, n, tree, 0.5),
        directed(rng, n, (1..n).map(|i| (0, i)).collect(), 0.5),
        directed(rng, n, deep, 0.5),
    ]
}
