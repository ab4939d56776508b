//! Every baseline and every reference solution passes every checker at
//! every scale, and the perf inputs are big enough to measure.

mod common;

use problems::{DEFAULT_SEED, Evaluator, Problem, Scale};

#[test]
fn baselines_and_references_pass_every_case() {
    let sandbox = common::sandbox();
    let evaluator = Evaluator::new(&sandbox);
    let problems: Vec<&dyn Problem> =
        problems::all().iter().map(|p| p.as_ref()).filter(|p| common::selected(p.info().id)).collect();
    let errors = common::on_two_threads(&problems, |problem| {
        let mut errors = Vec::new();
        let id = problem.info().id;
        for scale in [Scale::Small, Scale::Perf] {
            for (which, solution) in [("baseline", problem.baseline()), ("reference", problem.reference())] {
                match evaluator.judge(*problem, solution, scale, DEFAULT_SEED) {
                    Ok(j) if j.is_correct() => {
                        // Shown with `--nocapture`: sizes the perf inputs.
                        if scale == Scale::Perf {
                            eprintln!("{id} {which}: fuel {:?}, {:.0} ms", j.fuel.unwrap_or(0), j.wall_ms);
                        }
                        if scale == Scale::Perf && which == "baseline" && j.fuel.unwrap_or(0) < 10_000_000 {
                            errors.push(format!("{id}: the perf baseline uses only {:?} fuel", j.fuel));
                        }
                    }
                    Ok(j) => errors.push(format!("{id} {which} {scale:?}: {:?}", j.failure)),
                    Err(e) => errors.push(format!("{id} {which} {scale:?}: {e}")),
                }
            }
        }
        errors
    });
    assert!(errors.is_empty(), "{} failure(s):\n{}", errors.len(), errors.join("\n"));
}

#[test]
fn every_problem_has_examples_and_its_facts() {
    for problem in problems::all() {
        let info = problem.info();
        let small = problem.cases(Scale::Small, DEFAULT_SEED);
        assert!(small.iter().any(|c| c.answer.is_some()), "{}: no example with a known answer", info.id);
        assert!(small.len() >= 10, "{}: only {} small cases", info.id, small.len());
        assert!(!problem.cases(Scale::Perf, DEFAULT_SEED).is_empty(), "{}: no perf case", info.id);
        assert!(info.statement.contains("Constraints"), "{}: the statement has no constraints", info.id);
        assert_ne!(problem.baseline(), problem.reference(), "{}: baseline and reference are the same", info.id);
    }
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    for problem in problems::all() {
        for scale in [Scale::Small, Scale::Perf] {
            let a: Vec<String> = problem.cases(scale, 7).into_iter().map(|c| c.input).collect();
            let b: Vec<String> = problem.cases(scale, 7).into_iter().map(|c| c.input).collect();
            assert_eq!(a, b, "{} {scale:?}", problem.info().id);
        }
    }
}
