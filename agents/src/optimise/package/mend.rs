//! Slips in a candidate whose intent is plain, mended before it is
//! screened: the target written without its `pub` (or with one it did not
//! have), without its doc comment or with one of its own, a helper that repeats a function its
//! scope already has with the same signature, and an import of a
//! collection the code never names, and a `use` of the package's own crate
//! by its name (which only other crates may write: inside it, `crate::`).
//! The default model makes all of them:
//! on the `numeric` example, two of three first candidates for `variance`
//! had the right idea (compute the mean once) and were refused for a
//! missing `pub` or a copy of `mean`, and the kept one came into the patch
//! without its doc comment and with an unused `HashMap` import. A mended
//! candidate is still screened, built, tested and compared with the
//! original like any other; anything less plain is left to the screen.

use std::ops::Range;

use syn::spanned::Spanned;

use super::items::{FnItem, signature_tokens};
use crate::optimise::focus::LineStarts;

/// A function of the target's scope (its module's free functions, or the
/// methods of its type), as the package has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sibling {
    pub name: String,
    pub signature: String,
}

impl Sibling {
    /// The functions that share `target`'s scope among `functions` (those
    /// of its file, read from the same text), the target itself left out.
    pub fn of(target: &FnItem, functions: &[FnItem]) -> Vec<Sibling> {
        // Found by its bytes: the file may have been read with another
        // module path than the one `target` carries.
        let Some(itself) = functions.iter().find(|f| f.span == target.span) else {
            return Vec::new();
        };
        functions
            .iter()
            .filter(|f| f.module == itself.module && f.self_type == itself.self_type && f.span != itself.span)
            .map(|f| Sibling { name: f.name().to_string(), signature: f.signature.clone() })
            .collect()
    }
}

/// `candidate` with the target's visibility, doc comments and attributes as
/// `original` (the target as the package has it) writes them, without
/// copies of `siblings`, and with its imports from `own_crate` (the crate
/// the target is in) made `crate::`; unchanged when it does not parse.
pub fn mend(target: &FnItem, original: &str, candidate: &str, siblings: &[Sibling], own_crate: &str) -> String {
    // A method and its helpers are items of one `impl` block.
    let wrapper = if target.self_type.is_some() { "impl MarcoTarget {\n" } else { "" };
    let wrap = |code: &str| if wrapper.is_empty() { code.to_string() } else { format!("{wrapper}{code}\n}}") };
    let text = wrap(candidate);
    let Some(written) = functions(&text, !wrapper.is_empty()) else {
        return candidate.to_string();
    };
    let lines = LineStarts::new(&text);
    // `pub(crate)` as the user wrote it, not as tokens (`pub (crate)`).
    let kept = as_written(&wrap(original), !wrapper.is_empty())
        .unwrap_or_else(|| Head { attributes: String::new(), visibility: target.visibility.clone() });
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for function in &written {
        let (Some(item), Some(signature)) = (range(&lines, function.item), range(&lines, function.signature_start))
        else {
            return candidate.to_string();
        };
        let tokens = signature_tokens(&function.sig);
        if function.sig.ident == target.name() {
            if tokens != target.signature {
                continue;
            }
            // The package's doc comments and attributes (a public
            // function's documentation is not the reply's to rewrite: the
            // kvparse run's kept `strip_comment` came with a doc comment
            // of its own), then the package's visibility, then `fn`.
            let visibility = if kept.visibility.is_empty() { String::new() } else { format!("{} ", kept.visibility) };
            let replacement = format!("{}{visibility}", kept.attributes);
            if text[item.start..signature.start] != replacement {
                edits.push((item.start..signature.start, replacement));
            }
        } else if siblings.iter().any(|s| function.sig.ident == s.name && s.signature == tokens) {
            edits.push((item, String::new()));
        }
    }
    if wrapper.is_empty() {
        edits.extend(unused_collection_imports(&text).into_iter().map(|at| (at, String::new())));
    }
    edits.extend(own_crate_imports(&text, own_crate).into_iter().map(|at| (at, "crate".to_string())));
    edits.sort_by_key(|(at, _)| std::cmp::Reverse(at.start));
    let mut mended = text;
    for (at, replacement) in edits {
        mended.replace_range(at, &replacement);
    }
    match wrapper {
        // Blank lines before the code would come into the patch.
        "" => mended.trim_start_matches('\n').to_string(),
        _ => mended
            .strip_prefix(wrapper)
            .and_then(|m| m.strip_suffix("\n}"))
            .map_or_else(|| candidate.to_string(), str::to_string),
    }
}

