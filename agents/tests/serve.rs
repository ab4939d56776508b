//! `marco serve` against the scripted LLM: every endpoint and error code,
//! an internal failure (a 500 with an id, the details only in the server's
//! log), a bounded load test, and a crash test (SIGKILL, restart, no lost
//! job and no gap in any event stream).

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{FAST_PROGRAM as FAST, Role, SLOW_PROGRAM as SLOW, Scripted, ScriptedLlm, fenced, marco, text};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};

/// A running `marco serve`.
struct Server {
    child: Child,
    url: String,
    /// What it wrote to stderr (its log) so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(dir: &Path, llm: &ScriptedLlm, extra: &[&str]) -> Server {
        let mut child = marco(dir)
            .args(["serve", "--addr", "127.0.0.1:0", "--llm-url", &llm.url, "--model", "scripted"])
            .args(["--search-backend", "offline"])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("marco serve said where it listens").unwrap();
            if let Some(rest) = line.strip_prefix("marco serve: jobs at ") {
                break rest.split_whitespace().next().unwrap().trim_end_matches('/').to_string();
            }
        };
        // Keep draining stderr so that the server never blocks on it.
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        Server { child, url, log }
    }

    /// The log lines that contain `needle`.
    fn logged(&self, needle: &str) -> Vec<String> {
        self.log.lock().unwrap().iter().filter(|l| l.contains(needle)).cloned().collect()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn client() -> Client {
    Client::builder().timeout(Duration::from_secs(120)).build().unwrap()
}

fn file_job(iterations: u32) -> Value {
    json!({ "source": SLOW, "inputs": ["400", "450"], "options": { "iterations": iterations, "candidates": 1, "search": false } })
}

fn status_of(client: &Client, url: &str, id: &str) -> Value {
    client.get(format!("{url}/v1/jobs/{id}")).send().unwrap().json().unwrap()
}

fn wait_until_final(client: &Client, url: &str, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let job = status_of(client, url, id);
        if ["succeeded", "failed", "cancelled"].contains(&job["status"].as_str().unwrap()) {
            return job;
        }
        assert!(Instant::now() < deadline, "job {id} never ended: {job}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The SSE stream of a job, read to its end: (id, event type, data).
fn stream(client: &Client, url: &str, id: &str, last: Option<u64>) -> Vec<(Option<u64>, String, String)> {
    let mut request = client.get(format!("{url}/v1/jobs/{id}/events"));
    if let Some(last) = last {
        request = request.header("Last-Event-ID", last.to_string());
    }
    let response = request.send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut events = Vec::new();
    let (mut seq, mut kind, mut data) = (None, String::new(), String::new());
    for line in BufReader::new(response).lines() {
        let line = line.unwrap();
        if line.is_empty() {
            if !kind.is_empty() {
                let done = kind == "end";
                events.push((seq.take(), std::mem::take(&mut kind), std::mem::take(&mut data)));
                if done {
                    break;
                }
            }
        } else if let Some(v) = line.strip_prefix("id:") {
            seq = v.trim().parse().ok();
        } else if let Some(v) = line.strip_prefix("event:") {
            kind = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        }
    }
    events
}

fn error_of(response: reqwest::blocking::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().unwrap();
    assert_eq!(body["error"]["status"], status.as_u16());
    body["error"]["message"].as_str().unwrap().to_string()
}

#[test]
fn every_endpoint_and_every_error_code() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    llm.script(
        Role::Generator,
        [
            // The first job's candidate arrives late: time to see it running.
            Scripted::Slow(fenced("", FAST), Duration::from_secs(3)),
            Scripted::Slow(fenced("", FAST), Duration::from_secs(60)),
        ],
    );
    let server = Server::start(dir.path(), &llm, &["--workers", "1", "--max-queued", "2"]);
    let (http, url) = (client(), server.url.clone());

    assert_eq!(http.get(format!("{url}/healthz")).send().unwrap().status(), StatusCode::OK);
    let openapi: Value = http.get(format!("{url}/openapi.json")).send().unwrap().json().unwrap();
    for path in
        ["/v1/jobs", "/v1/package-jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/events", "/v1/jobs/{id}/result", "/healthz"]
    {
        assert!(openapi["paths"][path].is_object(), "openapi.json describes {path}");
    }
    let page = http.get(format!("{url}/")).send().unwrap().text().unwrap();
    assert!(page.contains("<title>marco jobs</title>"));

    // Refusals.
    let post = |body: &str| {
        http.post(format!("{url}/v1/jobs"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap()
    };
    assert!(error_of(post("{not json"), StatusCode::BAD_REQUEST).contains("JSON"));
    assert!(
        error_of(post(r#"{"source": "fn main() {}", "colour": 1}"#), StatusCode::UNPROCESSABLE_ENTITY)
            .contains("colour")
    );
    let bad = |job: Value| error_of(post(&job.to_string()), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad(json!({ "source": "fn main() {", })).contains("not Rust"));
    assert!(bad(json!({ "source": "fn helper() {}" })).contains("fn main"));
    assert!(bad(json!({ "source": SLOW, "options": { "iterations": 0 } })).contains("iterations"));
    assert!(bad(json!({ "source": "impl Solution {}", "problem": "99999" })).contains("99999"));
    let huge = json!({ "source": format!("fn main() {{}}\n// {}", "x".repeat(300 << 10)) });
    assert!(error_of(post(&huge.to_string()), StatusCode::PAYLOAD_TOO_LARGE).contains("limit"));
    let too_big_body = format!(r#"{{"source": "{}"}}"#, "y".repeat(5 << 20));
    // A fresh connection: the server stops reading an oversized body and
    // closes the connection it came on.
    let response =
        client().post(format!("{url}/v1/jobs")).header("content-type", "application/json").body(too_big_body);
    error_of(response.send().unwrap(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_of(http.get(format!("{url}/v1/jobs/nope")).send().unwrap(), StatusCode::NOT_FOUND).contains("nope"));
    assert!(
        error_of(http.get(format!("{url}/v1/jobs?status=done")).send().unwrap(), StatusCode::BAD_REQUEST)
            .contains("status")
    );
    error_of(http.delete(format!("{url}/v1/jobs/nope")).send().unwrap(), StatusCode::NOT_FOUND);
    error_of(http.get(format!("{url}/v1/nothing")).send().unwrap(), StatusCode::NOT_FOUND);
    let wrong_method = http.put(format!("{url}/v1/jobs")).send().unwrap();
    assert!(wrong_method.headers()["allow"].to_str().unwrap().contains("POST"));
    error_of(wrong_method, StatusCode::METHOD_NOT_ALLOWED);
    error_of(http.get(format!("{url}/v1/jobs/%FF")).send().unwrap(), StatusCode::BAD_REQUEST);

    // A job, submitted twice with one Idempotency-Key.
    let submit = |job: &Value, key: Option<&str>| {
        let mut request = http.post(format!("{url}/v1/jobs")).json(job);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().unwrap()
    };
    let first = submit(&file_job(1), Some("k1"));
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().unwrap();
    let id = first["id"].as_str().unwrap().to_string();
    let again = submit(&file_job(1), Some("k1"));
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().unwrap()["id"], id.as_str(), "a retried submission is the same job");
    assert!(error_of(submit(&file_job(2), Some("k1")), StatusCode::CONFLICT).contains("Idempotency-Key"));

    // While it runs: no result yet.
    let deadline = Instant::now() + Duration::from_secs(60);
    while status_of(&http, &url, &id)["status"] != "running" {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        error_of(http.get(format!("{url}/v1/jobs/{id}/result")).send().unwrap(), StatusCode::CONFLICT)
            .contains("running")
    );

    let done = wait_until_final(&http, &url, &id);
    assert_eq!(done["status"], "succeeded", "{done}");
    assert!(done["fuel_speedup"].as_f64().unwrap() > 10.0, "{done}");
    let result: Value = http.get(format!("{url}/v1/jobs/{id}/result")).send().unwrap().json().unwrap();
    assert_eq!(result["code"], FAST);
    assert!(result["diff"].as_str().unwrap().contains("+    s.wrapping_mul(s)"));
    assert_eq!(result["summary"]["improved"], true);
    assert!(
        error_of(http.delete(format!("{url}/v1/jobs/{id}")).send().unwrap(), StatusCode::CONFLICT).contains("ended")
    );

    // Its events: numbered without gaps, resumable, closed by `end`.
    let events = stream(&http, &url, &id, None);
    let numbers: Vec<u64> = events.iter().filter_map(|e| e.0).collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>(), "{events:?}");
    assert_eq!(events.last().unwrap().1, "end");
    assert!(events.iter().any(|e| e.1 == "decision"));
    let later = stream(&http, &url, &id, Some(3));
    assert_eq!(later.first().unwrap().0, Some(4));
    assert_eq!(later.len(), events.len() - 3);

    // List and filter, paginated.
    let list: Value = http.get(format!("{url}/v1/jobs?status=succeeded&limit=1")).send().unwrap().json().unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["jobs"][0]["id"], id.as_str());

    // Queue limits and cancellation: one runs (held by the slow reply), two
    // may wait, a third is refused.
    let running: Value = submit(&file_job(1), None).json().unwrap();
    let running = running["id"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(60);
    while status_of(&http, &url, &running)["status"] != "running" {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(50));
    }
    let queued: Value = submit(&file_job(1), None).json().unwrap();
    assert_eq!(submit(&file_job(1), None).status(), StatusCode::ACCEPTED);
    assert!(error_of(submit(&file_job(1), None), StatusCode::TOO_MANY_REQUESTS).contains("queued"));
    let queued = queued["id"].as_str().unwrap();
    assert_eq!(http.delete(format!("{url}/v1/jobs/{queued}")).send().unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(status_of(&http, &url, queued)["status"], "cancelled");
    assert_eq!(http.delete(format!("{url}/v1/jobs/{running}")).send().unwrap().status(), StatusCode::ACCEPTED);
    let cancelled = wait_until_final(&http, &url, &running);
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");
    let events = stream(&http, &url, &running, None);
    assert_eq!(events.last().unwrap().1, "end");
}

#[test]
fn an_internal_failure_is_a_500_with_an_id_and_its_details_only_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    let server = Server::start(dir.path(), &llm, &[]);
    let (http, url) = (client(), server.url.clone());
    let job: Value = http.post(format!("{url}/v1/jobs")).json(&file_job(1)).send().unwrap().json().unwrap();
    let id = job["id"].as_str().unwrap().to_string();
    assert_eq!(wait_until_final(&http, &url, &id)["status"], "succeeded");

    // The server loses a succeeded job's result file.
    let result_file = dir.path().join(".marco/serve/jobs").join(&id).join("result.rs");
    std::fs::remove_file(&result_file).unwrap();
    let message =
        error_of(http.get(format!("{url}/v1/jobs/{id}/result")).send().unwrap(), StatusCode::INTERNAL_SERVER_ERROR);
    let incident = message
        .strip_prefix("internal error; id ")
        .and_then(|m| m.strip_suffix(", see the server log"))
        .unwrap_or_else(|| panic!("no id in {message:?}"));
    assert!(!incident.is_empty() && incident.chars().all(|c| c.is_ascii_hexdigit()), "{message}");
    // The client learns nothing of the inside; the log has it all.
    let deadline = Instant::now() + Duration::from_secs(10);
    let logged = loop {
        let logged = server.logged(incident);
        if !logged.is_empty() || Instant::now() > deadline {
            break logged;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(logged.len(), 1, "the id names one log line: {logged:?}");
    assert!(logged[0].contains("ERROR") && logged[0].contains(&format!("{id}/result.rs")), "{}", logged[0]);
    assert!(logged[0].contains("No such file"), "{}", logged[0]);

    // Expected failures stay what they were.
    error_of(http.get(format!("{url}/v1/jobs/nope/result")).send().unwrap(), StatusCode::NOT_FOUND);
    error_of(http.delete(format!("{url}/v1/jobs/{id}")).send().unwrap(), StatusCode::CONFLICT);
    assert_eq!(http.get(format!("{url}/v1/jobs/{id}")).send().unwrap().status(), StatusCode::OK);
}

#[test]
fn a_token_guards_the_api_and_other_addresses_need_one() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    let server = Server::start(dir.path(), &llm, &["--token", "s3cret"]);
    let (http, url) = (client(), server.url.clone());
    assert_eq!(http.get(format!("{url}/healthz")).send().unwrap().status(), StatusCode::OK);
    error_of(http.get(format!("{url}/v1/jobs")).send().unwrap(), StatusCode::UNAUTHORIZED);
    error_of(http.get(format!("{url}/v1/jobs")).bearer_auth("wrong").send().unwrap(), StatusCode::UNAUTHORIZED);
    assert_eq!(http.get(format!("{url}/v1/jobs")).bearer_auth("s3cret").send().unwrap().status(), StatusCode::OK);
    assert_eq!(http.get(format!("{url}/v1/jobs?access_token=s3cret")).send().unwrap().status(), StatusCode::OK);

    let output = marco(dir.path())
        .args(["serve", "--addr", "0.0.0.0:0", "--llm-url", &llm.url, "--db", "other.db"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("without --token"));
}

#[test]
fn a_hundred_concurrent_submissions_are_each_accepted_once_and_completed() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    let server = Server::start(dir.path(), &llm, &["--workers", "4", "--max-queued", "200"]);
    let url = server.url.clone();
    let started = Instant::now();
    let submissions: Vec<_> = (0..100)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                let http = client();
                let t = Instant::now();
                let response = http
                    .post(format!("{url}/v1/jobs"))
                    .header("Idempotency-Key", format!("load-{i}"))
                    .header("X-Marco-Client", format!("client-{}", i % 5))
                    .json(&file_job(1))
                    .send()
                    .unwrap();
                assert_eq!(response.status(), StatusCode::ACCEPTED);
                let id = response.json::<Value>().unwrap()["id"].as_str().unwrap().to_string();
                let submit_ms = t.elapsed().as_secs_f64() * 1000.0;
                let mut polls = Vec::new();
                loop {
                    let t = Instant::now();
                    let job = status_of(&http, &url, &id);
                    polls.push(t.elapsed().as_secs_f64() * 1000.0);
                    if ["succeeded", "failed", "cancelled"].contains(&job["status"].as_str().unwrap()) {
                        return (id, job, submit_ms, polls);
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
            })
        })
        .collect();
    let results: Vec<_> = submissions.into_iter().map(|t| t.join().unwrap()).collect();
    let mut ids: Vec<&String> = results.iter().map(|r| &r.0).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 100, "every submission is its own job");
    for (id, job, ..) in &results {
        assert_eq!(job["status"], "succeeded", "{id}: {job}");
    }
    let list: Value = client().get(format!("{url}/v1/jobs?limit=500")).send().unwrap().json().unwrap();
    assert_eq!(list["total"], 100, "no job lost or duplicated");
    let percentiles = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        (at(0.5), at(0.95), at(0.99), v[v.len() - 1])
    };
    let submit = percentiles(results.iter().map(|r| r.2).collect());
    let poll = percentiles(results.iter().flat_map(|r| r.3.clone()).collect());
    eprintln!(
        "load: 100 jobs done in {:.1} s; submit latency p50 {:.1} ms, p95 {:.1}, p99 {:.1}, max {:.1}; \
         status poll p50 {:.1} ms, p95 {:.1}, p99 {:.1}, max {:.1}",
        started.elapsed().as_secs_f64(),
        submit.0,
        submit.1,
        submit.2,
        submit.3,
        poll.0,
        poll.1,
        poll.2,
        poll.3
    );
}

#[test]
fn jobs_survive_a_sigkill_and_their_event_streams_have_no_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    // Slow replies keep jobs running when the server dies.
    llm.script(Role::Generator, (0..3).map(|_| Scripted::Slow(fenced("", FAST), Duration::from_secs(4))));
    let mut server = Server::start(dir.path(), &llm, &["--workers", "2"]);
    let http = client();
    let ids: Vec<String> = (0..3)
        .map(|_| {
            let job: Value =
                http.post(format!("{}/v1/jobs", server.url)).json(&file_job(2)).send().unwrap().json().unwrap();
            job["id"].as_str().unwrap().to_string()
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while ids.iter().filter(|id| status_of(&http, &server.url, id)["status"] == "running").count() < 2 {
        assert!(Instant::now() < deadline, "two jobs never ran at once");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    server.kill();

    llm.script(Role::Generator, (0..6).map(|_| text(fenced("", FAST))));
    let server = Server::start(dir.path(), &llm, &["--workers", "2"]);
    for id in &ids {
        let job = wait_until_final(&http, &server.url, id);
        assert_eq!(job["status"], "succeeded", "{id}: {job}");
        let events = stream(&http, &server.url, id, None);
        let numbers: Vec<u64> = events.iter().filter_map(|e| e.0).collect();
        assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>(), "gap in {id}'s events");
        assert_eq!(events.iter().filter(|e| e.1 == "finished").count(), 1, "{id}: {events:?}");
    }
}

/// The sum of every pair's product as the square of the sum.
const FAST_PAIR_CHECKSUM: &str = "pub fn pair_checksum(data: &[u32]) -> u64 {
    let sum = data.iter().fold(0u64, |s, &x| s.wrapping_add(x as u64));
    sum.wrapping_mul(sum)
}";

/// `files` as a `.tar.gz`, each `(path, contents)`.
fn tar_gz(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (path, contents) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, path, contents.as_slice()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// The test package's files, under `prefix`.
fn package_files(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/package");
    ["Cargo.toml", "Cargo.lock", "src/lib.rs"]
        .iter()
        .map(|name| (format!("{prefix}{name}"), std::fs::read(root.join(name)).unwrap()))
        .collect()
}

#[test]
fn a_package_job_sent_as_an_archive_returns_a_patch_that_applies() {
    use reqwest::blocking::multipart::{Form, Part};
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    llm.script(Role::Generator, [text(fenced("Square the sum:", FAST_PAIR_CHECKSUM))]);
    let server = Server::start(dir.path(), &llm, &["--max-package-mib", "1"]);
    let client = client();
    let url = &server.url;
    let post = |form: Form| client.post(format!("{url}/v1/package-jobs")).multipart(form).send().unwrap();
    let archive = |bytes: Vec<u8>| Part::bytes(bytes).file_name("package.tar.gz");
    let job = json!({
        "functions": ["pair_checksum"],
        "options": { "iterations": 1, "candidates": 1, "search": false },
    });

    // Refusals, each with its reason, and no job made.
    let refusals = [
        (Form::new().part("archive", archive(b"plain text".to_vec())), 422, "not a .tar.gz archive"),
        (
            Form::new().part("archive", archive(tar_gz(&[("src/lib.rs".into(), b"pub fn f() {}".to_vec())]))),
            422,
            "no Cargo.toml at its top",
        ),
        (Form::new().part("archive", archive(vec![0; (1 << 20) + 1])), 413, "the limit is 1048576"),
        (Form::new().text("request", job.to_string()), 400, "no `archive` part"),
        (Form::new().part("archive", archive(tar_gz(&package_files("")))).text("request", r#"{"top":0}"#), 422, "top"),
        (
            Form::new().part("archive", archive(tar_gz(&package_files("")))).text("request", r#"{"fnction":[]}"#),
            422,
            "unknown field `fnction`",
        ),
    ];
    for (form, status, reason) in refusals {
        let message = error_of(post(form), StatusCode::from_u16(status).unwrap());
        assert!(message.contains(reason), "{status}: {message}");
    }
    let listed: Value = client.get(format!("{url}/v1/jobs")).send().unwrap().json().unwrap();
    assert_eq!(listed["total"], 0, "{listed}");

    // The package as `cargo package` lays it out: one top-level directory.
    let form =
        Form::new().part("archive", archive(tar_gz(&package_files("pairsum-0.1.0/")))).text("request", job.to_string());
    let response = post(form);
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let submitted: Value = response.json().unwrap();
    assert_eq!(submitted["kind"], "package");
    let id = submitted["id"].as_str().unwrap();
    let ended = wait_until_final(&client, url, id);
    assert_eq!(ended["status"], "succeeded", "{ended}\n{}", server.logged("").join("\n"));
    let result: Value = client.get(format!("{url}/v1/jobs/{id}/result")).send().unwrap().json().unwrap();
    let summary = &result["summary"];
    assert_eq!(summary["targets"][0]["outcome"]["improved"], true, "{summary:#}");
    assert!(summary["report"].as_str().unwrap().contains("pair_checksum"), "{summary:#}");
    let patch = summary["patch"].as_str().expect("a patch");

    // It applies to the package as it was sent.
    let copy = tempfile::tempdir().unwrap();
    for (name, contents) in package_files("") {
        let path = copy.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::write(copy.path().join("changes.patch"), patch).unwrap();
    let applied = std::process::Command::new("git").args(["apply", "changes.patch"]).current_dir(copy.path()).output();
    let applied = applied.unwrap();
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    let lib = std::fs::read_to_string(copy.path().join("src/lib.rs")).unwrap();
    assert!(lib.contains("sum.wrapping_mul(sum)"), "{lib}");
}
