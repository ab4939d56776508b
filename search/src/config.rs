//! Settings of the network backends: addresses, keys, politeness.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Everything the network backends need. [`SearchConfig::from_env`] reads the
/// environment; tests build one by hand with every base URL pointing at a
/// local mock server.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// arXiv API endpoint (`http://export.arxiv.org/api/query`).
    pub arxiv_url: String,
    /// Semantic Scholar Graph API base (`https://api.semanticscholar.org/graph/v1`).
    pub semantic_scholar_url: String,
    /// Optional Semantic Scholar API key (`SEMANTIC_SCHOLAR_API_KEY`), sent as `x-api-key`.
    pub semantic_scholar_key: Option<String>,
    /// OpenAlex API base (`https://api.openalex.org`).
    pub openalex_url: String,
    /// Contact address for OpenAlex's polite pool (`MARCO_CONTACT_EMAIL`).
    pub contact_email: Option<String>,
    /// Tavily API base (`https://api.tavily.com`).
    pub tavily_url: String,
    /// Tavily API key (`TAVILY_API_KEY`); Tavily answers nothing without it.
    pub tavily_key: Option<String>,
    /// Domains Tavily is restricted to (`MARCO_TAVILY_DOMAINS`, comma-separated);
    /// empty means the whole web.
    pub tavily_domains: Vec<String>,
    /// A SearxNG instance with the JSON format enabled (`MARCO_SEARXNG_URL`).
    pub searxng_url: Option<String>,
    /// DuckDuckGo's HTML results page (`https://html.duckduckgo.com/html/`).
    pub duckduckgo_url: String,
    /// Where answers are cached; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// How long a cached answer stays valid.
    pub cache_ttl: Duration,
    /// Per-request timeout (connection and answer).
    pub timeout: Duration,
    /// Retries after a 429 or 5xx answer (or a timeout).
    pub retries: u32,
    /// First retry delay when the server gives no Retry-After; doubles each retry.
    pub backoff: Duration,
    /// Longest Retry-After honoured; a longer one fails the backend at once.
    pub max_retry_wait: Duration,
    /// Minimum spacing between requests to one host, by host name.
    pub host_intervals: HashMap<String, Duration>,
    /// Spacing for hosts not listed above.
    pub default_interval: Duration,
    /// The `User-Agent` header: names marco and where to learn about it.
    pub user_agent: String,
    /// How many web results (DuckDuckGo, SearxNG, Tavily) to fetch and cut
    /// into passages; the others keep their snippets.
    pub fetch_pages: usize,
    /// How many of a query's searches go to each network backend (the
    /// offline base uses them all).
    pub max_searches: usize,
}

/// The environment variables marco's search reads.
pub const ENV_VARS: &[(&str, &str)] = &[
    ("TAVILY_API_KEY", "enables the tavily backend"),
    (
        "MARCO_TAVILY_DOMAINS",
        "comma-separated domains for tavily (default acm.org,ieee.org,arxiv.org,researchgate.net)",
    ),
    ("MARCO_SEARXNG_URL", "base URL of a SearxNG instance with JSON output; enables the searxng backend"),
    ("SEMANTIC_SCHOLAR_API_KEY", "optional key for higher Semantic Scholar rate limits"),
    ("MARCO_CONTACT_EMAIL", "optional address for OpenAlex's polite pool and the User-Agent"),
    ("MARCO_SEARCH_CACHE_DIR", "cache directory (default $MARCO_CACHE_DIR/search, else ~/.cache/marco/search)"),
    ("MARCO_SEARCH_CACHE_TTL_HOURS", "how long cached answers stay valid (default 168)"),
];

impl Default for SearchConfig {
    /// The public endpoints, no keys, no cache.
    fn default() -> Self {
        let host_intervals = [
            // arXiv asks for no more than one request every three seconds.
            ("export.arxiv.org", 3000),
            // Unauthenticated Semantic Scholar shares 100 requests per 5 minutes.
            ("api.semanticscholar.org", 1000),
            ("api.openalex.org", 100),
            ("api.tavily.com", 200),
            ("html.duckduckgo.com", 1500),
        ]
        .into_iter()
        .map(|(host, ms)| (host.to_string(), Duration::from_millis(ms)))
        .collect();
        SearchConfig {
            arxiv_url: "http://export.arxiv.org/api/query".into(),
            semantic_scholar_url: "https://api.semanticscholar.org/graph/v1".into(),
            semantic_scholar_key: None,
            openalex_url: "https://api.openalex.org".into(),
            contact_email: None,
            tavily_url: "https://api.tavily.com".into(),
            tavily_key: None,
            tavily_domains: ["acm.org", "ieee.org", "arxiv.org", "researchgate.net"].map(String::from).to_vec(),
            searxng_url: None,
            duckduckgo_url: "https://html.duckduckgo.com/html/".into(),
            cache_dir: None,
            cache_ttl: Duration::from_secs(7 * 24 * 3600),
            timeout: Duration::from_secs(15),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(20),
            host_intervals,
            default_interval: Duration::from_millis(500),
            user_agent: user_agent(None),
            fetch_pages: 3,
            max_searches: 3,
        }
    }
}

impl SearchConfig {
    /// The defaults, adjusted by the variables in [`ENV_VARS`]; the cache
    /// goes under the XDG cache directory.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut config = SearchConfig {
            tavily_key: var("TAVILY_API_KEY"),
            semantic_scholar_key: var("SEMANTIC_SCHOLAR_API_KEY"),
            searxng_url: var("MARCO_SEARXNG_URL"),
            contact_email: var("MARCO_CONTACT_EMAIL"),
            cache_dir: var("MARCO_SEARCH_CACHE_DIR").map(PathBuf::from).or_else(|| {
                var("MARCO_CACHE_DIR")
                    .map(PathBuf::from)
                    .or_else(|| dirs::cache_dir().map(|d| d.join("marco")))
                    .map(|d| d.join("search"))
            }),
            ..SearchConfig::default()
        };
        if let Some(domains) = var("MARCO_TAVILY_DOMAINS") {
            config.tavily_domains =
                domains.split(',').map(str::trim).filter(|d| !d.is_empty()).map(String::from).collect();
        }
        if let Some(hours) = var("MARCO_SEARCH_CACHE_TTL_HOURS").and_then(|h| h.parse::<u64>().ok()) {
            config.cache_ttl = Duration::from_secs(hours * 3600);
        }
        config.user_agent = user_agent(config.contact_email.as_deref());
        config
    }
}

/// Names marco, its version and, when given, who to write to.
fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact {
        Some(email) => format!("marco/{version} (code optimisation retriever; mailto:{email})"),
        None => format!("marco/{version} (code optimisation retriever)"),
    }
}
