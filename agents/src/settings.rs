//! The one settings type: command-line flags, `marco.toml`, a job's options
//! and the defaults meet here, in layers, and come out as a run's
//! [`Options`] and model. Every caller (`marco optimise`, `marco serve`,
//! `marco bench`) resolves its settings through [`Layer`] and [`Settings`],
//! so a default or a bound lives in one place.

use serde::{Deserialize, Serialize};

use crate::optimise::Options;

/// Seconds one LLM request may take, by default.
pub const LLM_TIMEOUT_S: u64 = 900;

/// Fewer reply tokens than this leave no room for code.
const MIN_REPLY_TOKENS: u32 = 64;

/// What one source of settings sets; `None` leaves the choice to the layer
/// below. `marco.toml` is one of these (every key optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// An OpenAI-compatible API; none: marco's own backend.
    pub llm_url: Option<String>,
    pub model: Option<String>,
    /// Seconds one LLM request may take.
    pub llm_timeout: Option<u64>,
    pub iterations: Option<u32>,
    pub candidates: Option<u32>,
    pub max_tokens: Option<u64>,
    /// Seconds after which no new step starts.
    pub max_time: Option<u64>,
    pub patience: Option<u32>,
    pub target_speedup: Option<f64>,
    pub reply_tokens: Option<u32>,
    pub seed: Option<u64>,
    pub search: Option<bool>,
    pub search_backends: Option<Vec<String>>,
    pub single_shot: Option<bool>,
    /// Cores (and threads) a candidate may use natively; 1 forbids threads.
    pub threads: Option<u32>,
}

impl Layer {
    /// This layer over `below`: each setting from here when set, else from
    /// there.
    pub fn over(self, below: Layer) -> Layer {
        Layer {
            llm_url: self.llm_url.or(below.llm_url),
            model: self.model.or(below.model),
            llm_timeout: self.llm_timeout.or(below.llm_timeout),
            iterations: self.iterations.or(below.iterations),
            candidates: self.candidates.or(below.candidates),
            max_tokens: self.max_tokens.or(below.max_tokens),
            max_time: self.max_time.or(below.max_time),
            patience: self.patience.or(below.patience),
            target_speedup: self.target_speedup.or(below.target_speedup),
            reply_tokens: self.reply_tokens.or(below.reply_tokens),
            seed: self.seed.or(below.seed),
            search: self.search.or(below.search),
            search_backends: self.search_backends.or(below.search_backends),
            single_shot: self.single_shot.or(below.single_shot),
            threads: self.threads.or(below.threads),
        }
    }
}

/// A bad setting, whichever layer it came from.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
    #[error("{0}")]
    Backend(String),
    #[error("--target-speedup must be above 1 (it was {0})")]
    TargetSpeedup(f64),
    #[error("--llm-timeout must be at least 1 second")]
    LlmTimeout,
    #[error("--threads must be at least 1 (1 forbids threads)")]
    Threads,
}

/// Everything a run is configured with, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub options: Options,
    /// `None`: marco's own backend serving `model`.
    pub llm_url: Option<String>,
    pub model: String,
    pub llm_timeout_s: u64,
}

impl Settings {
    /// `layer` (already stacked with [`Layer::over`]) over the defaults,
    /// with every bound applied.
    pub fn resolve(layer: Layer) -> Result<Settings, SettingsError> {
        let defaults = Options::default();
        let search_backends = layer.search_backends.unwrap_or_default();
        for backend in &search_backends {
            backend.parse::<search::BackendKind>().map_err(|e| SettingsError::Backend(e.to_string()))?;
        }
        // Not `<= 1.0`: NaN must be refused too.
        if let Some(target) = layer.target_speedup
            && target.partial_cmp(&1.0) != Some(std::cmp::Ordering::Greater)
        {
            return Err(SettingsError::TargetSpeedup(target));
        }
        let llm_timeout_s = layer.llm_timeout.unwrap_or(LLM_TIMEOUT_S);
        if llm_timeout_s == 0 {
            return Err(SettingsError::LlmTimeout);
        }
        let threads = layer.threads.unwrap_or(defaults.threads);
        if threads == 0 {
            return Err(SettingsError::Threads);
        }
        let options = Options {
            iterations: layer.iterations.unwrap_or(defaults.iterations).max(1),
            candidates: layer.candidates.unwrap_or(defaults.candidates).max(1),
            max_tokens: layer.max_tokens,
            max_time_s: layer.max_time,
            patience: layer.patience.unwrap_or(defaults.patience),
            target_speedup: layer.target_speedup,
            seed: layer.seed.unwrap_or(defaults.seed),
            search: layer.search.unwrap_or(defaults.search),
            search_backends,
            single_shot: layer.single_shot.unwrap_or(defaults.single_shot),
            reply_tokens: layer.reply_tokens.unwrap_or(defaults.reply_tokens).max(MIN_REPLY_TOKENS),
            timing_rounds: defaults.timing_rounds,
            threads,
            ask_again_when_unchanged: defaults.ask_again_when_unchanged,
        };
        Ok(Settings {
            options,
            llm_url: layer.llm_url,
            model: layer.model.unwrap_or_else(|| inference::models::DEFAULT_MODEL.to_string()),
            llm_timeout_s,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_layer_wins_and_bounds_hold_whatever_the_layer() {
        let flags = Layer { iterations: Some(5), candidates: Some(0), ..Layer::default() };
        let file: Layer = toml::from_str("iterations = 9\npatience = 4\nreply_tokens = 10\nsearch = false\n").unwrap();
        let settings = Settings::resolve(flags.over(file)).unwrap();
        let o = &settings.options;
        assert_eq!((o.iterations, o.candidates, o.patience, o.reply_tokens, o.search), (5, 1, 4, 64, false));
        assert_eq!(settings.model, inference::models::DEFAULT_MODEL);
        assert_eq!(settings.llm_timeout_s, LLM_TIMEOUT_S);
        let defaults = Settings::resolve(Layer::default()).unwrap();
        assert_eq!(defaults.options, Options::default(), "no layer: the loop's defaults");
    }

    #[test]
    fn bad_settings_are_refused_with_what_is_wrong() {
        let bad = |layer: Layer| Settings::resolve(layer).unwrap_err().to_string();
        assert!(
            bad(Layer { search_backends: Some(vec!["altavista".into()]), ..Layer::default() }).contains("altavista")
        );
        assert!(bad(Layer { target_speedup: Some(0.5), ..Layer::default() }).contains("above 1"));
        assert!(bad(Layer { llm_timeout: Some(0), ..Layer::default() }).contains("at least 1"));
        assert!(bad(Layer { threads: Some(0), ..Layer::default() }).contains("--threads must be at least 1"));
        let one = Settings::resolve(Layer { threads: Some(1), ..Layer::default() }).unwrap();
        assert_eq!(one.options.threads, 1);
        assert_eq!(Settings::resolve(Layer::default()).unwrap().options.threads, sandbox::available_cores());
        assert!(toml::from_str::<Layer>("iteratoins = 3").is_err(), "a misspelt key is an error");
    }
}
