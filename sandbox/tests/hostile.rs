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

#[test]
fn native_programs_cannot_spawn_threads() {
    let src = r#"fn main() { let h = std::thread::spawn(|| 1 + 1); println!("LEAK {}", h.join().unwrap()); }"#;
    let o = eval(src, Target::Native);
    assert_eq!(o.status, Status::Panic, "{o:?}");
    assert!(!o.stdout.contains("LEAK"));
}

#[test]
fn native_programs_cannot_spawn_processes() {
    let src = r#"
        unsafe extern "C" { fn fork() -> i32; }
        fn main() {
            match std::process::Command::new("/bin/sh").arg("-c").arg("echo LEAK").output() {
                Ok(out) => println!("LEAK command ran: {:?}", out),
                Err(e) => println!("command refused: {e}"),
            }
            // Even a raw fork(2), which needs no binary inside the chroot, fails.
            let pid = unsafe { fork() };
            if pid == 0 { std::process::exit(0); }
            println!("fork returned {pid}");
        }
    "#;
    let o = eval(src, Target::Native);
    assert_eq!(o.status, Status::Ok, "{o:?}");
    assert!(o.stdout.contains("command refused"), "{}", o.stdout);
    assert!(o.stdout.contains("fork returned -1"), "{}", o.stdout);
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
