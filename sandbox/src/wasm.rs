//! Running WebAssembly artifacts in wasmtime under fuel, memory and time limits.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use wasmtime::{Config, Engine, InstancePre, Linker, Module, ResourceLimiter, Store, Trap, UpdateDeadline};
use wasmtime_wasi::I32Exit;
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::random::Deterministic;

use crate::compile::Artifact;
use crate::error::SandboxError;
use crate::limits::Limits;
use crate::outcome::{Outcome, Status, lossy, panic_message};

/// How often the epoch advances. Every tick a running program yields to the
/// executor, which is how the wall-clock deadline is noticed.
const EPOCH_TICK: Duration = Duration::from_millis(2);

/// Native stack available to WebAssembly frames; deep recursion needs more
/// than wasmtime's 512 KiB default.
pub(crate) const MAX_WASM_STACK: usize = 64 << 20;

/// Bytes the guest's random source cycles through: fixed, so that hash-map
/// seeds, and with them iteration orders and fuel, repeat from run to run.
fn deterministic_random() -> Deterministic {
    let mut state: u32 = 0x9e37_79b9;
    let bytes = (0..256)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    Deterministic::new(bytes)
}

struct RunState {
    wasi: WasiP1Ctx,
    memory: MemoryLimiter,
}

/// Caps linear memory and remembers the peak and whether growth was denied.
struct MemoryLimiter {
    limit: usize,
    peak: usize,
    denied: bool,
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.limit {
            self.denied = true;
            return Ok(false);
        }
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        // Tables hold function references; Rust programs need a few hundred.
        Ok(desired <= 1 << 20)
    }
}

pub(crate) struct WasmRunner {
    engine: Engine,
    linker: Linker<RunState>,
    /// Modules compiled (or deserialized) once, instantiated per run.
    modules: Mutex<HashMap<String, InstancePre<RunState>>>,
}

