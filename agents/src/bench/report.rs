//! A bench's results: everything measured, gathered from the bench
//! directory, with the aggregates per mode and the paper's comparisons;
//! written as `results.json`, `report.md` and two SVG charts.
//!
//! Every aggregate is computed from the per-problem records in the same
//! file, so a reader can check each one.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::charts::{self, Bars};
use super::model::{
    BenchSpec, COMPARED, Mode, Pair, ProblemFigures, StartFrom, UnitResult, read_json, unit_file, write_json,
};
use marco::optimise::write_atomically;

/// Everything a bench measured and what follows from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    pub spec: BenchSpec,
    pub problems: Vec<ProblemResult>,
    pub modes: Vec<ModeSummary>,
    pub comparisons: Vec<PairSummary>,
    /// Problem-mode units not finished yet, as "ID mode".
    pub unfinished: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProblemResult {
    pub id: String,
    pub title: String,
    pub difficulty: String,
    pub category: String,
    #[serde(flatten)]
    pub figures: ProblemFigures,
    pub units: Vec<UnitReport>,
    pub pairs: Vec<Pair>,
}

/// A unit's result with the figures derived from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitReport {
    #[serde(flatten)]
    pub result: UnitResult,
    /// Absent for a wrong result.
    pub fuel_speedup: Option<FuelSpeedup>,
    /// Over the start, natively (1 when the result is the start).
    pub wall_speedup: f64,
    /// The whole confidence interval of the wall-time ratio is below 1.
    pub significantly_faster: bool,
    /// log(start/result) / log(start/reference), in fuel; absent when the
    /// reference uses no less fuel than the start, or the result is wrong.
    pub gap_closed: Option<f64>,
}

/// Fuel of each reference point over the result's: above 1, the result
/// uses less.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FuelSpeedup {
    pub vs_start: f64,
    pub vs_baseline: f64,
    pub vs_reference: f64,
}

/// One mode over every problem it finished with a correct start.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModeSummary {
    pub mode: Mode,
    pub problems: usize,
    pub correct: usize,
    pub share_correct: f64,
    pub significantly_faster: usize,
    pub share_significantly_faster: f64,
    /// Geometric means over the correct results.
    pub geomean_fuel_speedup: Option<f64>,
    pub geomean_wall_speedup: Option<f64>,
    /// Mean share of the start-to-reference gap closed, over `gap_problems`.
    pub mean_gap_closed: Option<f64>,
    pub gap_problems: usize,
    pub mean_tokens: f64,
    pub mean_seconds: f64,
    /// Distinct sources cited by kept candidates.
    pub sources_cited: usize,
}

/// One of the paper's comparisons: B's runtime against A's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairSummary {
    pub a: Mode,
    pub b: Mode,
    /// Problems where both results are correct.
    pub problems: usize,
    /// Mean over those problems of 1 − runtime(B)/runtime(A), from the
    /// side-by-side native timings (0 where both wrote the same code).
    pub mean_runtime_reduction: Option<f64>,
    /// The same in fuel.
    pub mean_fuel_reduction: Option<f64>,
    /// Geometric mean over those problems of runtime(B)/runtime(A): unlike
    /// the mean reduction, a slowdown and a speedup of the same factor
    /// cancel out.
    pub geomean_runtime_ratio: Option<f64>,
    pub geomean_fuel_ratio: Option<f64>,
    pub b_significantly_faster: usize,
    pub b_significantly_slower: usize,
    pub same_code: usize,
}

/// Gathers everything measured so far in `dir`.
pub fn collect(dir: &Path, spec: &BenchSpec) -> Result<Results> {
    let mut problems = Vec::new();
    let mut unfinished = Vec::new();
    for id in &spec.problems {
        let pdir = dir.join("problems").join(id);
        let (Some(problem), Some(figures)) =
            (problems::find(id), read_json::<ProblemFigures>(&pdir.join("problem.json"))?)
        else {
            unfinished.extend(spec.modes.iter().map(|m| format!("{id} {m}")));
            continue;
        };
        let mut units = Vec::new();
        if figures.start_correct {
            for &mode in &spec.modes {
                match read_json::<UnitResult>(&unit_file(&pdir, mode))? {
                    Some(result) => units.push(derive(result, &figures)),
                    None => unfinished.push(format!("{id} {mode}")),
                }
            }
        }
        let info = problem.info();
        problems.push(ProblemResult {
            id: id.clone(),
            title: info.title.to_string(),
            difficulty: format!("{:?}", info.difficulty),
            category: info.category.to_string(),
            figures,
            units,
            pairs: read_json(&pdir.join("pairs.json"))?.unwrap_or_default(),
        });
    }
    let modes = spec.modes.iter().map(|&mode| summarise(mode, &problems)).collect();
    let comparisons = COMPARED
        .iter()
        .filter(|(a, b)| spec.modes.contains(a) && spec.modes.contains(b))
        .map(|&(a, b)| compare(a, b, &problems))
        .collect();
    Ok(Results { spec: spec.clone(), problems, modes, comparisons, unfinished })
}

