//! arXiv's API: `GET /api/query?search_query=...` answers an Atom feed.
//! Malformed queries come back as a feed whose single entry is titled
//! "Error"; throttling as a 503 with a plain-text body.

use async_trait::async_trait;
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::kind::BackendKind;
use super::service::{Backend, keywords};
use crate::config::SearchConfig;
use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

const NAME: &str = "arxiv";

pub(super) struct Arxiv {
    url: String,
}

impl Arxiv {
    pub(super) fn new(config: &SearchConfig) -> Self {
        Arxiv { url: config.arxiv_url.clone() }
    }
}

#[async_trait]
impl Backend for Arxiv {
    fn kind(&self) -> BackendKind {
        BackendKind::Arxiv
    }

    async fn search(&self, http: &Http, text: &str, limit: usize) -> Result<Vec<Passage>, Error> {
        // Terms are ORed: arXiv ranks by how many match, and an AND of a
        // descriptive search's words would usually match nothing.
        let terms = keywords(text, 6);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let search_query = terms.iter().map(|t| format!("all:{t}")).collect::<Vec<_>>().join(" OR ");
        let request = http
            .client()
            .get(&self.url)
            .query(&[
                ("search_query", search_query.as_str()),
                ("start", "0"),
                ("max_results", &limit.to_string()),
                ("sortBy", "relevance"),
            ])
            .build()
            .map_err(|e| Error::Transport { backend: NAME, url: self.url.clone(), message: e.to_string() })?;
        let answer = http.send(NAME, request).await?;
        parse_feed(&answer.body)
    }
}

#[derive(Default)]
struct Entry {
    id: String,
    title: String,
    summary: String,
    published: String,
    authors: Vec<String>,
    doi: Option<String>,
    journal_ref: Option<String>,
    link: Option<String>,
}

/// Reads the entries of an arXiv Atom feed into passages.
fn parse_feed(xml: &str) -> Result<Vec<Passage>, Error> {
    let parse_error = |message: String| Error::Parse { backend: NAME, message };
    let mut reader = Reader::from_str(xml);
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut saw_feed = false;
    loop {
        match reader.read_event().map_err(|e| parse_error(format!("not an Atom feed: {e}")))? {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                saw_feed |= name == "feed";
                if name == "entry" {
                    current = Some(Entry::default());
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(empty) => {
                let name = empty.local_name();
                if let (b"link", Some(entry)) = (name.as_ref(), current.as_mut()) {
                    let attribute = |key: &str| {
                        empty
                            .try_get_attribute(key)
                            .ok()
                            .flatten()
                            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                    };
                    if attribute("rel").as_deref() == Some("alternate") {
                        entry.link = attribute("href");
                    }
                }
            }
            Event::Text(t) => text.push_str(&t.xml_content().map_err(|e| parse_error(e.to_string()))?),
            Event::CData(c) => text.push_str(&String::from_utf8_lossy(&c)),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| parse_error(e.to_string()))?;
                match r.resolve_char_ref().map_err(|e| parse_error(e.to_string()))? {
                    Some(c) => text.push(c),
                    None => text.push_str(resolve_predefined_entity(&name).unwrap_or_default()),
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str);
                let value = collapse(&text);
                if let Some(entry) = current.as_mut() {
                    match (parent, name.as_str()) {
                        (Some("entry"), "id") => entry.id = value,
                        (Some("entry"), "title") => entry.title = value,
                        (Some("entry"), "summary") => entry.summary = value,
                        (Some("entry"), "published") => entry.published = value,
                        (Some("author"), "name") => entry.authors.push(value),
                        (Some("entry"), "doi") => entry.doi = Some(value),
                        (Some("entry"), "journal_ref") => entry.journal_ref = Some(value),
                        (_, "entry") => entries.extend(current.take()),
                        _ => {}
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_feed {
        return Err(parse_error("no <feed> element".into()));
    }
    if let [only] = entries.as_slice()
        && (only.title == "Error" || only.id.contains("/api/errors"))
    {
        return Err(Error::Status { backend: NAME, url: only.id.clone(), status: 400, message: only.summary.clone() });
    }
    Ok(entries.into_iter().map(into_passage).collect())
}

fn into_passage(entry: Entry) -> Passage {
    let arxiv_id = entry.id.rsplit("/abs/").next().unwrap_or(&entry.id).to_string();
    let url = entry.link.unwrap_or(entry.id).replacen("http://", "https://", 1);
    let venue = entry.journal_ref.unwrap_or_else(|| format!("arXiv preprint arXiv:{arxiv_id}"));
    let text = if entry.summary.is_empty() { entry.title.clone() } else { entry.summary };
    Passage::new(
        text,
        Source {
            backend: NAME.into(),
            title: entry.title,
            authors: entry.authors,
            venue: Some(venue),
            year: entry.published.get(..4).and_then(|y| y.parse().ok()),
            url: Some(url),
            doi: entry.doi,
            ..Source::default()
        },
    )
}

/// Atom titles and abstracts are hard-wrapped: one space between words.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_wrapping_are_resolved() {
        let feed = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1234.5678v2</id>
<published>2019-01-02T00:00:00Z</published><title>Fast &amp; Safe
  Sorting</title><summary>  A &lt;b&gt; wrapped
  abstract &#x41;.</summary><author><name>A. One</name></author></entry></feed>"#;
        let passages = parse_feed(feed).unwrap();
        assert_eq!(passages[0].source.title, "Fast & Safe Sorting");
        assert_eq!(passages[0].text, "A <b> wrapped abstract A.");
        assert_eq!(passages[0].source.year, Some(2019));
        assert_eq!(passages[0].source.url.as_deref(), Some("https://arxiv.org/abs/1234.5678v2"));
        assert_eq!(passages[0].source.venue.as_deref(), Some("arXiv preprint arXiv:1234.5678v2"));
    }

    #[test]
    fn plain_text_is_not_a_feed() {
        assert!(matches!(parse_feed("Rate exceeded."), Err(Error::Parse { .. })));
    }
}
