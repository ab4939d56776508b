//! `marco optimise` against a scripted OpenAI-compatible server: what the
//! loop keeps, what it rejects and why, repair, survival of useless replies,
//! retries, interrupt and resume, LeetCode problems; and one run with the
//! real SmolLM2 model.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Role, Scripted, ScriptedLlm, events, fenced, marco, stdout_json, text};
use serde_json::Value;

/// Quadratic (`black_box` keeps LLVM from finding the closed form itself);
/// the region is what marco may change.
const SLOW: &str = "use std::io::Read;

// marco:begin
fn work(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..n {
        for j in 0..n {
            total = total.wrapping_add(std::hint::black_box(i) * j);
        }
    }
    total
}
// marco:end

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: u64 = input.trim().parse().unwrap_or(300);
    println!(\"{}\", work(n));
}

#[test]
fn work_is_the_sum_of_products() {
    assert_eq!(work(3), 9);
}
";

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

/// Right on every input, wrong on the file's test.
const BREAKS_THE_TEST: &str = "fn work(n: u64) -> u64 {
    let s = n * n.saturating_sub(1) / 2;
    if n < 10 { 0 } else { s.wrapping_mul(s) }
}";

const DOES_NOT_COMPILE: &str = "fn work(n: u64) -> u64 {
    let s: u32 = n * n.saturating_sub(1) / 2;
    s.wrapping_mul(s)
}";

const NEVER_ENDS: &str = "fn work(n: u64) -> u64 {
    if n < 100 {
        let s = n * n.saturating_sub(1) / 2;
        return s.wrapping_mul(s);
    }
    let mut x = n | 1;
    while x != 0 {
        x = x.wrapping_mul(3) | 1;
    }
    x
}";

fn closed_form(n: u64) -> u64 {
    let s = n * n.saturating_sub(1) / 2;
    s.wrapping_mul(s)
}

/// Answers the inputs it was shown (and the file's test) and nothing else.
fn hard_coded(visible: &[u64]) -> String {
    let arms: String = visible.iter().map(|n| format!("        {n} => {},\n", closed_form(*n))).collect();
    format!("fn work(n: u64) -> u64 {{\n    match n {{\n{arms}        _ => n * n,\n    }}\n}}")
}

const QUERIES: &str = "SUMMARY: Sums the products of all pairs below n in a double loop.\nQUERIES:\n\
    - closed form for sums of arithmetic series\n- strength reduction of nested loops\n";

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

fn candidate_events(events: &[Value]) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|e| e["type"] == "candidate")
        .map(|e| {
            let key = format!("{}/{}", e["data"]["key"].as_str().unwrap(), e["data"]["step"].as_str().unwrap());
            let verdict = e["data"]["verdict"].as_str().or(e["data"]["unusable"].as_str()).unwrap().to_string();
            (key, verdict)
        })
        .collect()
}

fn verdict<'a>(candidates: &'a [(String, String)], key: &str) -> &'a str {
    &candidates.iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("no {key} in {candidates:#?}")).1
}

