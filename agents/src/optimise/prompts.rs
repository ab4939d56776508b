//! What the agents are asked. Kept short: the default model is small.

use std::fmt::Write as _;

use super::focus::Function;
use crate::text::clip;

/// The generator's role.
pub const GENERATOR_SYSTEM: &str = "You are a Rust performance engineer. You rewrite Rust code so that it runs \
    faster while behaving exactly the same for every input. You use the standard library and only the crates the \
    task names. You answer with \
    the complete rewritten code in one ```rust block, then one sentence naming the technique you used.";

/// The evaluator's role when it analyses measurements.
pub const ANALYST_SYSTEM: &str = "You are a performance analyst for Rust code. You read measurements of \
    candidate rewrites and say briefly why they were faster, slower or wrong, and what to try next.";

/// The role of the agent that writes input generators.
pub const INPUTS_SYSTEM: &str = "You write Rust input generators for testing programs. You answer with one \
    complete Rust program in a ```rust block that uses only the standard library.";

/// A retrieved technique as the generator sees it.
pub struct Technique<'a> {
    pub number: usize,
    pub text: &'a str,
    pub citation: &'a str,
}

/// What one candidate rewrites.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// All of the editable code (a program, a marked region or a solution).
    All { marked: bool },
    /// One function of the program, spliced back afterwards.
    Function(&'a Function),
}

/// What the generator is told about the task besides its code.
#[derive(Clone, Copy)]
pub struct Brief<'a> {
    /// The code's purpose, inputs and rules (`Task::brief`).
    pub text: &'a str,
    /// Cores a candidate may use natively (1: no threads).
    pub cores: u32,
}

