//! The LeetCode 75 study plan in Rust, as a benchmark marco can trust.
//!
//! Every [`Problem`] has its facts and a statement in our own words,
//! LeetCode's Rust signature, a straightforward **baseline** and a strong
//! **reference** solution, seeded input generators at two [`Scale`]s, and a
//! checker. The [`harness`] turns a solution written for LeetCode (an
//! `impl Solution { ... }`, or a design problem's struct) into a complete
//! program that the sandbox runs on every case at once; the
//! [`Evaluator`] judges the results and measures fuel.
//!
//! ```no_run
//! use problems::{Evaluator, Scale, DEFAULT_SEED};
//! use sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::new(SandboxConfig::default())?;
//! let problem = problems::find("1768").expect("known problem");
//! let judgement = Evaluator::new(&sandbox).judge(problem, problem.baseline(), Scale::Small, DEFAULT_SEED)?;
//! assert!(judgement.is_correct());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod evaluate;
mod guest;
pub mod harness;
pub mod inputs;
mod lc75;
mod spec;
mod values;

pub use evaluate::{EvalError, Evaluator, Failure, Judgement, stdin};
pub use guest::wire::{Reader, Wire, Writer};
pub use guest::{ListNode, TreeNode};
pub use spec::{Api, Case, Check, Difficulty, Info, Problem, Rng, Scale, Spec, excerpt};
pub use values::{List, Tree};

/// The seed marco uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 0x006d_6172_636f_3735; // "marco75"

/// Every problem, in study-plan order.
pub fn all() -> &'static [Box<dyn Problem>] {
    lc75::all()
}

/// A problem by LeetCode number (`"1768"`) or slug (`"merge-strings-alternately"`).
pub fn find(key: &str) -> Option<&'static dyn Problem> {
    let key = key.trim();
    all().iter().map(|p| p.as_ref()).find(|p| p.info().slug == key || key.parse() == Ok(p.info().id))
}
