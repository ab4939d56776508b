//! The user's code and the LLM's replies: the region marco may rewrite, code
//! found in a chatty reply, and diffs.

use std::fmt::Write as _;

use super::focus::{self, Function};

/// Marks the first line of the region marco may rewrite.
pub const BEGIN: &str = "// marco:begin";
/// Marks the line after the region.
pub const END: &str = "// marco:end";

/// A source split around the part marco may rewrite; everything outside
/// that part is kept byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Up to and including the `// marco:begin` line.
    before: String,
    editable: String,
    /// From the `// marco:end` line on.
    after: String,
    marked: bool,
    /// Whether the editable part must be a whole program (`fn main`).
    whole_program: bool,
}

/// Markers that do not delimit one region.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegionError {
    #[error("`{BEGIN}` on line {0} has no `{END}` after it")]
    Unclosed(usize),
    #[error("`{END}` on line {0} has no `{BEGIN}` before it")]
    Unopened(usize),
    #[error("more than one `{BEGIN}` region (lines {0} and {1}); marco rewrites one region")]
    Several(usize, usize),
}

impl Source {
    /// A complete program, optionally with one marked region.
    pub fn program(text: &str) -> Result<Source, RegionError> {
        let mut begin: Option<(usize, usize, usize)> = None;
        let mut end: Option<(usize, usize, usize)> = None;
        let mut offset = 0;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            let trimmed = line.trim();
            let at = (number + 1, offset, offset + line.len());
            if trimmed == BEGIN {
                if let Some((first, ..)) = begin {
                    return Err(RegionError::Several(first, number + 1));
                }
                begin = Some(at);
            } else if trimmed == END {
                if begin.is_none() {
                    return Err(RegionError::Unopened(number + 1));
                }
                if end.is_none() {
                    end = Some(at);
                }
            }
            offset += line.len();
        }
        match (begin, end) {
            (None, _) => Ok(Source {
                before: String::new(),
                editable: text.to_string(),
                after: String::new(),
                marked: false,
                whole_program: true,
            }),
            (Some((line, ..)), None) => Err(RegionError::Unclosed(line)),
            (Some((_, _, begin_end)), Some((_, end_start, _))) => Ok(Source {
                before: text[..begin_end].to_string(),
                editable: text[begin_end..end_start].to_string(),
                after: text[end_start..].to_string(),
                marked: true,
                whole_program: false,
            }),
        }
    }

    /// Code that is not a program on its own, such as a LeetCode solution.
    pub fn fragment(text: &str) -> Source {
        Source {
            before: String::new(),
            editable: text.to_string(),
            after: String::new(),
            marked: false,
            whole_program: false,
        }
    }

    /// One item of a larger file (a package's function), which the
    /// generator rewrites alone: like a marked region, without markers.
    /// The line break that ends the item becomes part of it, as a marked
    /// region's last line break is, so that splicing keeps every byte.
    pub fn region(before: &str, editable: &str, after: &str) -> Source {
        let (editable, after) = match after.strip_prefix('\n') {
            Some(rest) if !editable.ends_with('\n') => (format!("{editable}\n"), rest),
            _ => (editable.to_string(), after),
        };
        Source { before: before.to_string(), editable, after: after.to_string(), marked: true, whole_program: false }
    }

    /// The part the generator rewrites.
    pub fn editable(&self) -> &str {
        &self.editable
    }

    /// Whether only a marked region may change.
    pub fn is_marked(&self) -> bool {
        self.marked
    }

    /// Whether the editable part is a whole program, so that a candidate
    /// may rewrite one of its functions alone.
    pub fn is_whole_program(&self) -> bool {
        self.whole_program
    }

    /// The whole source with `editable` in place of the region.
    pub fn splice(&self, editable: &str) -> String {
        let mut text = String::with_capacity(self.before.len() + editable.len() + self.after.len() + 1);
        text.push_str(&self.before);
        text.push_str(editable);
        if self.marked && !editable.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&self.after);
        text
    }

    /// The editable part from an LLM reply: the largest Rust code block
    /// (or the code after the chatter when there is no fence), cut to the
    /// region when the reply kept the markers.
    pub fn extract(&self, reply: &str) -> Result<String, NoCode> {
        let code = largest_code_block(reply).or_else(|| unfenced_code(reply)).ok_or(NoCode::Missing)?;
        let code = format!("{}\n", code.trim_end());
        if self.marked {
            if let Ok(region) = Source::program(&code)
                && region.marked
            {
                if !region.editable.trim().is_empty() {
                    return Ok(region.editable);
                }
                // Markers echoed around nothing (the default model appends
                // them to its code): the code is what is outside them.
                return Ok(code
                    .lines()
                    .filter(|l| ![BEGIN, END].contains(&l.trim()))
                    .map(|l| format!("{l}\n"))
                    .collect());
            }
            if code.contains("fn main") && !self.editable.contains("fn main") {
                return Err(NoCode::WholeProgram);
            }
            return Ok(code);
        }
        if self.whole_program && !code.contains("fn main") {
            return Err(NoCode::NoMain);
        }
        Ok(code)
    }

    /// The editable part from a reply that was asked for `function` of
    /// `best` alone: `best` with the reply's function (and the helpers it
    /// brought) in its place, even when the reply repeated the rest of the
    /// program; a reply without the function may still be a whole program.
    pub fn extract_function(&self, reply: &str, best: &str, function: &Function) -> Result<String, NoCode> {
        let code = largest_code_block(reply).or_else(|| unfenced_code(reply)).ok_or(NoCode::Missing)?;
        if code.contains(&format!("fn {}", function.name)) {
            return Ok(focus::splice(best, function, &code));
        }
        if code.contains("fn main") {
            return self.extract(reply);
        }
        Err(NoCode::NoFunction)
    }
}

