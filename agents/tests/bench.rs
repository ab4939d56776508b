//! `marco bench leetcode75` end to end against the scripted LLM server:
//! every number in `results.json` is checked against what the runs logged.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Role, Scripted, ScriptedLlm, events, fenced, marco};
use serde_json::Value;

fn problem(id: &str) -> &'static dyn problems::Problem {
    problems::find(id).unwrap()
}

/// A gcd_of_strings that compiles and is wrong.
fn wrong_gcd() -> String {
    "impl Solution {\n    pub fn gcd_of_strings(str1: String, str2: String) -> String {\n        \
     if str1.len() < str2.len() { str1 } else { str2 }\n    }\n}\n"
        .to_string()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The `data` of the event logged under `key` in a run directory.
fn logged(run: &Path, key: &str) -> Value {
    events(run)
        .into_iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("no event {key} in {}", run.display()))["data"]
        .clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn three_problems_in_every_mode_with_figures_that_match_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    // 1768: every mode gets the reference. 1071: a wrong rewrite, always.
    // 1431: nothing usable the first time, the reference once an earlier
    // attempt is in the prompt, so single-shot (one ask) never gets it. Keyed
    // on the prompt, not on a count, since `--jobs 2` runs modes side by side.
    llm.respond(Role::Generator, move |prompt| {
        if prompt.contains("Merge Strings Alternately") {
            fenced("Reserve the capacity:", problem("1768").reference())
        } else if prompt.contains("Greatest Common Divisor of Strings") {
            fenced("Shorter is simpler:", &wrong_gcd())
        } else if !prompt.contains("Earlier attempts") {
            "I would keep this code as it is.".to_string()
        } else {
            fenced("One pass for the maximum:", problem("1431").reference())
        }
    });
    let out = dir.path().join("bench");
    let output = marco(dir.path())
        .args(["bench", "leetcode75", "--problems", "1768,1071,kids-with-the-greatest-number-of-candies"])
        .args(["--llm-url", &llm.url, "--model", "scripted", "--iterations", "2", "--candidates", "1"])
        .args(["--search-backend", "offline", "--jobs", "2", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("[9/9") && stderr.contains("1768 loop+search: fuel"), "progress per unit:\n{stderr}");

    let results = read_json(&out.join("results.json"));
    assert_eq!(results["unfinished"].as_array().unwrap().len(), 0);
    let problems = results["problems"].as_array().unwrap();
    assert_eq!(problems.iter().map(|p| p["id"].as_str().unwrap()).collect::<Vec<_>>(), ["1768", "1071", "1431"]);
    for p in problems {
        let id = p["id"].as_str().unwrap();
        let start_fuel = p["start_fuel"].as_u64().unwrap();
        assert_eq!(p["start_fuel"], p["baseline_fuel"], "the start is the baseline");
        assert_eq!(p["units"].as_array().unwrap().len(), 3);
        for unit in p["units"].as_array().unwrap() {
            let mode = unit["mode"].as_str().unwrap();
            let run = out.join(unit["run_dir"].as_str().unwrap());
            // The start's fuel is the one the loop measured for its original.
            assert_eq!(logged(&run, "original/check")["fuel"].as_u64().unwrap(), start_fuel, "{id} {mode}");
            let summary = read_json(&run.join("summary.json"));
            assert_eq!(unit["correct"], true, "{id} {mode}: {unit:#}");
            // The bench's own check of the result finds the loop's figure.
            assert_eq!(unit["fuel"], summary["best_fuel"], "{id} {mode}");
            assert_eq!(unit["iterations"], summary["iterations"]);
            let tokens: u64 = summary["usage"]["per_agent"]
                .as_object()
                .unwrap()
                .values()
                .map(|a| a["prompt_tokens"].as_u64().unwrap() + a["completion_tokens"].as_u64().unwrap())
                .sum();
            assert_eq!(unit["tokens"].as_u64().unwrap(), tokens, "{id} {mode}");
            let fuel = unit["fuel"].as_u64().unwrap() as f64;
            let speedup = &unit["fuel_speedup"];
            assert!(close(speedup["vs_start"].as_f64().unwrap(), start_fuel as f64 / fuel));
            assert!(close(
                speedup["vs_reference"].as_f64().unwrap(),
                p["reference_fuel"].as_u64().unwrap() as f64 / fuel
            ));
            let improved = summary["improved"].as_bool().unwrap();
            assert_eq!(unit["changed"].as_bool().unwrap(), improved, "{id} {mode}");
            if improved {
                // It became the reference, whose fuel the loop logged when it
                // checked it: in the first iteration, or for 1431 in the second.
                let iteration = if id == "1431" { 2 } else { 1 };
                let check = logged(&run, &format!("it{iteration}/c1/check"));
                assert_eq!(check["fuel"], p["reference_fuel"], "{id} {mode}");
                let wall = &unit["wall"];
                assert_eq!(wall["a_ms"].as_array().unwrap().len(), 7, "{wall:#}");
                assert!(close(unit["wall_speedup"].as_f64().unwrap(), 1.0 / wall["ratio"].as_f64().unwrap()));
                assert!(close(unit["gap_closed"].as_f64().unwrap(), 1.0), "the whole gap: {unit:#}");
            } else {
                assert!(unit["wall"].is_null() && unit["wall_speedup"] == 1.0, "{unit:#}");
            }
        }
    }
    let unit = |id: &str, mode: &str| -> Value {
        let p = problems.iter().find(|p| p["id"] == id).unwrap();
        p["units"].as_array().unwrap().iter().find(|u| u["mode"] == mode).unwrap().clone()
    };
    assert!(unit("1768", "single-shot")["changed"].as_bool().unwrap());
    assert!(!unit("1071", "loop")["changed"].as_bool().unwrap(), "the wrong rewrite was not kept");
    assert!(!unit("1431", "single-shot")["changed"].as_bool().unwrap());
    assert!(unit("1431", "loop")["changed"].as_bool().unwrap());

    // Aggregates, recomputed from the per-unit figures.
    for summary in results["modes"].as_array().unwrap() {
        let mode = summary["mode"].as_str().unwrap();
        let units: Vec<Value> = ["1768", "1071", "1431"].iter().map(|id| unit(id, mode)).collect();
        assert_eq!(summary["problems"], 3);
        assert_eq!(summary["correct"], 3);
        let logs: Vec<f64> = units.iter().map(|u| u["fuel_speedup"]["vs_start"].as_f64().unwrap().ln()).collect();
        let geomean = (logs.iter().sum::<f64>() / 3.0).exp();
        assert!(close(summary["geomean_fuel_speedup"].as_f64().unwrap(), geomean), "{mode}: {summary:#}");
        let wall: f64 = units.iter().map(|u| u["wall_speedup"].as_f64().unwrap().ln()).sum::<f64>() / 3.0;
        assert!(close(summary["geomean_wall_speedup"].as_f64().unwrap(), wall.exp()));
        let faster = units.iter().filter(|u| u["wall"]["verdict"] == "faster").count();
        assert_eq!(summary["significantly_faster"], faster);
        let gaps: Vec<f64> = units.iter().filter_map(|u| u["gap_closed"].as_f64()).collect();
        assert_eq!(summary["gap_problems"], gaps.len());
        assert!(close(summary["mean_gap_closed"].as_f64().unwrap(), gaps.iter().sum::<f64>() / gaps.len() as f64));
    }
    let comparisons = results["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), 2);
    let loop_vs_single = &comparisons[0];
    assert_eq!((loop_vs_single["a"].as_str(), loop_vs_single["b"].as_str()), (Some("single-shot"), Some("loop")));
    let pairs = read_json(&out.join("problems/1431/pairs.json"));
    let timed = &pairs[0]["wall"];
    assert!(timed.is_object(), "1431's loop result was timed against its single-shot result: {pairs:#}");
    // 1768 and 1071 wrote the same code in both modes: no reduction there.
    assert_eq!(loop_vs_single["same_code"], 2);
    let expected = (1.0 - timed["ratio"].as_f64().unwrap()) / 3.0;
    assert!(close(loop_vs_single["mean_runtime_reduction"].as_f64().unwrap(), expected), "{loop_vs_single:#}");
    let fuel_reduction = (1.0 - pairs[0]["fuel_b"].as_f64().unwrap() / pairs[0]["fuel_a"].as_f64().unwrap()) / 3.0;
    assert!(close(loop_vs_single["mean_fuel_reduction"].as_f64().unwrap(), fuel_reduction));
    let geomean = timed["ratio"].as_f64().unwrap().powf(1.0 / 3.0);
    assert!(close(loop_vs_single["geomean_runtime_ratio"].as_f64().unwrap(), geomean));
    assert_eq!(comparisons[1]["same_code"], 3);

    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    for needle in
        ["## Per mode", "## The paper's comparisons", "1768 Merge Strings Alternately", "speedup-by-problem.svg"]
    {
        assert!(report.contains(needle), "{needle} missing from:\n{report}");
    }
    for chart in ["speedup-by-problem.svg", "speedup-distribution.svg"] {
        let svg = std::fs::read_to_string(out.join(chart)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("loop+search"), "{chart}");
    }
    assert!(String::from_utf8_lossy(&output.stdout).contains("loop against single-shot: mean runtime reduction"));
    // The report and charts stay as test artefacts, to look at.
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-report");
    std::fs::create_dir_all(&kept).unwrap();
    for file in ["report.md", "results.json", "speedup-by-problem.svg", "speedup-distribution.svg"] {
        std::fs::copy(out.join(file), kept.join(file)).unwrap();
    }

    // A resumed bench repeats nothing: no LLM call, the same results.
    let calls = llm.received().len();
    let again = marco(dir.path()).args(["bench", "leetcode75", "--resume", out.to_str().unwrap()]).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(llm.received().len(), calls);
    let resumed = read_json(&out.join("results.json"));
    assert_eq!(resumed["problems"], results["problems"]);
    assert_eq!(resumed["spec"]["commands"].as_array().unwrap().len(), 2, "both commands are recorded");
}

#[test]
fn an_llm_start_gets_a_second_attempt_and_bad_settings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    let first_only = "impl Solution {\n    pub fn merge_alternately(word1: String, word2: String) -> String {\n        \
                      word1 + &word2\n    }\n}\n";
    llm.script(
        Role::Solver,
        [common::text(fenced("Here:", first_only)), common::text(fenced("Fixed:", problem("1768").baseline()))],
    );
    let out = dir.path().join("bench");
    let output = marco(dir.path())
        .args(["bench", "leetcode75", "--problems", "1768", "--start", "llm", "--modes", "single-shot"])
        .args(["--llm-url", &llm.url, "--model", "scripted", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let results = read_json(&out.join("results.json"));
    let p = &results["problems"][0];
    assert_eq!(p["start"], "llm");
    assert_eq!(p["start_attempts"], 2);
    assert_eq!(p["start_correct"], true);
    assert_eq!(std::fs::read_to_string(out.join("problems/1768/start.rs")).unwrap(), problem("1768").baseline());
    let solver = llm.received_by(Role::Solver);
    assert!(solver[0].user.contains("pub fn merge_alternately(word1: String, word2: String) -> String"));
    assert!(solver[1].user.contains("Your previous solution was wrong"), "{}", solver[1].user);
    assert_eq!(results["modes"][0]["problems"], 1);

    let refused = |args: &[&str]| {
        let output = marco(dir.path()).args(["bench", "leetcode75"]).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(refused(&["--problems", "99999"]).contains("no problem 99999"));
    assert!(refused(&["--out", out.to_str().unwrap()]).contains("already holds a bench"));
    assert!(refused(&["--resume", dir.path().to_str().unwrap()]).contains("is not a marco bench directory"));
    let output = marco(dir.path()).args(["bench", "leetcode75", "--modes", "loop,fast"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown mode `fast`"));
}

#[test]
fn an_interrupted_bench_resumes_without_repeating_finished_work() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    let merge = problem("1768").reference();
    llm.script(
        Role::Generator,
        [common::text(fenced("", merge)), Scripted::Slow(fenced("", merge), Duration::from_secs(120))],
    );
    let out = dir.path().join("bench");
    let mut child = marco(dir.path())
        .args(["bench", "leetcode75", "--problems", "1768,1431", "--modes", "single-shot,loop"])
        .args(["--llm-url", &llm.url, "--model", "scripted", "--iterations", "2", "--candidates", "1"])
        .args(["--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt while the loop on 1768 waits for the generator.
    let loop_log = out.join("problems/1768/loop/events.jsonl");
    let deadline = Instant::now() + Duration::from_secs(300);
    while !std::fs::read_to_string(&loop_log).unwrap_or_default().contains("generator writing candidate") {
        assert!(Instant::now() < deadline, "the bench never reached 1768's loop");
        assert!(child.try_wait().unwrap().is_none(), "marco ended early");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    let partial = read_json(&out.join("results.json"));
    assert_eq!(partial["unfinished"], serde_json::json!(["1768 loop", "1431 single-shot", "1431 loop"]));
    let finished = std::fs::read(out.join("problems/1768/single-shot.json")).unwrap();
    let single_shot_log = std::fs::read(out.join("problems/1768/single-shot/events.jsonl")).unwrap();

    llm.respond(Role::Generator, |prompt| {
        let id = if prompt.contains("Merge Strings Alternately") { "1768" } else { "1431" };
        fenced("", problem(id).reference())
    });
    let asked_before = llm.received_by(Role::Generator).len();
    let output = marco(dir.path()).args(["bench", "leetcode75", "--resume", out.to_str().unwrap()]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let results = read_json(&out.join("results.json"));
    assert_eq!(results["unfinished"], serde_json::json!([]));
    assert_eq!(std::fs::read(out.join("problems/1768/single-shot.json")).unwrap(), finished, "not measured again");
    assert_eq!(std::fs::read(out.join("problems/1768/single-shot/events.jsonl")).unwrap(), single_shot_log);
    // 1768's loop asks again only for the interrupted call and what follows.
    let resumed: Vec<_> = llm.received_by(Role::Generator).into_iter().skip(asked_before).collect();
    let merge_calls = resumed.iter().filter(|r| r.user.contains("Merge Strings Alternately")).count();
    assert_eq!(merge_calls, 2, "it1 (interrupted) and it2");
    let mut keys: Vec<String> =
        events(&out.join("problems/1768/loop")).iter().filter_map(|e| e["key"].as_str().map(String::from)).collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "no step logged twice: {keys:?}");
}
