//! marco makes Rust code faster: an LLM generator, a sandboxed evaluator
//! and a retriever in a feedback loop.
//!
//! [`optimise`] is the loop as a library: [`optimise::Optimiser`] over a
//! [`optimise::Task`], asking a [`optimise::Chat`] and a
//! [`search::Search`], logging every step in a [`optimise::Journal`]; and
//! [`optimise::run`], one run from its run directory to its result.
//! [`settings::Settings`] is the one place where command-line flags,
//! `marco.toml`, a job's options and the defaults meet.
//!
//! The `marco` binary (command line, job service, bench) is its caller; it
//! alone reads the environment and configuration files.

pub mod optimise;
pub mod settings;
pub mod text;
