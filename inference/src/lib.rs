//! marco's inference backend: GGUF models on llama.cpp with lossless
//! speculative decoding.
//!
//! * [`models`]: the models marco knows, finding and pulling their weights.
//! * [`Engine`]: a loaded model with a multi-sequence KV cache: one forward
//!   pass over new tokens of many sequences, rollback, prefix reuse.
//! * [`speculative`]: drafters (prompt lookup, a draft model, both), exact
//!   verification, and the draft length chosen from measured costs.
//! * [`server`]: the OpenAI-compatible HTTP API with continuous batching, in
//!   one of two roles: the target here (which also verifies edge devices'
//!   drafts over [`protocol`]), or an [`edge`] drafter for a remote cloud.

#[cfg(feature = "gpu")]
mod backends;
mod cloud;
mod cost;
pub mod edge;
mod engine;
pub mod models;
pub mod profile;
pub mod protocol;
pub mod remote;
pub mod sampling;
pub mod scheduler;
pub mod server;
pub mod speculative;

pub use cost::CostModel;
pub use engine::{Device, Engine, EngineConfig, EngineError, Feed, GpuLayers, Model, Token, devices};
