//! The verification wire protocol between an edge drafter and a cloud
//! verifier: JSON over HTTP, `POST /v1/verify`, versioned by
//! [`PROTOCOL_VERSION`]. ARCHITECTURE.md describes the exchange.
//!
//! The edge is the authority on a generation's text. The cloud keeps, per
//! session, the cache of the tokens it has verified so far (`held`), and
//! may forget a session at any time (eviction, restart); the edge then
//! resends the history from what the cloud says it still holds, so nothing
//! is lost.

use serde::{Deserialize, Serialize};

use crate::engine::Token;

/// The protocol version this build speaks; a request with another is refused.
pub const PROTOCOL_VERSION: u32 = 1;

/// Longest draft one request may carry.
pub const MAX_DRAFT: usize = 64;

/// One verification: "after my history, would you say these draft tokens?"
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    pub version: u32,
    /// Chosen by the edge, unique per generation.
    pub session: String,
    /// Increases by one with every request of the session; a request whose
    /// step is not above the last one seen is out of order (409).
    pub step: u64,
    /// How many tokens of the history the edge believes the cloud holds.
    /// The cloud drops anything it holds beyond them.
    pub prefix_len: usize,
    /// The history after `prefix_len` (at least one token: the last one,
    /// whose next-token distribution is needed).
    pub tokens: Vec<Token>,
    /// The proposed continuation.
    pub draft: Vec<Token>,
    /// Sampling temperature; 0 is greedy (exact verification).
    #[serde(default)]
    pub temperature: f32,
    #[serde(default = "one")]
    pub top_p: f32,
    #[serde(default)]
    pub seed: u64,
    /// Milliseconds the edge is willing to wait; the scheduler serves the
    /// earliest deadlines first.
    #[serde(default)]
    pub deadline_ms: Option<u64>,
}

fn one() -> f32 {
    1.0
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResponse {
    pub version: u32,
    /// Draft tokens accepted (a prefix of the draft).
    pub accepted: usize,
    /// The target's token after them.
    pub next: Token,
    /// Tokens of the history the cloud now holds: `prefix_len +
    /// tokens.len() + accepted`. `next` is not among them.
    pub held: usize,
}

/// A refusal, with what the edge needs to recover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyError {
    /// `bad_request`, `unsupported_version`, `too_large`, `out_of_order`,
    /// `history_missing` (resend from `held`), or `busy`.
    pub code: String,
    pub message: String,
    /// Tokens of the session's history the cloud holds (0 for a session it
    /// does not know).
    pub held: usize,
}
