//! `marco models ...`: the models marco knows and their weights.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use inference::models;

use crate::pull_bar::PullBar;

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
            let path = models::pull(models::spec(&name)?, &PullBar::default())?;
            println!("{}", path.display());
        }
        ModelsCommand::Path { name } => {
            let path = models::ensure(&name, &PullBar::default())?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
