//! Running native artifacts in a confined child process, for wall-clock timing.
//!
//! Each run gets a fresh directory that becomes its root (`chroot`), a new
//! network namespace, an unprivileged user of its own, CPU-time,
//! address-space and file-size limits, an empty environment, and pipes with
//! caps. The whole process group is killed at the deadline.
//!
//! Threads: the run is pinned to `Limits::threads` cores (so
//! `available_parallelism`, and with it rayon, sees that many) and its user
//! may own that many threads besides the main one (`RLIMIT_NPROC`; with one
//! core, none). Processes: never; the seccomp filter of [`crate::guard`],
//! compiled into every native build, kills a candidate that forks or execs.

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::compile::Artifact;
use crate::error::SandboxError;
use crate::guard;
use crate::limits::Limits;
use crate::outcome::{Outcome, Status, lossy, panic_message};

/// Candidates run as uids from this range, one per concurrent run, so that
/// `RLIMIT_NPROC` counts only the run's own process.
const UID_BASE: u32 = 1_500_000;
const UID_COUNT: u32 = 100_000;

/// Size of the main thread's stack (the same room the WebAssembly stack gets).
pub(crate) const NATIVE_STACK_BYTES: u64 = 16 << 20;

/// How a child is confined; decided once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Isolation {
    /// Running as root: chroot, network namespace and a fresh uid.
    Root,
    /// Not root: an unprivileged user namespace provides the same.
    UserNamespace,
}

pub(crate) struct NativeRunner {
    runs_dir: PathBuf,
    isolation: Isolation,
    /// The cores this process may run on, in order; a run gets the first
    /// `Limits::threads` of them.
    cores: Vec<usize>,
}

/// How often the running child's thread count is sampled.
const THREAD_SAMPLE_INTERVAL: Duration = Duration::from_millis(2);