#[test]
fn the_loop_keeps_the_correct_faster_candidate_and_rejects_the_rest_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    // Two shown to the generator, two hidden.
    let inputs = write_inputs(dir.path(), &[400, 500, 450, 550]);
    let llm = ScriptedLlm::start();
    llm.script(Role::Queries, [text(QUERIES)]);
    llm.script(
        Role::Generator,
        [
            // Transient failures are retried with backoff.
            Scripted::Status(503),
            Scripted::Status(429),
            text("I am not sure this can be made faster; it looks fine to me."),
            text(fenced("Use a smaller integer type:", DOES_NOT_COMPILE)),
            text(fenced("Off by one is fine:", WRONG)),
            text(fenced("Precomputed:", &hard_coded(&[400, 500]))),
            text(fenced("Iterate differently:", NEVER_ENDS)),
            text(fenced("Skip small cases:", BREAKS_THE_TEST)),
        ],
    );
    llm.script(Role::Repair, [text(fenced("Fixed the types; closed form as in [1]:", FAST))]);
    llm.script(Role::Analysis, std::iter::repeat_n(text("The closed form removes the inner loop."), 3));

    let mut command = marco(dir.path());
    command.args(["optimise", "slow.rs", "--llm-url", &llm.url, "--model", "scripted", "--json"]);
    command.args(["--iterations", "3", "--candidates", "2", "--patience", "3", "--search-backend", "offline"]);
    for input in &inputs {
        command.args(["--input", input]);
    }
    let output = command.output().unwrap();
    let summary = stdout_json(&output);

    assert_eq!(summary["improved"], true, "{summary:#}");
    assert_eq!(summary["stop"], "iterations");
    assert_eq!(summary["candidates"], 6);
    assert_eq!(summary["correct_candidates"], 1, "the repaired one");
    assert!(summary["fuel_speedup"].as_f64().unwrap() > 50.0, "{summary:#}");
    let wall = &summary["wall"];
    assert!(wall["ratio"].as_f64().unwrap() > 0.0 && wall["ci_low"].as_f64() <= wall["ci_high"].as_f64());
    assert_eq!(summary["inputs"]["visible"].as_array().unwrap().len(), 2);
    assert_eq!(summary["inputs"]["hidden"].as_array().unwrap().len(), 2);
    let cited = summary["sources_cited"].as_array().unwrap();
    assert_eq!(cited.len(), 1, "the kept candidate cited technique [1]: {summary:#}");
    let generator = &summary["usage"]["per_agent"]["generator"];
    assert_eq!(generator["calls"], 11, "six candidates, one repair and four fixes: {summary:#}");

    // The result: the region replaced, everything else byte for byte.
    let written = std::fs::read_to_string(dir.path().join("slow.optimised.rs")).unwrap();
    let (head, tail) = SLOW.split_once("// marco:begin\n").unwrap();
    let (_, tail) = tail.split_once("// marco:end\n").unwrap();
    assert_eq!(written, format!("{head}// marco:begin\n{FAST}\n// marco:end\n{tail}"));
    assert_eq!(std::fs::read_to_string(dir.path().join("slow.rs")).unwrap(), SLOW, "the original is untouched");

    // Every candidate's fate, as the run directory logged it.
    let run = Path::new(summary["run_dir"].as_str().unwrap());
    let run = dir.path().join(run);
    let candidates = candidate_events(&events(&run));
    assert!(verdict(&candidates, "it1/c1/check").contains("no Rust code"));
    assert_eq!(verdict(&candidates, "it1/c2/check"), "does not compile");
    // rustc's edit builds but changes the numbers (u64 into u32), so the
    // generator repairs the error the candidate had.
    assert!(verdict(&candidates, "it1/c2/check-rustc1").starts_with("wrong output"), "{candidates:?}");
    assert!(verdict(&candidates, "it1/c2/recheck").starts_with("correct"));
    assert!(verdict(&candidates, "it2/c1/check").starts_with("wrong output on input v"), "{candidates:?}");
    assert!(verdict(&candidates, "it2/c2/check").starts_with("wrong output on hidden input h"), "{candidates:?}");
    assert!(verdict(&candidates, "it3/c1/check").starts_with("out_of_fuel"), "{candidates:?}");
    assert_eq!(verdict(&candidates, "it3/c2/check"), "its #[test] functions fail");
    // Each misbehaving candidate had a second chance; the scripted fixer
    // offered no code.
    for key in ["it2/c1", "it2/c2", "it3/c1", "it3/c2"] {
        assert!(verdict(&candidates, &format!("{key}/fixed")).contains("no Rust code"), "{candidates:?}");
    }
    assert!(run.join("best.rs").is_file() && run.join("summary.json").is_file());

    // What the agents were told.
    let repair = &llm.received_by(Role::Repair)[0].user;
    assert!(repair.contains("mismatched types") && repair.contains("let s: u32"), "{repair}");
    let last = llm.received_by(Role::Generator).pop().unwrap().user;
    assert!(last.contains("hidden input you have not seen"), "{last}");
    assert!(last.contains("kept as the new best"), "{last}");
    let analyses = llm.received_by(Role::Analysis);
    assert!(analyses[2].user.contains("out_of_fuel on input v1"), "{}", analyses[2].user);
    assert!(last.contains("The evaluator's analysis: The closed form"), "{last}");
    assert!(last.contains("Techniques that may help") && last.contains("(source: "), "{last}");
    // The hidden inputs never reach the generator.
    for request in llm.received_by(Role::Generator) {
        assert!(request.user.contains("Example input v1 (stdin):\n400"), "{}", request.user);
        assert!(!request.user.contains("Example input h"), "{}", request.user);
    }
}

