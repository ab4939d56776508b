//! A token-level screen that refuses sources able to reach outside the
//! sandbox at compile time.
//!
//! rustc already runs with an empty environment in a private directory; the
//! screen adds clear refusals for every way a source can make rustc read a
//! host file or variable or load foreign code, so none of them is ever tried.

use std::collections::HashSet;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::crates;

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
/// Keywords whose next identifier is a name the file defines.
const DEFINING_KEYWORDS: &[&str] = &["mod", "enum", "struct", "union", "trait", "type", "fn", "const", "static"];
/// First segments of a `use` path that name no crate.
const PATH_KEYWORDS: &[&str] = &["crate", "self", "super", "$crate"];
/// What the standard prelude (Rust 2021) puts in scope by name; `use
/// Option::*;` is valid Rust.
const PRELUDE: &[&str] = &[
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "drop",
    "Box",
    "ToOwned",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "TryFrom",
    "TryInto",
    "FromIterator",
];

/// Checks a candidate source. `Ok(())` means rustc may see it.
pub fn screen(source: &str) -> Result<(), Rejection> {
    let tokens = tokens_of(source)?;
    check(&tokens)?;
    check_crate_names(&tokens)
}

/// Checks code that goes into a user's Cargo package, whose dependencies
/// are its own: the same refusals as a candidate program gets (compile-time
/// file and environment access, `#[path]`, linker attributes, assembly,
/// `mod x;`) without the list of crates.
pub fn screen_package_code(source: &str) -> Result<(), Rejection> {
    check(&tokens_of(source)?)
}

fn tokens_of(source: &str) -> Result<Vec<TokenTree>, Rejection> {
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
    Ok(tokens.into_iter().collect())
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
                    if !crates::is_available(krate.strip_prefix("r#").unwrap_or(&krate)) {
                        let reason = format!("`extern crate {krate}` is not allowed: {}", crates::unavailable(&krate));
                        return Err(Rejection::at(reason, token));
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

/// Refuses a `use` whose path starts with a crate the candidate cannot
/// have, so the generator hears which crates it may use before rustc runs.
/// rustc is the authority on everything else: a first segment that names
/// anything the file might define is let through.
fn check_crate_names(tokens: &[TokenTree]) -> Result<(), Rejection> {
    let mut names = Names::default();
    collect_names(tokens, &mut names);
    for root in names.roots {
        let name = root.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        if !(crates::is_available(name)
            || PATH_KEYWORDS.contains(&name)
            || PRELUDE.contains(&name)
            || names.defined.contains(name)
            || names.opaque_glob)
        {
            return Err(Rejection::at(crates::unavailable(name), &root));
        }
    }
    Ok(())
}

#[derive(Default)]
struct Names {
    /// Names the source defines or imports.
    defined: HashSet<String>,
    /// The first segment of every `use` path.
    roots: Vec<TokenTree>,
    /// A glob import other than a `prelude`'s: it may bring in modules
    /// (`use std::collections::*;` brings `hash_map`), so any name may be
    /// local.
    opaque_glob: bool,
}

/// Gathers, from the whole source, the names it defines (items, macros,
/// names a `use` brings in or renames) and the first segment of every `use`
/// path.
fn collect_names(tokens: &[TokenTree], names: &mut Names) {
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                let word = ident.to_string();
                let after = match tokens.get(i + 1) {
                    Some(TokenTree::Ident(m)) if m == "mut" => tokens.get(i + 2),
                    other => other,
                };
                let defines = DEFINING_KEYWORDS.contains(&word.as_str())
                    || word == "as"
                    || (word == "macro_rules" && is_punct(tokens.get(i + 1), '!'));
                let after = if word == "macro_rules" { tokens.get(i + 2) } else { after };
                if defines && let Some(TokenTree::Ident(name)) = after {
                    let name = name.to_string();
                    names.defined.insert(name.strip_prefix("r#").unwrap_or(&name).to_string());
                }
                // `use<'a, T>` in `impl Trait + use<...>` is no import.
                if word == "use" && !is_punct(tokens.get(i + 1), '<') {
                    let end =
                        tokens[i + 1..].iter().position(|t| is_punct(Some(t), ';')).map_or(tokens.len(), |p| i + 1 + p);
                    use_tree(&tokens[i + 1..end], true, names);
                }
            }
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                collect_names(&inner, names);
            }
            _ => {}
        }
    }
}

