use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<Vec<Vec<i32>>, bool> {
    Spec {
        info: Info {
            order: 43,
            id: 841,
            slug: "keys-and-rooms",
            title: "Keys and Rooms",
            category: "Graphs - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            (vec![vec![1], vec![2], vec![3], vec![]], true),
            (vec![vec![1, 3], vec![3, 0, 1], vec![2], vec![0]], false),
            (vec![vec![1], vec![]], true),
            (vec![vec![], vec![0]], false),
            (vec![vec![0], vec![1]], false),
            (vec![vec![1], vec![0], vec![]], false),
            (vec![vec![2], vec![], vec![1]], true),
            (vec![vec![1, 2, 3], vec![], vec![], vec![]], true),
            (vec![vec![1], vec![0, 1], vec![3], vec![2]], false),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn can_visit_all_rooms(rooms: Vec<Vec<i32>>) -> bool";

/// `n` rooms: when `connected`, a random spanning tree from room 0 first
/// (every room can be entered), then `extra` random keys (some opening
/// room 0 or the room they lie in); each room's keys distinct and shuffled.
fn random_rooms(rng: &mut Rng, n: usize, extra: usize, connected: bool) -> Vec<Vec<i32>> {
    let mut rooms = vec![Vec::new(); n];
    if connected {
        let order = inputs::shuffled(rng, (1..n).collect::<Vec<_>>());
        for (i, &room) in order.iter().enumerate() {
            let holder = if i == 0 || inputs::chance(rng, 0.2) { 0 } else { order[rng.random_range(0..i)] };
            rooms[holder].push(room as i32);
        }
    }
    let mut has: Vec<std::collections::HashSet<i32>> =
        rooms.iter().map(|keys| keys.iter().copied().collect()).collect();
    for _ in 0..extra {
        let (room, key) = (rng.random_range(0..n), rng.random_range(0..n) as i32);
        if has[room].insert(key) {
            rooms[room].push(key);
        }
    }
    if rooms.iter().all(|keys| keys.is_empty()) {
        rooms[n - 1].push(0);
    }
    rooms.into_iter().map(|keys| inputs::shuffled(rng, keys)).collect()
}

fn small(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let n: i32 = 1000;
    let mut cases = vec![
        // Room i holds the key to room i + 1: a chain through every room.
        (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![] }).collect(),
        // Room i holds the key to room i - 1: stuck in room 0.
        (0..n).map(|i| if i > 0 { vec![i - 1] } else { vec![] }).collect(),
        // Room 0 holds every key.
        (0..n).map(|i| if i == 0 { (0..n).collect() } else { vec![] }).collect(),
        // Every room holds only its own key and the key to room 0.
        (0..5).map(|i| if i == 0 { vec![0] } else { vec![i, 0] }).collect(),
        vec![vec![1], vec![0]],
        vec![vec![0, 1], vec![1]],
        vec![vec![], vec![1], vec![2]],
    ];
    for _ in 0..50 {
        let n = inputs::len(rng, 2, 12);
        let extra = inputs::len(rng, 0, 2 * n);
        let connected = inputs::chance(rng, 0.5);
        cases.push(random_rooms(rng, n, extra, connected));
    }
    for _ in 0..4 {
        let n = inputs::len(rng, 500, 1000);
        let connected = inputs::chance(rng, 0.5);
        cases.push(random_rooms(rng, n, 3000 - (n - 1), connected));
    }
    cases
}

/// LeetCode's largest rooms (1000 rooms, 3000 keys) as a random tree with
/// extra keys and as a chain; then, beyond LeetCode's sizes so that the cost
/// per room shows, 10^4 rooms as a chain (room i holds the key to room
/// i + 1, the deepest search) and as a random tree with 3 * 10^4 keys.
fn perf(rng: &mut Rng) -> Vec<Vec<Vec<i32>>> {
    let chain =
        |n: usize| -> Vec<Vec<i32>> { (0..n).map(|i| if i + 1 < n { vec![i as i32 + 1] } else { vec![] }).collect() };
    vec![random_rooms(rng, 1000, 2001, true), chain(1000), chain(10_000), random_rooms(rng, 10_000, 20_001, true)]
}