/// Why a reply gave no usable code.
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum NoCode {
    #[error("the reply holds no Rust code")]
    Missing,
    #[error("the reply's code has no `fn main`, so it is not the whole program")]
    NoMain,
    #[error("the reply's code has neither the function asked for nor a whole program")]
    NoFunction,
    #[error("the reply rewrote the whole program; only the code it was shown may change")]
    WholeProgram,
}

/// The longest fenced block whose language is Rust or unnamed; an
/// unterminated last fence (a reply cut off by its token limit) counts up to
/// the end of the reply.
pub(crate) fn largest_code_block(reply: &str) -> Option<String> {
    let mut best: Option<String> = None;
    let mut open: Option<(bool, String)> = None;
    for line in reply.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match open.take() {
                Some((rust, block)) => {
                    if rust && best.as_ref().is_none_or(|b| block.len() > b.len()) {
                        best = Some(block);
                    }
                }
                None => {
                    let language = info.trim().to_ascii_lowercase();
                    open = Some((matches!(language.as_str(), "" | "rust" | "rs"), String::new()));
                }
            }
        } else if let Some((_, block)) = open.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    if let Some((true, block)) = open
        && best.as_ref().is_none_or(|b| block.len() > b.len())
    {
        best = Some(block);
    }
    best.filter(|b| !b.trim().is_empty())
}

/// A reply without fences: the code starts at the first line that looks
/// like Rust (an item, an attribute or a comment).
fn unfenced_code(reply: &str) -> Option<String> {
    const STARTS: [&str; 10] = ["use ", "fn ", "pub ", "//", "#[", "#!", "const ", "struct ", "impl ", "static "];
    let mut lines = reply.lines().skip_while(|line| !STARTS.iter().any(|s| line.starts_with(s))).peekable();
    lines.peek()?;
    let code: String = lines.map(|line| format!("{line}\n")).collect();
    code.contains("fn ").then_some(code)
}

/// A unified diff of two sources, coloured for a terminal when `colour`.
pub fn diff(original: &str, changed: &str, colour: bool) -> String {
    let diff = similar::TextDiff::from_lines(original, changed);
    let mut out = String::new();
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let _ = writeln!(out, "{}", paint(&hunk.header().to_string(), console::Style::new().cyan(), colour));
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                similar::ChangeTag::Delete => ("-", console::Style::new().red()),
                similar::ChangeTag::Insert => ("+", console::Style::new().green()),
                similar::ChangeTag::Equal => (" ", console::Style::new()),
            };
            let line = format!("{sign}{}", change.value().trim_end_matches('\n'));
            let _ = writeln!(out, "{}", paint(&line, style, colour));
        }
    }
    out
}