impl WasmRunner {
    pub(crate) fn new() -> Result<Self, SandboxError> {
        let mut config = Config::new();
        config
            .consume_fuel(true)
            .epoch_interruption(true)
            .max_wasm_stack(MAX_WASM_STACK)
            .async_stack_size(MAX_WASM_STACK + (4 << 20));
        let engine = Engine::new(&config).map_err(|e| SandboxError::Wasm(e.to_string()))?;
        let mut linker = Linker::new(&engine);
        p1::add_to_linker_async(&mut linker, |s: &mut RunState| &mut s.wasi)
            .map_err(|e| SandboxError::Wasm(e.to_string()))?;
        let weak = engine.weak();
        std::thread::Builder::new()
            .name("marco-sandbox-epoch".into())
            .spawn(move || {
                // Stops once the engine is gone.
                while let Some(engine) = weak.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(EPOCH_TICK);
                }
            })
            .map_err(SandboxError::Io)?;
        Ok(WasmRunner { engine, linker, modules: Mutex::new(HashMap::new()) })
    }

    fn instance_pre(&self, artifact: &Artifact) -> Result<InstancePre<RunState>, SandboxError> {
        if let Some(pre) = self.modules.lock().unwrap_or_else(|e| e.into_inner()).get(&artifact.key) {
            return Ok(pre.clone());
        }
        let module = self.load_module(&artifact.path)?;
        let pre = self.linker.instantiate_pre(&module).map_err(|e| SandboxError::Wasm(format!("{e:#}")))?;
        self.modules.lock().unwrap_or_else(|e| e.into_inner()).insert(artifact.key.clone(), pre.clone());
        Ok(pre)
    }

    /// Loads the machine code precompiled next to the `.wasm` file, or
    /// compiles the module and stores that machine code for next time.
    fn load_module(&self, wasm: &Path) -> Result<Module, SandboxError> {
        let precompiled = wasm.with_extension("cwasm");
        if precompiled.is_file() {
            // SAFETY: the file was produced by `Module::serialize` in this
            // cache entry; wasmtime rejects files from other engine versions
            // or configurations, in which case we recompile below.
            if let Ok(module) = unsafe { Module::deserialize_file(&self.engine, &precompiled) } {
                return Ok(module);
            }
        }
        let module = Module::from_file(&self.engine, wasm).map_err(|e| SandboxError::Wasm(format!("{e:#}")))?;
        if let Ok(bytes) = module.serialize() {
            let dir = wasm.parent().unwrap_or(Path::new("."));
            if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) {
                use std::io::Write;
                if tmp.write_all(&bytes).is_ok() {
                    let _ = tmp.persist(&precompiled);
                }
            }
        }
        Ok(module)
    }

    pub(crate) fn run(&self, artifact: &Artifact, stdin: &[u8], limits: &Limits) -> Result<Outcome, SandboxError> {
        let pre = self.instance_pre(artifact)?;
        let output_cap = limits.output_bytes;
        // One byte over the cap tells "exactly at the cap" from "too much".
        let stdout = MemoryOutputPipe::new(output_cap + 1);
        let stderr = MemoryOutputPipe::new(output_cap + 1);
        // No preopened directories, no environment, no arguments.
        let wasi = WasiCtxBuilder::new()
            .stdin(MemoryInputPipe::new(stdin.to_vec()))
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .secure_random(deterministic_random())
            .insecure_random(deterministic_random())
            .insecure_random_seed(0)
            .build_p1();
        let memory = MemoryLimiter { limit: limits.memory_bytes as usize, peak: 0, denied: false };
        let mut store = Store::new(&self.engine, RunState { wasi, memory });
        store.limiter(|s| &mut s.memory);
        store.set_fuel(limits.fuel).map_err(|e| SandboxError::Wasm(e.to_string()))?;
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(|_| Ok(UpdateDeadline::Yield(1)));

        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
        let started = Instant::now();
        let result = runtime.block_on(async {
            tokio::time::timeout(limits.timeout, async {
                let instance = pre.instantiate_async(&mut store).await?;
                let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
                start.call_async(&mut store, ()).await
            })
            .await
        });
        let wall_ms = started.elapsed().as_secs_f64() * 1e3;

        let fuel = limits.fuel - store.get_fuel().unwrap_or(0);
        let state = store.data();
        let out = stdout.contents();
        let err = stderr.contents();
        let too_large = out.len() > output_cap || err.len() > output_cap;
        let stderr_text = lossy(&err[..err.len().min(output_cap)]);

        let (status, message, exit_code) = match result {
            _ if too_large => (Status::OutputTooLarge, Some(format!("output exceeded {output_cap} bytes")), None),
            Err(_elapsed) => {
                (Status::Timeout, Some(format!("wall-clock deadline of {:?} passed", limits.timeout)), None)
            }
            Ok(Ok(())) => (Status::Ok, None, Some(0)),
            Ok(Err(error)) => classify(&error, state.memory.denied, &stderr_text, limits),
        };
        Ok(Outcome {
            status,
            message,
            exit_code,
            stdout: lossy(&out[..out.len().min(output_cap)]),
            stderr: stderr_text,
            fuel: Some(fuel),
            wall_ms,
            peak_memory_bytes: Some(state.memory.peak as u64),
            cpu_ms: None,
            threads: Some(1),
            diagnostics: Vec::new(),
        })
    }
}

fn classify(
    error: &wasmtime::Error,
    memory_denied: bool,
    stderr: &str,
    limits: &Limits,
) -> (Status, Option<String>, Option<i32>) {
    if let Some(exit) = error.downcast_ref::<I32Exit>() {
        return match exit.0 {
            0 => (Status::Ok, None, Some(0)),
            code => (Status::NonZeroExit, Some(format!("exited with code {code}")), Some(code)),
        };
    }
    if memory_denied {
        return (Status::OutOfMemory, Some(format!("memory cap of {} bytes reached", limits.memory_bytes)), None);
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => (Status::OutOfFuel, Some(format!("fuel budget of {} exhausted", limits.fuel)), None),
        Some(Trap::Interrupt) => {
            (Status::Timeout, Some(format!("wall-clock deadline of {:?} passed", limits.timeout)), None)
        }
        Some(Trap::StackOverflow) => (Status::Trap, Some("stack overflow".into()), None),
        Some(trap) => match panic_message(stderr) {
            Some(panic) => (Status::Panic, Some(panic), None),
            None => (Status::Trap, Some(trap.to_string()), None),
        },
        None => (Status::Trap, Some(format!("{error:#}")), None),
    }
}
