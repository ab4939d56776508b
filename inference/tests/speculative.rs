//! Speculative decoding is lossless: with every drafter, greedy output is
//! token for token the target's own; rejection sampling reproduces the
//! target's distribution. Uses the real SmolLM2-135M (pulled if missing).

use inference::models::{self, Quiet, TEST_MODEL};
use inference::{
    Draft, DraftLength, DraftModel, Drafter, Engine, EngineConfig, EngineError, FinishReason, GenerateParams, Hybrid,
    Model, Outlook, PromptLookup, SampleRng, SamplingParams, Token, generate,
};
use rand::{Rng as _, SeedableRng};

fn model() -> Model {
    let path = models::ensure(TEST_MODEL, &Quiet).unwrap_or_else(|e| panic!("the test model is needed: {e}"));
    Model::load(&path).expect("load the test model")
}

fn engine() -> Engine {
    Engine::new(model(), EngineConfig { context: 2048, sequences: 2, ..EngineConfig::default() }).unwrap()
}

fn prompt(model: Model) -> Vec<Token> {
    let code = "fn sum_of_squares(v: &Vec<i64>) -> i64 {\n    let mut total = 0;\n    for i in 0..v.len() {\n        total = total + v[i] * v[i];\n    }\n    total\n}\n";
    let messages = vec![
        ("system".to_string(), "You rewrite Rust code to run faster.".to_string()),
        ("user".to_string(), format!("Make this function faster and return the whole function:\n\n{code}")),
    ];
    model.tokenize(&model.chat_prompt(&messages).unwrap(), false)
}

/// Proposes random tokens: almost all rejected, which exercises rollback.
struct RandomDrafter {
    vocab: usize,
    rng: SampleRng,
}

impl Drafter for RandomDrafter {
    fn name(&self) -> &str {
        "random"
    }
    fn outlook(&self, _: &[Token]) -> Outlook {
        Outlook { source: 0, seconds_per_token: 0.0 }
    }
    fn propose(&mut self, _: &[Token], k: usize, _: &SamplingParams, _: &mut SampleRng) -> Result<Draft, EngineError> {
        Ok(Draft {
            tokens: (0..k).map(|_| self.rng.random_range(0..self.vocab) as Token).collect(),
            ..Draft::default()
        })
    }
}

fn run(
    engine: &mut Engine,
    prompt: &[Token],
    drafter: Option<&mut dyn Drafter>,
    length: &mut DraftLength,
) -> Vec<Token> {
    let params = GenerateParams { max_tokens: 96, ..GenerateParams::default() };
    generate(engine, 0, prompt, drafter, length, &params, &mut |_| {}).unwrap().tokens
}

#[test]
fn greedy_output_is_identical_with_every_drafter() {
    let mut target = engine();
    let prompt = prompt(target.model());
    let expected = run(&mut target, &prompt, None, &mut DraftLength::fixed(0));
    assert!(expected.len() > 20, "the model should say something: {:?}", target.model().detokenize(&expected));

    let vocab = target.model().vocab_size();
    let draft_engine =
        || Engine::new(model(), EngineConfig { context: 2048, sequences: 1, ..EngineConfig::default() }).unwrap();
    let mut drafters: Vec<Box<dyn Drafter>> = vec![
        Box::new(PromptLookup::default()),
        Box::new(DraftModel::new(draft_engine()).unwrap()),
        Box::new(Hybrid::new(PromptLookup::default(), DraftModel::new(draft_engine()).unwrap(), 2)),
        Box::new(RandomDrafter { vocab, rng: SampleRng::seed_from_u64(1) }),
    ];
    for drafter in &mut drafters {
        for k in [1, 3, 8] {
            // A fresh cache each time, so no run benefits from another.
            target.truncate(0, 0).unwrap();
            let got = run(&mut target, &prompt, Some(drafter.as_mut()), &mut DraftLength::fixed(k));
            assert_eq!(got, expected, "drafter {} with k = {k} changed the output", drafter.name());
        }
    }
}

#[test]
fn rollback_and_prefix_reuse_give_the_same_logits() {
    let mut engine = engine();
    let prompt = prompt(engine.model());
    let n = prompt.len();
    let feed = |tokens| inference::Feed { seq: 0, tokens, logits_from: 4 };
    engine.forward(&[inference::Feed { seq: 0, tokens: &prompt[..n - 5], logits_from: n - 6 }]).unwrap();
    let first = engine.forward(&[feed(&prompt[n - 5..])]).unwrap();
    // Roll back the last 5 tokens, feed other tokens, roll back, feed the
    // same 5 again: the rejected ones must leave no trace.
    engine.truncate(0, n - 5).unwrap();
    engine.forward(&[feed(&prompt[..5])]).unwrap();
    engine.truncate(0, n - 5).unwrap();
    let again = engine.forward(&[feed(&prompt[n - 5..])]).unwrap();
    assert_eq!(first, again, "logits after rollback differ");
    // A second sequence shares the prefix without recomputing it.
    engine.copy_prefix(0, 1, n - 1).unwrap();
    assert_eq!(engine.cached(1), &prompt[..n - 1]);
    assert_eq!(engine.reuse_prefix(1, &prompt).unwrap(), n - 1);
}

