//! The inputs a program is checked and measured on: the user's files, or
//! what an LLM-written generator prints, validated on the original. Some
//! are hidden: the generator never sees them, so a candidate that
//! recognises the inputs it was shown instead of computing fails on them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use sandbox::{Limits, Program, Sandbox, Status, Target};
use serde::{Deserialize, Serialize};

use super::code::Source;

/// One stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Shown to the generator.
    pub visible: Vec<Input>,
    /// Never shown to the generator.
    pub hidden: Vec<Input>,
}

/// What the run directory records about the inputs (their bytes live in
/// files beside it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputsRecord {
    pub visible: Vec<String>,
    pub hidden: Vec<String>,
    /// Where they came from, in words.
    pub origin: String,
}

impl Inputs {
    /// Visible inputs first, then hidden ones.
    pub fn all(&self) -> Vec<&Input> {
        self.visible.iter().chain(&self.hidden).collect()
    }

    /// The user's files: the first half (at least one) visible, the rest
    /// hidden.
    pub fn from_files(paths: &[PathBuf]) -> Result<Inputs> {
        let mut inputs = Inputs::default();
        let shown = paths.len().div_ceil(2);
        for (i, path) in paths.iter().enumerate() {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read the input {}", path.display()))?;
            let name = if i < shown { format!("v{}", i + 1) } else { format!("h{}", i + 1 - shown) };
            let input = Input { name, bytes };
            if i < shown { inputs.visible.push(input) } else { inputs.hidden.push(input) }
        }
        Ok(inputs)
    }

    /// Saves the bytes under `dir/inputs/`.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let folder = dir.join("inputs");
        std::fs::create_dir_all(&folder)?;
        for input in self.all() {
            std::fs::write(folder.join(&input.name), &input.bytes)?;
        }
        Ok(())
    }

    /// Reads back what [`Inputs::save`] wrote.
    pub fn load(dir: &Path, record: &InputsRecord) -> Result<Inputs> {
        let read = |names: &[String]| -> Result<Vec<Input>> {
            names
                .iter()
                .map(|name| {
                    let path = dir.join("inputs").join(name);
                    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                    Ok(Input { name: name.clone(), bytes })
                })
                .collect()
        };
        Ok(Inputs { visible: read(&record.visible)?, hidden: read(&record.hidden)? })
    }

    pub fn record(&self, origin: impl Into<String>) -> InputsRecord {
        InputsRecord {
            visible: self.visible.iter().map(|i| i.name.clone()).collect(),
            hidden: self.hidden.iter().map(|i| i.name.clone()).collect(),
            origin: origin.into(),
        }
    }
}

/// How many inputs a generator makes, and how many of them are shown.
pub const GENERATED: usize = 8;
pub const GENERATED_VISIBLE: usize = 3;

/// Runs the generator program in `reply` once per seed, then keeps each
/// output on which the original program exits normally within the
/// validation limits. `Err` says what went wrong, for the LLM's retry.
pub fn run_generator(sandbox: &Sandbox, reply: &str, original: &str, seeds: &[u64]) -> Result<Inputs, String> {
    let code = Source::program("fn main() {}\n")
        .expect("no markers")
        .extract(reply)
        .map_err(|e| format!("{e}; reply with the generator program in a ```rust block"))?;
    let limits = Limits { fuel: 5_000_000_000, timeout: Duration::from_secs(5), ..Limits::default() };
    let generator = match sandbox.build(&Program::new(code), Target::Wasm) {
        Ok(artifact) => artifact,
        Err(sandbox::BuildError::Compile(diagnostics)) => {
            let first = diagnostics.iter().find(|d| d.level == "error");
            let text = first.map(|d| d.rendered.clone().unwrap_or_else(|| d.message.clone())).unwrap_or_default();
            return Err(format!("the generator does not compile:\n{text}"));
        }
        Err(e) => return Err(format!("the generator cannot be built: {e}")),
    };
    let original = sandbox
        .build(&Program::new(original), Target::Wasm)
        .map_err(|e| format!("the original program does not build: {e}"))?;
    let mut inputs = Inputs::default();
    let mut outputs = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (i, seed) in seeds.iter().enumerate() {
        let made = sandbox.run(&generator, format!("{seed}\n").as_bytes(), &limits).map_err(|e| e.to_string())?;
        if made.status != Status::Ok {
            problems.push(format!("with seed {seed} the generator failed: {}", made.message.unwrap_or_default()));
            continue;
        }
        let checked = sandbox.run(&original, made.stdout.as_bytes(), &limits).map_err(|e| e.to_string())?;
        if checked.status != Status::Ok {
            problems.push(format!(
                "the program fails on the input for seed {seed} ({}: {}); inputs must be valid and finish within seconds",
                checked.status,
                checked.message.unwrap_or_default()
            ));
            continue;
        }
        outputs.insert(checked.stdout);
        let input = Input { name: String::new(), bytes: made.stdout.into_bytes() };
        if inputs.all().iter().any(|known| known.bytes == input.bytes) {
            continue;
        }
        if i < GENERATED_VISIBLE && inputs.visible.len() < GENERATED_VISIBLE {
            inputs.visible.push(Input { name: format!("v{}", inputs.visible.len() + 1), ..input });
        } else {
            inputs.hidden.push(Input { name: format!("h{}", inputs.hidden.len() + 1), ..input });
        }
    }
    // Inputs that all give the same answer cannot tell a program that
    // computes from one that prints a constant.
    if outputs.len() < 2 && inputs.all().len() > 1 {
        return Err("the program printed the same output for every generated input, so they do not really differ: \
                    vary the values the program actually reads, in the format it parses"
            .into());
    }
    if inputs.visible.is_empty() || inputs.hidden.is_empty() {
        let why = problems.first().cloned().unwrap_or_else(|| "every seed gave the same input".into());
        return Err(format!("too few usable distinct inputs ({} of {}): {why}", inputs.all().len(), seeds.len()));
    }
    Ok(inputs)
}
