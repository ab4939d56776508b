//! Device drafting replayed from traces recorded with a real draft model.
//!
//! N devices each running their own draft model need N edge machines; the
//! benchmark has one. So the draft model proposes its greedy continuation
//! at every position of an output (the contexts a device sees, since
//! verification keeps exactly the target's tokens), and during the test
//! each device replays those proposals, taking a set time per drafted
//! token: the draft model's tokens and confidences, an edge device's speed.
//!
//! Outputs are recorded first along the target's greedy output decoded
//! alone. Served in a batch, the target can round a near-tie the other way
//! and leave that text; such a device finds no recording. Its served output
//! is then recorded too ([`Recorder::record_path`]) and the pass repeated,
//! so that the measured pass replays the draft model wherever the served
//! text goes (`--record-passes`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use inference::{
    Draft, DraftLength, Drafter, EarlyStop, Engine, EngineConfig, EngineError, Feed, GenerateParams, Model, Outlook,
    SampleRng, SamplingParams, Token,
};

/// A draft token and the probability the draft model gave it.
type Proposal = (Token, f32);

/// What the draft model proposed along one output of one prompt.
struct Trace {
    prompt: Vec<Token>,
    output: Vec<Token>,
    /// `drafts[p]`: the draft model's `depth` greedy tokens after the prompt
    /// and the first `p` output tokens.
    drafts: Vec<Vec<Proposal>>,
}

/// Every recorded output of every prompt of a load test.
pub struct Traces {
    paths: RwLock<Vec<Trace>>,
}

impl Traces {
    /// The draft model's proposals after `context`: a recorded prompt and
    /// the start of one of its recorded outputs, possibly followed by the
    /// draft model's own proposals there (a device drafting ahead of a
    /// verification in flight), whose greedy continuation is the rest of
    /// that recorded draft.
    fn lookup(&self, context: &[Token]) -> Option<Vec<Proposal>> {
        let paths = self.paths.read().unwrap_or_else(|e| e.into_inner());
        paths.iter().filter(|t| context.starts_with(&t.prompt)).find_map(|t| {
            let rest = &context[t.prompt.len()..];
            let on_path = common_prefix(rest, &t.output);
            let drafts = t.drafts.get(on_path)?;
            let ahead = &rest[on_path..];
            let follows = ahead.len() < drafts.len() && drafts.iter().zip(ahead).all(|((d, _), a)| d == a);
            follows.then(|| drafts[ahead.len()..].to_vec())
        })
    }

    pub fn paths(&self) -> usize {
        self.paths.read().unwrap_or_else(|e| e.into_inner()).len()
    }
}

fn common_prefix(a: &[Token], b: &[Token]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Records traces: the target's greedy outputs and the draft model's
/// proposals along any output.
pub struct Recorder {
    target: Engine,
    draft: Engine,
    depth: usize,
    /// Time spent recording so far.
    pub elapsed: Duration,
}

impl Recorder {
    /// Engines for contexts of up to `context` tokens and drafts of `depth`.
    pub fn new(target: Model, draft: Model, context: u32, depth: usize) -> Result<Self, String> {
        let config = EngineConfig { context: context + depth as u32 + 8, sequences: 1, ..Default::default() };
        let target = Engine::new(target, config.clone()).map_err(|e| e.to_string())?;
        let draft = Engine::new(draft, config).map_err(|e| e.to_string())?;
        Ok(Recorder { target, draft, depth, elapsed: Duration::ZERO })
    }

    /// Empty traces, to record into.
    pub fn traces(&self) -> Traces {
        Traces { paths: RwLock::new(Vec::new()) }
    }

    /// Records the target's greedy output of `max_tokens` for `prompt`,
    /// decoded alone, and the draft model's proposals along it.
    pub fn record_prompt(&mut self, traces: &Traces, prompt: &[Token], max_tokens: usize) -> Result<(), String> {
        let started = Instant::now();
        self.target.truncate(0, 0).map_err(|e| e.to_string())?;
        let params = GenerateParams { max_tokens, ..GenerateParams::default() };
        let generation =
            inference::generate(&mut self.target, 0, prompt, None, &mut DraftLength::fixed(0), &params, &mut |_| {})
                .map_err(|e| e.to_string())?;
        self.elapsed += started.elapsed();
        self.record_path(traces, prompt, &generation.tokens).map(|_| ())
    }

    /// Records the draft model's proposals along `output` of `prompt`
    /// unless a recorded output already holds it; returns whether it added
    /// one. Positions shared with a recorded output are copied, not
    /// recomputed.
    pub fn record_path(&mut self, traces: &Traces, prompt: &[Token], output: &[Token]) -> Result<bool, String> {
        let started = Instant::now();
        let mut drafts: Vec<Vec<Proposal>> = {
            let paths = traces.paths.read().unwrap_or_else(|e| e.into_inner());
            let best = paths
                .iter()
                .filter(|t| t.prompt == prompt)
                .map(|t| (common_prefix(output, &t.output), t))
                .max_by_key(|(shared, _)| *shared);
            match best {
                Some((shared, _)) if shared == output.len() => return Ok(false),
                Some((shared, t)) => t.drafts[..shared].to_vec(),
                None => Vec::new(),
            }
        };
        let mut context = prompt.to_vec();
        context.extend_from_slice(&output[..drafts.len()]);
        for p in drafts.len()..output.len() {
            // Greedy drafting is deterministic: when the previous draft
            // began with this position's token, its rest is this one's start.
            let known = match p.checked_sub(1).and_then(|q| drafts.get(q)) {
                Some(previous) if previous.first().is_some_and(|(t, _)| *t == output[p - 1]) => &previous[1..],
                _ => &[][..],
            };
            let draft = self.continuation(&context, known).map_err(|e| e.to_string())?;
            drafts.push(draft);
            context.push(output[p]);
        }
        let trace = Trace { prompt: prompt.to_vec(), output: output.to_vec(), drafts };
        traces.paths.write().unwrap_or_else(|e| e.into_inner()).push(trace);
        self.elapsed += started.elapsed();
        Ok(true)
    }

    /// The draft model's `depth` greedy tokens after `context`, with their
    /// probabilities (its proposals before early stopping), given the
    /// first of them already known.
    fn continuation(&mut self, context: &[Token], known: &[Proposal]) -> Result<Vec<Proposal>, EngineError> {
        let mut out: Vec<Proposal> = known.iter().copied().take(self.depth).collect();
        if out.len() == self.depth {
            return Ok(out);
        }
        let mut sequence = context.to_vec();
        sequence.extend(out.iter().map(|(t, _)| *t));
        // Only what the cache lacks is fed: usually the last known token.
        let reused = self.draft.reuse_prefix(0, &sequence)?;
        let mut new = sequence[reused..].to_vec();
        while out.len() < self.depth {
            let rows = self.draft.forward(&[Feed { seq: 0, tokens: &new, logits_from: new.len() - 1 }])?;
            let logits = rows.into_iter().next().and_then(|r| r.into_iter().last()).unwrap_or_default();
            let token = inference::argmax(&logits);
            out.push((token, inference::probability_of(&logits, token)));
            new = vec![token];
        }
        Ok(out)
    }
}

/// How often devices found a recorded proposal for their context.
#[derive(Debug, Default)]
pub struct ReplayCounts {
    pub hits: AtomicUsize,
    /// The context left every recorded output: nothing is proposed.
    pub misses: AtomicUsize,
}

impl ReplayCounts {
    /// Share of proposals asked for that found no recording.
    pub fn miss_share(&self) -> f64 {
        let (hits, misses) = (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed));
        misses as f64 / (hits + misses).max(1) as f64
    }
}

