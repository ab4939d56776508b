//! `marco models ...`: the models marco knows and their weights.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use inference::models::{self, PullProgress};

#[derive(Subcommand)]
pub enum ModelsCommand {
    /// List the known models, their sizes and whether they are present.
    List,
    /// Fetch a model's weights (checked against its SHA-256) into the models
    /// directory ($MARCO_MODELS_DIR, else ~/.cache/marco/models).
    Pull {
        /// A name from `marco models list`.
        name: String,
    },
    /// Print the path of a model's file, pulling it first if it is missing.
    Path {
        /// A name from `marco models list`, or a path to a .gguf file.
        name: String,
    },
}

pub fn execute(command: ModelsCommand) -> Result<ExitCode> {
    match command {
        ModelsCommand::List => {
            println!("models directory: {}\n", models::models_dir().display());
            for spec in models::manifest() {
                let present = if models::installed_path(spec).is_file() { "present" } else { "not pulled" };
                println!("{:<38} {:>6} MB  {:<10}  {}", spec.name, spec.bytes / 1_000_000, present, spec.role);
            }
        }
        ModelsCommand::Pull { name } => {
            let path = models::pull(models::spec(&name)?, &Bar::default())?;
            println!("{}", path.display());
        }
        ModelsCommand::Path { name } => {
            let path = models::ensure(&name, &Bar::default())?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr for pulls; each source that starts downloading
/// gets a fresh one.
#[derive(Default)]
pub struct Bar(std::sync::Mutex<Option<ProgressBar>>);

impl Bar {
    fn current(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl PullProgress for Bar {
    fn start(&self, name: &str, total: u64) {
        let bar = ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})")
                .expect("valid template"),
        );
        bar.set_message(name.to_string());
        *self.current() = Some(bar);
    }
    fn advance(&self, done: u64) {
        if let Some(bar) = self.current().as_ref() {
            bar.set_position(done);
        }
    }
    fn note(&self, message: &str) {
        match self.current().as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.current().take() {
            bar.finish_and_clear();
        }
    }
}