/// One function the candidate writes, with the spans `mend` edits.
struct Written {
    sig: syn::Signature,
    visibility_tokens: String,
    item: proc_macro2::Span,
    visibility: proc_macro2::Span,
    signature_start: proc_macro2::Span,
}

fn functions(text: &str, in_impl: bool) -> Option<Vec<Written>> {
    let written = |vis: &syn::Visibility, sig: &syn::Signature, item| Written {
        sig: sig.clone(),
        visibility_tokens: quote::ToTokens::to_token_stream(vis).to_string(),
        item,
        visibility: vis.span(),
        signature_start: sig.span(),
    };
    if in_impl {
        let block: syn::ItemImpl = syn::parse_str(text).ok()?;
        Some(
            block
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(written(&f.vis, &f.sig, f.span())),
                    _ => None,
                })
                .collect(),
        )
    } else {
        let file = syn::parse_file(text).ok()?;
        Some(
            file.items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Fn(f) => Some(written(&f.vis, &f.sig, f.span())),
                    _ => None,
                })
                .collect(),
        )
    }
}

/// What comes before a function's signature, as written.
struct Head {
    /// Doc comments and attributes, with the line breaks after them.
    attributes: String,
    visibility: String,
}

/// The head of the one function in `text`.
fn as_written(text: &str, in_impl: bool) -> Option<Head> {
    let [function] = &functions(text, in_impl)?[..] else {
        return None;
    };
    let lines = LineStarts::new(text);
    let (item, signature) = (range(&lines, function.item)?, range(&lines, function.signature_start)?);
    let head = match function.visibility_tokens.is_empty() {
        true => signature.start,
        false => range(&lines, function.visibility)?.start,
    };
    Some(Head {
        attributes: text[item.start..head].to_string(),
        visibility: text[head..signature.start].trim().to_string(),
    })
}

/// `use std::collections::X;` items whose `X` the code never names (the
/// default model often opens with `use std::collections::HashMap;` and
/// never uses it, and the patch would carry it). Only collections: a trait
/// import is used without being named.
fn unused_collection_imports(text: &str) -> Vec<Range<usize>> {
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    let lines = LineStarts::new(text);
    let mut unused = Vec::new();
    for item in &file.items {
        let syn::Item::Use(import) = item else { continue };
        let name = match &import.tree {
            syn::UseTree::Path(std) if std.ident == "std" => match &*std.tree {
                syn::UseTree::Path(collections) if collections.ident == "collections" => match &*collections.tree {
                    syn::UseTree::Name(name) => name.ident.to_string(),
                    _ => continue,
                },
                _ => continue,
            },
            _ => continue,
        };
        let Some(at) = range(&lines, import.span()) else { continue };
        let rest = format!("{}{}", &text[..at.start], &text[at.end..]);
        if !rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name) {
            // The line break after it goes too.
            let end = if text[at.end..].starts_with('\n') { at.end + 1 } else { at.end };
            unused.push(at.start..end);
        }
    }
    unused
}

/// Where `use OWN_CRATE::..` names the crate, anywhere in `text` (the
/// humantime 2.4.0 run wrote `use humantime::Duration;` into humantime).
fn own_crate_imports(text: &str, own_crate: &str) -> Vec<Range<usize>> {
    struct Roots<'a> {
        own_crate: &'a str,
        found: Vec<proc_macro2::Span>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Roots<'_> {
        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            let ident = match &item.tree {
                syn::UseTree::Path(p) => &p.ident,
                syn::UseTree::Name(n) => &n.ident,
                syn::UseTree::Rename(r) => &r.ident,
                syn::UseTree::Glob(_) | syn::UseTree::Group(_) => return,
            };
            if item.leading_colon.is_none() && ident == self.own_crate {
                self.found.push(ident.span());
            }
        }
    }
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    let mut roots = Roots { own_crate, found: Vec::new() };
    syn::visit::Visit::visit_file(&mut roots, &file);
    let lines = LineStarts::new(text);
    roots.found.into_iter().filter_map(|span| range(&lines, span)).collect()
}

