//! A package's hot functions, found by profiling a command (its benchmarks)
//! with Linux `perf`.
//!
//! [`record`] runs the command under `perf record`; [`read`] turns the
//! recording into a [`Profile`] through `perf script` and [`rank`], which
//! ranks the package's own functions (not its dependencies', not std's) by
//! inclusive time (in them and in everything they call) and self time.
//!
//! # How the call graphs are taken
//!
//! * Event: `cpu-clock`, a software timer. It works in virtual machines,
//!   which have no hardware counters, and with `perf_event_paranoid` 2 for
//!   an unprivileged user's own processes (perf then samples user mode
//!   only). Sampled at 999 Hz, off the beat of 1 ms timers.
//! * Unwinding: `--call-graph dwarf`, which copies 8 KiB of stack per
//!   sample and unwinds it afterwards with the binaries' `.eh_frame`, so it
//!   needs no rebuild. Frames beyond those 8 KiB (deep recursion, large
//!   arrays on the stack) are lost: the outer callers then miss samples,
//!   the functions nearer the sample do not. Frame pointers (`-C
//!   force-frame-pointers=yes`) were tried and rejected: they need every
//!   dependency rebuilt with other `RUSTFLAGS`, and glibc has none, so a
//!   sample in `malloc` or `free` loses its whole chain and allocation, the
//!   very cost of code such as a table allocated per call, is credited to
//!   no function of the package.
//! * Inlined functions: in a release build small functions are inlined
//!   into their callers (`numeric::mean` into `numeric::variance` into
//!   `numeric::describe`; `strdist::correct_all`'s closure into std's
//!   `collect`), so the symbol table alone credits their time to the
//!   caller. perf's DWARF unwinder reports the inlined frames too, as
//!   `NAME (inlined)` lines before the frame they are inlined into, when
//!   the binary has debug information with the functions' scopes: `debug =
//!   "limited"`. `debug = "line-tables-only"` is not enough: its inlined
//!   frames carry bare names such as `correct_all`, which name no crate.
//!   The caller builds the benchmarks with it for the package's own crates
//!   only, `--config 'profile.bench.package.NAME.debug="limited"'` (or for
//!   everything, `CARGO_PROFILE_BENCH_DEBUG=limited`); without it the
//!   ranking still works, but an inlined function's time is its caller's.
//!   (With frame pointers, `perf script --inline`, which resolves inlining
//!   through `addr2line`, added no frame with Debian's perf 6.1, built
//!   without libbfd.)
//! * The command should be a benchmark binary itself, not `cargo bench`:
//!   under perf, cargo and rustc would be profiled too. For criterion,
//!   `BENCH --bench --profile-time SECONDS` (1 at least) runs each
//!   benchmark for that long without analysing or saving anything.
//!
//! Cost, measured on the 2-core development machine with the examples of
//! `examples/crates/`: `limited` debug information for the package's crates
//! adds about a second to building its benchmark, and none to its
//! dependencies (`CARGO_PROFILE_BENCH_DEBUG=limited` would rebuild them
//! all: about 30 s with criterion). Recording adds about a second to the
//! run (4.0 s to 5.1 s for two benchmarks of 2 s) and writes about 7 MB per
//! second of it; `perf script` and the ranking take about a second for the
//! 4,000 samples of such a run.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use sandbox::{Container, ExecJob, Exit};
use serde::{Deserialize, Serialize};

/// The perf executable, found on `PATH`.
const PERF: &str = "perf";

/// Samples per second: off the beat of 1 ms timers, so that sampling does
/// not fall in step with periodic work.
const FREQUENCY: &str = "999";

/// How much of perf's error output an error keeps (its end).
const STDERR_TAIL: usize = 4000;

/// One function of the package and its share of the samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotspot {
    /// As a user names it: `strdist::levenshtein`, `numeric::Matrix::mul`,
    /// `<numeric::Stats as core::fmt::Debug>::fmt`; generic arguments and
    /// closures left out (a closure's time is its enclosing function's).
    pub function: String,
    /// Share of all samples with the function on the stack, itself or
    /// below it: 0 to 1.
    pub inclusive: f64,
    /// Share of all samples in which it is the innermost function of the
    /// package on the stack: its own code and what it calls outside the
    /// package (std, dependencies, the allocator), 0 to 1. The self shares
    /// add up to the share of samples in the package.
    pub self_share: f64,
    /// Samples with the function on the stack (those of `inclusive`).
    pub samples: u64,
}