/// A device's draft model, replayed: the recorded tokens, cut where its
/// confidence says a rejection is likely (`early_stop`, as the live draft
/// model does) or not (SLED-style), at `per_token` per token computed.
pub struct Replay {
    pub traces: Arc<Traces>,
    pub per_token: Duration,
    pub early_stop: Option<EarlyStop>,
    pub counts: Arc<ReplayCounts>,
}

impl Replay {
    pub fn new(traces: Arc<Traces>, per_token: Duration, early_stop: bool, counts: Arc<ReplayCounts>) -> Self {
        Replay { traces, per_token, early_stop: early_stop.then(EarlyStop::default), counts }
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
        let Some(recorded) = self.traces.lookup(context) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A prompt [1, 2] whose output is [10, 11, 12], and the draft model's
    /// greedy proposals (depth 3) after each output prefix. Greedy drafting
    /// is deterministic, so each draft that starts with the next output
    /// token goes on as the previous one did.
    fn traces() -> Traces {
        let drafts = vec![
            vec![(10, 0.9), (11, 0.8), (20, 0.5)],
            vec![(11, 0.8), (20, 0.5), (21, 0.4)],
            vec![(20, 0.5), (21, 0.4), (22, 0.3)],
            vec![(40, 0.9), (41, 0.8), (42, 0.7)],
        ];
        let trace = Trace { prompt: vec![1, 2], output: vec![10, 11, 12], drafts };
        Traces { paths: RwLock::new(vec![trace]) }
    }

    fn tokens(proposals: Option<Vec<Proposal>>) -> Option<Vec<Token>> {
        proposals.map(|p| p.into_iter().map(|(t, _)| t).collect())
    }

    #[test]
    fn a_context_on_the_recorded_output_gets_that_positions_draft() {
        let traces = traces();
        assert_eq!(tokens(traces.lookup(&[1, 2])), Some(vec![10, 11, 20]));
        assert_eq!(tokens(traces.lookup(&[1, 2, 10, 11])), Some(vec![20, 21, 22]));
        assert_eq!(tokens(traces.lookup(&[1, 2, 10, 11, 12])), Some(vec![40, 41, 42]));
    }

    #[test]
    fn a_context_ahead_on_the_draft_models_own_tokens_gets_the_rest_of_its_draft() {
        let traces = traces();
        // A device that drafted [10, 11, 20] asks, before verification, for
        // what follows: the output's [10, 11], then the draft's own 20.
        assert_eq!(tokens(traces.lookup(&[1, 2, 10, 11, 20])), Some(vec![21, 22]));
        assert_eq!(tokens(traces.lookup(&[1, 2, 10, 11, 20, 21, 22])), None, "past the recorded depth");
    }

    #[test]
    fn a_context_off_every_recorded_output_or_prompt_finds_nothing() {
        let traces = traces();
        assert_eq!(traces.lookup(&[1, 2, 10, 11, 13]), None);
        assert_eq!(traces.lookup(&[1, 2, 99]), None);
        assert_eq!(traces.lookup(&[3, 2, 10]), None);
    }
}
