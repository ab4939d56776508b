//! The loop against an in-process scripted [`Chat`]: what it keeps, what it
//! rejects and why, its second chances, the native-only rule, resuming a
//! run directory written before events were typed, and checking the
//! original before any LLM call. Every scenario goes through one helper,
//! [`Scenario::run`], which runs [`run::execute`] as the commands do.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;
use sandbox::{Sandbox, SandboxConfig};
use tokio_util::sync::CancellationToken;

use super::chat::{Chat, ChatError, ChatRequest, Reply};
use super::event::{CandidateResult, Event, Record};
use super::journal::{EVENTS, read_events};
use super::options::{Options, Stop};
use super::run::{self, Services, Summary};
use super::spec::RunSpec;

/// Quadratic (`black_box` keeps LLVM from finding the closed form itself);
/// the region is what marco may change.
const SLOW: &str = include_str!("../../tests/data/slow_work.rs");

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

/// A reply as a chat model would write it.
pub(crate) fn fenced(before: &str, code: &str) -> String {
    format!("{before}\n```rust\n{code}\n```\nThis should be faster.")
}

/// Which agent a request comes from, told by its prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Inputs,
    Queries,
    Analysis,
    Repair,
    /// Asked to fix a candidate that compiled but misbehaved.
    Fix,
    /// Asked again after a reply that repeated its code unchanged.
    Change,
    Generator,
}

impl Role {
    fn of(request: &ChatRequest) -> Role {
        let (system, user) = (&request.system, &request.user);
        if system.contains("input generators") {
            Role::Inputs
        } else if user.starts_with("You help find optimisation techniques") {
            Role::Queries
        } else if system.contains("performance analyst") {
            Role::Analysis
        } else if user.contains("answered with it unchanged") {
            Role::Change
        } else if user.contains("behaves differently from the original") {
            Role::Fix
        } else if user.contains("did not compile") {
            Role::Repair
        } else {
            Role::Generator
        }
    }
}

/// Prepared replies per agent, in order; an agent with none left answers
/// "I have nothing to add.". Every request is kept.
#[derive(Default)]
pub(crate) struct ScriptedChat {
    queues: Mutex<HashMap<Role, VecDeque<String>>>,
    received: Mutex<Vec<(Role, ChatRequest)>>,
}

impl ScriptedChat {
    pub(crate) fn script(&self, role: Role, replies: impl IntoIterator<Item = String>) {
        self.queues.lock().unwrap().entry(role).or_default().extend(replies);
    }

    pub(crate) fn received_by(&self, role: Role) -> Vec<ChatRequest> {
        self.received.lock().unwrap().iter().filter(|(r, _)| *r == role).map(|(_, q)| q.clone()).collect()
    }

    pub(crate) fn calls(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

#[async_trait]
impl Chat for ScriptedChat {
    async fn complete(&self, request: &ChatRequest) -> Result<Reply, ChatError> {
        let role = Role::of(request);
        self.received.lock().unwrap().push((role, request.clone()));
        let text = self.queues.lock().unwrap().get_mut(&role).and_then(VecDeque::pop_front);
        let text = text.unwrap_or_else(|| "I have nothing to add.".into());
        let completion_tokens = text.split_whitespace().count() as u64;
        Ok(Reply { agent: request.agent, text, prompt_tokens: 10, completion_tokens, seconds: 0.0 })
    }
}

/// One sandbox for every scenario: builds are keyed by content.
pub(crate) fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/tmp/agents-cache");
        Sandbox::new(SandboxConfig { cache_dir: cache.join("sandbox"), ..SandboxConfig::default() }).unwrap()
    })
}

pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap())
}

/// A program, its inputs and the options of one run.
struct Scenario {
    dir: tempfile::TempDir,
    chat: Arc<ScriptedChat>,
    options: Options,
    inputs: Vec<PathBuf>,
    /// A LeetCode 75 problem the program solves.
    problem: Option<String>,
}

/// What a scenario's run ended with.
struct Ran {
    summary: Summary,
    records: Vec<Record>,
    written: String,
    /// What the user was told.
    notes: Vec<String>,
}

