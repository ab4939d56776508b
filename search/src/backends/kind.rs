//! The backends by name.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::config::SearchConfig;
use crate::error::Error;

/// The retrievers marco can use, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendKind {
    /// arXiv's API (Atom feed of preprints).
    Arxiv,
    /// Semantic Scholar's Graph API paper search.
    SemanticScholar,
    /// OpenAlex works search.
    OpenAlex,
    /// Tavily web search (needs `TAVILY_API_KEY`).
    Tavily,
    /// A SearxNG instance's JSON API (needs `MARCO_SEARXNG_URL`).
    Searxng,
    /// DuckDuckGo's HTML results page.
    DuckDuckGo,
    /// The embedded knowledge base.
    Offline,
}

impl BackendKind {
    /// Every backend, in the order they are listed to users.
    pub const ALL: [BackendKind; 7] = [
        BackendKind::Arxiv,
        BackendKind::SemanticScholar,
        BackendKind::OpenAlex,
        BackendKind::Tavily,
        BackendKind::Searxng,
        BackendKind::DuckDuckGo,
        BackendKind::Offline,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Arxiv => "arxiv",
            BackendKind::SemanticScholar => "semantic-scholar",
            BackendKind::OpenAlex => "openalex",
            BackendKind::Tavily => "tavily",
            BackendKind::Searxng => "searxng",
            BackendKind::DuckDuckGo => "duckduckgo",
            BackendKind::Offline => "offline",
        }
    }

    /// All names, for messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.name()).collect()
    }

    /// Web search engines return pages worth fetching; paper backends
    /// return abstracts already.
    pub fn is_web(self) -> bool {
        matches!(self, BackendKind::Tavily | BackendKind::Searxng | BackendKind::DuckDuckGo)
    }

    /// The network backends that can answer with this configuration: the
    /// keyless ones, plus Tavily with a key and SearxNG with an instance.
    pub fn available(config: &SearchConfig) -> Vec<BackendKind> {
        Self::ALL
            .into_iter()
            .filter(|kind| match kind {
                BackendKind::Tavily => config.tavily_key.is_some(),
                BackendKind::Searxng => config.searxng_url.is_some(),
                BackendKind::Offline => false,
                _ => true,
            })
            .collect()
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BackendKind {
    type Err = Error;

    /// Accepts the names of [`BackendKind::name`], any case, `_` for `-`,
    /// and the common short forms `s2`, `ddg`, `kb`.
    fn from_str(name: &str) -> Result<Self, Error> {
        let normal = name.trim().to_ascii_lowercase().replace('_', "-");
        let kind = match normal.as_str() {
            "s2" | "semanticscholar" => BackendKind::SemanticScholar,
            "ddg" => BackendKind::DuckDuckGo,
            "kb" | "knowledge-base" => BackendKind::Offline,
            _ => *Self::ALL.iter().find(|k| k.name() == normal).ok_or_else(|| Error::UnknownBackend(name.into()))?,
        };
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for kind in BackendKind::ALL {
            assert_eq!(kind.name().parse::<BackendKind>().unwrap(), kind);
        }
        assert_eq!("DDG".parse::<BackendKind>().unwrap(), BackendKind::DuckDuckGo);
        assert_eq!("semantic_scholar".parse::<BackendKind>().unwrap(), BackendKind::SemanticScholar);
        let error = "google".parse::<BackendKind>().unwrap_err().to_string();
        assert!(error.contains("unknown backend `google`") && error.contains("openalex"), "{error}");
    }

    #[test]
    fn available_backends_follow_keys() {
        let mut config = SearchConfig::default();
        assert!(!BackendKind::available(&config).contains(&BackendKind::Tavily));
        config.tavily_key = Some("k".into());
        config.searxng_url = Some("http://127.0.0.1:1".into());
        let available = BackendKind::available(&config);
        assert!(available.contains(&BackendKind::Tavily) && available.contains(&BackendKind::Searxng));
        assert!(!available.contains(&BackendKind::Offline));
    }
}
