//! `--build-settings`: how much each release-build setting would give the
//! package's criterion benchmarks, measured apart from the code changes.
//! Each setting is built in a target directory of its own (cargo's
//! `CARGO_PROFILE_BENCH_*` variables, or `RUSTFLAGS`), and its benchmarks
//! run interleaved with the same code built as the package builds it.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::bench::{Bench, Measured, Plan, Version};
use super::cargo::Cargo;
use super::work::Work;

/// One setting to try.
struct Setting {
    name: &'static str,
    /// Where a user writes it.
    snippet: &'static str,
    env: &'static [(&'static str, &'static str)],
}

const SETTINGS: &[Setting] = &[
    Setting {
        name: "lto = \"fat\"",
        snippet: "[profile.release]\nlto = \"fat\"",
        env: &[("CARGO_PROFILE_BENCH_LTO", "fat")],
    },
    Setting {
        name: "codegen-units = 1",
        snippet: "[profile.release]\ncodegen-units = 1",
        env: &[("CARGO_PROFILE_BENCH_CODEGEN_UNITS", "1")],
    },
    Setting {
        name: "-C target-cpu=native",
        snippet: "# .cargo/config.toml (the binary then runs only on CPUs like this one)\n[build]\nrustflags = [\"-C\", \"target-cpu=native\"]",
        env: &[("RUSTFLAGS", "-C target-cpu=native")],
    },
];

/// Why `panic = "abort"` is reported, not measured.
pub const PANIC_ABORT: &str = "panic = \"abort\" is not measured: cargo ignores `panic` for benchmarks and tests, \
                               so no benchmark can show its gain; it also changes behaviour for code that catches \
                               panics";

/// One setting's measurement against the package's own build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingResult {
    pub setting: String,
    pub snippet: String,
    pub measured: Measured,
}

impl SettingResult {
    /// Measurably faster: the interval of the time ratio below 1.
    pub fn helps(&self) -> bool {
        self.measured.overall.ci_high < 1.0
    }
}

/// Measures every setting on `version` (the package's final code).
pub fn measure(cargo: &Cargo<'_>, version: &Version<'_>, dir: &Path, rounds: usize) -> Result<Vec<SettingResult>> {
    let baseline = Bench { cargo, plan: Plan::Criterion };
    let base_bins = baseline.prepare(version)?.context("the package's benchmarks do not build")?;
    let mut results = Vec::new();
    for setting in SETTINGS {
        let slug: String = setting.name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let work = Work {
            target_dir: dir.join(&slug).join("target"),
            bins: dir.join(&slug).join("bins"),
            ..cargo.work.clone()
        };
        std::fs::create_dir_all(&work.bins)?;
        let env = setting.env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let variant = Cargo { container: cargo.container, work: &work, package: cargo.package, env };
        let bench = Bench { cargo: &variant, plan: Plan::Criterion };
        let bins =
            bench.prepare(version)?.with_context(|| format!("the benchmarks do not build with {}", setting.name))?;
        let measured = baseline.compare_binaries(&base_bins, &bins, rounds)?;
        results.push(SettingResult {
            setting: setting.name.to_string(),
            snippet: setting.snippet.to_string(),
            measured,
        });
    }
    Ok(results)
}

/// The report's section: each setting's gain, and a snippet of those that
/// measured faster.
pub fn section(results: &[SettingResult]) -> String {
    let mut out = String::from(
        "\n## Build settings (a separate suggestion, measured apart from the code changes)\n\n| setting | time ratio | \
         95% interval | speedup |\n| --- | ---: | ---: | ---: |\n",
    );
    for r in results {
        let c = &r.measured.overall;
        let _ = writeln!(
            out,
            "| `{}` | {:.3} | {:.3}-{:.3} | {:.2}x |",
            r.setting,
            c.ratio,
            c.ci_low,
            c.ci_high,
            1.0 / c.ratio.max(1e-9)
        );
    }
    let _ = writeln!(out, "\n{PANIC_ABORT}.\n");
    let helping: Vec<&SettingResult> = results.iter().filter(|r| r.helps()).collect();
    if helping.is_empty() {
        out.push_str("No setting was measurably faster on these benchmarks.\n");
    } else {
        out.push_str("Measurably faster, each on its own:\n\n```toml\n");
        for r in helping {
            let _ = writeln!(out, "{}\n", r.snippet);
        }
        out.push_str("```\n");
    }
    out
}