impl NativeRunner {
    pub(crate) fn new(runs_dir: PathBuf) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(&runs_dir)?;
        // The run directories live under here and must be reachable by the
        // unprivileged run users.
        std::fs::set_permissions(&runs_dir, std::fs::Permissions::from_mode(0o711))?;
        // SAFETY: geteuid has no preconditions.
        let isolation = if unsafe { libc::geteuid() } == 0 { Isolation::Root } else { Isolation::UserNamespace };
        Ok(NativeRunner { runs_dir, isolation, cores: allowed_cores()? })
    }

    pub(crate) fn run(&self, artifact: &Artifact, stdin: &[u8], limits: &Limits) -> Result<Outcome, SandboxError> {
        let run_dir = tempfile::Builder::new().prefix("run-").tempdir_in(&self.runs_dir)?;
        std::fs::set_permissions(run_dir.path(), std::fs::Permissions::from_mode(0o711))?;
        let binary = run_dir.path().join("main");
        if std::fs::hard_link(&artifact.path, &binary).is_err() {
            std::fs::copy(&artifact.path, &binary)?;
        }
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o555))?;

        let threads = (limits.threads.max(1) as usize).min(self.cores.len()) as u32;
        let cores = &self.cores[..threads as usize];
        let confinement =
            Confinement::new(self.isolation, run_dir.path(), limits, threads, artifact.tests, cores, self.pick_uid())?;
        let mut cmd = Command::new("/main");
        cmd.env_clear().stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
        // SAFETY: `Confinement::apply` only makes async-signal-safe system
        // calls on data prepared before the fork.
        unsafe { cmd.pre_exec(move || confinement.apply()) };

        let started = Instant::now();
        let mut child = cmd.spawn().map_err(|e| {
            SandboxError::Isolation(format!(
                "cannot confine the native run (it needs root, or unprivileged user namespaces, \
                 to chroot, unshare the network and drop privileges): {e}"
            ))
        })?;
        let pid = child.id() as libc::pid_t;
        let overflowed = Arc::new(AtomicBool::new(false));

        let mut child_stdin = child.stdin.take().expect("stdin is piped");
        let input = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            // The program may exit without reading its input.
            let _ = child_stdin.write_all(&input);
        });
        let capture = |pipe: Box<dyn Read + Send>| {
            let overflowed = Arc::clone(&overflowed);
            let cap = limits.output_bytes;
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = pipe.take(cap as u64 + 1).read_to_end(&mut buf);
                if buf.len() > cap {
                    overflowed.store(true, Ordering::SeqCst);
                    // SAFETY: the group is still ours: it is reaped only
                    // after these threads are joined.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                }
                buf
            })
        };
        let out_reader = capture(Box::new(child.stdout.take().expect("stdout is piped")));
        let err_reader = capture(Box::new(child.stderr.take().expect("stderr is piped")));

        let (stop_killer, stopped) = mpsc::channel::<()>();
        let timeout = limits.timeout;
        let deadline = started + timeout;
        // Kills the group at the deadline and, meanwhile, samples how many
        // threads the child runs: returns (timed out, most threads seen).
        let killer = std::thread::spawn(move || {
            let stat = format!("/proc/{pid}/stat");
            let mut most_threads = 1;
            loop {
                if let Some(threads) = std::fs::read_to_string(&stat).ok().as_deref().and_then(thread_count) {
                    most_threads = most_threads.max(threads);
                }
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    // SAFETY: as above, the child is not reaped yet.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                    return (true, most_threads);
                }
                match stopped.recv_timeout(left.min(THREAD_SAMPLE_INTERVAL)) {
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    _ => return (false, most_threads),
                }
            }
        });

        // Wait for the exit without reaping, so that the pid (and group id)
        // cannot be reused while the killer or the readers may still signal it.
        wait_exited(pid)?;
        let wall_ms = started.elapsed().as_secs_f64() * 1e3;
        let _ = stop_killer.send(());
        let (timed_out, most_threads) = killer.join().unwrap_or((false, 1));
        // Anything left in the group (there should be nothing) goes too.
        // SAFETY: the leader is a zombie, so the group id is still ours.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let out = out_reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        let _ = writer.join();
        let (raw_status, usage) = reap(pid)?;

        let cap = limits.output_bytes;
        let stderr = lossy(&err[..err.len().min(cap)]);
        let (status, message, exit_code) = if overflowed.load(Ordering::SeqCst) {
            (Status::OutputTooLarge, Some(format!("output exceeded {cap} bytes")), None)
        } else if timed_out {
            (Status::Timeout, Some(format!("wall-clock deadline of {timeout:?} passed")), None)
        } else {
            if libc::WIFEXITED(raw_status)
                && libc::WEXITSTATUS(raw_status) == guard::FAILED_EXIT_CODE
                && stderr.contains(guard::FAILED_MARKER)
            {
                return Err(SandboxError::Isolation(
                    "the kernel refused the seccomp filter that keeps native candidates from creating processes".into(),
                ));
            }
            classify(raw_status, &stderr, limits, threads)
        };
        let cpu = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
        Ok(Outcome {
            status,
            message,
            exit_code,
            stdout: lossy(&out[..out.len().min(cap)]),
            stderr,
            fuel: None,
            wall_ms,
            peak_memory_bytes: Some(usage.ru_maxrss as u64 * 1024),
            cpu_ms: Some(cpu(usage.ru_utime) + cpu(usage.ru_stime)),
            threads: Some(most_threads),
            diagnostics: Vec::new(),
        })
    }

    /// A uid no other run of this process is using. The counter is global,
    /// not per runner: two sandboxes in one process (tests, a server) would
    /// otherwise hand out the same uids, and each run's thread limit would
    /// count the other's threads.
    fn pick_uid(&self) -> u32 {
        static NEXT_UID: AtomicU32 = AtomicU32::new(0);
        let start = std::process::id() % UID_COUNT;
        UID_BASE + (start + NEXT_UID.fetch_add(1, Ordering::Relaxed)) % UID_COUNT
    }
}

fn wait_exited(pid: libc::pid_t) -> Result<(), SandboxError> {
    loop {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child; WNOWAIT leaves it unreaped.
        let rc = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(SandboxError::Io(err));
        }
    }
}