/// The package's functions by inclusive share, highest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Sorted by `inclusive`, descending (then by self share, then name).
    pub hotspots: Vec<Hotspot>,
    /// Every sample of the recording, in the package or not.
    pub samples: u64,
}

/// Why marco could not profile (the command's own failure included: a
/// benchmark that fails cannot be profiled).
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "perf is not installed: marco finds a package's hot functions with it (Debian: apt-get install linux-perf)"
    )]
    PerfMissing,
    #[error("nothing to profile: the command is empty")]
    EmptyCommand,
    #[error("cannot run perf: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("cannot start perf in the container: {0}")]
    Container(#[from] sandbox::SandboxError),
    #[error("cannot prepare {path}: {source}")]
    Data { path: PathBuf, source: std::io::Error },
    #[error("the profiled command ran over {0:?} and was stopped")]
    Timeout(Duration),
    #[error("perf record (or the command it ran) failed, {status}: {stderr}")]
    Record { status: String, stderr: String },
    #[error("perf script failed, {status}: {stderr}")]
    Script { status: ExitStatus, stderr: String },
}

/// One recording: `command` (its program and arguments) run in `cwd`
/// inside the container under `perf record`, into `data`.
pub struct Recording<'a> {
    pub command: &'a [String],
    pub cwd: &'a Path,
    /// Directories the command may write besides `data`'s (criterion's
    /// output under its target directory).
    pub writable: Vec<&'a Path>,
    /// For a command that runs Cargo (a workload): its target directory.
    pub cargo_target_dir: Option<&'a Path>,
    pub data: &'a Path,
    pub timeout: Duration,
}

/// Records under `perf record`, with DWARF call graphs, replacing any file
/// at `data`. perf runs inside `container` with the command: the command
/// is the package's code, and in a `marco serve` job nobody here wrote it.
/// Its output is discarded; past the timeout, the container's processes
/// are killed.
pub fn record(container: &Container, recording: &Recording<'_>) -> Result<(), ProfileError> {
    if recording.command.is_empty() {
        return Err(ProfileError::EmptyCommand);
    }
    let data = recording.data;
    let dir = data.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| ProfileError::Data { path: dir.into(), source })?;
    let data = std::path::absolute(data).map_err(|source| ProfileError::Data { path: data.into(), source })?;
    // perf would keep an older recording as `data.old`.
    match std::fs::remove_file(&data) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
            return Err(ProfileError::Data { path: data, source });
        }
        _ => {}
    }
    let mut args: Vec<String> =
        ["record", "-e", "cpu-clock", "-F", FREQUENCY, "--call-graph", "dwarf"].map(String::from).to_vec();
    // Otherwise perf copies every binary it saw into ~/.debug.
    args.push("--no-buildid-cache".into());
    args.extend(["-o".into(), data.display().to_string(), "--".into()]);
    args.extend(recording.command.iter().cloned());
    let mut writable = recording.writable.clone();
    writable.push(dir);
    let job = ExecJob {
        program: &perf()?,
        args,
        cwd: recording.cwd,
        writable,
        env: Vec::new(),
        cargo_target_dir: recording.cargo_target_dir,
        timeout: recording.timeout,
    };
    let finished = container.exec(&job)?;
    match finished.exit {
        Exit::Code(0) => Ok(()),
        Exit::TimedOut => Err(ProfileError::Timeout(recording.timeout)),
        Exit::Code(code) => {
            Err(ProfileError::Record { status: format!("exit code {code}"), stderr: tail(finished.stderr.as_bytes()) })
        }
        Exit::Signal(signal) => Err(ProfileError::Record {
            status: format!("killed by signal {signal}"),
            stderr: tail(finished.stderr.as_bytes()),
        }),
    }
}

/// perf's path on the host, which the container shows at the same path.
fn perf() -> Result<PathBuf, ProfileError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(PERF))
        .find(|candidate| candidate.is_file())
        .ok_or(ProfileError::PerfMissing)
}

