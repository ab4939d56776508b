//! What a run's log holds: one closed [`Event`] per line of `events.jsonl`,
//! with a typed payload. Every reader (`marco optimise`'s display, the job
//! store, the bench) `match`es on it, so a renamed field breaks the build,
//! not a report.
//!
//! The lines keep the format marco wrote before events were typed:
//! `{"seq", "time_ms", "type", "key"?, "data"}`; run directories from then
//! resume as they are.

use sandbox::Comparison;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::chat::Reply;
use super::inputs::InputsRecord;
use super::options::Outcome;
use super::package::bench::Measured;
use super::package::build_settings::SettingResult;
use super::package::spec::{PackageSpec, Ranking};
use super::spec::RunSpec;
use super::task::Check;

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub time_ms: u64,
    /// The step's key, for events that a resumed run replays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(flatten)]
    pub event: Event,
}

/// Everything a run logs. Steps (an LLM call, a check, a timing, a
/// retrieval, the inputs) carry a key in their [`Record`] and are replayed
/// on resume; the others narrate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum Event {
    /// A new run with its settings.
    Started(RunSpec),
    /// What the loop is doing now (a progress line).
    Progress { what: String },
    /// An LLM-written input generator that did not work, and why.
    InputsRejected { attempt: u64, why: String },
    /// The inputs the run checks on (step).
    Inputs(InputsRecord),
    /// One LLM call (step).
    Llm(LoggedChat),
    /// The searches the model suggested for the code (step).
    ModelQueries(ModelQueries),
    /// The retriever's techniques for an iteration (step).
    Retrieval(Retrieval),
    /// The evaluator's verdict on a version (step).
    Check(Check),
    /// A candidate's code and verdict, or why its reply had none.
    Candidate(CandidateChecked),
    /// A native interleaved comparison (step).
    Timing(Comparison),
    /// Whether an iteration's finalist was kept.
    Decision(Decision),
    /// An iteration finished.
    Iteration(IterationDone),
    /// The run finished (or was interrupted).
    Finished(Outcome),
    /// A bench's LLM-written start solution, checked.
    StartChecked { attempt: u64, failure: Option<String> },
    /// A new package run with its settings.
    PackageStarted(PackageSpec),
    /// The profile's ranking of a package's functions (step).
    Ranking(Ranking),
    /// Two versions of a package timed on its benchmarks (step).
    Benchmarks(Measured),
    /// Release-build settings timed on a package's benchmarks (step).
    BuildSettings(Vec<SettingResult>),
    /// A package's target function, and what the loop did with it.
    TargetDone { function: String, improved: bool, note: String },
}

impl Event {
    /// The `type` the log names it by.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Started(_) => "started",
            Event::Progress { .. } => "progress",
            Event::InputsRejected { .. } => "inputs_rejected",
            Event::Inputs(_) => "inputs",
            Event::Llm(_) => "llm",
            Event::ModelQueries(_) => "model_queries",
            Event::Retrieval(_) => "retrieval",
            Event::Check(_) => "check",
            Event::Candidate(_) => "candidate",
            Event::Timing(_) => "timing",
            Event::Decision(_) => "decision",
            Event::Iteration(_) => "iteration",
            Event::Finished(_) => "finished",
            Event::StartChecked { .. } => "start_checked",
            Event::PackageStarted(_) => "package_started",
            Event::Ranking(_) => "ranking",
            Event::Benchmarks(_) => "benchmarks",
            Event::BuildSettings(_) => "build_settings",
            Event::TargetDone { .. } => "target_done",
        }
    }

    /// The payload as JSON, as the job API streams it.
    pub fn data(&self) -> Value {
        match serde_json::to_value(self) {
            Ok(Value::Object(mut fields)) => fields.remove("data").unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }
}

/// An LLM call as the log keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoggedChat {
    pub system: String,
    pub prompt: String,
    pub reply: Reply,
}

/// The searches a model suggested, with its reply when it gave one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelQueries {
    pub queries: Vec<String>,
    pub reply: Option<Reply>,
}

