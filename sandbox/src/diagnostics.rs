//! rustc's diagnostics as structured data, for the generator to read.

use serde::{Deserialize, Serialize};

use crate::crates::{self, REMAPPED_SOURCES};

/// The file name rustc sees for the candidate; spans elsewhere are withheld.
pub(crate) const SOURCE_FILE: &str = "main.rs";

/// One compiler message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// `error`, `warning`, `note`, `help`...
    pub level: String,
    pub message: String,
    /// The error code, such as `E0308`.
    pub code: Option<String>,
    /// Locations in the candidate source.
    pub spans: Vec<SourceSpan>,
    /// Follow-up notes and suggestions attached to this message.
    pub children: Vec<String>,
    /// rustc's human-readable rendering, as a terminal would show it.
    pub rendered: Option<String>,
    /// The edits rustc's help messages suggest, in the order it gave them.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
}

/// A change to the candidate source that rustc suggests to fix a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The help message that suggests it.
    pub message: String,
    /// rustc's confidence in it: `MachineApplicable`, `MaybeIncorrect`,
    /// `HasPlaceholders` or `Unspecified`.
    pub applicability: String,
    /// Replacements that make up the change, in source order, never
    /// overlapping (of alternatives at one place, the first).
    pub edits: Vec<Edit>,
}

/// Replace the bytes `start..end` of the candidate source with `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A range in the candidate source (1-based lines and columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSpan {
    pub line_start: usize,
    pub column_start: usize,
    pub line_end: usize,
    pub column_end: usize,
    pub is_primary: bool,
    pub label: Option<String>,
}

