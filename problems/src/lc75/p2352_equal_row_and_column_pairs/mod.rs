use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<Vec<i32>>, i32> {
    Spec {
        info: Info {
            order: 23,
            id: 2352,
            slug: "equal-row-and-column-pairs",
            title: "Equal Row and Column Pairs",
            category: "Hash Map / Set",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![3, 2, 1], vec![1, 7, 6], vec![2, 7, 7]], 1),
            (vec![vec![3, 1, 2, 2], vec![1, 4, 4, 5], vec![2, 4, 2, 2], vec![2, 4, 2, 2]], 3),
            (vec![vec![5]], 1),
            (vec![vec![1, 1], vec![1, 1]], 4),
            (vec![vec![1, 2], vec![3, 4]], 0),
            (vec![vec![1, 2], vec![2, 1]], 2),
            (vec![vec![1, 2], vec![1, 2]], 0),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn equal_pairs(grid: Vec<Vec<i32>>) -> i32";

fn random_grid(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<Vec<i32>> {
    (0..n).map(|_| inputs::ints(rng, n, lo, hi)).collect()
}

/// A symmetric grid: row `i` equals column `i`.
fn symmetric(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<Vec<i32>> {
    let upper = random_grid(rng, n, lo, hi);
    (0..n).map(|i| (0..n).map(|j| upper[i.min(j)][i.max(j)]).collect()).collect()
}

/// A random grid in which the rows `rows` and the columns `cols` all equal
/// one vector `v` (constant on those indices, so that they agree where they
/// cross): at least `|rows| * |cols|` pairs, with repeated rows.
fn planted(rng: &mut Rng, n: usize, hi: i32) -> Vec<Vec<i32>> {
    let mut grid = random_grid(rng, n, 1, hi);
    let mut v = inputs::ints(rng, n, 1, hi);
    let x = inputs::int(rng, 1, hi);
    let rows: Vec<usize> = (0..n).filter(|_| inputs::chance(rng, 0.4)).collect();
    let cols: Vec<usize> = (0..n).filter(|_| inputs::chance(rng, 0.4)).collect();
    for &i in rows.iter().chain(&cols) {
        v[i] = x;
    }
    for &r in &rows {
        grid[r] = v.clone();
    }
    for &c in &cols {
        for (r, row) in grid.iter_mut().enumerate() {
            row[c] = v[r];
        }
    }
    grid
}

fn small(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let mut cases = vec![
        vec![vec![100_000]],
        vec![vec![1; 10]; 10],
        vec![vec![100_000; 7]; 7],
        (0..6).map(|i| (1..=6).map(|j| i * 6 + j).collect()).collect(),
        (0..6).map(|i| (1..=6).map(|j| i + j).collect()).collect(),
    ];
    for _ in 0..15 {
        let n = inputs::len(rng, 1, 5);
        cases.push(random_grid(rng, n, 1, 2));
    }
    for _ in 0..10 {
        let n = inputs::len(rng, 1, 12);
        let hi = *inputs::pick(rng, &[3, 100_000]);
        cases.push(symmetric(rng, n, 1, hi));
    }
    for _ in 0..15 {
        let n = inputs::len(rng, 1, 12);
        let hi = *inputs::pick(rng, &[2, 5, 100_000]);
        cases.push(planted(rng, n, hi));
    }
    cases
}

/// LeetCode's largest grid, 200 x 200, in shapes where every row matches
/// every column, or its own column, or several, and a random one.
fn perf(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    vec![
        vec![vec![100_000; 200]; 200],
        symmetric(rng, 200, 1, 100_000),
        planted(rng, 200, 2),
        random_grid(rng, 200, 1, 2),
    ]
}
