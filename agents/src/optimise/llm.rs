//! How the agents reach a language model: any OpenAI-compatible chat API,
//! through `async-openai`, with timeouts, retries and token accounting per
//! agent.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::types::{
    ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs,
};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

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

/// Where the model is and how to talk to it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LlmSettings {
    /// Base URL of the API, ending in `/v1`.
    pub url: String,
    pub model: String,
    /// Seconds one request may take before it is abandoned.
    pub timeout_s: u64,
    /// Attempts after the first for connection failures; 429 and 5xx
    /// answers are retried with exponential backoff for up to `timeout_s`.
    pub retries: u32,
}

impl LlmSettings {
    /// The same server, another model name.
    pub fn with_model(mut self, model: String) -> Self {
        self.model = model;
        self
    }
}

/// One chat request.
#[derive(Debug, Clone)]
pub struct Chat {
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
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the LLM at {url} failed: {message}")]
    Api { url: String, message: String },
    #[error("the LLM at {url} did not answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("interrupted")]
    Cancelled,
}

pub struct Llm {
    settings: LlmSettings,
    client: Client<OpenAIConfig>,
    cancel: CancellationToken,
    usage: Mutex<Usage>,
}

impl Llm {
    /// The API key comes from `MARCO_LLM_API_KEY`, else `OPENAI_API_KEY`
    /// (a local server needs none).
    pub fn new(settings: LlmSettings, cancel: CancellationToken) -> anyhow::Result<Llm> {
        let key = std::env::var("MARCO_LLM_API_KEY").or_else(|_| std::env::var("OPENAI_API_KEY")).unwrap_or_default();
        let config = OpenAIConfig::new().with_api_base(settings.url.trim_end_matches('/')).with_api_key(key);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_s))
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        let backoff = backoff::ExponentialBackoffBuilder::new()
            .with_initial_interval(Duration::from_millis(500))
            .with_max_elapsed_time(Some(Duration::from_secs(settings.timeout_s)))
            .build();
        let client = Client::with_config(config).with_http_client(http).with_backoff(backoff);
        Ok(Llm { settings, client, cancel, usage: Mutex::default() })
    }

    /// Tokens of every reply this client received or was credited with.
    pub fn usage(&self) -> Usage {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Counts a reply that a resumed run replayed from its log.
    pub fn credit(&self, reply: &Reply) {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).add(reply);
    }

    pub async fn chat(&self, chat: &Chat) -> Result<Reply, LlmError> {
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = tokio::select! {
                result = self.send(chat) => result,
                () = self.cancel.cancelled() => return Err(LlmError::Cancelled),
            };
            match result {
                Ok(mut reply) => {
                    reply.seconds = started.elapsed().as_secs_f64();
                    self.credit(&reply);
                    return Ok(reply);
                }
                Err(OpenAIError::Reqwest(e)) if attempt < self.settings.retries && !e.is_timeout() => {
                    attempt += 1;
                    tracing::warn!("LLM request failed ({e}); retry {attempt} of {}", self.settings.retries);
                    tokio::time::sleep(Duration::from_secs(1 << attempt.min(5))).await;
                }
                Err(OpenAIError::Reqwest(e)) if e.is_timeout() => {
                    return Err(LlmError::Timeout { url: self.settings.url.clone(), seconds: self.settings.timeout_s });
                }
                Err(e) => return Err(LlmError::Api { url: self.settings.url.clone(), message: e.to_string() }),
            }
        }
    }

    async fn send(&self, chat: &Chat) -> Result<Reply, OpenAIError> {
        #[allow(deprecated)] // `max_tokens` is what every OpenAI-compatible server understands.
        let request = CreateChatCompletionRequestArgs::default()
            .model(&self.settings.model)
            .messages([
                ChatCompletionRequestSystemMessageArgs::default().content(chat.system.as_str()).build()?.into(),
                ChatCompletionRequestUserMessageArgs::default().content(chat.user.as_str()).build()?.into(),
            ])
            .max_tokens(chat.max_tokens)
            .temperature(chat.temperature)
            .seed((chat.seed & i64::MAX as u64) as i64)
            .build()?;
        let response = self.client.chat().create(request).await?;
        let text = response.choices.into_iter().next().and_then(|c| c.message.content).unwrap_or_default();
        let (prompt_tokens, completion_tokens) =
            response.usage.map_or((0, 0), |u| (u64::from(u.prompt_tokens), u64::from(u.completion_tokens)));
        Ok(Reply { agent: chat.agent, text, prompt_tokens, completion_tokens, seconds: 0.0 })
    }
}