/// Asks for one faster version of `code`, or of one function of it.
pub fn generate(
    brief: Brief<'_>,
    code: &str,
    target: Target<'_>,
    history: &[String],
    analysis: Option<&str>,
    techniques: &[Technique<'_>],
    suggested: Option<usize>,
) -> String {
    let mut prompt = String::new();
    match target {
        Target::All { marked } => {
            let what = if marked { "region of a Rust program" } else { "Rust code" };
            let _ = writeln!(prompt, "Make this {what} faster.\n\n{}\n", brief.text);
            if marked {
                // No word of the markers: the default model echoes them,
                // around a `main` of its own or around nothing.
                prompt.push_str("Only the code below may change; reply with the new version of just this part.\n");
            }
            let _ = writeln!(prompt, "```rust\n{}```", ensure_newline(code));
            // A region or a package's function is rewritten whole: the
            // usual speed-up of its hottest function's shape still applies.
            if marked
                && let Some(hint) = super::focus::hot_functions(code).first().and_then(|f| shape_hint(f, brief.cores))
            {
                let _ = writeln!(prompt, "\n{hint}");
            }
        }
        Target::Function(function) => {
            let name = &function.name;
            let _ = writeln!(
                prompt,
                "Make the function `{name}` of this Rust program faster.\n\n{}\n\nThe program:\n```rust\n{}```\n\n\
                 The function to rewrite; the rest of the program stays as it is:\n```rust\n{}\n```",
                brief.text,
                ensure_newline(code),
                function.text(code)
            );
            if let Some(hint) = shape_hint(function, brief.cores) {
                let _ = writeln!(prompt, "\n{hint}");
            }
        }
    }
    if !history.is_empty() {
        prompt.push_str("\nEarlier attempts and what the evaluator found:\n");
        for line in history.iter().rev().take(4).rev() {
            let _ = writeln!(prompt, "- {}", clip(line, 400));
        }
    }
    if let Some(analysis) = analysis {
        let _ = writeln!(prompt, "\nThe evaluator's analysis: {}", clip(analysis.trim(), 400));
    }
    if !techniques.is_empty() {
        prompt.push_str("\nTechniques that may help (cite the one you use as [n]):\n");
        for t in techniques {
            let _ =
                writeln!(prompt, "[{}] {} (source: {})", t.number, clip(&t.text.replace('\n', " "), 400), t.citation);
        }
        // The list is clipped to fit the prompt; the technique suggested
        // comes whole, with its sketch, which a small model can follow.
        if let Some(t) = suggested.and_then(|n| techniques.iter().find(|t| t.number == n)) {
            let _ = writeln!(
                prompt,
                "Try technique [{}] if it applies:\n{}\n{SKETCH_IS_NOT_THE_ANSWER}",
                t.number,
                clip(t.text.trim(), 1200)
            );
        }
    }
    prompt.push_str(CHECKLIST);
    prompt.push('\n');
    prompt.push_str(&reply_with(target, "faster"));
    prompt
}

/// The usual speed-up for a function of this shape, spelled out: a small
/// model that rewrites recursion as a table or nested loops as a lookup
/// tends to drop a case; these say which parts must stay as they are.
fn shape_hint(function: &Function, cores: u32) -> Option<String> {
    let name = &function.name;
    if function.recursive {
        return Some(format!(
            "`{name}` calls itself, so it may solve the same case many times over. Memoise it: keep its base \
             cases, its checks and its recursive formula exactly as they are, and remember each result in a table \
             (a `Vec<Option<_>>` indexed by the argument that changes, or a `HashMap`) so that every case is \
             computed once. A helper that takes the table can do the recursion; `{name}` keeps its signature and \
             calls it."
        ));
    }
    (function.loops >= 2).then(|| {
        // A numeric kernel's outer loop usually has independent iterations:
        // on several cores, splitting them is the largest win, and a small
        // model reaches for a HashMap unless told.
        let parallel = if cores > 1 {
            format!(
                " With {cores} cores, first see whether the outer loop's iterations are independent (each \
                 writes its own part of the result, or the results are added up): then split them across the \
                 cores with rayon (`use rayon::prelude::*;`, then `(0..n).into_par_iter()`, `slice.par_iter()` \
                 or `par_chunks_mut(..)`, and `.sum()` or `.reduce(..)` of per-iteration results), or with \
                 `std::thread::scope` and one chunk per core, each thread filling its own local result that \
                 is merged at the end. Never let threads update one shared variable."
            )
        } else {
            String::new()
        };
        format!(
            "`{name}` has nested loops, so its innermost loop runs most.{parallel} Take work out of the innermost \
             loop: a lookup in a `HashMap` or a count of the values seen so far instead of scanning for a \
             partner, a running value updated as the loop moves instead of recomputing it, or loops ordered so \
             that the innermost one walks memory in order (rows, not columns). Work through a small case with \
             duplicates by hand before answering."
        )
    })
}

/// Said under a technique's sketch: the default model replied with the
/// sketch itself (an `lcs` for `levenshtein`, twice in one strdist run).
const SKETCH_IS_NOT_THE_ANSWER: &str = "The sketch shows the idea on other code: apply the idea to the code you \
    were given, keeping its names and signature; do not reply with the sketch.";

/// What usually makes Rust faster, for models that need a nudge.
const CHECKLIST: &str = "\nWhere the time usually goes: a better algorithm (an O(n^2) scan that a HashMap, a \
    sort or a running total makes O(n) or O(n log n); recursion that memoisation or a loop removes); allocation \
    in loops (reuse buffers, `with_capacity`, borrow `&str` instead of building `String`s); repeated work \
    (hoist it out of the loop); slow I/O (build the output in one `String` and print once); on several cores, \
    heavy loops over large data split across them (rayon's `par_iter`/`par_chunks`, `std::thread::scope` with \
    one chunk per core, per-thread results merged at the end); loops the compiler can vectorise (slices and \
    `chunks_exact` instead of indexing, several independent accumulators); memory walked in order (loop order, \
    transposed or blocked matrices). Change the code: an \
    unchanged copy is worthless. Keep every function that a #[test] calls, with its signature.\n";

/// Asks to fix a candidate that did not compile. A candidate that rewrote
/// one function (`target`, found in `code`) fixes just that function.
///
/// `signature` is the function's original signature when the candidate
/// changed it: the rest of the program still calls the original.
pub fn repair(code: &str, target: Target<'_>, signature: Option<&str>, diagnostics: &str) -> String {
    let mut prompt = match target {
        Target::Function(function) => format!(
            "This Rust program did not compile after its function `{}` was rewritten. Fix the function, keeping \
             its speed-ups and its behaviour.\n\n```rust\n{}```",
            function.name,
            ensure_newline(code)
        ),
        Target::All { .. } => format!(
            "This Rust code did not compile. Fix it, keeping its speed-ups and its behaviour.\n\n```rust\n{}```",
            ensure_newline(code)
        ),
    };
    let _ = write!(prompt, "\n\nrustc said:\n{}\n", clip(diagnostics, 2000));
    if let Some(hint) = parallel_hint(code, diagnostics) {
        prompt.push_str(hint);
    }
    prompt.push_str(&keep_signature(target, signature));
    prompt.push_str(&reply_with(target, "corrected"));
    prompt
}

/// How to fix the two errors a parallel rewrite usually starts with, which
/// rustc's own help does not say: a closure run on several threads may not
/// write to a variable they share, and a rayon iterator is not a `for`
/// loop's.
fn parallel_hint(code: &str, diagnostics: &str) -> Option<&'static str> {
    let parallel = code.contains("par_") || code.contains("thread::scope") || code.contains("rayon");
    if !parallel {
        return None;
    }
    if diagnostics.contains("as mutable") || diagnostics.contains("E0596") || diagnostics.contains("E0499") {
        return Some(
            "\nThreads may not write to one shared variable. Give each parallel step its own part of the output: \
             `out.par_chunks_mut(row_len).enumerate().for_each(|(i, row)| { /* fill row i */ })`, or compute \
             values and combine them: `(0..n).into_par_iter().map(|i| /* value of i */).collect::<Vec<_>>()`, \
             `.sum()` or `.reduce(|| 0, |a, b| a + b)`.\n",
        );
    }
    diagnostics.contains("is not an iterator").then_some(
        "\nA rayon parallel iterator is not a `for` loop's iterator: call `.for_each(|item| ...)`, `.map(..)` \
         and `.sum()`/`.collect()` on it instead of looping over it.\n",
    )
}

