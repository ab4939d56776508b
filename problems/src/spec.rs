//! What a problem is: its facts, its API, its solutions, its inputs and how
//! answers are judged. Problems are written as typed [`Spec`]s and used
//! through the object-safe [`Problem`] trait.

use std::fmt::Debug;

use rand::SeedableRng;
use serde::Serialize;

use crate::guest::wire::{Reader, Wire, Writer};

/// The seeded generator every input generator draws from. ChaCha8 is
/// specified, so the same seed gives the same inputs on every platform.
pub type Rng = rand_chacha::ChaCha8Rng;

/// LeetCode's difficulty label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// The facts about a problem.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// Position in the LeetCode 75 study plan, 1 to 75.
    pub order: u32,
    /// LeetCode's problem number.
    pub id: u32,
    pub slug: &'static str,
    pub title: &'static str,
    /// The study plan's section, e.g. "Two Pointers".
    pub category: &'static str,
    pub difficulty: Difficulty,
    /// LeetCode's Rust signature, as LeetCode shows it.
    pub signature: &'static str,
    /// The task in our own words, with its constraints (Markdown).
    pub statement: &'static str,
}

/// What a solution must provide and how the harness drives it.
#[derive(Debug, Clone)]
pub enum Api {
    /// One `impl Solution` method with this signature (LeetCode's, as
    /// `pub fn name(..) -> T`). The harness reads each parameter from the
    /// case, calls it, then writes the return value followed by every `&mut`
    /// parameter, so the checker sees in-place results.
    Function(&'static str),
    /// A type with methods and a hand-written driver: design problems (the
    /// solution defines `owner`) and problems whose harness supplies an API
    /// (374's `guess`).
    Custom {
        /// The type whose `impl` holds the methods.
        owner: &'static str,
        /// The signatures, each as `fn name(..) -> T`; receivers `&self` and
        /// `&mut self` are interchangeable.
        methods: &'static [&'static str],
        /// Harness items at the top level of the program.
        items: &'static str,
        /// Runs once per case with `r` (a `Reader` of the case's input,
        /// `r.read::<T>().unwrap()`) and `w` (a `Writer` for the result,
        /// `w.put(&value)`) in scope.
        body: &'static str,
    },
}

impl Api {
    /// The type whose `impl` holds the methods.
    pub fn owner(&self) -> &'static str {
        match self {
            Api::Function(_) => "Solution",
            Api::Custom { owner, .. } => owner,
        }
    }

    /// Every signature the solution must provide.
    pub fn signatures(&self) -> Vec<&'static str> {
        match self {
            Api::Function(signature) => vec![signature],
            Api::Custom { methods, .. } => methods.to_vec(),
        }
    }
}

/// How a result is judged against the expected one.
pub enum Check<I, O> {
    /// Equal to the expected result.
    Exact,
    /// A validator for problems with several right answers or floats: it sees
    /// the input, the expected result (a known answer or the reference
    /// solution's) and the candidate's, and says what is wrong.
    Validate(fn(&I, &O, &O) -> Result<(), String>),
}

/// Input sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// The statement's examples, edge cases and random small inputs: for
    /// correctness.
    Small,
    /// LeetCode's largest constraints and adversarial shapes: for speed.
    Perf,
}

/// A problem written with its types.
pub struct Spec<I, O> {
    pub info: Info,
    pub api: Api,
    /// A correct, straightforward first attempt (naive where a better
    /// algorithm exists).
    pub baseline: &'static str,
    /// The best known complexity, with care for constant factors.
    pub reference: &'static str,
    /// Inputs with their known answers (the statement's examples and hand
    /// checked edge cases); every solution is checked against these.
    pub examples: Vec<(I, O)>,
    /// Small inputs: edge cases and random ones.
    pub small: fn(&mut Rng) -> Vec<I>,
    /// Large inputs at or above LeetCode's constraints.
    pub perf: fn(&mut Rng) -> Vec<I>,
    pub check: Check<I, O>,
}

/// One input, encoded for the harness.
#[derive(Debug, Clone)]
pub struct Case {
    /// E.g. `example 1`, `small 7`, `perf 2`.
    pub label: String,
    /// The input in wire form (one line).
    pub input: String,
    /// The known answer in wire form, where there is one.
    pub answer: Option<String>,
}

/// A problem, as the harness and the tools use it.
pub trait Problem: Send + Sync {
    fn info(&self) -> &Info;
    fn api(&self) -> &Api;
    fn baseline(&self) -> &'static str;
    fn reference(&self) -> &'static str;
    /// The cases at one scale; the same seed always gives the same cases.
    fn cases(&self, scale: Scale, seed: u64) -> Vec<Case>;
    /// Judges one case's result. `expected` and `actual` are positioned at
    /// the case's result; `Err` says what is wrong in words.
    fn check(&self, input: &str, expected: &mut Reader, actual: &mut Reader) -> Result<(), String>;
}

fn encode<T: Wire>(value: &T) -> String {
    let mut w = Writer::default();
    w.put(value);
    String::from_utf8(w.buf).expect("wire text is UTF-8")
}

/// A value's `Debug` form, cut short enough for a message.
pub fn excerpt(value: &dyn Debug) -> String {
    shorten(&format!("{value:?}"), 160)
}

/// `text` cut to at most `max` bytes (on a character boundary), saying how
/// long it was.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let cut = (0..=max).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}... ({} bytes)", &text[..cut], text.len())
}

impl<I, O> Problem for Spec<I, O>
where
    I: Wire + Debug + Send + Sync,
    O: Wire + Debug + PartialEq + Send + Sync,
{
    fn info(&self) -> &Info {
        &self.info
    }

    fn api(&self) -> &Api {
        &self.api
    }

    fn baseline(&self) -> &'static str {
        self.baseline
    }

    fn reference(&self) -> &'static str {
        self.reference
    }

    fn cases(&self, scale: Scale, seed: u64) -> Vec<Case> {
        // Each scale gets its own stream, so adding a small case never
        // changes the perf inputs.
        let mut rng = Rng::seed_from_u64(seed ^ (scale as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut cases = Vec::new();
        if scale == Scale::Small {
            for (i, (input, answer)) in self.examples.iter().enumerate() {
                cases.push(Case {
                    label: format!("example {}", i + 1),
                    input: encode(input),
                    answer: Some(encode(answer)),
                });
            }
        }
        let (generator, name): (fn(&mut Rng) -> Vec<I>, &str) = match scale {
            Scale::Small => (self.small, "small"),
            Scale::Perf => (self.perf, "perf"),
        };
        for (i, input) in generator(&mut rng).iter().enumerate() {
            cases.push(Case { label: format!("{name} {}", i + 1), input: encode(input), answer: None });
        }
        cases
    }

    fn check(&self, input: &str, expected: &mut Reader, actual: &mut Reader) -> Result<(), String> {
        let expected: O = expected.read().map_err(|e| format!("the expected result does not decode: {e}"))?;
        let actual: O = actual.read().map_err(|e| format!("the result does not decode: {e}"))?;
        match &self.check {
            Check::Exact if expected == actual => Ok(()),
            Check::Exact => Err(format!("expected {}, got {}", excerpt(&expected), excerpt(&actual))),
            Check::Validate(validate) => {
                let input: I = Reader::new(input.as_bytes())
                    .read()
                    .map_err(|e| format!("the input does not decode (a bug in the problem set): {e}"))?;
                validate(&input, &expected, &actual)
            }
        }
    }
}
