//! Where a candidate is compiled for.

use serde::{Deserialize, Serialize};

/// Where a candidate is compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// `wasm32-wasip1`, run in wasmtime: deterministic fuel, strongest isolation.
    #[default]
    Wasm,
    /// The host, statically linked: real wall-clock timings.
    Native,
}

impl Target {
    pub(crate) fn triple(self) -> Option<&'static str> {
        match self {
            Target::Wasm => Some("wasm32-wasip1"),
            Target::Native => None,
        }
    }

    pub(crate) fn artifact_name(self) -> &'static str {
        match self {
            Target::Wasm => "main.wasm",
            Target::Native => "main",
        }
    }
}
