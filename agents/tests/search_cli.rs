//! `marco search` as a user runs it. Offline only: the network backends are
//! either not chosen or pointed at a closed local port, so nothing here
//! leaves the machine.

use std::process::{Command, Output};

fn marco(args: &[&str], env: &[(&str, &str)]) -> Output {
    let cache = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_marco"));
    command.arg("search").args(args).env("MARCO_SEARCH_CACHE_DIR", cache.path());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn offline_search_prints_a_source_beside_every_passage() {
    let out = marco(&["--offline", "--limit", "3", "Vec::remove(0) as a queue"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("offline answered"), "{text}");
    let passages = text.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit())).count();
    let sources = text.lines().filter(|l| l.trim_start().starts_with("source: ") && l.contains("https://")).count();
    assert_eq!(passages, 3, "{text}");
    assert_eq!(sources, 3, "every passage has a source with a URL: {text}");
    assert!(text.contains("[vecdeque-queue]"), "{text}");
}

#[test]
fn code_files_become_searches_and_json_is_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slow.rs");
    std::fs::write(&file, "fn main() { for i in 0..100000 { println!(\"{}\", i); } }").unwrap();
    let out = marco(&["--offline", "--json", "--code", file.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["searches"][0].as_str().unwrap().contains("println!"));
    assert_eq!(report["passages"][0]["technique"], "buffered-locked-stdout");
    assert_eq!(report["offline_fallback"], false);
}

#[test]
fn unreachable_backends_fall_back_to_the_offline_base_with_a_note() {
    let out = marco(&["--backend", "searxng", "prefix sums"], &[("MARCO_SEARXNG_URL", "http://127.0.0.1:9")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("searxng failed: no answer from 127.0.0.1:9"), "{text}");
    assert!(
        text.contains("note: no backend answered; these passages come from marco's offline knowledge base"),
        "{text}"
    );
    assert!(text.contains("[prefix-sums]"), "{text}");
}

#[test]
fn bad_input_is_a_clear_error() {
    for (args, expected) in [
        (vec!["--code", "/no/such/file.rs"], "cannot read /no/such/file.rs"),
        (vec!["--backend", "google", "x"], "unknown backend `google`"),
        (vec![], "nothing to search for"),
    ] {
        let out = marco(&args, &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected) && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
