//! How a server is set up: its target, the drafter it speculates with, and
//! its role (the target here, or an edge drafting for a remote target).
//! Plain settings: the HTTP layer and the engine thread both read them.

use std::time::Duration;

use crate::engine::{EngineConfig, Model};
use crate::remote::EngineApi;
use crate::scheduler::Policy;

/// Which drafter the server speculates with. Every choice keeps the output
/// exactly the target's; the draft length of each step is chosen from
/// measured costs and the acceptance seen so far.
#[derive(Debug, Clone, Copy)]
pub enum ServerDrafter {
    /// The target alone.
    None,
    /// Prompt lookup: free, and right wherever the reply copies its prompt.
    PromptLookup,
    /// A smaller model with the target's tokenizer.
    Model(Model),
    /// Prompt lookup where it finds a match, the draft model elsewhere.
    Hybrid(Model),
}

impl ServerDrafter {
    pub(crate) fn speculates(&self) -> bool {
        !matches!(self, ServerDrafter::None)
    }
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The name clients use in `model`.
    pub model_name: String,
    pub model: Model,
    pub engine: EngineConfig,
    pub drafter: ServerDrafter,
    /// Draft this many tokens every step; `None` chooses each step's length
    /// from measured costs and acceptance (which never drafts where drafting
    /// does not pay).
    pub draft_length: Option<usize>,
    /// Requests waiting beyond this many are refused with 429.
    pub max_queue: usize,
    /// `max_tokens` when a request gives none.
    pub default_max_tokens: usize,
    /// What the server does with the target (see [`Role`]).
    pub role: Role,
    /// A device's session idle for longer is forgotten (it resends its
    /// history if it comes back).
    pub session_ttl: Duration,
    /// How waiting verifications are ordered into passes.
    pub verify_policy: Policy,
    /// As an edge: the time per output token each generation asks its
    /// cloud to keep to (see
    /// [`EdgeOptions::time_per_token`](crate::edge::EdgeOptions::time_per_token)).
    pub time_per_token: Option<Duration>,
}

impl ServerConfig {
    pub fn new(model_name: impl Into<String>, model: Model) -> Self {
        ServerConfig {
            model_name: model_name.into(),
            model,
            engine: EngineConfig::default(),
            drafter: ServerDrafter::PromptLookup,
            draft_length: None,
            max_queue: 64,
            default_max_tokens: 512,
            role: Role::Local,
            session_ttl: Duration::from_secs(600),
            verify_policy: Policy::Slo,
            time_per_token: None,
        }
    }
}

/// Where the target model runs.
#[derive(Debug, Clone)]
pub enum Role {
    /// Here: the server decodes its own requests and verifies the drafts of
    /// edge devices (`/v1/verify`), all in shared forward passes.
    Local,
    /// On a remote verifier: the server drafts here and has the remote
    /// target check every draft. `model` only supplies the tokenizer and
    /// the chat template, which must be the target's.
    Edge(RemoteTarget),
}

/// Where an edge's target runs.
#[derive(Debug, Clone)]
pub enum RemoteTarget {
    /// A marco server (`--role all|cloud`) at this URL.
    Marco(String),
    /// An existing engine: greedy verification only (see
    /// [`EngineVerifier`](crate::remote::EngineVerifier)).
    Engine { api: EngineApi, url: String, model: String },
}