#[test]
fn a_candidate_that_misbehaves_is_fixed_from_the_evaluators_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let inputs = write_inputs(dir.path(), &[400, 500]);
    let llm = ScriptedLlm::start();
    llm.script(Role::Generator, [text(fenced("Skip small cases:", BREAKS_THE_TEST))]);
    llm.script(Role::Fix, [text(fenced("Small cases are not special:", FAST))]);
    let (summary, run) = one_candidate(dir.path(), "slow.rs", &llm, &inputs);
    assert_eq!(summary["improved"], true, "{summary:#}");
    assert_eq!(summary["correct_candidates"], 1, "{summary:#}");
    let candidates = candidate_events(&events(&run));
    assert_eq!(verdict(&candidates, "it1/c1/check"), "its #[test] functions fail");
    assert!(verdict(&candidates, "it1/c1/fixed").starts_with("correct"), "{candidates:?}");

    // The fixer saw the broken code, what failed and the line the failure
    // points at in the file.
    let asked = llm.received_by(Role::Fix);
    assert_eq!(asked.len(), 1);
    let temperature = asked[0].temperature.unwrap_or_default();
    assert!((temperature - 0.8).abs() < 1e-6, "a fix is sampled for a different answer, not at {temperature}");
    let prompt = &asked[0].user;
    assert!(prompt.contains("if n < 10 { 0 }"), "{prompt}");
    assert!(prompt.contains("#[test] functions failed") && prompt.contains("right: 9"), "{prompt}");
    assert!(
        prompt.contains("The line it points at:\nline ") && prompt.contains(": `assert_eq!(work(3), 9);`"),
        "{prompt}"
    );
}

#[test]
fn a_candidate_that_does_not_compile_is_fixed_by_rustcs_own_suggestion_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let inputs = write_inputs(dir.path(), &[400, 500]);
    let llm = ScriptedLlm::start();
    // rustc: expected `&u64`, found `u64`; help: consider borrowing here.
    let missing_borrow = "fn work(n: u64) -> u64 {\n    let s = n * n.saturating_sub(1) / 2;\n    square(s)\n}\n\n\
                          fn square(s: &u64) -> u64 {\n    s.wrapping_mul(*s)\n}";
    llm.script(Role::Generator, [text(fenced("Closed form:", missing_borrow))]);
    let (summary, run) = one_candidate(dir.path(), "slow.rs", &llm, &inputs);
    assert_eq!(summary["improved"], true, "{summary:#}");
    let candidates = candidate_events(&events(&run));
    assert_eq!(verdict(&candidates, "it1/c1/check"), "does not compile");
    assert!(verdict(&candidates, "it1/c1/check-rustc1").starts_with("correct"), "{candidates:?}");
    assert!(llm.received_by(Role::Repair).is_empty(), "no LLM repair was needed");
    let written = std::fs::read_to_string(dir.path().join("slow.optimised.rs")).unwrap();
    assert!(written.contains("    square(&s)\n"), "{written}");
}

