//! Hot functions. A small model rewrites one function far more reliably
//! than a whole program: it keeps the rest intact and has less to get
//! wrong. So a candidate may be asked for one function of the program
//! alone, which is then spliced back in place of the original.
//!
//! Functions are ranked by what their shape says about the work they do:
//! the deepest nesting of loops, and recursion, which can repeat work
//! exponentially. `main` and tests are never chosen.

use proc_macro2::LineColumn;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// A function of the program that a candidate may rewrite alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    /// Byte range of the whole item (its doc comments and attributes
    /// included) in the program.
    start: usize,
    end: usize,
    /// Deepest loop nesting in its body.
    pub loops: u32,
    /// Whether it calls itself.
    pub recursive: bool,
    /// Its signature as written, whitespace collapsed.
    pub signature: String,
}

impl Function {
    /// The function's text in `code`, the program it was found in.
    pub fn text<'a>(&self, code: &'a str) -> &'a str {
        &code[self.start..self.end]
    }

    /// How much work its shape suggests: the deepest loop nesting, with
    /// recursion counting as 3 (it can repeat work exponentially).
    fn heat(&self) -> u32 {
        if self.recursive { self.loops.max(3) } else { self.loops }
    }
}

/// The program's functions with a loop or recursion, hottest first (ties:
/// the longer first). Empty when `code` does not parse.
pub fn hot_functions(code: &str) -> Vec<Function> {
    let mut found: Vec<Function> = functions(code).into_iter().filter(|f| f.heat() > 0).collect();
    found.sort_by(|a, b| b.heat().cmp(&a.heat()).then((b.end - b.start).cmp(&(a.end - a.start))));
    found
}

/// The function called `name` in `code`, hot or not: where a candidate's
/// new version of a function sits in the candidate.
pub fn find(code: &str, name: &str) -> Option<Function> {
    functions(code).into_iter().find(|f| f.name == name)
}

/// Every free function of the program but `main` and tests, in order.
fn functions(code: &str) -> Vec<Function> {
    let Ok(file) = syn::parse_file(code) else { return Vec::new() };
    let lines = LineStarts::new(code);
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident != "main" && !is_test(&f.attrs) => Some(f),
            _ => None,
        })
        .filter_map(|f| {
            let name = f.sig.ident.to_string();
            let mut shape = Shape { name: &name, depth: 0, deepest: 0, recursive: false };
            shape.visit_block(&f.block);
            let span = f.span();
            let (start, end) = (lines.offset(span.start())?, lines.offset(span.end())?);
            let (loops, recursive) = (shape.deepest, shape.recursive);
            let signature = lines.text_of(&f.sig)?.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(Function { name, start, end, loops, recursive, signature })
        })
        .collect()
}

/// `code` with `function` replaced by the items of `reply`: a new version of
/// the function plus whatever helpers it needs. Items of the reply that
/// the program already has elsewhere (a `use` of names already imported,
/// `main`, a copy of another function or test) are left out, so that the
/// result defines nothing twice and the rest of the program stays as it
/// was. A reply that does not parse goes in as it is, for the compiler to
/// judge.
pub fn splice(code: &str, function: &Function, reply: &str) -> String {
    let replacement = match (syn::parse_file(code), syn::parse_file(reply)) {
        (Ok(program), Ok(new)) => {
            let defined: Vec<String> = program
                .items
                .iter()
                .filter(|item| !matches!(item, syn::Item::Fn(f) if f.sig.ident == function.name))
                .flat_map(definitions)
                .collect();
            let lines = LineStarts::new(reply);
            // A reply that repeats the old version before its new one: the
            // last is the answer.
            let is_target = |item: &syn::Item| matches!(item, syn::Item::Fn(f) if f.sig.ident == function.name);
            let last = new.items.iter().rposition(is_target);
            let kept: Vec<String> = new
                .items
                .iter()
                .enumerate()
                .filter(|(i, item)| !is_target(item) || Some(*i) == last)
                .map(|(_, item)| item)
                .filter(|item| {
                    let names = definitions(item);
                    names.is_empty() || names.iter().any(|name| !defined.contains(name))
                })
                .filter_map(|item| {
                    let text = lines.text_of(item)?;
                    Some(match item {
                        syn::Item::Fn(f) if f.sig.ident == function.name => {
                            with_extra_state(function, f, text).unwrap_or_else(|| text.to_string())
                        }
                        _ => text.to_string(),
                    })
                })
                .collect();
            kept.join("\n\n")
        }
        _ => reply.trim().to_string(),
    };
    format!("{}{}{}", &code[..function.start], replacement, &code[function.end..])
}

