//! The "LLM alone" start: the model writes a first solution from the
//! problem's statement, with one more attempt when the first is wrong.

use std::path::Path;

use anyhow::Result;
use problems::Problem;
use serde::{Deserialize, Serialize};

use marco::optimise::Journal;
use marco::optimise::code::Source;
use marco::optimise::prompts;
use marco::optimise::{Agent, Asker, ChatRequest, Event, Usage};
use marco::optimise::{Check, Task};

/// Attempts the model gets to write a correct first solution.
const ATTEMPTS: u64 = 2;

/// What the model wrote and how it fared.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Written {
    pub source: String,
    pub attempts: u32,
    /// Why the last attempt is not a correct solution; `None` when it is.
    pub failure: Option<String>,
    /// The correct solution's fuel, as `task` measured it.
    pub fuel: Option<u64>,
    pub usage: Usage,
}

/// Asks the model for a solution, checking each attempt with `task`. The
/// conversation is logged in `dir` (a run directory of its own), so a
/// resumed bench replays it instead of asking again.
pub fn write(
    dir: &Path,
    problem: &dyn Problem,
    task: &dyn Task,
    asker: &Asker<'_>,
    options: &marco::optimise::Options,
) -> Result<Written> {
    let mut journal = if dir.join("events.jsonl").exists() { Journal::open(dir)? } else { Journal::create(dir)? };
    let info = problem.info();
    let api = problem.api();
    let mut previous: Option<(String, String)> = None;
    let mut attempts = 0;
    for attempt in 0..ATTEMPTS {
        attempts += 1;
        let request = ChatRequest {
            agent: Agent::Generator,
            system: prompts::SOLVER_SYSTEM.to_string(),
            user: prompts::solve(
                info.title,
                info.statement,
                api.owner(),
                &api.signatures(),
                previous.as_ref().map(|(code, why)| (code.as_str(), why.as_str())),
            ),
            max_tokens: options.reply_tokens,
            temperature: 0.2,
            seed: options.seed ^ attempt,
        };
        let reply = asker.ask(&mut journal, &format!("start/{attempt}"), &request)?;
        let (code, verdict) = match Source::fragment("").extract(&reply.text) {
            Ok(code) => {
                let verdict = match task.check(&code)? {
                    Check::Correct { fuel: Some(fuel), .. } => Ok(fuel),
                    wrong => Err(wrong.feedback()),
                };
                (code, verdict)
            }
            Err(no_code) => (String::new(), Err(no_code.to_string())),
        };
        let failure = verdict.as_ref().err();
        journal.log(Event::StartChecked { attempt, failure: failure.cloned() })?;
        match verdict {
            Ok(fuel) => {
                return Ok(Written { source: code, attempts, failure: None, fuel: Some(fuel), usage: asker.usage() });
            }
            Err(why) => previous = Some((code, why)),
        }
    }
    let (source, failure) = previous.unwrap_or_default();
    Ok(Written { source, attempts, failure: Some(failure), fuel: None, usage: asker.usage() })
}
