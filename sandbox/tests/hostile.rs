//! Hostile candidates: each must be contained with the right status.

mod common;

use std::time::{Duration, Instant};

use common::{BOTH, eval, eval_with, limits, sandbox};
use sandbox::{BuildError, Limits, Program, Status, Target};

#[test]
fn a_well_behaved_program_reads_stdin_and_succeeds() {
    let src = r#"
        use std::io::Read;
        fn main() {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).unwrap();
            let sum: i64 = s.split_whitespace().map(|x| x.parse::<i64>().unwrap()).sum();
            println!("{sum}");
        }
    "#;
    for target in BOTH {
        let o = eval_with(src, target, b"1 2 3 40", &limits());
        assert_eq!(o.status, Status::Ok, "{target:?}: {o:?}");
        assert_eq!(o.stdout, "46\n");
        assert_eq!(o.exit_code, Some(0));
        assert!(o.peak_memory_bytes.unwrap() > 0);
        assert_eq!(o.fuel.is_some(), target == Target::Wasm);
    }
}

#[test]
fn infinite_loop_runs_out_of_fuel_in_wasm() {
    let o = eval("fn main() { let mut x = 0u64; loop { x = std::hint::black_box(x + 1); } }", Target::Wasm);
    assert_eq!(o.status, Status::OutOfFuel, "{o:?}");
    assert_eq!(o.fuel, Some(limits().fuel));
}

#[test]
fn infinite_loop_times_out() {
    let src = "fn main() { let mut x = 0u64; loop { x = std::hint::black_box(x + 1); } }";
    let generous_fuel = Limits { fuel: u64::MAX / 2, timeout: Duration::from_millis(500), ..limits() };
    for target in BOTH {
        let o = eval_with(src, target, b"", &generous_fuel);
        assert_eq!(o.status, Status::Timeout, "{target:?}: {o:?}");
        assert!(o.wall_ms < 3000.0, "{target:?} took {} ms", o.wall_ms);
    }
}

#[test]
fn a_sleep_that_never_returns_times_out() {
    let src = "fn main() { std::thread::sleep(std::time::Duration::from_secs(3600)); }";
    let short = Limits { timeout: Duration::from_millis(300), ..limits() };
    for target in BOTH {
        let started = Instant::now();
        let o = eval_with(src, target, b"", &short);
        assert_eq!(o.status, Status::Timeout, "{target:?}: {o:?}");
        assert!(o.wall_ms < 2000.0, "{target:?}: {o:?}");
        // Building is included here; the point is that we are not waiting an hour.
        assert!(started.elapsed() < Duration::from_secs(60));
    }
}

#[test]
fn memory_bomb_hits_the_memory_cap() {
    let src = r#"
        fn main() {
            let mut hoard = Vec::new();
            loop { hoard.push(vec![1u8; 1 << 20]); std::hint::black_box(&hoard); }
        }
    "#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::OutOfMemory, "{target:?}: {o:?}");
        assert!(o.peak_memory_bytes.unwrap() <= limits().memory_bytes, "{target:?}: {o:?}");
    }
}

#[test]
fn unbounded_recursion_is_a_stack_overflow_trap() {
    let src = r#"
        fn dive(depth: u64) -> u64 {
            let frame = [depth; 32];
            std::hint::black_box(&frame);
            dive(depth + 1) + frame[7]
        }
        fn main() { println!("{}", dive(0)); }
    "#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::Trap, "{target:?}: {o:?}");
    }
}

#[test]
fn deep_but_bounded_recursion_fits_the_stack() {
    // A 100 000-deep recursion, as a naive solution on a degenerate tree does.
    let src = r#"
        fn depth(n: u64) -> u64 { if n == 0 { 0 } else { 1 + std::hint::black_box(depth(n - 1)) } }
        fn main() { println!("{}", depth(100_000)); }
    "#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::Ok, "{target:?}: {o:?}");
        assert_eq!(o.stdout, "100000\n");
    }
}

#[test]
fn panic_is_reported_with_its_message() {
    let src = r#"fn main() { let v: Vec<u32> = Vec::new(); if v.is_empty() { panic!("boom at {}", 42); } }"#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::Panic, "{target:?}: {o:?}");
        assert!(o.message.as_deref().unwrap().contains("boom at 42"), "{target:?}: {o:?}");
    }
}

#[test]
fn non_zero_exit_code_is_reported() {
    for target in BOTH {
        let o = eval("fn main() { std::process::exit(7); }", target);
        assert_eq!(o.status, Status::NonZeroExit, "{target:?}: {o:?}");
        assert_eq!(o.exit_code, Some(7));
    }
}

