//! Running native artifacts in a confined child process, for wall-clock timing.
//!
//! Each run gets a fresh directory that becomes its root (`chroot`), a new
//! network namespace, an unprivileged user of its own with `RLIMIT_NPROC = 1`
//! (so no threads, no processes), CPU-time, address-space and file-size
//! limits, an empty environment, and pipes with caps. The whole process
//! group is killed at the deadline.

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::compile::Artifact;
use crate::error::SandboxError;
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
    next_uid: AtomicU32,
}

impl NativeRunner {
    pub(crate) fn new(runs_dir: PathBuf) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(&runs_dir)?;
        // The run directories live under here and must be reachable by the
        // unprivileged run users.
        std::fs::set_permissions(&runs_dir, std::fs::Permissions::from_mode(0o711))?;
        // SAFETY: geteuid has no preconditions.
        let isolation = if unsafe { libc::geteuid() } == 0 { Isolation::Root } else { Isolation::UserNamespace };
        Ok(NativeRunner { runs_dir, isolation, next_uid: AtomicU32::new(std::process::id() % UID_COUNT) })
    }

    pub(crate) fn run(&self, artifact: &Artifact, stdin: &[u8], limits: &Limits) -> Result<Outcome, SandboxError> {
        let run_dir = tempfile::Builder::new().prefix("run-").tempdir_in(&self.runs_dir)?;
        std::fs::set_permissions(run_dir.path(), std::fs::Permissions::from_mode(0o711))?;
        let binary = run_dir.path().join("main");
        if std::fs::hard_link(&artifact.path, &binary).is_err() {
            std::fs::copy(&artifact.path, &binary)?;
        }
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o555))?;

        let confinement = Confinement::new(self.isolation, run_dir.path(), limits, self.pick_uid())?;
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
        let killer = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(timeout) {
                // SAFETY: as above, the child is not reaped yet.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                return true;
            }
            false
        });

        // Wait for the exit without reaping, so that the pid (and group id)
        // cannot be reused while the killer or the readers may still signal it.
        wait_exited(pid)?;
        let wall_ms = started.elapsed().as_secs_f64() * 1e3;
        let _ = stop_killer.send(());
        let timed_out = killer.join().unwrap_or(false);
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
            classify(raw_status, &stderr, limits)
        };
        Ok(Outcome {
            status,
            message,
            exit_code,
            stdout: lossy(&out[..out.len().min(cap)]),
            stderr,
            fuel: None,
            wall_ms,
            peak_memory_bytes: Some(usage.ru_maxrss as u64 * 1024),
            diagnostics: Vec::new(),
        })
    }

    fn pick_uid(&self) -> u32 {
        UID_BASE + self.next_uid.fetch_add(1, Ordering::Relaxed) % UID_COUNT
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

fn classify(raw: libc::c_int, stderr: &str, limits: &Limits) -> (Status, Option<String>, Option<i32>) {
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
        libc::SIGXCPU | libc::SIGKILL => {
            (Status::Timeout, Some(format!("CPU-time limit of {:?} reached", limits.timeout)), None)
        }
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
}

impl Confinement {
    fn new(isolation: Isolation, root: &Path, limits: &Limits, uid: u32) -> Result<Self, SandboxError> {
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
            cpu_seconds: limits.timeout.as_secs() + 1,
            address_space: limits.memory_bytes,
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
            // Only after the uid switch: the new user owns exactly one
            // process, this one, so any fork or thread creation fails.
            set_limit(libc::RLIMIT_NPROC, 1, 1)?;
        }
        Ok(())
    }
}

unsafe fn set_limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> std::io::Result<()> {
    let limit = libc::rlimit { rlim_cur: soft, rlim_max: hard };
    // SAFETY: `limit` is a valid rlimit.
    if unsafe { libc::setrlimit(resource, &limit) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

unsafe fn write_proc(path: &std::ffi::CStr, data: &[u8]) -> std::io::Result<()> {
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
