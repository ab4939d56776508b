//! `marco sandbox ...`: the sandbox on the command line.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use sandbox::{Limits, Outcome, Program, Sandbox, SandboxConfig, Target};

#[derive(Subcommand)]
pub enum SandboxCommand {
    /// Build a single-file Rust program and run it in the sandbox.
    ///
    /// By default the program is compiled to wasm32-wasip1 and run in
    /// wasmtime, which reports deterministic fuel. With --native it runs as a
    /// confined native process, for real wall-clock time.
    ///
    /// Exit status: 0 when the program ran and exited with 0, 2 when it did
    /// not (rejected, compile error, panic, limit hit...), 1 when marco itself
    /// failed.
    Run(RunArgs),
}

#[derive(Args)]
pub struct RunArgs {
    /// The Rust source file (a whole program with `fn main`).
    file: PathBuf,
    /// Build and run natively instead of in WebAssembly.
    #[arg(long)]
    native: bool,
    /// Feed this file to the program's stdin (`-` for marco's own stdin).
    #[arg(long, value_name = "FILE")]
    stdin: Option<PathBuf>,
    /// Fuel budget (WebAssembly instructions, roughly).
    #[arg(long, value_name = "N", default_value_t = Limits::default().fuel)]
    fuel: u64,
    /// Memory cap in MiB.
    #[arg(long, value_name = "N", default_value_t = Limits::default().memory_bytes >> 20)]
    memory_mb: u64,
    /// Wall-clock deadline in milliseconds.
    #[arg(long, value_name = "N", default_value_t = Limits::default().timeout.as_millis() as u64)]
    timeout_ms: u64,
    /// Cores a native run may use, and threads besides its main one (1:
    /// none) [default: every core of this machine].
    #[arg(long, value_name = "N")]
    threads: Option<u32>,
    /// Print the outcome as JSON.
    #[arg(long)]
    json: bool,
}

pub fn execute(command: SandboxCommand) -> Result<ExitCode> {
    match command {
        SandboxCommand::Run(args) => run(args),
    }
}

fn run(args: RunArgs) -> Result<ExitCode> {
    let source = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let stdin = match &args.stdin {
        None => Vec::new(),
        Some(path) if path.as_os_str() == "-" => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("cannot read stdin")?;
            buf
        }
        Some(path) => std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
    };
    anyhow::ensure!(args.memory_mb > 0, "--memory-mb must be at least 1");
    anyhow::ensure!(args.timeout_ms > 0, "--timeout-ms must be at least 1");
    anyhow::ensure!(args.threads != Some(0), "--threads must be at least 1 (1 forbids threads)");
    let limits = Limits {
        fuel: args.fuel,
        memory_bytes: args.memory_mb << 20,
        timeout: Duration::from_millis(args.timeout_ms),
        threads: args.threads.unwrap_or_else(sandbox::available_cores),
        ..Limits::default()
    };
    let target = if args.native { Target::Native } else { Target::Wasm };
    let sandbox = Sandbox::new(SandboxConfig::default()).context("cannot set up the sandbox")?;
    let outcome = sandbox.evaluate(&Program::new(source), target, &stdin, &limits)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    } else {
        print_human(&outcome);
    }
    Ok(if outcome.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn print_human(outcome: &Outcome) {
    println!("status: {}", outcome.status);
    if let Some(message) = &outcome.message {
        println!("message: {message}");
    }
    for diagnostic in &outcome.diagnostics {
        match &diagnostic.rendered {
            Some(rendered) => print!("{rendered}"),
            None => println!("{}: {}", diagnostic.level, diagnostic.message),
        }
    }
    if let Some(code) = outcome.exit_code {
        println!("exit code: {code}");
    }
    if let Some(fuel) = outcome.fuel {
        println!("fuel: {fuel}");
    }
    if outcome.wall_ms > 0.0 {
        println!("wall: {:.2} ms", outcome.wall_ms);
    }
    if let Some(cpu) = outcome.cpu_ms {
        println!("cpu: {cpu:.2} ms");
    }
    if let Some(threads) = outcome.threads.filter(|&t| t > 1) {
        println!("threads: {threads}");
    }
    if let Some(peak) = outcome.peak_memory_bytes {
        println!("peak memory: {:.1} MiB", peak as f64 / (1 << 20) as f64);
    }
    if !outcome.stdout.is_empty() {
        println!("--- stdout ---\n{}", outcome.stdout.trim_end_matches('\n'));
    }
    if !outcome.stderr.is_empty() {
        println!("--- stderr ---\n{}", outcome.stderr.trim_end_matches('\n'));
    }
}
