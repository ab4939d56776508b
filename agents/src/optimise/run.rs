//! One run of the loop from its run directory to its result, shared by
//! `marco optimise` and the job server: set up the task (inputs included),
//! run the [`Optimiser`], write the result and the summary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sandbox::Sandbox;
use search::Search;
use serde::{Deserialize, Serialize};
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use super::ask::Asker;
use super::chat::{Agent, Chat, ChatRequest};
use super::code::{self, Source};
use super::event::Event;
use super::inputs::{self, Inputs, InputsRecord};
use super::journal::{Journal, write_atomically};
use super::optimiser::Optimiser;
use super::options::{Outcome, Stop};
use super::prompts;
use super::spec::RunSpec;
use super::task::{self, FileTask, ProblemTask, Task};
use crate::text::clip;

/// What a run talks to. The caller sets each up once (from flags, a
/// config file, the environment) and may share them between runs.
pub struct Services<'a> {
    /// The model every agent asks.
    pub chat: &'a dyn Chat,
    /// The retriever, for a run that searches.
    pub search: Option<&'a Search>,
    /// Where candidates are built and measured; its build cache (and the
    /// problems' memoised expected results) serve every run given it.
    pub sandbox: &'a Sandbox,
    /// Where async calls run; the loop itself runs on the caller's thread.
    pub runtime: Handle,
}

/// What a run ends with, as `summary.json` and `--json` show it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub file: PathBuf,
    pub problem: Option<String>,
    pub run_dir: PathBuf,
    /// Where the best version was written (absent when interrupted).
    pub written: Option<PathBuf>,
    pub inputs: InputsRecord,
    pub model: String,
    /// The best's speed-up over the original per thread it ran natively,
    /// when it ran several (1: perfect scaling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallel_efficiency: Option<f64>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// A finished (or interrupted) run.
pub struct Finished {
    pub summary: Summary,
    pub original: String,
    /// The whole file of the best version.
    pub result: String,
}

/// A new run directory holding the original and the settings.
pub fn create(spec: &RunSpec, dir: &Path) -> Result<Journal> {
    let text = std::fs::read_to_string(&spec.file).with_context(|| format!("cannot read {}", spec.file.display()))?;
    let mut journal = Journal::create(dir)?;
    journal.write_file("original.rs", text.as_bytes())?;
    journal.write_file("run.json", serde_json::to_string_pretty(spec)?.as_bytes())?;
    journal.log(Event::Started(spec.clone()))?;
    Ok(journal)
}

/// An existing run directory, to continue.
pub fn reopen(dir: &Path) -> Result<(RunSpec, Journal)> {
    let text = std::fs::read_to_string(dir.join("run.json"))
        .with_context(|| format!("{} is not a marco run directory (no run.json)", dir.display()))?;
    let spec = serde_json::from_str(&text).with_context(|| format!("in {}", dir.join("run.json").display()))?;
    Ok((spec, Journal::open(dir)?))
}

/// Runs the loop to its end (or to `cancel`), writes the result (unless
/// interrupted) and `summary.json`. `note` hears what the user should know.
pub fn execute(
    spec: &RunSpec,
    journal: &mut Journal,
    services: &Services<'_>,
    cancel: CancellationToken,
    note: &dyn Fn(&str),
) -> Result<Finished> {
    let original =
        std::fs::read_to_string(journal.dir().join("original.rs")).context("the run directory lost original.rs")?;
    let sandbox = services.sandbox;
    let inputs_asker = Asker::new(services.chat, services.runtime.clone());
    let (task, inputs): (Box<dyn Task + '_>, InputsRecord) = match &spec.problem {
        Some(id) => {
            let problem = problems::find(id).with_context(|| format!("no problem {id} (see `marco problems list`)"))?;
            let record = InputsRecord {
                visible: Vec::new(),
                hidden: Vec::new(),
                origin: format!("problem {id}'s generators, one seed hidden"),
            };
            (Box::new(ProblemTask::new(sandbox, problem, &original, hidden_seed(spec.options.seed))), record)
        }
        None => {
            let source = Source::program(&original).with_context(|| format!("in {}", spec.file.display()))?;
            task::ensure_original_builds(sandbox, &source)?;
            let record = prepare_inputs(journal, &inputs_asker, sandbox, spec, &original, note)?;
            note(&format!(
                "inputs: {} shown to the generator, {} hidden ({})",
                record.visible.len(),
                record.hidden.len(),
                record.origin
            ));
            let loaded = Inputs::load(journal.dir(), &record)?;
            (Box::new(FileTask::new(sandbox, source, loaded, spec.options.threads)?), record)
        }
    };
    let search = services.search.filter(|_| spec.options.search);
    let outcome = Optimiser::new(task.as_ref(), services.chat, search, &spec.options, services.runtime.clone())
        .cancel_on(cancel)
        .spent_before(&inputs_asker.usage())
        .run(journal)?;
    let result = task.assemble(&outcome.best);
    let written = if outcome.stop == Stop::Interrupted {
        None
    } else {
        let target = if spec.in_place { &spec.file } else { &spec.output };
        write_atomically(target, result.as_bytes())?;
        Some(target.clone())
    };
    let summary = Summary {
        file: spec.file.clone(),
        problem: spec.problem.clone(),
        run_dir: journal.dir().to_path_buf(),
        written,
        parallel_efficiency: outcome.wall.as_ref().and_then(|w| w.parallel_efficiency()),
        inputs,
        model: spec.model.clone(),
        outcome,
    };
    journal.write_file("summary.json", serde_json::to_string_pretty(&summary)?.as_bytes())?;
    Ok(Finished { summary, original, result })
}

