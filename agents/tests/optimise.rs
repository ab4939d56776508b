//! `marco optimise` as a command: against a scripted OpenAI-compatible
//! server (retries, the JSON summary, the written result; interrupt and
//! resume), bad input refused, and one run with the real SmolLM2 model.
//! The loop's scripted scenarios run in-process against a scripted `Chat`
//! (`cargo test -p marco --lib scenarios`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Role, Scripted, ScriptedLlm, events, fenced, marco, stdout_json, text};
use serde_json::Value;

/// Quadratic (`black_box` keeps LLVM from finding the closed form itself);
/// the region is what marco may change.
const SLOW: &str = include_str!("data/slow_work.rs");

/// The same sum in closed form.
const FAST: &str = "fn work(n: u64) -> u64 {
    let s = n * n.saturating_sub(1) / 2;
    s.wrapping_mul(s)
}";

/// Right on the file's test, wrong on real inputs.
const WRONG: &str = "fn work(n: u64) -> u64 {
    let s = n * n.saturating_sub(1) / 2;
    if n < 100 { s.wrapping_mul(s) } else { s.wrapping_mul(s) + 1 }
}";

fn write_inputs(dir: &Path, values: &[u64]) -> Vec<String> {
    values
        .iter()
        .map(|n| {
            let path = dir.join(format!("n{n}.txt"));
            std::fs::write(&path, format!("{n}\n")).unwrap();
            path.display().to_string()
        })
        .collect()
}

/// One iteration of one candidate on `inputs`, without search: the
/// summary and the run directory.
fn one_candidate(dir: &Path, file: &str, llm: &ScriptedLlm, inputs: &[String]) -> (Value, PathBuf) {
    let mut command = marco(dir);
    command.args(["optimise", file, "--llm-url", &llm.url, "--model", "scripted", "--json", "--no-search"]);
    command.args(["--iterations", "1", "--candidates", "1"]);
    for input in inputs {
        command.args(["--input", input]);
    }
    let summary = stdout_json(&command.output().unwrap());
    let run = dir.join(summary["run_dir"].as_str().unwrap());
    (summary, run)
}

/// The one scripted scenario run over HTTP: `marco optimise` against an
/// OpenAI-compatible server that fails twice before it answers (the client
/// retries 503 and 429 with backoff), printing the summary as JSON and
/// writing the result beside the original.
#[test]
fn the_command_line_runs_the_loop_against_an_openai_compatible_server() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let inputs = write_inputs(dir.path(), &[3000, 3500]);
    let llm = ScriptedLlm::start();
    llm.script(Role::Generator, [Scripted::Status(503), Scripted::Status(429), text(fenced("Closed form:", FAST))]);
    let (summary, run) = one_candidate(dir.path(), "slow.rs", &llm, &inputs);
    assert_eq!(summary["improved"], true, "{summary:#}");
    assert_eq!(summary["stop"], "iterations");
    assert!(summary["fuel_speedup"].as_f64().unwrap() > 50.0, "{summary:#}");
    let wall = &summary["wall"];
    assert!(wall["ratio"].as_f64().unwrap() > 0.0 && wall["ci_low"].as_f64() <= wall["ci_high"].as_f64());
    assert_eq!(summary["usage"]["per_agent"]["generator"]["calls"], 1, "failed attempts are not replies");
    assert_eq!(llm.received_by(Role::Generator).len(), 3, "two failures, then the reply");

    // The result: the region replaced, everything else byte for byte.
    let written = std::fs::read_to_string(dir.path().join("slow.optimised.rs")).unwrap();
    let (head, tail) = SLOW.split_once("// marco:begin\n").unwrap();
    let (_, tail) = tail.split_once("// marco:end\n").unwrap();
    assert_eq!(written, format!("{head}// marco:begin\n{FAST}\n// marco:end\n{tail}"));
    assert_eq!(std::fs::read_to_string(dir.path().join("slow.rs")).unwrap(), SLOW, "the original is untouched");
    assert!(run.join("best.rs").is_file() && run.join("summary.json").is_file());
    let kinds: Vec<String> = events(&run).iter().map(|e| e["type"].as_str().unwrap().to_string()).collect();
    for kind in ["started", "inputs", "check", "llm", "candidate", "timing", "decision", "iteration", "finished"] {
        assert!(kinds.iter().any(|k| k == kind), "a {kind} event: {kinds:?}");
    }
}