/// Asks to fix a candidate that compiles but behaves differently from the
/// original: `failure` is what the evaluator found, `lines` the lines of the
/// file it points at (number and text). A candidate that rewrote one
/// function is shown the original function beside its new one and fixes
/// just that.
pub fn fix(
    code: &str,
    target: Target<'_>,
    original: Option<&str>,
    signature: Option<&str>,
    failure: &str,
    lines: &[(usize, &str)],
) -> String {
    let mut prompt = String::new();
    match target {
        Target::Function(function) => {
            let _ = write!(
                prompt,
                "The function `{}` of this Rust program was rewritten to be faster, but the program now behaves \
                 differently from the original, so the rewrite cannot be used.\n\n```rust\n{}```\n",
                function.name,
                ensure_newline(code)
            );
            if let Some(original) = original {
                let _ = write!(
                    prompt,
                    "\nThe original `{}`, which was correct:\n```rust\n{}```\n",
                    function.name,
                    ensure_newline(original)
                );
            }
        }
        Target::All { .. } => {
            let _ = write!(
                prompt,
                "This faster version of a Rust program behaves differently from the original, so it cannot be \
                 used.\n\n```rust\n{}```\n",
                ensure_newline(code)
            );
        }
    }
    let _ = write!(prompt, "\nWhat the evaluator found: {}\n", clip(failure, 1200));
    if !lines.is_empty() {
        prompt.push_str("The line it points at:\n");
        for (number, text) in lines {
            let _ = writeln!(prompt, "line {number}: `{}`", text.trim());
        }
    }
    prompt.push_str(
        "\nFind the mistake and fix it, keeping the speed-up: the output must be exactly the original's for every \
         input, and the #[test] functions must pass.\n",
    );
    prompt.push_str(&keep_signature(target, signature));
    prompt.push_str(&reply_with(target, "corrected"));
    prompt
}

/// Asks again for a reply that repeated `code` unchanged. The default model
/// copied the code back in 9 of its 37 first replies over the three example
/// packages, under the long first prompt; this one is short and names one
/// technique to apply.
pub fn change(code: &str, target: Target<'_>, technique: Option<&Technique<'_>>) -> String {
    let (what, shown) = match target {
        Target::Function(function) => (format!("the function `{}`", function.name), function.text(code).to_string()),
        Target::All { .. } => ("this Rust code".to_string(), code.to_string()),
    };
    let mut prompt = format!(
        "You were asked to make {what} faster and answered with it unchanged, which is of no use. Write a \
         different, faster version that does less work, with exactly the same results for every input.\n\n\
         ```rust\n{}```\n",
        ensure_newline(&shown)
    );
    if let Some(t) = technique {
        let _ = writeln!(
            prompt,
            "\nApply this technique if it fits, else another that does (source: {}):\n{}\n{SKETCH_IS_NOT_THE_ANSWER}",
            t.citation,
            clip(t.text.trim(), 1200)
        );
    }
    prompt.push_str(&reply_with(target, "faster"));
    prompt
}

