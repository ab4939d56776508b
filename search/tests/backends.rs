//! Every network backend against a local mock server answering in that
//! backend's real response format, including errors and rate limits. No test
//! here touches the internet.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use search::{BackendKind, Error, Query, SearchConfig, backend};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Every backend pointed at the mock, no spacing, quick backoff, no cache.
fn config(server: &MockServer) -> SearchConfig {
    let uri = server.uri();
    SearchConfig {
        arxiv_url: format!("{uri}/api/query"),
        semantic_scholar_url: format!("{uri}/graph/v1"),
        openalex_url: uri.clone(),
        tavily_url: uri.clone(),
        tavily_key: Some("tvly-test-key".into()),
        searxng_url: Some(uri.clone()),
        duckduckgo_url: format!("{uri}/html/"),
        host_intervals: HashMap::new(),
        default_interval: Duration::ZERO,
        backoff: Duration::from_millis(10),
        retries: 2,
        max_retry_wait: Duration::from_secs(3),
        timeout: Duration::from_secs(5),
        cache_dir: None,
        fetch_pages: 0,
        ..SearchConfig::default()
    }
}

fn query() -> Query {
    Query::new("loop tiling cache")
}

#[tokio::test]
async fn arxiv_reads_the_atom_feed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/query"))
        .and(query_param("search_query", "all:loop OR all:tiling OR all:cache"))
        .and(query_param("max_results", "5"))
        .and(header("user-agent", SearchConfig::default().user_agent.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("arxiv_feed.xml"), "application/atom+xml"))
        .expect(1)
        .mount(&server)
        .await;
    let passages = backend(BackendKind::Arxiv, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2);
    let first = &passages[0].source;
    assert_eq!(first.title, "Tiling Loop Nests for Cache Reuse on Modern Multicores");
    assert_eq!(first.authors, ["Ada Example", "Ben Sample"]);
    assert_eq!(first.year, Some(2021));
    assert_eq!(first.doi.as_deref(), Some("10.1000/example.2021.1"));
    assert_eq!(first.venue.as_deref(), Some("J. Example Comput. 12 (2021) 1-12"));
    assert_eq!(first.url.as_deref(), Some("https://arxiv.org/abs/2101.00001v2"));
    assert!(passages[0].text.starts_with("We study loop tiling") && passages[0].text.contains("three & more."));
    assert_eq!(passages[1].source.venue.as_deref(), Some("arXiv preprint arXiv:2202.00002v1"));
}

#[tokio::test]
async fn arxiv_error_feed_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/query"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("arxiv_error.xml"), "application/atom+xml"))
        .mount(&server)
        .await;
    let error = backend(BackendKind::Arxiv, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(error.to_string().contains("max_results must be non-negative"), "{error}");
}

