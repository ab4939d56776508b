use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<Vec<i32>>, i32> {
    Spec {
        info: Info {
            order: 44,
            id: 547,
            slug: "number-of-provinces",
            title: "Number of Provinces",
            category: "Graphs - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![1, 1, 0], vec![1, 1, 0], vec![0, 0, 1]], 2),
            (vec![vec![1, 0, 0], vec![0, 1, 0], vec![0, 0, 1]], 3),
            (vec![vec![1]], 1),
            (vec![vec![1, 1], vec![1, 1]], 1),
            // City 1 reaches city 0 only through city 2.
            (vec![vec![1, 0, 1], vec![0, 1, 1], vec![1, 1, 1]], 1),
            (vec![vec![1, 0, 0, 1], vec![0, 1, 1, 0], vec![0, 1, 1, 1], vec![1, 0, 1, 1]], 1),
            (vec![vec![1, 0, 0, 0], vec![0, 1, 0, 1], vec![0, 0, 1, 0], vec![0, 1, 0, 1]], 3),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn find_circle_num(is_connected: Vec<Vec<i32>>) -> i32";

fn matrix(n: usize, roads: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<i32>> {
    let mut m = vec![vec![0; n]; n];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1;
    }
    for (a, b) in roads {
        m[a][b] = 1;
        m[b][a] = 1;
    }
    m
}

/// `n` cities in about `groups` provinces (a random label each); each
/// province gets a random spanning tree, then every other pair inside a
/// province is joined with probability `density`.
fn random_provinces(rng: &mut Rng, n: usize, groups: usize, density: f64) -> Vec<Vec<i32>> {
    let label: Vec<usize> = (0..n).map(|_| rng.random_range(0..groups)).collect();
    let mut roads = Vec::new();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for city in inputs::shuffled(rng, (0..n).collect()) {
        let group = &mut members[label[city]];
        if !group.is_empty() {
            roads.push((city, group[rng.random_range(0..group.len())]));
        }
        group.push(city);
    }
    for a in 0..n {
        for b in a + 1..n {
            if label[a] == label[b] && density > 0.0 && inputs::chance(rng, density) {
                roads.push((a, b));
            }
        }
    }
    matrix(n, roads)
}

fn small(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let mut cases = vec![
        matrix(200, []),
        vec![vec![1; 200]; 200],
        matrix(200, (0..199).map(|i| (i, i + 1))),
        matrix(200, (1..200).map(|i| (0, i))),
        matrix(200, (0..199).map(|i| (199, i))),
        matrix(2, []),
        matrix(5, [(0, 4), (4, 1), (1, 3), (3, 2)]),
    ];
    for _ in 0..50 {
        let n = inputs::len(rng, 1, 15);
        let groups = inputs::len(rng, 1, n);
        let density = *inputs::pick(rng, &[0.0, 0.1, 0.5, 1.0]);
        cases.push(random_provinces(rng, n, groups, density));
    }
    for _ in 0..4 {
        let n = inputs::len(rng, 100, 200);
        let groups = *inputs::pick(rng, &[1, 3, 20, 100]);
        cases.push(random_provinces(rng, n, groups, 0.02));
    }
    cases
}

/// LeetCode's largest matrix, 200 cities: all joined (one province, the
/// worst case for a union-find without path compression, which then
/// builds one long chain), random provinces, and none joined; then, beyond
/// LeetCode's sizes so that the cost per road shows, 500 cities all joined.
fn perf(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    vec![
        vec![vec![1; 200]; 200],
        random_provinces(rng, 200, 5, 0.5),
        matrix(200, []),
        random_provinces(rng, 200, 1, 0.9),
        vec![vec![1; 500]; 500],
    ]
}