/// `candidate`, a whole program written from `base`, with the top-level
/// items of `base` it dropped put back at its end: a small model that
/// rewrites a program often leaves out a helper it did not change, a `use`
/// or a test, and the build then fails on a name that the original has.
/// Items the candidate defines under the same name stay the candidate's; an
/// `impl` comes back only with the type it implements. The file's `//!`
/// documentation, when the candidate has none, comes back at its top. A
/// program that does not parse is returned as it is, for the compiler to
/// judge.
pub fn restore_dropped(candidate: &str, base: &str) -> String {
    let (Ok(new), Ok(old)) = (syn::parse_file(candidate), syn::parse_file(base)) else {
        return candidate.to_string();
    };
    // Names without their kind: a `use` and a struct of the same name clash.
    let bare = |item: &syn::Item| -> Vec<String> {
        definitions(item).into_iter().filter_map(|d| d.split_once(' ').map(|(_, name)| name.to_string())).collect()
    };
    let defined: Vec<String> = new.items.iter().flat_map(bare).collect();
    let lines = LineStarts::new(base);
    let mut restored_types = Vec::new();
    let mut restored = Vec::new();
    for item in &old.items {
        let names = bare(item);
        let dropped = match item {
            syn::Item::Impl(block) => {
                matches!(&*block.self_ty, syn::Type::Path(p) if p.path.get_ident().is_some_and(|t| restored_types.contains(&t.to_string())))
            }
            _ => !names.is_empty() && names.iter().all(|name| !defined.contains(name)),
        };
        if !dropped {
            continue;
        }
        if matches!(item, syn::Item::Struct(_) | syn::Item::Enum(_)) {
            restored_types.extend(names);
        }
        if let Some(text) = lines.text_of(item) {
            restored.push(text);
        }
    }
    // The file's own documentation (`//!` lines at its top) goes back at
    // the top, where inner doc comments must be.
    let header: Vec<&str> = base.lines().take_while(|line| line.starts_with("//!")).collect();
    let header =
        if !header.is_empty() && new.attrs.is_empty() { format!("{}\n\n", header.join("\n")) } else { String::new() };
    if restored.is_empty() {
        return format!("{header}{candidate}");
    }
    format!("{header}{}\n\n{}\n", candidate.trim_end(), restored.join("\n\n"))
}

/// A new version of `function` that takes extra trailing `&mut` parameters
/// (the memo table a small model adds when it memoises) breaks every caller,
/// and the callers (`main`, the tests) are not the candidate's to change.
/// So the new version becomes `NAME_with`, recursion included, and `NAME`
/// keeps its original signature and calls it with fresh, empty state.
/// `None` when the new version is not of that shape.
fn with_extra_state(function: &Function, new: &syn::ItemFn, text: &str) -> Option<String> {
    let original: syn::Signature = syn::parse_str(&function.signature).ok()?;
    let (old_inputs, new_inputs) = (&original.inputs, &new.sig.inputs);
    if new_inputs.len() <= old_inputs.len() || !original.generics.params.is_empty() {
        return None;
    }
    let mut arguments = Vec::new();
    for (old, new) in old_inputs.iter().zip(new_inputs) {
        let (syn::FnArg::Typed(old), syn::FnArg::Typed(new)) = (old, new) else { return None };
        let syn::Pat::Ident(binding) = &*old.pat else { return None };
        if old.ty != new.ty {
            return None;
        }
        arguments.push(binding.ident.to_string());
    }
    for extra in new_inputs.iter().skip(old_inputs.len()) {
        let syn::FnArg::Typed(extra) = extra else { return None };
        if !matches!(&*extra.ty, syn::Type::Reference(r) if r.mutability.is_some()) {
            return None;
        }
        arguments.push("&mut Default::default()".to_string());
    }
    if original.output != new.sig.output {
        return None;
    }
    let name = &function.name;
    let inner = format!("{name}_with");
    let renamed = rename_calls(text, name, &inner);
    Some(format!("{} {{\n    {inner}({})\n}}\n\n{renamed}", function.signature, arguments.join(", ")))
}

