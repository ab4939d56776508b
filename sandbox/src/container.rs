//! Cargo, and the programs it builds, inside a bubblewrap container.
//!
//! A Cargo package is optimised by splicing candidate function bodies (an
//! LLM's, untrusted) into a private copy of it and running `cargo build`,
//! `test` or `bench` there. Cargo, rustc, the linker, build scripts and test
//! binaries all start processes, so the single-process native sandbox
//! (seccomp forbids `fork`) cannot hold them: they run under bubblewrap
//! (`bwrap`) instead. The user's package is trusted as much as its own
//! `cargo build`; the candidate is not, so everything in the container is
//! treated as hostile.
//!
//! What the container is:
//!
//! * **Namespaces**: its own mount, PID, network, IPC, UTS and (where the
//!   kernel has them) cgroup namespaces. The network namespace holds only a
//!   loopback device, so there is no network at all, not even to the host's
//!   `127.0.0.1`. The PID namespace hides every host process and is what the
//!   timeout kills (below).
//! * **User**: uid and gid 1000 inside, with no capabilities (bounding set
//!   empty, `no_new_privs`) and no way to create a user namespace of its own
//!   (a large part of the kernel's attack surface). Outside, that
//!   user is an unprivileged uid, never root:
//!   - marco not root: bwrap's own user namespace maps it onto marco's uid,
//!     so files the container writes belong to the caller.
//!   - marco root: mapping onto root would make the container the owner of
//!     every root-owned file it can see, and exempt it from `RLIMIT_NPROC`
//!     (the kernel never applies that limit to uid 0). So the container
//!     runs as host uid [`HOST_UID`], through a user namespace made once per
//!     [`Container`]: bwrap does its setup there as root (it must read the
//!     toolchain under `/root`, which that uid cannot), then `setpriv` drops
//!     to the unprivileged user before anything of the package runs. The
//!     package and target directories are handed to that uid (`chown`)
//!     before each job, and what the container writes there belongs to it;
//!     root, the caller, reads and removes it as any other file.
//! * **Files**: a fresh root with, read-only, `/usr` (and `/bin`, `/lib*`
//!   as they are on the host), the few files of `/etc` the linker needs
//!   (`ld.so.cache`, `ld.so.conf*`, `alternatives`), the toolchain's sysroot
//!   and Cargo's registry sources; writable, only the job's directories (the
//!   package copy and the target directory), a private `/tmp` and a private
//!   `CARGO_HOME` (a tmpfs, for Cargo's lock files, with the registry bound
//!   into it read-only). Every host path appears at its own path, so
//!   artifacts and messages name the same files inside and out. Nothing
//!   else of the host is there: not `/root`, `/home`, the rest of `/etc` or
//!   the directories around the package; the user's `~/.cargo/config.toml`
//!   and credentials neither.
//! * **Environment**: empty but for `PATH` (the toolchain, `/usr/bin`,
//!   `/bin`) and `HOME=/tmp`, Cargo's own variables for a Cargo job, and
//!   what the job adds. marco's environment (API keys) never enters.
//! * **Limits**: a wall-clock timeout that kills the whole PID namespace
//!   (and whatever a job leaves running dies when it ends, before the call
//!   returns); [`ContainerConfig::tasks`] processes and threads (`RLIMIT_NPROC`,
//!   against fork bombs); files of at most 16 GiB each (`RLIMIT_FSIZE`);
//!   no core dumps; `/tmp` at most 2 GiB. There is no address-space limit:
//!   rustc and test binaries reserve address space freely (a limit that
//!   suits one candidate's rustc does not suit a whole package's), and
//!   without cgroups a per-process limit would not bound the total anyway.
//!
//! A failed build or test is a [`Finished`] with a non-zero [`Exit`]; only a
//! container that could not start is an `Err`. To tell the two apart even
//! when the command itself prints what bwrap prints, the first program
//! bwrap starts, a shell, writes one byte to a pipe only marco reads before
//! it runs the command: no byte, no start.

use std::collections::{BTreeSet, VecDeque};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::compile::BuildError;
use crate::error::SandboxError;
use crate::native::{set_limit, write_proc};

/// The container's uid and gid, as the programs inside see them.
const INSIDE_UID: u32 = 1000;

/// The host uid and gid the container runs as when marco is root. Outside
/// the range the native runner uses (1 500 000 and up), so the two never
/// count each other's processes.
pub const HOST_UID: u32 = 1_400_000;

/// The private `/tmp` holds at most this much (it is memory).
const TMP_BYTES: u64 = 2 << 30;

/// Largest file the container may write: far above any artifact, low enough
/// that one runaway writer stops long before most disks are full.
const FILE_BYTES: u64 = 16 << 30;

/// How long the kernel gets to clear a killed namespace before marco stops
/// waiting for it.
const KILL_GRACE: Duration = Duration::from_secs(10);

