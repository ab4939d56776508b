//! marco's own environment (API keys) must never reach a candidate.
//!
//! A separate test binary with a single test, so that setting a variable in
//! this process cannot race with other tests reading the environment.

mod common;

use common::{BOTH, eval};
use sandbox::Status;

const KEY: &str = "OPENAI_API_KEY";
const VALUE: &str = "sk-marco-test-must-not-leak";

#[test]
fn host_environment_reaches_neither_compiler_nor_program() {
    // SAFETY: this binary's only test; no other thread reads the environment yet.
    unsafe { std::env::set_var(KEY, VALUE) };

    for target in BOTH {
        // Compile time: refused outright.
        let o = eval(&format!(r#"fn main() {{ print!("{{}}", env!("{KEY}")); }}"#), target);
        assert_eq!(o.status, Status::Rejected, "{target:?}: {o:?}");
        let o = eval(&format!(r#"fn main() {{ print!("{{:?}}", option_env!("{KEY}")); }}"#), target);
        assert_eq!(o.status, Status::Rejected, "{target:?}: {o:?}");

        // Run time: the program sees an empty environment.
        let src = format!(
            r#"fn main() {{
                println!("{{:?}}", std::env::var("{KEY}"));
                println!("vars: {{}}", std::env::vars_os().count());
            }}"#
        );
        let o = eval(&src, target);
        assert_eq!(o.status, Status::Ok, "{target:?}: {o:?}");
        assert!(!o.stdout.contains(VALUE), "{target:?} leaked the key: {}", o.stdout);
        assert!(o.stdout.contains("Err(NotPresent)"), "{target:?}: {}", o.stdout);
        assert!(o.stdout.contains("vars: 0"), "{target:?}: {}", o.stdout);
    }
}
