//! A GGUF model on llama.cpp: tokens in, logits out, for many sequences in
//! one forward pass, with a per-sequence KV cache that can be rolled back.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::context::params::{KvCacheType, LlamaContextParams};
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::token::LlamaToken;

use crate::cost::CostModel;

/// A token id of the model's vocabulary.
pub type Token = i32;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("llama.cpp backend: {0}")]
    Backend(String),
    #[error("cannot load model {path}: {reason}")]
    Load { path: PathBuf, reason: String },
    #[error("cannot create a context: {0}")]
    Context(String),
    #[error("the prompt and output need {needed} tokens but the context holds {limit}")]
    ContextFull { needed: usize, limit: usize },
    #[error("sequence {0} is out of range")]
    Sequence(usize),
    #[error("forward pass failed: {0}")]
    Decode(String),
    #[error("chat template: {0}")]
    Template(String),
}

fn backend() -> Result<&'static LlamaBackend, EngineError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            #[cfg(feature = "gpu")]
            crate::backends::load()?;
            let mut backend = LlamaBackend::init().map_err(|e| e.to_string())?;
            // llama.cpp writes its own logs to stderr; marco logs through tracing.
            backend.void_logs();
            Ok(backend)
        })
        .as_ref()
        .map_err(|e| EngineError::Backend(e.clone()))
}

/// Where a model's layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GpuLayers {
    /// Every layer on the GPU when a GPU backend is loaded, else the CPU.
    #[default]
    All,
    /// The first layers stay on the CPU, the last `n` go to the GPU; `0`
    /// keeps the model and its context off every GPU (a device's drafter
    /// simulated on the CPU cores of a GPU machine).
    Count(u32),
}

impl std::str::FromStr for GpuLayers {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(GpuLayers::All),
            n => n.parse().map(GpuLayers::Count).map_err(|_| format!("`{n}` is neither `all` nor a layer count")),
        }
    }
}

impl std::fmt::Display for GpuLayers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuLayers::All => f.write_str("all"),
            GpuLayers::Count(n) => write!(f, "{n}"),
        }
    }
}

/// The compute devices llama.cpp can use in this process.
pub fn devices() -> Result<Vec<Device>, EngineError> {
    backend()?;
    Ok(llama_cpp_2::list_llama_ggml_backend_devices()
        .into_iter()
        .map(|d| Device {
            name: d.name,
            description: d.description,
            gpu: matches!(
                d.device_type,
                llama_cpp_2::LlamaBackendDeviceType::Gpu | llama_cpp_2::LlamaBackendDeviceType::IntegratedGpu
            ),
            memory_total: d.memory_total,
        })
        .collect())
}

/// A compute device llama.cpp found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// llama.cpp's name, e.g. `CUDA0` or `CPU`.
    pub name: String,
    /// What it is, e.g. `NVIDIA H100 80GB HBM3`.
    pub description: String,
    pub gpu: bool,
    pub memory_total: usize,
}

/// A loaded model. Models are loaded once per process and live as long as
/// it does, so that contexts can borrow them freely.
#[derive(Clone, Copy)]
pub struct Model {
    model: &'static LlamaModel,
    /// Whether the model was kept off every GPU (its contexts then too).
    cpu_only: bool,
    /// Where its layers went, e.g. `all 28 layers on CUDA0 (NVIDIA H100 80GB HBM3)`.
    placement: &'static str,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("vocab_size", &self.vocab_size()).field("cpu_only", &self.cpu_only).finish()
    }
}

impl Model {
    /// Loads the GGUF file (memory-mapped) with every layer on the GPU if a
    /// GPU backend is loaded, or returns the already loaded one.
    pub fn load(path: &Path) -> Result<Model, EngineError> {
        Model::load_with(path, GpuLayers::All)
    }