/// How long the check that a container can start here may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the descriptors marco hands to bwrap are placed in its process.
const READY_FD: RawFd = 3;
const INFO_FD: RawFd = 4;
const USERNS_FD: RawFd = 5;
/// From here up, every descriptor is closed when bwrap starts.
const FIRST_CLOSED_FD: RawFd = 6;

/// Where a directory tree is no longer handed over (real trees are far
/// shallower; each level holds a descriptor while it is walked).
const MAX_HAND_OVER_DEPTH: usize = 256;

/// What the clear error for a missing bwrap says.
const BWRAP_MISSING: &str = "bubblewrap (bwrap) is needed to build a package in isolation: apt-get install bubblewrap, or run scripts/bootstrap";

/// How a [`Container`] is set up.
#[derive(Debug, Clone)]
pub struct ContainerConfig {
    /// The bubblewrap executable; a bare name is looked up in `PATH`.
    pub bwrap: PathBuf,
    /// The `rustc` whose toolchain builds the package; a rustup proxy is
    /// fine, it is resolved once to the real toolchain.
    pub rustc: PathBuf,
    /// The host's Cargo home, whose `registry` (and `git`) the container
    /// reads. Dependencies must be there already: the container has no
    /// network.
    pub cargo_home: PathBuf,
    /// Bytes of stdout, and of stderr, kept per job; past it the middle is
    /// left out (the head has the first errors, the tail Cargo's summary
    /// and failing tests).
    pub output_limit: usize,
    /// Processes and threads the container may run at once
    /// (`RLIMIT_NPROC`), against fork bombs. When marco is root they are
    /// counted per container across its concurrent jobs; otherwise the
    /// kernel also counts every other process of marco's user, so keep it
    /// generous.
    pub tasks: u64,
}

impl Default for ContainerConfig {
    /// `bwrap` and `rustc` from `PATH`, `$CARGO_HOME` (else `~/.cargo`),
    /// 1 MiB of each output stream, 8192 tasks.
    fn default() -> Self {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| dirs::home_dir().map(|home| home.join(".cargo")))
            .unwrap_or_else(|| PathBuf::from(".cargo"));
        ContainerConfig {
            bwrap: PathBuf::from("bwrap"),
            rustc: PathBuf::from("rustc"),
            cargo_home,
            output_limit: 1 << 20,
            tasks: 8192,
        }
    }
}

/// A Cargo command in a package: `cargo SUBCOMMAND --offline --frozen ARGS...`.
#[derive(Debug, Clone)]
pub struct CargoJob<'a> {
    /// The package (or workspace) directory: the working directory, and
    /// writable. Pass a private copy: when marco is root it is handed to the
    /// container's user first.
    pub package: &'a Path,
    /// `CARGO_TARGET_DIR`, writable, created if missing; handed over like
    /// the package.
    pub target_dir: &'a Path,
    /// `build`, `test`, `bench`...
    pub subcommand: &'a str,
    pub args: Vec<String>,
    /// Added to the container's environment, last (so it may override).
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
}

/// An executable (a test or bench binary Cargo built) run in the container.
#[derive(Debug, Clone)]
pub struct ExecJob<'a> {
    /// The executable; shown read-only at its own path if no other part of
    /// the container shows it.
    pub program: &'a Path,
    pub args: Vec<String>,
    /// The working directory; shown read-only if nothing else shows it.
    pub cwd: &'a Path,
    /// Directories the program may write (handed over like a Cargo job's).
    pub writable: Vec<&'a Path>,
    /// Added to the container's environment, last.
    pub env: Vec<(String, String)>,
    /// For a program that runs Cargo (a workload such as `cargo run
    /// --release`): Cargo's environment, as a Cargo job has it, with this
    /// target directory, which is writable too.
    pub cargo_target_dir: Option<&'a Path>,
    pub timeout: Duration,
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command exited with this code.
    Code(i32),
    /// The command was killed by this signal. bwrap reports that as exit
    /// code 128 + N, as shells do, so a command that exits with such a code
    /// itself reads the same.
    Signal(i32),
    /// The timeout passed; everything in the container was killed.
    TimedOut,
}

/// What a job did.
#[derive(Debug, Clone)]
pub struct Finished {
    pub exit: Exit,
    /// At most [`ContainerConfig::output_limit`] bytes of each, decoded
    /// lossily.
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
}

impl Finished {
    /// True when the command exited with code 0.
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0)
    }
}

/// Runs Cargo and what it builds in bubblewrap: no network, none of the
/// host's files but the system, the toolchain and the registry (read-only)
/// and the job's own directories, an unprivileged user with no
/// capabilities, an empty environment, and a timeout that kills every
/// process the job started. The module's source says why each is so.
///
/// Cheap to share between threads; jobs may run concurrently when they
/// write different directories.
pub struct Container {
    bwrap: PathBuf,
    sysroot: PathBuf,
    cargo_home: PathBuf,
    output_limit: usize,
    tasks: u64,
    identity: Identity,
    /// The part of the container's filesystem every job shares.
    base: View,
}

