use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

pub fn spec() -> Spec<String, Vec<String>> {
    Spec {
        info: Info {
            order: 57,
            id: 17,
            slug: "letter-combinations-of-a-phone-number",
            title: "Letter Combinations of a Phone Number",
            category: "Backtracking",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            ("23".into(), words(&["ad", "ae", "af", "bd", "be", "bf", "cd", "ce", "cf"])),
            ("".into(), vec![]),
            ("2".into(), words(&["a", "b", "c"])),
            ("9".into(), words(&["w", "x", "y", "z"])),
            (
                "77".into(),
                words(&[
                    "pp", "pq", "pr", "ps", "qp", "qq", "qr", "qs", "rp", "rq", "rr", "rs", "sp", "sq", "sr", "ss",
                ]),
            ),
            ("27".into(), words(&["ap", "aq", "ar", "as", "bp", "bq", "br", "bs", "cp", "cq", "cr", "cs"])),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str = "pub fn letter_combinations(digits: String) -> Vec<String>";

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

/// The order is free: compare the lists sorted (duplicates still count).
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(_: &String, expected: &Vec<String>, actual: &Vec<String>) -> Result<(), String> {
    let (mut want, mut got) = (expected.clone(), actual.clone());
    want.sort_unstable();
    got.sort_unstable();
    if want == got {
        return Ok(());
    }
    if want.len() != got.len() {
        return Err(format!("expected {} strings, got {}: {}", want.len(), got.len(), excerpt(actual)));
    }
    let (w, g) = want.iter().zip(&got).find(|(w, g)| w != g).expect("the lists differ");
    Err(format!("sorted, the lists first differ at expected {w:?}, got {g:?} (all: {})", excerpt(actual)))
}

fn small(rng: &mut Rng) -> Vec<String> {
    let mut cases: Vec<String> = ["7979", "2222", "9", "5", "234", "8765"].iter().map(|s| s.to_string()).collect();
    for _ in 0..40 {
        let n = inputs::len(rng, 0, 4);
        cases.push(inputs::string(rng, n, b"23456789"));
    }
    cases
}

/// At most 4 digits (256 strings), so one case costs little: the perf run
/// asks for every one of the 4096 strings of 4 digits.
fn perf(_: &mut Rng) -> Vec<String> {
    (0..4096u32).map(|i| (0..4).map(|d| char::from(b'2' + ((i >> (3 * d)) & 7) as u8)).collect()).collect()
}