#[test]
fn a_repeated_prompt_reuses_its_cache() {
    let mut engine = engine();
    let prompt = prompt(engine.model());
    let params = GenerateParams { max_tokens: 4, ..GenerateParams::default() };
    let first = generate(&mut engine, 0, &prompt, None, &mut DraftLength::fixed(0), &params, &mut |_| {}).unwrap();
    let second = generate(&mut engine, 0, &prompt, None, &mut DraftLength::fixed(0), &params, &mut |_| {}).unwrap();
    assert_eq!(first.stats.reused_prompt_tokens, 0);
    assert_eq!(second.stats.reused_prompt_tokens, prompt.len() - 1);
    assert_eq!(first.tokens, second.tokens);
}

#[test]
fn stop_strings_and_max_tokens_end_generation() {
    let mut engine = engine();
    let prompt = prompt(engine.model());
    let free = generate(
        &mut engine,
        0,
        &prompt,
        None,
        &mut DraftLength::fixed(0),
        &GenerateParams { max_tokens: 40, ..GenerateParams::default() },
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(free.tokens.len(), 40);
    assert_eq!(free.finish, FinishReason::Length);
    // Stop at a piece of text the free run produced.
    let stop = free.text.chars().skip(10).take(3).collect::<String>();
    let mut streamed = String::new();
    let stopped = generate(
        &mut engine,
        0,
        &prompt,
        Some(&mut PromptLookup::default()),
        &mut DraftLength::fixed(4),
        &GenerateParams { max_tokens: 40, stop: vec![stop.clone()], ..GenerateParams::default() },
        &mut |t| streamed.push_str(t),
    )
    .unwrap();
    assert_eq!(stopped.finish, FinishReason::Stop);
    assert!(!stopped.text.contains(&stop), "{:?} contains {stop:?}", stopped.text);
    assert!(free.text.starts_with(&stopped.text));
    assert_eq!(streamed, stopped.text, "the stream is the text");
}

/// Verification is exact only if a token's logits do not depend on the
/// pass that computes them. Two llama.cpp CPU configurations broke this:
/// plain attention (later rows of a multi-token pass rounded differently
/// from one-token passes) and flash attention over an f16 cache (a tiled
/// kernel from 64 rows, a thread-split one for one row over 512 cells).
#[test]
fn a_tokens_logits_do_not_depend_on_its_pass() {
    let mut engine =
        Engine::new(model(), EngineConfig { context: 2048, sequences: 2, ..EngineConfig::default() }).unwrap();
    let model = engine.model();
    let filler = model.tokenize(&"fn main() { let v = vec![1, 2, 3]; println!(\"{}\", v.len()); }\n".repeat(40), false);
    let feed = |seq, tokens| inference::Feed { seq, tokens, logits_from: 0 };
    for context in [40, 700] {
        engine.truncate(0, 0).unwrap();
        engine.truncate(1, 0).unwrap();
        engine.forward(&[inference::Feed { seq: 0, tokens: &filler[..context], logits_from: context - 1 }]).unwrap();
        let next = &filler[context..context + 4];
        let one_at_a_time: Vec<Vec<f32>> = next
            .iter()
            .map(|t| engine.forward(&[feed(0, std::slice::from_ref(t))]).unwrap().remove(0).remove(0))
            .collect();
        engine.truncate(0, context).unwrap();
        let verified = engine.forward(&[feed(0, next)]).unwrap().remove(0);
        assert!(verified == one_at_a_time, "context {context}: a 4-token pass differs from 4 one-token passes");
    }
    // Sharing a pass with another sequence's 100 tokens (beyond the 64 rows
    // where a tiled kernel would take over) changes nothing either.
    engine.truncate(0, 40).unwrap();
    let alone = engine.forward(&[feed(0, &filler[40..41])]).unwrap().remove(0).remove(0);
    engine.truncate(0, 40).unwrap();
    let shared = engine.forward(&[feed(0, &filler[40..41]), feed(1, &filler[..100])]).unwrap().remove(0).remove(0);
    assert!(alone == shared, "sharing a pass with 100 other tokens changed the logits");
}
