use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<Vec<i32>>, i32> {
    Spec {
        info: Info {
            order: 48,
            id: 994,
            slug: "rotting-oranges",
            title: "Rotting Oranges",
            category: "Graphs - BFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![2, 1, 1], vec![1, 1, 0], vec![0, 1, 1]], 4),
            (vec![vec![2, 1, 1], vec![0, 1, 1], vec![1, 0, 1]], -1),
            (vec![vec![0, 2]], 0),
            (vec![vec![0]], 0),
            (vec![vec![1]], -1),
            (vec![vec![2]], 0),
            (vec![vec![1, 1], vec![1, 1]], -1),
            (vec![vec![2, 1, 1, 1, 1]], 4),
            (vec![vec![2, 1, 1, 1, 2]], 2),
            (vec![vec![1], vec![1], vec![2], vec![0], vec![1]], -1),
            (vec![vec![2, 2], vec![1, 1], vec![0, 0], vec![2, 0]], 1),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn oranges_rotting(grid: Vec<Vec<i32>>) -> i32";

/// An `m x n` grid: each cell empty, fresh or rotten with the given odds.
fn random_grid(rng: &mut Rng, m: usize, n: usize, empty: f64, rotten: f64) -> Vec<Vec<i32>> {
    (0..m)
        .map(|_| {
            (0..n)
                .map(|_| {
                    if inputs::chance(rng, empty) {
                        0
                    } else if inputs::chance(rng, rotten) {
                        2
                    } else {
                        1
                    }
                })
                .collect()
        })
        .collect()
}

/// Fresh oranges along every other row of an `m x n` grid, joined
/// alternately at the right and left ends into one long snake, with a
/// rotten orange at its head: the slowest spread the grid allows.
fn snake(m: usize, n: usize) -> Vec<Vec<i32>> {
    let mut grid = vec![vec![0; n]; m];
    for (row, k) in (0..m).step_by(2).zip(0..) {
        grid[row].fill(1);
        if row + 2 < m {
            grid[row + 1][if k % 2 == 0 { n - 1 } else { 0 }] = 1;
        }
    }
    grid[0][0] = 2;
    grid
}

fn small(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let mut cases = vec![
        snake(10, 10),
        snake(9, 7),
        vec![vec![1; 10]; 10],
        vec![vec![2; 10]; 10],
        vec![vec![0; 10]; 10],
        {
            let mut all = vec![vec![1; 10]; 10];
            all[9][9] = 2;
            all
        },
        {
            let mut all = vec![vec![1; 10]; 10];
            all[4][5] = 2;
            all[9][0] = 0;
            all
        },
    ];
    for _ in 0..60 {
        let (m, n) = (inputs::len(rng, 1, 10), inputs::len(rng, 1, 10));
        let empty = *inputs::pick(rng, &[0.0, 0.1, 0.3, 0.5]);
        let rotten = *inputs::pick(rng, &[0.0, 0.05, 0.2, 0.6]);
        cases.push(random_grid(rng, m, n, empty, rotten));
    }
    cases
}

/// LeetCode's largest grid is 10 x 10, so one case costs little and the
/// perf run repeats 800 grids: the snake (one rotten orange spreading
/// along about 55 fresh ones, one at a time), the full grid rotting from a
/// corner, and random grids with few rotten oranges.
fn perf(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let mut corner = vec![vec![1; 10]; 10];
    corner[0][0] = 2;
    let mut cases = Vec::new();
    for i in 0..800 {
        cases.push(match i % 4 {
            0 | 1 => snake(10, 10),
            2 => corner.clone(),
            _ => random_grid(rng, 10, 10, 0.1, 0.02),
        });
    }
    cases
}
