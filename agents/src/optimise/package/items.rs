//! The functions of a package's source, found with `syn`: where each one
//! is (file and bytes, attributes and doc comments included), the path a
//! user names it by, and its signature.

use std::ops::Range;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::spanned::Spanned;

use crate::optimise::focus::LineStarts;

/// One function of the package, free or associated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FnItem {
    /// The module it is in (`["matrix"]`; empty for the crate's root).
    pub module: Vec<String>,
    /// Its path inside the crate: modules, then the type of an `impl`
    /// block, then its name (`["matrix", "Matrix", "mul"]`).
    pub path: Vec<String>,
    /// The type of the `impl` block it is in, if any.
    pub self_type: Option<String>,
    /// Its file, relative to the package's root.
    pub file: PathBuf,
    /// Its bytes in the file, from its first attribute or doc comment to
    /// its closing brace.
    pub span: Range<usize>,
    /// Its first line (1-based).
    pub line: usize,
    /// Its last line.
    pub last_line: usize,
    /// Its signature as tokens (`fn f (a : & str) -> usize`), which a
    /// candidate must keep.
    pub signature: String,
    /// It takes `self`.
    pub receiver: bool,
    /// It has type or const parameters (or `impl Trait` arguments).
    pub generic: bool,
    /// Its visibility as written (`pub`, `pub(crate)`, or empty).
    pub visibility: String,
}

impl FnItem {
    /// Its name.
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    /// `crate_name::module::Type::name`.
    pub fn qualified(&self, crate_name: &str) -> String {
        std::iter::once(crate_name).chain(self.path.iter().map(String::as_str)).collect::<Vec<_>>().join("::")
    }

    /// Whether `query` names it: a `::`-separated suffix of its qualified
    /// path, where a leading `crate` stands for the crate
    /// (`levenshtein`, `strdist::levenshtein`, `crate::levenshtein`,
    /// `Matrix::mul`).
    pub fn is_named(&self, query: &str, crate_name: &str) -> bool {
        let query: Vec<&str> = query.trim().split("::").map(str::trim).collect();
        let query: Vec<&str> = match query.first() {
            Some(&"crate") => std::iter::once(crate_name).chain(query[1..].iter().copied()).collect(),
            _ => query,
        };
        let full: Vec<&str> = std::iter::once(crate_name).chain(self.path.iter().map(String::as_str)).collect();
        !query.is_empty() && full.ends_with(&query)
    }
}

/// A source file that `syn` could not read.
#[derive(Debug, thiserror::Error)]
#[error("cannot parse {file}: {message}")]
pub struct ParseError {
    pub file: PathBuf,
    pub message: String,
}

/// The functions of one file, whose module path in the crate is `module`.
pub fn functions_in(file: &Path, text: &str, module: &[String]) -> Result<Vec<FnItem>, ParseError> {
    let parsed = syn::parse_file(text).map_err(|e| ParseError { file: file.to_path_buf(), message: e.to_string() })?;
    let lines = LineStarts::new(text);
    let mut found = Vec::new();
    collect(&parsed.items, module, file, &lines, &mut found);
    Ok(found)
}

fn collect(items: &[syn::Item], module: &[String], file: &Path, lines: &LineStarts<'_>, found: &mut Vec<FnItem>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => found.push(item_of(module, None, file, lines, f.span(), &f.sig, &f.vis)),
            syn::Item::Impl(block) => {
                let self_type = type_name(&block.self_ty);
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        found.push(item_of(module, Some(&self_type), file, lines, f.span(), &f.sig, &f.vis));
                    }
                }
            }
            syn::Item::Mod(inline) if !is_cfg_test(&inline.attrs) => {
                if let Some((_, items)) = &inline.content {
                    let mut inner = module.to_vec();
                    inner.push(inline.ident.to_string());
                    collect(items, &inner, file, lines, found);
                }
            }
            _ => {}
        }
    }
}

fn item_of(
    module: &[String],
    self_type: Option<&str>,
    file: &Path,
    lines: &LineStarts<'_>,
    span: proc_macro2::Span,
    sig: &syn::Signature,
    vis: &syn::Visibility,
) -> FnItem {
    let mut path = module.to_vec();
    path.extend(self_type.map(str::to_string));
    path.push(sig.ident.to_string());
    let generic = sig.generics.params.iter().any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
        || sig.inputs.iter().any(|arg| matches!(arg, syn::FnArg::Typed(t) if matches!(*t.ty, syn::Type::ImplTrait(_))));
    FnItem {
        module: module.to_vec(),
        path,
        self_type: self_type.map(str::to_string),
        file: file.to_path_buf(),
        // A span of a file that parsed always lies inside it.
        span: lines.offset(span.start()).unwrap_or_default()..lines.offset(span.end()).unwrap_or_default(),
        line: span.start().line,
        last_line: span.end().line,
        signature: signature_tokens(sig),
        receiver: sig.receiver().is_some(),
        generic,
        visibility: vis.to_token_stream().to_string(),
    }
}

/// A signature as comparable tokens (spacing and comments do not count).
pub fn signature_tokens(sig: &syn::Signature) -> String {
    sig.to_token_stream().to_string()
}