/// `text` with each call of `name` (the name as a whole word, then `(`,
/// not after a `.`) calling `inner` instead; the definition `fn name(`
/// counts as one.
fn rename_calls(text: &str, name: &str, inner: &str) -> String {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = if at > 0 { rest[..at].chars().last() } else { out.chars().last() };
        let after = rest[at + name.len()..].trim_start();
        out.push_str(&rest[..at]);
        // A method of the same name (`.name(`) is another function.
        if before.is_none_or(|c| !is_ident(c) && c != '.') && after.starts_with('(') {
            out.push_str(inner);
        } else {
            out.push_str(name);
        }
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    out
}

/// The names an item brings into scope, to find a reply's items that the
/// program already has: a `use` by the names it imports, other items by
/// their kind and name. Empty for items this does not know.
fn definitions(item: &syn::Item) -> Vec<String> {
    let named = |kind: &str, ident: &syn::Ident| vec![format!("{kind} {ident}")];
    match item {
        syn::Item::Use(u) => {
            let mut names = Vec::new();
            imported(&u.tree, "", &mut names);
            names
        }
        syn::Item::Fn(f) => named("fn", &f.sig.ident),
        syn::Item::Const(c) => named("const", &c.ident),
        syn::Item::Static(s) => named("static", &s.ident),
        syn::Item::Struct(s) => named("struct", &s.ident),
        syn::Item::Enum(e) => named("enum", &e.ident),
        syn::Item::Type(t) => named("type", &t.ident),
        syn::Item::Trait(t) => named("trait", &t.ident),
        // An inherent `impl` by the methods it defines, a trait's by the
        // pair: a whole program sent back for one function repeats them.
        syn::Item::Impl(block) => {
            let syn::Type::Path(ty) = &*block.self_ty else { return Vec::new() };
            let ty = path_text(&ty.path);
            match &block.trait_ {
                Some((_, trait_path, _)) => vec![format!("impl {} for {ty}", path_text(trait_path))],
                None => block
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        syn::ImplItem::Fn(f) => Some(format!("method {ty}::{}", f.sig.ident)),
                        syn::ImplItem::Const(c) => Some(format!("method {ty}::{}", c.ident)),
                        _ => None,
                    })
                    .collect(),
            }
        }
        _ => Vec::new(),
    }
}

/// A path's identifiers joined by `::`, generic arguments left out.
fn path_text(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// The names a `use` tree imports, each with the kind `use` (a glob by its
/// path, so that only the same glob counts as a repeat).
fn imported(tree: &syn::UseTree, prefix: &str, names: &mut Vec<String>) {
    let join =
        |last: &dyn std::fmt::Display| if prefix.is_empty() { last.to_string() } else { format!("{prefix}::{last}") };
    match tree {
        syn::UseTree::Path(p) => imported(&p.tree, &join(&p.ident), names),
        // `use a::b::{self}` imports `b`.
        syn::UseTree::Name(n) if n.ident == "self" => {
            names.push(format!("use {}", prefix.rsplit("::").next().unwrap_or(prefix)))
        }
        syn::UseTree::Name(n) => names.push(format!("use {}", n.ident)),
        syn::UseTree::Rename(r) => names.push(format!("use {}", r.rename)),
        syn::UseTree::Glob(_) => names.push(format!("use {}", join(&"*"))),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| imported(t, prefix, names)),
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("test") || a.path().is_ident("cfg"))
}

/// How a function's body is shaped: loop nesting and self-calls.
struct Shape<'a> {
    name: &'a str,
    depth: u32,
    deepest: u32,
    recursive: bool,
}

impl Shape<'_> {
    fn in_loop(&mut self, walk: impl FnOnce(&mut Self)) {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        walk(self);
        self.depth -= 1;
    }
}

