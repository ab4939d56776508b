//! The offline knowledge base: optimisation techniques written for marco,
//! embedded in the binary, ranked with BM25. It answers when no network
//! backend does, and on its own with `--backend offline`.

use std::sync::OnceLock;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::passage::{Passage, Source};
use crate::query::Query;
use crate::rank::Index;
use crate::retriever::Retriever;

/// The techniques, as written in `search/knowledge/techniques.toml`.
const TECHNIQUES_TOML: &str = include_str!("../knowledge/techniques.toml");

/// One optimisation technique of the knowledge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    /// Stable kebab-case identifier (`hash-index-instead-of-scan`).
    pub id: String,
    /// Short name.
    pub title: String,
    /// What the technique does and why it is faster.
    pub what: String,
    /// When it applies: the code shapes it fixes.
    pub applies: String,
    /// When it does not apply, or backfires.
    pub avoid: String,
    /// A short Rust sketch.
    pub sketch: String,
    /// Words and identifiers for retrieval.
    pub tags: Vec<String>,
    /// Papers or documentation it rests on; the first is the main source.
    pub refs: Vec<Reference>,
}

/// A paper, book or documentation page a technique cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    /// Authors as written in the citation ("D. E. Knuth, J. H. Morris").
    pub authors: Option<String>,
    /// Documentation site, for references without a venue.
    pub site: Option<String>,
    pub venue: Option<String>,
    pub year: Option<u16>,
    pub url: Option<String>,
}

impl Reference {
    fn source(&self) -> Source {
        Source {
            backend: KnowledgeBase::NAME.to_string(),
            title: self.title.clone(),
            authors: self.authors.iter().flat_map(|a| a.split(", ")).map(str::to_string).collect(),
            site: self.site.clone(),
            venue: self.venue.clone(),
            year: self.year,
            url: self.url.clone(),
            doi: self.url.as_deref().and_then(|u| u.strip_prefix("https://doi.org/")).map(str::to_string),
        }
    }
}

impl Technique {
    /// The passage handed to the generator: everything but the tags.
    fn passage_text(&self) -> String {
        format!(
            "{}\n{}\nWhen it applies: {}\nWhen it does not: {}\nSketch:\n{}",
            self.title,
            self.what,
            self.applies,
            self.avoid,
            self.sketch.trim_end()
        )
    }

    /// What BM25 indexes: title, tags, what it does and when it applies.
    /// "When it does not" is left out on purpose: it names other techniques
    /// and the shapes this one is wrong for.
    fn indexed_text(&self) -> String {
        format!("{}\n{}\n{}\n{}", self.title, self.tags.join(", "), self.what, self.applies)
    }

    /// The main source is the first reference with an address (so every
    /// passage can be followed up); the others are `see_also`, in order.
    fn passage(&self, score: f32) -> Passage {
        let main = self.refs.iter().position(|r| r.url.is_some()).unwrap_or(0);
        let source = self.refs.get(main).map(Reference::source).unwrap_or_else(|| Source {
            backend: KnowledgeBase::NAME.to_string(),
            title: self.title.clone(),
            ..Source::default()
        });
        let see_also = self.refs.iter().enumerate().filter(|(i, _)| *i != main).map(|(_, r)| r.source()).collect();
        Passage { text: self.passage_text(), score, source, see_also, technique: Some(self.id.clone()) }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TechniquesFile {
    technique: Vec<Technique>,
}

/// All techniques of the embedded base, parsed once.
pub fn techniques() -> Result<&'static [Technique], Error> {
    static PARSED: OnceLock<Result<Vec<Technique>, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            toml::from_str::<TechniquesFile>(TECHNIQUES_TOML).map(|f| f.technique).map_err(|e| e.to_string())
        })
        .as_deref()
        .map_err(|e| Error::KnowledgeBase(e.clone()))
}

/// The offline retriever over the embedded techniques.
pub struct KnowledgeBase {
    techniques: &'static [Technique],
    index: Index,
}

impl KnowledgeBase {
    /// The backend name of the offline base.
    pub const NAME: &'static str = "offline";

    /// Parses the embedded base (once per process) and indexes it.
    pub fn load() -> Result<Self, Error> {
        let techniques = techniques()?;
        Ok(KnowledgeBase { techniques, index: Index::new(techniques.iter().map(Technique::indexed_text)) })
    }

    /// The techniques best matching the query's searches, best first.
    pub fn rank(&self, query: &Query, limit: usize) -> Vec<Passage> {
        self.index
            .fused(query.searches())
            .into_iter()
            .take(limit)
            .map(|(i, score)| self.techniques[i].passage(score))
            .collect()
    }
}

#[async_trait]
impl Retriever for KnowledgeBase {
    fn name(&self) -> &str {
        Self::NAME
    }

