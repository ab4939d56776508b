//! `marco problems ...`: the LeetCode 75 set on the command line.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use problems::{DEFAULT_SEED, Evaluator, Judgement, Problem, Scale};
use sandbox::{Comparison, Sandbox, SandboxConfig};
use serde::Serialize;

#[derive(Subcommand)]
pub enum ProblemsCommand {
    /// List the problems in study-plan order.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a problem's statement, signature and a template to start from.
    Show {
        /// LeetCode number (e.g. 1768) or slug (e.g. merge-strings-alternately).
        problem: String,
    },
    /// Check a solution: correctness on every case, then its fuel (and with
    /// --native its wall time) against the baseline and reference solutions
    /// at perf scale.
    ///
    /// Exit status: 0 when the solution is correct, 2 when it is not, 1 when
    /// marco itself failed.
    Check(CheckArgs),
    /// Measure every problem's baseline and reference at perf scale and write
    /// the fuel table (Markdown).
    Table {
        /// Write the table here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Seed of the input generators.
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
    },
}

#[derive(Args)]
pub struct CheckArgs {
    /// LeetCode number (e.g. 1768) or slug.
    problem: String,
    /// The solution: a Rust file with `impl Solution { ... }` (or the design
    /// problem's struct and impl), as submitted to LeetCode.
    file: PathBuf,
    /// Also time the solution natively against the baseline and reference.
    #[arg(long)]
    native: bool,
    /// Interleaved native runs per comparison.
    #[arg(long, default_value_t = 10, value_name = "N")]
    rounds: usize,
    /// Seed of the input generators.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn execute(command: ProblemsCommand) -> Result<ExitCode> {
    match command {
        ProblemsCommand::List { json } => list(json),
        ProblemsCommand::Show { problem } => show(find(&problem)?),
        ProblemsCommand::Check(args) => check(args),
        ProblemsCommand::Table { out, seed } => table(out, seed),
    }
}

fn find(key: &str) -> Result<&'static dyn Problem> {
    problems::find(key)
        .with_context(|| format!("no problem `{key}`: give a LeetCode number or slug from `marco problems list`"))
}

fn list(json: bool) -> Result<ExitCode> {
    let infos: Vec<_> = problems::all().iter().map(|p| p.info()).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&infos)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:>3}  {:>5}  {:<8}  {:<22}  title", "#", "id", "level", "category");
    for info in infos {
        let level = format!("{:?}", info.difficulty);
        println!("{:>3}  {:>5}  {:<8}  {:<22}  {}", info.order, info.id, level, info.category, info.title);
    }
    Ok(ExitCode::SUCCESS)
}

fn show(problem: &dyn Problem) -> Result<ExitCode> {
    let info = problem.info();
    println!("{} {} ({:?}, {})\n", info.id, info.title, info.difficulty, info.category);
    println!("{}", info.statement.trim_end());
    println!("\nSignature: {}", info.signature);
    println!("\nStart from:\n");
    let api = problem.api();
    let owner = api.owner();
    // The harness supplies `Solution`; a design problem's type is the solver's.
    if owner != "Solution" {
        println!("struct {owner} {{}}\n");
    }
    println!("impl {owner} {{");
    for signature in api.signatures() {
        println!("    {} {{\n        todo!()\n    }}", signature.trim_end_matches(';'));
    }
    println!("}}");
    Ok(ExitCode::SUCCESS)
}

fn open_sandbox() -> Result<Sandbox> {
    Sandbox::new(SandboxConfig::default()).context("cannot set up the sandbox")
}

/// Fuel of the solution against the baseline and the reference at perf scale.
#[derive(Serialize)]
struct FuelRatios {
    solution: u64,
    baseline: u64,
    reference: u64,
    /// solution / baseline: below 1 means less work than the baseline.
    vs_baseline: f64,
    vs_reference: f64,
}

#[derive(Serialize)]
struct NativeRatios {
    /// Wall time of the solution over the baseline's (B = solution, A = baseline).
    vs_baseline: Comparison,
    vs_reference: Comparison,
}

#[derive(Serialize)]
struct CheckReport {
    problem: u32,
    correct: bool,
    judgements: Vec<Judgement>,
    fuel: Option<FuelRatios>,
    native: Option<NativeRatios>,
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let problem = find(&args.problem)?;
    let solution =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let sandbox = open_sandbox()?;
    let evaluator = Evaluator::new(&sandbox);
    let mut report =
        CheckReport { problem: problem.info().id, correct: false, judgements: vec![], fuel: None, native: None };
    for scale in [Scale::Small, Scale::Perf] {
        let judgement = evaluator.judge(problem, &solution, scale, args.seed)?;
        let correct = judgement.is_correct();
        report.judgements.push(judgement);
        if !correct {
            return finish(&report, args.json, ExitCode::from(2));
        }
    }
    report.correct = true;
    let solution_fuel = report.judgements[1].fuel.unwrap_or(0);
    let (baseline, reference) = own_perf_fuel(&evaluator, problem, args.seed)?;
    report.fuel = Some(FuelRatios {
        solution: solution_fuel,
        baseline,
        reference,
        vs_baseline: solution_fuel as f64 / baseline as f64,
        vs_reference: solution_fuel as f64 / reference as f64,
    });
    if args.native {
        let compare =
            |other: &str| evaluator.compare_native(problem, other, &solution, Scale::Perf, args.seed, args.rounds);
        report.native = Some(NativeRatios {
            vs_baseline: compare(problem.baseline())?,
            vs_reference: compare(problem.reference())?,
        });
    }
    finish(&report, args.json, ExitCode::SUCCESS)
}

