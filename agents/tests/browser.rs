//! The job page in a real browser: headless Chromium driven through
//! chromedriver submits a job through the page and watches it finish; a
//! screenshot is kept under `target/tmp/`.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{FAST_PROGRAM as FAST, Role, SLOW_PROGRAM as SLOW, ScriptedLlm, fenced, marco, text};
use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

const GENERATOR: &str = "use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let seed: u64 = s.trim().parse().unwrap();
    println!(\"{}\", 300 + seed % 200);
}";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_job_submitted_through_the_page_is_watched_to_its_end_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start();
    llm.script(Role::Inputs, [text(fenced("", GENERATOR))]);
    llm.script(Role::Queries, [text("SUMMARY: a double loop.\nQUERIES:\n- closed form sums\n")]);
    llm.script(Role::Generator, [text(fenced("Closed form, as in [1]:", FAST))]);

    let mut server = marco(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--llm-url", &llm.url, "--model", "scripted"])
        .args(["--search-backend", "offline"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("marco serve said where it listens").unwrap();
        if let Some(rest) = line.strip_prefix("marco serve: jobs at ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let _server = Killed(server);

    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is needed for this test: `scripts/bootstrap` installs chromium and chromium-driver");
    let _driver = Killed(driver);
    // Two TLS backends are linked in the workspace; rustls must be told
    // which (chromedriver is reached over plain HTTP anyway).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(drive(&url, port));
}

/// Submits the job through the page and follows it to its end.
async fn drive(url: &str, port: u16) {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400"] }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let browser = loop {
        match ClientBuilder::rustls()
            .unwrap()
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => break client,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start headless Chromium through chromedriver: {e}"),
        }
    };

    browser.goto(url).await.unwrap();
    browser.find(Locator::Css("#source")).await.unwrap().send_keys(SLOW).await.unwrap();
    let iterations = browser.find(Locator::Css("#iterations")).await.unwrap();
    iterations.clear().await.unwrap();
    iterations.send_keys("1").await.unwrap();
    browser.find(Locator::Css("#candidates")).await.unwrap().clear().await.unwrap();
    browser.find(Locator::Css("#candidates")).await.unwrap().send_keys("1").await.unwrap();
    browser.find(Locator::Css("#submit-button")).await.unwrap().click().await.unwrap();

    // The page moves to the job and follows its event stream to the end.
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let status = browser.find(Locator::Css("#job-status")).await.unwrap().text().await.unwrap();
        let diff = browser.find(Locator::Css("#diff")).await.unwrap().text().await.unwrap();
        if status == "succeeded" && diff.contains("s.wrapping_mul(s)") {
            break;
        }
        let error = browser.find(Locator::Css("#error")).await.unwrap().text().await.unwrap();
        assert!(error.is_empty(), "the page shows an error: {error}");
        assert!(Instant::now() < deadline, "the job never showed as succeeded (status {status:?})");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let points = browser.find_all(Locator::Css("#chart circle")).await.unwrap();
    assert_eq!(points.len(), 1, "one iteration, one point on the chart");
    let sources = browser.find(Locator::Css("#sources")).await.unwrap().text().await.unwrap();
    assert!(!sources.contains("none yet"), "the cited source is listed: {sources}");
    let summary = browser.find(Locator::Css("#summary")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("less fuel"), "{summary}");
    let screenshot = browser.screenshot().await.unwrap();
    let artefact = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-job-page.png");
    std::fs::write(&artefact, screenshot).unwrap();
    eprintln!("screenshot: {}", artefact.display());

    // The list shows it too.
    browser.goto(url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let rows = browser.find_all(Locator::Css("#jobs td.status")).await.unwrap();
        if let Some(row) = rows.first()
            && row.text().await.unwrap() == "succeeded"
        {
            break;
        }
        assert!(Instant::now() < deadline, "the jobs list never showed the job");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await.unwrap();
}
