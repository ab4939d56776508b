//! A scripted OpenAI-compatible server: prepared replies, per agent, in
//! order, so that the agents loop can be tested without a model.

#![allow(dead_code)] // Each test binary uses a different part.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// Which agent a request comes from, told by its prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Inputs,
    Queries,
    Analysis,
    Repair,
    /// Asked to fix a candidate that compiled but misbehaved.
    Fix,
    Generator,
    /// Writes a first solution from a problem statement (the bench's LLM start).
    Solver,
}

impl Role {
    fn of(system: &str, user: &str) -> Role {
        if system.contains("You solve programming problems") {
            Role::Solver
        } else if system.contains("input generators") {
            Role::Inputs
        } else if user.starts_with("You help find optimisation techniques") {
            Role::Queries
        } else if system.contains("performance analyst") {
            Role::Analysis
        } else if user.contains("behaves differently from the original") {
            Role::Fix
        } else if user.contains("did not compile") {
            Role::Repair
        } else {
            Role::Generator
        }
    }
}

/// One prepared answer.
#[derive(Debug, Clone)]
pub enum Scripted {
    Text(String),
    /// Answers after a pause (to interrupt a run mid-call).
    Slow(String, Duration),
    /// An HTTP error status with an OpenAI-style error body.
    Status(u16),
}

pub fn text(reply: impl Into<String>) -> Scripted {
    Scripted::Text(reply.into())
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Request {
    pub role: Role,
    pub system: String,
    pub user: String,
    pub max_tokens: Option<u64>,
    pub seed: Option<u64>,
    pub temperature: Option<f64>,
}

/// Writes a reply from the request's user prompt.
type Responder = Arc<dyn Fn(&str) -> String + Send + Sync>;

#[derive(Default)]
struct Script {
    queues: HashMap<Role, VecDeque<Scripted>>,
    responders: HashMap<Role, Responder>,
    received: Vec<Request>,
}

/// A running scripted server.
pub struct ScriptedLlm {
    pub url: String,
    script: Arc<Mutex<Script>>,
    /// Serves until the test drops it.
    _runtime: tokio::runtime::Runtime,
}

impl ScriptedLlm {
    pub fn start() -> ScriptedLlm {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let script = Arc::new(Mutex::new(Script::default()));
        let app = axum::Router::new().route("/v1/chat/completions", post(complete)).with_state(script.clone());
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        ScriptedLlm { url, script, _runtime: runtime }
    }

    /// Queues replies for one agent; when its queue is empty the agent is
    /// answered "I have nothing to add.".
    pub fn script(&self, role: Role, replies: impl IntoIterator<Item = Scripted>) {
        self.script.lock().unwrap().queues.entry(role).or_default().extend(replies);
    }

    /// Answers an agent from its prompt once its queue is empty.
    pub fn respond(&self, role: Role, responder: impl Fn(&str) -> String + Send + Sync + 'static) {
        self.script.lock().unwrap().responders.insert(role, Arc::new(responder));
    }

    pub fn received(&self) -> Vec<Request> {
        self.script.lock().unwrap().received.clone()
    }

    pub fn received_by(&self, role: Role) -> Vec<Request> {
        self.received().into_iter().filter(|r| r.role == role).collect()
    }
}

async fn complete(State(script): State<Arc<Mutex<Script>>>, Json(body): Json<Value>) -> Response {
    let message = |role: &str| -> String {
        body["messages"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["role"] == role))
            .and_then(|m| m["content"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (system, user) = (message("system"), message("user"));
    let role = Role::of(&system, &user);
    let next = {
        let mut script = script.lock().unwrap();
        let responded = script.responders.get(&role).map(|respond| text(respond(&user)));
        script.received.push(Request {
            role,
            system,
            user,
            max_tokens: body["max_tokens"].as_u64(),
            seed: body["seed"].as_u64(),
            temperature: body["temperature"].as_f64(),
        });
        script.queues.get_mut(&role).and_then(VecDeque::pop_front).or(responded)
    };
    let reply = match next.unwrap_or_else(|| text("I have nothing to add.")) {
        Scripted::Text(reply) => reply,
        Scripted::Slow(reply, pause) => {
            tokio::time::sleep(pause).await;
            reply
        }
        Scripted::Status(code) => {
            let body = json!({ "error": { "message": "scripted failure", "type": "server_error", "code": null } });
            return (StatusCode::from_u16(code).unwrap(), Json(body)).into_response();
        }
    };
    Json(json!({
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": reply },
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110 }
    }))
    .into_response()
}

/// `marco` with a private cache and no settings file in reach.
pub fn marco(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marco"));
    command.current_dir(dir).env("MARCO_CACHE_DIR", cache_dir()).env_remove("MARCO_LLM_API_KEY");
    command
}

/// One sandbox build cache for every test (builds are keyed by content).
fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("agents-cache")
}

pub fn stdout_json(output: &Output) -> Value {
    assert!(output.status.success(), "marco failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The events of a run directory.
pub fn events(run: &Path) -> Vec<Value> {
    std::fs::read_to_string(run.join("events.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// A reply as a chat model would write it.
pub fn fenced(before: &str, code: &str) -> String {
    format!("{before}\n```rust\n{code}\n```\nThis should be faster.")
}

/// A whole program with a quadratic loop: what the service tests optimise.
pub const SLOW_PROGRAM: &str = "use std::io::Read;
fn work(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..n {
        for j in 0..n {
            total = total.wrapping_add(std::hint::black_box(i) * j);
        }
    }
    total
}
fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: u64 = input.trim().parse().unwrap_or(300);
    println!(\"{}\", work(n));
}
";

/// The same program in closed form: the scripted generator's answer.
pub const FAST_PROGRAM: &str = "use std::io::Read;
fn work(n: u64) -> u64 {
    let s = n * n.saturating_sub(1) / 2;
    s.wrapping_mul(s)
}
fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: u64 = input.trim().parse().unwrap_or(300);
    println!(\"{}\", work(n));
}
";
