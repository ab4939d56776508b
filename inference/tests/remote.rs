//! The SGLang and vLLM verifier adapters against local fake engines that
//! answer in each engine's response format. The fake target is a rule (the
//! next token is a function of the last), so every verdict is known.

use std::net::SocketAddr;

use axum::Json;
use axum::routing::post;
use inference::models::{self, Quiet, TEST_MODEL};
use inference::{
    EdgeOptions, EdgeRequest, EngineApi, EngineVerifier, GenerateParams, Link, Model, PromptLookup, SamplingParams,
    Token, Verdict, Verifier,
};
use serde_json::{Value, json};

/// The fake target's greedy choice after `token`.
fn next(token: i64) -> i64 {
    (token * 7 + 3) % 90 + 10
}

fn ids(body: &Value, field: &str) -> Vec<i64> {
    body[field].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect()
}

/// SGLang's `/generate`: `meta_info.input_top_logprobs[i]` for input
/// position `logprob_start_len + i` (null where nothing precedes it).
async fn sglang(Json(body): Json<Value>) -> Json<Value> {
    let input = ids(&body, "input_ids");
    let start = body["logprob_start_len"].as_u64().unwrap() as usize;
    let top: Vec<Value> = (start..input.len())
        .map(|p| if p == 0 { Value::Null } else { json!([[-0.25, next(input[p - 1]), null]]) })
        .collect();
    let own: Vec<Value> = (start..input.len())
        .map(|p| if p == 0 { json!([null, input[p], null]) } else { json!([-0.5, input[p], null]) })
        .collect();
    let generated = next(*input.last().unwrap());
    Json(json!({
        "text": "x",
        "output_ids": [generated],
        "meta_info": {
            "id": "fake", "finish_reason": {"type": "length", "length": 1},
            "prompt_tokens": input.len(), "completion_tokens": 1, "cached_tokens": 0,
            "input_token_logprobs": own, "input_top_logprobs": top,
            "output_token_logprobs": [[-0.1, generated, null]],
            "output_top_logprobs": [[[-0.1, generated, null]]],
        },
    }))
}

/// vLLM's `/v1/completions` with `prompt_logprobs: 1` and token ids as
/// strings: each position holds the prompt's token and the rank-1 token.
async fn vllm(Json(body): Json<Value>) -> Json<Value> {
    let input = ids(&body, "prompt");
    let mut prompt_logprobs = vec![Value::Null];
    for p in 1..input.len() {
        let best = next(input[p - 1]);
        let mut position = serde_json::Map::new();
        let rank = if input[p] == best { 1 } else { 2 };
        position.insert(input[p].to_string(), json!({"logprob": -0.5, "rank": rank, "decoded_token": "a"}));
        position.insert(best.to_string(), json!({"logprob": -0.25, "rank": 1, "decoded_token": "b"}));
        prompt_logprobs.push(Value::Object(position));
    }
    let generated = next(*input.last().unwrap());
    let token = format!("token_id:{generated}");
    Json(json!({
        "id": "cmpl-fake", "object": "text_completion", "created": 0, "model": body["model"],
        "choices": [{
            "index": 0, "text": "b", "finish_reason": "length", "stop_reason": null,
            "logprobs": {"text_offset": [0], "token_logprobs": [-0.25], "tokens": [token.clone()],
                         "top_logprobs": [{token: -0.25}]},
            "prompt_logprobs": prompt_logprobs,
        }],
        "usage": {"prompt_tokens": input.len(), "total_tokens": input.len() + 1, "completion_tokens": 1},
    }))
}

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

async fn verifiers() -> Vec<EngineVerifier> {
    let sglang_addr = serve(axum::Router::new().route("/generate", post(sglang))).await;
    let vllm_addr = serve(axum::Router::new().route("/v1/completions", post(vllm))).await;
    vec![
        EngineVerifier::new(EngineApi::Sglang, &format!("http://{sglang_addr}"), "target"),
        EngineVerifier::new(EngineApi::Vllm, &format!("http://{vllm_addr}/v1"), "target"),
    ]
}

fn chain(from: i64, n: usize) -> Vec<Token> {
    std::iter::successors(Some(next(from)), |&t| Some(next(t))).take(n).map(|t| t as Token).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greedy_verdicts_through_sglang_and_vllm_are_exact() {
    for verifier in verifiers().await {
        let verdicts = tokio::task::spawn_blocking(move || {
            let greedy = SamplingParams::greedy();
            let mut link = Link::default();
            let context: Vec<Token> = vec![11, 42];
            let right = chain(42, 4);
            let mut wrong_third = right.clone();
            wrong_third[2] = 5;
            let cases = [right.clone(), wrong_third, Vec::new(), vec![7]];
            let verdicts: Vec<Verdict> =
                cases.iter().map(|draft| verifier.verify(&mut link, &context, draft, &greedy).unwrap()).collect();
            let sampled = SamplingParams { temperature: 0.8, ..SamplingParams::greedy() };
            let refused = verifier.verify(&mut link, &context, &right, &sampled).unwrap_err().to_string();
            (verdicts, refused)
        })
        .await
        .unwrap();
        let right = chain(42, 5);
        assert_eq!(
            verdicts.0,
            vec![
                Verdict { accepted: 4, next: right[4] },
                Verdict { accepted: 2, next: right[2] },
                Verdict { accepted: 0, next: right[0] },
                Verdict { accepted: 0, next: right[0] },
            ]
        );
        assert!(verdicts.1.contains("cannot verify sampled drafts exactly"), "{}", verdicts.1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edge_generation_through_an_engine_is_the_targets() {
    let path = models::ensure(TEST_MODEL, &Quiet).unwrap_or_else(|e| panic!("the test model is needed: {e}"));
    let model = Model::load(&path).unwrap();
    for verifier in verifiers().await {
        let (tokens, drafted, accepted) = tokio::task::spawn_blocking(move || {
            let prompt: Vec<Token> = vec![12, 30, 31, 44];
            let params = GenerateParams { max_tokens: 200, ..GenerateParams::default() };
            let mut request = EdgeRequest::new(model, 0, prompt, params, EdgeOptions::fixed(4));
            let mut lookup = PromptLookup::default();
            while !request.is_finished() {
                request.round(&verifier, Some(&mut lookup), &mut |_| {}).unwrap();
            }
            let generation = request.finish();
            (generation.tokens, generation.stats.drafted, generation.stats.accepted)
        })
        .await
        .unwrap();
        assert_eq!(tokens, chain(44, 200));
        // The rule's output cycles, so prompt lookup drafts well.
        assert!(accepted > 100 && drafted >= accepted, "{accepted} of {drafted}");
    }
}