/// The ranking of `crates`' functions (crate names as in paths, with `_`)
/// in the recording `data`, through `perf script`.
pub fn read(data: &Path, crates: &[&str]) -> Result<Profile, ProfileError> {
    let output = Command::new(PERF)
        .arg("script")
        // The recording belongs to the container's user, not to marco's.
        .arg("--force")
        .arg("-i")
        .arg(data)
        // Only what `rank` reads, whatever the user's perf configuration.
        .args(["-F", "comm,tid,time,event,ip,sym,dso"])
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)?;
    if !output.status.success() {
        return Err(ProfileError::Script { status: output.status, stderr: tail(&output.stderr) });
    }
    Ok(rank(&String::from_utf8_lossy(&output.stdout), crates))
}

/// Ranks the functions of `crates` (crate names as in paths, with `_`) in
/// `perf script` output with call chains: each sample a line that does not
/// start with whitespace, then its frames, innermost first, one a line
/// (`ADDRESS SYMBOL[+OFFSET] (DSO)`, or `(inlined)` for a frame inlined into
/// the next). A function counts once per sample however often it is on the
/// stack (recursion).
pub fn rank(perf_script: &str, crates: &[&str]) -> Profile {
    let samples = samples(perf_script);
    // Symbols repeat in every sample: each is named once, as the index of
    // its function in `functions` (None: not the package's).
    let mut function_of: HashMap<&str, Option<usize>> = HashMap::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut functions: Vec<String> = Vec::new();
    let mut inclusive: Vec<u64> = Vec::new();
    let mut own: Vec<u64> = Vec::new();
    let mut on_stack: HashSet<usize> = HashSet::new();
    for frames in &samples {
        on_stack.clear();
        let mut innermost = None;
        for symbol in frames {
            let function = *function_of.entry(symbol).or_insert_with(|| {
                let name = own_function(symbol, crates)?;
                Some(*index_of.entry(name.clone()).or_insert_with(|| {
                    functions.push(name);
                    inclusive.push(0);
                    own.push(0);
                    functions.len() - 1
                }))
            });
            let Some(function) = function else { continue };
            if on_stack.insert(function) {
                inclusive[function] += 1;
            }
            innermost.get_or_insert(function);
        }
        if let Some(function) = innermost {
            own[function] += 1;
        }
    }

    let total = samples.len() as u64;
    let share = |count: u64| if total == 0 { 0.0 } else { count as f64 / total as f64 };
    let mut hotspots: Vec<Hotspot> = functions
        .into_iter()
        .zip(inclusive.into_iter().zip(own))
        .map(|(function, (inclusive, own))| Hotspot {
            function,
            inclusive: share(inclusive),
            self_share: share(own),
            samples: inclusive,
        })
        .collect();
    hotspots.sort_by(|a, b| {
        b.samples.cmp(&a.samples).then(b.self_share.total_cmp(&a.self_share)).then_with(|| a.function.cmp(&b.function))
    });
    Profile { hotspots, samples: total }
}

impl Profile {
    /// The `top` hottest functions as a table, as `perf report --children`
    /// would show them: inclusive share, self share, samples, function.
    pub fn table(&self, top: usize) -> String {
        let mut table =
            format!("{} samples\n{:>9} {:>7} {:>8}  function\n", self.samples, "inclusive", "self", "samples");
        for hotspot in self.hotspots.iter().take(top) {
            let _ = writeln!(
                table,
                "{:>8.1}% {:>6.1}% {:>8}  {}",
                hotspot.inclusive * 100.0,
                hotspot.self_share * 100.0,
                hotspot.samples,
                hotspot.function
            );
        }
        table
    }
}

/// Each sample's frame symbols, innermost first (frames without a symbol
/// left out).
fn samples(perf_script: &str) -> Vec<Vec<&str>> {
    let mut samples: Vec<Vec<&str>> = Vec::new();
    for line in perf_script.lines() {
        if line.starts_with(char::is_whitespace) {
            if let (Some(frames), Some(symbol)) = (samples.last_mut(), frame_symbol(line)) {
                frames.push(symbol);
            }
        } else if !line.is_empty() {
            samples.push(Vec::new());
        }
    }
    samples
}