#[test]
fn huge_stdout_is_cut_at_the_cap() {
    let src = r#"fn main() { loop { println!("all work and no play makes jack a dull boy"); } }"#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::OutputTooLarge, "{target:?}: {o:?}");
        assert!(o.stdout.len() <= limits().output_bytes);
    }
}

#[test]
fn output_exactly_at_the_cap_is_fine() {
    let cap = limits().output_bytes;
    let src = format!(r#"fn main() {{ print!("{{}}", "x".repeat({cap})); }}"#);
    for target in BOTH {
        let o = eval(&src, target);
        assert_eq!(o.status, Status::Ok, "{target:?}: {:?}", o.message);
        assert_eq!(o.stdout.len(), cap);
    }
}

#[test]
fn host_files_are_invisible_at_run_time() {
    let src = r#"
        fn main() {
            for path in ["/etc/passwd", "/proc/self/environ", "."] {
                match std::fs::read_to_string(path) {
                    Ok(text) => println!("LEAK {path}: {text}"),
                    Err(e) => println!("denied {path}: {e}"),
                }
            }
            match std::fs::read_dir("/") {
                Ok(entries) => println!("LEAK root: {:?}", entries.count()),
                Err(e) => println!("denied /: {e}"),
            }
            match std::fs::write("/escape.txt", "x") {
                Ok(()) => println!("LEAK wrote a file"),
                Err(e) => println!("denied write: {e}"),
            }
        }
    "#;
    for target in BOTH {
        let o = eval(src, target);
        assert_eq!(o.status, Status::Ok, "{target:?}: {o:?}");
        assert!(!o.stdout.contains("LEAK"), "{target:?}: {}", o.stdout);
        assert!(!o.stdout.contains("root:"), "{target:?}: {}", o.stdout);
    }
}

fn with_threads(threads: u32) -> Limits {
    Limits { threads, ..limits() }
}

#[test]
fn with_one_core_native_programs_cannot_spawn_threads() {
    let src = r#"fn main() { let h = std::thread::spawn(|| 1 + 1); println!("LEAK {}", h.join().unwrap()); }"#;
    let o = eval_with(src, Target::Native, b"", &with_threads(1));
    assert_eq!(o.status, Status::Panic, "{o:?}");
    assert!(!o.stdout.contains("LEAK"));
}

#[test]
fn native_programs_may_use_threads_on_their_cores_and_are_measured() {
    let src = r#"
        unsafe extern "C" { fn clock_gettime(clock: i32, time: *mut [i64; 2]) -> i32; }
        /// This thread's own CPU time, in milliseconds.
        fn thread_cpu_ms() -> i64 {
            let mut t = [0i64; 2];
            unsafe { clock_gettime(3, &mut t) }; // CLOCK_THREAD_CPUTIME_ID
            t[0] * 1000 + t[1] / 1_000_000
        }
        fn main() {
            let cores = std::thread::available_parallelism().unwrap().get();
            let sums: Vec<u64> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..cores as u64)
                    .map(|w| s.spawn(move || {
                        let mut x = w;
                        while thread_cpu_ms() < 100 { x = std::hint::black_box(x.wrapping_mul(31) + 7); }
                        x % 2
                    }))
                    .collect();
                workers.into_iter().map(|h| h.join().unwrap()).collect()
            });
            println!("cores {cores} workers {}", sums.len());
        }
    "#;
    let o = eval_with(src, Target::Native, b"", &with_threads(2));
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert_eq!(o.stdout.trim(), "cores 2 workers 2", "pinned to the cores it was given");
    assert_eq!(o.threads, Some(3), "two workers and main: {o:?}");
    let cpu = o.cpu_ms.expect("CPU time is measured");
    assert!(cpu >= 200.0, "both workers' CPU time counts: {o:?}");
}

#[test]
fn a_thread_bomb_stops_at_the_thread_limit() {
    let src = r#"
        fn main() {
            let mut started = Vec::new();
            let mut refused = None;
            for _ in 0..500 {
                match std::thread::Builder::new().spawn(|| std::thread::sleep(std::time::Duration::from_millis(300))) {
                    Ok(h) => started.push(h),
                    Err(e) => refused = Some(e.to_string()),
                }
            }
            println!("started {}", started.len());
            eprintln!("refused: {refused:?}");
            for h in started { h.join().unwrap(); }
        }
    "#;
    let o = eval_with(src, Target::Native, b"", &with_threads(2));
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert_eq!(o.stdout.trim(), "started 2", "two threads besides main, no more");
}