impl Ran {
    /// The headline of each checked candidate, or why its reply was unusable,
    /// by `key/step`.
    fn verdict(&self, key_step: &str) -> &str {
        self.records
            .iter()
            .find_map(|r| match &r.event {
                Event::Candidate(c) if format!("{}/{}", c.key, c.step) == key_step => Some(match &c.result {
                    CandidateResult::Checked { verdict, .. } => verdict.as_str(),
                    CandidateResult::Unusable { unusable } => unusable.as_str(),
                }),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no candidate {key_step} in {:#?}", self.records))
    }
}

impl Scenario {
    /// `program` with an input file per value of `inputs` (the first half
    /// shown), one iteration of one candidate without search.
    fn new(program: &str, inputs: &[u64]) -> Scenario {
        let inputs: Vec<String> = inputs.iter().map(|n| format!("{n}\n")).collect();
        Scenario::with_inputs(program, &inputs.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// `program` with an input file holding each of `inputs`.
    fn with_inputs(program: &str, inputs: &[&str]) -> Scenario {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("program.rs"), program).unwrap();
        let inputs = inputs
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("input{i}.txt"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let options = Options { iterations: 1, candidates: 1, search: false, ..Options::default() };
        Scenario { dir, chat: Arc::default(), options, inputs, problem: None }
    }

    fn spec(&self) -> RunSpec {
        let file = self.dir.path().join("program.rs");
        RunSpec {
            marco: "test".into(),
            output: file.with_extension("optimised.rs"),
            file,
            problem: self.problem.clone(),
            input_files: self.inputs.clone(),
            options: self.options.clone(),
            llm_url: Some("in-process".into()),
            model: "scripted".into(),
            llm_timeout: 1,
            in_place: false,
        }
    }

    /// Runs the loop as `marco optimise` does, with the offline knowledge
    /// base as the retriever when the options search.
    fn run(&self) -> anyhow::Result<Ran> {
        // One at a time: a parallel candidate is timed against the original
        // on every core, which another scenario's runs would be using.
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let spec = self.spec();
        let run_dir = self.dir.path().join("run");
        if run_dir.exists() {
            std::fs::remove_dir_all(&run_dir)?;
        }
        let mut journal = run::create(&spec, &run_dir)?;
        let search = search::Search::new(&[search::BackendKind::Offline], &search::SearchConfig::default())?;
        let services = Services {
            chat: self.chat.as_ref(),
            search: Some(&search),
            sandbox: sandbox(),
            runtime: runtime().handle().clone(),
        };
        let notes = Mutex::new(Vec::new());
        let note = |text: &str| notes.lock().unwrap().push(text.to_string());
        let finished = run::execute(&spec, &mut journal, &services, CancellationToken::new(), &note)?;
        let records = read_events(&run_dir.join(EVENTS))?;
        let written = std::fs::read_to_string(&spec.output)?;
        Ok(Ran { summary: finished.summary, records, written, notes: notes.into_inner().unwrap() })
    }
}

#[test]
fn the_loop_keeps_the_correct_faster_candidate_and_rejects_the_rest_with_reasons() {
    // Two shown to the generator, two hidden; heavy enough that the closed
    // form is faster natively beyond any noise of tests run side by side.
    let mut scenario = Scenario::new(SLOW, &[3000, 3500, 3200, 3700]);
    scenario.options = Options { iterations: 3, candidates: 2, patience: 3, ..scenario.options };
    scenario.options.search = true;
    let chat = &scenario.chat;
    chat.script(Role::Queries, [QUERIES.to_string()]);
    chat.script(
        Role::Generator,
        [
            "I am not sure this can be made faster; it looks fine to me.".to_string(),
            fenced("Use a smaller integer type:", DOES_NOT_COMPILE),
            fenced("Off by one is fine:", WRONG),
            fenced("Precomputed:", &hard_coded(&[3000, 3500])),
            fenced("Iterate differently:", NEVER_ENDS),
            fenced("Skip small cases:", BREAKS_THE_TEST),
        ],
    );
    chat.script(Role::Repair, [fenced("Fixed the types; closed form as in [1]:", FAST)]);
    chat.script(Role::Analysis, std::iter::repeat_n("The closed form removes the inner loop.".to_string(), 3));
    let ran = scenario.run().unwrap();

    let outcome = &ran.summary.outcome;
    assert!(outcome.improved, "{outcome:#?}");
    assert_eq!((outcome.stop, outcome.candidates, outcome.correct_candidates), (Stop::Iterations, 6, 1));
    assert!(outcome.fuel_speedup.is_some_and(|s| s > 50.0), "{outcome:#?}");
    let wall = outcome.wall.as_ref().expect("the best timed against the original");
    assert!(wall.ratio > 0.0 && wall.ci_low <= wall.ci_high);
    assert_eq!((ran.summary.inputs.visible.len(), ran.summary.inputs.hidden.len()), (2, 2));
    assert_eq!(outcome.sources_cited.len(), 1, "the kept candidate cited technique [1]: {outcome:#?}");
    assert_eq!(outcome.usage.per_agent["generator"].calls, 11, "six candidates, one repair and four fixes");

    // The result: the region replaced, everything else byte for byte.
    let (head, tail) = SLOW.split_once("// marco:begin\n").unwrap();
    let (_, tail) = tail.split_once("// marco:end\n").unwrap();
    assert_eq!(ran.written, format!("{head}// marco:begin\n{FAST}\n// marco:end\n{tail}"));
    let original = std::fs::read_to_string(scenario.dir.path().join("program.rs")).unwrap();
    assert_eq!(original, SLOW, "the original is untouched");

    // Every candidate's fate, as the run directory logged it.
    assert!(ran.verdict("it1/c1/check").contains("no Rust code"));
    assert_eq!(ran.verdict("it1/c2/check"), "does not compile");
    // rustc's edit builds but changes the numbers (u64 into u32), so the
    // generator repairs the error the candidate had.
    assert!(ran.verdict("it1/c2/check-rustc1").starts_with("wrong output"));
    assert!(ran.verdict("it1/c2/recheck").starts_with("correct"));
    assert!(ran.verdict("it2/c1/check").starts_with("wrong output on input v"));
    assert!(ran.verdict("it2/c2/check").starts_with("wrong output on hidden input h"));
    assert!(ran.verdict("it3/c1/check").starts_with("out_of_fuel"));
    assert_eq!(ran.verdict("it3/c2/check"), "its #[test] functions fail");
    // Each misbehaving candidate had a second chance; the scripted fixer
    // offered no code.
    for key in ["it2/c1", "it2/c2", "it3/c1", "it3/c2"] {
        assert!(ran.verdict(&format!("{key}/fixed")).contains("no Rust code"));
    }
    let decisions: Vec<_> = ran
        .records
        .iter()
        .filter_map(|r| match &r.event {
            Event::Decision(d) => Some((d.iteration, d.candidate, d.kept, d.native_only)),
            _ => None,
        })
        .collect();
    assert_eq!(decisions, [(1, 2, true, false)], "only the repaired candidate was a finalist");

    // What the agents were told.
    let repair = &chat.received_by(Role::Repair)[0].user;
    assert!(repair.contains("mismatched types") && repair.contains("let s: u32"), "{repair}");
    let last = chat.received_by(Role::Generator).pop().unwrap().user;
    assert!(last.contains("hidden input you have not seen"), "{last}");
    assert!(last.contains("kept as the new best"), "{last}");
    let analyses = chat.received_by(Role::Analysis);
    assert!(analyses[2].user.contains("out_of_fuel on input v1"), "{}", analyses[2].user);
    assert!(last.contains("The evaluator's analysis: The closed form"), "{last}");
    assert!(last.contains("Techniques that may help") && last.contains("(source: "), "{last}");
    // The hidden inputs never reach the generator.
    for request in chat.received_by(Role::Generator) {
        assert!(request.user.contains("Example input v1 (stdin):\n3000"), "{}", request.user);
        assert!(!request.user.contains("Example input h"), "{}", request.user);
    }
}

#[test]
fn a_candidate_that_misbehaves_is_fixed_from_the_evaluators_findings() {
    let scenario = Scenario::new(SLOW, &[3000, 3500]);
    scenario.chat.script(Role::Generator, [fenced("Skip small cases:", BREAKS_THE_TEST)]);
    scenario.chat.script(Role::Fix, [fenced("Small cases are not special:", FAST)]);
    let ran = scenario.run().unwrap();
    assert!(ran.summary.outcome.improved, "{:#?}", ran.summary);
    assert_eq!(ran.summary.outcome.correct_candidates, 1);
    assert_eq!(ran.verdict("it1/c1/check"), "its #[test] functions fail");
    assert!(ran.verdict("it1/c1/fixed").starts_with("correct"));

    // The fixer saw the broken code, what failed and the line the failure
    // points at in the file.
    let asked = scenario.chat.received_by(Role::Fix);
    assert_eq!(asked.len(), 1);
    assert!((asked[0].temperature - 0.8).abs() < 1e-6, "a fix is sampled for a different answer");
    let prompt = &asked[0].user;
    assert!(prompt.contains("if n < 10 { 0 }"), "{prompt}");
    assert!(prompt.contains("#[test] functions failed") && prompt.contains("right: 9"), "{prompt}");
    assert!(
        prompt.contains("The line it points at:\nline ") && prompt.contains(": `assert_eq!(work(3), 9);`"),
        "{prompt}"
    );
}

#[test]
fn a_reply_that_repeats_the_code_is_asked_again_and_its_second_answer_kept() {
    let mut scenario = Scenario::new(SLOW, &[3000, 3500]);
    scenario.options.search = true;
    scenario.chat.script(Role::Queries, [QUERIES.to_string()]);
    let slow_work = &SLOW[SLOW.find("fn work").unwrap()..SLOW.find("\n}\n").unwrap() + 2];
    scenario.chat.script(Role::Generator, [fenced("Already fast:", slow_work)]);
    scenario.chat.script(Role::Change, [fenced("Closed form:", FAST)]);
    let ran = scenario.run().unwrap();
    assert_eq!(ran.verdict("it1/c1/check"), "the reply's code is the code it was asked to change, unchanged");
    assert!(ran.verdict("it1/c1/changed").starts_with("correct"), "{:#?}", ran.records);
    assert!(ran.summary.outcome.improved, "{:#?}", ran.summary);
    let asked = scenario.chat.received_by(Role::Change);
    assert_eq!(asked.len(), 1);
    assert!(asked[0].user.contains(slow_work), "the repeated code is shown: {}", asked[0].user);
    assert!(asked[0].user.contains("Apply this technique") && asked[0].user.contains("Sketch:\n"), "{}", asked[0].user);
    assert!(asked[0].user.contains("do not reply with the sketch"), "{}", asked[0].user);
}

#[test]
fn code_the_extractor_reads_is_searched_for_without_asking_the_model() {
    // Inserting at the front of a Vec is a shape the extractor names.
    let program = "use std::io::Read;\n\n// marco:begin\nfn work(n: u64) -> u64 {\n    let mut v = Vec::new();\n    \
                   for i in 0..n {\n        v.insert(0, i);\n    }\n    v.iter().sum()\n}\n// marco:end\n\n\
                   fn main() {\n    let mut input = String::new();\n    std::io::stdin().read_to_string(&mut input).unwrap();\n    \
                   println!(\"{}\", work(input.trim().parse().unwrap()));\n}\n";
    let region = &program[program.find("fn work").unwrap()..program.find("// marco:end").unwrap()];
    let mut scenario = Scenario::new(program, &[2000, 3000]);
    scenario.options.search = true;
    scenario.chat.script(Role::Queries, [QUERIES.to_string()]);
    let ran = scenario.run().unwrap();
    assert!(scenario.chat.received_by(Role::Queries).is_empty(), "the model's searches are the fallback");
    let searched = ran
        .records
        .iter()
        .find_map(|r| match &r.event {
            Event::Retrieval(retrieval) => Some(retrieval.searches.clone()),
            _ => None,
        })
        .expect("the retriever searched");
    assert_eq!(searched, search::code_queries(region), "the code's own searches, and only those");
    let prompt = &scenario.chat.received_by(Role::Generator)[0].user;
    assert!(prompt.contains("Techniques that may help") && prompt.contains("(source: "), "{prompt}");
}

#[test]
fn a_candidate_that_does_not_compile_is_fixed_by_rustcs_own_suggestion_first() {
    let scenario = Scenario::new(SLOW, &[3000, 3500]);
    // rustc: expected `&u64`, found `u64`; help: consider borrowing here.
    let missing_borrow = "fn work(n: u64) -> u64 {\n    let s = n * n.saturating_sub(1) / 2;\n    square(s)\n}\n\n\
                          fn square(s: &u64) -> u64 {\n    s.wrapping_mul(*s)\n}";
    scenario.chat.script(Role::Generator, [fenced("Closed form:", missing_borrow)]);
    let ran = scenario.run().unwrap();
    assert!(ran.summary.outcome.improved, "{:#?}", ran.summary);
    assert_eq!(ran.verdict("it1/c1/check"), "does not compile");
    assert!(ran.verdict("it1/c1/check-rustc1").starts_with("correct"));
    assert!(scenario.chat.received_by(Role::Repair).is_empty(), "no LLM repair was needed");
    assert!(ran.written.contains("    square(&s)\n"), "{}", ran.written);
}

#[test]
fn a_candidate_with_the_same_fuel_is_kept_only_when_measurably_faster_natively() {
    let scenario = Scenario::new(COLUMNS, &[2048, 2000]);
    scenario.chat.script(Role::Generator, [fenced("Walk memory in order:", ROWS)]);
    let ran = scenario.run().unwrap();
    let outcome = &ran.summary.outcome;
    assert!(outcome.fuel_speedup.is_some_and(|s| (0.99..=1.01).contains(&s)), "the same instructions: {outcome:#?}");
    assert!(outcome.improved, "{outcome:#?}");
    assert_eq!(outcome.wall.as_ref().map(|w| w.verdict), Some(sandbox::Verdict::Faster));
    let decision = ran.records.iter().find_map(|r| match &r.event {
        Event::Decision(d) => Some(d),
        _ => None,
    });
    let decision = decision.expect("a decision");
    assert!(decision.native_only && decision.kept, "{decision:#?}");
    assert_eq!(decision.timing.verdict, sandbox::Verdict::Faster);
}

#[test]
fn a_leetcode_solution_is_optimised_with_its_problems_harness() {
    let problem = problems::find("1768").unwrap();
    let mut scenario = Scenario::new(problem.baseline(), &[]);
    scenario.problem = Some("1768".into());
    scenario.chat.script(Role::Generator, [fenced("Reserve the capacity:", problem.reference())]);
    let ran = scenario.run().unwrap();
    assert!(ran.summary.outcome.improved, "{:#?}", ran.summary);
    assert!(ran.summary.outcome.fuel_speedup.is_some_and(|s| s > 2.0), "{:#?}", ran.summary);
    assert_eq!(ran.written, problem.reference());
    let prompt = &scenario.chat.received_by(Role::Generator)[0].user;
    assert!(prompt.contains("Merge Strings Alternately") && prompt.contains("Keep the signature"), "{prompt}");
}

#[test]
fn inputs_that_do_not_differ_are_refused_and_the_generator_is_told_why() {
    let scenario = Scenario::new(SLOW, &[]);
    // Different bytes, same meaning: the program reads only the first number.
    let constant = "fn main() {\n    let mut s = String::new();\n    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).unwrap();\n    \
                    println!(\"300\\n{}\", s.trim());\n}";
    scenario.chat.script(Role::Inputs, [fenced("", constant), "I cannot do better.".to_string()]);
    let ran = scenario.run().unwrap();
    assert_eq!(ran.summary.inputs.origin, "the empty input (no generator worked)");
    assert!(
        ran.notes.iter().any(|n| n.starts_with("warning: the LLM's input generator did not work")),
        "{:?}",
        ran.notes
    );
    let asked = scenario.chat.received_by(Role::Inputs);
    assert_eq!(asked.len(), 3, "three attempts");
    assert!(asked[1].user.contains("printed the same output for every generated input"), "{}", asked[1].user);
    assert!(asked[1].user.contains("Your previous generator:\n```rust\nfn main() {"), "{}", asked[1].user);
    assert!(asked[2].user.contains("Your previous reply did not work: "), "{}", asked[2].user);
}

/// With a deterministic model, the seed fixes everything the model is
/// asked (sampling seeds included), so the run repeats; another seed
/// changes them. Prompts carry native timings only as a verdict, which
/// noise can flip only where the difference is within the noise (not here).
#[test]
fn the_seed_makes_a_run_repeatable() {
    // Heavy enough that the closed form is clearly faster natively too.
    let run = |seed: u64| {
        let mut scenario = Scenario::new(SLOW, &[3000, 3500]);
        scenario.options.candidates = 2;
        scenario.options.seed = seed;
        scenario.chat.script(Role::Generator, [fenced("", WRONG), fenced("", FAST)]);
        let ran = scenario.run().unwrap();
        let asked: Vec<(u64, String)> =
            scenario.chat.received.lock().unwrap().iter().map(|(_, r)| (r.seed, r.user.clone())).collect();
        (ran.summary.outcome.best, asked)
    };
    let (best, asked) = run(7);
    assert_eq!(best, format!("{FAST}\n"));
    let seeds: std::collections::HashSet<_> = asked.iter().map(|(seed, _)| *seed).collect();
    assert_eq!(seeds.len(), asked.len(), "each call has its own seed");
    assert_eq!(run(7), (best, asked.clone()), "the same seed asks the same things");
    let (_, other) = run(8);
    assert_ne!(other.iter().map(|(s, _)| *s).collect::<Vec<_>>(), asked.iter().map(|(s, _)| *s).collect::<Vec<_>>());
}

#[test]
fn an_original_that_does_not_build_is_refused_before_any_llm_call() {
    let broken = SLOW.replace("let mut total: u64 = 0;", "let mut total: u64 = \"zero\";");
    let mut scenario = Scenario::new(&broken, &[]);
    scenario.inputs.clear();
    let error = scenario.run().err().expect("the original does not build");
    assert!(format!("{error:#}").contains("the original does not build"), "{error:#}");
    assert_eq!(scenario.chat.calls(), 0, "not even for an input generator");
}

/// A finished run directory that `marco bench` wrote before events were
/// typed (commit ed0d3e7, problem 1431 in loop+search mode, with a kept candidate): resumed, it
/// replays every step, asks no model, and ends as it ended then.
#[test]
fn a_run_directory_from_before_typed_events_resumes() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/run-ed0d3e7");
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("run");
    std::fs::create_dir(&run_dir).unwrap();
    for name in ["events.jsonl", "original.rs", "run.json", "summary.json"] {
        std::fs::copy(fixture.join(name), run_dir.join(name)).unwrap();
    }
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_dir.join("summary.json")).unwrap()).unwrap();
    let (mut spec, mut journal) = run::reopen(&run_dir).unwrap();
    spec.output = dir.path().join("result.rs");
    let chat = ScriptedChat::default();
    let search = search::Search::new(&[search::BackendKind::Offline], &search::SearchConfig::default()).unwrap();
    let services =
        Services { chat: &chat, search: Some(&search), sandbox: sandbox(), runtime: runtime().handle().clone() };
    let finished = run::execute(&spec, &mut journal, &services, CancellationToken::new(), &|_| {}).unwrap();
    assert_eq!(chat.calls(), 0, "every LLM call was replayed");
    let outcome = serde_json::to_value(&finished.summary.outcome).unwrap();
    for field in ["stop", "best", "improved", "original_fuel", "best_fuel", "iterations", "candidates", "usage"] {
        assert_eq!(outcome[field], before[field], "{field}");
    }
}

/// A naive histogram of a large array.
const HISTOGRAM: &str = include_str!("../../../examples/hpc/histogram.rs");
/// Threads sharing its table through a raw pointer: lost updates.
const HISTOGRAM_RACY: &str = include_str!("../../tests/data/hpc/histogram_racy.rs");

/// What the three versions of the job of parts share: one part, and `main`
/// up to the number of parts.
macro_rules! parts_job {
    ($prelude:literal, $rest:literal) => {
        concat!(
            $prelude,
            "use std::io::Read;

fn part(i: u64) -> u64 {
    std::thread::sleep(std::time::Duration::from_millis(40));
    (0..20_000u64).fold(i, |acc, x| acc.rotate_left(5) ^ x.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let parts: u64 = input.trim().parse().unwrap_or(8);
",
            $rest,
            "    println!(\"{total}\");
}
"
        )
    };
}

/// A job of independent parts, each waiting 40 ms on a device (a sleep
/// stands in for it) before a little arithmetic, done one after the other.
/// Waits, unlike arithmetic, overlap on any machine, however busy (tests
/// run beside other tests): run on two threads, the job takes half as long.
const PARTS: &str = parts_job!(
    "",
    "    let mut total = 0u64;
    for i in 0..parts {
        total = total.wrapping_add(part(i));
    }
"
);

/// The parts split into one chunk per core under `std::thread::scope`.
const PARTS_SCOPE: &str = parts_job!(
    "",
    "    let ids: Vec<u64> = (0..parts).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = ids.len().div_ceil(cores).max(1);
    let total = std::thread::scope(|s| {
        let workers: Vec<_> = ids
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|&i| part(i)).fold(0u64, u64::wrapping_add)))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).fold(0u64, u64::wrapping_add)
    });
