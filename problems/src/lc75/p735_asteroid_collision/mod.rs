use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<i32>, Vec<i32>> {
    Spec {
        info: Info {
            order: 25,
            id: 735,
            slug: "asteroid-collision",
            title: "Asteroid Collision",
            category: "Stack",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![5, 10, -5], vec![5, 10]),
            (vec![8, -8], vec![]),
            (vec![10, 2, -5], vec![10]),
            (vec![-2, -1, 1, 2], vec![-2, -1, 1, 2]),
            (vec![1, -2, -2, -2], vec![-2, -2, -2]),
            (vec![3, 3, -3], vec![3]),
            (vec![1, 2, 3, -6, 4], vec![-6, 4]),
            (vec![-1000, 1000], vec![-1000, 1000]),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn asteroid_collision(asteroids: Vec<i32>) -> Vec<i32>";

/// `n` asteroids with sizes in `1..=max`, each moving right with
/// probability `p`.
fn row(rng: &mut Rng, n: usize, max: i32, p: f64) -> Vec<i32> {
    (0..n).map(|_| if inputs::chance(rng, p) { 1 } else { -1 } * inputs::int(rng, 1, max)).collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<i32>> {
    let mut cases = vec![
        vec![1, -1],
        vec![-1, 1],
        vec![1000, -1000],
        vec![1, 1],
        vec![-5, -5, -5],
        vec![4; 20].into_iter().chain(vec![-4; 20]).collect(),
        (1..=20).chain((1..=20).map(|x| -x)).collect(),
        (1..=20).rev().chain((1..=20).map(|x| -x)).collect(),
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 2, 30);
        let max = *inputs::pick(rng, &[2, 5, 1000]);
        let p = *inputs::pick(rng, &[0.3, 0.5, 0.7]);
        cases.push(row(rng, n, max, p));
    }
    cases
}

/// LeetCode's largest size, 10^4 asteroids: shapes where the collisions
/// happen one by one far from the start, the naive rescan's worst case.
fn perf(rng: &mut Rng) -> Vec<Vec<i32>> {
    let half = 5_000;
    let big_right = std::iter::repeat_n(1000, half).chain(std::iter::repeat_n(-1, half));
    let big_left = std::iter::repeat_n(1, half).chain(std::iter::repeat_n(-1000, half));
    let mut mixed = row(rng, half, 1000, 0.9);
    mixed.extend(row(rng, half, 1000, 0.1));
    vec![big_right.collect(), big_left.collect(), mixed, row(rng, 2 * half, 1000, 0.5)]
}