/// Who the container runs as on the host.
enum Identity {
    /// marco is not root: bwrap's own user namespace maps the container's
    /// user onto marco's.
    Caller,
    /// marco is root: the container is [`HOST_UID`], in this user namespace
    /// (see [`user_namespace`]), reached through `setpriv`.
    Unprivileged { userns: OwnedFd, setpriv: PathBuf },
}

impl Container {
    /// Finds bwrap and the real toolchain behind `config.rustc` (its sysroot
    /// and the cargo in it, not rustup's proxies, which need the host's
    /// environment), and checks that a container starts here.
    pub fn new(config: ContainerConfig) -> Result<Self, SandboxError> {
        let bwrap = find_bwrap(&config.bwrap)?;
        let sysroot = sysroot(&config.rustc)?;
        for tool in ["rustc", "cargo"] {
            if !sysroot.join("bin").join(tool).is_file() {
                return Err(BuildError::Toolchain(format!(
                    "{tool} is not installed in the toolchain at {}",
                    sysroot.display()
                ))
                .into());
            }
        }
        let cargo_home = absolute(&config.cargo_home)?;
        // SAFETY: geteuid has no preconditions.
        let identity = if unsafe { libc::geteuid() } == 0 {
            Identity::Unprivileged { setpriv: find_setpriv()?, userns: user_namespace()? }
        } else {
            Identity::Caller
        };
        let base = View::base(&sysroot, &cargo_home);
        let container = Container {
            bwrap,
            sysroot,
            cargo_home,
            output_limit: config.output_limit,
            tasks: config.tasks,
            identity,
            base,
        };
        container.probe()?;
        Ok(container)
    }

    /// `cargo SUBCOMMAND --offline --frozen ARGS...` in `job.package`, with
    /// `CARGO_TARGET_DIR` = `job.target_dir`.
    pub fn cargo(&self, job: &CargoJob) -> Result<Finished, SandboxError> {
        fs::create_dir_all(job.target_dir)?;
        let package = fs::canonicalize(job.package)?;
        let target_dir = fs::canonicalize(job.target_dir)?;
        let mut view = self.base.clone();
        self.give(&mut view, &[&package, &target_dir])?;
        let mut command: Vec<OsString> = vec![self.sysroot.join("bin").join("cargo").into(), job.subcommand.into()];
        command.extend(["--offline", "--frozen"].map(OsString::from));
        command.extend(job.args.iter().map(OsString::from));
        let mut env = self.env();
        env.extend(self.cargo_env(target_dir));
        env.extend(job.env.iter().map(|(k, v)| (k.into(), v.into())));
        self.run(view, &package, command, env, job.timeout)
    }