"
);

/// The parts as a rayon parallel iterator.
const PARTS_RAYON: &str = parts_job!(
    "use rayon::prelude::*;\n",
    "    let total = (0..parts).into_par_iter().map(part).reduce(|| 0, u64::wrapping_add);
"
);

/// Large enough that threads overlap on every chunk, light enough for fuel.
const HISTOGRAM_INPUTS: [&str; 2] = ["2000000 24 1\n", "1500000 24 7\n"];

/// The decisions of a run: (iteration, candidate, kept, native only).
fn decisions(ran: &Ran) -> Vec<(u32, u32, bool, bool)> {
    ran.records
        .iter()
        .filter_map(|r| match &r.event {
            Event::Decision(d) => Some((d.iteration, d.candidate, d.kept, d.native_only)),
            _ => None,
        })
        .collect()
}

/// A parallel candidate on a machine with two cores or more: checked in
/// WebAssembly and natively, decided on native wall time alone.
fn a_parallel_candidate_is_kept(program: &str, inputs: &[&str], candidate: &str) {
    let mut scenario = Scenario::with_inputs(program, inputs);
    scenario.options.threads = 2;
    scenario.chat.script(Role::Generator, [fenced("One chunk per core:", candidate)]);
    let ran = scenario.run().unwrap();
    let outcome = &ran.summary.outcome;
    assert!(outcome.improved, "{:#?}", ran.records);
    assert!(ran.verdict("it1/c1/check").contains("threads natively"), "{}", ran.verdict("it1/c1/check"));
    assert_eq!(decisions(&ran), [(1, 1, true, true)], "decided on native time alone");
    let wall = outcome.wall.as_ref().expect("timed against the original");
    assert_eq!(wall.verdict, sandbox::Verdict::Faster, "{wall:?}");
    assert_eq!((wall.a_usage.threads, wall.threads_used(), wall.cores), (1, 2, 2), "{wall:?}");
    assert!(wall.b_usage.cpu_ms > 0.0 && wall.b_usage.peak_memory_bytes > 0, "{wall:?}");
    let efficiency = ran.summary.parallel_efficiency.expect("shown for a parallel best");
    assert!((efficiency - wall.speedup() / 2.0).abs() < 1e-9, "{efficiency} vs {wall:?}");
    // The generator was told the machine and the crates.
    let asked = &scenario.chat.received_by(Role::Generator)[0].user;
    assert!(asked.contains("a machine with 2 cores") && asked.contains("rayon 1."), "{asked}");
}

