//! Ranking passages against a query with BM25, and de-duplication.
//!
//! Scoring is the `bm25` crate's. A query made from code is several searches
//! (one per thing the extractor noticed); each is ranked on its own and the
//! rankings are fused on relative scores, so every noticed pattern gets its
//! best matches near the top instead of the most verbose one drowning the
//! rest.

use std::collections::{HashMap, HashSet};

use bm25::{DefaultTokenizer, Document, Language, SearchEngine, SearchEngineBuilder, Tokenizer};

use crate::passage::Passage;

/// How much less each later search of a query weighs: the extractor lists
/// the most specific findings first.
const PRIORITY_DECAY: f32 = 0.2;

/// English stemming and stop words from `bm25`, after splitting code
/// identifiers (`with_capacity`, `HashMap`) into their words as well, so
/// "capacity" in a query finds `with_capacity` in a document and back.
pub(crate) struct CodeAwareTokenizer(DefaultTokenizer);

impl Default for CodeAwareTokenizer {
    fn default() -> Self {
        CodeAwareTokenizer(DefaultTokenizer::new(Language::English))
    }
}

impl Tokenizer for CodeAwareTokenizer {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        self.0.tokenize(&expand_identifiers(input_text))
    }
}

/// Appends the parts of snake_case and CamelCase words to the text (BM25
/// sees a bag of words, so where they go does not matter).
fn expand_identifiers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str(text);
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let parts = identifier_parts(word);
        if parts.len() > 1 {
            for part in parts {
                out.push(' ');
                out.push_str(part);
            }
        }
    }
    out
}

fn identifier_parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = word.as_bytes();
    for i in 1..bytes.len() {
        let boundary = bytes[i] == b'_'
            || bytes[i - 1] == b'_'
            || (bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase());
        if boundary {
            if start < i && bytes[start] != b'_' {
                parts.push(&word[start..i]);
            }
            start = i;
        }
    }
    if start < word.len() && bytes[start] != b'_' {
        parts.push(&word[start..]);
    }
    parts
}

/// A BM25 index over documents identified by their position.
pub(crate) struct Index(SearchEngine<usize, u32, CodeAwareTokenizer>);

impl Index {
    pub(crate) fn new(documents: impl IntoIterator<Item = String>) -> Self {
        let documents: Vec<Document<usize>> =
            documents.into_iter().enumerate().map(|(id, text)| Document::new(id, text)).collect();
        Index(SearchEngineBuilder::with_tokenizer_and_documents(CodeAwareTokenizer::default(), documents).build())
    }

    /// Document positions and BM25 scores for one search, best first (ties
    /// by position, so the order is deterministic).
    pub(crate) fn search(&self, text: &str) -> Vec<(usize, f32)> {
        let mut hits: Vec<(usize, f32)> =
            self.0.search(text, None).into_iter().map(|hit| (hit.document.id, hit.score)).collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits
    }