fn derive(result: UnitResult, figures: &ProblemFigures) -> UnitReport {
    let start = figures.start_fuel.unwrap_or(0) as f64;
    let fuel = result.fuel as f64;
    let fuel_speedup = (result.correct && result.fuel > 0).then(|| FuelSpeedup {
        vs_start: start / fuel,
        vs_baseline: figures.baseline_fuel as f64 / fuel,
        vs_reference: figures.reference_fuel as f64 / fuel,
    });
    let reference = figures.reference_fuel as f64;
    let gap_closed = (result.correct && reference < start && result.fuel > 0)
        .then(|| (start / fuel).ln() / (start / reference).ln());
    UnitReport {
        wall_speedup: result.wall_speedup(),
        significantly_faster: result.significantly_faster(),
        fuel_speedup,
        gap_closed,
        result,
    }
}

fn summarise(mode: Mode, problems: &[ProblemResult]) -> ModeSummary {
    let units: Vec<&UnitReport> = problems.iter().flat_map(|p| &p.units).filter(|u| u.result.mode == mode).collect();
    let correct: Vec<&&UnitReport> = units.iter().filter(|u| u.result.correct).collect();
    let share = |n: usize| if units.is_empty() { 0.0 } else { n as f64 / units.len() as f64 };
    let faster = units.iter().filter(|u| u.significantly_faster).count();
    let gaps: Vec<f64> = units.iter().filter_map(|u| u.gap_closed).collect();
    let mut cited: Vec<&String> = units.iter().flat_map(|u| &u.result.sources_cited).collect();
    cited.sort();
    cited.dedup();
    ModeSummary {
        mode,
        problems: units.len(),
        correct: correct.len(),
        share_correct: share(correct.len()),
        significantly_faster: faster,
        share_significantly_faster: share(faster),
        geomean_fuel_speedup: geomean(correct.iter().filter_map(|u| u.fuel_speedup.map(|f| f.vs_start))),
        geomean_wall_speedup: geomean(correct.iter().map(|u| u.wall_speedup)),
        mean_gap_closed: mean(gaps.iter().copied()),
        gap_problems: gaps.len(),
        mean_tokens: mean(units.iter().map(|u| u.result.tokens as f64)).unwrap_or(0.0),
        mean_seconds: mean(units.iter().map(|u| u.result.seconds)).unwrap_or(0.0),
        sources_cited: cited.len(),
    }
}

