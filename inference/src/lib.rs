//! marco's inference backend: GGUF models on llama.cpp with lossless
//! speculative decoding, served over an OpenAI-compatible API.
//!
//! * [`models`]: the models marco knows, finding and pulling their weights.
//! * [`Engine`]: a loaded [`Model`] with a multi-sequence KV cache: one
//!   forward pass over new tokens of many sequences, rollback, prefix reuse.
//! * [`generate`] with a [`Drafter`] ([`PromptLookup`], [`DraftModel`],
//!   [`Hybrid`]): speculative decoding whose output is the target's own;
//!   [`verify`] judges a draft exactly, [`DraftLength`] chooses its length
//!   from measured costs ([`CostModel`]) and acceptance.
//! * [`serve`] and [`router`]: the OpenAI-compatible HTTP API with
//!   continuous batching, set up by a [`ServerConfig`] in one of two
//!   [`Role`]s: the target here (which also verifies edge devices' drafts,
//!   [`VerifyRequest`]), or an edge drafter ([`EdgeRequest`]) for a remote
//!   [`Verifier`] ([`CloudClient`] or [`EngineVerifier`]).
//! * [`profile`]: measures this machine and plans drafter and draft length.
//!
//! The modules are private: this root and the two namespaces are the API.

#[cfg(feature = "gpu")]
mod backends;
mod catalog;
mod cloud;
mod config;
mod cost;
mod edge;
mod engine;
mod profiling;
mod protocol;
mod remote;
mod sampling;
mod scheduler;
mod server;
mod speculative;
mod worker;

pub use config::{RemoteTarget, Role, ServerConfig, ServerDrafter};
pub use cost::CostModel;
pub use edge::{CloudClient, CloudError, EdgeOptions, EdgeRequest, Link, Verifier};
pub use engine::{Device, Engine, EngineConfig, EngineError, Feed, GpuLayers, Model, Token, devices};
pub use protocol::{MAX_DRAFT, PROTOCOL_VERSION, VerifyError, VerifyRequest, VerifyResponse};
pub use remote::{EngineApi, EngineVerifier};
pub use sampling::{SampleRng, SamplingParams, argmax, probabilities, probability_of, sample};
pub use scheduler::Policy;
pub use server::{RunningServer, router, serve};
pub use speculative::{
    Draft, DraftLength, DraftModel, Drafter, EarlyStop, FinishReason, GenerateParams, Generation, Hybrid, Outlook,
    PromptLookup, Stats, Verdict, calibrate, generate, verify,
};

/// The models marco knows, where their weights are, and fetching them: a
/// namespace, since `ensure` or `pull` alone would not say what they do.
pub mod models {
    pub use crate::catalog::{
        DEFAULT_DRAFT_MODEL, DEFAULT_MODEL, HubSource, ModelError, ModelSpec, PullProgress, PypiSource, Quiet,
        TEST_MODEL, ensure, installed_path, locate, manifest, models_dir, pull, spec,
    };
}

/// Configuration selection: measure this machine once, then pick drafter,
/// quantisation and draft length for an objective from the measurements.
pub mod profile {
    pub use crate::profiling::{
        Candidate, DrafterProfile, KProfile, Objective, Plan, Power, Profile, measure, workloads,
    };
}
