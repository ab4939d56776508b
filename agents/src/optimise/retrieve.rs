//! The retriever's steps: searches the model suggests for the code (asked
//! once a run) and the techniques found for each iteration, both logged.

use std::sync::Mutex;

use anyhow::Result;
use async_trait::async_trait;
use search::Search;
use tokio::runtime::Handle;

use super::ask::Asker;
use super::chat::{Agent, ChatRequest, Reply};
use super::event::{ModelQueries, Retrieval, Retrieved};
use super::journal::Journal;

/// The logged step of the model's searches.
pub const MODEL_QUERIES: &str = "retrieval/model-queries";

/// Searches the model suggests for `code` (the logged step
/// [`MODEL_QUERIES`]); none when it gives none.
pub fn model_queries(journal: &mut Journal, asker: &Asker<'_>, code: &str, seed: u64) -> Result<Vec<String>> {
    let (asked, _) = journal.step(MODEL_QUERIES, || {
        let model = QueryAsker { asker, seed, reply: Mutex::new(None) };
        let found = asker.runtime().block_on(search::model_queries(&model, code, 3));
        if let Err(e) = &found {
            tracing::warn!("no search queries from the model: {e}");
        }
        let reply = model.reply.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(ModelQueries { queries: found.map(|q| q.queries).unwrap_or_default(), reply })
    })?;
    if let Some(reply) = &asked.reply {
        asker.count(reply);
    }
    Ok(asked.queries)
}

/// Ranked passages with their sources for `code` and `queries` (the logged
/// step `itN/retrieve`).
pub fn techniques(
    journal: &mut Journal,
    runtime: &Handle,
    search: &Search,
    iteration: u32,
    code: &str,
    queries: &[String],
) -> Result<Retrieval> {
    let (retrieval, _) = journal.step(&format!("it{iteration}/retrieve"), || {
        let query = search::Query::new("").with_code(code.to_string()).with_searches(queries.to_vec());
        let report = runtime.block_on(search.search(&query, 4));
        Ok(Retrieval {
            searches: report.searches.clone(),
            passages: report
                .passages
                .iter()
                .map(|p| Retrieved { text: p.text.clone(), citation: p.source.citation() })
                .collect(),
            note: report.note.clone(),
        })
    })?;
    Ok(retrieval)
}

/// The retriever's view of the LLM; keeps the reply for the log.
struct QueryAsker<'a, 'c> {
    asker: &'a Asker<'c>,
    seed: u64,
    reply: Mutex<Option<Reply>>,
}

#[async_trait]
impl search::QueryModel for QueryAsker<'_, '_> {
    async fn complete(&self, prompt: &str) -> Result<String, search::Error> {
        let request = ChatRequest {
            agent: Agent::Retriever,
            system: "You are a helpful assistant.".into(),
            user: prompt.to_string(),
            max_tokens: 200,
            temperature: 0.2,
            seed: self.seed,
        };
        let reply = self.asker.complete(&request).await.map_err(|e| search::Error::model(e.to_string()))?;
        let text = reply.text.clone();
        *self.reply.lock().unwrap_or_else(|e| e.into_inner()) = Some(reply);
        Ok(text)
    }
}