/// Sums a square grid column by column, one cell per step: the same
/// instructions (and fuel) as row by row (`black_box` keeps LLVM from
/// seeing that the row-by-row index is `k`), but natively nearly every step
/// misses the cache.
const COLUMNS: &str = "use std::io::Read;

// marco:begin
fn total(grid: &[u32], n: usize) -> u64 {
    let mut sum = 0u64;
    for k in 0..n * n {
        let (i, j) = (k % n, k / n);
        sum += grid[std::hint::black_box(i) * n + j] as u64;
    }
    sum
}
// marco:end

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: usize = input.trim().parse().unwrap_or(64);
    let grid: Vec<u32> = (0..n * n).map(|x| (x as u32).wrapping_mul(2654435761) >> 8).collect();
    // Eight passes, so that the cache misses outweigh the noise of a busy
    // machine (`black_box` keeps LLVM from summing once).
    let passes: u64 = (0..8).map(|_| total(std::hint::black_box(&grid), n)).fold(0, u64::wrapping_add);
    println!(\"{passes}\");
}
";

const ROWS: &str = "fn total(grid: &[u32], n: usize) -> u64 {
    let mut sum = 0u64;
    for k in 0..n * n {
        let (i, j) = (k / n, k % n);
        sum += grid[std::hint::black_box(i) * n + j] as u64;
    }
    sum
}";

#[test]
fn a_candidate_with_the_same_fuel_is_kept_only_when_measurably_faster_natively() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("columns.rs"), COLUMNS).unwrap();
    let inputs = write_inputs(dir.path(), &[2048, 2000]);
    let llm = ScriptedLlm::start();
    llm.script(Role::Generator, [text(fenced("Walk memory in order:", ROWS))]);
    let (summary, run) = one_candidate(dir.path(), "columns.rs", &llm, &inputs);
    let fuel = summary["fuel_speedup"].as_f64().unwrap();
    assert!((0.99..=1.01).contains(&fuel), "the same instructions: {summary:#}");
    assert_eq!(summary["improved"], true, "{summary:#}");
    assert_eq!(summary["wall"]["verdict"], "faster", "{summary:#}");
    let decision = events(&run).into_iter().find(|e| e["type"] == "decision").expect("a decision");
    assert_eq!(decision["data"]["native_only"], true, "{decision:#}");
    assert_eq!(decision["data"]["timing"]["verdict"], "faster", "{decision:#}");
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
    // it1/c2 and its fix, analysis; it2/c1, it2/c2, analysis.
    assert_eq!(
        roles,
        [Role::Generator, Role::Fix, Role::Analysis, Role::Generator, Role::Generator, Role::Analysis],
        "the resumed run asked again for finished work"
    );
    // Token counts include the replayed calls: 1 inputs + 5 generator
    // (4 candidates, 1 fix) + 2 analyses.
    let usage = &summary["usage"]["per_agent"];
    assert_eq!(usage["inputs"]["calls"], 1);
    assert_eq!(usage["generator"]["calls"], 5);
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
fn a_leetcode_solution_is_optimised_with_its_problems_harness() {
    let problem = problems::find("1768").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("solution.rs"), problem.baseline()).unwrap();
    let llm = ScriptedLlm::start();
    llm.script(Role::Generator, [text(fenced("Reserve the capacity:", problem.reference()))]);
    let output = marco(dir.path())
        .args(["optimise", "solution.rs", "--problem", "1768", "--llm-url", &llm.url, "--model", "scripted"])
        .args(["--json", "--iterations", "1", "--candidates", "1", "--no-search"])
        .output()
        .unwrap();
    let summary = stdout_json(&output);
    assert_eq!(summary["problem"], "1768");
    assert_eq!(summary["improved"], true, "{summary:#}");
    assert!(summary["fuel_speedup"].as_f64().unwrap() > 2.0, "{summary:#}");
    let written = std::fs::read_to_string(dir.path().join("solution.optimised.rs")).unwrap();
    assert_eq!(written, problem.reference());
    let prompt = &llm.received_by(Role::Generator)[0].user;
    assert!(prompt.contains("Merge Strings Alternately") && prompt.contains("Keep the signature"), "{prompt}");
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
    assert!(!dir.path().join(".marco").exists(), "no run directory for a refused run");
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
    let asked_for_queries = events.iter().find(|e| e["type"] == "model_queries").expect("the retriever asked");
    assert!(asked_for_queries["data"]["reply"]["text"].is_string(), "{asked_for_queries:#}");
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

