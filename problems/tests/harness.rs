//! The harness: signature checks, support types, in-place results, stray
//! output, design problems, and the wire format.

mod common;

use problems::harness::{self, SignatureError};
use problems::{DEFAULT_SEED, Evaluator, Reader, Scale, Tree, TreeNode, Wire, Writer};

fn merge() -> &'static dyn problems::Problem {
    problems::find("1768").unwrap()
}

#[test]
fn a_different_signature_is_rejected_with_the_expected_one() {
    let wrong = "impl Solution { pub fn merge_alternately(a: &str, b: String) -> String { b } }";
    let error = harness::program(merge(), wrong).unwrap_err();
    assert!(matches!(error, SignatureError::Mismatch { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("pub fn merge_alternately(word1: String, word2: String) -> String"), "{message}");
    assert!(message.contains("fn merge_alternately(a: &str, b: String) -> String"), "{message}");
}

#[test]
fn a_missing_method_is_named() {
    let error = harness::program(merge(), "impl Solution { pub fn merge(a: String) -> String { a } }").unwrap_err();
    assert!(matches!(error, SignatureError::Missing { .. }), "{error:?}");
    assert!(error.to_string().contains("impl Solution"), "{error}");
}

#[test]
fn a_main_function_is_refused() {
    let source = format!("{}\nfn main() {{}}\n", merge().reference());
    assert_eq!(harness::program(merge(), &source).unwrap_err(), SignatureError::HasMain);
}

#[test]
fn parameter_names_and_mut_bindings_are_free() {
    let source = "impl Solution { pub fn merge_alternately(mut x: String, y: String) -> String { x.push_str(&y); x } }";
    assert!(harness::program(merge(), source).is_ok());
}

#[test]
fn own_support_types_imports_and_stray_output_are_fine() {
    let sandbox = common::sandbox();
    let evaluator = Evaluator::new(&sandbox);
    // A solution that declares `Solution` itself, imports what LeetCode's
    // templates import, and prints debugging output.
    let source = format!(
        "use std::rc::Rc;\nuse std::cell::RefCell;\npub struct Solution;\n{}\n",
        merge().reference().replace("let (a, b) =", "println!(\"debug\"); eprintln!(\"more\");\n        let (a, b) =")
    );
    let judgement = evaluator.judge(merge(), &source, Scale::Small, DEFAULT_SEED).unwrap();
    assert!(judgement.is_correct(), "{:?}", judgement.failure);
}

#[test]
fn a_compile_error_is_a_failure_with_rustc_s_message() {
    let sandbox = common::sandbox();
    let source = "impl Solution { pub fn merge_alternately(word1: String, word2: String) -> String { word1 + 1 } }";
    let judgement = Evaluator::new(&sandbox).judge(merge(), source, Scale::Small, DEFAULT_SEED).unwrap();
    let failure = judgement.failure.expect("a compile error fails");
    assert!(failure.reason.starts_with("compile_error"), "{}", failure.reason);
    assert!(failure.reason.contains("mismatched types") || failure.reason.contains("cannot add"), "{}", failure.reason);
}

#[test]
fn a_panic_names_the_case_it_happened_on() {
    let sandbox = common::sandbox();
    let source = "impl Solution { pub fn merge_alternately(word1: String, word2: String) -> String { \
        if word1.len() == 2 { panic!(\"boom\") } word1 } }";
    let judgement = Evaluator::new(&sandbox).judge(merge(), source, Scale::Small, DEFAULT_SEED).unwrap();
    let failure = judgement.failure.expect("fails");
    // Example 1 ("abc", "pqr") runs and is wrong; example 2 ("ab") panics.
    assert_eq!(failure.case.as_deref(), Some("example 1"));
    assert_eq!(judgement.status, sandbox::Status::Panic);
}

fn round_trip<T: Wire + PartialEq + std::fmt::Debug>(value: T) {
    let mut w = Writer::default();
    w.put(&value);
    let back: T = Reader::new(&w.buf).read().unwrap();
    assert_eq!(back, value);
}

#[test]
fn wire_values_round_trip() {
    round_trip((String::from("a b  c"), -17i32, i64::MIN, true));
    round_trip(vec![vec![1, -2], vec![], vec![3]]);
    round_trip(vec!['a', ' ', '#', 'é']);
    round_trip(vec![0.1f64, -2.5e-7, 1e300]);
    round_trip(vec![Some(3), None, Some(-1)]);
    round_trip(String::new());
}

#[test]
fn trees_use_level_order_like_leetcode() {
    // 1
    //  \
    //   2
    //  /
    // 3
    let tree = Tree(vec![Some(1), None, Some(2), Some(3), None, None]);
    let mut w = Writer::default();
    w.put(&tree);
    let root: Option<std::rc::Rc<std::cell::RefCell<TreeNode>>> = Reader::new(&w.buf).read().unwrap();
    let root = root.unwrap();
    let right = root.borrow().right.clone().unwrap();
    assert_eq!(right.borrow().left.as_ref().unwrap().borrow().val, 3);
    let mut again = Writer::default();
    again.put(&Some(root));
    assert_eq!(String::from_utf8(again.buf).unwrap(), "4 1 null 2 3");
}

#[test]
fn corrupt_output_is_an_error_not_a_crash() {
    assert!(Reader::new(b"99999999999 1 2").read::<Vec<i32>>().is_err());
    assert!(Reader::new(b"50:short").read::<String>().is_err());
    assert!(Reader::new(b"2 1").read::<Vec<i32>>().is_err());
    assert!(Reader::new(b"x").read::<i32>().is_err());
}

#[test]
fn the_harness_share_of_fuel_is_measured_without_a_solution() {
    let sandbox = common::sandbox();
    let evaluator = Evaluator::new(&sandbox);
    let overhead = evaluator.overhead_fuel(merge(), Scale::Perf, DEFAULT_SEED).unwrap().expect("a function problem");
    let reference = evaluator.judge(merge(), merge().reference(), Scale::Perf, DEFAULT_SEED).unwrap();
    assert!(overhead > 0 && overhead < reference.fuel.unwrap(), "{overhead} vs {:?}", reference.fuel);
    // Tree and list signatures name `Rc` and `RefCell`, which a solution
    // imports; the solution-free program must compile without one.
    let depth = problems::find("104").unwrap();
    assert!(evaluator.overhead_fuel(depth, Scale::Small, DEFAULT_SEED).unwrap().is_some_and(|fuel| fuel > 0));
    // A design problem's driver is hand-written: there is no solution-free form.
    assert!(harness::overhead_program(problems::find("933").unwrap()).is_none());
}
