//! The README tells the truth about `marco optimise`'s defaults: every
//! "`--flag` (N)" it states is what `--help` states, and both are what the
//! loop uses.

use std::process::Command;

/// `(flag, default)` for each "`--flag` (N)" in `text`.
fn stated_defaults(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("`--") {
        rest = &rest[at + 1..];
        let Some(end) = rest.find('`') else { break };
        let flag = &rest[..end];
        let after = &rest[end + 1..];
        if let Some(value) = after.strip_prefix(" (").and_then(|v| v.split_once(')')).map(|(v, _)| v)
            && !value.is_empty()
            && value.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            found.push((flag.to_string(), value.to_string()));
        }
        rest = after;
    }
    found
}

/// The help paragraph of `flag` in clap's long help.
fn help_of<'a>(help: &'a str, flag: &str) -> &'a str {
    let start = help.lines().position(|l| l.trim_start().starts_with(&format!("{flag} ")) || l.trim() == flag);
    let start = start.unwrap_or_else(|| panic!("{flag} is not in --help:\n{help}"));
    let offset: usize = help.lines().take(start).map(|l| l.len() + 1).sum();
    let text = &help[offset..];
    let end = text
        .lines()
        .skip(1)
        .position(|l| l.trim_start().starts_with('-'))
        .map_or(text.len(), |n| text.lines().take(n + 1).map(|l| l.len() + 1).sum());
    &text[..end]
}

#[test]
fn the_readmes_option_defaults_are_those_of_the_help() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme.split("## `marco optimise`").nth(1).expect("a marco optimise section");
    let section = section.split("\n## ").next().unwrap();
    let stated = stated_defaults(section);
    assert!(stated.len() >= 3, "the README states the budgets' defaults: {stated:?}");
    let output = Command::new(env!("CARGO_BIN_EXE_marco")).args(["optimise", "--help"]).output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for (flag, value) in stated {
        let paragraph = help_of(&help, &flag);
        assert!(
            paragraph.contains(&format!("[default: {value}]")),
            "README says {flag} defaults to {value}; --help says:\n{paragraph}"
        );
    }
}

#[test]
fn the_stated_defaults_are_the_loops() {
    let options = marco::optimise::Options::default();
    let help = String::from_utf8(
        Command::new(env!("CARGO_BIN_EXE_marco")).args(["optimise", "--help"]).output().unwrap().stdout,
    )
    .unwrap();
    for (flag, value) in [
        ("--iterations", options.iterations.to_string()),
        ("--candidates", options.candidates.to_string()),
        ("--patience", options.patience.to_string()),
        ("--reply-tokens", options.reply_tokens.to_string()),
        ("--seed", options.seed.to_string()),
        ("--llm-timeout", marco::settings::LLM_TIMEOUT_S.to_string()),
    ] {
        let paragraph = help_of(&help, flag);
        assert!(paragraph.contains(&format!("[default: {value}]")), "{flag} defaults to {value}; --help:\n{paragraph}");
    }
}

#[test]
fn defaults_are_read_from_backquoted_flags() {
    let text = "Budgets: `--iterations` (3), `--candidates` (12), `--max-tokens`, `--seed` makes it repeatable (yes).";
    let expected = [("--iterations".to_string(), "3".to_string()), ("--candidates".to_string(), "12".to_string())];
    assert_eq!(stated_defaults(text), expected);
}