impl<'ast> Visit<'ast> for Shape<'_> {
    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        self.in_loop(|s| visit::visit_expr_for_loop(s, e));
    }

    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        self.in_loop(|s| visit::visit_expr_while(s, e));
    }

    fn visit_expr_loop(&mut self, e: &'ast syn::ExprLoop) {
        self.in_loop(|s| visit::visit_expr_loop(s, e));
    }

    fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*e.func
            && p.path.is_ident(self.name)
        {
            self.recursive = true;
        }
        visit::visit_expr_call(self, e);
    }
}

/// Turns proc-macro2's line and column (in characters) into byte offsets.
pub(crate) struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineStarts { text, starts }
    }

    /// The text of `item` (its doc comments and attributes included).
    fn text_of(&self, item: &impl Spanned) -> Option<&'a str> {
        let span = item.span();
        Some(&self.text[self.offset(span.start())?..self.offset(span.end())?])
    }

    pub(crate) fn offset(&self, at: LineColumn) -> Option<usize> {
        let start = *self.starts.get(at.line.checked_sub(1)?)?;
        let line = &self.text[start..];
        let within = line.char_indices().nth(at.column).map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = "use std::collections::HashMap;

/// Reads numbers.
fn numbers(n: usize) -> Vec<i64> {
    (0..n as i64).collect()
}

fn count_pairs(xs: &[i64], target: i64) -> u64 {
    let mut pairs = 0;
    for (i, x) in xs.iter().enumerate() {
        for y in &xs[i + 1..] {
            pairs += u64::from(x + y == target);
        }
    }
    pairs
}

fn ways(step: usize, n: usize) -> u64 {
    if step >= n { return 1; }
    ways(step + 1, n) + ways(step + 2, n)
}

fn total(values: &[i64]) -> i64 {
    let mut sum = 0;
    for v in values { sum += v; }
    sum
}

fn main() {
    for _ in 0..3 {
        println!(\"{}\", count_pairs(&numbers(10), 5) + ways(0, 5) + total(&[1]) as u64);
    }
}

#[test]
fn pairs() {
    for _ in 0..2 { assert_eq!(count_pairs(&[1, 4], 5), 1); }
}
";

    #[test]
    fn recursion_and_the_deepest_loops_come_first() {
        let hot = hot_functions(PROGRAM);
        let names: Vec<&str> = hot.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["ways", "count_pairs", "total"], "main, the test and loop-free `numbers` are left out");
        assert!(hot[0].recursive && hot[0].loops == 0);
        assert!(!hot[1].recursive && hot[1].loops == 2);
        assert_eq!(hot[1].signature, "fn count_pairs(xs: &[i64], target: i64) -> u64");
        assert!(hot[1].text(PROGRAM).starts_with("fn count_pairs(") && hot[1].text(PROGRAM).ends_with("    pairs\n}"));
    }

    #[test]
    fn any_function_but_main_and_tests_is_found_by_name() {
        let numbers = find(PROGRAM, "numbers").expect("a loop-free function is found too");
        assert!(numbers.text(PROGRAM).starts_with("/// Reads numbers.\nfn numbers("));
        assert_eq!(find(PROGRAM, "main"), None);
        assert_eq!(find(PROGRAM, "pairs"), None, "tests are not candidates' functions");
    }

    #[test]
    fn a_whole_program_sent_back_for_one_function_does_not_repeat_its_impl_blocks() {
        let program = "struct Lcg(u64);\n\nimpl Lcg {\n    fn next(&mut self) -> u64 { self.0 += 1; self.0 }\n}\n\n\
                       impl Default for Lcg {\n    fn default() -> Self { Lcg(1) }\n}\n\n\
                       fn total(n: u64) -> u64 {\n    let mut r = Lcg::default();\n    (0..n).map(|_| r.next()).sum()\n}\n\n\
                       fn main() { println!(\"{}\", total(3)); }\n";
        let total = find(program, "total").unwrap();
        let reply = program.replace("(0..n).map(|_| r.next()).sum()", "let _ = r.next(); n * (n + 1) / 2");
        let spliced = splice(program, &total, &reply);
        assert_eq!(spliced.matches("impl Lcg {").count(), 1, "{spliced}");
        assert_eq!(spliced.matches("impl Default for Lcg").count(), 1, "{spliced}");
        assert!(spliced.contains("n * (n + 1) / 2"), "{spliced}");
        assert!(syn::parse_file(&spliced).is_ok());
    }

    #[test]
    fn a_reply_replaces_the_function_and_drops_what_the_program_already_defines() {
        let hot = hot_functions(PROGRAM);
        let count_pairs = hot.iter().find(|f| f.name == "count_pairs").expect("count_pairs is hot");
        let reply = "use std::collections::{HashMap};\nuse std::io::{self, Write};\n\n\
                     fn numbers(n: usize) -> Vec<i64> { Vec::new() }\n\n\
                     fn count_pairs(values: &[i64], target: i64) -> u64 {\n    helper(values, target)\n}\n\n\
                     fn helper(values: &[i64], target: i64) -> u64 {\n    let seen: HashMap<i64, u64> = HashMap::new();\n    \
                     values.len() as u64 + target as u64 + seen.len() as u64\n}\n\n\
                     fn main() {\n    println!(\"{}\", count_pairs(&[], 0));\n}\n\n\
                     #[test]\nfn pairs() {}\n";
        let spliced = splice(PROGRAM, count_pairs, reply);
        // HashMap is imported already; `io` is new, so its `use` comes along.
        assert!(!spliced.contains("use std::collections::{HashMap};"));
        assert!(spliced.contains("use std::io::{self, Write};\n\nfn count_pairs("));
        for repeated in ["fn numbers(", "fn main(", "fn pairs("] {
            assert_eq!(spliced.matches(repeated).count(), 1, "{repeated} is the program's own");
        }
        assert!(
            spliced.contains("/// Reads numbers.\nfn numbers(n: usize) -> Vec<i64> {\n    (0..n as i64).collect()")
        );
        assert!(spliced.contains(
            "fn count_pairs(values: &[i64], target: i64) -> u64 {\n    helper(values, target)\n}\n\nfn helper("
        ));
        assert!(!spliced.contains("for y in"));
        assert!(syn::parse_file(&spliced).is_ok());

        // The old version repeated before the new one: the new one goes in.
        let twice =
            format!("{}\n\nfn count_pairs(values: &[i64], target: i64) -> u64 {{ 7 }}\n", count_pairs.text(PROGRAM));
        let spliced_twice = splice(PROGRAM, count_pairs, &twice);
        assert_eq!(spliced_twice.matches("fn count_pairs(").count(), 1, "{spliced_twice}");
        assert!(spliced_twice.contains("-> u64 { 7 }"), "{spliced_twice}");
        // Everything around the function is byte for byte the same.
        let (before, after) = (&PROGRAM[..count_pairs.start], &PROGRAM[count_pairs.end..]);
        assert!(spliced.starts_with(before) && spliced.ends_with(after));
    }

    #[test]
    fn a_version_that_added_a_memo_parameter_is_wrapped_in_the_original_signature() {
        let hot = hot_functions(PROGRAM);
        let ways = hot.iter().find(|f| f.name == "ways").expect("ways is hot");
        let reply = "use std::collections::HashMap;\n\n\
                     fn ways(step: usize, n: usize, memo: &mut HashMap<usize, u64>) -> u64 {\n    \
                     if step >= n { return 1; }\n    if let Some(&known) = memo.get(&step) { return known; }\n    \
                     let all = ways(step + 1, n, memo) + ways (step + 2, n, memo);\n    memo.insert(step, all);\n    all\n}\n\n\
                     fn main() {\n    println!(\"{}\", ways(0, 5, &mut HashMap::new()));\n}\n";
        let spliced = splice(PROGRAM, ways, reply);
        assert!(
            spliced.contains(
                "fn ways(step: usize, n: usize) -> u64 {\n    ways_with(step, n, &mut Default::default())\n}\n\n\
             fn ways_with(step: usize, n: usize, memo: &mut HashMap<usize, u64>) -> u64 {"
            ),
            "{spliced}"
        );
        assert!(spliced.contains("ways_with(step + 1, n, memo) + ways_with (step + 2, n, memo)"), "{spliced}");
        assert!(spliced.contains("ways(0, 5)"), "main is the program's own: {spliced}");
        assert!(syn::parse_file(&spliced).is_ok());

        // A changed type of an original parameter is not adapted.
        let retyped = "fn ways(step: u64, n: usize, memo: &mut Vec<u64>) -> u64 { 0 }";
        assert!(!splice(PROGRAM, ways, retyped).contains("ways_with"));
        assert_eq!(
            rename_calls("fn f(x) { f(x) + ff(x) + f (x) + self.f(x) + x.f }", "f", "g"),
            "fn g(x) { g(x) + ff(x) + g (x) + self.f(x) + x.f }"
        );
    }

    #[test]
    fn a_whole_program_gets_back_the_items_it_dropped() {
        let base = "//! Doc.\nuse std::io::Read;\nuse std::collections::HashMap;\n\nconst LIMIT: u64 = 9;\n\n\
                    struct Memo {\n    seen: HashMap<u64, u64>,\n}\n\nimpl Memo {\n    fn get(&self) -> u64 { LIMIT }\n}\n\n\
                    fn numbers(n: usize) -> Vec<u64> {\n    (0..n as u64).collect()\n}\n\n\
                    fn work(v: &[u64]) -> u64 {\n    v.iter().sum()\n}\n\n\
                    fn main() {\n    let mut t = String::new();\n    std::io::stdin().read_to_string(&mut t).unwrap();\n    \
                    println!(\"{}\", work(&numbers(3)));\n}\n\n#[test]\nfn sums() {\n    assert_eq!(work(&[1, 2]), 3);\n}\n";
        // Rewrote `work` and `main`, imported `io` its own way and
        // redefined `Memo`; dropped `numbers`, the constant, the test.
        let candidate = "use std::io::{self, Read};\n\nstruct Memo;\n\n\
                         fn work(v: &[u64]) -> u64 {\n    v.iter().copied().sum()\n}\n\n\
                         fn main() {\n    let mut t = String::new();\n    io::stdin().read_to_string(&mut t).unwrap();\n    \
                         println!(\"{}\", work(&numbers(3)));\n}\n";
        let restored = restore_dropped(candidate, base);
        let restored = restored.strip_prefix("//! Doc.\n\n").expect("the file's documentation heads it");
        assert!(restored.starts_with(candidate.trim_end()), "the candidate's own code comes first: {restored}");
        let added = &restored[candidate.trim_end().len()..];
        for back in
            ["use std::collections::HashMap;", "const LIMIT: u64 = 9;", "fn numbers(n: usize)", "#[test]\nfn sums()"]
        {
            assert!(added.contains(back), "{back} is restored: {added}");
        }
        // Read is imported by the candidate; Memo and its impl are its own.
        for kept_out in ["use std::io::Read", "struct Memo", "impl Memo", "fn work", "fn main", "//! Doc."] {
            assert!(!added.contains(kept_out), "{kept_out} is not restored: {added}");
        }
        assert!(syn::parse_file(restored).is_ok());

        // A dropped struct comes back with its impl; nothing dropped, nothing added.
        let without_memo = base.replace(
            "struct Memo {\n    seen: HashMap<u64, u64>,\n}\n\nimpl Memo {\n    fn get(&self) -> u64 { LIMIT }\n}\n\n",
            "",
        );
        let restored = restore_dropped(&without_memo, base);
        assert!(restored.contains("struct Memo {") && restored.contains("impl Memo {"), "{restored}");
        assert_eq!(restore_dropped(base, base), base);
        assert_eq!(restore_dropped("fn main( {", base), "fn main( {");
    }

    #[test]
    fn a_reply_that_does_not_parse_goes_in_as_it_is() {
        let hot = hot_functions(PROGRAM);
        let spliced = splice(PROGRAM, &hot[0], "fn ways(step: usize, n: usize) -> u64 { oops(\n");
        assert!(spliced.contains("fn ways(step: usize, n: usize) -> u64 { oops(\n\nfn total"));
        assert!(hot_functions("fn main( {").is_empty());
    }
}
