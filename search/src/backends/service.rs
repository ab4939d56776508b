//! One search service as the backends see it: the trait each implements, and
//! the helpers they share to write searches and name sites.

use async_trait::async_trait;

use super::kind::BackendKind;
use crate::error::Error;
use crate::http::Http;
use crate::passage::Passage;

/// One search service: a search text in, passages out.
#[async_trait]
pub(super) trait Backend: Send + Sync {
    fn kind(&self) -> BackendKind;
    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error>;
}

/// The words of a search worth sending to an engine that ANDs or ORs terms:
/// no punctuation, no stop words, no one-letter tokens, at most `max`.
pub(crate) fn keywords(text: &str, max: usize) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "into", "from", "that", "this", "each", "every", "one", "inside", "instead",
        "only", "again", "over", "use", "using", "its", "are", "was", "not", "but", "all", "any", "how", "what",
        "when", "does", "of", "in", "on", "or", "to", "a", "an", "by", "is", "it", "as", "at", "be", "do",
    ];
    let mut words: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        let word = raw.trim_matches('-').to_lowercase();
        if word.len() < 2 || STOP.contains(&word.as_str()) || words.contains(&word) {
            continue;
        }
        words.push(word);
        if words.len() == max {
            break;
        }
    }
    words
}

/// The host of a URL without `www.`, to name a web page's site.
pub(crate) fn site_of(url: &str) -> Option<String> {
    let host = reqwest::Url::parse(url).ok()?.host_str()?.to_string();
    Some(host.strip_prefix("www.").map(str::to_string).unwrap_or(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_drop_noise() {
        assert_eq!(
            keywords("Vec::remove(0) used as a queue: VecDeque ring buffer", 5),
            ["vec", "remove", "used", "queue", "vecdeque"]
        );
    }
}