    /// Loads the GGUF file with `gpu_layers` of its layers on the GPU, or
    /// returns the one already loaded so. Logs where the layers went.
    pub fn load_with(path: &Path, gpu_layers: GpuLayers) -> Result<Model, EngineError> {
        type Loaded = HashMap<(PathBuf, GpuLayers), (&'static LlamaModel, &'static str)>;
        static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
        let backend = backend()?;
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let cpu_only = gpu_layers == GpuLayers::Count(0);
        let mut loaded = LOADED.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&(model, placement)) = loaded.get(&(key.clone(), gpu_layers)) {
            return Ok(Model { model, cpu_only, placement });
        }
        let params = match gpu_layers {
            // llama.cpp's default (-1) puts every layer on the GPU it finds.
            GpuLayers::All => LlamaModelParams::default(),
            GpuLayers::Count(0) => LlamaModelParams::default()
                .with_n_gpu_layers(0)
                // An empty device list: nothing of this model goes to a GPU.
                .with_devices(&[])
                .map_err(|e| EngineError::Load { path: key.clone(), reason: e.to_string() })?,
            GpuLayers::Count(n) => LlamaModelParams::default().with_n_gpu_layers(n),
        };
        let model = LlamaModel::load_from_file(backend, &key, &params)
            .map_err(|e| EngineError::Load { path: key.clone(), reason: e.to_string() })?;
        let layers = model.n_layer();
        let gpu = if cpu_only { None } else { devices()?.into_iter().find(|d| d.gpu) };
        let placement = match (&gpu, gpu_layers) {
            (None, _) => "all layers on the CPU".to_string(),
            (Some(d), GpuLayers::All) => format!("all {layers} layers on {} ({})", d.name, d.description),
            (Some(d), GpuLayers::Count(n)) => {
                format!("{} of {layers} layers on {} ({}), the rest on the CPU", n.min(layers), d.name, d.description)
            }
        };
        tracing::info!(model = %key.display(), "{placement}");
        let model: &'static LlamaModel = Box::leak(Box::new(model));
        let placement: &'static str = placement.leak();
        loaded.insert((key, gpu_layers), (model, placement));
        Ok(Model { model, cpu_only, placement })
    }

    /// Where the model's layers run, e.g. `all 28 layers on CUDA0 (NVIDIA
    /// H100 80GB HBM3)` or `all layers on the CPU`.
    pub fn placement(&self) -> &'static str {
        self.placement
    }

    pub fn vocab_size(&self) -> usize {
        self.model.n_vocab() as usize
    }

    /// Text to tokens. Special tokens written in the text (`<|im_start|>`)
    /// are parsed as such, since chat prompts contain them.
    pub fn tokenize(&self, text: &str, add_bos: bool) -> Vec<Token> {
        self.model.vocab().tokenize(text.as_bytes(), add_bos, true).into_iter().map(|t| t.0).collect()
    }

    /// The bytes a token stands for (a token may hold part of a character).
    pub fn piece(&self, token: Token) -> Vec<u8> {
        self.model.vocab().token_to_piece(LlamaToken(token), false, None)
    }

    /// Tokens to text; invalid UTF-8 (a cut character) is replaced.
    pub fn detokenize(&self, tokens: &[Token]) -> String {
        let bytes: Vec<u8> = tokens.iter().flat_map(|&t| self.piece(t)).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// True for end-of-generation tokens (end of turn, end of text).
    pub fn is_end(&self, token: Token) -> bool {
        self.model.vocab().is_eog(LlamaToken(token))
    }

    /// The conversation as a prompt, through the model's own chat template,
    /// ending with the opening of the assistant's turn.
    pub fn chat_prompt(&self, messages: &[(String, String)]) -> Result<String, EngineError> {
        let template = self.model.chat_template(None).map_err(|e| EngineError::Template(e.to_string()))?;
        let chat = messages
            .iter()
            .map(|(role, content)| LlamaChatMessage::new(role.clone(), content.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| EngineError::Template(e.to_string()))?;
        self.model.apply_chat_template(&template, &chat, true).map_err(|e| EngineError::Template(e.to_string()))
    }

    /// Whether `other` splits text into the same tokens, as a draft model
    /// must for its tokens to mean anything to the target. Checked on the
    /// vocabulary size and a sample of code, prose and chat markup.
    pub fn shares_tokenizer(&self, other: &Model) -> bool {
        const SAMPLE: &str = "<|im_start|>user\nfn main() { let v: Vec<u64> = (0..10).collect(); }\n\
                              Écrivez plus vite — 速く! <|im_end|>";
        self.vocab_size() == other.vocab_size() && self.tokenize(SAMPLE, true) == other.tokenize(SAMPLE, true)
    }

    /// The context length the model was trained with.
    pub fn train_context(&self) -> usize {
        self.model.n_ctx_train() as usize
    }
}

/// How an [`Engine`]'s context is sized.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Context length (tokens) of each sequence.
    pub context: u32,
    /// Sequences that can live in the cache at once.
    pub sequences: u32,
    /// Most tokens in one llama.cpp decode call.
    pub batch: u32,
    pub threads: i32,
}