#[test]
fn a_fork_bomb_is_killed_as_forbidden() {
    let src = r#"
        unsafe extern "C" { fn fork() -> i32; }
        fn main() {
            loop {
                let pid = unsafe { fork() };
                if pid < 0 { println!("fork failed"); }
            }
        }
    "#;
    let o = eval_with(src, Target::Native, b"", &with_threads(2));
    assert_eq!(o.status, Status::Forbidden, "{o:?}");
    assert!(o.message.as_deref().unwrap_or("").contains("create a process"), "{o:?}");
    assert!(o.wall_ms < 1000.0, "killed at the first fork: {o:?}");
}

#[test]
fn running_a_program_is_forbidden_by_every_route() {
    let sources = [
        r#"
        unsafe extern "C" { fn execve(path: *const u8, argv: *const *const u8, envp: *const *const u8) -> i32; }
        fn main() {
            let argv = [c"/bin/sh".as_ptr() as *const u8, c"-c".as_ptr() as *const u8, c"echo LEAK".as_ptr() as *const u8, std::ptr::null()];
            let envp = [std::ptr::null()];
            let rc = unsafe { execve(c"/bin/sh".as_ptr() as *const u8, argv.as_ptr(), envp.as_ptr()) };
            println!("execve returned {rc}");
        }
        "#,
        r#"
        fn main() {
            // There is no /bin/sh in the run's root, but the program itself
            // is there: run it again.
            if std::env::args().nth(1).as_deref() == Some("child") { println!("LEAK child ran"); return; }
            // `status` inherits stdio: `output` would stop early, as the
            // root has no /dev/null to open.
            match std::process::Command::new("/main").arg("child").status() {
                Ok(status) => println!("LEAK command ran: {status}"),
                Err(e) => println!("command refused: {e}"),
            }
        }
        "#,
        r#"
        unsafe extern "C" { fn syscall(n: i64, ...) -> i64; }
        fn main() {
            // clone(SIGCHLD): a process, through the raw system call.
            let pid = unsafe { syscall(56, 17i64, 0i64, 0i64, 0i64, 0i64) };
            println!("clone returned {pid}");
        }
        "#,
    ];
    for src in sources {
        for threads in [1, 2] {
            let o = eval_with(src, Target::Native, b"", &with_threads(threads));
            assert_eq!(o.status, Status::Forbidden, "{threads} threads, {src}: {o:?}");
            assert!(!o.stdout.contains("LEAK"), "{o:?}");
        }
    }
}

