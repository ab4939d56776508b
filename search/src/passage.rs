//! What a retriever returns: passages of text with their sources.

use serde::{Deserialize, Serialize};

/// Where a passage comes from: enough to cite it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The backend that found it (`arxiv`, `openalex`, `offline`, ...).
    pub backend: String,
    /// Title of the paper, page or documentation entry.
    pub title: String,
    /// Authors, when known (papers); empty for most web pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The web site (host or project) when there are no authors to name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Journal, conference, preprint server or book publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Where to read it. Absent only for offline references known to exist
    /// but with no address we are sure of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Digital Object Identifier, bare (`10.1137/0206024`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
}

impl Source {
    /// One line naming the source: title, authors or site, venue, year, URL.
    pub fn citation(&self) -> String {
        let mut parts = vec![format!("\"{}\"", self.title)];
        match (self.authors.as_slice(), &self.site) {
            ([], Some(site)) => parts.push(site.clone()),
            ([], None) => {}
            (authors, _) if authors.len() > 3 => parts.push(format!("{} et al.", authors[0])),
            (authors, _) => parts.push(authors.join(", ")),
        }
        if let Some(venue) = &self.venue {
            parts.push(venue.clone());
        }
        if let Some(year) = self.year {
            parts.push(year.to_string());
        }
        if let Some(url) = &self.url {
            parts.push(url.clone());
        }
        parts.join(", ")
    }
}

/// A piece of text relevant to a query, with its score and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// The text itself (an abstract, a snippet, part of a page, a technique).
    pub text: String,
    /// Relevance to the query; higher is better. Comparable only within one
    /// answer.
    pub score: f32,
    /// Where the text comes from.
    pub source: Source,
    /// Further references the text rests on (the offline base cites several).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<Source>,
    /// The knowledge-base technique this passage presents, if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
}

impl Passage {
    /// A passage with a zero score, to be ranked later.
    pub fn new(text: impl Into<String>, source: Source) -> Self {
        Passage { text: text.into(), score: 0.0, source, see_also: Vec::new(), technique: None }
    }
}
