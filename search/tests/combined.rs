//! The combined search: concurrent fan-out, ranking, de-duplication across
//! backends, page fetching, reports, and the offline fallback. Local mock
//! servers and fakes only.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use search::{BackendKind, Error, Passage, Query, Retriever, Search, SearchConfig, Source};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn config(server: &MockServer) -> SearchConfig {
    let uri = server.uri();
    SearchConfig {
        arxiv_url: format!("{uri}/api/query"),
        semantic_scholar_url: format!("{uri}/graph/v1"),
        openalex_url: uri.clone(),
        duckduckgo_url: format!("{uri}/html/"),
        tavily_key: None,
        searxng_url: None,
        host_intervals: HashMap::new(),
        default_interval: Duration::ZERO,
        backoff: Duration::from_millis(10),
        retries: 1,
        timeout: Duration::from_secs(5),
        cache_dir: None,
        fetch_pages: 0,
        ..SearchConfig::default()
    }
}

#[tokio::test]
async fn failing_backends_do_not_fail_the_search_and_duplicates_go() {
    let server = MockServer::start().await;
    Mock::given(path("/api/query"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("arxiv_feed.xml"), "application/atom+xml"))
        .mount(&server)
        .await;
    Mock::given(path("/graph/v1/paper/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("semantic_scholar_search.json"), "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/works"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "Internal server error"})))
        .mount(&server)
        .await;
    let kinds = [BackendKind::Arxiv, BackendKind::SemanticScholar, BackendKind::OpenAlex, BackendKind::Tavily];
    let search = Search::new(&kinds, &config(&server)).unwrap();
    let report = search.search(&Query::new("loop tiling cache reuse"), 10).await;

    let status = |name: &str| report.backends.iter().find(|b| b.backend == name).unwrap();
    assert!(status("arxiv").answered && status("arxiv").passages == 2);
    assert!(status("semantic-scholar").answered);
    assert!(!status("openalex").answered && status("openalex").error.as_deref().unwrap().contains("HTTP 500"));
    assert_eq!(status("tavily").error.as_deref(), Some("tavily: TAVILY_API_KEY is not set"));
    assert!(!report.offline_fallback && report.note.is_none());

    // The tiling paper came from arXiv and Semantic Scholar with one DOI: kept once.
    let tiling =
        report.passages.iter().filter(|p| p.source.title.to_lowercase().starts_with("tiling loop nests")).count();
    assert_eq!(tiling, 1);
    assert_eq!(report.duplicates_dropped, 1);
    assert!(report.passages[0].source.title.to_lowercase().starts_with("tiling loop nests"), "best match first");
    assert!(report.passages.windows(2).all(|w| w[0].score >= w[1].score), "ranked by score");
}

#[tokio::test]
async fn nothing_answering_falls_back_to_the_offline_base_with_a_note() {
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "600"))
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.arxiv_url = "http://127.0.0.1:9/api/query".into(); // nothing listens on the discard port
    let search = Search::new(&[BackendKind::Arxiv, BackendKind::OpenAlex], &config).unwrap();
    let report = search.search(&Query::new("println in a loop is slow"), 3).await;
    assert!(report.backends.iter().all(|b| !b.answered));
    assert!(report.offline_fallback);
    assert!(report.note.as_deref().unwrap().contains("no backend answered"), "{:?}", report.note);
    assert!(report.passages.iter().any(|p| p.technique.as_deref() == Some("buffered-locked-stdout")));
    assert!(report.passages.iter().all(|p| p.source.backend == "offline" && p.source.url.is_some()));
}

#[tokio::test]
async fn web_results_are_fetched_and_cut_into_passages() {
    let server = MockServer::start().await;
    let page_url = format!("{}/posts/vecdeque", server.uri());
    let results =
        fixture("duckduckgo_results.html").replace("__PAGE_URL__", &page_url.replace(':', "%3A").replace('/', "%2F"));
    Mock::given(path("/html/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(results, "text/html"))
        .mount(&server)
        .await;
    Mock::given(path("/posts/vecdeque"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("page.html"), "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let config = SearchConfig { fetch_pages: 1, ..config(&server) };
    let search = Search::new(&[BackendKind::DuckDuckGo], &config).unwrap();
    let report = search.search(&Query::new("vec remove(0) queue vecdeque"), 5).await;
    let page = report.passages.iter().find(|p| p.source.backend == "duckduckgo+page").expect("a passage from the page");
    assert_eq!(page.source.title, "Queues in Rust: VecDeque versus Vec");
    assert_eq!(page.source.url.as_deref(), Some(page_url.as_str()));
    assert!(page.text.contains("ring buffer") && page.text.contains("pop_front"));
    for boilerplate in ["cookies", "Archive of every post", "Related:", "Copyright", "analytics"] {
        assert!(!page.text.contains(boilerplate), "{boilerplate} in {:?}", page.text);
    }
    assert!(
        report.passages.iter().any(|p| p.source.title == "VecDeque documentation"),
        "unfetched results keep their snippet"
    );
}

/// A fake backend that answers after a delay, to see the fan-out is concurrent.
struct Slow(&'static str, Duration);

#[async_trait]
impl Retriever for Slow {
    fn name(&self) -> &str {
        self.0
    }
    async fn retrieve(&self, _: &Query, _: usize) -> Result<Vec<Passage>, Error> {
        tokio::time::sleep(self.1).await;
        let source = Source { backend: self.0.into(), title: format!("{} on hashing", self.0), ..Source::default() };
        Ok(vec![Passage::new("hash maps turn nested scans into lookups", source)])
    }
}

#[tokio::test]
async fn backends_are_asked_concurrently_and_the_combination_is_a_retriever() {
    let retrievers: Vec<Box<dyn Retriever>> = vec![
        Box::new(Slow("one", Duration::from_millis(300))),
        Box::new(Slow("two", Duration::from_millis(300))),
        Box::new(Slow("three", Duration::from_millis(300))),
    ];
    let search: Box<dyn Retriever> = Box::new(Search::with_retrievers(retrievers).unwrap());
    let started = std::time::Instant::now();
    let passages = search.retrieve(&Query::new("hash nested scan"), 10).await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(800), "took {:?}", started.elapsed());
    assert_eq!(passages.len(), 3);
}

#[tokio::test]
async fn code_queries_reach_the_offline_base() {
    let search = Search::new(&[BackendKind::Offline], &SearchConfig::default()).unwrap();
    let code = "fn f(q: &mut Vec<u32>) { while !q.is_empty() { let x = q.remove(0); println!(\"{x}\"); } }";
    let report = search.search(&Query::new("").with_code(code), 5).await;
    assert!(!report.offline_fallback, "offline was chosen, not fallen back to");
    assert_eq!(report.passages.len(), 5, "techniques citing the same page are not duplicates");
    let ids: Vec<&str> = report.passages.iter().filter_map(|p| p.technique.as_deref()).collect();
    assert!(ids.contains(&"vecdeque-queue") && ids.contains(&"buffered-locked-stdout"), "{ids:?}");
}