    /// Fuses the rankings of several searches. Each search's BM25 scores
    /// are divided by its best score and squared, so a search's clear winner
    /// counts fully and documents that merely share common words with many
    /// searches do not add up to a winner; earlier (more specific) searches
    /// weigh a little more. With one search the BM25 score is kept as is.
    pub(crate) fn fused(&self, searches: &[String]) -> Vec<(usize, f32)> {
        if let [only] = searches {
            return self.search(only);
        }
        let mut fused: HashMap<usize, f32> = HashMap::new();
        for (position, search) in searches.iter().enumerate() {
            let weight = 1.0 / (1.0 + PRIORITY_DECAY * position as f32);
            let hits = self.search(search);
            let Some(&(_, best)) = hits.first() else { continue };
            for (id, score) in hits {
                let relative = score / best;
                *fused.entry(id).or_default() += weight * relative * relative;
            }
        }
        let mut ranked: Vec<(usize, f32)> = fused.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}

/// The text BM25 sees for a passage: its title and its text.
fn indexed_text(passage: &Passage) -> String {
    format!("{}\n{}", passage.source.title, passage.text)
}

/// Ranks passages against the searches; passages that match no search keep a
/// zero score and follow the others in their original order.
pub(crate) fn rank(passages: Vec<Passage>, searches: &[String]) -> Vec<Passage> {
    let index = Index::new(passages.iter().map(indexed_text));
    let ranked = index.fused(searches);
    let mut slots: Vec<Option<Passage>> = passages.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for (id, score) in ranked {
        if let Some(mut passage) = slots[id].take() {
            passage.score = score;
            out.push(passage);
        }
    }
    out.extend(slots.into_iter().flatten().map(|mut p| {
        p.score = 0.0;
        p
    }));
    out
}

/// Drops passages that present the same document as an earlier (better
/// ranked) one from another backend or another search: same URL, same DOI,
/// or a near-identical title. Passages of one fetched page share a URL but
/// differ in text, so the text takes part in the identity too; techniques
/// of the offline base are one per id.
pub(crate) fn dedupe(passages: Vec<Passage>) -> (Vec<Passage>, usize) {
    let mut seen_urls: HashSet<(String, u64)> = HashSet::new();
    let mut seen_dois: HashSet<String> = HashSet::new();
    let mut seen_titles: Vec<(Vec<String>, u64)> = Vec::new();
    let mut seen_techniques: HashSet<String> = HashSet::new();
    let mut kept = Vec::with_capacity(passages.len());
    let mut dropped = 0;
    for passage in passages {
        // Techniques are told apart by id: two of them may cite one page.
        if let Some(id) = &passage.technique {
            if seen_techniques.insert(id.clone()) {
                kept.push(passage);
            } else {
                dropped += 1;
            }
            continue;
        }
        let text_key = text_fingerprint(&passage);
        let url = passage.source.url.as_deref().map(normalize_url);
        let doi = passage.source.doi.as_deref().map(str::to_ascii_lowercase);
        let title = title_words(&passage.source.title);
        let duplicate = url.as_ref().is_some_and(|u| seen_urls.contains(&(u.clone(), text_key)))
            || doi.as_ref().is_some_and(|d| seen_dois.contains(d))
            || (title.len() >= 3
                && seen_titles
                    .iter()
                    .any(|(t, key)| (*key == text_key || !is_page_part(&passage)) && similar(t, &title)));
        if duplicate {
            dropped += 1;
            continue;
        }
        if let Some(u) = url {
            seen_urls.insert((u, text_key));
        }
        if let Some(d) = doi {
            seen_dois.insert(d);
        }
        if title.len() >= 3 {
            seen_titles.push((title, text_key));
        }
        kept.push(passage);
    }
    (kept, dropped)
}

/// Page passages are cut from fetched pages; documents (abstracts,
/// snippets, techniques) are whole. Only whole documents are compared by
/// title alone.
fn is_page_part(passage: &Passage) -> bool {
    passage.source.backend.ends_with("+page")
}

/// Whole documents share one fingerprint (0), so a paper found twice is one;
/// page parts are told apart by their text.
fn text_fingerprint(passage: &Passage) -> u64 {
    if !is_page_part(passage) {
        return 0;
    }
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    passage.text.hash(&mut hasher);
    hasher.finish() | 1
}

/// Scheme, `www.`, arXiv version suffix, fragment and trailing slash do not
/// make a different document.
pub(crate) fn normalize_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let without_scheme = lower.split_once("://").map_or(lower.as_str(), |(_, rest)| rest);
    let without_www = without_scheme.strip_prefix("www.").unwrap_or(without_scheme);
    let without_fragment = without_www.split('#').next().unwrap_or(without_www);
    let trimmed = without_fragment.trim_end_matches('/');
    let mut normalized = trimmed.replace("arxiv.org/pdf/", "arxiv.org/abs/");
    if normalized.starts_with("arxiv.org/abs/")
        && let Some(v) = normalized.rfind('v').filter(|&v| v > "arxiv.org/abs/".len())
        && normalized[v + 1..].chars().all(|c| c.is_ascii_digit())
        && normalized.len() > v + 1
    {
        normalized.truncate(v);
    }
    normalized
}

