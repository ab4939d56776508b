//! Checkers can fail: every file in `tests/wrong/` is a subtly wrong
//! solution (named `<problem id>_<what is wrong>.rs`) and must be rejected.

mod common;

use problems::{DEFAULT_SEED, Evaluator, Scale};

#[test]
fn every_wrong_solution_is_rejected() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wrong");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.retain(|f| {
        let id = f.file_stem().unwrap().to_string_lossy().split('_').next().unwrap().parse().unwrap_or(0);
        common::selected(id)
    });
    assert!(!files.is_empty());
    let sandbox = common::sandbox();
    let evaluator = Evaluator::new(&sandbox);
    let errors = common::on_two_threads(&files, |path| {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let id = name.split('_').next().unwrap();
        let problem = problems::find(id).unwrap_or_else(|| panic!("{name}: no problem {id}"));
        let source = std::fs::read_to_string(path).unwrap();
        for scale in [Scale::Small, Scale::Perf] {
            match evaluator.judge(problem, &source, scale, DEFAULT_SEED) {
                Ok(j) if !j.is_correct() => return Vec::new(),
                Ok(_) => {}
                Err(e) => return vec![format!("{name}: {e}")],
            }
        }
        vec![format!("{name}: accepted at every scale")]
    });
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