    /// Runs `job.program` confined the same way as Cargo.
    pub fn exec(&self, job: &ExecJob) -> Result<Finished, SandboxError> {
        let program = fs::canonicalize(job.program)?;
        let cwd = fs::canonicalize(job.cwd)?;
        let mut writable = job.writable.iter().map(fs::canonicalize).collect::<io::Result<Vec<_>>>()?;
        let target_dir = match job.cargo_target_dir {
            Some(dir) => {
                fs::create_dir_all(dir)?;
                let dir = fs::canonicalize(dir)?;
                writable.push(dir.clone());
                Some(dir)
            }
            None => None,
        };
        let mut view = self.base.clone();
        self.give(&mut view, &writable.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
        // The directory first: it may hold the program.
        for path in [&cwd, &program] {
            if path != Path::new("/") && !view.shows(path) {
                view.ro_bind(path);
            }
        }
        let mut command = vec![program.into_os_string()];
        command.extend(job.args.iter().map(OsString::from));
        let mut env = self.env();
        if let Some(dir) = target_dir {
            env.extend(self.cargo_env(dir));
        }
        env.extend(job.env.iter().map(|(k, v)| (k.into(), v.into())));
        self.run(view, &cwd, command, env, job.timeout)
    }

    /// What Cargo needs besides [`Container::env`]: the private
    /// `CARGO_HOME`, the toolchain, `target_dir`, no network.
    fn cargo_env(&self, target_dir: PathBuf) -> Vec<(OsString, OsString)> {
        let bin = self.sysroot.join("bin");
        vec![
            ("CARGO_HOME".into(), self.cargo_home.clone().into()),
            ("RUSTC".into(), bin.join("rustc").into()),
            ("RUSTDOC".into(), bin.join("rustdoc").into()),
            ("CARGO_TARGET_DIR".into(), target_dir.into()),
            ("CARGO_NET_OFFLINE".into(), "true".into()),
            ("CARGO_TERM_COLOR".into(), "never".into()),
        ]
    }

    /// Starts the toolchain's rustc in a container: the clear error for a
    /// host where bwrap is installed but cannot confine anything (no user
    /// namespaces, an old bwrap, a seccomp policy that forbids namespaces).
    fn probe(&self) -> Result<(), SandboxError> {
        let rustc = self.sysroot.join("bin").join("rustc");
        let job = ExecJob {
            program: &rustc,
            args: vec!["-V".into()],
            cwd: Path::new("/"),
            writable: Vec::new(),
            env: Vec::new(),
            cargo_target_dir: None,
            timeout: PROBE_TIMEOUT,
        };
        let failed = |why: String| {
            SandboxError::Isolation(format!(
                "bubblewrap ({}) cannot start a container here (it needs bwrap 0.8 or later and user \
                 namespaces; inside Docker, run with --privileged or a seccomp profile that allows them): {why}",
                self.bwrap.display()
            ))
        };
        match self.exec(&job) {
            Ok(finished) if finished.success() => Ok(()),
            Ok(finished) => {
                Err(failed(format!("`rustc -V` ended with {:?}: {}", finished.exit, finished.stderr.trim())))
            }
            Err(SandboxError::Isolation(why)) => Err(failed(why)),
            Err(e) => Err(e),
        }
    }

    /// The environment every job starts from.
    fn env(&self) -> Vec<(OsString, OsString)> {
        let mut path = self.sysroot.join("bin").into_os_string();
        path.push(":/usr/bin:/bin");
        vec![("PATH".into(), path), ("HOME".into(), "/tmp".into())]
    }

    /// Makes `dirs` writable in `view`, first handing them to the
    /// container's user when it is not marco's.
    fn give(&self, view: &mut View, dirs: &[&Path]) -> Result<(), SandboxError> {
        for dir in dirs {
            // One inside another given directory is handed over with it.
            let nested = dirs.iter().any(|other| dir != other && dir.starts_with(other));
            if let Identity::Unprivileged { .. } = self.identity
                && !nested
            {
                hand_over(dir, HOST_UID)?;
            }
            view.bind(dir);
        }
        Ok(())
    }

    /// Runs `command` in a container showing `view`, in `cwd`.
    fn run(
        &self,
        view: View,
        cwd: &Path,
        command: Vec<OsString>,
        env: Vec<(OsString, OsString)>,
        timeout: Duration,
    ) -> Result<Finished, SandboxError> {
        let (ready_read, ready_pipe) = io::pipe()?;
        let (mut info_read, info_pipe) = io::pipe()?;
        // Numbered above where they are moved to, so that moving one cannot
        // overwrite another; marco's own ends are closed once bwrap runs.
        let ready_write = high_duplicate(ready_pipe.as_fd())?;
        let info_write = high_duplicate(info_pipe.as_fd())?;
        drop((ready_pipe, info_pipe));
        let userns = match &self.identity {
            Identity::Unprivileged { userns, .. } => Some(high_duplicate(userns.as_fd())?),
            Identity::Caller => None,
        };

        let mut args: Vec<OsString> = Vec::new();
        let flags = |args: &mut Vec<OsString>, flags: &[&str]| args.extend(flags.iter().map(OsString::from));
        let (inside, info_fd, userns_fd) = (INSIDE_UID.to_string(), INFO_FD.to_string(), USERNS_FD.to_string());
        flags(&mut args, &["--die-with-parent", "--new-session", "--info-fd", &info_fd]);
        flags(&mut args, &["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]);
        let mut argv: Vec<OsString> = Vec::new();
        match &self.identity {
            Identity::Caller => {
                flags(&mut args, &["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]);
                flags(&mut args, &["--uid", &inside, "--gid", &inside]);
            }
            Identity::Unprivileged { setpriv, .. } => {
                // Root in the namespace for the setup only, keeping the
                // capabilities setpriv needs to become the container's user;
                // it drops them all, and the bounding set, before the
                // command runs.
                flags(&mut args, &["--userns", &userns_fd, "--uid", "0", "--gid", "0", "--cap-drop", "ALL"]);
                flags(&mut args, &["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]);
                argv.push(setpriv.into());
                let (reuid, regid) = (format!("--reuid={INSIDE_UID}"), format!("--regid={INSIDE_UID}"));
                flags(&mut argv, &[&reuid, &regid, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"]);
            }
        }
        args.extend(view.args);
        // The skeleton bwrap made (mount points, their parents) is not the
        // container's to write.
        flags(&mut args, &["--remount-ro", "/", "--chdir"]);
        args.push(cwd.into());
        args.push("--".into());
        // The start signal, then the command without the descriptors it
        // has no business with.
        let shell = format!("printf x >&{READY_FD} && exec \"$@\" {READY_FD}>&- {USERNS_FD}>&-");
        flags(&mut argv, &["/bin/sh", "-c", &shell, "marco-container"]);
        argv.extend(command);
        args.extend(argv);

        let tasks = limit_within(libc::RLIMIT_NPROC, self.tasks);
        let file_bytes = limit_within(libc::RLIMIT_FSIZE, FILE_BYTES);
        let moves = [
            (ready_write.as_raw_fd(), READY_FD),
            (info_write.as_raw_fd(), INFO_FD),
            (userns.as_ref().map_or(-1, |fd| fd.as_raw_fd()), USERNS_FD),
        ];
        let mut cmd = Command::new(&self.bwrap);
        cmd.args(&args).env_clear().envs(env).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        // SAFETY: only dup2, close_range and setrlimit, which are
        // async-signal-safe, on values prepared before the fork.
        unsafe {
            cmd.pre_exec(move || {
                for (from, to) in moves {
                    if from >= 0 && libc::dup2(from, to) < 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                // Nothing else of marco's reaches the container: a
                // descriptor some library left inheritable would otherwise
                // pass through bwrap to the command.
                let flags = libc::CLOSE_RANGE_CLOEXEC as libc::c_long;
                if libc::syscall(
                    libc::SYS_close_range,
                    FIRST_CLOSED_FD as libc::c_long,
                    libc::c_long::from(u32::MAX),
                    flags,
                ) != 0
                {
                    return Err(io::Error::last_os_error());
                }
                set_limit(libc::RLIMIT_NPROC, tasks, tasks)?;
                set_limit(libc::RLIMIT_FSIZE, file_bytes, file_bytes)?;
                set_limit(libc::RLIMIT_CORE, 0, 0)?;
                Ok(())
            });
        }
        tracing::debug!("container: {} {:?}", self.bwrap.display(), args);

        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .map_err(|e| SandboxError::Isolation(format!("cannot start bubblewrap ({}): {e}", self.bwrap.display())))?;
        // Only bwrap holds them now: the pipes end when it is done with them.
        drop((ready_write, info_write, userns));
        let bwrap = match pidfd_open(child.id() as libc::pid_t) {
            Ok(bwrap) => bwrap,
            Err(e) => {
                // Not left running unwatched.
                let _ = child.kill();
                let _ = child.wait();
                return Err(SandboxError::Isolation(format!("cannot watch bubblewrap (pidfd_open, Linux 5.3): {e}")));
            }
        };
        // The PID namespace's first process, whose death takes every other
        // process of the namespace with it. None if bwrap failed before
        // making it.
        let init = init_pid(&mut info_read).and_then(|pid| pidfd_open(pid).ok());
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        let limit = self.output_limit;

        let (status, timed_out, wall, out, err) = std::thread::scope(|scope| {
            let out = scope.spawn(move || stdout.map(|pipe| capture(pipe, limit)).unwrap_or_default());
            let err = scope.spawn(move || stderr.map(|pipe| capture(pipe, limit)).unwrap_or_default());
            let (stop, stopped) = mpsc::channel::<()>();
            let (init, bwrap) = (init.as_ref(), &bwrap);
            let killer = scope.spawn(move || match stopped.recv_timeout(timeout) {
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Killing the namespace's first process makes the kernel
                    // kill the rest; bwrap exits once they are all gone.
                    pidfd_kill(init.unwrap_or(bwrap));
                    true
                }
                _ => false,
            });
            let status = child.wait();
            let wall = started.elapsed();
            let _ = stop.send(());
            let timed_out = killer.join().unwrap_or(false);
            // bwrap returns as soon as the command exits; anything the
            // command left running (a daemon, a stray child) dies with the
            // namespace's first process, here, before the job counts as done.
            if let Some(init) = init {
                pidfd_kill(init);
                if !pidfd_wait(init, KILL_GRACE) {
                    tracing::warn!("a container's processes outlived it by {KILL_GRACE:?}");
                }
            }
            (status, timed_out, wall, out.join().unwrap_or_default(), err.join().unwrap_or_default())
        });
        let status = status?;
        if !started_command(ready_read) {
            return Err(SandboxError::Isolation(format!(
                "bubblewrap could not set up the container ({status}): {}",
                lossy_trimmed(&err)
            )));
        }
        Ok(Finished {
            exit: if timed_out { Exit::TimedOut } else { exit_of(status) },
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
            wall,
        })
    }
}

/// The arguments that build the container's filesystem.
#[derive(Debug, Clone, Default)]
struct View {
    args: Vec<OsString>,
    /// Directories made so far (mode 0755: bwrap would otherwise copy the
    /// mode of the host directory, and `/root`'s 0700 would lock the
    /// container's user out of what is bound below it).
    made: BTreeSet<PathBuf>,
    /// Where something is mounted, in order, and whether it shows the
    /// host's own path there (a tmpfs does not). A mount hides the ones
    /// made below it before.
    mounts: Vec<(PathBuf, bool)>,
}

impl View {
    /// What every job sees: the system, the toolchain, the registry.
    fn base(sysroot: &Path, cargo_home: &Path) -> Self {
        let mut view = View::default();
        view.ro_bind(Path::new("/usr"));
        // Symbolic links into /usr on merged-/usr systems, directories on
        // others.
        for dir in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"].map(Path::new) {
            match fs::symlink_metadata(dir) {
                Ok(meta) if meta.is_symlink() => {
                    if let Ok(target) = fs::read_link(dir) {
                        view.symlink(&target, dir);
                    }
                }
                Ok(meta) if meta.is_dir() => view.ro_bind(dir),
                _ => {}
            }
        }
        // What the dynamic loader and `cc` (a Debian alternative) need.
        for file in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives"].map(Path::new) {
            if fs::symlink_metadata(file).is_ok() {
                view.ro_bind(file);
            }
        }
        view.args.extend(["--proc", "/proc", "--dev", "/dev"].map(OsString::from));
        view.tmpfs(Path::new("/tmp"), Some(TMP_BYTES));
        // Cargo writes lock files and its cache database into its home; the
        // registry's sources and index inside it stay read-only.
        view.tmpfs(cargo_home, None);
        for part in ["registry", "git"] {
            let dir = cargo_home.join(part);
            if dir.is_dir() {
                view.ro_bind(&dir);
            }
        }
        // Last, so that no tmpfs above can hide it.
        view.ro_bind(sysroot);
        view
    }

    /// Makes the missing ancestors of `dest` (not `dest` itself).
    fn parents(&mut self, dest: &Path) {
        let mut missing: Vec<&Path> =
            dest.ancestors().skip(1).filter(|a| *a != Path::new("/") && !self.made.contains(*a)).collect();
        missing.reverse();
        for dir in missing {
            self.args.extend(["--perms", "0755", "--dir"].map(OsString::from));
            self.args.push(dir.into());
            self.made.insert(dir.to_path_buf());
        }
    }

    /// Records a mount at `dest`, which hides whatever was made or mounted
    /// below it.
    fn mounted(&mut self, dest: &Path, host: bool) {
        self.made.retain(|dir| !dir.starts_with(dest));
        self.made.insert(dest.to_path_buf());
        self.mounts.retain(|(mount, _)| !mount.starts_with(dest));
        self.mounts.push((dest.to_path_buf(), host));
    }

    fn ro_bind(&mut self, path: &Path) {
        self.mount("--ro-bind", path);
    }

    fn bind(&mut self, path: &Path) {
        self.mount("--bind", path);
    }

    fn mount(&mut self, how: &str, path: &Path) {
        self.parents(path);
        self.args.extend([how.into(), path.into(), path.into()]);
        self.mounted(path, true);
    }

    /// A private, empty, world-writable (sticky) directory at `dest`.
    fn tmpfs(&mut self, dest: &Path, bytes: Option<u64>) {
        self.parents(dest);
        self.args.extend(["--perms", "1777"].map(OsString::from));
        if let Some(bytes) = bytes {
            self.args.extend(["--size".into(), bytes.to_string().into()]);
        }
        self.args.extend(["--tmpfs".into(), dest.into()]);
        self.mounted(dest, false);
    }

    fn symlink(&mut self, target: &Path, at: &Path) {
        self.parents(at);
        self.args.extend(["--symlink".into(), target.into(), at.into()]);
    }

    /// Whether the host's `path` is visible at its own place: the deepest
    /// mount above it shows the host.
    fn shows(&self, path: &Path) -> bool {
        self.mounts
            .iter()
            .filter(|(mount, _)| path.starts_with(mount))
            .max_by_key(|(mount, _)| mount.components().count())
            .is_some_and(|(_, host)| *host)
    }
}

/// `bwrap` as given, or found in `PATH` when it is a bare name; and able to
/// run.
fn find_bwrap(bwrap: &Path) -> Result<PathBuf, SandboxError> {
    let missing = |why: String| SandboxError::Isolation(format!("{BWRAP_MISSING} ({why})"));
    let found = if bwrap.components().count() == 1 {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|dir| dir.join(bwrap))
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| missing(format!("`{}` is not in PATH", bwrap.display())))?
    } else {
        absolute(bwrap)?
    };
    let out = Command::new(&found)
        .arg("--version")
        .env_clear()
        .output()
        .map_err(|e| missing(format!("cannot run `{}`: {e}", found.display())))?;
    if !out.status.success() {
        return Err(missing(format!("`{} --version` failed ({})", found.display(), out.status)));
    }
    Ok(found)
}

/// setpriv (util-linux), which the container starts with when marco is
/// root; it must lie where the container shows it.
fn find_setpriv() -> Result<PathBuf, SandboxError> {
    ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"]
        .map(PathBuf::from)
        .into_iter()
        .find(|path| path.is_file())
        .ok_or_else(|| {
            SandboxError::Isolation(
                "setpriv (util-linux) is needed to run a container as an unprivileged user when marco runs as root"
                    .into(),
            )
        })
}

/// The real toolchain behind `rustc` (which may be a rustup proxy).
fn sysroot(rustc: &Path) -> Result<PathBuf, SandboxError> {
    Ok(fs::canonicalize(crate::compile::sysroot(rustc)?)?)
}

/// `path` made absolute, and canonical when it exists.
fn absolute(path: &Path) -> Result<PathBuf, SandboxError> {
    Ok(fs::canonicalize(path).or_else(|_| std::path::absolute(path))?)
}

/// A user namespace where the host's root is root (bwrap sets the container
/// up as it, so it can read the toolchain under `/root`) and the container's
/// user is [`HOST_UID`], and where no further user namespace can be made.
///
/// A helper process enters a new user namespace and blocks; marco, root
/// outside, writes the mappings (only a process outside may, and only root
/// may map uids other than its own) and keeps a handle to the namespace,
/// which outlives the helper.
fn user_namespace() -> Result<OwnedFd, SandboxError> {
    let failed = |e: io::Error| SandboxError::Isolation(format!("cannot make the container's user namespace: {e}"));
    let mut holder = Command::new("/bin/cat");
    holder.env_clear().stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null());
    // SAFETY: unshare and open/write/close on static data, all
    // async-signal-safe.
    unsafe {
        holder.pre_exec(|| {
            if libc::unshare(libc::CLONE_NEWUSER) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The limit belongs to the new namespace: it binds everything in
            // it, and nothing in it has the capability to raise it again.
            write_proc(c"/proc/sys/user/max_user_namespaces", b"0")
        });
    }
    let mut holder = holder.spawn().map_err(failed)?;
    let pid = holder.id();
    let map = format!("0 0 1\n{INSIDE_UID} {HOST_UID} 1\n");
    let namespace = fs::write(format!("/proc/{pid}/uid_map"), &map)
        .and_then(|()| fs::write(format!("/proc/{pid}/gid_map"), &map))
        .and_then(|()| File::open(format!("/proc/{pid}/ns/user")));
    drop(holder.stdin.take());
    holder.wait().map_err(failed)?;
    Ok(namespace.map_err(failed)?.into())
}

/// Gives `dir` and everything in it to `uid` (as its group too), so that the
/// container's user can write there.
///
/// Each directory is opened without following symbolic links and its
/// entries are reached through `/proc/self/fd`, never by a path from the
/// top: a job that swapped a directory for a link to `/etc` while this runs
/// cannot make it change anything outside `dir`.
fn hand_over(dir: &Path, uid: u32) -> Result<(), SandboxError> {
    let top = open_directory(dir)
        .and_then(|top| std::os::unix::fs::fchown(&top, Some(uid), Some(uid)).map(|()| top))
        .map_err(|e| {
        SandboxError::Isolation(format!("cannot hand {} to the container's user (uid {uid}): {e}", dir.display()))
    })?;
    hand_over_entries(&top, uid, 0);
    Ok(())
}

/// The entries below the top are best effort: what the container cannot
/// write then makes the job fail, which is the candidate's to answer for
/// (only a previous job can have made such a tree).
fn hand_over_entries(dir: &File, uid: u32, depth: usize) {
    let here = PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd()));
    let entries = match fs::read_dir(&here) {
        Ok(entries) => entries,
        Err(e) => return tracing::warn!("cannot list a directory to hand over: {e}"),
    };
    for entry in entries.flatten() {
        let path = here.join(entry.file_name());
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        if (meta.uid() != uid || meta.gid() != uid)
            && let Err(e) = std::os::unix::fs::lchown(&path, Some(uid), Some(uid))
        {
            tracing::warn!("cannot hand {:?} over: {e}", entry.file_name());
        }
        if !meta.is_dir() {
            continue;
        }
        if depth == MAX_HAND_OVER_DEPTH {
            tracing::warn!("not handing over below {MAX_HAND_OVER_DEPTH} levels of directories");
            continue;
        }
        match open_directory(&path) {
            Ok(sub) => hand_over_entries(&sub, uid, depth + 1),
            Err(e) => tracing::warn!("cannot open {:?} to hand it over: {e}", entry.file_name()),
        }
    }
}

fn open_directory(path: &Path) -> io::Result<File> {
    File::options().read(true).custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW).open(path)
}

/// A close-on-exec copy of `fd` numbered above the descriptors bwrap gets.
fn high_duplicate(fd: BorrowedFd) -> io::Result<OwnedFd> {
    // SAFETY: fcntl on a live descriptor.
    let copy = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, FIRST_CLOSED_FD + 10) };
    if copy < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `copy` is a new descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(copy) })
}