impl Default for EngineConfig {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map(|n| n.get() as i32).unwrap_or(2);
        EngineConfig { context: 4096, sequences: 4, batch: 512, threads }
    }
}

/// New tokens of one sequence for a forward pass.
#[derive(Debug, Clone, Copy)]
pub struct Feed<'a> {
    pub seq: usize,
    pub tokens: &'a [Token],
    /// Logits are returned for `tokens[logits_from..]`; use
    /// `tokens.len() - 1` for the last position only.
    pub logits_from: usize,
}

/// A model with a KV cache for several sequences.
pub struct Engine {
    model: Model,
    ctx: LlamaContext<'static>,
    config: EngineConfig,
    /// Per sequence, the tokens whose keys and values are in the cache.
    cached: Vec<Vec<Token>>,
    cost: CostModel,
}

impl Engine {
    pub fn new(model: Model, config: EngineConfig) -> Result<Self, EngineError> {
        let total = config.context.saturating_mul(config.sequences);
        let params = LlamaContextParams::default()
            .with_n_ctx(NonZeroU32::new(total))
            .with_n_batch(config.batch)
            .with_n_ubatch(config.batch)
            .with_n_seq_max(config.sequences)
            // One cache shared by all sequences: prefixes can be shared between
            // sequences (partial copies need a unified cache).
            .with_kv_unified(true)
            // Speculation is exact only if a token's logits do not depend on
            // the pass that computes them. On llama.cpp's CPU backend, plain
            // attention rounds later rows of a multi-token pass differently
            // from one-token passes, and flash attention over an f16 cache
            // switches kernels by the pass's shape (tiled from 64 rows, split
            // across threads for one row over 512 cells). Flash attention
            // over a q8_0 cache uses one kernel, row by row, for every shape
            // (tests/speculative.rs checks it), and halves the cache.
            .with_flash_attention_policy(llama_cpp_sys_2::LLAMA_FLASH_ATTN_TYPE_ENABLED)
            .with_type_k(KvCacheType::Q8_0)
            .with_type_v(KvCacheType::Q8_0)
            .with_n_threads(config.threads)
            .with_n_threads_batch(config.threads);
        // A model kept off the GPU keeps its cache and its large batches
        // there too (llama.cpp would otherwise offload big matrix products).
        let params = if model.cpu_only { params.with_offload_kqv(false).with_op_offload(false) } else { params };
        let ctx = model.model.new_context(backend()?, params).map_err(|e| EngineError::Context(e.to_string()))?;
        let cached = vec![Vec::new(); config.sequences as usize];
        Ok(Engine { model, ctx, config, cached, cost: CostModel::default() })
    }

