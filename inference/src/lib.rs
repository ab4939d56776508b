//! marco's inference backend: GGUF models on llama.cpp with lossless
//! speculative decoding.
//!
//! * [`models`]: the models marco knows, finding and pulling their weights.
//! * [`Engine`]: a loaded model with a multi-sequence KV cache: one forward
//!   pass over new tokens of many sequences, rollback, prefix reuse.
//! * [`speculative`]: drafters (prompt lookup, a draft model, both), exact
//!   verification, and the draft length chosen from measured costs.
//! * [`server`]: the OpenAI-compatible HTTP API with continuous batching.

mod cost;
mod engine;
pub mod models;
pub mod sampling;
pub mod server;
pub mod speculative;

pub use cost::CostModel;
pub use engine::{Engine, EngineConfig, EngineError, Feed, Model, Token};