/// The name of an `impl` block's type without its generic arguments
/// (`Matrix<T>` is `Matrix`).
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map_or_else(String::new, |s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        other => other.to_token_stream().to_string(),
    }
}

/// `#[cfg(test)]`: code that is not part of the library.
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.to_token_stream().to_string().replace(' ', "") == "#[cfg(test)]")
}

/// The module path of a file of a crate whose root file is in `src_root`
/// (`src/lib.rs` is the crate, `src/a/mod.rs` and `src/a.rs` are `a`,
/// `src/a/b.rs` is `a::b`); `None` for a file outside it.
pub fn module_of(src_root: &Path, root_file: &Path, file: &Path) -> Option<Vec<String>> {
    if file == root_file {
        return Some(Vec::new());
    }
    let relative = file.strip_prefix(src_root).ok()?;
    let mut parts: Vec<String> =
        relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    Some(parts)
}

/// Why a user's function name does not pick one function.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FindError {
    #[error("no function `{query}` in the package{}", suggest(.close))]
    NotFound { query: String, close: Vec<String> },
    #[error("`{query}` names several functions; give more of the path: {}", .matches.join(", "))]
    Ambiguous { query: String, matches: Vec<String> },
}

fn suggest(close: &[String]) -> String {
    if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) }
}

/// The one function `query` names, or the closest names when none.
pub fn find<'a>(items: &'a [FnItem], query: &str, crate_name: &str) -> Result<&'a FnItem, FindError> {
    let matches: Vec<&FnItem> = items.iter().filter(|f| f.is_named(query, crate_name)).collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let wanted = query.rsplit("::").next().unwrap_or(query);
            let mut scored: Vec<(f64, String)> = items
                .iter()
                .map(|f| (strsim::jaro_winkler(wanted, f.name()), f.qualified(crate_name)))
                .filter(|(score, _)| *score > 0.75)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.dedup_by(|a, b| a.1 == b.1);
            Err(FindError::NotFound {
                query: query.to_string(),
                close: scored.into_iter().take(3).map(|s| s.1).collect(),
            })
        }
        several => Err(FindError::Ambiguous {
            query: query.to_string(),
            matches: several.iter().map(|f| f.qualified(crate_name)).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIB: &str = "//! A crate.\nuse std::fmt;\n\n/// Distance.\n#[inline]\npub fn distance(a: &str, b: &str) -> usize {\n    a.len() + b.len()\n}\n\npub struct Matrix { n: usize }\n\nimpl Matrix {\n    pub fn mul(&self, other: &Matrix) -> Matrix {\n        Matrix { n: self.n * other.n }\n    }\n}\n\nmod inner {\n    pub(crate) fn helper<T: Clone>(x: T) -> T { x }\n}\n\n#[cfg(test)]\nmod tests {\n    fn not_this() {}\n}\n";

    fn items() -> Vec<FnItem> {
        functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap()
    }

    #[test]
    fn functions_are_found_with_their_bytes_paths_and_signatures() {
        let items = items();
        let names: Vec<String> = items.iter().map(|f| f.path.join("::")).collect();
        assert_eq!(names, ["distance", "Matrix::mul", "inner::helper"]);
        let distance = &items[0];
        assert!(LIB[distance.span.clone()].starts_with("/// Distance.\n#[inline]\npub fn distance"));
        assert!(LIB[distance.span.clone()].ends_with("a.len() + b.len()\n}"));
        assert_eq!(distance.line, 4);
        assert_eq!(distance.visibility, "pub");
        assert!(!distance.receiver && !distance.generic);
        assert!(items[1].receiver);
        assert_eq!(items[1].self_type.as_deref(), Some("Matrix"));
        assert!(LIB[items[1].span.clone()].starts_with("pub fn mul(&self"));
        assert!(items[2].generic);
    }

    #[test]
    fn a_user_names_a_function_by_any_suffix_of_its_path() {
        let items = items();
        assert_eq!(find(&items, "distance", "strdist").unwrap().name(), "distance");
        assert_eq!(find(&items, "strdist::distance", "strdist").unwrap().name(), "distance");
        assert_eq!(find(&items, "crate::inner::helper", "strdist").unwrap().name(), "helper");
        assert_eq!(find(&items, "Matrix::mul", "strdist").unwrap().name(), "mul");
        let Err(FindError::NotFound { close, .. }) = find(&items, "distanse", "strdist") else { panic!() };
        assert_eq!(close, ["strdist::distance"]);
        let twice = [items[0].clone(), FnItem { path: vec!["other".into(), "distance".into()], ..items[0].clone() }];
        assert!(matches!(find(&twice, "distance", "s"), Err(FindError::Ambiguous { .. })));
    }

    #[test]
    fn files_map_to_modules() {
        let src = Path::new("/p/src");
        let root = Path::new("/p/src/lib.rs");
        assert_eq!(module_of(src, root, root), Some(vec![]));
        assert_eq!(module_of(src, root, Path::new("/p/src/a/mod.rs")), Some(vec!["a".to_string()]));
        assert_eq!(module_of(src, root, Path::new("/p/src/a/b.rs")), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(module_of(src, root, Path::new("/p/tests/t.rs")), None);
    }
}
