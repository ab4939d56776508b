//! The crates candidates may use: built, linked and run; any other crate
//! refused with the list.

mod common;

use std::time::Instant;

use sandbox::{ALLOWED_CRATES, BuildError, Outcome, Program, Status, Target};

const RAYON_SUM: &str = r#"
use rayon::prelude::*;
fn main() {
    let sum: u64 = (1..=1000u64).into_par_iter().sum();
    println!("{sum} on {} thread(s)", rayon::current_num_threads());
}
"#;

/// Builds `source` and runs it in WebAssembly with no input.
fn run_wasm(source: &str) -> Outcome {
    common::eval(source, Target::Wasm)
}

#[test]
fn rayon_runs_in_webassembly_on_one_thread() {
    // wasm32-wasip1 has no threads: rayon's pool falls back to the calling
    // thread instead of failing.
    let outcome = run_wasm(RAYON_SUM);
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "500500 on 1 thread(s)\n");
}

#[test]
fn each_allowed_crate_links_and_runs_in_webassembly() {
    for (source, expected) in [
        (
            "use rustc_hash::FxHashMap;
             fn main() {
                 let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
                 for x in [3, 1, 3, 2, 3] { *counts.entry(x).or_default() += 1; }
                 println!(\"{}\", counts[&3]);
             }",
            "3\n",
        ),
        (
            "use smallvec::{smallvec, SmallVec};
             fn main() {
                 let mut v: SmallVec<[u8; 4]> = smallvec![1, 2];
                 v.push(3);
                 println!(\"{} {}\", v.len(), v.spilled());
             }",
            "3 false\n",
        ),
        ("fn main() { println!(\"{:?}\", memchr::memchr(b'z', b\"fizzbuzz\")); }", "Some(2)\n"),
        (
            "fn main() {
                 let words: [u32; 2] = [0x0403_0201, 0x0807_0605];
                 let bytes: &[u8] = bytemuck::cast_slice(&words);
                 println!(\"{:?}\", bytes);
             }",
            "[1, 2, 3, 4, 5, 6, 7, 8]\n",
        ),
    ] {
        let outcome = run_wasm(source);
        assert_eq!(outcome.status, Status::Ok, "{source}\n{outcome:?}");
        assert_eq!(outcome.stdout, expected, "{source}");
    }
}

#[test]
fn a_rayon_program_runs_natively_in_the_sandbox_on_the_cores_it_is_given() {
    let test = common::sandbox();
    let outcome =
        test.sandbox.evaluate(&Program::new(RAYON_SUM), Target::Native, b"", &common::limits()).expect("runs");
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "500500 on 2 thread(s)\n", "rayon's pool fits the two cores it was given");

    // One core forbids threads, rayon's workers included.
    let one = sandbox::Limits { threads: 1, ..common::limits() };
    let outcome = test.sandbox.evaluate(&Program::new(RAYON_SUM), Target::Native, b"", &one).expect("runs");
    assert_eq!(outcome.status, Status::Panic, "{outcome:?}");

    // The test harness links the crates as well, and runs under the same
    // confinement.
    let tests = Program::new(
        "#[test] fn sums_in_parallel() { use rayon::prelude::*; assert_eq!((1..=10u64).into_par_iter().sum::<u64>(), 55); }",
    )
    .tests();
    let outcome = test.sandbox.evaluate(&tests, Target::Native, b"", &common::limits()).expect("runs");
    assert!(outcome.is_ok() && outcome.stdout.contains("1 passed"), "{outcome:?}");
}

#[test]
fn other_crates_are_refused_with_the_list() {
    for source in ["extern crate regex;\nfn main() {}", "use regex::Regex;\nfn main() {}"] {
        let outcome = run_wasm(source);
        assert_eq!(outcome.status, Status::Rejected, "{outcome:?}");
        let message = outcome.message.unwrap_or_default();
        assert!(message.contains("crate `regex` is not available: candidates may use std and only these crates"));
        for c in ALLOWED_CRATES {
            assert!(message.contains(&format!("{} {} (", c.crate_name(), c.version)), "{message}");
        }
    }
}

#[test]
fn a_type_error_involving_a_crate_is_shown_not_withheld() {
    // The crates' sources are remapped, so an error that points into rayon
    // names no host path and reaches the generator whole.
    let source = "use rayon::prelude::*;
        struct X;
        fn main() { let v = vec![X]; let s: u64 = v.par_iter().map(|x| x).sum(); println!(\"{s}\"); }";
    let test = common::sandbox();
    let Err(BuildError::Compile(diags)) = test.sandbox.build(&Program::new(source), Target::Wasm) else {
        panic!("it built");
    };
    let error = diags.iter().find(|d| d.level == "error").expect("an error");
    assert!(!error.message.contains("withheld"), "{error:?}");
    let rendered = error.rendered.as_deref().unwrap_or_default();
    assert!(rendered.contains("/marco-crates/rayon-1.12.0/"), "{rendered}");
    assert!(!rendered.contains(".cargo/registry"), "{rendered}");
}

#[test]
fn a_second_build_of_the_same_program_is_a_cache_hit() {
    let test = common::sandbox();
    let program = Program::new(RAYON_SUM);
    let started = Instant::now();
    let first = test.sandbox.build(&program, Target::Native).expect("builds");
    let cold = started.elapsed();
    let started = Instant::now();
    let second = test.sandbox.build(&program, Target::Native).expect("builds");
    let cached = started.elapsed();
    eprintln!("rayon candidate, native: cold {cold:?}, cached {cached:?}");
    assert_eq!(first, second);
    assert!(cached.as_millis() < 50, "a cached build took {cached:?}");
}
