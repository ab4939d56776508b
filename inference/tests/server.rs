//! The OpenAI-compatible server answers a real `async-openai` client,
//! streaming and not, batches concurrent requests, and refuses bad requests
//! with 4xx errors in OpenAI's format. Uses SmolLM2-135M.

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::{
    ChatCompletionRequestUserMessageArgs, ChatCompletionStreamOptions, CreateChatCompletionRequestArgs,
};
use futures_util::StreamExt;
use inference::models::{self, Quiet, TEST_MODEL};
use inference::{EngineConfig, Model, RunningServer, ServerConfig, ServerDrafter};

fn model() -> Model {
    let path = models::ensure(TEST_MODEL, &Quiet).unwrap_or_else(|e| panic!("the test model is needed: {e}"));
    Model::load(&path).unwrap()
}

async fn start() -> RunningServer {
    start_with(ServerDrafter::PromptLookup).await
}

async fn start_with(drafter: ServerDrafter) -> RunningServer {
    let mut config = ServerConfig::new("smol", model());
    config.engine = EngineConfig { context: 1024, sequences: 3, ..EngineConfig::default() };
    // A fixed length makes every drafter draft: on a CPU the automatic
    // choice rightly declines a draft model as slow as the target.
    config.draft_length = matches!(drafter, ServerDrafter::Model(_) | ServerDrafter::Hybrid(_)).then_some(4);
    config.drafter = drafter;
    inference::serve(config, "127.0.0.1:0".parse().unwrap()).await.unwrap()
}

fn client(server: &RunningServer) -> Client<OpenAIConfig> {
    Client::with_config(OpenAIConfig::new().with_api_base(server.base_url()).with_api_key("unused"))
}

fn request(text: &str, max_tokens: u32) -> async_openai::types::CreateChatCompletionRequest {
    CreateChatCompletionRequestArgs::default()
        .model("smol")
        .messages([ChatCompletionRequestUserMessageArgs::default().content(text).build().unwrap().into()])
        .max_tokens(max_tokens)
        .temperature(0.0)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_an_openai_client_plainly_and_streaming() {
    let server = start().await;
    let client = client(&server);

    let models = client.models().list().await.unwrap();
    assert_eq!(models.data.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["smol"]);

    let plain = client.chat().create(request("Name three prime numbers.", 24)).await.unwrap();
    let text = plain.choices[0].message.content.clone().unwrap();
    assert!(!text.is_empty());
    let usage = plain.usage.unwrap();
    assert!(usage.prompt_tokens > 5 && usage.completion_tokens > 0 && usage.completion_tokens <= 24);
    assert_eq!(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);

    // Greedy decoding: the streamed text is the same as the plain one, and
    // asked for, the last chunk carries the same token counts.
    let mut streaming = request("Name three prime numbers.", 24);
    streaming.stream_options = Some(ChatCompletionStreamOptions { include_usage: true });
    let mut stream = client.chat().create_stream(streaming).await.unwrap();
    let mut streamed = String::new();
    let mut finish = None;
    let mut streamed_usage = None;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        if let Some(choice) = chunk.choices.first() {
            streamed.push_str(choice.delta.content.as_deref().unwrap_or(""));
            finish = finish.or(choice.finish_reason);
        }
        streamed_usage = streamed_usage.or(chunk.usage);
    }
    assert_eq!(streamed, text);
    assert!(finish.is_some());
    assert_eq!(streamed_usage.map(|u| u.completion_tokens), Some(usage.completion_tokens));

    // Concurrent requests are all answered, each about its own question.
    // (Not bit for bit as if alone: where a request's cache cells lie in the
    // shared cache changes the rounding of its attention, see ARCHITECTURE.md.)
    let handles: Vec<_> = ["Count to five.", "Say hello.", "Name three prime numbers."]
        .into_iter()
        .map(|q| {
            let client = client.clone();
            tokio::spawn(async move { client.chat().create(request(q, 24)).await.unwrap() })
        })
        .collect();
    let mut answers = Vec::new();
    for h in handles {
        answers.push(h.await.unwrap().choices[0].message.content.clone().unwrap());
    }
    assert!(answers.iter().all(|a| !a.is_empty()));
    assert!(answers[0] != answers[1] && answers[1] != answers[2], "answers were mixed up: {answers:?}");
    server.stop().await.unwrap();
}

