//! A token-level screen that refuses sources able to reach outside the
//! sandbox at compile time.
//!
//! rustc already runs with an empty environment in a private directory; the
//! screen adds clear refusals for every way a source can make rustc read a
//! host file or variable or load foreign code, so none of them is ever tried.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The largest source accepted, in bytes. Real candidates are a few KiB; a
/// multi-megabyte source is an attempt to exhaust the compiler.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// Why a source was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}{}", location.map(|(l, c)| format!(" (line {l}, column {c})")).unwrap_or_default())]
pub struct Rejection {
    pub reason: String,
    /// 1-based line and column of the offending token, when there is one.
    pub location: Option<(usize, usize)>,
}

impl Rejection {
    fn at(reason: impl Into<String>, token: &impl Spanned) -> Self {
        let (line, column) = token.line_column();
        Rejection { reason: reason.into(), location: Some((line, column + 1)) }
    }
}

trait Spanned {
    fn line_column(&self) -> (usize, usize);
}

impl Spanned for TokenTree {
    fn line_column(&self) -> (usize, usize) {
        let start = self.span().start();
        (start.line, start.column)
    }
}

/// Macros that read files or environment variables at compile time.
const FORBIDDEN_MACROS: &[&str] = &["include", "include_str", "include_bytes", "env", "option_env"];
/// Assembly can place code in sections the C runtime runs before the
/// sandbox's seccomp filter is installed (see `guard.rs`); SIMD needs none
/// of it (`std::arch` intrinsics are functions).
const ASSEMBLY_MACROS: &[&str] = &["asm", "global_asm", "naked_asm"];
/// Attributes that load files, link foreign code or change the crate kind.
const FORBIDDEN_ATTRIBUTES: &[&str] = &[
    "path",
    "link",
    "link_name",
    "crate_type",
    "crate_name",
    "proc_macro",
    "proc_macro_derive",
    "proc_macro_attribute",
    "debugger_visualizer",
    "no_link",
    // These place code or data where the C runtime or the linker finds it
    // before `main`, ahead of the sandbox's seccomp filter, or replace a
    // symbol the filter's installer uses.
    "link_section",
    "export_name",
    "no_mangle",
    "naked",
];
/// The only crates a candidate may name with `extern crate`.
const ALLOWED_EXTERN_CRATES: &[&str] = &["std", "core", "alloc"];

/// Checks a candidate source. `Ok(())` means rustc may see it.
pub fn screen(source: &str) -> Result<(), Rejection> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(Rejection {
            reason: format!("source is {} bytes; the limit is {} bytes", source.len(), MAX_SOURCE_BYTES),
            location: None,
        });
    }
    let tokens: TokenStream = source.parse().map_err(|e: proc_macro2::LexError| {
        let start = e.span().start();
        Rejection { reason: format!("source does not tokenize: {e}"), location: Some((start.line, start.column + 1)) }
    })?;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    check(&tokens)
}

fn is_ident(token: Option<&TokenTree>, name: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(i)) if i == name)
}