#[test]
fn a_thread_that_outlives_main_ends_with_the_process() {
    let src = r#"
        fn main() {
            std::thread::spawn(|| loop { std::hint::black_box(0u64); });
            println!("main done");
        }
    "#;
    let o = eval_with(src, Target::Native, b"", &with_threads(2));
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert_eq!(o.stdout.trim(), "main done");
    assert!(o.wall_ms < 1000.0, "the spinning thread ends with main: {o:?}");

    // A main thread that leaves by exit(2) alone, not exit_group: the other
    // thread keeps the process alive until the deadline.
    let src = r#"
        unsafe extern "C" { fn syscall(n: i64, ...) -> i64; }
        fn main() {
            std::thread::spawn(|| loop { std::hint::black_box(0u64); });
            println!("main leaving");
            unsafe { syscall(60, 0i64) };
        }
    "#;
    let short = Limits { timeout: Duration::from_millis(500), ..with_threads(2) };
    let started = Instant::now();
    let o = eval_with(src, Target::Native, b"", &short);
    assert_eq!(o.status, Status::Timeout, "{o:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "contained at the deadline");
}

#[test]
fn native_programs_have_no_network() {
    let src = r#"
        fn main() {
            match std::net::TcpListener::bind("127.0.0.1:0") {
                Ok(l) => match std::net::TcpStream::connect(l.local_addr().unwrap()) {
                    Ok(_) => println!("LEAK loopback works"),
                    Err(e) => println!("no connection: {e}"),
                },
                Err(e) => println!("no bind: {e}"),
            }
            match std::net::TcpStream::connect("1.1.1.1:80") {
                Ok(_) => println!("LEAK internet"),
                Err(e) => println!("no internet: {e}"),
            }
        }
    "#;
    let o = eval(src, Target::Native);
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert!(!o.stdout.contains("LEAK"), "{}", o.stdout);
}

/// Writes a secret to a host file and returns its absolute path.
fn secret_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, "TOP-SECRET-HOST-FILE").unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn every_compile_time_vector_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let secret = secret_file(&dir);
    let cases = [
        ("include_str!", format!(r#"fn main() {{ print!("{{}}", include_str!("{secret}")); }}"#)),
        ("include_bytes!", format!(r#"fn main() {{ print!("{{:?}}", include_bytes!("{secret}")); }}"#)),
        ("include!", format!(r#"fn main() {{ let s = include!("{secret}"); }}"#)),
        ("include_str", format!(r#"use std::include_str as inc; fn main() {{ print!("{{}}", inc!("{secret}")); }}"#)),
        ("#[path", format!(r#"#[path = "{secret}"] mod secret; fn main() {{}}"#)),
        ("mod name;", "mod secret; fn main() {}".to_string()),
        ("env!", r#"fn main() { print!("{}", env!("HOME")); }"#.to_string()),
        ("option_env!", r#"fn main() { print!("{:?}", option_env!("OPENAI_API_KEY")); }"#.to_string()),
        ("extern crate", "extern crate proc_macro; fn main() {}".to_string()),
        ("crate_type", r#"#![crate_type = "proc-macro"] fn main() {}"#.to_string()),
        ("proc_macro", "#[proc_macro] pub fn m(t: u8) -> u8 { t } fn main() {}".to_string()),
        ("debugger_visualizer", format!(r#"#![debugger_visualizer(gdb_script_file = "{secret}")] fn main() {{}}"#)),
        ("link", r#"#[link(name = "c")] unsafe extern "C" {} fn main() {}"#.to_string()),
    ];
    let sb = sandbox();
    for (vector, src) in cases {
        for target in BOTH {
            let o = sb.sandbox.evaluate(&Program::new(src.clone()), target, b"", &limits()).unwrap();
            assert_eq!(o.status, Status::Rejected, "{vector} on {target:?}: {o:?}");
            let message = o.message.unwrap();
            assert!(message.contains(vector), "{vector}: message `{message}` does not name it");
            assert!(!o.stdout.contains("TOP-SECRET"), "{vector} leaked");
        }
    }
}

#[test]
fn a_ten_megabyte_source_is_rejected_with_a_clear_error() {
    let src = format!("fn main() {{}}\n{}", "// padding padding padding padding\n".repeat(300_000));
    assert!(src.len() > 10_000_000);
    let o = eval(&src, Target::Wasm);
    assert_eq!(o.status, Status::Rejected, "{:?}", o.message);
    assert!(o.message.unwrap().contains("limit is"));
}

#[test]
fn a_compile_error_returns_structured_diagnostics() {
    let src = "fn main() {\n    let x: u32 = \"three\";\n    println!(\"{x}\");\n}\n";
    let sb = sandbox();
    let err = sb.sandbox.build(&Program::new(src), Target::Wasm).unwrap_err();
    let BuildError::Compile(diagnostics) = err else { panic!("expected a compile error, got {err:?}") };
    let error = diagnostics.iter().find(|d| d.level == "error").expect("an error diagnostic");
    assert_eq!(error.code.as_deref(), Some("E0308"));
    assert_eq!(error.spans[0].line_start, 2);
    assert!(error.rendered.as_deref().unwrap().contains("mismatched types"));

    // The outcome form carries the same diagnostics; the second time it comes
    // from the cache.
    let o = sb.sandbox.evaluate(&Program::new(src), Target::Wasm, b"", &limits()).unwrap();
    assert_eq!(o.status, Status::CompileError);
    assert_eq!(o.diagnostics, diagnostics);
}

#[test]
fn a_programs_own_tests_run_and_a_failing_one_fails_the_run() {
    let sandbox = sandbox();
    let source = |answer: u32| {
        format!(
            "fn double(x: u32) -> u32 {{ x * 2 }}\nfn main() {{ println!(\"{{}}\", double(21)); }}\n\
             #[test]\nfn doubles() {{ assert_eq!(double(2), {answer}); }}\n"
        )
    };
    // Natively: libtest needs more of the OS than wasm32-wasip1 gives it.
    let passing = Program::new(source(4)).tests();
    let o = sandbox.sandbox.evaluate(&passing, Target::Native, b"", &limits()).unwrap();
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert!(o.stdout.contains("test doubles ... ok"), "{}", o.stdout);
    let failing = Program::new(source(5)).tests();
    let o = sandbox.sandbox.evaluate(&failing, Target::Native, b"", &limits()).unwrap();
    assert_ne!(o.status, Status::Ok, "{o:?}");
    assert!(o.stdout.contains("left: 4"), "{o:?}");
    // The program itself still builds and runs as before.
    let o = sandbox.sandbox.evaluate(&Program::new(source(5)), Target::Wasm, b"", &limits()).unwrap();
    assert_eq!(o.stdout, "42\n");
}