    async fn retrieve(&self, query: &Query, limit: usize) -> Result<Vec<Passage>, Error> {
        Ok(self.rank(query, limit))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_entry_is_complete_and_cited() {
        let all = techniques().expect("the embedded knowledge base parses");
        assert!(all.len() >= 60, "only {} techniques", all.len());
        let mut ids = HashSet::new();
        for t in all {
            assert!(ids.insert(t.id.as_str()), "duplicate id {}", t.id);
            assert!(
                !t.id.is_empty() && t.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "id {:?} is not kebab-case",
                t.id
            );
            for (field, text) in [("title", &t.title), ("what", &t.what), ("applies", &t.applies), ("avoid", &t.avoid)]
            {
                assert!(text.split_whitespace().count() >= 3, "{}: {field} is too short: {text:?}", t.id);
            }
            assert!(t.what.split_whitespace().count() >= 20, "{}: `what` should explain, not name", t.id);
            assert!(
                ["fn ", "struct ", "const "].iter().any(|item| t.sketch.contains(item)),
                "{}: the sketch shows no Rust item",
                t.id
            );
            assert!(t.tags.len() >= 4, "{}: too few tags", t.id);
            assert!(!t.refs.is_empty(), "{}: no reference", t.id);
            assert!(
                t.refs.iter().any(|r| r.url.is_some()),
                "{}: at least one reference needs an address to follow",
                t.id
            );
            for r in &t.refs {
                assert!(!r.title.trim().is_empty(), "{}: reference without title", t.id);
                assert!(r.venue.is_some() || r.site.is_some(), "{}: {:?} names no venue or site", t.id, r.title);
                if let Some(url) = &r.url {
                    assert!(url.starts_with("https://") && !url.contains(' '), "{}: bad URL {url}", t.id);
                }
                if let Some(year) = r.year {
                    assert!((1900..=2026).contains(&year), "{}: implausible year {year}", t.id);
                }
                if r.site.is_none() {
                    assert!(r.year.is_some(), "{}: {:?} is a publication without a year", t.id, r.title);
                }
            }
        }
    }

    #[test]
    fn the_issue_topics_are_covered() {
        let ids: HashSet<&str> = techniques().unwrap().iter().map(|t| t.id.as_str()).collect();
        for id in [
            "hash-index-instead-of-scan",
            "two-pointers",
            "prefix-sums",
            "monotonic-stack",
            "dp-state-compression",
            "binary-search-on-answer",
            "hoist-allocation",
            "with-capacity",
            "cache-blocking",
            "structure-of-arrays",
            "bounds-check-elimination",
            "chunks-exact",
            "sort-unstable",
            "faster-hasher",
            "bytes-not-chars",
            "rc-refcell-churn",
            "simd-friendly-loops",
            "strength-reduction",
            "branchless-selection",
            "buffered-locked-stdout",
        ] {
            assert!(ids.contains(id), "missing technique {id}");
        }
    }

    #[test]
    fn passages_carry_their_sources() {
        let kb = KnowledgeBase::load().unwrap();
        let passages = kb.rank(&Query::new("println in a loop is slow, buffer stdout"), 3);
        assert_eq!(passages[0].technique.as_deref(), Some("buffered-locked-stdout"));
        let first = &passages[0];
        assert_eq!(first.source.backend, "offline");
        assert!(first.source.url.as_deref().is_some_and(|u| u.starts_with("https://")));
        assert!(first.text.contains("When it does not:") && first.text.contains("Sketch:"));
        assert!(first.score > 0.0);
    }

    #[test]
    fn parallelism_and_simd_are_covered_and_found() {
        let all = techniques().unwrap();
        let hpc = |t: &Technique| t.tags.iter().any(|tag| tag == "parallel" || tag == "simd");
        let count = all.iter().filter(|t| hpc(t)).count();
        assert!(count >= 20, "only {count} techniques are tagged parallel or simd");
        let kb = KnowledgeBase::load().unwrap();
        for query in [
            "rayon par_iter parallel sum threads",
            "std::thread::scope chunks threads",
            "parallel histogram bins per-thread",
            "simd intrinsics is_x86_feature_detected avx2",
        ] {
            let passages = kb.rank(&Query::new(query), 3);
            let first = passages[0].technique.as_deref().unwrap();
            let technique = all.iter().find(|t| t.id == first).unwrap();
            assert!(hpc(technique), "{query:?} ranks {first} first, which is neither parallel nor simd");
        }
    }

    #[test]
    fn doi_urls_become_dois() {
        let kmp = techniques().unwrap().iter().find(|t| t.id == "kmp-string-matching").unwrap();
        assert_eq!(kmp.passage(1.0).source.doi.as_deref(), Some("10.1137/0206024"));
    }
}