#[test]
fn a_thread_scope_candidate_is_kept_when_faster_natively() {
    a_parallel_candidate_is_kept(PARTS, &["8\n", "6\n"], PARTS_SCOPE);
}

#[test]
fn a_rayon_candidate_is_built_checked_and_kept_when_faster_natively() {
    a_parallel_candidate_is_kept(PARTS, &["8\n", "6\n"], PARTS_RAYON);
}

#[test]
fn a_parallel_candidate_with_a_data_race_is_rejected() {
    let mut scenario = Scenario::with_inputs(HISTOGRAM, &HISTOGRAM_INPUTS);
    scenario.options.threads = 2;
    scenario.chat.script(Role::Generator, [fenced("Share one table:", HISTOGRAM_RACY)]);
    let ran = scenario.run().unwrap();
    assert!(!ran.summary.outcome.improved, "{:#?}", ran.records);
    // Right in WebAssembly (one thread), wrong natively: lost updates.
    assert!(ran.verdict("it1/c1/check").starts_with("wrong output on input"), "{}", ran.verdict("it1/c1/check"));
    assert!(decisions(&ran).is_empty());
}

#[test]
fn a_candidate_that_starts_a_process_is_refused_as_forbidden() {
    let scenario = Scenario::new(SLOW, &[3000, 3500]);
    // Right in WebAssembly, where the fork is compiled out.
    let forks = "fn work(n: u64) -> u64 {
    #[cfg(not(target_family = \"wasm\"))]
    {
        unsafe extern \"C\" { fn fork() -> i32; }
        unsafe { fork() };
    }
    let s = n * n.saturating_sub(1) / 2;
    s.wrapping_mul(s)
}";
    scenario.chat.script(Role::Generator, [fenced("Closed form, with a helper process:", forks)]);
    let ran = scenario.run().unwrap();
    assert!(!ran.summary.outcome.improved);
    // The file's #[test] functions run first, natively: the fork is there.
    assert_eq!(ran.verdict("it1/c1/check"), "forbidden on input #[test]");
    let told = &scenario.chat.received_by(Role::Fix)[0].user;
    assert!(told.contains("create a process") && told.contains("use threads"), "{told}");
}

