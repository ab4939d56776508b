//! The markdown report of a package run, for a reviewer to paste into a
//! pull request: what was profiled, what changed, how it was checked and
//! how much faster it measured, per benchmark.

use std::fmt::Write as _;

use super::bench::Measured;
use super::coverage::Covered;
use super::manifest::Package;
use super::patch::Change;
use super::spec::{Ranking, TargetSummary};

/// The report's text.
pub fn markdown(
    package: &Package,
    ranking: Option<&Ranking>,
    targets: &[TargetSummary],
    benchmarks: Option<&Measured>,
    changes: &[Change],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# marco: {}\n", package.name);
    if let Some(ranking) = ranking {
        let _ =
            writeln!(out, "## Where the time goes\n\nProfiled: {} ({} samples).\n", ranking.workload, ranking.samples);
        let _ = writeln!(out, "| function | inclusive | self |\n| --- | ---: | ---: |");
        for f in ranking.functions.iter().take(10) {
            let _ = writeln!(out, "| `{}` | {:.1}% | {:.1}% |", f.function, f.inclusive * 100.0, f.self_share * 100.0);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Functions\n");
    for target in targets {
        let o = &target.outcome;
        let result = match (&o.wall, o.improved) {
            (Some(wall), true) => format!(
                "**{:.2}x faster** (time ratio {:.3}, 95% interval {:.3}-{:.3}, {} interleaved rounds)",
                1.0 / wall.ratio.max(1e-9),
                wall.ratio,
                wall.ci_low,
                wall.ci_high,
                wall.a_ms.len()
            ),
            _ => "unchanged: no candidate was both correct and measurably faster".to_string(),
        };
        let _ = writeln!(out, "- `{}` ({}): {result}", target.function, target.file.display());
        let _ = writeln!(
            out,
            "  - {} candidates, {} passed every check; differential test: {}",
            o.candidates, o.correct_candidates, target.differential
        );
        let coverage = match &target.covered {
            Covered::Yes => "the package's tests run it".to_string(),
            Covered::No => "**not covered by any test** of the package".to_string(),
            Covered::Unknown(why) => format!("coverage not measured ({why})"),
        };
        let verified =
            if target.verified { "verified" } else { "**not verified**: no test and no generated input runs it" };
        let _ = writeln!(out, "  - {coverage}; {verified}");
    }
    if let Some(measured) = benchmarks {
        let _ = writeln!(out, "\n## Benchmarks: the patch against the original\n");
        let _ = writeln!(out, "| benchmark | time ratio | 95% interval | speedup |\n| --- | ---: | ---: | ---: |");
        for b in &measured.benchmarks {
            let c = &b.comparison;
            let _ = writeln!(
                out,
                "| {} | {:.3} | {:.3}-{:.3} | {:.2}x |",
                b.id,
                c.ratio,
                c.ci_low,
                c.ci_high,
                1.0 / c.ratio.max(1e-9)
            );
        }
        let c = &measured.overall;
        let _ = writeln!(
            out,
            "| **all (geometric mean)** | {:.3} | {:.3}-{:.3} | {:.2}x |\n\nEach version ran {} times, \
             interleaved; a ratio below 1 is faster.",
            c.ratio,
            c.ci_low,
            c.ci_high,
            1.0 / c.ratio.max(1e-9),
            c.a_ms.len()
        );
    }
    if changes.is_empty() {
        let _ = writeln!(out, "\nNo change: the package is as it was.");
    } else {
        let _ = writeln!(
            out,
            "\n## Checks\n\nThe final version passes the package's whole test suite (doc tests included). Only the \
             bodies of the functions above and private helpers next to them changed; signatures, `Cargo.toml` and \
             every other file are as they were.\n\n## Patch\n"
        );
        let _ = writeln!(out, "```diff\n{}```", super::patch::unified(changes, std::path::Path::new("")));
    }
    out
}
