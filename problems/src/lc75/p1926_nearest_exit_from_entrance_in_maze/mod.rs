use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

type Input = (Vec<Vec<char>>, Vec<i32>);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 47,
            id: 1926,
            slug: "nearest-exit-from-entrance-in-maze",
            title: "Nearest Exit from Entrance in Maze",
            category: "Graphs - BFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((maze(&["++.+", "...+", "+++."]), vec![1, 2]), 1),
            ((maze(&["+++", "...", "+++"]), vec![1, 0]), 2),
            ((maze(&[".+"]), vec![0, 0]), -1),
            ((maze(&["."]), vec![0, 0]), -1),
            ((maze(&[".."]), vec![0, 1]), 1),
            ((maze(&["+++", "+.+", "+++"]), vec![1, 1]), -1),
            ((maze(&["+.+", "+.+", "+++"]), vec![1, 1]), 1),
            ((maze(&["+++++", "+...+", "+...+", "+...+", "++.++"]), vec![1, 1]), 4),
            ((maze(&[".+++", "..+.", "+..+", "++.+"]), vec![0, 0]), 1),
            ((maze(&["+.++", "+.++", "+..+", "++++"]), vec![2, 2]), 3),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn nearest_exit(maze: Vec<Vec<char>>, entrance: Vec<i32>) -> i32";

fn maze(rows: &[&str]) -> Vec<Vec<char>> {
    rows.iter().map(|row| row.chars().collect()).collect()
}

/// A random `m x n` maze with walls at rate `walls` and a random empty
/// entrance (made empty if it was a wall); `on_border` puts it on the
/// border.
fn random_maze(rng: &mut Rng, m: usize, n: usize, walls: f64, on_border: bool) -> Input {
    let mut grid: Vec<Vec<char>> =
        (0..m).map(|_| (0..n).map(|_| if inputs::chance(rng, walls) { '+' } else { '.' }).collect()).collect();
    let (mut r, mut c) = (rng.random_range(0..m), rng.random_range(0..n));
    if on_border {
        match rng.random_range(0..4) {
            0 => r = 0,
            1 => r = m - 1,
            2 => c = 0,
            _ => c = n - 1,
        }
    }
    grid[r][c] = '.';
    (grid, vec![r as i32, c as i32])
}

/// An `m x n` maze walled all round except at `[1, 0]`, holding one
/// corridor that spirals inwards from there; the entrance is its inner end.
fn spiral(m: usize, n: usize) -> Input {
    let mut grid = vec![vec!['+'; n]; m];
    let (mut r, mut c) = (1i32, 0i32);
    grid[1][0] = '.';
    // Segment lengths: right n - 2, then down m - 3, left n - 3, up m - 5,
    // right n - 5, down m - 7, ... each shrinking by 2 every other turn.
    let (mut across, mut down) = (n as i32 - 2, m as i32 - 3);
    let mut dir = 0;
    loop {
        let (len, (dr, dc)) = match dir % 4 {
            0 => (across, (0, 1)),
            1 => (down, (1, 0)),
            2 => (across, (0, -1)),
            _ => (down, (-1, 0)),
        };
        if len <= 0 {
            break;
        }
        for _ in 0..len {
            r += dr;
            c += dc;
            grid[r as usize][c as usize] = '.';
        }
        if dir == 0 {
            across -= 1;
        } else if dir % 2 == 0 {
            across -= 2;
        } else {
            down -= 2;
        }
        dir += 1;
    }
    (grid, vec![r, c])
}

/// An `m x n` maze walled all round except at `[1, 0]`: a corridor that
/// runs along every other row, turning alternately at the right and left
/// ends; the entrance is its far end.
fn snake(m: usize, n: usize) -> Input {
    let mut grid = vec![vec!['+'; n]; m];
    grid[1][0] = '.';
    let mut end = (1, 1);
    let mut row = 1;
    let mut k = 0;
    while row + 1 < m {
        for cell in &mut grid[row][1..n - 1] {
            *cell = '.';
        }
        end = (row, if k % 2 == 0 { n - 2 } else { 1 });
        if row + 3 < m {
            grid[row + 1][end.1] = '.';
        }
        row += 2;
        k += 1;
    }
    (grid, vec![end.0 as i32, end.1 as i32])
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = vec![
        spiral(100, 100),
        snake(100, 100),
        spiral(7, 9),
        snake(8, 5),
        (vec![vec!['.'; 100]; 100], vec![50, 50]),
        (vec![vec!['.'; 100]; 100], vec![0, 0]),
        (vec![vec!['.'; 100]], vec![0, 99]),
        (vec![vec!['.']; 100], vec![37, 0]),
        (vec![vec!['+'; 3], vec!['.', '.', '+'], vec!['+'; 3]], vec![1, 0]),
    ];
    for _ in 0..60 {
        let (m, n) = (inputs::len(rng, 1, 8), inputs::len(rng, 1, 8));
        let walls = *inputs::pick(rng, &[0.0, 0.2, 0.4, 0.6]);
        let on_border = inputs::chance(rng, 0.4);
        cases.push(random_maze(rng, m, n, walls, on_border));
    }
    for _ in 0..5 {
        let (m, n) = (inputs::len(rng, 50, 100), inputs::len(rng, 50, 100));
        cases.push(random_maze(rng, m, n, 0.35, false));
    }
    cases
}

/// LeetCode's largest maze, 100 x 100: a spiral corridor and a snake
/// corridor (each about 5000 cells, all walked before the one exit), an
/// open grid entered at its centre, an open grid whose only empty border
/// cell is the entrance (no exit: every cell is searched), and random
/// mazes. One search costs little, so each shape appears several times.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let mut closed = vec![vec!['.'; 100]; 100];
    for (r, row) in closed.iter_mut().enumerate() {
        for (c, cell) in row.iter_mut().enumerate() {
            if r == 0 || c == 0 || r == 99 || c == 99 {
                *cell = '+';
            }
        }
    }
    closed[0][40] = '.';
    let mut cases = Vec::new();
    for _ in 0..2 {
        cases.push(spiral(100, 100));
        cases.push(snake(100, 100));
        cases.push((vec![vec!['.'; 100]; 100], vec![50, 49]));
        cases.push((closed.clone(), vec![0, 40]));
        cases.push(random_maze(rng, 100, 100, 0.3, false));
    }
    cases
}