const QUESTIONS: [&str; 3] = ["Write a Rust function that sums a vector.", "Say hello.", "Name three prime numbers."];

/// Greedy answers from a server with `drafter`: one at a time, then all at
/// once (which must complete; batching may round differently).
async fn answers_with(drafter: ServerDrafter) -> Vec<String> {
    let server = start_with(drafter).await;
    let client = client(&server);
    let mut answers = Vec::new();
    for q in QUESTIONS {
        answers.push(client.chat().create(request(q, 48)).await.unwrap().choices[0].message.content.clone().unwrap());
    }
    // marco's own statistics say how much was drafted and accepted.
    let body = serde_json::json!({"model": "smol", "max_tokens": 24, "temperature": 0,
        "messages": [{"role": "user", "content": QUESTIONS[0]}]});
    let (status, reply) = post(&format!("{}/chat/completions", server.base_url()), &body.to_string()).await;
    assert_eq!(status, 200, "{reply}");
    let stats: serde_json::Value = serde_json::from_str(&reply).unwrap();
    if matches!(drafter, ServerDrafter::Model(_) | ServerDrafter::Hybrid(_)) {
        assert!(
            stats["marco"]["drafted"].as_u64() > Some(0) && stats["marco"]["accepted"].as_u64() > Some(0),
            "{reply}"
        );
    }
    let handles: Vec<_> = QUESTIONS
        .into_iter()
        .map(|q| {
            let client = client.clone();
            tokio::spawn(async move { client.chat().create(request(q, 48)).await.unwrap() })
        })
        .collect();
    for h in handles {
        let answer = h.await.unwrap();
        assert!(answer.choices[0].message.content.as_ref().is_some_and(|a| !a.is_empty()));
    }
    server.stop().await.unwrap();
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_drafter_serves_the_targets_own_greedy_answers() {
    let expected = answers_with(ServerDrafter::None).await;
    assert!(expected.iter().all(|a| !a.is_empty()));
    // SmolLM2 drafting for itself: a draft model with the target's tokenizer
    // that is almost always right, so long drafts are verified and accepted
    // in the shared draft engine's per-request sequences.
    for drafter in [ServerDrafter::PromptLookup, ServerDrafter::Model(model()), ServerDrafter::Hybrid(model())] {
        assert_eq!(answers_with(drafter).await, expected, "{drafter:?} changed an answer");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_4xx_in_openai_format() {
    let server = start().await;
    let url = format!("{}/chat/completions", server.base_url());
    let cases: [(&str, u16, &str); 5] = [
        ("{not json", 400, "invalid request body"),
        (r#"{"model":"nope","messages":[{"role":"user","content":"hi"}]}"#, 404, "does not exist"),
        (r#"{"model":"smol","messages":[]}"#, 400, "must not be empty"),
        (r#"{"model":"smol","messages":[{"role":"user","content":"hi"}],"max_tokens":100000}"#, 400, "context"),
        (r#"{"model":"smol","messages":[{"role":"user","content":"hi"}],"temperature":7}"#, 400, "temperature"),
    ];
    for (body, status, needle) in cases {
        let (got, text) = post(&url, body).await;
        assert_eq!(got, status, "{body} -> {text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{message}");
        assert!(json["error"]["type"].is_string());
    }
    server.stop().await.unwrap();
}

/// A minimal HTTP/1.1 POST, so the test needs no second HTTP client.
async fn post(url: &str, body: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}