/// `wanted`, or the hard limit if that is lower (raising it takes a
/// privilege marco may not have).
fn limit_within(resource: libc::__rlimit_resource_t, wanted: u64) -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `limit` is a valid out-parameter.
    if unsafe { libc::getrlimit(resource, &mut limit) } != 0 {
        return wanted;
    }
    wanted.min(limit.rlim_max)
}

/// The PID of the namespace's first process, from bwrap's `--info-fd`
/// (written as soon as bwrap has made it).
fn init_pid(info: &mut impl Read) -> Option<libc::pid_t> {
    #[derive(serde::Deserialize)]
    struct Info {
        #[serde(rename = "child-pid")]
        child_pid: libc::pid_t,
    }
    let mut text = Vec::new();
    info.read_to_end(&mut text).ok()?;
    serde_json::from_slice::<Info>(&text).ok().map(|info| info.child_pid)
}

/// Whether the shell bwrap started said so: bwrap then finished its setup.
fn started_command(mut ready: impl Read) -> bool {
    let mut byte = [0u8; 1];
    matches!(ready.read(&mut byte), Ok(1))
}

fn pidfd_open(pid: libc::pid_t) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open has no memory arguments.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel just made this descriptor for us.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// SIGKILL through a pidfd, which cannot reach a process that reused the
/// PID. A process already gone is fine.
fn pidfd_kill(process: &OwnedFd) {
    // SAFETY: no siginfo is passed.
    unsafe {
        libc::syscall(libc::SYS_pidfd_send_signal, process.as_raw_fd(), libc::SIGKILL, std::ptr::null::<u8>(), 0)
    };
}