fn finish(report: &CheckReport, json: bool, code: ExitCode) -> Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(code);
    }
    for j in &report.judgements {
        let scale = format!("{:?}", j.scale).to_lowercase();
        println!("{scale:<5}  {}/{} cases correct", j.passed, j.cases);
        if let Some(failure) = &j.failure {
            println!(
                "\nwrong{}: {}",
                failure.case.as_ref().map(|c| format!(" on {c}")).unwrap_or_default(),
                failure.reason
            );
            if let Some(input) = &failure.input {
                println!("input: {input}");
            }
        }
    }
    if let Some(fuel) = &report.fuel {
        println!("\nfuel at perf scale: {}", fuel.solution);
        println!("  baseline  {:>14}  solution/baseline  {:.3}x", fuel.baseline, fuel.vs_baseline);
        println!("  reference {:>14}  solution/reference {:.3}x", fuel.reference, fuel.vs_reference);
    }
    if let Some(native) = &report.native {
        println!("\nnative wall time at perf scale (median of paired ratios, 95% interval):");
        for (name, c) in [("baseline", &native.vs_baseline), ("reference", &native.vs_reference)] {
            println!("  solution/{name:<9} {:.3}x [{:.3}, {:.3}]  {:?}", c.ratio, c.ci_low, c.ci_high, c.verdict);
        }
    }
    Ok(code)
}

/// Perf-scale fuel of the problem set's own baseline and reference, which
/// must pass their cases (a failure is a bug in marco).
fn own_perf_fuel(evaluator: &Evaluator, problem: &dyn Problem, seed: u64) -> Result<(u64, u64)> {
    let fuel = |solution: &str| -> Result<u64> {
        let judgement = evaluator.judge(problem, solution, Scale::Perf, seed)?;
        match (judgement.is_correct(), judgement.fuel) {
            (true, Some(fuel)) => Ok(fuel),
            _ => bail!("a solution of {} failed its own perf cases: {:?}", problem.info().id, judgement.failure),
        }
    };
    Ok((fuel(problem.baseline())?, fuel(problem.reference())?))
}

fn table(out: Option<PathBuf>, seed: u64) -> Result<ExitCode> {
    let sandbox = open_sandbox()?;
    let evaluator = Evaluator::new(&sandbox);
    let all = problems::all();
    let bar = ProgressBar::new(all.len() as u64)
        .with_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} (eta {eta})").expect("valid template"));
    let mut text = String::new();
    writeln!(text, "# LeetCode 75: baseline and reference fuel at perf scale\n")?;
    writeln!(
        text,
        "Generated by `marco problems table --out benchmarks/reports/lc75-baselines.md` (seed {seed}). \
         Fuel counts WebAssembly instructions for all perf cases of a problem in one run; it is \
         deterministic. *Harness* is the fuel of the same run with no solution called: decoding \
         the input (arguments a solution takes by value are left undropped, since dropping them \
         is the solution's work). *Solution* columns subtract it, so they show the solutions' own \
         work, including writing their results. Problems with a hand-written driver (design \
         problems, and those whose harness hands over or identifies tree nodes) have no harness \
         figure.\n"
    )?;
    writeln!(
        text,
        "| # | id | problem | cases | baseline fuel | reference fuel | total ratio | harness fuel | baseline solution | reference solution | solution ratio |"
    )?;
    writeln!(text, "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for problem in all {
        let info = problem.info();
        bar.set_message(format!("{} {}", info.id, info.title));
        let (baseline, reference) = own_perf_fuel(&evaluator, problem.as_ref(), seed)?;
        let cases = problem.cases(Scale::Perf, seed).len();
        let harness = evaluator.overhead_fuel(problem.as_ref(), Scale::Perf, seed)?;
        let own = |total: u64| harness.map(|h| total.saturating_sub(h));
        let cell = |v: Option<u64>| v.map_or("".to_string(), |v| v.to_string());
        let solution_ratio = match (own(baseline), own(reference)) {
            (Some(b), Some(r)) if r > 0 => format!("{:.2}", b as f64 / r as f64),
            _ => String::new(),
        };
        writeln!(
            text,
            "| {} | {} | {} | {cases} | {baseline} | {reference} | {:.2} | {} | {} | {} | {solution_ratio} |",
            info.order,
            info.id,
            info.title,
            baseline as f64 / reference as f64,
            cell(harness),
            cell(own(baseline)),
            cell(own(reference)),
        )?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    match out {
        Some(path) => std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