fn is_punct(token: Option<&TokenTree>, ch: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

fn check(tokens: &[TokenTree]) -> Result<(), Rejection> {
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                if FORBIDDEN_MACROS.contains(&name) && is_punct(next, '!') {
                    return Err(Rejection::at(
                        format!(
                            "`{name}!` reads host files or environment variables at compile time and is not allowed"
                        ),
                        token,
                    ));
                }
                // A `use ... as alias` of these macros would hide them from
                // the check above. `env` is also a module name, so only its
                // renaming is refused; the others are never legitimate.
                if name != "env" && FORBIDDEN_MACROS.contains(&name) {
                    return Err(Rejection::at(
                        format!("`{name}` may not be named: it reads host files at compile time"),
                        token,
                    ));
                }
                if ASSEMBLY_MACROS.contains(&name) && (is_punct(next, '!') || is_ident(next, "as")) {
                    return Err(Rejection::at(
                        format!("`{name}!` is not allowed: write SIMD with `std::arch` intrinsics instead"),
                        token,
                    ));
                }
                if name == "env" && is_ident(next, "as") {
                    return Err(Rejection::at("renaming `env` is not allowed: it could hide the `env!` macro", token));
                }
                if name == "extern" && is_ident(next, "crate") {
                    let krate = tokens.get(i + 2).map(|t| t.to_string()).unwrap_or_default();
                    if !ALLOWED_EXTERN_CRATES.contains(&krate.as_str()) {
                        return Err(Rejection::at(
                            format!("`extern crate {krate}` is not allowed: only std, core and alloc are available"),
                            token,
                        ));
                    }
                }
                if name == "mod"
                    && let (Some(TokenTree::Ident(_)), true) = (next, is_punct(tokens.get(i + 2), ';'))
                {
                    return Err(Rejection::at(
                        "`mod name;` loads another file; write the module inline as `mod name { ... }`",
                        token,
                    ));
                }
            }
            TokenTree::Punct(p) if p.as_char() == '$' => {
                // Inside `macro_rules!`, `$name!` or `$(...)!` builds a macro
                // call from tokens the screen cannot see, e.g. `m!(env)`.
                let after = match next {
                    Some(TokenTree::Ident(_)) | Some(TokenTree::Group(_)) => tokens.get(i + 2),
                    _ => None,
                };
                if is_punct(after, '!') {
                    return Err(Rejection::at(
                        "a macro call whose name is a macro variable (`$name!`) is not allowed",
                        token,
                    ));
                }
            }
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // `#[attr]` or `#![attr]`.
                let group = match next {
                    Some(TokenTree::Punct(bang)) if bang.as_char() == '!' && bang.spacing() == Spacing::Alone => {
                        tokens.get(i + 2)
                    }
                    other => other,
                };
                if let Some(TokenTree::Group(g)) = group
                    && g.delimiter() == Delimiter::Bracket
                {
                    check_attribute(g.stream())?;
                }
            }
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                check(&inner)?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_attribute(attribute: TokenStream) -> Result<(), Rejection> {
    let tokens: Vec<TokenTree> = attribute.into_iter().collect();
    // `#[cfg_attr(pred, attr, ...)]` applies the attributes after the
    // predicate, so every identifier in it is checked as an attribute name.
    let names: Vec<&TokenTree> = match tokens.first() {
        Some(TokenTree::Ident(i)) if i == "cfg_attr" => match tokens.get(1) {
            Some(TokenTree::Group(g)) => {
                for t in g.stream() {
                    if let TokenTree::Ident(i) = &t
                        && FORBIDDEN_ATTRIBUTES.contains(&i.to_string().as_str())
                    {
                        return Err(forbidden_attribute(&t));
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        },
        // `#[unsafe(no_mangle)]`: the attribute is inside the group.
        Some(TokenTree::Ident(i)) if i == "unsafe" => match tokens.get(1) {
            Some(TokenTree::Group(g)) => return check_attribute(g.stream()),
            _ => Vec::new(),
        },
        Some(first) => vec![first],
        None => Vec::new(),
    };
    for name in names {
        if let TokenTree::Ident(i) = name
            && FORBIDDEN_ATTRIBUTES.contains(&i.to_string().as_str())
        {
            return Err(forbidden_attribute(name));
        }
    }
    check(&tokens)
}

fn forbidden_attribute(token: &TokenTree) -> Rejection {
    Rejection::at(
        format!(
            "the `#[{token}]` attribute is not allowed: it loads host files, links foreign code or changes the crate kind"
        ),
        token,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(src: &str) -> Rejection {
        screen(src).expect_err(src)
    }

    #[test]
    fn accepts_ordinary_programs() {
        let src = r#"
            use std::collections::HashMap;
            use std::env;
            #[derive(Debug, Clone)]
            struct P { x: i32 }
            mod inner { pub fn f() -> u8 { 1 } }
            macro_rules! square { ($e:expr) => { $e * $e }; }
            fn main() {
                let args: Vec<String> = env::args().collect();
                let mut m = HashMap::new();
                m.insert(1, square!(3));
                if m.len() != 2 { println!("{:?} {} {}", P { x: 1 }, inner::f(), args.len()); }
            }
        "#;
        screen(src).unwrap();
    }

    #[test]
    fn rejects_each_compile_time_vector() {
        for src in [
            r#"const S: &str = include_str!("/etc/passwd");"#,
            r#"const S: &[u8] = std::include_bytes!("/etc/passwd");"#,
            r#"include!("/etc/hostname");"#,
            r#"const K: &str = env!("OPENAI_API_KEY");"#,
            r#"const K: Option<&str> = core::option_env!("HOME");"#,
            r#"use std::include_str as x; const S: &str = x!("/etc/passwd");"#,
            r#"use std::{env as e}; const K: &str = e!("HOME");"#,
            r#"#[path = "/etc/passwd"] mod p;"#,
            r#"mod secrets;"#,
            r#"extern crate proc_macro;"#,
            r#"#![crate_type = "proc-macro"]"#,
            r#"#[proc_macro] pub fn m(t: TokenStream) -> TokenStream { t }"#,
            r#"#![debugger_visualizer(natvis_file = "/etc/passwd")]"#,
            r#"#[link(name = "ssl")] extern "C" {}"#,
            r#"#[cfg_attr(all(), path = "/etc/passwd")] mod p;"#,
            r#"macro_rules! m { ($i:ident) => { $i!("HOME") } } const K: &str = m!(env);"#,
            r#"fn main() { let s = "unterminated; }"#,
            r#"#[link_section = ".preinit_array"] static S: u8 = 0;"#,
            r#"#[unsafe(link_section = ".init_array")] static S: u8 = 0;"#,
            r#"#[no_mangle] pub extern "C" fn prctl() {}"#,
            r#"#[unsafe(export_name = "syscall")] pub extern "C" fn f() {}"#,
            r#"std::arch::global_asm!(".pushsection .preinit_array");"#,
            r#"fn main() { unsafe { core::arch::asm!("nop") } }"#,
        ] {
            rejected(src);
        }
    }

    #[test]
    fn reports_where_and_why() {
        let r = rejected("fn main() {\n    let s = include_str!(\"/etc/passwd\");\n}");
        assert_eq!(r.location, Some((2, 13)));
        assert!(r.to_string().contains("include_str!"), "{r}");
    }

    #[test]
    fn rejects_oversized_sources() {
        let src = format!("fn main() {{}}\n//{}", "x".repeat(MAX_SOURCE_BYTES));
        let r = rejected(&src);
        assert!(r.reason.contains("limit"), "{r}");
    }
}