/// A retrieved passage as shown to the generator and logged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Retrieved {
    pub text: String,
    pub citation: String,
}

/// What the retriever found for one iteration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Retrieval {
    pub searches: Vec<String>,
    pub passages: Vec<Retrieved>,
    pub note: Option<String>,
}

/// One candidate at one step (`check`, `recheck`, `check-rustc1`, ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CandidateChecked {
    /// `it2/c1`.
    pub key: String,
    pub step: String,
    #[serde(flatten)]
    pub result: CandidateResult,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CandidateResult {
    /// Its code was checked: the verdict's headline.
    Checked { verdict: String, code: String },
    /// The reply gave nothing to check.
    Unusable { unusable: String },
}

/// Whether an iteration's finalist was kept, with its native timing
/// against the best so far.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decision {
    pub iteration: u32,
    pub candidate: u32,
    pub kept: bool,
    /// `None` for a candidate whose threads WebAssembly cannot run.
    pub fuel: Option<u64>,
    /// It used about the best's fuel, so only a native gain could keep it
    /// (logs from before such finalists existed have no such field).
    #[serde(default)]
    pub native_only: bool,
    pub timing: Comparison,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IterationDone {
    pub iteration: u32,
    /// `None` when the best starts threads, which WebAssembly cannot run.
    pub best_fuel: Option<u64>,
    /// Original fuel over the best's.
    pub fuel_speedup: Option<f64>,
}

/// A result the journal keeps under a key and replays on resume.
pub trait Step: Clone {
    fn into_event(self) -> Event;
    /// The result, if `event` is one of this kind.
    fn from_event(event: &Event) -> Option<Self>;
}

macro_rules! step {
    ($type:ty, $variant:ident) => {
        impl Step for $type {
            fn into_event(self) -> Event {
                Event::$variant(self)
            }

            fn from_event(event: &Event) -> Option<Self> {
                match event {
                    Event::$variant(value) => Some(value.clone()),
                    _ => None,
                }
            }
        }
    };
}

step!(Check, Check);
step!(Comparison, Timing);
step!(LoggedChat, Llm);
step!(ModelQueries, ModelQueries);
step!(Retrieval, Retrieval);
step!(InputsRecord, Inputs);
step!(Ranking, Ranking);
step!(Measured, Benchmarks);
step!(Vec<SettingResult>, BuildSettings);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_the_untyped_format() {
        let line =
            r#"{"seq":9,"time_ms":5,"type":"candidate","data":{"key":"it1/c1","step":"check","unusable":"unchanged"}}"#;
        let record: Record = serde_json::from_str(line).unwrap();
        let Event::Candidate(CandidateChecked { key, result: CandidateResult::Unusable { unusable }, .. }) =
            &record.event
        else {
            panic!("not an unusable candidate: {record:?}");
        };
        assert_eq!((key.as_str(), unusable.as_str(), record.key.as_deref()), ("it1/c1", "unchanged", None));
        let written: Value = serde_json::to_value(&record).unwrap();
        assert_eq!(written, serde_json::from_str::<Value>(line).unwrap(), "written back as it was read");
        assert_eq!(record.event.kind(), "candidate");
        assert_eq!(record.event.data()["step"], "check");

        let step =
            r#"{"seq":2,"time_ms":1,"type":"check","key":"original/check","data":{"fuel":21,"verdict":"correct"}}"#;
        let record: Record = serde_json::from_str(step).unwrap();
        assert_eq!(Check::from_event(&record.event), Some(Check::Correct { fuel: Some(21), threads: 1, cpu_ms: 0.0 }));
        assert!(Comparison::from_event(&record.event).is_none(), "a check is not a timing");
    }

    #[test]
    fn an_unknown_event_is_an_error() {
        let line = r#"{"seq":1,"time_ms":1,"type":"renamed","data":{}}"#;
        assert!(serde_json::from_str::<Record>(line).is_err());
    }
}