#[test]
fn a_program_without_inputs_gets_generated_ones_and_an_interrupted_run_resumes_without_repeating_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let llm = ScriptedLlm::start();
    let generator = "use std::io::Read;\nfn main() {\n    let mut s = String::new();\n    \
                     std::io::stdin().read_to_string(&mut s).unwrap();\n    let seed: u64 = s.trim().parse().unwrap();\n    \
                     println!(\"{}\", 300 + seed % 200);\n}";
    llm.script(Role::Inputs, [text(fenced("Here is a generator:", generator))]);
    llm.script(Role::Generator, [text(fenced("", FAST)), Scripted::Slow(fenced("", WRONG), Duration::from_secs(120))]);

    let run = dir.path().join("run");
    let mut child = marco(dir.path())
        .args(["optimise", "slow.rs", "--llm-url", &llm.url, "--model", "scripted", "--json", "--no-search"])
        .args(["--iterations", "2", "--candidates", "2", "--run-dir", run.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt while the generator is writing the second candidate.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let waiting = std::fs::read_to_string(run.join("events.jsonl")).unwrap_or_default();
        if waiting.contains("writing candidate 2/2") {
            break;
        }
        assert!(Instant::now() < deadline, "the run never reached candidate 2:\n{waiting}");
        assert!(child.try_wait().unwrap().is_none(), "marco ended early");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let interrupted_at = Instant::now();
    let status = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(interrupted_at.elapsed() < Duration::from_secs(30), "Ctrl-C must not wait for the model");
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["stop"], "interrupted");
    assert!(summary["written"].is_null());
    assert!(!dir.path().join("slow.optimised.rs").exists(), "nothing is written for an interrupted run");
    let asked_before = llm.received().len();
    let inputs = std::fs::read_dir(run.join("inputs")).unwrap().count();
    assert!(inputs >= 3, "generated inputs are kept in the run directory");

    // Resume: the second candidate and everything after it, nothing before.
    llm.script(Role::Generator, [text(fenced("", WRONG)), text(fenced("", FAST)), text("no idea")]);
    let output = marco(dir.path()).args(["optimise", "--resume", run.to_str().unwrap(), "--json"]).output().unwrap();
    let summary = stdout_json(&output);
    assert_eq!(summary["improved"], true, "{summary:#}");
    assert_eq!(summary["stop"], "iterations");
    assert!(summary["fuel_speedup"].as_f64().unwrap() > 10.0);
    let new: Vec<_> = llm.received().into_iter().skip(asked_before).collect();
    let roles: Vec<Role> = new.iter().map(|r| r.role).collect();
    // it1/c2 and its fix, analysis; it2/c1 (the best again, so asked once
    // more), it2/c2, analysis.
    assert_eq!(
        roles,
        [Role::Generator, Role::Fix, Role::Analysis, Role::Generator, Role::Generator, Role::Generator, Role::Analysis],
        "the resumed run asked again for finished work"
    );
    // Token counts include the replayed calls: 1 inputs + 6 generator
    // (4 candidates, 1 asked again, 1 fix) + 2 analyses.
    let usage = &summary["usage"]["per_agent"];
    assert_eq!(usage["inputs"]["calls"], 1);
    assert_eq!(usage["generator"]["calls"], 6);
    assert_eq!(usage["evaluator"]["calls"], 2);
    // No step was logged twice.
    let mut keys: Vec<String> = events(&run).iter().filter_map(|e| e["key"].as_str().map(String::from)).collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "{keys:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("slow.optimised.rs")).unwrap(),
        SLOW.replace(&SLOW[SLOW.find("fn work").unwrap()..SLOW.find("// marco:end").unwrap()], &format!("{FAST}\n"))
    );
}

