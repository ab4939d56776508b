//! `marco`: makes Rust code faster.

mod bench;
mod bench_cmd;
mod llm_cmd;
mod llm_profile_cmd;
mod models_cmd;
mod optimise_cmd;
mod package_cmd;
mod problems_cmd;
mod pull_bar;
mod sandbox_cmd;
mod search_cmd;
mod serve;
mod serve_cmd;
mod wiring;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// marco makes Rust code faster: an LLM rewrites it, a sandboxed evaluator
/// checks and measures every candidate.
#[derive(Parser)]
#[command(name = "marco", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make a Rust program faster: an LLM generator and a sandboxed
    /// evaluator in a feedback loop, with retrieved techniques.
    ///
    /// The result goes to FILE.optimised.rs (or FILE with --in-place); the
    /// summary gives the fuel and wall-time speedups, the checks passed,
    /// tokens per agent and the sources cited, then a diff.
    Optimise(Box<optimise_cmd::OptimiseArgs>),
    /// Build and run untrusted Rust under limits.
    #[command(subcommand)]
    Sandbox(sandbox_cmd::SandboxCommand),
    /// The LeetCode 75 problem set: list, show, check a solution, fuel table.
    #[command(subcommand)]
    Problems(problems_cmd::ProblemsCommand),
    /// Local models: list, pull, path.
    #[command(subcommand)]
    Models(models_cmd::ModelsCommand),
    /// marco's own LLM backend: an OpenAI-compatible server.
    #[command(subcommand)]
    Llm(llm_cmd::LlmCommand),
    /// Find optimisation techniques with their sources: papers, the web, or
    /// the offline knowledge base.
    ///
    /// The query goes to every chosen backend at once; the passages are
    /// ranked with BM25, de-duplicated, and each is printed beside its source
    /// (title, authors or site, venue, year, URL). A backend that fails is
    /// reported and skipped; when none answers, marco's embedded offline
    /// knowledge base answers instead and says so. Without a network or keys
    /// it works out of the box.
    Search(search_cmd::SearchArgs),
    /// Run marco as a service: an HTTP job API (SQLite-backed, resumable,
    /// with Server-Sent Events) and a web page to watch jobs.
    Serve(serve_cmd::ServeArgs),
    /// Batch runs over a problem set: `marco bench leetcode75` runs the
    /// loop in several modes and writes a report with the MARCO paper's
    /// comparisons.
    #[command(subcommand)]
    Bench(bench_cmd::BenchCommand),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("MARCO_LOG").unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Optimise(args) if package_cmd::is_package(&args) => package_cmd::execute(*args),
        Command::Optimise(args) => optimise_cmd::execute(*args),
        Command::Sandbox(cmd) => sandbox_cmd::execute(cmd),
        Command::Problems(cmd) => problems_cmd::execute(cmd),
        Command::Models(cmd) => models_cmd::execute(cmd),
        Command::Llm(cmd) => llm_cmd::execute(cmd),
        Command::Search(args) => search_cmd::execute(args),
        Command::Serve(args) => serve_cmd::execute(args),
        Command::Bench(cmd) => bench_cmd::execute(cmd),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