fn reap(pid: libc::pid_t) -> Result<(libc::c_int, libc::rusage), SandboxError> {
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid out-parameter.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our exited, unreaped child.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            return Ok((status, usage));
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(SandboxError::Io(err));
        }
    }
}

/// The `num_threads` field of a `/proc/PID/stat` line.
fn thread_count(stat: &str) -> Option<u32> {
    // The command name (field 2) may hold spaces and parentheses; the
    // fields after its closing parenthesis start at field 3 (state).
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(17)?.parse().ok()
}

/// The cores this process may run on.
fn allowed_cores() -> Result<Vec<usize>, SandboxError> {
    // SAFETY: a zeroed cpu_set_t is a valid, empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a valid out-parameter of the size given.
    if unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) } != 0 {
        return Err(SandboxError::Io(std::io::Error::last_os_error()));
    }
    // SAFETY: CPU_ISSET reads the set within its bounds.
    let cores: Vec<usize> = (0..libc::CPU_SETSIZE as usize).filter(|&c| unsafe { libc::CPU_ISSET(c, &set) }).collect();
    if cores.is_empty() {
        return Err(SandboxError::Isolation("this process may run on no core".into()));
    }
    Ok(cores)
}

fn classify(raw: libc::c_int, stderr: &str, limits: &Limits, threads: u32) -> (Status, Option<String>, Option<i32>) {
    let oom = || (Status::OutOfMemory, Some(format!("memory cap of {} bytes reached", limits.memory_bytes)), None);
    if libc::WIFEXITED(raw) {
        let code = libc::WEXITSTATUS(raw);
        return match code {
            0 => (Status::Ok, None, Some(0)),
            101 if panic_message(stderr).is_some() => (Status::Panic, panic_message(stderr), Some(101)),
            _ => (Status::NonZeroExit, Some(format!("exited with code {code}")), Some(code)),
        };
    }
    let signal = libc::WTERMSIG(raw);
    if stderr.contains("has overflowed its stack") {
        return (Status::Trap, Some("stack overflow".into()), None);
    }
    if stderr.contains("memory allocation of") {
        return oom();
    }
    match signal {
        libc::SIGSYS => (
            Status::Forbidden,
            Some(
                "tried to create a process or run a program (fork, vfork, execve or clone without \
                 CLONE_THREAD), which the sandbox forbids: use threads"
                    .into(),
            ),
            None,
        ),
        libc::SIGXCPU | libc::SIGKILL => (
            Status::Timeout,
            Some(format!("CPU-time limit of {:?} (x {threads} threads) reached", limits.timeout)),
            None,
        ),
        libc::SIGXFSZ => (Status::Trap, Some("tried to write a file".into()), None),
        libc::SIGABRT if panic_message(stderr).is_some() => (Status::Panic, panic_message(stderr), None),
        _ => (Status::Trap, Some(format!("killed by signal {signal} ({})", signal_name(signal))), None),
    }
}