/// The seed of a problem's cases that the generator never sees, for a run
/// with `seed`.
pub fn hidden_seed(seed: u64) -> u64 {
    seed ^ 0x6869_6464_656e // "hidden"
}

/// How many times the LLM is asked for an input generator.
const GENERATOR_ATTEMPTS: u64 = 3;

/// The user's inputs, or ones from an LLM-written generator (retried, shown
/// its previous code and what went wrong with it); as a last resort the
/// empty input.
fn prepare_inputs(
    journal: &mut Journal,
    asker: &Asker<'_>,
    sandbox: &Sandbox,
    spec: &RunSpec,
    original: &str,
    note: &dyn Fn(&str),
) -> Result<InputsRecord> {
    // A resumed run goes through the same steps: the generator's replies
    // are replayed from the log (and counted), its runs are deterministic.
    let (inputs, origin) = if !spec.input_files.is_empty() {
        (Inputs::from_files(&spec.input_files)?, format!("{} file(s) given with --input", spec.input_files.len()))
    } else {
        let seeds: Vec<u64> = (0..inputs::GENERATED as u64)
            .map(|i| spec.options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1000 + i))
            .collect();
        let mut problem: Option<(String, String)> = None;
        let mut made = None;
        for attempt in 0..GENERATOR_ATTEMPTS {
            journal.log(Event::Progress { what: "asking the LLM for an input generator".into() })?;
            let request = ChatRequest {
                agent: Agent::Inputs,
                system: prompts::INPUTS_SYSTEM.to_string(),
                user: prompts::input_generator(
                    original,
                    problem.as_ref().map(|(code, why)| (code.as_str(), why.as_str())),
                ),
                // A generator is a short program; a rambling reply is cut early.
                max_tokens: spec.options.reply_tokens.min(768),
                temperature: 0.2,
                seed: spec.options.seed ^ attempt,
            };
            let reply = asker.ask(journal, &format!("inputs/generator/{attempt}"), &request)?;
            match inputs::run_generator(sandbox, &reply.text, original, &seeds) {
                Ok(inputs) => {
                    made = Some(inputs);
                    break;
                }
                Err(why) => {
                    journal.log(Event::InputsRejected { attempt, why: why.clone() })?;
                    let code = code::largest_code_block(&reply.text).unwrap_or_default();
                    problem = Some((code, why));
                }
            }
        }
        match made {
            Some(inputs) => (inputs, "generated by an LLM-written generator, checked on the original".to_string()),
            None => {
                let why = problem.map(|(_, why)| why).unwrap_or_default();
                note(&format!(
                    "warning: the LLM's input generator did not work ({}); marco checks on the empty input alone, \
                     with no hidden inputs. Give inputs with --input FILE for a stronger check.",
                    clip(&why, 200)
                ));
                let empty = inputs::Input { name: "v1".into(), bytes: Vec::new() };
                (Inputs { visible: vec![empty], hidden: Vec::new() }, "the empty input (no generator worked)".into())
            }
        }
    };
    inputs.save(journal.dir())?;
    let record = inputs.record(origin);
    journal.step("inputs", || Ok(record.clone()))?;
    Ok(record)
}