fn title_words(title: &str) -> Vec<String> {
    title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Near-identical titles: the same words up to case and punctuation, or a
/// Jaccard overlap of at least 0.9 of their word sets.
fn similar(a: &[String], b: &[String]) -> bool {
    if a == b {
        return true;
    }
    let a: HashSet<&String> = a.iter().collect();
    let b: HashSet<&String> = b.iter().collect();
    let common = a.intersection(&b).count();
    let union = a.union(&b).count();
    union > 0 && common as f32 / union as f32 >= 0.9
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passage::Source;

    fn passage(backend: &str, title: &str, url: &str, text: &str) -> Passage {
        Passage::new(
            text,
            Source { backend: backend.into(), title: title.into(), url: Some(url.into()), ..Source::default() },
        )
    }

    #[test]
    fn identifiers_are_split_into_words() {
        assert_eq!(identifier_parts("with_capacity"), ["with", "capacity"]);
        assert_eq!(identifier_parts("HashMap"), ["Hash", "Map"]);
        assert_eq!(identifier_parts("plain"), ["plain"]);
        let tokens = CodeAwareTokenizer::default().tokenize("Vec::with_capacity(n)");
        assert!(tokens.contains(&"capac".to_string()) || tokens.contains(&"capacity".to_string()), "{tokens:?}");
    }

    #[test]
    fn bm25_puts_the_matching_passage_first() {
        let passages = vec![
            passage("a", "Cooking pasta", "https://a/1", "boil water, add salt and pasta"),
            passage("b", "Hash maps", "https://b/2", "a hash map turns a nested loop search into one lookup"),
            passage("c", "Gardening", "https://c/3", "water the plants in the morning"),
        ];
        let ranked = rank(passages, &["replace nested loop search with a hash map".to_string()]);
        assert_eq!(ranked[0].source.title, "Hash maps");
        assert!(ranked[0].score > 0.0);
        assert_eq!(ranked.len(), 3, "unmatched passages are kept at the end");
        assert_eq!(ranked[2].score, 0.0);
    }

    #[test]
    fn fusion_gives_each_search_its_best_match() {
        let passages = vec![
            passage("a", "Buffered output", "https://a/1", "println in a loop: lock stdout and use a BufWriter"),
            passage("a", "Sliding window", "https://a/2", "sliding window sums instead of recomputing every window"),
            passage("a", "Other", "https://a/3", "unrelated text about gardens"),
        ];
        let ranked = rank(passages, &["BufWriter stdout".to_string(), "sliding window sum".to_string()]);
        let top: Vec<&str> = ranked.iter().take(2).map(|p| p.source.title.as_str()).collect();
        assert!(top.contains(&"Buffered output") && top.contains(&"Sliding window"), "{top:?}");
    }

    #[test]
    fn duplicates_across_backends_are_dropped() {
        let mut with_doi =
            passage("openalex", "Fast Pattern Matching in Strings", "https://doi.org/10.1137/0206024", "x");
        with_doi.source.doi = Some("10.1137/0206024".into());
        let mut same_doi = passage("semantic-scholar", "Fast pattern matching in strings.", "https://s2/abc", "y");
        same_doi.source.doi = Some("10.1137/0206024".into());
        let passages = vec![
            passage("arxiv", "Pattern-defeating Quicksort", "http://arxiv.org/abs/2106.05123v1", "a"),
            passage("duckduckgo", "pdqsort", "https://arxiv.org/abs/2106.05123", "b"),
            with_doi,
            same_doi,
            passage("tavily", "FAST PATTERN MATCHING IN STRINGS", "https://example.org/kmp", "z"),
            passage("searxng", "Unrelated title here", "https://example.org/other", "w"),
        ];
        let (kept, dropped) = dedupe(passages);
        let titles: Vec<&str> = kept.iter().map(|p| p.source.title.as_str()).collect();
        assert_eq!(titles, ["Pattern-defeating Quicksort", "Fast Pattern Matching in Strings", "Unrelated title here"]);
        assert_eq!(dropped, 3);
    }

    #[test]
    fn parts_of_one_page_are_not_duplicates_of_each_other() {
        let passages = vec![
            passage("duckduckgo+page", "A long page title here", "https://e.org/p", "first part"),
            passage("duckduckgo+page", "A long page title here", "https://e.org/p", "second part"),
            passage("duckduckgo+page", "A long page title here", "https://e.org/p", "first part"),
        ];
        let (kept, dropped) = dedupe(passages);
        assert_eq!(kept.len(), 2);
        assert_eq!(dropped, 1);
    }

    #[test]
    fn techniques_citing_one_page_are_both_kept() {
        let mut a = passage("offline", "The Rust Performance Book: Heap Allocations", "https://perf/heap", "a");
        a.technique = Some("hoist-allocation".into());
        let mut b = a.clone();
        b.technique = Some("avoid-clone".into());
        let again = a.clone();
        let (kept, dropped) = dedupe(vec![a, b, again]);
        assert_eq!(kept.len(), 2);
        assert_eq!(dropped, 1);
    }

    #[test]
    fn urls_normalize() {
        assert_eq!(normalize_url("https://www.Example.org/a/#top"), "example.org/a");
        assert_eq!(normalize_url("http://arxiv.org/abs/2106.05123v3"), "arxiv.org/abs/2106.05123");
        assert_eq!(normalize_url("https://arxiv.org/pdf/2106.05123v1"), "arxiv.org/abs/2106.05123");
    }
}
