//! Device drafting replayed from traces recorded with a real draft model.
//!
//! N devices each running their own draft model need N edge machines; the
//! benchmark has one. So, before the load test, the draft model proposes
//! its greedy continuation at every position of the target's greedy output
//! for each prompt (the contexts a device sees, since verification keeps
//! exactly the target's tokens), and during the test each device replays
//! those proposals, taking a set time per drafted token: the draft model's
//! tokens and confidences, an edge device's speed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use inference::sampling::{self, SampleRng, SamplingParams};
use inference::speculative::{self, Draft, DraftLength, Drafter, EarlyStop, GenerateParams, Outlook};
use inference::{Engine, EngineConfig, EngineError, Feed, Model, Token};

/// What the draft model proposed along one prompt's target output.
pub struct Trace {
    prompt: Vec<Token>,
    /// The target's greedy output, decoded one token at a time.
    output: Vec<Token>,
    /// `drafts[p]`: the draft model's greedy tokens, with the probability it
    /// gave each, after the prompt and the first `p` output tokens.
    drafts: Vec<Vec<(Token, f32)>>,
}

/// Traces of every prompt of a load test.
pub struct Traces {
    traces: Vec<Trace>,
    pub depth: usize,
    pub record_s: f64,
}

/// Records a trace of `depth` tokens per position for each distinct prompt:
/// the target's greedy output (`max_tokens`), then the draft model's
/// proposals along it.
pub fn record(
    target: Model,
    draft: Model,
    prompts: &[Vec<Token>],
    max_tokens: usize,
    depth: usize,
) -> Result<Traces, String> {
    let started = std::time::Instant::now();
    let longest = prompts.iter().map(Vec::len).max().unwrap_or(0);
    let config =
        EngineConfig { context: (longest + max_tokens + depth + 8) as u32, sequences: 1, ..Default::default() };
    let mut target_engine = Engine::new(target, config.clone()).map_err(|e| e.to_string())?;
    let mut draft_engine = Engine::new(draft, config).map_err(|e| e.to_string())?;
    let mut traces: Vec<Trace> = Vec::new();
    for prompt in prompts {
        if traces.iter().any(|t| &t.prompt == prompt) {
            continue;
        }
        target_engine.truncate(0, 0).map_err(|e| e.to_string())?;
        let params = GenerateParams { max_tokens, ..GenerateParams::default() };
        let generation = speculative::generate(
            &mut target_engine,
            0,
            prompt,
            None,
            &mut DraftLength::fixed(0),
            &params,
            &mut |_| {},
        )
        .map_err(|e| e.to_string())?;
        let output = generation.tokens;
        let mut drafts = Vec::with_capacity(output.len());
        let mut context = prompt.clone();
        for p in 0..output.len() {
            drafts.push(greedy_continuation(&mut draft_engine, &context, depth).map_err(|e| e.to_string())?);
            context.push(output[p]);
        }
        traces.push(Trace { prompt: prompt.clone(), output, drafts });
    }
    Ok(Traces { traces, depth, record_s: started.elapsed().as_secs_f64() })
}

/// The draft model's `depth` greedy tokens after `context`, with their
/// probabilities (what its proposals would be, before early stopping).
fn greedy_continuation(engine: &mut Engine, context: &[Token], depth: usize) -> Result<Vec<(Token, f32)>, EngineError> {
    let reused = engine.reuse_prefix(0, context)?;
    let new = &context[reused..];
    let rows = engine.forward(&[Feed { seq: 0, tokens: new, logits_from: new.len() - 1 }])?;
    let mut logits = rows.into_iter().next().and_then(|r| r.into_iter().last()).unwrap_or_default();
    let mut out = Vec::with_capacity(depth);
    for i in 0..depth {
        let token = sampling::argmax(&logits);
        out.push((token, sampling::probability_of(&logits, token)));
        if i + 1 < depth {
            let rows = engine.forward(&[Feed { seq: 0, tokens: &[token], logits_from: 0 }])?;
            logits = rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or_default();
        }
    }
    Ok(out)
}

impl Traces {
    /// The proposals after `context`, if it is a recorded prompt followed
    /// by the start of its recorded output.
    fn lookup(&self, context: &[Token], hint: &mut usize) -> Option<&[(Token, f32)]> {
        let matches = |t: &Trace| context.starts_with(&t.prompt) && t.output.starts_with(&context[t.prompt.len()..]);
        let index =
            if self.traces.get(*hint).is_some_and(matches) { *hint } else { self.traces.iter().position(matches)? };
        *hint = index;
        let trace = &self.traces[index];
        trace.drafts.get(context.len() - trace.prompt.len()).map(Vec::as_slice)
    }

    pub fn prompts(&self) -> usize {
        self.traces.len()
    }
}

/// How often devices found a recorded proposal for their context.
#[derive(Debug, Default)]
pub struct ReplayCounts {
    pub hits: AtomicUsize,
    /// The context left the recorded output (a near-tie the batched
    /// verification rounded the other way): nothing is proposed.
    pub misses: AtomicUsize,
}

/// A device's draft model, replayed: the recorded tokens, cut where its
/// confidence says a rejection is likely (`early_stop`, as the live draft
/// model does) or not (SLED-style), at `per_token` per token computed.
pub struct Replay {
    pub traces: Arc<Traces>,
    pub per_token: Duration,
    pub early_stop: Option<EarlyStop>,
    pub counts: Arc<ReplayCounts>,
    hint: usize,
}

impl Replay {
    pub fn new(traces: Arc<Traces>, per_token: Duration, early_stop: bool, counts: Arc<ReplayCounts>) -> Self {
        Replay { traces, per_token, early_stop: early_stop.then(EarlyStop::default), counts, hint: 0 }
    }
}

impl Drafter for Replay {
    fn name(&self) -> &str {
        "replayed-draft-model"
    }

    fn outlook(&self, _: &[Token]) -> Outlook {
        Outlook { source: 0, seconds_per_token: self.per_token.as_secs_f64() }
    }

    fn propose(
        &mut self,
        context: &[Token],
        k: usize,
        _sampling: &SamplingParams,
        _rng: &mut SampleRng,
    ) -> Result<Draft, EngineError> {
        if k == 0 {
            return Ok(Draft::default());
        }
        let Some(recorded) = self.traces.lookup(context, &mut self.hint) else {
            self.counts.misses.fetch_add(1, Ordering::Relaxed);
            return Ok(Draft::default());
        };
        self.counts.hits.fetch_add(1, Ordering::Relaxed);
        let mut draft = Draft::default();
        // A draft model computes each token it proposes, and the one it
        // then decides not to propose.
        let mut computed = 0;
        for &(token, confidence) in recorded.iter().take(k) {
            computed += 1;
            if let Some(stop) = &mut self.early_stop
                && !stop.keep(confidence)
            {
                break;
            }
            draft.tokens.push(token);
            draft.confidences.push(confidence);
        }
        std::thread::sleep(self.per_token * computed as u32);
        Ok(draft)
    }

    fn observe(&mut self, draft: &Draft, accepted: usize) {
        if let Some(stop) = &mut self.early_stop {
            stop.observe(&draft.confidences, accepted);
        }
    }
}