    pub fn model(&self) -> Model {
        self.model
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Measured cost of forward passes by number of tokens.
    pub fn cost(&self) -> &CostModel {
        &self.cost
    }

    /// The tokens of `seq` that are in the cache.
    pub fn cached(&self, seq: usize) -> &[Token] {
        self.cached.get(seq).map(Vec::as_slice).unwrap_or(&[])
    }

    fn check_seq(&self, seq: usize) -> Result<(), EngineError> {
        if seq < self.cached.len() { Ok(()) } else { Err(EngineError::Sequence(seq)) }
    }

    /// Drops everything of `seq` after its first `len` tokens (a rejected
    /// draft, or the part of a prompt that differs).
    pub fn truncate(&mut self, seq: usize, len: usize) -> Result<(), EngineError> {
        self.check_seq(seq)?;
        if len >= self.cached[seq].len() {
            return Ok(());
        }
        self.ctx
            .clear_kv_cache_seq(Some(seq as u32), Some(len as u32), None)
            .map_err(|e| EngineError::Decode(e.to_string()))?;
        self.cached[seq].truncate(len);
        Ok(())
    }

    /// Makes `dst` start with the first `len` cached tokens of `src`, sharing
    /// their cache entries (no recomputation).
    pub fn copy_prefix(&mut self, src: usize, dst: usize, len: usize) -> Result<(), EngineError> {
        self.check_seq(src)?;
        self.check_seq(dst)?;
        let len = len.min(self.cached[src].len());
        self.truncate(dst, 0)?;
        self.ctx
            .copy_kv_cache_seq(src as i32, dst as i32, Some(0), Some(len as u32))
            .map_err(|e| EngineError::Decode(e.to_string()))?;
        self.cached[dst] = self.cached[src][..len].to_vec();
        Ok(())
    }

    /// How many leading tokens of `tokens` the cache of `seq` already holds.
    pub fn shared_prefix(&self, seq: usize, tokens: &[Token]) -> usize {
        self.cached(seq).iter().zip(tokens).take_while(|(a, b)| a == b).count()
    }

    /// Prepares `seq` for a prompt: keeps the longest cached prefix the
    /// prompt shares (at most all but its last token, whose logits are
    /// needed) and returns how many tokens were reused.
    pub fn reuse_prefix(&mut self, seq: usize, prompt: &[Token]) -> Result<usize, EngineError> {
        self.check_seq(seq)?;
        let keep = self.shared_prefix(seq, prompt).min(prompt.len().saturating_sub(1));
        self.truncate(seq, keep)?;
        Ok(keep)
    }

    /// One forward pass over new tokens of several sequences. Returns, per
    /// feed, the logits of each requested position (vocabulary-sized rows).
    /// Larger inputs than the batch size are split into several passes.
    pub fn forward(&mut self, feeds: &[Feed]) -> Result<Vec<Vec<Vec<f32>>>, EngineError> {
        for feed in feeds {
            self.check_seq(feed.seq)?;
            let needed = self.cached[feed.seq].len() + feed.tokens.len();
            if needed > self.config.context as usize {
                return Err(EngineError::ContextFull { needed, limit: self.config.context as usize });
            }
        }
        let mut results: Vec<Vec<Vec<f32>>> = feeds.iter().map(|_| Vec::new()).collect();
        // (feed index, token index) of every token still to feed, in order.
        let work: Vec<(usize, usize)> =
            feeds.iter().enumerate().flat_map(|(f, feed)| (0..feed.tokens.len()).map(move |t| (f, t))).collect();
        let n_vocab = self.model.vocab_size();
        let base: Vec<usize> = feeds.iter().map(|feed| self.cached[feed.seq].len()).collect();
        for chunk in work.chunks(self.config.batch as usize) {
            let mut batch = LlamaBatch::new(chunk.len(), 1);
            for &(f, t) in chunk {
                let feed = &feeds[f];
                let pos = (base[f] + t) as i32;
                batch
                    .add(LlamaToken(feed.tokens[t]), pos, &[feed.seq as i32], t >= feed.logits_from)
                    .map_err(|e| EngineError::Decode(e.to_string()))?;
            }
            let started = Instant::now();
            self.ctx.decode(&mut batch).map_err(|e| EngineError::Decode(e.to_string()))?;
            for (i, &(f, t)) in chunk.iter().enumerate() {
                if t >= feeds[f].logits_from {
                    let row = self.ctx.get_logits_ith(i as i32);
                    results[f].push(row[..n_vocab].to_vec());
                }
            }
            self.cost.record(chunk.len(), started.elapsed());
            for &(f, t) in chunk {
                let feed = &feeds[f];
                self.cached[feed.seq].push(feed.tokens[t]);
            }
        }
        Ok(results)
    }
}
