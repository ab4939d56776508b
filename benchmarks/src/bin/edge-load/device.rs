//! One simulated device: sends its requests one after another, either to
//! the central server as chat completions or as an edge drafting for the
//! cloud, and times each one as its user sees it.

use std::io::BufRead as _;
use std::time::{Duration, Instant};

use inference::{
    CloudClient, Draft, Drafter, EdgeOptions, EdgeRequest, EngineError, GenerateParams, Model, Outlook, PromptLookup,
    SamplingParams, Token,
};
use serde_json::{Value, json};

use crate::prompts::Prompt;

/// How one request went, as its user saw it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timing {
    pub prompt_tokens: usize,
    pub completion_tokens: usize,
    /// From sending to the first generated token.
    pub ttft_s: f64,
    /// Mean time per output token after the first.
    pub tpot_s: f64,
    pub drafted: usize,
    pub accepted: usize,
    pub drafted_ahead: usize,
}

/// Centralized serving: a streamed chat completion from the server.
pub fn chat(base_url: &str, model_name: &str, prompt: &Prompt, max_tokens: usize) -> Result<Timing, String> {
    let messages: Vec<Value> =
        prompt.messages.iter().map(|(role, content)| json!({"role": role, "content": content})).collect();
    let body = json!({
        "model": model_name, "messages": messages, "max_tokens": max_tokens, "temperature": 0,
        "stream": true, "stream_options": {"include_usage": true},
    });
    let sent = Instant::now();
    let response = ureq::post(&format!("{base_url}/chat/completions"))
        .timeout(Duration::from_secs(1800))
        .send_json(body)
        .map_err(|e| format!("chat completion failed: {e}"))?;
    let mut first = None;
    let mut usage = None;
    for line in std::io::BufReader::new(response.into_reader()).lines() {
        let line = line.map_err(|e| format!("reading the stream: {e}"))?;
        let Some(data) = line.strip_prefix("data: ") else { continue };
        if data == "[DONE]" {
            break;
        }
        let chunk: Value = serde_json::from_str(data).map_err(|e| format!("a bad chunk {data:?}: {e}"))?;
        if let Some(error) = chunk.get("error") {
            return Err(format!("the server failed: {error}"));
        }
        let text = chunk["choices"][0]["delta"]["content"].as_str().unwrap_or("");
        if first.is_none() && !text.is_empty() {
            first = Some(sent.elapsed());
        }
        if let Some(u) = chunk.get("usage") {
            usage = Some((u["prompt_tokens"].as_u64().unwrap_or(0), u["completion_tokens"].as_u64().unwrap_or(0)));
        }
    }
    let total = sent.elapsed();
    let (prompt_tokens, completion_tokens) = usage.ok_or("the stream carried no usage")?;
    Ok(timing(prompt_tokens as usize, completion_tokens as usize, first.unwrap_or(total), total, (0, 0, 0)))
}

/// The tokens of one request the cloud served.
pub struct Served {
    pub prompt: Vec<Token>,
    pub output: Vec<Token>,
}

/// Distributed serving: this device drafts with `drafter` and the cloud
/// at `cloud_url` verifies; `options` keep what the device learned for its
/// next request.
pub fn edge(
    cloud_url: &str,
    model: Model,
    drafter: &mut dyn Drafter,
    prompt: &Prompt,
    max_tokens: usize,
    options: &mut EdgeOptions,
) -> Result<(Timing, Served), String> {
    let text = model.chat_prompt(&prompt.messages).map_err(|e| e.to_string())?;
    let tokens = model.tokenize(&text, false);
    let prompt_tokens = tokens.len();
    let params = GenerateParams { max_tokens, sampling: SamplingParams::greedy(), stop: Vec::new() };
    let cloud = CloudClient::new(cloud_url);
    let sent = Instant::now();
    let mut request = EdgeRequest::new(model, 0, tokens.clone(), params, options.clone());
    let mut first = None;
    while !request.is_finished() {
        request.round(&cloud, Some(&mut *drafter), &mut |_| {}).map_err(|e| e.to_string())?;
        first.get_or_insert_with(|| sent.elapsed());
    }
    let total = sent.elapsed();
    *options = request.learned();
    let generation = request.finish();
    let stats = &generation.stats;
    let counts = (stats.drafted, stats.accepted, stats.drafted_ahead);
    let timing = timing(prompt_tokens, generation.tokens.len(), first.unwrap_or(total), total, counts);
    Ok((timing, Served { prompt: tokens, output: generation.tokens }))
}

fn timing(
    prompt_tokens: usize,
    completion_tokens: usize,
    first: Duration,
    total: Duration,
    counts: (usize, usize, usize),
) -> Timing {
    let after_first = (total - first).as_secs_f64();
    Timing {
        prompt_tokens,
        completion_tokens,
        ttft_s: first.as_secs_f64(),
        tpot_s: if completion_tokens > 1 { after_first / (completion_tokens - 1) as f64 } else { 0.0 },
        drafted: counts.0,
        accepted: counts.1,
        drafted_ahead: counts.2,
    }
}

/// Prompt lookup on a device whose drafting costs time: each proposed token
/// takes `per_token`, as a small draft model on the device would. Lets the
/// benchmark stand in for edge hardware this machine does not have.
pub struct PacedLookup {
    pub lookup: PromptLookup,
    pub per_token: Duration,
}

impl Drafter for PacedLookup {
    fn name(&self) -> &str {
        "paced-prompt-lookup"
    }

    fn outlook(&self, _: &[Token]) -> Outlook {
        Outlook { source: 0, seconds_per_token: self.per_token.as_secs_f64() }
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        sampling: &SamplingParams,
        rng: &mut inference::SampleRng,
    ) -> Result<Draft, EngineError> {
        let draft = self.lookup.propose(context, k, sampling, rng)?;
        std::thread::sleep(self.per_token * draft.tokens.len() as u32);
        Ok(draft)
    }
}
