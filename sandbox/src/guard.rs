//! The seccomp filter that forbids a native candidate to create processes
//! or run programs, while it may create threads.
//!
//! The filter cannot be installed by the parent between fork and exec: it
//! forbids `execve`, which starts the candidate. So it is compiled into the
//! candidate itself, as trusted code appended to its source, and installed
//! from `.preinit_array`, which the C runtime of a static executable runs
//! before anything else of the program (Rust's runtime, statics, `main`).
//! The screen refuses every way a candidate could run code earlier: its own
//! link sections, global or inline assembly and exported symbol names.
//!
//! The BPF is built here with `seccompiler` (Firecracker's filter compiler:
//! maintained, pure Rust, checks the architecture in the filter, and needs no
//! C library at build or run time, unlike libseccomp) and written into the
//! appended source as constants, so candidates link nothing but std.
//!
//! Two filters are stacked, the kernel applying the strictest answer:
//! * `fork`, `vfork`, `execve`, `execveat` and `clone` without
//!   `CLONE_THREAD` kill the process (the runner reports `forbidden`);
//! * `clone3` fails with `ENOSYS`: its flags sit in memory a filter cannot
//!   read, and glibc then creates threads with `clone`, which it can.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule, TargetArch,
};

/// What the guard prints before exiting with [`FAILED_EXIT_CODE`] when the
/// kernel refuses the filter: a broken sandbox, not a bad candidate.
pub(crate) const FAILED_MARKER: &str = "marco-sandbox-guard: cannot install the seccomp filter";
pub(crate) const FAILED_EXIT_CODE: i32 = 125;

/// Why the filter could not be made: this machine, not the candidate.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the seccomp filter that keeps native candidates from creating processes: {0}")]
pub(crate) struct FilterError(String);

fn target_arch() -> Result<TargetArch, FilterError> {
    match std::env::consts::ARCH {
        "x86_64" => Ok(TargetArch::x86_64),
        "aarch64" => Ok(TargetArch::aarch64),
        other => Err(FilterError(format!("no filter for the {other} architecture"))),
    }
}

fn seccomp_error(e: impl std::fmt::Display) -> FilterError {
    FilterError(e.to_string())
}

/// The filter that kills a process creating another process.
fn process_filter(arch: TargetArch) -> Result<BpfProgram, FilterError> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    #[cfg(target_arch = "x86_64")]
    for call in [libc::SYS_fork, libc::SYS_vfork] {
        rules.insert(call, Vec::new());
    }
    for call in [libc::SYS_execve, libc::SYS_execveat] {
        rules.insert(call, Vec::new());
    }
    let without_thread =
        SeccompCondition::new(0, SeccompCmpArgLen::Qword, SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64), 0)
            .map_err(seccomp_error)?;
    rules.insert(libc::SYS_clone, vec![SeccompRule::new(vec![without_thread]).map_err(seccomp_error)?]);
    let filter =
        SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::KillProcess, arch).map_err(seccomp_error)?;
    BpfProgram::try_from(filter).map_err(seccomp_error)
}

/// The filter that makes `clone3` unavailable, so threads use `clone`.
fn clone3_filter(arch: TargetArch) -> Result<BpfProgram, FilterError> {
    let rules = BTreeMap::from([(libc::SYS_clone3, Vec::new())]);
    let filter = SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Errno(libc::ENOSYS as u32), arch)
        .map_err(seccomp_error)?;
    BpfProgram::try_from(filter).map_err(seccomp_error)
}

fn bpf_literal(name: &str, program: &BpfProgram) -> String {
    let mut text = format!("    static {name}: [SockFilter; {}] = [\n", program.len());
    for f in program {
        let _ = writeln!(text, "        SockFilter {{ code: {}, jt: {}, jf: {}, k: {} }},", f.code, f.jt, f.jf, f.k);
    }
    text.push_str("    ];\n");
    text
}

/// The Rust source appended to every native candidate: the two filters and
/// the function `.preinit_array` runs to install them.
pub(crate) fn source() -> Result<String, FilterError> {
    let arch = target_arch()?;
    let process = process_filter(arch)?;
    let clone3 = clone3_filter(arch)?;
    let mut text = String::from(
        "\n// Appended by marco's sandbox: forbids creating processes (see sandbox/src/guard.rs).\n\
         #[allow(warnings, unsafe_code)]\n\
         mod __marco_sandbox_guard {\n\
         \x20   #[repr(C)]\n\
         \x20   struct SockFilter { code: u16, jt: u8, jf: u8, k: u32 }\n\
         \x20   #[repr(C)]\n\
         \x20   struct SockFprog { len: u16, filter: *const SockFilter }\n",
    );
    text.push_str(&bpf_literal("PROCESS", &process));
    text.push_str(&bpf_literal("CLONE3", &clone3));
    let _ = write!(
        text,
        r#"    extern "C" {{
        fn prctl(option: i32, ...) -> i32;
        fn syscall(number: i64, ...) -> i64;
        fn write(fd: i32, buf: *const u8, count: usize) -> isize;
        fn _exit(code: i32) -> !;
    }}
    fn load(filter: &[SockFilter]) -> bool {{
        let program = SockFprog {{ len: filter.len() as u16, filter: filter.as_ptr() }};
        unsafe {{ syscall({seccomp}, 1i64, 0i64, &program as *const SockFprog) == 0 }}
    }}
    extern "C" fn install() {{
        unsafe {{
            if prctl(38, 1u64, 0u64, 0u64, 0u64) != 0 || !load(&PROCESS) || !load(&CLONE3) {{
                let message = b"{marker}\n";
                write(2, message.as_ptr(), message.len());
                _exit({code});
            }}
        }}
    }}
    #[used]
    #[link_section = ".preinit_array"]
    static INSTALL: extern "C" fn() = install;
}}
"#,
        seccomp = libc::SYS_seccomp,
        marker = FAILED_MARKER,
        code = FAILED_EXIT_CODE,
    );
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_source_tokenizes_and_holds_both_filters() {
        let text = source().unwrap();
        text.parse::<proc_macro2::TokenStream>().unwrap();
        assert!(text.contains("static PROCESS: [SockFilter;"), "{text}");
        assert!(text.contains("static CLONE3: [SockFilter;"), "{text}");
        assert!(text.contains(".preinit_array"));
    }
}
