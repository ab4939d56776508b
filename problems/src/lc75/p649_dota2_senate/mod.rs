use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec};

pub fn spec() -> Spec<String, String> {
    Spec {
        info: Info {
            order: 28,
            id: 649,
            slug: "dota2-senate",
            title: "Dota2 Senate",
            category: "Queue",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("RD".into(), "Radiant".into()),
            ("RDD".into(), "Dire".into()),
            ("R".into(), "Radiant".into()),
            ("D".into(), "Dire".into()),
            ("DR".into(), "Dire".into()),
            ("DDRRR".into(), "Dire".into()),
            ("RRDDD".into(), "Radiant".into()),
            ("DRRDRDRDRDDRDRDR".into(), "Radiant".into()),
        ],
        small,
        perf,
        check: Check::Exact,
    }
}

const SIGNATURE: &str = "pub fn predict_party_victory(senate: String) -> String";

/// `n` senators, each Radiant with probability `p`.
fn senate(rng: &mut Rng, n: usize, p: f64) -> String {
    (0..n).map(|_| if inputs::chance(rng, p) { 'R' } else { 'D' }).collect()
}

fn small(rng: &mut Rng) -> Vec<String> {
    let mut cases = vec![
        "RRRR".to_string(),
        "DDDD".to_string(),
        "RDRDRDRD".to_string(),
        "DRDRDRDRD".to_string(),
        "R".repeat(10) + &"D".repeat(10),
        "D".repeat(10) + &"R".repeat(11),
        "R".to_string() + &"D".repeat(15),
        "D".repeat(15) + "R",
    ];
    for _ in 0..40 {
        let n = inputs::len(rng, 1, 40);
        let p = *inputs::pick(rng, &[0.3, 0.5, 0.6]);
        cases.push(senate(rng, n, p));
    }
    // Nearly balanced parties, where the order of turns decides.
    for _ in 0..80 {
        let half = inputs::len(rng, 1, 19);
        let extra = inputs::len(rng, 0, 2);
        let (more, fewer) = if inputs::chance(rng, 0.5) { ('R', 'D') } else { ('D', 'R') };
        let members: Vec<char> =
            std::iter::repeat_n(more, half + extra).chain(std::iter::repeat_n(fewer, half)).collect();
        cases.push(inputs::shuffled(rng, members).into_iter().collect());
    }
    cases
}

/// LeetCode's largest size, 10^4 senators: long blocks of one party (every
/// naive search for the next opponent crosses a whole block), blocks of a
/// hundred, and a random senate.
fn perf(rng: &mut Rng) -> Vec<String> {
    let n = 10_000;
    vec![
        "R".repeat(n / 2) + &"D".repeat(n / 2),
        "D".repeat(n / 2 + 1000) + &"R".repeat(n / 2 - 1000),
        ("R".repeat(100) + &"D".repeat(100)).repeat(n / 200),
        senate(rng, n, 0.5),
    ]
}
