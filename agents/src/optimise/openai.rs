//! The [`Chat`] of any OpenAI-compatible chat API, through `async-openai`,
//! with timeouts and retries.

use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::types::{
    ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::chat::{Chat, ChatError, ChatRequest, Reply};

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

/// An OpenAI-compatible server as a [`Chat`]; a cancelled token ends a
/// request in flight with [`ChatError::Cancelled`].
pub struct OpenAiChat {
    settings: LlmSettings,
    client: Client<OpenAIConfig>,
    cancel: CancellationToken,
}

impl OpenAiChat {
    /// A client for `settings` with the API key `key` (a local server needs
    /// none; the caller reads it from the environment).
    pub fn new(settings: LlmSettings, key: &str, cancel: CancellationToken) -> Result<OpenAiChat, ChatError> {
        let config = OpenAIConfig::new().with_api_base(settings.url.trim_end_matches('/')).with_api_key(key);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_s))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ChatError::Api { url: settings.url.clone(), message: e.to_string() })?;
        let backoff = backoff::ExponentialBackoffBuilder::new()
            .with_initial_interval(Duration::from_millis(500))
            .with_max_elapsed_time(Some(Duration::from_secs(settings.timeout_s)))
            .build();
        let client = Client::with_config(config).with_http_client(http).with_backoff(backoff);
        Ok(OpenAiChat { settings, client, cancel })
    }

    async fn send(&self, chat: &ChatRequest) -> Result<Reply, OpenAIError> {
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

#[async_trait]
impl Chat for OpenAiChat {
    async fn complete(&self, chat: &ChatRequest) -> Result<Reply, ChatError> {
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = tokio::select! {
                result = self.send(chat) => result,
                () = self.cancel.cancelled() => return Err(ChatError::Cancelled),
            };
            match result {
                Ok(mut reply) => {
                    reply.seconds = started.elapsed().as_secs_f64();
                    return Ok(reply);
                }
                Err(OpenAIError::Reqwest(e)) if attempt < self.settings.retries && !e.is_timeout() => {
                    attempt += 1;
                    tracing::warn!("LLM request failed ({e}); retry {attempt} of {}", self.settings.retries);
                    tokio::time::sleep(Duration::from_secs(1 << attempt.min(5))).await;
                }
                Err(OpenAIError::Reqwest(e)) if e.is_timeout() => {
                    return Err(ChatError::Timeout {
                        url: self.settings.url.clone(),
                        seconds: self.settings.timeout_s,
                    });
                }
                Err(e) => return Err(ChatError::Api { url: self.settings.url.clone(), message: e.to_string() }),
            }
        }
    }
}