#[test]
fn inputs_that_do_not_differ_are_refused_and_the_generator_is_told_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    let llm = ScriptedLlm::start();
    // Different bytes, same meaning: the program reads only the first number.
    let constant = "fn main() {\n    let mut s = String::new();\n    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).unwrap();\n    \
                    println!(\"300\\n{}\", s.trim());\n}";
    llm.script(Role::Inputs, [text(fenced("", constant)), text("I cannot do better.")]);
    let output = marco(dir.path())
        .args(["optimise", "slow.rs", "--llm-url", &llm.url, "--model", "scripted", "--json", "--no-search"])
        .args(["--iterations", "1", "--candidates", "1"])
        .output()
        .unwrap();
    let summary = stdout_json(&output);
    assert_eq!(summary["inputs"]["origin"], "the empty input (no generator worked)");
    assert!(String::from_utf8_lossy(&output.stderr).contains("warning: the LLM's input generator did not work"));
    let asked = llm.received_by(Role::Inputs);
    assert_eq!(asked.len(), 3, "three attempts");
    assert!(asked[1].user.contains("printed the same output for every generated input"), "{}", asked[1].user);
    assert!(
        asked[1].user.contains("Your previous generator:\n```rust\nfn main() {"),
        "shown its code: {}",
        asked[1].user
    );
    assert!(asked[2].user.contains("Your previous reply did not work: "), "{}", asked[2].user);
}

/// With a deterministic model, `--seed` fixes everything the model is asked
/// (sampling seeds included), so the run repeats; another seed changes them.
/// Prompts carry native timings only as a verdict, which noise can flip
/// only where the difference is within the noise (not here).
#[test]
fn the_seed_makes_a_run_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.rs"), SLOW).unwrap();
    // Heavy enough that the closed form is clearly faster natively too.
    let inputs = write_inputs(dir.path(), &[3000, 3500]);
    let run = |seed: &str| {
        let llm = ScriptedLlm::start();
        llm.script(Role::Generator, [text(fenced("", WRONG)), text(fenced("", FAST))]);
        let output = marco(dir.path())
            .args(["optimise", "slow.rs", "--llm-url", &llm.url, "--model", "scripted", "--json", "--no-search"])
            .args([
                "--iterations",
                "1",
                "--candidates",
                "2",
                "--seed",
                seed,
                "--input",
                &inputs[0],
                "--input",
                &inputs[1],
            ])
            .output()
            .unwrap();
        let summary = stdout_json(&output);
        let asked: Vec<(Option<u64>, String)> = llm.received().into_iter().map(|r| (r.seed, r.user)).collect();
        (summary["best"].clone(), asked)
    };
    let (best, asked) = run("7");
    assert_eq!(best.as_str().unwrap(), format!("{FAST}\n"));
    assert!(asked.iter().all(|(seed, _)| seed.is_some()));
    let seeds: std::collections::HashSet<_> = asked.iter().map(|(seed, _)| *seed).collect();
    assert_eq!(seeds.len(), asked.len(), "each call has its own seed");
    assert_eq!(run("7"), (best, asked.clone()), "the same seed asks the same things");
    let (_, other) = run("8");
    assert_ne!(other.iter().map(|(s, _)| *s).collect::<Vec<_>>(), asked.iter().map(|(s, _)| *s).collect::<Vec<_>>());
}
