//! The retriever: finds code-optimisation techniques in papers, on the web
//! and in an embedded knowledge base, and hands them over with their
//! sources.
//!
//! MARCO (Rahman et al., arXiv:2505.03906) reports that retrieving recent
//! optimisation techniques for the generator adds about 30% over the same
//! loop without them. This crate is that component:
//!
//! * [`Query`]: text and, optionally, the code it is about. Code becomes
//!   searches by a deterministic extractor ([`code_queries`]) and, with a
//!   chat model behind the small [`QueryModel`] trait, by [`model_queries`].
//! * [`Retriever`]: a query in, ranked [`Passage`]s out, each with its
//!   [`Source`]. Implemented by every network backend ([`backend`]), by the
//!   offline [`KnowledgeBase`] and by [`Search`], which combines them.
//! * [`Search`]: fans out to the chosen [`BackendKind`]s concurrently, ranks
//!   with BM25, removes duplicates and reports each backend's fate in a
//!   [`Report`]. A failing backend never fails a search; when nothing comes
//!   back the offline base answers and the report says so.
//!
//! Network access is polite: a `User-Agent` naming marco, a minimum spacing
//! between requests to each host, timeouts, retries with backoff on 429 and
//! 5xx (honouring `Retry-After`), and a disk cache with a TTL keyed by
//! backend and search ([`SearchConfig`]).

mod backends;
mod cache;
mod config;
mod error;
mod extract;
mod http;
mod knowledge;
mod page;
mod passage;
mod query;
mod rank;
mod retriever;
mod search;

pub use backends::{BackendKind, backend};
pub use config::{ENV_VARS, SearchConfig};
pub use error::Error;
pub use extract::code_queries;
pub use knowledge::{KnowledgeBase, Reference, Technique, techniques};
pub use passage::{Passage, Source};
pub use query::{ModelQueries, Query, QueryModel, model_queries};
pub use retriever::Retriever;
pub use search::{BackendStatus, Report, Search};