/// When a rewritten function changed its signature: the callers (main and
/// the tests) stay as they are, so the original signature must come back,
/// with any new state moved into a helper.
fn keep_signature(target: Target<'_>, signature: Option<&str>) -> String {
    match (target, signature) {
        (Target::Function(function), Some(signature)) => format!(
            "The rest of the program and its #[test] functions stay as they are and call `{name}` as `{signature}`, \
             so keep exactly that signature. Put any new parameter (a memo table, a buffer) on a helper function \
             that `{name}` creates and calls.\n",
            name = function.name
        ),
        _ => String::new(),
    }
}

/// The closing instruction: the whole code, or just the function.
fn reply_with(target: Target<'_>, what: &str) -> String {
    match target {
        Target::All { .. } => format!("Reply with the complete {what} code in one ```rust block."),
        Target::Function(function) => format!(
            "Reply with the {what} `{}` in one ```rust block: the function with the same name and signature, plus \
             any helper functions or `use` lines it needs. Do not repeat the rest of the program.",
            function.name
        ),
    }
}

/// Asks for a short analysis of one iteration's results.
pub fn analyse(code: &str, results: &[String]) -> String {
    let mut prompt = format!(
        "The current best version:\n```rust\n{}```\n\nThis round's candidates:\n",
        ensure_newline(&clip(code, 3000))
    );
    for line in results {
        let _ = writeln!(prompt, "- {line}");
    }
    prompt.push_str(
        "\nIn at most three sentences: why were they faster, slower or wrong, and which change should the next \
         attempt make? Do not write code.",
    );
    prompt
}

/// Asks for a program that prints one input for `program`.
pub fn input_generator(program: &str, previous: Option<(&str, &str)>) -> String {
    // The starting point reads stdin without a `use`: small models copy the
    // body and drop the import, and `read_to_string` then does not compile.
    let mut prompt = format!(
        "Here is a Rust program that reads its input from stdin:\n```rust\n{}```\n\n\
         Write a different, short Rust program: an input generator. It reads one integer seed from stdin and \
         prints one input for the program above, in exactly the format the program parses (read its comments \
         and its `main`), with values varied by the seed. Make the input large enough that the program above \
         does real work, but small enough that it finishes within a second. Do not copy the program above. \
         Start from this:\n```rust\nfn main() {{\n    let mut text = String::new();\n    \
         std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).unwrap();\n    let seed: u64 = text.trim().parse().unwrap_or(1);\n    \
         let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);\n    \
         let mut next = move || {{ state = state.wrapping_mul(6364136223846793005).wrapping_add(1); state >> 33 }};\n    \
         // print one input here, using next() for random numbers\n}}\n```",
        ensure_newline(program)
    );
    // Shown its own code and what went wrong, a small model fixes the
    // mistake (mostly a type error rustc explains) instead of making a new one.
    match previous {
        Some((code, failure)) if !code.trim().is_empty() => {
            let _ = write!(
                prompt,
                "\n\nYour previous generator:\n```rust\n{}```\ndid not work: {}\nFix it and reply with the whole \
                 corrected generator.",
                ensure_newline(&clip(code, 2500)),
                clip(failure, 800)
            );
        }
        Some((_, failure)) => {
            let _ = write!(prompt, "\n\nYour previous reply did not work: {}", clip(failure, 800));
        }
        None => {}
    }
    prompt
}

fn ensure_newline(code: &str) -> String {
    if code.ends_with('\n') { code.to_string() } else { format!("{code}\n") }
}

/// The role of the agent that writes a first solution from a problem
/// statement (the benchmark's "LLM alone" start).
pub const SOLVER_SYSTEM: &str = "You solve programming problems in Rust. You answer with a correct, efficient \
    solution in one ```rust block that uses only the standard library.";

