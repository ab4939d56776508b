//! Queries: text, optionally the code it is about, and the searches made
//! from them; the optional chat-model path that turns code into searches.

use async_trait::async_trait;
use serde::Serialize;

use crate::error::Error;
use crate::extract::code_queries;

/// What to search for.
///
/// A query has the user's text and, optionally, the code it is about. Both
/// become *searches*: short texts sent to every backend and used for
/// ranking. Code is turned into searches by [`crate::code_queries`] (always)
/// and, when a chat model is at hand, by [`model_queries`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    text: String,
    code: Option<String>,
    searches: Vec<String>,
}

impl Query {
    /// A query from text alone.
    pub fn new(text: impl Into<String>) -> Self {
        let text: String = text.into();
        let searches = if text.trim().is_empty() { Vec::new() } else { vec![text.trim().to_string()] };
        Query { text, code: None, searches }
    }

    /// Adds the code the query is about, and the searches the deterministic
    /// extractor makes from it.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        let code = code.into();
        let extracted = code_queries(&code);
        self.code = Some(code);
        self.with_searches(extracted)
    }

    /// Adds searches made elsewhere (for example by [`model_queries`]);
    /// blank ones and repeats are ignored.
    pub fn with_searches(mut self, searches: impl IntoIterator<Item = String>) -> Self {
        for search in searches {
            let search = search.trim().to_string();
            if !search.is_empty() && !self.searches.contains(&search) {
                self.searches.push(search);
            }
        }
        self
    }

    /// The user's text (possibly empty when the query comes from code).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The code the query is about, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The searches, most specific first: the text, then what the code shows.
    pub fn searches(&self) -> &[String] {
        &self.searches
    }

    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.searches.is_empty()
    }
}

/// A chat model that completes a prompt; how `search` reaches an LLM without
/// depending on `inference`. `agents` adapts its client to this.
#[async_trait]
pub trait QueryModel: Send + Sync {
    /// The model's answer to one user prompt.
    async fn complete(&self, prompt: &str) -> Result<String, Error>;
}

/// What a chat model made of a piece of code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelQueries {
    /// One or two sentences on what the code does and where its time goes.
    pub summary: String,
    /// Search queries for optimisation techniques, at most the number asked.
    pub queries: Vec<String>,
}

/// Asks the model to summarise the kernel and turn the summary into at most
/// `max` search queries (MARCO's query formulation).
pub async fn model_queries(model: &dyn QueryModel, code: &str, max: usize) -> Result<ModelQueries, Error> {
    let prompt = format!(
        "You help find optimisation techniques for Rust code.\n\
         Read the code below. Answer in exactly this format and nothing else:\n\
         SUMMARY: <one or two sentences: what the code computes and where its running time goes>\n\
         QUERIES:\n\
         - <a short search query (3 to 12 words) for a technique that would make it faster>\n\
         (at most {max} queries, one per line)\n\n\
         ```rust\n{code}\n```\n"
    );
    let answer = model.complete(&prompt).await?;
    parse_model_answer(&answer, max)
}

/// Reads the SUMMARY line and the bulleted or numbered query lines; tolerant
/// of the small deviations chat models make (numbering, quotes, casing).
fn parse_model_answer(answer: &str, max: usize) -> Result<ModelQueries, Error> {
    let mut summary = String::new();
    let mut queries: Vec<String> = Vec::new();
    let mut in_queries = false;
    for line in answer.lines().map(str::trim) {
        let upper = line.to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("SUMMARY:").map(|_| &line["SUMMARY:".len()..]) {
            summary = rest.trim().to_string();
            in_queries = false;
        } else if upper.starts_with("QUERIES") {
            in_queries = true;
        } else if in_queries && !line.is_empty() {
            let query = line
                .trim_start_matches(|c: char| {
                    c == '-' || c == '*' || c == '•' || c.is_ascii_digit() || c == '.' || c == ')'
                })
                .trim()
                .trim_matches(|c| c == '"' || c == '`' || c == '\'')
                .trim();
            let words = query.split_whitespace().count();
            if (2..=16).contains(&words) && !queries.iter().any(|q| q.eq_ignore_ascii_case(query)) {
                queries.push(query.to_string());
            }
        }
    }
    queries.truncate(max);
    if queries.is_empty() {
        return Err(Error::model(format!(
            "no queries in the model's answer: {:?}",
            answer.chars().take(200).collect::<String>()
        )));
    }
    Ok(ModelQueries { summary, queries })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake model: checks it was shown the code, answers like a chat model.
    struct Scripted(&'static str);

    #[async_trait]
    impl QueryModel for Scripted {
        async fn complete(&self, prompt: &str) -> Result<String, Error> {
            assert!(prompt.contains("fn pair_sum"), "the prompt carries the code");
            Ok(self.0.to_string())
        }
    }

    struct Broken;

    #[async_trait]
    impl QueryModel for Broken {
        async fn complete(&self, _: &str) -> Result<String, Error> {
            Err(Error::model("connection refused"))
        }
    }

    const CODE: &str =
        "fn pair_sum(v: &[i32], t: i32) -> bool { for a in v { for b in v { if a + b == t { return true; } } } false }";

    #[tokio::test]
    async fn model_answer_becomes_queries() {
        let model = Scripted(
            "Summary: Checks every pair of the slice for a target sum; quadratic.\n\
             QUERIES:\n\
             1. \"hash set complement lookup instead of nested loops\"\n\
             - two pointers on a sorted array\n\
             - two pointers on a sorted array\n\
             * x\n\
             - sort then binary search for the complement\n",
        );
        let got = model_queries(&model, CODE, 2).await.unwrap();
        assert_eq!(got.summary, "Checks every pair of the slice for a target sum; quadratic.");
        assert_eq!(
            got.queries,
            ["hash set complement lookup instead of nested loops", "two pointers on a sorted array"]
        );
        let query = Query::new("").with_searches(got.queries);
        assert_eq!(query.searches().len(), 2);
    }

    #[tokio::test]
    async fn model_failures_and_empty_answers_are_errors() {
        assert!(matches!(model_queries(&Broken, CODE, 3).await, Err(Error::Model(m)) if m.contains("refused")));
        let silent = Scripted("I cannot help with that.");
        assert!(matches!(model_queries(&silent, CODE, 3).await, Err(Error::Model(_))));
    }

    #[test]
    fn queries_keep_text_first_and_drop_repeats() {
        let q = Query::new("  faster sort ").with_searches([
            "faster sort".to_string(),
            " ".to_string(),
            "heap".to_string(),
        ]);
        assert_eq!(q.searches(), ["faster sort", "heap"]);
        assert_eq!(q.text(), "  faster sort ");
        assert!(Query::new("").is_empty());
    }
}