// The subset of rustc's `--error-format=json` that we read.
#[derive(Deserialize)]
struct RawDiagnostic {
    #[serde(rename = "$message_type", default)]
    message_type: Option<String>,
    message: String,
    code: Option<RawCode>,
    level: String,
    #[serde(default)]
    spans: Vec<RawSpan>,
    #[serde(default)]
    children: Vec<RawDiagnostic>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct RawCode {
    code: String,
}

#[derive(Deserialize)]
struct RawSpan {
    file_name: String,
    #[serde(default)]
    byte_start: usize,
    #[serde(default)]
    byte_end: usize,
    #[serde(default)]
    suggested_replacement: Option<String>,
    #[serde(default)]
    suggestion_applicability: Option<String>,
    line_start: usize,
    line_end: usize,
    column_start: usize,
    column_end: usize,
    is_primary: bool,
    label: Option<String>,
}

/// Parses rustc's JSON stderr. Lines that are not diagnostics are ignored.
///
/// A diagnostic that points into any file other than the candidate's own
/// source (or the standard library) is withheld except for its level: its
/// text could quote a host file that something slipped past the screen.
pub(crate) fn parse(stderr: &str) -> Vec<Diagnostic> {
    stderr
        .lines()
        .filter_map(|line| serde_json::from_str::<RawDiagnostic>(line).ok())
        .filter(|raw| raw.message_type.as_deref().is_none_or(|t| t == "diagnostic"))
        .map(convert)
        .collect()
}

fn is_allowed_file(name: &str) -> bool {
    // `/rustc/<commit>/library/...` is the standard library's remapped path,
    // and the allowed crates' sources are remapped the same way (crates.rs):
    // public code, which rustc names but cannot read.
    name == SOURCE_FILE || name.starts_with("/rustc/") || name.starts_with(REMAPPED_SOURCES) || name.starts_with("<")
}

/// How rustc words a crate it cannot find, before the crate's name in
/// backticks (current and older releases). "unresolved import `a::b`" is
/// not one: it is also what a wrong local path gets, and a missing crate's
/// import carries "unlinked crate `a`" in its label as well.
const UNRESOLVED_CRATE: &[&str] = &[
    "unresolved module or unlinked crate `",
    "undeclared crate or module `",
    "cannot find module or crate `",
    "missing a crate named `",
];

/// Adds to every error about a crate rustc cannot find the list of crates
/// a candidate may use, so that the next attempt picks one of them.
pub(crate) fn note_unavailable_crates(diags: &mut [Diagnostic]) {
    for diag in diags.iter_mut().filter(|d| d.level == "error") {
        let texts = std::iter::once(&diag.message)
            .chain(diag.spans.iter().filter_map(|s| s.label.as_ref()))
            .chain(diag.children.iter());
        let mut missing: Vec<String> = Vec::new();
        for text in texts {
            for pattern in UNRESOLVED_CRATE {
                for (at, _) in text.match_indices(pattern) {
                    let rest = &text[at + pattern.len()..];
                    // `a::b` in "unresolved import `a::b`" is crate `a`.
                    let name = rest.split(['`', ':']).next().unwrap_or_default();
                    let name = name.strip_prefix("r#").unwrap_or(name);
                    let is_name = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
                    // An allowed crate or a local name is some other mistake.
                    if is_name && !crates::is_available(name) && !missing.iter().any(|m| m == name) {
                        missing.push(name.to_string());
                    }
                }
            }
        }
        for name in missing {
            let note = crates::unavailable(&name);
            diag.children.push(format!("note: {note}"));
            if let Some(rendered) = &mut diag.rendered {
                // As rustc renders a note, inside the message's block.
                rendered.truncate(rendered.trim_end().len());
                rendered.push_str(&format!("\n  = note: {note}\n\n"));
            }
        }
    }
}

fn mentions_foreign_file(raw: &RawDiagnostic) -> bool {
    raw.spans.iter().any(|s| !is_allowed_file(&s.file_name)) || raw.children.iter().any(mentions_foreign_file)
}

fn convert(raw: RawDiagnostic) -> Diagnostic {
    if mentions_foreign_file(&raw) {
        return Diagnostic {
            level: raw.level,
            message: "diagnostic withheld: it refers to a file outside the candidate".into(),
            code: None,
            spans: Vec::new(),
            children: Vec::new(),
            rendered: None,
            suggestions: Vec::new(),
        };
    }
    let suggestions = raw.children.iter().filter_map(suggestion).collect();
    Diagnostic {
        level: raw.level,
        message: raw.message,
        code: raw.code.map(|c| c.code),
        spans: raw
            .spans
            .into_iter()
            .filter(|s| s.file_name == SOURCE_FILE)
            .map(|s| SourceSpan {
                line_start: s.line_start,
                column_start: s.column_start,
                line_end: s.line_end,
                column_end: s.column_end,
                is_primary: s.is_primary,
                label: s.label,
            })
            .collect(),
        children: raw.children.into_iter().map(|c| format!("{}: {}", c.level, c.message)).collect(),
        rendered: raw.rendered,
        suggestions,
    }
}

/// The change a help message suggests in the candidate source, if any.
fn suggestion(child: &RawDiagnostic) -> Option<Suggestion> {
    let mut spans: Vec<&RawSpan> = child
        .spans
        .iter()
        .filter(|s| s.file_name == SOURCE_FILE && s.suggested_replacement.is_some() && s.byte_start <= s.byte_end)
        .collect();
    spans.sort_by_key(|s| (s.byte_start, s.byte_end));
    let mut edits: Vec<Edit> = Vec::new();
    for span in &spans {
        // Spans at one place are alternatives ("import one of these").
        if edits.last().is_some_and(|last| span.byte_start < last.end || span.byte_start == last.start) {
            continue;
        }
        let text = span.suggested_replacement.clone().unwrap_or_default();
        edits.push(Edit { start: span.byte_start, end: span.byte_end, text });
    }
    let applicability = spans.first()?.suggestion_applicability.clone().unwrap_or_else(|| "Unspecified".into());
    Some(Suggestion { message: child.message.clone(), applicability, edits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_error_and_skips_non_json_lines() {
        let stderr = concat!(
            "garbage\n",
            r#"{"$message_type":"diagnostic","message":"mismatched types","code":{"code":"E0308","explanation":null},"level":"error","spans":[{"file_name":"main.rs","byte_start":1,"byte_end":2,"line_start":3,"line_end":3,"column_start":5,"column_end":9,"is_primary":true,"text":[],"label":"expected `i32`","suggested_replacement":null,"suggestion_applicability":null,"expansion":null}],"children":[{"message":"try this","code":null,"level":"help","spans":[],"children":[],"rendered":null}],"rendered":"error[E0308]: mismatched types"}"#,
            "\n"
        );
        let diags = parse(stderr);
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.code.as_deref(), Some("E0308"));
        assert_eq!(d.spans[0].line_start, 3);
        assert_eq!(d.children, vec!["help: try this".to_string()]);
    }

    #[test]
    fn reads_the_edits_rustc_suggests() {
        // A borrow (two insertions), and an import with an alternative at
        // the same place; a note without an edit is no suggestion.
        let span = |start: usize, end: usize, text: &str, how: &str| {
            format!(
                r#"{{"file_name":"main.rs","byte_start":{start},"byte_end":{end},"line_start":1,"line_end":1,"column_start":1,"column_end":1,"is_primary":true,"label":null,"suggested_replacement":"{text}","suggestion_applicability":"{how}"}}"#
            )
        };
        let line = format!(
            r#"{{"message":"mismatched types","code":null,"level":"error","spans":[],"children":[{{"message":"consider borrowing here","code":null,"level":"help","spans":[{},{}],"children":[],"rendered":null}},{{"message":"import one of these","code":null,"level":"help","spans":[{},{}],"children":[],"rendered":null}},{{"message":"a note","code":null,"level":"note","spans":[],"children":[],"rendered":null}}],"rendered":null}}"#,
            span(30, 30, ")", "MachineApplicable"),
            span(20, 20, "&(", "MachineApplicable"),
            span(0, 0, "use std::io::Read;\\n", "MaybeIncorrect"),
            span(0, 0, "use std::io::prelude::*;\\n", "MaybeIncorrect"),
        );
        let diags = parse(&line);
        let suggestions = &diags[0].suggestions;
        assert_eq!(suggestions.len(), 2, "{suggestions:?}");
        assert_eq!(suggestions[0].applicability, "MachineApplicable");
        assert_eq!(
            suggestions[0].edits,
            vec![Edit { start: 20, end: 20, text: "&(".into() }, Edit { start: 30, end: 30, text: ")".into() }]
        );
        assert_eq!(suggestions[1].edits, vec![Edit { start: 0, end: 0, text: "use std::io::Read;\n".into() }]);
    }

    #[test]
    fn withholds_diagnostics_about_foreign_files() {
        let line = r#"{"message":"root:x:0:0 is not valid Rust","code":null,"level":"error","spans":[{"file_name":"/etc/passwd","line_start":1,"line_end":1,"column_start":1,"column_end":2,"is_primary":true,"label":null}],"children":[],"rendered":"root:x:0:0"}"#;
        let diags = parse(line);
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].message.contains("root"));
        assert!(diags[0].rendered.is_none());
    }
}