fn signal_name(signal: libc::c_int) -> String {
    // SAFETY: strsignal returns a pointer to a static or thread-local string.
    let ptr = unsafe { libc::strsignal(signal) };
    if ptr.is_null() {
        return "unknown".into();
    }
    // SAFETY: non-null strsignal results are NUL-terminated.
    unsafe { std::ffi::CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

/// Everything the child needs to confine itself, prepared before the fork
/// because nothing may allocate between fork and exec.
struct Confinement {
    isolation: Isolation,
    root: CString,
    uid: u32,
    /// For user namespaces: the lines written to uid_map and gid_map.
    uid_map: Vec<u8>,
    gid_map: Vec<u8>,
    cpu_seconds: u64,
    address_space: u64,
    /// Threads (tasks) the run's user may own, main thread included.
    tasks: u64,
    cores: libc::cpu_set_t,
}

impl Confinement {
    fn new(
        isolation: Isolation,
        root: &Path,
        limits: &Limits,
        threads: u32,
        tests: bool,
        cores: &[usize],
        uid: u32,
    ) -> Result<Self, SandboxError> {
        let root = CString::new(root.as_os_str().as_encoded_bytes())
            .map_err(|_| SandboxError::Isolation("run directory path contains NUL".into()))?;
        // SAFETY: getuid/getgid have no preconditions.
        let (host_uid, host_gid) = unsafe { (libc::getuid(), libc::getgid()) };
        Ok(Confinement {
            isolation,
            root,
            uid,
            uid_map: format!("0 {host_uid} 1").into_bytes(),
            gid_map: format!("0 {host_gid} 1").into_bytes(),
            // All threads draw on one CPU-time budget: the wall budget on
            // every core it may use.
            cpu_seconds: (limits.timeout.as_secs() + 1) * threads as u64,
            address_space: limits.memory_bytes,
            // One core: the main thread alone, as before threads were
            // allowed. More: a worker per core and the main thread, which
            // is what rayon's pool and a `thread::scope` over every core use,
            // and for a test runner the thread libtest runs each test on
            // (with one core it runs them on the main thread instead).
            tasks: match (threads, tests) {
                (0 | 1, _) => 1,
                (n, false) => n as u64 + 1,
                (n, true) => n as u64 + 2,
            },
            cores: cpu_set(cores),
        })
    }

    fn apply(&self) -> std::io::Result<()> {
        fn check(rc: libc::c_int) -> std::io::Result<()> {
            if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
        }
        // SAFETY (whole block): plain system calls on owned, NUL-terminated
        // data; no allocation on the success path.
        unsafe {
            match self.isolation {
                Isolation::Root => {
                    check(libc::unshare(libc::CLONE_NEWNET))?;
                }
                Isolation::UserNamespace => {
                    check(libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET))?;
                    write_proc(c"/proc/self/setgroups", b"deny")?;
                    write_proc(c"/proc/self/uid_map", &self.uid_map)?;
                    write_proc(c"/proc/self/gid_map", &self.gid_map)?;
                }
            }
            check(libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &self.cores))?;
            check(libc::chroot(self.root.as_ptr()))?;
            check(libc::chdir(c"/".as_ptr()))?;
            set_limit(libc::RLIMIT_CPU, self.cpu_seconds, self.cpu_seconds + 1)?;
            set_limit(libc::RLIMIT_AS, self.address_space, self.address_space)?;
            set_limit(libc::RLIMIT_FSIZE, 0, 0)?;
            set_limit(libc::RLIMIT_CORE, 0, 0)?;
            set_limit(libc::RLIMIT_NOFILE, 64, 64)?;
            set_limit(libc::RLIMIT_STACK, NATIVE_STACK_BYTES, NATIVE_STACK_BYTES)?;
            if self.isolation == Isolation::Root {
                check(libc::setgroups(0, std::ptr::null()))?;
                check(libc::setgid(self.uid))?;
                check(libc::setuid(self.uid))?;
            }
            // Only after the uid switch: the new user owns exactly this
            // process, so it counts this run's threads and nothing else.
            set_limit(libc::RLIMIT_NPROC, self.tasks, self.tasks)?;
        }
        Ok(())
    }
}

fn cpu_set(cores: &[usize]) -> libc::cpu_set_t {
    // SAFETY: a zeroed cpu_set_t is a valid, empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &core in cores {
        // SAFETY: the cores came from sched_getaffinity, within CPU_SETSIZE.
        unsafe { libc::CPU_SET(core, &mut set) };
    }
    set
}

pub(crate) unsafe fn set_limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> std::io::Result<()> {
    let limit = libc::rlimit { rlim_cur: soft, rlim_max: hard };
    // SAFETY: `limit` is a valid rlimit.
    if unsafe { libc::setrlimit(resource, &limit) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

pub(crate) unsafe fn write_proc(path: &std::ffi::CStr, data: &[u8]) -> std::io::Result<()> {
    // SAFETY: open/write/close on a NUL-terminated path and a live buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let written = libc::write(fd, data.as_ptr().cast(), data.len());
        libc::close(fd);
        if written != data.len() as isize {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}
