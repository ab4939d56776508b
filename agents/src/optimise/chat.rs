//! How the agents talk to a language model: the [`Chat`] seam (one
//! request in, one reply out), the requests and replies as the log keeps
//! them, and tokens spent per agent.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Which agent spent the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agent {
    /// Writes the faster candidates (and repairs them).
    Generator,
    /// Analyses the measurements.
    Evaluator,
    /// Writes the program that generates test inputs.
    Inputs,
    /// Turns code into search queries.
    Retriever,
}

/// One chat request.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    pub agent: Agent,
    pub system: String,
    pub user: String,
    pub max_tokens: u32,
    pub temperature: f32,
    pub seed: u64,
}

/// A model's answer, as logged in the run directory.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reply {
    pub agent: Agent,
    pub text: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub seconds: f64,
}

/// Tokens spent, per agent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Usage {
    pub per_agent: BTreeMap<String, AgentUsage>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentUsage {
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

impl Usage {
    pub fn add(&mut self, reply: &Reply) {
        let name = serde_json::to_value(reply.agent).ok().and_then(|v| v.as_str().map(String::from));
        let entry = self.per_agent.entry(name.unwrap_or_default()).or_default();
        entry.calls += 1;
        entry.prompt_tokens += reply.prompt_tokens;
        entry.completion_tokens += reply.completion_tokens;
    }

    pub fn total(&self) -> u64 {
        self.per_agent.values().map(|u| u.prompt_tokens + u.completion_tokens).sum()
    }

    /// Adds another tally to this one.
    pub fn merge(&mut self, other: &Usage) {
        for (agent, usage) in &other.per_agent {
            let entry = self.per_agent.entry(agent.clone()).or_default();
            entry.calls += usage.calls;
            entry.prompt_tokens += usage.prompt_tokens;
            entry.completion_tokens += usage.completion_tokens;
        }
    }
}

/// Why a chat model gave no reply.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error("the LLM at {url} failed: {message}")]
    Api { url: String, message: String },
    #[error("the LLM at {url} did not answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("interrupted")]
    Cancelled,
}

/// A chat model: marco's own backend or any OpenAI-compatible server
/// ([`super::openai::OpenAiChat`]), or a scripted fake in tests.
#[async_trait]
pub trait Chat: Send + Sync {
    /// One reply to `request`; `seconds` is the time it took.
    async fn complete(&self, request: &ChatRequest) -> Result<Reply, ChatError>;
}
