//! An edge drafter with a remote cloud verifier gives the target's own
//! greedy output, also when the cloud evicts the session or restarts in the
//! middle of a generation; the verification protocol refuses bad requests
//! with clear 4xx errors. Uses SmolLM2-135M.

use std::net::SocketAddr;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};
use futures_util::StreamExt;
use inference::models::{self, Quiet, TEST_MODEL};
use inference::{EngineConfig, Model, RemoteTarget, Role, RunningServer, ServerConfig, ServerDrafter};
use serde_json::{Value, json};

const QUESTION: &str = "Write a Rust function that sums a vector.";
const TOKENS: u32 = 48;

fn model() -> Model {
    let path = models::ensure(TEST_MODEL, &Quiet).unwrap_or_else(|e| panic!("the test model is needed: {e}"));
    Model::load(&path).unwrap()
}

fn config(role: Role) -> ServerConfig {
    let mut config = ServerConfig::new("smol", model());
    config.engine = EngineConfig { context: 1024, sequences: 2, ..EngineConfig::default() };
    config.role = role;
    config
}

/// A cloud verifier; `ttl` is how long it keeps an idle session.
async fn cloud(addr: SocketAddr, ttl: Duration) -> RunningServer {
    let mut config = config(Role::Local);
    config.drafter = ServerDrafter::None;
    config.session_ttl = ttl;
    inference::serve(config, addr).await.unwrap()
}

async fn edge(cloud: &RunningServer) -> RunningServer {
    let mut config = config(Role::Edge(RemoteTarget::Marco(format!("http://{}", cloud.addr))));
    config.drafter = ServerDrafter::PromptLookup;
    config.draft_length = Some(4);
    inference::serve(config, "127.0.0.1:0".parse().unwrap()).await.unwrap()
}

/// An edge whose draft model is the target itself (the only model with
/// SmolLM2's tokenizer here), so that drafts are right and drafting ahead
/// pays.
async fn pipelined_edge(cloud: &RunningServer) -> RunningServer {
    let mut config = config(Role::Edge(RemoteTarget::Marco(format!("http://{}", cloud.addr))));
    config.drafter = ServerDrafter::Model(model());
    config.draft_length = Some(4);
    // The edge would have its own cores; here it shares two with the cloud.
    config.engine.threads = 1;
    config.time_per_token = Some(Duration::from_millis(50));
    inference::serve(config, "127.0.0.1:0".parse().unwrap()).await.unwrap()
}

/// The edge's reply with marco's counters.
async fn counted_answer(server: &RunningServer) -> Value {
    let url = format!("{}/chat/completions", server.base_url());
    let body = json!({"model": "smol", "max_tokens": TOKENS, "temperature": 0,
        "messages": [{"role": "user", "content": QUESTION}]});
    tokio::task::spawn_blocking(move || ureq::post(&url).send_json(body).unwrap().into_json().unwrap()).await.unwrap()
}

fn request() -> async_openai::types::CreateChatCompletionRequest {
    CreateChatCompletionRequestArgs::default()
        .model("smol")
        .messages([ChatCompletionRequestUserMessageArgs::default().content(QUESTION).build().unwrap().into()])
        .max_tokens(TOKENS)
        .temperature(0.0)
        .build()
        .unwrap()
}