fn compare(a: Mode, b: Mode, problems: &[ProblemResult]) -> PairSummary {
    let pairs: Vec<&Pair> = problems.iter().flat_map(|p| &p.pairs).filter(|p| p.a == a && p.b == b).collect();
    let verdict =
        |v: sandbox::Verdict| pairs.iter().filter(|p| p.wall.as_ref().is_some_and(|w| w.verdict == v)).count();
    PairSummary {
        a,
        b,
        problems: pairs.len(),
        mean_runtime_reduction: mean(pairs.iter().map(|p| 1.0 - p.wall.as_ref().map_or(1.0, |w| w.ratio))),
        mean_fuel_reduction: mean(pairs.iter().map(|p| 1.0 - p.fuel_b as f64 / p.fuel_a.max(1) as f64)),
        geomean_runtime_ratio: geomean(pairs.iter().map(|p| p.wall.as_ref().map_or(1.0, |w| w.ratio))),
        geomean_fuel_ratio: geomean(pairs.iter().map(|p| p.fuel_b.max(1) as f64 / p.fuel_a.max(1) as f64)),
        b_significantly_faster: verdict(sandbox::Verdict::Faster),
        b_significantly_slower: verdict(sandbox::Verdict::Slower),
        same_code: pairs.iter().filter(|p| p.wall.is_none()).count(),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn geomean(values: impl Iterator<Item = f64>) -> Option<f64> {
    mean(values.map(f64::ln)).map(f64::exp)
}

/// The charts' file names, as the report links them.
pub const CHART_BY_PROBLEM: &str = "speedup-by-problem.svg";
pub const CHART_DISTRIBUTION: &str = "speedup-distribution.svg";

/// Writes `results.json`, `report.md` and the charts into `dir`.
pub fn write(dir: &Path, results: &Results) -> Result<()> {
    write_json(&dir.join("results.json"), results)?;
    charts::by_problem(&dir.join(CHART_BY_PROBLEM), &results.spec.modes, &bars(results))?;
    charts::distribution(&dir.join(CHART_DISTRIBUTION), &wall_speedups(results))?;
    write_atomically(&dir.join("report.md"), markdown(results).as_bytes())
}

/// The fuel chart's bars: per problem with results, each mode's fuel
/// speedup over the start (none for a wrong result).
fn bars(results: &Results) -> Vec<Bars<'_>> {
    results
        .problems
        .iter()
        .filter(|p| !p.units.is_empty())
        .map(|p| Bars {
            problem: &p.id,
            speedups: p.units.iter().filter_map(|u| Some((u.result.mode, u.fuel_speedup?.vs_start))).collect(),
        })
        .collect()
}

/// Each mode's wall-clock speedups over the start, of its correct results.
fn wall_speedups(results: &Results) -> Vec<(Mode, Vec<f64>)> {
    let of = |mode: Mode| {
        let units = results.problems.iter().flat_map(|p| &p.units);
        units.filter(|u| u.result.mode == mode && u.result.correct).map(|u| u.wall_speedup).collect()
    };
    results.spec.modes.iter().map(|&mode| (mode, of(mode))).collect()
}

fn optional(value: Option<f64>, format: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "–".to_string(), format)
}

fn percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}

