//! The trait every source of passages implements.

use async_trait::async_trait;

use crate::error::Error;
use crate::passage::Passage;
use crate::query::Query;

/// Anything that answers a [`Query`] with ranked passages.
///
/// Object safe (through `async_trait`), so callers hold a
/// `Box<dyn Retriever>` and await it on any runtime thread.
#[async_trait]
pub trait Retriever: Send + Sync {
    /// A short stable name (`arxiv`, `offline`, ...), used in reports.
    fn name(&self) -> &str;

    /// Passages for the query, best first: up to `limit` for each search a
    /// network backend sends, up to `limit` in all from the offline base
    /// and from [`Search`](crate::Search).
    async fn retrieve(&self, query: &Query, limit: usize) -> Result<Vec<Passage>, Error>;
}
