//! What a candidate for a package's function may be: the function with
//! its signature and visibility unchanged, plus private helpers. Everything
//! else in the package stays byte for byte, so nothing a candidate writes
//! can reach another module, a build script or the manifest.

use quote::ToTokens;
use syn::visit::Visit;

use super::items::{FnItem, signature_tokens};

/// Why a candidate was refused before cargo saw it. `dependencies` are the
/// crates the package's code may name besides std.
pub fn screen(target: &FnItem, candidate: &str, dependencies: &[String]) -> Result<(), String> {
    sandbox::screen_package_code(candidate).map_err(|r| r.to_string())?;
    imports(candidate, dependencies)?;
    let name = target.name();
    let mut found = 0;
    if target.self_type.is_some() {
        // A method and its helpers are items of the same `impl` block.
        let block: syn::ItemImpl = syn::parse_str(&format!("impl MarcoTarget {{\n{candidate}\n}}"))
            .map_err(|e| format!("the code does not parse as items of an `impl` block: {e}"))?;
        for item in &block.items {
            match item {
                syn::ImplItem::Fn(f) if f.sig.ident == name => {
                    same_signature(target, &f.sig, &f.vis)?;
                    found += 1;
                }
                syn::ImplItem::Fn(f) => private(&f.vis, &f.sig.ident.to_string())?,
                syn::ImplItem::Const(c) => private(&c.vis, &c.ident.to_string())?,
                other => {
                    return Err(format!(
                        "only `{name}` and private helper functions may be written here, not `{}`",
                        clip_tokens(other)
                    ));
                }
            }
        }
    } else {
        let file = syn::parse_file(candidate).map_err(|e| format!("the code does not parse as Rust items: {e}"))?;
        for item in &file.items {
            match item {
                syn::Item::Fn(f) if f.sig.ident == name => {
                    same_signature(target, &f.sig, &f.vis)?;
                    found += 1;
                }
                syn::Item::Fn(f) => private(&f.vis, &f.sig.ident.to_string())?,
                syn::Item::Const(c) => private(&c.vis, &c.ident.to_string())?,
                syn::Item::Static(s) => private(&s.vis, &s.ident.to_string())?,
                syn::Item::Struct(s) => private(&s.vis, &s.ident.to_string())?,
                syn::Item::Enum(e) => private(&e.vis, &e.ident.to_string())?,
                syn::Item::Type(t) => private(&t.vis, &t.ident.to_string())?,
                syn::Item::Use(u) => private(&u.vis, "a `use`")?,
                syn::Item::ExternCrate(_) => {
                    return Err("`extern crate` is not allowed: a candidate may use the package's own \
                                dependencies and std, nothing else"
                        .into());
                }
                other => {
                    return Err(format!(
                        "only `{name}` and private helpers (functions, constants, types, `use`) may be written \
                         here, not `{}`",
                        clip_tokens(other)
                    ));
                }
            }
        }
    }
    match found {
        1 => Ok(()),
        0 => Err(format!("the code has no function `{name}`; reply with `{name}` itself (and any helpers)")),
        _ => Err(format!("the code defines `{name}` {found} times")),
    }
}

/// Refuses a `use` of a crate the package does not depend on: adding one
/// would need a change to `Cargo.toml`, which a candidate cannot make.
fn imports(candidate: &str, dependencies: &[String]) -> Result<(), String> {
    struct Roots(Vec<String>);
    impl<'ast> Visit<'ast> for Roots {
        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            collect_roots(&item.tree, &mut self.0);
        }
    }
    fn collect_roots(tree: &syn::UseTree, roots: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => roots.push(p.ident.to_string()),
            syn::UseTree::Name(n) => roots.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => roots.push(r.ident.to_string()),
            syn::UseTree::Glob(_) => {}
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_roots(t, roots)),
        }
    }
    // The code may not parse as a file (a method's items); the later
    // checks say why. Tokens inside a block parse as statements there.
    let Ok(file) =
        syn::parse_file(candidate).or_else(|_| syn::parse_file(&format!("fn marco_wrapper() {{ {candidate} }}")))
    else {
        return Ok(());
    };
    let mut roots = Roots(Vec::new());
    roots.visit_file(&file);
    const ALWAYS: &[&str] = &["std", "core", "alloc", "crate", "self", "super", "Self"];
    for root in roots.0 {
        if !ALWAYS.contains(&root.as_str()) && !dependencies.contains(&root) && !defines(&file, &root) {
            let allowed = if dependencies.is_empty() {
                "std only (the package has no dependencies)".to_string()
            } else {
                format!("std and the package's dependencies: {}", dependencies.join(", "))
            };
            return Err(format!(
                "`use {root}::..` names a crate the package does not depend on; adding one would change Cargo.toml, \
                 which a candidate may not: use {allowed}"
            ));
        }
    }
    Ok(())
}

/// Whether a technique asks for no crate beyond std and `dependencies`:
/// the crates marco's techniques name are those its own candidates may
/// use (rayon, ...), and a package's candidate may not add one.
pub fn technique_fits(technique: &str, dependencies: &[String]) -> bool {
    let words: std::collections::HashSet<&str> =
        technique.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).collect();
    sandbox::ALLOWED_CRATES.iter().all(|c| {
        let named = words.contains(c.name) || words.contains(c.crate_name().as_str());
        !named || dependencies.iter().any(|d| *d == c.crate_name() || d == c.name)
    })
}