fn paint(text: &str, style: console::Style, colour: bool) -> String {
    if colour { style.force_styling(true).apply_to(text).to_string() } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKED: &str = "use std::io;\n// marco:begin\nfn slow() -> u32 { 1 }\n// marco:end\nfn main() { slow(); }\n";

    #[test]
    fn a_reply_asked_for_one_function_is_spliced_into_the_best_even_with_the_whole_program_around_it() {
        let best = "use std::io::Read;\n\nfn work(n: u64) -> u64 {\n    let mut s = 0;\n    for i in 0..n { s += i; }\n    s\n}\n\n\
                    fn main() {\n    let mut t = String::new();\n    std::io::stdin().read_to_string(&mut t).unwrap();\n    \
                    println!(\"{}\", work(10));\n}\n";
        let source = Source::program(best).expect("a program");
        let work = &focus::hot_functions(best)[0];
        // The model repeats main but drops the `use` main needs: main stays the program's own.
        let reply = "Here:\n```rust\nfn work(n: u64) -> u64 {\n    n * n.saturating_sub(1) / 2\n}\n\nfn main() {\n    println!(\"{}\", work(10));\n}\n```";
        let spliced = source.extract_function(reply, best, work).expect("the function");
        assert_eq!(
            spliced,
            best.replace(
                "    let mut s = 0;\n    for i in 0..n { s += i; }\n    s\n",
                "    n * n.saturating_sub(1) / 2\n"
            )
        );
        let whole = "```rust\nfn main() { println!(\"45\"); }\n```";
        assert_eq!(source.extract_function(whole, best, work).as_deref(), Ok("fn main() { println!(\"45\"); }\n"));
        assert_eq!(source.extract_function("```rust\nfn other() {}\n```", best, work), Err(NoCode::NoFunction));
    }

    #[test]
    fn a_region_is_spliced_back_byte_for_byte() {
        let source = Source::program(MARKED).unwrap();
        assert!(source.is_marked());
        assert_eq!(source.editable(), "fn slow() -> u32 { 1 }\n");
        assert_eq!(source.splice(source.editable()), MARKED);
        let changed = source.splice("fn slow() -> u32 { 2 }");
        assert_eq!(changed, MARKED.replace("{ 1 }", "{ 2 }"));
    }

    #[test]
    fn bad_markers_are_errors_with_line_numbers() {
        assert_eq!(Source::program("// marco:begin\nfn main() {}\n"), Err(RegionError::Unclosed(1)));
        assert_eq!(Source::program("fn main() {}\n// marco:end\n"), Err(RegionError::Unopened(2)));
        let twice = "// marco:begin\n// marco:end\n// marco:begin\n// marco:end\n";
        assert_eq!(Source::program(twice), Err(RegionError::Several(1, 3)));
    }

    #[test]
    fn code_is_found_in_chatty_replies() {
        let source = Source::program("fn main() { println!(\"1\"); }\n").unwrap();
        let reply = "Sure! Here is a faster version:\n```python\nprint(1)\n```\n```rust\nfn main() {\n    println!(\"1\");\n}\n```\nThis avoids allocation.";
        assert_eq!(source.extract(reply).unwrap(), "fn main() {\n    println!(\"1\");\n}\n");
        // No fence at all.
        assert_eq!(source.extract("Here:\nfn main() {}\n").unwrap(), "fn main() {}\n");
        // Cut off by the token limit inside the block.
        assert_eq!(source.extract("```rust\nfn main() {\n").unwrap(), "fn main() {\n");
        assert_eq!(source.extract("I cannot make it faster."), Err(NoCode::Missing));
        assert_eq!(source.extract("```rust\nfn helper() {}\n```"), Err(NoCode::NoMain));
    }

    #[test]
    fn a_region_reply_may_keep_the_markers_or_not() {
        let source = Source::program(MARKED).unwrap();
        let with_markers =
            "```rust\nuse std::io;\n// marco:begin\nfn slow() -> u32 { 3 }\n// marco:end\nfn main() {}\n```";
        assert_eq!(source.extract(with_markers).unwrap(), "fn slow() -> u32 { 3 }\n");
        assert_eq!(source.extract("```rust\nfn slow() -> u32 { 4 }\n```").unwrap(), "fn slow() -> u32 { 4 }\n");
        let whole = "```rust\nfn slow() -> u32 { 4 }\nfn main() { slow(); }\n```";
        assert_eq!(source.extract(whole), Err(NoCode::WholeProgram));
        // Markers around nothing, after the code: the code is the region.
        let echoed = "```rust\nfn slow() -> u32 { 5 }\n\n// marco:begin\n// marco:end\n```";
        assert_eq!(source.extract(echoed).unwrap(), "fn slow() -> u32 { 5 }\n\n");
    }

    #[test]
    fn diffs_show_changed_lines() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n", false);
        assert!(d.contains("-b\n") && d.contains("+B\n") && d.starts_with("@@"), "{d}");
        assert!(diff("a\n", "a\n", false).is_empty());
    }
}