fn spawn_error(error: std::io::Error) -> ProfileError {
    if error.kind() == std::io::ErrorKind::NotFound { ProfileError::PerfMissing } else { ProfileError::Spawn(error) }
}

/// The end of a process's error output, where the reason usually is.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut start = text.len().saturating_sub(STDERR_TAIL);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_string()
}

/// The symbol of a frame line: `  a3bc8 strdist::nearest+0x88 (/path/bench)`
/// gives `strdist::nearest`; an unknown symbol gives None.
fn frame_symbol(line: &str) -> Option<&str> {
    let (address, rest) = line.trim().split_once(' ')?;
    if !address.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // The DSO, or `inlined`, in the last parentheses.
    let symbol = match rest.strip_suffix(')').and_then(|rest| rest.rsplit_once(" (")) {
        Some((symbol, _)) => symbol,
        None => rest,
    };
    let symbol = match symbol.rsplit_once("+0x") {
        Some((name, offset)) if offset.bytes().all(|b| b.is_ascii_hexdigit()) => name,
        _ => symbol,
    };
    (symbol != "[unknown]").then_some(symbol)
}

/// The function a demangled symbol names, as a user names it, when it
/// belongs to one of `crates`.
///
/// `strdist::nearest::{{closure}}` is `strdist::nearest`;
/// `numeric::Matrix<T>::mul` and v0's `<numeric::Matrix<f64>>::mul` are
/// `numeric::Matrix::mul`; `<numeric::Stats as core::fmt::Debug>::fmt`
/// stays, and belongs to the package through its type or its trait;
/// `numeric::sum::<f64>` is `numeric::sum`; a `::h0123...` hash or a
/// `.llvm.123` suffix is dropped. A plain path belongs to the crate it
/// starts with, and names a function only below a crate (so `main` or
/// `malloc` never do).
fn own_function(symbol: &str, crates: &[&str]) -> Option<String> {
    let symbol = symbol.split_once(".llvm.").map_or(symbol, |(name, _)| name);
    let symbol = match symbol.rsplit_once("::h") {
        Some((name, hash)) if hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => name,
        _ => symbol,
    };
    let mut name: Vec<String> = Vec::new();
    let mut owners: Vec<String> = Vec::new();
    for (position, segment) in path_segments(symbol).into_iter().enumerate() {
        if let Some(inner) = segment.strip_prefix('<').and_then(|inner| inner.strip_suffix('>')) {
            if position == 0 {
                // `<Type as Trait>`, or v0's `<Type>` for an inherent impl.
                match split_top_level(inner, " as ") {
                    Some((ty, tr)) => {
                        name.push(format!("<{} as {}>", without_generics(ty), without_generics(tr)));
                        owners.extend([crate_of(ty), crate_of(tr)]);
                    }
                    None => {
                        name.push(without_generics(inner));
                        owners.push(crate_of(inner));
                    }
                }
            } else if let Some(implementation) = inner.strip_prefix("impl ") {
                // `crate::module::<impl Trait for Type>::method`: the impl
                // is the module's, its name the qualified path.
                let qualified = match split_top_level(implementation, " for ") {
                    Some((tr, ty)) => format!("<{} as {}>", without_generics(ty), without_generics(tr)),
                    None => without_generics(implementation),
                };
                name = vec![qualified];
            }
            // Otherwise a turbofish's generic arguments: left out.
        } else if !segment.starts_with('{') {
            // Segments in braces (`{{closure}}`, `{closure#0}`,
            // `{shim:vtable#0}`) are left out: their time is the enclosing
            // function's.
            let segment = without_generics(segment);
            if position == 0 {
                owners.push(segment.clone());
            }
            name.push(segment);
        }
    }
    // A crate alone, or a qualifier alone, is no function.
    (name.len() >= 2 && owners.iter().any(|owner| crates.contains(&owner.as_str()))).then(|| name.join("::"))
}