/// Reads one `use` tree: `a::b::{c, d as e}`, `::a::*`, `{a, b::c}`. At the
/// root, the first segment of each path goes to `roots`; the last segment
/// of each leaf (the name it brings into scope) goes to `defined` (`as`
/// renames are collected by the caller).
fn use_tree(tokens: &[TokenTree], root: bool, names: &mut Names) {
    let mut i = 0;
    // A leading `::`.
    while is_punct(tokens.get(i), ':') {
        i += 1;
    }
    // `use $name::...` inside `macro_rules!`: the path is not known yet.
    if is_punct(tokens.get(i), '$') {
        return;
    }
    let mut first = root;
    let mut last: Option<String> = None;
    let mut segments = 0;
    while let Some(token) = tokens.get(i) {
        match token {
            // The alias is the name brought in, not the path's last segment.
            TokenTree::Ident(ident) if ident == "as" => return,
            TokenTree::Ident(ident) => {
                if first {
                    names.roots.push(token.clone());
                    first = false;
                }
                segments += 1;
                let name = ident.to_string();
                // `a::{self}` brings `a` into scope, not `self`.
                if name != "self" {
                    last = Some(name.strip_prefix("r#").unwrap_or(&name).to_string());
                }
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                for part in inner.split(|t| is_punct(Some(t), ',')) {
                    if is_ident(part.first(), "self") {
                        names.defined.extend(last.clone());
                    }
                    use_tree(part, first, names);
                }
                return;
            }
            // A glob brings in names the screen cannot see.
            TokenTree::Punct(p) if p.as_char() == '*' => {
                names.opaque_glob |= last.as_deref() != Some("prelude");
                return;
            }
            _ => {}
        }
        i += 1;
    }
    // `use regex;` brings in nothing but the crate it names.
    if !(root && segments == 1) {
        names.defined.extend(last);
    }
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
    fn accepts_the_allowed_crates() {
        let src = r#"
            extern crate rustc_hash;
            use rayon::prelude::*;
            use rustc_hash::FxHashMap;
            use ::smallvec::{smallvec, SmallVec};
            use std::{collections::HashMap, io::{self, Read}};
            use memchr::memchr as find;
            fn main() {
                let m: FxHashMap<u8, u8> = FxHashMap::default();
                let v: SmallVec<[u8; 4]> = smallvec![1, 2];
                let s: u64 = (1..=10u64).into_par_iter().sum();
                let _ = (m, v, s, find(b'a', b"abc"), bytemuck::cast_slice::<u32, u8>(&[1]), io::stdin());
                let _ = HashMap::<u8, u8>::new();
            }
        "#;
        screen(src).unwrap();
    }

    #[test]
    fn refuses_other_crates_with_the_list() {
        for (src, at) in [
            ("extern crate regex;", (1, 1)),
            ("use regex::Regex;", (1, 5)),
            ("use ::regex::Regex;", (1, 7)),
            ("use regex;", (1, 5)),
            ("use std::io;\nuse {std::fmt, regex::Regex};", (2, 16)),
            ("fn main() {\n    use regex::Regex;\n}", (2, 9)),
        ] {
            let r = rejected(src);
            assert_eq!(r.location, Some(at), "{src}: {r}");
            assert!(r.reason.contains("crate `regex` is not available: candidates may use std and only"), "{r}");
            for c in crate::ALLOWED_CRATES {
                assert!(r.reason.contains(&format!("{} {}", c.crate_name(), c.version)), "{r}");
            }
        }
    }

    #[test]
    fn a_use_of_a_name_the_file_defines_is_no_crate() {
        for src in [
            "enum Direction { North, South }\nuse Direction::*;\nfn main() { let _ = North; }",
            "mod m { pub fn f() {} }\nuse self::m::f;\nuse m::f as g;\nfn main() { f(); g(); }",
            "mod m { pub mod n { pub fn f() {} } }\nuse m::n;\nuse n::f;",
            "use std::cmp::Ordering;\nuse Ordering::*;\nuse Option::Some as Just;",
            "use std::collections::{self as c};\nuse c::HashMap;",
            "use std::collections::{self};\nuse collections::HashMap;",
            "struct S;\nimpl S { const C: u8 = 1; }\nuse S as T;",
            "macro_rules! m { ($p:ident) => { use $p::x; use $crate::y; } }",
            "fn f() -> impl Sized + use<> {}",
            "trait Shape { fn area(&self) -> f64; }\nmod shapes { use super::Shape; use crate::Shape as S; }",
        ] {
            screen(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        }
        // A glob may bring in modules: then any name may be local, and
        // rustc decides. A prelude's glob brings in no module.
        screen("use std::collections::*;\nuse hash_map::Entry;").unwrap();
        rejected("use rayon::prelude::*;\nuse std::io::prelude::*;\nuse regex::Regex;");
    }

    #[test]
    fn rejects_oversized_sources() {
        let src = format!("fn main() {{}}\n//{}", "x".repeat(MAX_SOURCE_BYTES));
        let r = rejected(&src);
        assert!(r.reason.contains("limit"), "{r}");
    }
}
