//! Verifiers on existing inference engines, for targets larger than one
//! machine serves: SGLang's native `/generate` and vLLM's
//! `/v1/completions`. Both are asked for the target's top-1 log-probability
//! at every draft position plus one generated token, which makes greedy
//! verification exact: a draft token is kept while it is the target's most
//! likely token, and the first that is not is replaced by the target's.
//!
//! Sampling cannot be verified exactly through them: rejection sampling
//! needs the target's whole distribution at a rejected position (to draw
//! from p without the drafted token), and these APIs return only the top-k
//! log-probabilities. Such requests are refused rather than approximated.

use std::time::Duration;

use serde_json::{Value, json};

use crate::edge::{CloudError, Link, Verifier};
use crate::engine::Token;
use crate::protocol::VerifyError;
use crate::sampling::SamplingParams;
use crate::speculative::Verdict;

/// Which engine API a remote verifier speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineApi {
    /// SGLang's `POST /generate` with `input_ids`.
    Sglang,
    /// vLLM's OpenAI-compatible `POST /v1/completions` with token-id prompts.
    Vllm,
}

/// An existing engine serving the target.
pub struct EngineVerifier {
    api: EngineApi,
    agent: ureq::Agent,
    base: String,
    /// The served model's name (vLLM requires it).
    model: String,
}

impl EngineVerifier {
    pub fn new(api: EngineApi, base: &str, model: &str) -> Self {
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(120)).build();
        let base = base.trim_end_matches('/').trim_end_matches("/v1").to_string();
        EngineVerifier { api, agent, base, model: model.to_string() }
    }

    fn post(&self, path: &str, body: &Value) -> Result<Value, CloudError> {
        let url = format!("{}{path}", self.base);
        let failed = |message: String| CloudError::Unreachable { url: url.clone(), message };
        match self.agent.post(&url).send_json(body) {
            Ok(response) => response.into_json().map_err(|e| failed(format!("unreadable answer: {e}"))),
            Err(ureq::Error::Status(status, response)) => {
                let text = response.into_string().unwrap_or_default();
                Err(failed(format!("HTTP {status}: {}", text.chars().take(300).collect::<String>())))
            }
            Err(e) => Err(failed(e.to_string())),
        }
    }

    /// The target's most likely token at each draft position (after the
    /// history's last token) and its token after the whole draft.
    fn argmaxes(&self, context: &[Token], draft: &[Token]) -> Result<(Vec<Token>, Token), CloudError> {
        let mut input: Vec<Token> = context.to_vec();
        input.extend_from_slice(draft);
        match self.api {
            EngineApi::Sglang => {
                let body = json!({
                    "input_ids": input,
                    "sampling_params": {"temperature": 0, "max_new_tokens": 1},
                    "return_logprob": true,
                    // From the last history token, whose own entry is skipped:
                    // the first position of a range may come without one.
                    "logprob_start_len": context.len() - 1,
                    "top_logprobs_num": 1,
                });
                let answer = self.post("/generate", &body)?;
                sglang_argmaxes(&answer, draft.len()).map_err(|e| self.malformed(e))
            }
            EngineApi::Vllm => {
                let body = json!({
                    "model": self.model,
                    "prompt": input,
                    "max_tokens": 1,
                    "temperature": 0,
                    "prompt_logprobs": 1,
                    "logprobs": 1,
                    "return_tokens_as_token_ids": true,
                });
                let answer = self.post("/v1/completions", &body)?;
                vllm_argmaxes(&answer, context.len(), draft.len()).map_err(|e| self.malformed(e))
            }
        }
    }

    fn malformed(&self, message: String) -> CloudError {
        CloudError::Unreachable { url: self.base.clone(), message: format!("unexpected answer: {message}") }
    }
}

impl Verifier for EngineVerifier {
    fn verify(
        &self,
        _: &mut Link,
        context: &[Token],
        draft: &[Token],
        sampling: &SamplingParams,
    ) -> Result<Verdict, CloudError> {
        if !sampling.is_greedy() {
            return Err(CloudError::Refused(VerifyError {
                code: "unsupported".into(),
                message: format!(
                    "{:?} returns only top-k log-probabilities, which cannot verify sampled drafts exactly; \
                     use temperature 0 or marco's cloud",
                    self.api
                ),
                held: 0,
            }));
        }
        if context.is_empty() {
            return Err(CloudError::Refused(VerifyError {
                code: "bad_request".into(),
                message: "an empty prompt has nothing to verify after".into(),
                held: 0,
            }));
        }
        let (argmaxes, after) = self.argmaxes(context, draft)?;
        let accepted = draft.iter().zip(&argmaxes).take_while(|(d, a)| d == a).count();
        let next = if accepted < draft.len() { argmaxes[accepted] } else { after };
        Ok(Verdict { accepted, next })
    }
}

/// From SGLang's `meta_info`: `input_top_logprobs[i]` is the list of
/// `[logprob, token_id, text]` at input position `logprob_start_len + i`
/// (the distribution that predicted that position's token); the generated
/// token is `output_ids[0]`.
fn sglang_argmaxes(answer: &Value, drafted: usize) -> Result<(Vec<Token>, Token), String> {
    let top = answer["meta_info"]["input_top_logprobs"].as_array().ok_or("no meta_info.input_top_logprobs")?;
    // Entry 0 is the last history token's own position; the draft follows.
    if top.len() < drafted + 1 {
        return Err(format!("{} input_top_logprobs entries for a {drafted}-token draft", top.len()));
    }
    let argmaxes = top[1..=drafted]
        .iter()
        .map(|entry| entry.get(0).and_then(|best| best.get(1)).and_then(Value::as_i64).map(|t| t as Token))
        .collect::<Option<Vec<_>>>()
        .ok_or("an input_top_logprobs entry without a [logprob, token_id, text] triple")?;
    let after = answer["output_ids"].get(0).and_then(Value::as_i64).ok_or("no output_ids[0]")? as Token;
    Ok((argmaxes, after))
}

/// From vLLM's choice: `prompt_logprobs[i]` maps token ids (as strings) to
/// `{logprob, rank, decoded_token}` for prompt position `i` (null for the
/// first), holding the prompt's token and the top-1 (rank 1); the generated
/// token is `logprobs.tokens[0]`, written `token_id:N`.
fn vllm_argmaxes(answer: &Value, history: usize, drafted: usize) -> Result<(Vec<Token>, Token), String> {
    let choice = answer["choices"].get(0).ok_or("no choices[0]")?;
    let prompt = choice["prompt_logprobs"].as_array().ok_or("no choices[0].prompt_logprobs")?;
    if prompt.len() != history + drafted {
        return Err(format!("{} prompt_logprobs entries for {} prompt tokens", prompt.len(), history + drafted));
    }
    let argmaxes = prompt[history..]
        .iter()
        .map(|position| {
            position
                .as_object()?
                .iter()
                .find(|(_, v)| v["rank"].as_u64() == Some(1))
                .and_then(|(id, _)| id.parse().ok())
        })
        .collect::<Option<Vec<Token>>>()
        .ok_or("a prompt_logprobs position without a rank-1 token id")?;
    let generated = choice["logprobs"]["tokens"].get(0).and_then(Value::as_str).ok_or("no logprobs.tokens[0]")?;
    let after = generated
        .strip_prefix("token_id:")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("`{generated}` is not `token_id:N` (is return_tokens_as_token_ids supported?)"))?;
    Ok((argmaxes, after))
}