/// Whether the code defines an item called `name` (a module or enum a
/// `use` may start from).
fn defines(file: &syn::File, name: &str) -> bool {
    file.items.iter().any(|item| match item {
        syn::Item::Enum(e) => e.ident == name,
        syn::Item::Mod(m) => m.ident == name,
        syn::Item::Struct(s) => s.ident == name,
        _ => false,
    })
}

fn same_signature(target: &FnItem, sig: &syn::Signature, vis: &syn::Visibility) -> Result<(), String> {
    let signature = signature_tokens(sig);
    if signature != target.signature {
        return Err(format!(
            "the signature must stay exactly `{}` (callers and the public API depend on it), not `{signature}`",
            target.signature
        ));
    }
    let visibility = vis.to_token_stream().to_string();
    if visibility != target.visibility {
        return Err(format!("`{}` must keep its visibility `{}`", target.name(), target.visibility));
    }
    Ok(())
}

fn private(vis: &syn::Visibility, what: &str) -> Result<(), String> {
    match vis {
        syn::Visibility::Inherited => Ok(()),
        _ => Err(format!("the helper {what} must be private: a candidate may not add to the package's API")),
    }
}

fn clip_tokens(item: &impl ToTokens) -> String {
    let text = item.to_token_stream().to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::optimise::package::items::functions_in;

    const LIB: &str = "pub fn count(s: &str) -> usize {\n    s.chars().count()\n}\n\npub struct W;\nimpl W {\n    pub fn len(&self, s: &str) -> usize { s.len() }\n}\n";

    fn target(n: usize) -> FnItem {
        functions_in(Path::new("src/lib.rs"), LIB, &[]).unwrap().remove(n)
    }

    #[test]
    fn the_function_with_private_helpers_passes() {
        let ok = "use std::collections::HashMap;\nconst K: usize = 1;\nfn helper(s: &str) -> usize { s.len() * K }\npub fn count(s: &str) -> usize {\n    helper(s)\n}\n";
        assert_eq!(screen(&target(0), ok, &[]), Ok(()));
        let with_dependency =
            "use memchr::memchr;\npub fn count(s: &str) -> usize { memchr(b' ', s.as_bytes()).unwrap_or(0) }";
        assert_eq!(screen(&target(0), with_dependency, &["memchr".to_string()]), Ok(()));
        let method =
            "fn helper(s: &str) -> usize { s.len() }\npub fn len(&self, s: &str) -> usize { Self::helper(s) }\n";
        assert_eq!(screen(&target(1), method, &[]), Ok(()));
    }

    #[test]
    fn techniques_that_need_a_crate_the_package_lacks_do_not_fit() {
        let parallel = "Parallel reductions: rayon's sum and reduce combine partial results (`use rayon::prelude::*`).";
        assert!(!technique_fits(parallel, &[]));
        assert!(technique_fits(parallel, &["rayon".to_string()]));
        let hashing = "FxHashMap from rustc-hash hashes small keys faster";
        assert!(!technique_fits(hashing, &["memchr".to_string()]));
        assert!(technique_fits(hashing, &["rustc_hash".to_string()]));
        assert!(technique_fits("Hoist the mean out of the loop: compute it once.", &[]));
    }

    #[test]
    fn what_reaches_beyond_the_function_is_refused() {
        let cases = [
            ("pub fn count(s: &str) -> u64 { 0 }", "signature must stay"),
            ("fn count(s: &str) -> usize { 0 }", "visibility"),
            ("pub fn helper() {}\npub fn count(s: &str) -> usize { 0 }", "must be private"),
            ("extern crate regex;\npub fn count(s: &str) -> usize { 0 }", "extern crate"),
            ("pub fn count(s: &str) -> usize { include_str!(\"/etc/passwd\").len() }", "include_str"),
            ("pub fn count(s: &str) -> usize { env!(\"HOME\").len() }", "env!"),
            ("#[path = \"x.rs\"] mod x;\npub fn count(s: &str) -> usize { 0 }", "path"),
            ("impl Drop for X { fn drop(&mut self) {} }\npub fn count(s: &str) -> usize { 0 }", "only `count`"),
            ("pub fn other(s: &str) -> usize { 0 }", "must be private"),
            ("fn other(s: &str) -> usize { 0 }", "no function `count`"),
            ("use regex::Regex;\npub fn count(s: &str) -> usize { 0 }", "dependencies: memchr"),
            ("pub fn count(s: &str) -> usize {\n    use rand::Rng;\n    0\n}", "`use rand::..`"),
            (
                "#[proc_macro]\nfn m(t: TokenStream) -> TokenStream { t }\npub fn count(s: &str) -> usize { 0 }",
                "proc_macro",
            ),
        ];
        let deps = ["memchr".to_string()];
        for (code, why) in cases {
            let refused = screen(&target(0), code, &deps).expect_err(code);
            assert!(refused.contains(why), "{code}: {refused}");
        }
        let refused = screen(&target(1), "pub fn len(&self, s: &str) -> usize { 0 }\nstruct X;", &[]).unwrap_err();
        assert!(refused.contains("items of an `impl` block"), "{refused}");
        let refused = screen(&target(1), "pub fn len(&self, s: &str) -> usize { 0 }\ntype T = u8;", &[]).unwrap_err();
        assert!(refused.contains("private helper functions"), "{refused}");
    }
}
