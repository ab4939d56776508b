//! The optimisation loop: the generator proposes faster code, the evaluator
//! proves it correct and measures it, the retriever brings techniques with
//! their sources, and the best correct version is kept.
//!
//! Each iteration: retrieve (unless search is off); ask the generator for
//! `candidates` versions of the current best (of a whole program, they take
//! turns rewriting its hottest functions alone and the whole program, see
//! [`focus`]), given the evaluator's last feedback and analysis and the
//! techniques; build each, with one repair
//! round for a compile error; check it (tests, identical behaviour on every
//! input, hidden ones included), with one fix round for a candidate that
//! misbehaves, and count its fuel; time the most promising
//! one natively against the current best; keep it if it is faster; ask the
//! evaluator for a short analysis. Every step is logged in the run
//! directory ([`Journal`]), which is what makes a run resumable.
//!
//! The seams: a [`Task`] says what is optimised and judges candidates (it
//! owns the [`sandbox::Sandbox`] it builds them in); a [`Chat`] is any
//! model; a [`search::Search`] is the retriever. [`run`] wires them for
//! one run from its run directory, as the command line, the job service
//! and the bench use it.

mod ask;
mod chat;
pub mod code;
mod event;
pub mod focus;
pub mod inputs;
mod journal;
mod openai;
mod optimiser;
mod options;
pub mod package;
pub mod policy;
pub mod prompts;
mod retrieve;
pub mod run;
mod spec;
pub mod task;

#[cfg(test)]
mod scenarios;

pub use ask::Asker;
pub use chat::{Agent, AgentUsage, Chat, ChatError, ChatRequest, Reply, Usage};
pub use event::{
    CandidateChecked, CandidateResult, Decision, Event, IterationDone, LoggedChat, ModelQueries, Record, Retrieval,
    Retrieved, Step,
};
pub use journal::{EVENTS, Journal, Observer, read_events, write_atomically};
pub use openai::{LlmSettings, OpenAiChat};
pub use optimiser::Optimiser;
pub use options::{Options, Outcome, Stop};
pub use spec::RunSpec;
pub use task::{Check, FileTask, ProblemTask, Task};
