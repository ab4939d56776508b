//! DuckDuckGo's HTML results page (`GET /html/?q=...`), read with `scraper`.
//! Results are `div.result` blocks with an `a.result__a` title (its href a
//! `/l/?uddg=<target>` redirect) and an `a.result__snippet`; ads carry
//! `result--ad`. When it suspects a bot it answers a challenge page instead.

use async_trait::async_trait;
use scraper::{Html, Selector};

use super::kind::BackendKind;
use super::service::{Backend, keywords, site_of};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "duckduckgo";

pub(super) struct DuckDuckGo {
    url: String,
}

impl DuckDuckGo {
    pub(super) fn new(config: &SearchConfig) -> Self {
        DuckDuckGo { url: config.duckduckgo_url.clone() }
    }
}

#[async_trait]
impl Backend for DuckDuckGo {
    fn kind(&self) -> BackendKind {
        BackendKind::DuckDuckGo
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        let q = keywords(text, 12).join(" ");
        let request = http
            .client()
            .get(&self.url)
            .query(&[("q", q.as_str())])
            .build()
            .map_err(|e| Error::Transport { backend: NAME, url: self.url.clone(), message: e.to_string() })?;
        let answer = http.send(NAME, request).await?;
        let passages = parse_results(&answer.body, limit);
        // 202 with a challenge (an "anomaly" form) instead of results: DuckDuckGo's throttle.
        if passages.is_empty() && (answer.status.as_u16() == 202 || answer.body.contains("anomaly")) {
            return Err(Error::RateLimited { backend: NAME, retry_after: None });
        }
        Ok(passages)
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selectors are valid")
}

fn parse_results(html: &str, limit: usize) -> Vec<Passage> {
    let page = Html::parse_document(html);
    let (result, title, snippet) = (selector("div.result"), selector("a.result__a"), selector(".result__snippet"));
    let mut passages = Vec::new();
    for block in page.select(&result) {
        if block.value().classes().any(|c| c == "result--ad") {
            continue;
        }
        let Some(link) = block.select(&title).next() else { continue };
        let Some(url) = link.value().attr("href").and_then(target_url) else { continue };
        let title_text = normalize(&link.text().collect::<String>());
        let snippet_text =
            block.select(&snippet).next().map(|s| normalize(&s.text().collect::<String>())).unwrap_or_default();
        let text = if snippet_text.is_empty() { title_text.clone() } else { snippet_text };
        passages.push(Passage::new(
            text,
            Source {
                backend: NAME.into(),
                title: title_text,
                site: site_of(&url),
                url: Some(url),
                ..Source::default()
            },
        ));
        if passages.len() == limit {
            break;
        }
    }
    passages
}

/// The real target of a result link: the `uddg` parameter of DuckDuckGo's
/// redirect, or the link itself when it is direct.
fn target_url(href: &str) -> Option<String> {
    let absolute = if href.starts_with("//") { format!("https:{href}") } else { href.to_string() };
    let parsed = reqwest::Url::parse(&absolute).ok()?;
    if let Some((_, target)) = parsed.query_pairs().find(|(k, _)| k == "uddg") {
        return Some(target.into_owned());
    }
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_are_unwrapped() {
        assert_eq!(
            target_url("//duckduckgo.com/l/?uddg=https%3A%2F%2Fdoc.rust%2Dlang.org%2Fstd%2F&rut=abc").as_deref(),
            Some("https://doc.rust-lang.org/std/")
        );
        assert_eq!(target_url("https://example.org/x").as_deref(), Some("https://example.org/x"));
        assert_eq!(target_url("javascript:void(0)"), None);
    }
}