/// The report a person reads: settings, the per-mode table, the paper's
/// two comparisons, the charts, and every problem.
pub fn markdown(results: &Results) -> String {
    let spec = &results.spec;
    let o = &spec.options;
    let mut md = String::from("# marco bench leetcode75\n\n");
    for invocation in &spec.commands {
        let _ = writeln!(md, "- `{}` (started {})", invocation.command, invocation.started);
    }
    let backend =
        spec.llm_url.as_deref().map_or("marco's built-in backend (llama.cpp, CPU)".to_string(), |u| u.to_string());
    let _ = writeln!(
        md,
        "\nModel: {} on {backend}. Start: {}. Modes: {}. Each mode: {} iteration(s), {} candidate(s) per iteration, \
         patience {}, {} reply tokens, seed {}, {} interleaved native runs per timing. Machine: {}. marco {}.\n",
        spec.model,
        match spec.start {
            StartFrom::Baseline => "the problem's baseline solution",
            StartFrom::Llm => "the LLM's own solution from the statement",
        },
        spec.modes.iter().map(|m| m.name()).collect::<Vec<_>>().join(", "),
        o.iterations,
        o.candidates,
        o.patience,
        o.reply_tokens,
        o.seed,
        o.timing_rounds.max(3),
        spec.machine,
        spec.marco,
    );
    let total = spec.problems.len() * spec.modes.len();
    let _ = writeln!(
        md,
        "Problems: {} of {} ({}). Units finished: {} of {total}.{}\n",
        spec.problems.len(),
        problems::all().len(),
        spec.problems.join(", "),
        total - results.unfinished.len(),
        if results.unfinished.is_empty() {
            String::new()
        } else {
            format!(" Not finished: {}.", results.unfinished.join(", "))
        }
    );
    let skipped: Vec<String> = results
        .problems
        .iter()
        .filter(|p| !p.figures.start_correct)
        .map(|p| format!("{} ({})", p.id, marco::text::clip(p.figures.start_failure.as_deref().unwrap_or(""), 120)))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(md, "Problems whose start is wrong, so not optimised: {}.\n", skipped.join("; "));
    }

    md.push_str("## Per mode\n\n");
    md.push_str(
        "| mode | problems | correct | significantly faster than the start | geomean fuel speedup | geomean wall speedup \
         | gap to reference closed (mean, n) | tokens (mean) | time (mean) | sources cited |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for m in &results.modes {
        let _ = writeln!(
            md,
            "| {} | {} | {} ({}) | {} ({}) | {} | {} | {} | {:.0} | {:.0} s | {} |",
            m.mode,
            m.problems,
            m.correct,
            percent(m.share_correct),
            m.significantly_faster,
            percent(m.share_significantly_faster),
            optional(m.geomean_fuel_speedup, |v| format!("{v:.3}x")),
            optional(m.geomean_wall_speedup, |v| format!("{v:.3}x")),
            optional(m.mean_gap_closed, |v| format!("{} (n = {})", percent(v), m.gap_problems)),
            m.mean_tokens,
            m.mean_seconds,
            m.sources_cited,
        );
    }

    if !results.comparisons.is_empty() {
        md.push_str(
            "\n## The paper's comparisons\n\nMARCO reports a 14.6% mean runtime reduction of its loop against the \
             same LLM alone, and a further 30.9% from adding web search. Here, per problem where both results are \
             correct: 1 − runtime(B)/runtime(A), from B and A timed side by side (interleaved native runs; 0 where \
             both wrote the same code), averaged over problems; and the same in fuel. A mean of reductions is \
             lopsided (a speedup saves at most 100%, a slowdown costs without bound), so the geometric mean of \
             runtime(B)/runtime(A) is given beside it.\n\n\
             | B against A | problems | mean runtime reduction | mean fuel reduction | geomean runtime B/A \
             | geomean fuel B/A | B significantly faster / slower / same code |\n\
             |---|---:|---:|---:|---:|---:|---:|\n",
        );
        for c in &results.comparisons {
            let _ = writeln!(
                md,
                "| {} against {} | {} | {} | {} | {} | {} | {} / {} / {} |",
                c.b,
                c.a,
                c.problems,
                optional(c.mean_runtime_reduction, percent),
                optional(c.mean_fuel_reduction, percent),
                optional(c.geomean_runtime_ratio, |v| format!("{v:.3}")),
                optional(c.geomean_fuel_ratio, |v| format!("{v:.3}")),
                c.b_significantly_faster,
                c.b_significantly_slower,
                c.same_code,
            );
        }
    }

    let _ = writeln!(
        md,
        "\n## Charts\n\n![Fuel speedup over the start, per problem and mode]({CHART_BY_PROBLEM})\n\n\
         ![Distribution of wall-clock speedups over the start]({CHART_DISTRIBUTION})\n"
    );

    md.push_str(
        "## Per problem\n\nFuel: WebAssembly instructions on the problem's perf cases (default seed); a speedup \
         above 1 means the result uses less. Wall: the result against the start natively, median of paired ratios \
         with its 95% interval. Correct: every checker case of the default seed, the loop's hidden seed and a fresh \
         seed.\n\n\
         | problem | mode | correct | fuel vs start | vs baseline | vs reference | wall speedup [95% interval] \
         | gap closed | iterations | tokens | time | sources |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for p in &results.problems {
        for u in &p.units {
            let r = &u.result;
            let fuel = |f: fn(&FuelSpeedup) -> f64| optional(u.fuel_speedup.as_ref().map(f), |v| format!("{v:.2}x"));
            let wall = match &r.wall {
                Some(w) => format!("{:.2}x [{:.2}, {:.2}]", 1.0 / w.ratio, 1.0 / w.ci_high, 1.0 / w.ci_low),
                None if r.correct => "unchanged".to_string(),
                None => "–".to_string(),
            };
            let _ = writeln!(
                md,
                "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} s | {} |",
                p.id,
                p.title,
                r.mode,
                if r.correct { "yes".to_string() } else { format!("**no**: {}", r.failure.as_deref().unwrap_or("")) },
                fuel(|f| f.vs_start),
                fuel(|f| f.vs_baseline),
                fuel(|f| f.vs_reference),
                wall,
                optional(u.gap_closed, percent),
                r.iterations,
                r.tokens,
                r.seconds,
                r.sources_cited.len(),
            );
        }
    }
    md
}