#[test]
fn a_candidate_using_a_crate_off_the_list_is_refused_with_the_list() {
    let scenario = Scenario::new(SLOW, &[3000, 3500]);
    let regex = "use regex::Regex;\nfn work(n: u64) -> u64 {\n    let _ = Regex::new(\"a\");\n    n\n}";
    scenario.chat.script(Role::Generator, [fenced("A regex:", regex)]);
    let ran = scenario.run().unwrap();
    let verdict = ran.verdict("it1/c1/check");
    assert!(verdict.starts_with("rejected") && verdict.contains("regex"), "{verdict}");
    for allowed in sandbox::ALLOWED_CRATES {
        assert!(verdict.contains(&allowed.crate_name()), "{verdict} lists {}", allowed.name);
    }
}

#[test]
fn a_program_that_already_uses_an_allowed_crate_is_optimised() {
    let program = SLOW.replacen("use std::io::Read;", "use rustc_hash::FxHashMap;\nuse std::io::Read;", 1).replacen(
        "    println!(\"{}\", work(n));",
        "    let mut results: FxHashMap<u64, u64> = FxHashMap::default();\n    results.insert(n, work(n));\n    \
             println!(\"{}\", results[&n]);",
        1,
    );
    assert!(program.contains("FxHashMap::default()"), "{program}");
    let scenario = Scenario::new(&program, &[3000, 3500]);
    scenario.chat.script(Role::Generator, [fenced("Closed form:", FAST)]);
    let ran = scenario.run().unwrap();
    assert!(ran.summary.outcome.improved, "{:#?}", ran.records);
    assert!(ran.written.contains("use rustc_hash::FxHashMap;") && ran.written.contains(FAST), "{}", ran.written);
}