/// Waits up to `limit` for the process to be gone; false if it is not. The
/// first process of a PID namespace is gone only once every other process
/// of it is.
fn pidfd_wait(process: &OwnedFd, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut poll = libc::pollfd { fd: process.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, left.as_millis().min(i32::MAX as u128) as i32) };
        if ready > 0 {
            return true;
        }
        if ready == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return false;
        }
    }
}

fn exit_of(status: ExitStatus) -> Exit {
    match (status.code(), status.signal()) {
        // bwrap's report of a command killed by a signal.
        (Some(code), _) if (129..=128 + 64).contains(&code) => Exit::Signal(code - 128),
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}

/// Reads `pipe` to its end, keeping at most `limit` bytes: all of it if it
/// fits, else the first and the last `limit / 2` with a note of what was
/// left out between them.
fn capture(mut pipe: impl Read, limit: usize) -> Vec<u8> {
    let head_limit = limit / 2;
    let tail_limit = limit - head_limit;
    let mut head = Vec::new();
    let mut tail: VecDeque<u8> = VecDeque::new();
    let mut total = 0usize;
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        total += n;
        let to_head = (head_limit - head.len()).min(n);
        head.extend_from_slice(&buf[..to_head]);
        tail.extend(&buf[to_head..n]);
        if tail.len() > tail_limit {
            tail.drain(..tail.len() - tail_limit);
        }
    }
    let left_out = total - head.len() - tail.len();
    if left_out > 0 {
        head.extend_from_slice(format!("\n[... {left_out} bytes left out ...]\n").as_bytes());
    }
    head.extend(tail);
    head
}

