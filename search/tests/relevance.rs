//! Recall@5 of the offline retriever on two relevance sets of slow snippets,
//! each labelled with the techniques that apply: the loop set
//! (`tests/relevance/*.rs`, labels in `tests/relevance/labels.toml`) and the
//! iterator set (`tests/relevance/iterators/`, written with iterator chains
//! and closures). Queries come from the code alone, through the deterministic
//! extractor; no model, no network.

use std::collections::BTreeMap;
use std::path::Path;

use search::{KnowledgeBase, Query, techniques};

#[derive(serde::Deserialize)]
struct Labels {
    snippets: BTreeMap<String, Vec<String>>,
}

/// Mean recall@5 over the snippets of `dir` (relative to the crate), printed
/// snippet by snippet. Fails when a snippet is unlabelled, a label names no
/// technique, or the extractor finds nothing to search for in a snippet.
fn recall_at_5(dir: &str) -> f64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let labels: Labels = toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
    let known: Vec<&str> = techniques().unwrap().iter().map(|t| t.id.as_str()).collect();
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    assert_eq!(files.len(), labels.snippets.len(), "every snippet is labelled and every label has a snippet");
    assert!(labels.snippets.len() >= 20, "{} has {} snippets", dir.display(), labels.snippets.len());

    let kb = KnowledgeBase::load().unwrap();
    let mut total = 0.0;
    for (file, expected) in &labels.snippets {
        for id in expected {
            assert!(known.contains(&id.as_str()), "{file}: label {id} is not a technique");
        }
        let code = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let query = Query::new("").with_code(code);
        assert!(!query.is_empty(), "{file}: the extractor found nothing to search for");
        let top: Vec<String> = kb.rank(&query, 5).into_iter().filter_map(|p| p.technique).collect();
        let hits = expected.iter().filter(|id| top.contains(id)).count();
        let recall = hits as f64 / expected.len() as f64;
        total += recall;
        println!("{recall:.2}  {file:<28} expected {expected:?}\n      top 5 {top:?}");
    }
    let recall = total / labels.snippets.len() as f64;
    println!(
        "recall@5 of the offline retriever over {} snippets of {}: {recall:.3}",
        labels.snippets.len(),
        dir.display()
    );
    recall
}

#[test]
fn loop_set_recall_at_5_is_at_least_0_8() {
    let recall = recall_at_5("tests/relevance");
    assert!(recall >= 0.8, "recall@5 is {recall:.3}, below 0.8");
}

#[test]
fn iterator_set_recall_at_5_is_at_least_0_9() {
    let recall = recall_at_5("tests/relevance/iterators");
    assert!(recall >= 0.9, "recall@5 is {recall:.3}, below 0.9");
}