#[tokio::test]
async fn arxiv_throttling_is_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/api/query"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Rate exceeded."))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/query"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("arxiv_feed.xml"), "application/atom+xml"))
        .expect(1)
        .mount(&server)
        .await;
    let passages = backend(BackendKind::Arxiv, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2, "the retry after one 503 succeeds");

    let down = MockServer::start().await;
    Mock::given(path("/api/query"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Rate exceeded."))
        .expect(3)
        .mount(&down)
        .await;
    let error = backend(BackendKind::Arxiv, &config(&down)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(matches!(&error, Error::Status { status: 503, message, .. } if message == "Rate exceeded."), "{error}");
}

#[tokio::test]
async fn semantic_scholar_reads_papers_and_sends_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/graph/v1/paper/search"))
        .and(query_param("query", "loop tiling cache"))
        .and(query_param("fields", "title,abstract,authors,year,venue,url,externalIds"))
        .and(header("x-api-key", "s2-key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("semantic_scholar_search.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let config = SearchConfig { semantic_scholar_key: Some("s2-key".into()), ..config(&server) };
    let passages = backend(BackendKind::SemanticScholar, &config).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2);
    assert_eq!(passages[0].source.doi.as_deref(), Some("10.1000/example.2021.1"));
    assert_eq!(passages[0].source.venue.as_deref(), Some("Journal of Example Computing"));
    assert_eq!(passages[1].text, "Prefix Sums Everywhere", "a paper without abstract is represented by its title");
    assert_eq!(passages[1].source.venue, None, "an empty venue is no venue");
}

#[tokio::test]
async fn semantic_scholar_rate_limit_honours_retry_after() {
    let server = MockServer::start().await;
    let too_many = json!({"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits.", "code": "429"});
    Mock::given(path("/graph/v1/paper/search"))
        .respond_with(ResponseTemplate::new(429).set_body_json(&too_many).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/graph/v1/paper/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("semantic_scholar_search.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let passages =
        backend(BackendKind::SemanticScholar, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked");

    let limited = MockServer::start().await;
    Mock::given(path("/graph/v1/paper/search"))
        .respond_with(ResponseTemplate::new(429).set_body_json(&too_many).insert_header("retry-after", "60"))
        .expect(1)
        .mount(&limited)
        .await;
    let error =
        backend(BackendKind::SemanticScholar, &config(&limited)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(60)),
        "a Retry-After beyond the limit fails at once: {error}"
    );
}

#[tokio::test]
async fn openalex_rebuilds_inverted_abstracts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/works"))
        .and(query_param("search", "loop tiling cache"))
        .and(query_param("per-page", "5"))
        .and(query_param("mailto", "dev@example.org"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("openalex_works.json"), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let config = SearchConfig { contact_email: Some("dev@example.org".into()), ..config(&server) };
    let passages = backend(BackendKind::OpenAlex, &config).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages[0].text, "Loop tiling keeps blocks in cache so each reused cache line counts.");
    assert_eq!(passages[0].source.doi.as_deref(), Some("10.1000/example.2021.1"));
    assert_eq!(passages[0].source.venue.as_deref(), Some("Journal of Example Computing"));
    assert_eq!(passages[0].source.authors, ["Ada Example", "Ben Sample"]);
    assert_eq!(passages[1].source.url.as_deref(), Some("https://example.org/hashing"));
    assert_eq!(passages[1].text, "Hashing small keys quickly");
}

#[tokio::test]
async fn openalex_server_errors_are_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": "Internal server error", "message": "upstream timeout"})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let error = backend(BackendKind::OpenAlex, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(
        matches!(&error, Error::Status { status: 500, message, .. } if message.contains("upstream timeout")),
        "{error}"
    );
}

#[tokio::test]
async fn tavily_posts_the_domains_with_a_bearer_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/search"))
        .and(header("authorization", "Bearer tvly-test-key"))
        .and(body_partial_json(json!({
            "query": "loop tiling cache",
            "include_domains": ["acm.org", "ieee.org", "arxiv.org", "researchgate.net"],
            "max_results": 5
        })))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("tavily_search.json"), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let passages = backend(BackendKind::Tavily, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2);
    assert_eq!(passages[0].source.site.as_deref(), Some("dl.acm.org"));
    assert_eq!(passages[1].source.site.as_deref(), Some("researchgate.net"));
    assert_eq!(passages[1].text, "Sliding windows revisited", "empty content falls back to the title");
}

#[tokio::test]
async fn tavily_errors_say_why() {
    let server = MockServer::start().await;
    Mock::given(path("/search"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"detail": {"error": "Unauthorized: missing or invalid API key."}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = backend(BackendKind::Tavily, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(
        matches!(&error, Error::Status { status: 401, message, .. } if message == "Unauthorized: missing or invalid API key."),
        "{error}"
    );

    let over_plan = MockServer::start().await;
    Mock::given(path("/search"))
        .respond_with(
            ResponseTemplate::new(432)
                .set_body_json(json!({"detail": {"error": "This request exceeds your plan's set usage limit."}})),
        )
        .mount(&over_plan)
        .await;
    let error = backend(BackendKind::Tavily, &config(&over_plan)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(error.to_string().contains("432") && error.to_string().contains("usage limit"), "{error}");

    let limited = MockServer::start().await;
    Mock::given(path("/search"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(
                json!({"detail": {"error": "Your request has been blocked due to excessive requests."}}),
            ),
        )
        .expect(3)
        .mount(&limited)
        .await;
    let error = backend(BackendKind::Tavily, &config(&limited)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { retry_after: None, .. }), "{error}");
}

#[tokio::test]
async fn the_offline_base_is_a_backend_too() {
    let offline = backend(BackendKind::Offline, &SearchConfig::default()).unwrap();
    assert_eq!(offline.name(), "offline");
    let passages = offline.retrieve(&Query::new("prefix sums for range sums"), 3).await.unwrap();
    assert_eq!(passages[0].technique.as_deref(), Some("prefix-sums"));
}

#[test]
fn tavily_without_a_key_is_not_configured() {
    let config = SearchConfig { tavily_key: None, ..SearchConfig::default() };
    let error = backend(BackendKind::Tavily, &config).err().expect("no key, no backend");
    assert_eq!(error.to_string(), "tavily: TAVILY_API_KEY is not set");
}

#[tokio::test]
async fn searxng_reads_json_results() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("format", "json"))
        .and(query_param("q", "loop tiling cache"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("searxng_search.json"), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let passages = backend(BackendKind::Searxng, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(passages.len(), 2);
    assert_eq!(passages[0].source.site.as_deref(), Some("doc.example.org"));
    assert_eq!(passages[0].source.year, Some(2023));
    assert_eq!(passages[1].source.year, None);
}

#[tokio::test]
async fn searxng_without_json_output_explains_the_fix() {
    let server = MockServer::start().await;
    Mock::given(path("/search"))
        .respond_with(ResponseTemplate::new(403).set_body_string("<html><body>403 Forbidden</body></html>"))
        .mount(&server)
        .await;
    let error = backend(BackendKind::Searxng, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(error.to_string().contains("settings.yml"), "{error}");
}

#[tokio::test]
async fn duckduckgo_parses_results_and_skips_ads() {
    let server = MockServer::start().await;
    let html = fixture("duckduckgo_results.html").replace("__PAGE_URL__", "https%3A%2F%2Fblog.example.com%2Fvecdeque");
    Mock::given(method("GET"))
        .and(path("/html/"))
        .and(query_param("q", "loop tiling cache"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html; charset=UTF-8"))
        .expect(1)
        .mount(&server)
        .await;
    let passages = backend(BackendKind::DuckDuckGo, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap();
    let titles: Vec<&str> = passages.iter().map(|p| p.source.title.as_str()).collect();
    assert_eq!(titles, ["VecDeque as a queue in Rust", "VecDeque documentation"]);
    assert_eq!(passages[0].source.url.as_deref(), Some("https://blog.example.com/vecdeque"));
    assert_eq!(passages[0].source.site.as_deref(), Some("blog.example.com"));
    assert_eq!(passages[0].text, "Use a VecDeque instead of Vec::remove(0): pop_front is O(1).");
}

#[tokio::test]
async fn duckduckgo_challenge_page_is_a_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/html/"))
        .respond_with(ResponseTemplate::new(202).set_body_raw(fixture("duckduckgo_anomaly.html"), "text/html"))
        .mount(&server)
        .await;
    let error = backend(BackendKind::DuckDuckGo, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error}");
}

#[tokio::test]
async fn answers_are_cached_per_backend_and_search() {
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("openalex_works.json"), "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let config = SearchConfig { cache_dir: Some(dir.path().to_path_buf()), ..config(&server) };
    let openalex = backend(BackendKind::OpenAlex, &config).unwrap();
    let first = openalex.retrieve(&query(), 5).await.unwrap();
    let again = backend(BackendKind::OpenAlex, &config).unwrap().retrieve(&query(), 5).await.unwrap();
    assert_eq!(first, again, "the second answer comes from the cache");
    openalex.retrieve(&Query::new("another search"), 5).await.unwrap();
    // `expect(2)`: one request per distinct search, checked when the server drops.
}

#[tokio::test]
async fn requests_to_one_host_are_spaced() {
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("openalex_works.json"), "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    let config = SearchConfig { default_interval: Duration::from_millis(400), max_searches: 2, ..config(&server) };
    let query = Query::new("first search").with_searches(["second search".to_string()]);
    let started = Instant::now();
    backend(BackendKind::OpenAlex, &config).unwrap().retrieve(&query, 5).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400), "two searches to one host wait for each other");
}

#[tokio::test]
async fn an_unreachable_host_fails_at_once_without_queueing_the_other_searches() {
    let server = MockServer::start().await;
    let mut config = config(&server);
    config.arxiv_url = "http://127.0.0.1:9/api/query".into(); // the discard port: nothing listens
    config.host_intervals.insert("127.0.0.1".into(), Duration::from_secs(3));
    let query = Query::new("first").with_searches(["second".to_string(), "third".to_string()]);
    let started = Instant::now();
    let error = backend(BackendKind::Arxiv, &config).unwrap().retrieve(&query, 5).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn one_failing_search_does_not_fail_the_backend() {
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .and(query_param("search", "broken"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "Invalid query parameters error."})))
        .mount(&server)
        .await;
    Mock::given(path("/works"))
        .and(query_param("search", "fine"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("openalex_works.json"), "application/json"))
        .mount(&server)
        .await;
    let query = Query::new("broken").with_searches(["fine".to_string()]);
    let passages = backend(BackendKind::OpenAlex, &config(&server)).unwrap().retrieve(&query, 5).await.unwrap();
    assert_eq!(passages.len(), 2);
}

#[tokio::test]
async fn openalex_and_searxng_rate_limits_are_reported() {
    // OpenAlex answers an over-eager client with 429 and a JSON reason;
    // SearxNG's limiter with 429 and a plain page.
    let server = MockServer::start().await;
    Mock::given(path("/works"))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"error": "Too Many Requests", "message": "You have exceeded the rate limit; slow down."}),
        ))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(path("/search"))
        .respond_with(ResponseTemplate::new(429).set_body_string("Too Many Requests"))
        .expect(3)
        .mount(&server)
        .await;
    for kind in [BackendKind::OpenAlex, BackendKind::Searxng] {
        let error = backend(kind, &config(&server)).unwrap().retrieve(&query(), 5).await.unwrap_err();
        assert!(matches!(error, Error::RateLimited { .. }), "{kind:?}: {error}");
    }
}