fn range(lines: &LineStarts<'_>, span: proc_macro2::Span) -> Option<Range<usize>> {
    Some(lines.offset(span.start())?..lines.offset(span.end())?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::optimise::package::items::functions_in;
    use crate::optimise::package::screen::screen;

    const LIB: &str = "pub fn mean(v: &[f64]) -> f64 {\n    v.iter().sum::<f64>() / v.len() as f64\n}\n\n\
                       /// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    v.iter().map(|x| x - mean(v)).sum()\n}\n\n\
                       fn private(v: &[f64]) -> usize {\n    v.len()\n}\n\n\
                       pub struct W;\nimpl W {\n    pub(crate) fn len(&self) -> usize { 0 }\n    fn mean(&self) -> f64 { 0.0 }\n}\n";

    fn mended(n: usize, candidate: &str) -> String {
        let functions = functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap();
        let target = &functions[n];
        let fixed = mend(target, &LIB[target.span.clone()], candidate, &Sibling::of(target, &functions), "stats");
        assert_eq!(screen(target, &fixed, &[]), Ok(()), "{fixed}");
        fixed
    }

    #[test]
    fn siblings_share_the_scope() {
        let functions = functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap();
        let names = |n: usize| Sibling::of(&functions[n], &functions).into_iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(1), ["mean", "private"]);
        assert_eq!(names(3), ["mean"], "the methods of W");
    }

    #[test]
    fn the_target_gets_its_visibility_back() {
        let fixed = mended(1, "/// Spread.\nfn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        assert_eq!(fixed, "/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        // Its doc comment, dropped by the reply, comes back.
        let fixed = mended(1, "use std::iter;\n\nfn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        assert_eq!(fixed, "use std::iter;\n\n/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        // Its doc comment, rewritten by the reply, comes back as it was,
        // and a blank line before the code goes.
        let fixed = mended(1, "\n\n/// Its own words.\n#[inline]\npub fn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        assert_eq!(fixed, "/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    0.0\n}\n");
        let fixed = mended(2, "pub fn private(v: &[f64]) -> usize { 1 }");
        assert_eq!(fixed, "fn private(v: &[f64]) -> usize { 1 }");
        let fixed = mended(3, "fn len(&self) -> usize { 1 }");
        assert_eq!(fixed, "pub(crate) fn len(&self) -> usize { 1 }");
        let fixed = mended(3, "pub fn len(&self) -> usize { 1 }");
        assert_eq!(fixed, "pub(crate) fn len(&self) -> usize { 1 }");
    }

    #[test]
    fn a_copy_of_a_sibling_is_dropped_and_the_package_s_own_is_used() {
        let candidate = "pub fn variance(v: &[f64]) -> f64 {\n    let m = mean(v);\n    v.iter().map(|x| x - m).sum()\n}\n\n\
                         /// Mean.\nfn mean(v: &[f64]) -> f64 {\n    0.0\n}\n";
        assert_eq!(
            mended(1, candidate),
            "/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    let m = mean(v);\n    v.iter().map(|x| x - m).sum()\n}\n\n\n"
        );
    }

    #[test]
    fn an_unused_collection_import_is_dropped() {
        let candidate = "use std::collections::HashMap;\nuse std::collections::HashSet;\nuse std::fmt::Write;\n\n\
                         /// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    let s: HashSet<u8> = HashSet::new();\n    0.0\n}\n";
        assert_eq!(
            mended(1, candidate),
            "use std::collections::HashSet;\nuse std::fmt::Write;\n\n\
             /// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    let s: HashSet<u8> = HashSet::new();\n    0.0\n}\n"
        );
    }

    #[test]
    fn an_import_of_the_package_s_own_crate_goes_through_crate() {
        let candidate = "use stats::mean;\nuse std::fmt;\n\n/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    \
                         use stats::{mean as m};\n    m(v)\n}\n";
        assert_eq!(
            mended(1, candidate),
            "use crate::mean;\nuse std::fmt;\n\n/// Spread.\npub fn variance(v: &[f64]) -> f64 {\n    \
             use crate::{mean as m};\n    m(v)\n}\n"
        );
        // Another crate of that name, written `::stats`, is not this one.
        let functions = functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap();
        let candidate = "use ::stats::mean;\n/// Spread.\npub fn variance(v: &[f64]) -> f64 { mean(v) }";
        let siblings = Sibling::of(&functions[1], &functions);
        assert_eq!(mend(&functions[1], &LIB[functions[1].span.clone()], candidate, &siblings, "stats"), candidate);
    }

    #[test]
    fn what_is_not_plain_is_left_to_the_screen() {
        let functions = functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap();
        let siblings = Sibling::of(&functions[1], &functions);
        for candidate in [
            // Another signature: a new function, which the build judges.
            "/// Spread.\npub fn variance(v: &[f64]) -> f64 { mean(v, 1) }\nfn mean(v: &[f64], k: usize) -> f64 { 0.0 }",
            // The target's signature changed: refused, not mended.
            "fn variance(v: &[f32]) -> f64 { 0.0 }",
            "this is not Rust {",
        ] {
            assert_eq!(mend(&functions[1], &LIB[functions[1].span.clone()], candidate, &siblings, "stats"), candidate);
        }
    }
}