/// Asks for a solution to a LeetCode problem, in the shape its harness calls.
pub fn solve(title: &str, statement: &str, owner: &str, signatures: &[&str], previous: Option<(&str, &str)>) -> String {
    let mut prompt = format!("Solve the LeetCode problem \"{title}\" in Rust.\n\n{}\n\n", statement.trim());
    if owner == "Solution" {
        prompt.push_str("Write `impl Solution { ... }` (the harness defines `struct Solution`) with exactly:\n");
    } else {
        let _ = writeln!(prompt, "Write `struct {owner}` and `impl {owner} {{ ... }}` with exactly:");
    }
    for signature in signatures {
        let _ = writeln!(prompt, "    {signature}");
    }
    prompt
        .push_str("`ListNode` and `TreeNode` are defined as on LeetCode when the signature uses them. No `fn main`.\n");
    if let Some((code, failure)) = previous {
        let _ = write!(
            prompt,
            "\nYour previous solution was wrong:\n```rust\n{}```\n{}\n",
            ensure_newline(code),
            clip(failure, 1200)
        );
    }
    prompt.push_str("\nReply with the code in one ```rust block.");
    prompt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimise::focus;

    const CODE: &str = "fn f(n: u64) -> u64 { if n < 2 { n } else { f(n - 1) + f(n - 2) } }
fn g(v: &[u64]) -> u64 { let mut s = 0; for a in v { for b in v { s += a * b; } } s }
fn h(v: &[u64]) -> u64 { let mut s = 0; for a in v { s += a; } s }
fn main() {}
";

    #[test]
    fn recursion_and_nested_loops_get_their_usual_speed_up_spelled_out() {
        let hint = |name: &str| shape_hint(&focus::find(CODE, name).expect("found"), 1);
        assert!(hint("f").expect("recursive").contains("Memoise it: keep its base cases"));
        assert!(hint("g").expect("nested").contains("`g` has nested loops"));
        assert_eq!(hint("h"), None, "one loop: nothing to spell out");
        assert!(!hint("g").unwrap().contains("rayon"), "one core: no threads");
        let on_four = shape_hint(&focus::find(CODE, "g").unwrap(), 4).unwrap();
        assert!(on_four.contains("With 4 cores") && on_four.contains("into_par_iter()"), "{on_four}");
        let f = focus::find(CODE, "f").expect("found");
        let brief = Brief { text: "Reads nothing.", cores: 1 };
        let prompt = generate(brief, CODE, Target::Function(&f), &[], None, &[], None);
        assert!(prompt.contains("`f` calls itself") && prompt.ends_with("Do not repeat the rest of the program."));
    }

    #[test]
    fn a_parallel_rewrites_borrow_errors_get_the_usual_fix_spelled_out() {
        let shared =
            "fn f(c: &mut Vec<f64>) { (0..4usize).into_par_iter().for_each(|i| c[i] += 1.0); }\nfn main() {}\n";
        let asked = repair(shared, Target::All { marked: false }, None, "error[E0596]: cannot borrow `c` as mutable");
        assert!(asked.contains("par_chunks_mut(row_len)"), "{asked}");
        let looped = "fn f(v: &[f64]) { for x in v.par_chunks(2) {} }\nfn main() {}\n";
        let asked =
            repair(looped, Target::All { marked: false }, None, "`rayon::slice::Chunks<'_, f64>` is not an iterator");
        assert!(asked.contains("is not a `for` loop's iterator"), "{asked}");
        let sequential =
            repair(CODE, Target::All { marked: false }, None, "error[E0596]: cannot borrow `x` as mutable");
        assert!(!sequential.contains("Threads may not"), "{sequential}");
    }

    #[test]
    fn a_repair_of_a_function_whose_signature_changed_asks_for_the_original_signature_back() {
        let f = focus::find(CODE, "f").expect("found");
        let changed = repair(CODE, Target::Function(&f), Some(&f.signature), "error[E0061]");
        assert!(changed.contains("call `f` as `fn f(n: u64) -> u64`, so keep exactly that signature"), "{changed}");
        let same = repair(CODE, Target::Function(&f), None, "error[E0308]");
        assert!(!same.contains("keep exactly that signature"), "{same}");
        assert!(same.starts_with("This Rust program did not compile after its function `f` was rewritten"));
    }
}