async fn answer(server: &RunningServer) -> String {
    let client = Client::with_config(OpenAIConfig::new().with_api_base(server.base_url()).with_api_key("unused"));
    client.chat().create(request()).await.unwrap().choices[0].message.content.clone().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edge_and_cloud_give_the_targets_greedy_output() {
    let cloud_server = cloud("127.0.0.1:0".parse().unwrap(), Duration::from_secs(600)).await;
    // The cloud decoding alone is the reference.
    let expected = answer(&cloud_server).await;
    assert!(!expected.is_empty());
    let edge_server = edge(&cloud_server).await;
    assert_eq!(answer(&edge_server).await, expected, "edge + cloud changed the answer");
    // The edge did draft, and the cloud accepted some of it.
    let reply = counted_answer(&edge_server).await;
    assert!(reply["marco"]["drafted"].as_u64() > Some(0) && reply["marco"]["accepted"].as_u64() > Some(0), "{reply}");
    edge_server.stop().await.unwrap();

    // A draft model drafting ahead while each
    // verification is in flight and asking for deadlines: still the
    // target's text, and the drafts made ahead were used.
    let edge_server = pipelined_edge(&cloud_server).await;
    let reply = counted_answer(&edge_server).await;
    assert_eq!(reply["choices"][0]["message"]["content"].as_str(), Some(expected.as_str()), "{reply}");
    assert!(reply["marco"]["drafted_ahead"].as_u64() > Some(0), "nothing was drafted ahead: {reply}");
    edge_server.stop().await.unwrap();
    cloud_server.stop().await.unwrap();

    // A cloud that forgets every session at once: the edge resends its
    // history each round and nothing is lost.
    let forgetful = cloud("127.0.0.1:0".parse().unwrap(), Duration::ZERO).await;
    let edge_server = edge(&forgetful).await;
    assert_eq!(answer(&edge_server).await, expected, "an evicted session changed the answer");
    edge_server.stop().await.unwrap();
    forgetful.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloud_restart_mid_generation_loses_nothing() {
    let first = cloud("127.0.0.1:0".parse().unwrap(), Duration::from_secs(600)).await;
    let addr = first.addr;
    let expected = answer(&first).await;
    let edge_server = edge(&first).await;
    let client = Client::with_config(OpenAIConfig::new().with_api_base(edge_server.base_url()).with_api_key("unused"));
    let mut stream = client.chat().create_stream(request()).await.unwrap();
    let mut text = String::new();
    // Some text first, then the cloud goes away and a fresh one (no
    // sessions) comes up at the same address.
    while text.len() < 10 {
        let chunk = stream.next().await.expect("the stream ended early").unwrap();
        text.push_str(chunk.choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
    }
    first.stop().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = cloud(addr, Duration::from_secs(600)).await;
    while let Some(chunk) = stream.next().await {
        text.push_str(chunk.unwrap().choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
    }
    assert_eq!(text, expected, "the restart changed the answer");
    edge_server.stop().await.unwrap();
    second.stop().await.unwrap();
}

/// POSTs `body` to the cloud's `/v1/verify`: (status, JSON reply).
async fn verify(cloud: &RunningServer, body: String) -> (u16, Value) {
    let url = format!("http://{}/v1/verify", cloud.addr);
    tokio::task::spawn_blocking(move || {
        let (status, response) = match ureq::post(&url).set("content-type", "application/json").send_string(&body) {
            Ok(response) => (response.status(), response),
            Err(ureq::Error::Status(status, response)) => (status, response),
            Err(e) => panic!("no answer: {e}"),
        };
        (status, response.into_json().unwrap())
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_verifications_get_clear_4xx_errors() {
    let cloud = cloud("127.0.0.1:0".parse().unwrap(), Duration::from_secs(600)).await;
    let request = |step: u64, prefix_len: usize, draft: Vec<i32>| json!({"version": 1, "session": "s1", "step": step, "prefix_len": prefix_len, "tokens": [1, 2, 3], "draft": draft});
    let cases = [
        ("{not json".to_string(), 400, "bad_request"),
        (
            json!({"version": 2, "session": "s", "step": 1, "prefix_len": 0, "tokens": [1], "draft": []}).to_string(),
            400,
            "unsupported_version",
        ),
        (
            json!({"version": 1, "session": "s", "step": 1, "prefix_len": 0, "tokens": [], "draft": []}).to_string(),
            400,
            "bad_request",
        ),
        (
            json!({"version": 1, "session": "s", "step": 1, "prefix_len": 0, "tokens": [99999999], "draft": []})
                .to_string(),
            400,
            "bad_request",
        ),
        (request(1, 0, vec![5; 65]).to_string(), 413, "too_large"),
        (request(1, 2000, vec![]).to_string(), 413, "too_large"),
        // A session the cloud does not know cannot build on history.
        (request(1, 3, vec![]).to_string(), 409, "history_missing"),
    ];
    for (body, status, code) in cases {
        let (got, reply) = verify(&cloud, body.clone()).await;
        assert_eq!((got, reply["code"].as_str()), (status, Some(code)), "{body}: {reply}");
        assert!(!reply["message"].as_str().unwrap_or("").is_empty());
    }
    // A good request, then a replay of its step: out of order.
    let (status, reply) = verify(&cloud, request(1, 0, vec![4]).to_string()).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["held"].as_u64(), Some(3 + reply["accepted"].as_u64().unwrap()));
    let (status, reply) = verify(&cloud, request(1, 0, vec![4]).to_string()).await;
    assert_eq!((status, reply["code"].as_str()), (409, Some("out_of_order")), "{reply}");
    // Building on more history than the cloud holds says what it holds.
    let (status, reply) = verify(&cloud, request(2, 50, vec![]).to_string()).await;
    assert_eq!((status, reply["code"].as_str()), (409, Some("history_missing")), "{reply}");
    assert!(reply["held"].as_u64().is_some_and(|held| held >= 3));
    cloud.stop().await.unwrap();
}