/// The `::`-separated segments of a path, `::` inside `<...>` left alone.
fn path_segments(path: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            // The `>` of `->` closes nothing.
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                segments.push(&path[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push(&path[start..]);
    segments
}

/// `text` split at the first `separator` outside `<...>`.
fn split_top_level<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    for i in 0..bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' => depth = depth.saturating_sub(1),
            _ if depth == 0 && text[i..].starts_with(separator) => {
                return Some((&text[..i], &text[i + separator.len()..]));
            }
            _ => {}
        }
    }
    None
}

/// A path without its generic arguments and `{{...}}` markers:
/// `alloc::vec::Vec<T,A>` is `alloc::vec::Vec`,
/// `FnOnce::call_once{{vtable.shim}}` is `FnOnce::call_once`.
fn without_generics(path: &str) -> String {
    let mut bare = String::with_capacity(path.len());
    let (mut angles, mut braces) = (0usize, 0usize);
    let mut previous = ' ';
    for c in path.chars() {
        match c {
            '<' => angles += 1,
            '>' if previous == '-' => {}
            '>' => angles = angles.saturating_sub(1),
            '{' => braces += 1,
            '}' => braces = braces.saturating_sub(1),
            _ if angles == 0 && braces == 0 => bare.push(c),
            _ => {}
        }
        previous = c;
    }
    bare.trim().to_string()
}

