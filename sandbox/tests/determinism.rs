//! Fuel is the deterministic work metric: same candidate, same input, same fuel.

mod common;

use common::{limits, sandbox};
use sandbox::{Program, Status, Target};

/// Uses a `HashMap` (randomly seeded on a normal host) so that iteration
/// order, and with it the work done, would vary if randomness were real.
const SOURCE: &str = r#"
    use std::collections::HashMap;
    use std::io::Read;
    fn main() {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input).unwrap();
        let n: u64 = input.trim().parse().unwrap();
        let mut counts: HashMap<String, u64> = HashMap::new();
        for i in 0..n {
            *counts.entry(format!("k{}", i * 7919 % 1000)).or_default() += i;
        }
        let mut checksum = 0u64;
        for (position, (key, value)) in counts.iter().enumerate() {
            checksum = checksum.wrapping_mul(31).wrapping_add(position as u64 ^ value ^ key.len() as u64);
            if checksum % 3 == 0 { checksum = checksum.rotate_left(5); }
        }
        println!("{checksum}");
    }
"#;

#[test]
fn same_candidate_and_input_give_the_same_fuel_every_run() {
    let program = Program::new(SOURCE);
    let first = sandbox();
    let artifact = first.sandbox.build(&program, Target::Wasm).unwrap();
    let reference = first.sandbox.run(&artifact, b"20000", &limits()).unwrap();
    assert_eq!(reference.status, Status::Ok, "{reference:?}");
    for _ in 0..3 {
        let again = first.sandbox.run(&artifact, b"20000", &limits()).unwrap();
        assert_eq!(again.fuel, reference.fuel);
        assert_eq!(again.stdout, reference.stdout);
    }
    // A fresh sandbox (new engine, new cache, rebuilt module) agrees too.
    let second = sandbox();
    let rebuilt = second.sandbox.evaluate(&program, Target::Wasm, b"20000", &limits()).unwrap();
    assert_eq!(rebuilt.fuel, reference.fuel);
    assert_eq!(rebuilt.stdout, reference.stdout);
    // And more input means more work.
    let bigger = first.sandbox.run(&artifact, b"40000", &limits()).unwrap();
    assert!(bigger.fuel > reference.fuel);
}

#[test]
fn a_cached_build_is_reused() {
    let sb = sandbox();
    let program = Program::new("fn main() { println!(\"cached\"); }");
    let first = sb.sandbox.build(&program, Target::Wasm).unwrap();
    let modified = std::fs::metadata(&first.path).unwrap().modified().unwrap();
    let second = sb.sandbox.build(&program, Target::Wasm).unwrap();
    assert_eq!(first, second);
    assert_eq!(std::fs::metadata(&second.path).unwrap().modified().unwrap(), modified);
    // A different harness is a different program.
    let harnessed = sb.sandbox.build(&program.clone().with_harness("// harness"), Target::Wasm).unwrap();
    assert_ne!(harnessed.key, first.key);
}

#[test]
fn a_much_slower_program_is_judged_slower() {
    let sb = sandbox();
    let fast = sb
        .sandbox
        .build(
            &Program::new(
                r#"
        fn main() { let mut s = 0u64; for i in 0..2_000_000u64 { s = std::hint::black_box(s + i); } println!("{s}"); }
    "#,
            ),
            Target::Native,
        )
        .unwrap();
    let slow = sb.sandbox.build(&Program::new(r#"
        fn main() { let mut s = 0u64; for i in 0..60_000_000u64 { s = std::hint::black_box(s + i); } println!("{}", s % 7); }
    "#), Target::Native).unwrap();
    let c = sb.sandbox.compare(&fast, &slow, b"", &limits(), 7).unwrap();
    assert_eq!(c.verdict, sandbox::Verdict::Slower, "{c:?}");
    assert!(c.ratio > 2.0, "{c:?}");
}