#[test]
fn bad_input_is_refused_with_a_clear_message_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = marco(dir.path()).arg("optimise").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(run(&["missing.rs"]).contains("missing.rs is not a file"));
    std::fs::write(dir.path().join("open.rs"), "// marco:begin\nfn main() {}\n").unwrap();
    assert!(run(&["open.rs"]).contains("`// marco:begin` on line 1 has no `// marco:end`"));
    std::fs::write(dir.path().join("lib.rs"), "fn helper() {}\n").unwrap();
    assert!(run(&["lib.rs"]).contains("has no `fn main`"));
    assert!(run(&["lib.rs", "--problem", "99999"]).contains("no problem 99999"));
    assert!(run(&["--resume", "nowhere"]).contains("is not a marco run directory"));
    std::fs::write(dir.path().join("marco.toml"), "iterashuns = 3\n").unwrap();
    std::fs::write(dir.path().join("ok.rs"), "fn main() {}\n").unwrap();
    assert!(run(&["ok.rs"]).contains("unknown field `iterashuns`"));
    std::fs::remove_file(dir.path().join("marco.toml")).unwrap();
    assert!(run(&["ok.rs", "--apply"]).contains("are for a Cargo package"));
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert!(run(&["empty", "--function", "f"]).contains("no Cargo.toml in empty"));
    assert!(run(&["--manifest-path", "empty/Cargo.toml"]).contains("no Cargo.toml in empty"));
    assert!(!dir.path().join(".marco").exists(), "no run directory for a refused run");
    assert!(!dir.path().join("empty/.marco").exists(), "no run directory for a refused package");
}

/// The real model end to end: it need not find anything faster, but every
/// part must work together.
#[test]
fn smollm2_runs_the_loop_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let inputs = write_inputs(dir.path(), &[300, 350]);
    let output = marco(dir.path())
        .args(["optimise", "slow.rs", "--model", inference::models::TEST_MODEL, "--json"])
        .args(["--iterations", "1", "--candidates", "1", "--reply-tokens", "160", "--search-backend", "offline"])
        .args(["--input", &inputs[0], "--input", &inputs[1]])
        .output()
        .unwrap();
    let summary = stdout_json(&output);
    assert_eq!(summary["iterations"], 1, "{summary:#}");
    assert_eq!(summary["candidates"], 1);
    let generator = &summary["usage"]["per_agent"]["generator"];
    let calls = generator["calls"].as_u64().unwrap();
    assert!(calls == 1 || calls == 2, "one candidate, perhaps repaired once: {summary:#}");
    assert!(generator["completion_tokens"].as_u64().unwrap() > 0, "the model wrote something: {summary:#}");
    let run = dir.path().join(summary["run_dir"].as_str().unwrap());
    let events = events(&run);
    // The extractor reads the nested loops, so the model is not asked for
    // searches (its fallback), and the code's own searches found techniques.
    assert!(!search::code_queries(SLOW).is_empty());
    assert!(!events.iter().any(|e| e["type"] == "model_queries"), "the model was asked for searches");
    let retrieval = events.iter().find(|e| e["type"] == "retrieval").expect("the retriever searched");
    let found = |field: &str| retrieval["data"][field].as_array().is_some_and(|a| !a.is_empty());
    assert!(found("searches") && found("passages"), "{retrieval:#}");
    let replies: Vec<&Value> = events.iter().filter(|e| e["type"] == "llm").collect();
    let keys: Vec<&str> = replies.iter().filter_map(|r| r["key"].as_str()).collect();
    assert!(keys.contains(&"it1/analysis"), "the evaluator's analysis is logged: {keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("it1/c1")), "the generator's reply is logged: {keys:?}");
    assert!(replies.iter().all(|r| r["data"]["prompt"].as_str().is_some_and(|p| !p.is_empty())));
    // Whatever the model wrote, the output is a correct program.
    let written = std::fs::read_to_string(dir.path().join("slow.optimised.rs")).unwrap();
    if summary["improved"] == false {
        assert_eq!(written, SLOW);
    }
}