/// The crate a type's path starts with (`&T`, `[T]` and the like name
/// none that is a crate).
fn crate_of(ty: &str) -> String {
    let bare = without_generics(ty);
    bare.split("::").next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `perf script` of the examples' benchmarks (`examples/crates/`), as
    /// `read` asks for it, recorded with `limited` debug information for the
    /// package: every 100th to 250th sample, cut below the benchmark's
    /// closure (criterion's and std's frames beneath are the same in every
    /// sample).
    const STRDIST: &str = include_str!("../../../tests/data/profile/strdist.txt");
    const NUMERIC: &str = include_str!("../../../tests/data/profile/numeric.txt");
    const KVPARSE: &str = include_str!("../../../tests/data/profile/kvparse.txt");

    /// Two whole samples in perf script's default format (symbol offsets,
    /// the kernel's frames, an unknown frame), from the strdist benchmark
    /// without debug information.
    const DEFAULT_FORMAT: &str = "\
distance-d95589 28674 23666.119161:    1001001 cpu-clock: 
\tffffffff81762562 userfaultfd_unmap_complete+0x52 ([kernel.kallsyms])
\tffffffff8161008d __do_sys_brk+0x3bd ([kernel.kallsyms])
\tffffffff8223df91 do_syscall_64+0x71 ([kernel.kallsyms])
\tffffffff81000130 entry_SYSCALL_64_after_hwframe+0x76 ([kernel.kallsyms])
\t           fdc47 __brk+0x7 (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t           fdd14 __GI___sbrk+0x94 (inlined)
\t           96041 __glibc_morecore+0x11 (inlined)
\t           96f98 sysmalloc+0x478 (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t           980bd _int_malloc+0xd5d (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t           99840 __libc_calloc+0x160 (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t           a33a6 strdist::levenshtein+0xa6 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           a39d8 strdist::nearest+0x88 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           a3ea6 <alloc::vec::Vec<T> as alloc::vec::spec_from_iter_nested::SpecFromIterNested<T,I>>::from_iter+0x106 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           a32ea strdist::correct_all+0x2a (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           9fe78 criterion::bencher::Bencher<M>::iter+0xb8 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           8edd8 <criterion::routine::Function<M,F,T> as criterion::routine::Routine<M,T>>::warm_up+0x68 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           918ea criterion::routine::Routine::profile+0x1ba (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           9b69a criterion::benchmark_group::BenchmarkGroup<M>::bench_function+0x5fa (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           96261 distance::main+0x221 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           9f9b2 std::sys::backtrace::__rust_begin_short_backtrace+0x2 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           9ef78 std::rt::lang_start::{{closure}}+0x8 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t          20eb13 std::rt::lang_start_internal+0x4c3 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           96b14 main+0x24 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t           27249 __libc_start_call_main+0x79 (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t           27304 __libc_start_main_impl+0x84 (inlined)
\t           7bd30 _start+0x20 (/work/target-examples/release/deps/distance-d95589906c0534d8)

distance-d95589 27486 23595.256655:    1001001 cpu-clock: 
\t          1f81d4 __rustc::__rdl_alloc+0x14 (/work/target-examples/release/deps/distance-d95589906c0534d8)
\t               0 [unknown] ([unknown])
";

    /// (function, inclusive samples, self samples), in ranking order.
    fn counts(profile: &Profile) -> Vec<(&str, u64, u64)> {
        profile
            .hotspots
            .iter()
            .map(|h| (h.function.as_str(), h.samples, (h.self_share * profile.samples as f64).round() as u64))
            .collect()
    }

    #[test]
    fn strdist_levenshtein_first_with_its_allocations() {
        let profile = rank(STRDIST, &["strdist"]);
        assert_eq!(profile.samples, 30);
        // correct_all's closure, inlined into std's collect, is correct_all's.
        assert_eq!(
            counts(&profile),
            vec![("strdist::levenshtein", 29, 29), ("strdist::correct_all", 14, 0), ("strdist::nearest", 14, 0)]
        );
        assert!((profile.hotspots[0].inclusive - 29.0 / 30.0).abs() < 1e-12);
    }

    #[test]
    fn numeric_names_the_functions_inlined_into_their_callers() {
        let profile = rank(NUMERIC, &["numeric"]);
        assert_eq!(profile.samples, 31);
        // mean is inlined into its callers, variance into describe and
        // correlation: without their inlined frames, their time would be
        // describe's, correlation's and moving_average's.
        assert_eq!(
            counts(&profile),
            vec![
                ("numeric::mean", 21, 21),
                ("numeric::variance", 10, 0),
                ("numeric::polynomial", 8, 8),
                ("numeric::moving_average", 8, 1),
                ("numeric::correlation", 8, 0),
                ("numeric::describe", 6, 0),
            ]
        );
    }

    #[test]
    fn kvparse_entry_point_first_then_the_scanners() {
        let profile = rank(KVPARSE, &["kvparse"]);
        assert_eq!(
            counts(&profile),
            vec![
                ("kvparse::parse", 30, 1),
                ("kvparse::strip_comment", 18, 18),
                ("kvparse::lookup", 16, 0),
                ("kvparse::unquote", 11, 11),
            ]
        );
    }

    #[test]
    fn dependencies_and_the_benchmark_are_not_the_package() {
        assert_eq!(rank(STRDIST, &["distance"]).hotspots[0].function, "distance::bench");
        assert!(rank(STRDIST, &["numeric"]).hotspots.is_empty());
        let criterion = rank(STRDIST, &["criterion"]);
        assert!(criterion.hotspots.iter().all(|h| h.function.contains("criterion::")), "{criterion:?}");
    }

    #[test]
    fn default_format_with_offsets_kernel_and_unknown_frames() {
        let profile = rank(DEFAULT_FORMAT, &["strdist"]);
        assert_eq!(profile.samples, 2);
        // Time in the allocator and the kernel is levenshtein's own.
        assert_eq!(
            counts(&profile),
            vec![("strdist::levenshtein", 1, 1), ("strdist::correct_all", 1, 0), ("strdist::nearest", 1, 0)]
        );
        assert_eq!(profile.hotspots[0].inclusive, 0.5);
        // A C function or main is no crate's.
        assert!(rank(DEFAULT_FORMAT, &["main", "__libc_calloc"]).hotspots.is_empty());
    }

    #[test]
    fn recursion_counts_once_per_sample() {
        let script = "\
bench 1 1.0: cpu-clock:
\t1 tree::depth (inlined)
\t1 tree::depth (/bench)
\t2 tree::depth::{{closure}} (/bench)
\t3 tree::depth (/bench)
\t4 tree::total (/bench)
\t5 main (/bench)

bench 1 2.0: cpu-clock:
\t6 malloc (/libc.so)
\t7 tree::total (/bench)
";
        let profile = rank(script, &["tree"]);
        assert_eq!(counts(&profile), vec![("tree::total", 2, 1), ("tree::depth", 1, 1)]);
        assert_eq!(profile.hotspots[0].inclusive, 1.0);
    }

    #[test]
    fn nothing_to_rank() {
        assert_eq!(rank("", &["strdist"]), Profile::default());
        assert_eq!(rank("bench 1 1.0: cpu-clock:\n", &["strdist"]).samples, 1);
    }

    #[test]
    fn names_as_a_user_writes_them() {
        let crates = ["numeric", "strdist"];
        for (symbol, name) in [
            ("strdist::levenshtein", "strdist::levenshtein"),
            ("strdist::levenshtein::h0123456789abcdef", "strdist::levenshtein"),
            ("strdist::levenshtein::h0123abcd", "strdist::levenshtein"),
            ("strdist::levenshtein.llvm.1234567", "strdist::levenshtein"),
            ("strdist::nearest::{{closure}}", "strdist::nearest"),
            ("strdist::nearest::{{closure}}::{{closure}}", "strdist::nearest"),
            ("strdist::nearest::{closure#0}", "strdist::nearest"),
            ("numeric::Matrix::mul", "numeric::Matrix::mul"),
            ("numeric::Matrix<T>::mul", "numeric::Matrix::mul"),
            ("<numeric::Matrix<f64>>::mul", "numeric::Matrix::mul"),
            ("numeric::sum::<f64>", "numeric::sum"),
            ("numeric::sum<f64>", "numeric::sum"),
            ("<numeric::Stats as core::fmt::Debug>::fmt", "<numeric::Stats as core::fmt::Debug>::fmt"),
            (
                "<numeric::Stats as core::fmt::Debug>::fmt::h0123456789abcdef",
                "<numeric::Stats as core::fmt::Debug>::fmt",
            ),
            ("<alloc::vec::Vec<T> as numeric::Summary>::summarise", "<alloc::vec::Vec as numeric::Summary>::summarise"),
            (
                "<numeric::Grid<T> as core::ops::index::Index<(usize, usize)>>::index",
                "<numeric::Grid as core::ops::index::Index>::index",
            ),
            ("numeric::<impl numeric::Summary for [f64]>::summarise", "<[f64] as numeric::Summary>::summarise"),
            ("numeric::apply::<fn(f64) -> f64>::{{closure}}", "numeric::apply"),
            (
                "<numeric::Stats as core::ops::FnOnce<()>>::call_once{{vtable.shim}}",
                "<numeric::Stats as core::ops::FnOnce>::call_once",
            ),
        ] {
            assert_eq!(own_function(symbol, &crates).as_deref(), Some(name), "{symbol}");
        }
        for symbol in [
            "numeric",
            "main",
            "malloc",
            "strdistance::levenshtein",
            "core::ptr::drop_in_place<numeric::Stats>",
            "<alloc::vec::Vec<T,A> as core::fmt::Debug>::fmt",
            "<&T as core::fmt::Debug>::fmt",
            "<T as alloc::borrow::ToOwned>::to_owned",
            "core::slice::<impl [T]>::len",
            "std::panicking::catch_unwind::<i32, &dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync>",
            "distance::bench::{{closure}}",
        ] {
            assert_eq!(own_function(symbol, &crates), None, "{symbol}");
        }
    }

    #[test]
    fn frames_parse_with_and_without_offsets() {
        assert_eq!(frame_symbol("\t a3bc8 strdist::nearest+0x88 (/bench)"), Some("strdist::nearest"));
        assert_eq!(frame_symbol("\t a3bc8 strdist::nearest (inlined)"), Some("strdist::nearest"));
        assert_eq!(
            frame_symbol(
                "\t 201713 <&dyn core::ops::function::Fn<(), Output = i32> as core::ops::function::FnOnce<()>>::call_once+0x4c3 (inlined)"
            ),
            Some("<&dyn core::ops::function::Fn<(), Output = i32> as core::ops::function::FnOnce<()>>::call_once")
        );
        assert_eq!(frame_symbol("\t 0 [unknown] ([unknown])"), None);
        assert_eq!(frame_symbol("\t not a frame"), None);
    }

    #[test]
    fn table_shows_shares_like_perf_report() {
        let table = rank(STRDIST, &["strdist"]).table(2);
        assert_eq!(
            table,
            "30 samples\n\
             inclusive    self  samples  function\n    \
                96.7%   96.7%       29  strdist::levenshtein\n    \
                46.7%    0.0%       14  strdist::correct_all\n"
        );
    }
}