fn lossy_trimmed(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_that_fits_is_kept_whole() {
        assert_eq!(capture(&b"hello"[..], 5), b"hello");
        assert_eq!(capture(&b""[..], 0), b"");
    }

    #[test]
    fn output_past_the_limit_keeps_its_head_and_tail() {
        let text: Vec<u8> = (0..1000).flat_map(|i: u32| format!("{i:04}\n").into_bytes()).collect();
        let kept = String::from_utf8(capture(&text[..], 100)).unwrap();
        assert!(kept.starts_with("0000\n0001\n"), "{kept}");
        assert!(kept.ends_with("0998\n0999\n"), "{kept}");
        assert!(kept.contains("[... 4900 bytes left out ...]"), "{kept}");
        assert_eq!(kept.len() - "\n[... 4900 bytes left out ...]\n".len(), 100);
    }

    #[test]
    fn a_signal_bwrap_reports_as_an_exit_code_is_a_signal() {
        assert_eq!(exit_of(ExitStatus::from_raw(0)), Exit::Code(0));
        assert_eq!(exit_of(ExitStatus::from_raw(101 << 8)), Exit::Code(101));
        assert_eq!(exit_of(ExitStatus::from_raw(137 << 8)), Exit::Signal(9));
        assert_eq!(exit_of(ExitStatus::from_raw(libc::SIGKILL)), Exit::Signal(9));
    }

    #[test]
    fn bwrap_info_names_the_first_process() {
        let info = b"{\n    \"child-pid\": 4242,\n    \"cgroup-namespace\": 4026531835\n}\n";
        assert_eq!(init_pid(&mut &info[..]), Some(4242));
        assert_eq!(init_pid(&mut &b""[..]), None);
    }

    #[test]
    fn the_view_makes_each_parent_once_and_a_tmpfs_hides_what_it_covers() {
        let mut view = View::default();
        view.tmpfs(Path::new("/tmp"), None);
        view.bind(Path::new("/tmp/a/b"));
        view.bind(Path::new("/tmp/a/c"));
        let text: Vec<String> = view.args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let dirs: Vec<&str> = text.windows(2).filter(|w| w[0] == "--dir").map(|w| w[1].as_str()).collect();
        assert_eq!(dirs, ["/tmp/a"]);
        assert!(view.shows(Path::new("/tmp/a/b/file")));
        assert!(!view.shows(Path::new("/tmp/a")));
        // A tmpfs over a shown path hides it.
        view.tmpfs(Path::new("/tmp/a"), None);
        assert!(!view.shows(Path::new("/tmp/a/b/file")));
    }
}
