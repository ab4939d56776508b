use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

/// `n` and the hidden `pick`.
type Input = (i32, i32);

pub fn spec() -> Spec<Input, i32> {
    Spec {
        info: Info {
            order: 53,
            id: 374,
            slug: "guess-number-higher-or-lower",
            title: "Guess Number Higher or Lower",
            category: "Binary Search",
            difficulty: Difficulty::Easy,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Custom {
            owner: "Solution",
            methods: &[SIGNATURE],
            items: ITEMS,
            body: "let (n, pick): (i32, i32) = r.read().unwrap();
            __MARCO_PICK.store(pick, std::sync::atomic::Ordering::Relaxed);
            let found: i32 = unsafe { Solution::guessNumber(n) };
            w.put(&found);",
        },
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ((10, 6), 6),
            ((1, 1), 1),
            ((2, 1), 1),
            ((2, 2), 2),
            ((i32::MAX, i32::MAX), i32::MAX),
            ((i32::MAX, 1), 1),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "unsafe fn guessNumber(n: i32) -> i32";

/// LeetCode's guess API, answering for the case's pick.
const ITEMS: &str = "
static __MARCO_PICK: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// -1 when `num` is higher than the pick, 1 when it is lower, 0 when equal.
#[allow(dead_code)]
unsafe fn guess(num: i32) -> i32 {
    let pick = __MARCO_PICK.load(std::sync::atomic::Ordering::Relaxed);
    if num > pick {
        -1
    } else if num < pick {
        1
    } else {
        0
    }
}
";

/// The answer must be the pick itself.
fn validate(&(_, pick): &Input, _: &i32, &actual: &i32) -> Result<(), String> {
    if actual == pick { Ok(()) } else { Err(format!("the pick is {pick}, got {actual}")) }
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let max = i32::MAX;
    let mut cases = vec![
        (max, max - 1),
        (max, 1 << 30),
        (max, (1 << 30) + 1),
        (max - 1, max - 1),
        (3, 1),
        (3, 2),
        (3, 3),
        (1 << 30, 1 << 30),
    ];
    for _ in 0..60 {
        let n = match rng.random_range(0..3) {
            0 => inputs::int(rng, 1, 20),
            1 => inputs::int(rng, 1, max),
            _ => inputs::int(rng, max - 1000, max),
        };
        let pick = match rng.random_range(0..4) {
            0 => 1,
            1 => n,
            _ => inputs::int(rng, 1, n),
        };
        cases.push((n, pick));
    }
    cases
}

/// One search takes at most 31 guesses, so the perf run repeats it: 4000
/// searches over LeetCode's largest range, `n = 2^31 - 1`, for random
/// picks and the picks at both ends.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let max = i32::MAX;
    (0..4000)
        .map(|i| match i % 8 {
            0 => (max, 1),
            1 => (max, max),
            2 => (max, max - 1),
            _ => (max, inputs::int(rng, 1, max)),
        })
        .collect()
}
