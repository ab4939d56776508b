//! No two modules of the workspace refer to each other (issue 23).
//!
//! Every crate of the workspace is read from its roots (`src/lib.rs`,
//! `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`), following `mod x;`
//! to its file (`x.rs`, `x/mod.rs`, or `#[path]`), inline `mod x { ... }`
//! blocks and `include!("file")`; `#[cfg(test)]` modules and items are left
//! out. A module refers to another when one of its `use` trees, or a path in
//! its code or its macros' tokens, names it: `crate::`, `super::`, `self::`,
//! a child module or a module brought in by a `use`, resolved to the deepest
//! module the path names (`super::options::Options` from `optimise::run` is
//! `optimise::options`; `super::Options` is `optimise`). Declaring a child
//! (`mod child;`) is not a reference; `pub(crate)`/`pub(super)` neither.
//! The test fails on every pair that refers both ways and on every longer
//! cycle (a strongly connected component of more than two modules), saying
//! where each side does it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::Visit;

/// The workspace's crates, as directories under the workspace root.
const CRATES: &[&str] = &["agents", "sandbox", "search", "inference", "problems", "benchmarks"];

/// Reads a file by its path relative to the workspace root (or the test's
/// in-memory tree).
type Read<'a> = dyn Fn(&Path) -> Option<String> + 'a;

/// One module of a crate.
struct Module {
    /// `crate` for the root, else `optimise::run`.
    name: String,
    parent: Option<usize>,
    children: BTreeMap<String, usize>,
    /// Its items (child modules left out), each with the file it is in.
    items: Vec<(String, syn::Item)>,
}

/// One crate target (a library or a binary) as a tree of modules; 0 is the root.
struct Crate {
    label: String,
    modules: Vec<Module>,
    /// What could not be read: a `mod x;` without a file, a file that does not parse.
    errors: Vec<String>,
}

/// Where a module refers to another: `agents/src/optimise/run.rs:3 uses super::Options`.
#[derive(Clone)]
struct Evidence {
    file: String,
    line: usize,
    path: String,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} uses {}", self.file, self.line, self.path)
    }
}

// ---------------------------------------------------------------- loading

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && match &a.meta {
                syn::Meta::List(list) => {
                    let text: String = list.tokens.to_string().split_whitespace().collect();
                    text == "test" || (text.contains("test") && text.starts_with("all(") && !text.contains("not("))
                }
                _ => false,
            }
    })
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident("path")).and_then(|a| match &a.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item::*;
    match item {
        Const(i) => &i.attrs,
        Enum(i) => &i.attrs,
        ExternCrate(i) => &i.attrs,
        Fn(i) => &i.attrs,
        ForeignMod(i) => &i.attrs,
        Impl(i) => &i.attrs,
        Macro(i) => &i.attrs,
        Mod(i) => &i.attrs,
        Static(i) => &i.attrs,
        Struct(i) => &i.attrs,
        Trait(i) => &i.attrs,
        TraitAlias(i) => &i.attrs,
        Type(i) => &i.attrs,
        Union(i) => &i.attrs,
        Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `a/b/../c` as `a/c`, so in-memory trees and messages see one spelling.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads the crate target whose root file is `root` (relative to what `read` reads).
fn load_crate(label: &str, root: &Path, read: &Read) -> Crate {
    let mut krate = Crate { label: label.to_string(), modules: Vec::new(), errors: Vec::new() };
    krate.modules.push(Module { name: "crate".into(), parent: None, children: BTreeMap::new(), items: Vec::new() });
    match parse(root, read) {
        Ok(file) => {
            let dir = root.parent().unwrap_or(Path::new("")).to_path_buf();
            add_items(&mut krate, 0, root, file.items, &dir, &dir, read);
        }
        Err(e) => krate.errors.push(e),
    }
    krate
}

fn parse(path: &Path, read: &Read) -> Result<syn::File, String> {
    let text = read(path).ok_or_else(|| format!("{}: cannot be read", display(path)))?;
    syn::parse_file(&text).map_err(|e| format!("{}: does not parse: {e}", display(path)))
}

/// Adds `items`, read from `file`, to module `module`. `children_dir` is where
/// its `mod x;` files are; `base_dir` is what `#[path]` and `include!` are relative to.
fn add_items(
    krate: &mut Crate,
    module: usize,
    file: &Path,
    items: Vec<syn::Item>,
    children_dir: &Path,
    base_dir: &Path,
    read: &Read,
) {
    for item in items {
        if is_cfg_test(item_attrs(&item)) {
            continue;
        }
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let child = new_child(krate, module, &name);
                match m.content {
                    Some((_, inner)) => {
                        let dir = match path_attr(&m.attrs) {
                            Some(p) => normalise(&base_dir.join(p)),
                            None => children_dir.join(&name),
                        };
                        add_items(krate, child, file, inner, &dir, &dir, read);
                    }
                    None => {
                        let candidates = match path_attr(&m.attrs) {
                            Some(p) => vec![normalise(&base_dir.join(p))],
                            None => {
                                vec![children_dir.join(format!("{name}.rs")), children_dir.join(&name).join("mod.rs")]
                            }
                        };
                        let Some((path, text)) = candidates.iter().find_map(|p| read(p).map(|t| (p.clone(), t))) else {
                            krate.errors.push(format!(
                                "{}: `mod {name};` has no file ({})",
                                display(file),
                                candidates.iter().map(|p| display(p)).collect::<Vec<_>>().join(" or ")
                            ));
                            continue;
                        };
                        let parsed = match syn::parse_file(&text) {
                            Ok(f) => f,
                            Err(e) => {
                                krate.errors.push(format!("{}: does not parse: {e}", display(&path)));
                                continue;
                            }
                        };
                        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                        // A `name.rs` file keeps its children in `name/`; `mod.rs`
                        // and `#[path]` files next to themselves.
                        let is_mod_rs = path.file_name().is_some_and(|f| f == "mod.rs");
                        let kids =
                            if is_mod_rs || path_attr(&m.attrs).is_some() { dir.clone() } else { dir.join(&name) };
                        add_items(krate, child, &path, parsed.items, &kids, &dir, read);
                    }
                }
            }
            syn::Item::Macro(m) if m.mac.path.is_ident("include") => {
                let Ok(lit) = m.mac.parse_body::<syn::LitStr>() else { continue };
                // include! is relative to the file it is written in.
                let file_dir = file.parent().unwrap_or(Path::new(""));
                let path = normalise(&file_dir.join(lit.value()));
                match parse(&path, read) {
                    Ok(parsed) => {
                        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                        add_items(krate, module, &path, parsed.items, children_dir, &dir, read);
                    }
                    Err(e) => krate.errors.push(e),
                }
            }
            item => krate.modules[module].items.push((display(file), item)),
        }
    }
}

fn new_child(krate: &mut Crate, parent: usize, name: &str) -> usize {
    let full = if parent == 0 { name.to_string() } else { format!("{}::{name}", krate.modules[parent].name) };
    let id = krate.modules.len();
    krate.modules.push(Module { name: full, parent: Some(parent), children: BTreeMap::new(), items: Vec::new() });
    krate.modules[parent].children.insert(name.to_string(), id);
    id
}

// ---------------------------------------------------------------- resolving

/// The module a path names, to the deepest module it goes through, or `None`
/// for a path that does not start in this crate (`std::`, another crate, a local).
fn resolve(krate: &Crate, from: usize, scope: &HashMap<String, usize>, segs: &[String]) -> Option<usize> {
    resolve_whole(krate, from, scope, segs).map(|(m, _)| m)
}

/// [`resolve`], and whether the whole path names that module.
fn resolve_whole(krate: &Crate, from: usize, scope: &HashMap<String, usize>, segs: &[String]) -> Option<(usize, bool)> {
    let (mut cur, mut rest) = match segs.first()?.as_str() {
        "crate" => (0, &segs[1..]),
        "self" => (from, &segs[1..]),
        "super" => (krate.modules[from].parent?, &segs[1..]),
        first => (*scope.get(first)?, &segs[1..]),
    };
    while rest.first().is_some_and(|s| s == "super") {
        cur = krate.modules[cur].parent?;
        rest = &rest[1..];
    }
    for seg in rest {
        match krate.modules[cur].children.get(seg) {
            Some(&child) => cur = child,
            None => return Some((cur, false)),
        }
    }
    Some((cur, true))
}

/// One leaf of a `use` tree.
struct UseLeaf {
    file: String,
    /// As written, without a trailing `self` (`use a::{self}` is `a`) or `*`.
    path: Vec<String>,
    line: usize,
    glob: bool,
    /// The name it brings into scope (`None` for `_` and globs).
    bind: Option<String>,
}

fn use_leaves(tree: &syn::UseTree, file: &str, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    let leaf = |prefix: &[String], ident: &syn::Ident, rename: Option<String>| {
        let name = ident.to_string();
        let mut path = prefix.to_vec();
        let bind =
            if name == "self" { rename.or_else(|| prefix.last().cloned()) } else { rename.or(Some(name.clone())) };
        if name != "self" {
            path.push(name);
        }
        let bind = bind.filter(|b| b != "_");
        UseLeaf { file: file.to_string(), path, line: ident.span().start().line, glob: false, bind }
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, file, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push(leaf(prefix, &n.ident, None)),
        syn::UseTree::Rename(r) => out.push(leaf(prefix, &r.ident, Some(r.rename.to_string()))),
        syn::UseTree::Glob(g) => out.push(UseLeaf {
            file: file.to_string(),
            path: prefix.clone(),
            line: g.star_token.span.start().line,
            glob: true,
            bind: None,
        }),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, file, prefix, out);
            }
        }
    }
}

/// Every `use` of a module (those in its functions too), leaves flattened.
#[derive(Default)]
struct Uses {
    file: String,
    leaves: Vec<UseLeaf>,
}

impl<'ast> Visit<'ast> for Uses {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if !is_cfg_test(item_attrs(i)) {
            syn::visit::visit_item(self, i);
        }
    }
    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if u.leading_colon.is_none() {
            use_leaves(&u.tree, &self.file, &mut Vec::new(), &mut self.leaves);
        }
    }
}

/// Collects the paths of a module's code: (file, path, line).
struct Paths {
    file: String,
    found: Vec<(String, Vec<String>, usize)>,
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if !is_cfg_test(item_attrs(i)) {
            syn::visit::visit_item(self, i);
        }
    }
    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}
    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {}
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() > 1 {
            let segs = p.segments.iter().map(|s| s.ident.to_string()).collect();
            let line = p.segments[0].ident.span().start().line;
            self.found.push((self.file.clone(), segs, line));
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        scan_tokens(m.tokens.clone(), &self.file, &mut self.found);
    }
}

/// Paths in a macro's tokens: `a::b::c` sequences of two segments or more
/// (not after `::` or `.`); `$crate` counts as `crate`.
fn scan_tokens(tokens: TokenStream, file: &str, out: &mut Vec<(String, Vec<String>, usize)>) {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let is_colon2 = |i: usize| {
        matches!((tts.get(i), tts.get(i + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
    };
    let mut i = 0;
    while i < tts.len() {
        match &tts[i] {
            TokenTree::Group(g) => {
                scan_tokens(g.stream(), file, out);
                i += 1;
            }
            TokenTree::Ident(first) => {
                let after_sep = i >= 1
                    && matches!(&tts[i - 1], TokenTree::Punct(p) if p.as_char() == '.' || (p.as_char() == ':' && i >= 2 && is_colon2(i - 2)));
                let mut segs = vec![first.to_string()];
                let mut j = i + 1;
                while is_colon2(j) {
                    match tts.get(j + 2) {
                        Some(TokenTree::Ident(next)) => {
                            segs.push(next.to_string());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                if !after_sep && segs.len() > 1 {
                    out.push((file.to_string(), segs, first.span().start().line));
                }
                i = j;
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => i += 1,
        }
    }
}

/// Which modules each module refers to, with where: (from, to) -> evidence.
fn references(krate: &Crate) -> BTreeMap<(usize, usize), Vec<Evidence>> {
    let mut edges: BTreeMap<(usize, usize), Vec<Evidence>> = BTreeMap::new();
    let mut add = |from: usize, to: Option<usize>, file: &str, line: usize, path: &[String]| {
        if let Some(to) = to.filter(|&to| to != from) {
            let path = path.join("::");
            edges.entry((from, to)).or_default().push(Evidence { file: file.to_string(), line, path });
        }
    };
    for (id, module) in krate.modules.iter().enumerate() {
        let mut uses = Uses::default();
        for (file, item) in &module.items {
            uses.file = file.clone();
            uses.visit_item(item);
        }
        // The names of modules in scope: children, then what `use`s bind
        // (again until nothing changes, since one `use` can build on another).
        let mut scope: HashMap<String, usize> = module.children.iter().map(|(n, &c)| (n.clone(), c)).collect();
        for _ in 0..4 {
            let mut changed = false;
            for leaf in &uses.leaves {
                let Some((target, whole)) = resolve_whole(krate, id, &scope, &leaf.path) else { continue };
                if leaf.glob {
                    for (n, &c) in &krate.modules[target].children {
                        changed |= scope.insert(n.clone(), c).is_none();
                    }
                } else if let Some(bind) = &leaf.bind
                    && whole
                    && scope.get(bind) != Some(&target)
                {
                    scope.insert(bind.clone(), target);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for leaf in &uses.leaves {
            add(id, resolve(krate, id, &scope, &leaf.path), &leaf.file, leaf.line, &leaf.path);
        }
        let mut paths = Paths { file: String::new(), found: Vec::new() };
        for (file, item) in &module.items {
            paths.file = file.clone();
            paths.visit_item(item);
        }
        for (file, path, line) in &paths.found {
            add(id, resolve(krate, id, &scope, path), file, *line, path);
        }
    }
    edges
}

// ---------------------------------------------------------------- cycles

/// Strongly connected components (Tarjan), each sorted.
fn components(n: usize, edges: &BTreeMap<(usize, usize), Vec<Evidence>>) -> Vec<Vec<usize>> {
    let mut out_edges = vec![Vec::new(); n];
    for &(a, b) in edges.keys() {
        out_edges[a].push(b);
    }
    struct T<'a> {
        adj: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on_stack[v] = true;
        for &w in &t.adj[v] {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on_stack[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            comp.sort();
            t.out.push(comp);
        }
    }
    let mut t = T {
        adj: &out_edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out.sort();
    t.out
}

/// The shortest cycle of three modules or more inside `comp`, if any.
fn longer_cycle(comp: &[usize], edges: &BTreeMap<(usize, usize), Vec<Evidence>>) -> Option<Vec<usize>> {
    let inside: BTreeSet<usize> = comp.iter().copied().collect();
    let mut best: Option<Vec<usize>> = None;
    for &start in comp {
        // Breadth-first from start's successors back to start, paths of length >= 3.
        let mut queue = std::collections::VecDeque::new();
        let mut prev: HashMap<usize, usize> = HashMap::new();
        for &(a, b) in edges.keys() {
            if a == start && inside.contains(&b) && b != start && prev.insert(b, start).is_none() {
                queue.push_back(b);
            }
        }
        while let Some(v) = queue.pop_front() {
            let mut found = None;
            for &(a, b) in edges.range((v, 0)..(v + 1, 0)).map(|(k, _)| k) {
                debug_assert_eq!(a, v);
                if b == start && prev.get(&v) != Some(&start) {
                    found = Some(v);
                    break;
                }
                if inside.contains(&b) && b != start && !prev.contains_key(&b) {
                    prev.insert(b, v);
                    queue.push_back(b);
                }
            }
            if let Some(last) = found {
                let mut cycle = vec![last];
                while let Some(&p) = prev.get(cycle.last().unwrap()) {
                    if p == start {
                        break;
                    }
                    cycle.push(p);
                }
                cycle.push(start);
                cycle.reverse();
                if best.as_ref().is_none_or(|b| cycle.len() < b.len()) {
                    best = Some(cycle);
                }
                break;
            }
        }
    }
    best
}

fn evidence(list: &[Evidence]) -> String {
    match list.len() {
        1 => list[0].to_string(),
        n => format!("{} (and {} more)", list[0], n - 1),
    }
}

/// What is wrong with one crate target: one line per pair of modules that refer
/// to each other, per longer cycle, per file that could not be read.
fn violations(krate: &Crate) -> Vec<String> {
    let mut out: Vec<String> = krate.errors.iter().map(|e| format!("{}: {e}", krate.label)).collect();
    let edges = references(krate);
    let name = |i: usize| krate.modules[i].name.as_str();
    for comp in components(krate.modules.len(), &edges) {
        if comp.len() < 2 {
            continue;
        }
        for (x, &a) in comp.iter().enumerate() {
            for &b in &comp[x + 1..] {
                if let (Some(ab), Some(ba)) = (edges.get(&(a, b)), edges.get(&(b, a))) {
                    out.push(format!(
                        "{}: {} <-> {}: {}; {}",
                        krate.label,
                        name(a),
                        name(b),
                        evidence(ab),
                        evidence(ba)
                    ));
                }
            }
        }
        // A cycle the pairs above do not already show (a -> b -> c -> a).
        if let Some(cycle) = longer_cycle(&comp, &edges) {
            let members = comp.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", ");
            let mut names: Vec<&str> = cycle.iter().map(|&i| name(i)).collect();
            names.push(name(cycle[0]));
            let mut line = format!("{}: cycle among {{{members}}}, e.g. {}:", krate.label, names.join(" -> "));
            for (k, &a) in cycle.iter().enumerate() {
                let b = cycle[(k + 1) % cycle.len()];
                let _ = write!(line, "{} {}", if k == 0 { "" } else { ";" }, evidence(&edges[&(a, b)]));
            }
            out.push(line);
        }
    }
    out
}

// ---------------------------------------------------------------- the workspace

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Each crate target's label and root file, relative to the workspace root.
fn crate_roots(ws: &Path) -> Vec<(String, PathBuf)> {
    let mut roots = Vec::new();
    for name in CRATES {
        let src = Path::new(name).join("src");
        for (file, kind) in [("lib.rs", "lib"), ("main.rs", "bin")] {
            if ws.join(&src).join(file).is_file() {
                let label = if ws.join(&src).join("lib.rs").is_file() && ws.join(&src).join("main.rs").is_file() {
                    format!("{name} ({kind})")
                } else {
                    name.to_string()
                };
                roots.push((label, src.join(file)));
            }
        }
        let mut bins: Vec<_> =
            std::fs::read_dir(ws.join(&src).join("bin")).into_iter().flatten().flatten().map(|e| e.path()).collect();
        bins.sort();
        for bin in bins {
            let stem = bin.file_stem().unwrap().to_string_lossy().to_string();
            let rel = bin.strip_prefix(ws).unwrap().to_path_buf();
            if bin.is_dir() && bin.join("main.rs").is_file() {
                roots.push((format!("{name} (bin {stem})"), rel.join("main.rs")));
            } else if bin.extension().is_some_and(|e| e == "rs") {
                roots.push((format!("{name} (bin {stem})"), rel));
            }
        }
    }
    roots
}

#[test]
fn no_two_modules_of_the_workspace_refer_to_each_other() {
    let ws = workspace_root();
    let read = |p: &Path| std::fs::read_to_string(ws.join(p)).ok();
    let mut all = Vec::new();
    let mut modules = 0;
    let mut names = BTreeSet::new();
    for (label, root) in crate_roots(&ws) {
        let krate = load_crate(&label, &root, &read);
        modules += krate.modules.len();
        names.extend(krate.modules.iter().map(|m| format!("{label}: {}", m.name)));
        all.extend(violations(&krate));
    }
    // The walk itself must have found the workspace, not an empty tree.
    let found = |crate_prefix: &str, module: &str| {
        names.iter().any(|n| n.starts_with(crate_prefix) && n.ends_with(&format!(": {module}")))
    };
    assert!(found("agents", "optimise"), "the walk did not find agents' optimise: {names:?}");
    assert!(found("search", "backends::arxiv"), "the walk did not find search's backends::arxiv: {names:?}");
    assert!(found("benchmarks (bin edge-load)", "trace"), "the walk did not find edge-load's trace: {names:?}");
    assert!(modules > 60, "only {modules} modules found");
    assert!(
        all.is_empty(),
        "{} problem(s) in the module graph: each pair of modules below refers to each other (issue 23); \
         move what both need into one of them or into a third module that neither side's uses go back from.\n\
         Each line: crate: A <-> B: where A refers to B; where B refers to A.\n{}\n",
        all.len(),
        all.join("\n")
    );
}

// ---------------------------------------------------------------- the resolver's own tests

/// The problems of a crate given as files (relative to its `src/`, `lib.rs` the root).
fn problems_of(files: &[(&str, &str)]) -> Vec<String> {
    let map: HashMap<PathBuf, String> = files.iter().map(|(p, t)| (Path::new("src").join(p), t.to_string())).collect();
    let read = |p: &Path| map.get(&normalise(p)).cloned();
    violations(&load_crate("t", Path::new("src/lib.rs"), &read))
}

#[test]
fn a_parent_and_child_using_each_other_are_a_cycle() {
    let found = problems_of(&[
        ("lib.rs", "mod optimise;"),
        ("optimise/mod.rs", "mod run;\npub struct Options;\npub fn go() { run::execute(); }"),
        ("optimise/run.rs", "use super::Options;\npub fn execute() {}"),
    ]);
    assert_eq!(
        found,
        [
            "t: optimise <-> optimise::run: src/optimise/mod.rs:3 uses run::execute; src/optimise/run.rs:1 uses super::Options"
        ]
    );
}

#[test]
fn a_sibling_import_is_not_a_cycle() {
    // run uses its sibling options through super: an edge to options, not to
    // optimise, so optimise using run is fine.
    let found = problems_of(&[
        ("lib.rs", "mod optimise;"),
        ("optimise/mod.rs", "mod options;\nmod run;\npub fn go() { run::execute(); }"),
        ("optimise/options.rs", "pub struct Options;"),
        (
            "optimise/run.rs",
            "use super::options::Options;\n\
             pub(super) fn execute() -> Option<super::options::Options> { println!(\"{}\", 1); None }\n\
             pub(crate) fn other() {}\n\
             #[cfg(test)]\nmod tests { use super::super::*; fn t() { crate::optimise::go(); } }",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn self_paths_inline_modules_aliases_macros_and_longer_cycles() {
    let found = problems_of(&[
        (
            "lib.rs",
            "mod outer {\n    pub mod inner { pub fn f() { crate::outer::g() } }\n    pub fn g() { self::inner::f() }\n}\n\
             #[path = \"elsewhere/z.rs\"] mod z;\nmod a; mod b; mod c;\npub const K: u8 = 1;\n",
        ),
        ("elsewhere/z.rs", "pub fn f() -> u8 { println!(\"{}\", crate::K); 0 }"),
        ("a.rs", "use crate::b;\npub fn x() { b::y() }"),
        ("b.rs", "pub fn y() { crate::c::z() }"),
        ("c.rs", "pub fn z() { super::a::x() }"),
    ]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0],
        "t: outer <-> outer::inner: src/lib.rs:3 uses self::inner::f; src/lib.rs:2 uses crate::outer::g"
    );
    assert_eq!(
        found[1],
        "t: cycle among {a, b, c}, e.g. a -> b -> c -> a: src/a.rs:1 uses crate::b (and 1 more); src/b.rs:1 uses crate::c::z; src/c.rs:1 uses super::a::x"
    );
    // z refers to the root in a macro's tokens, the root to z through its path.
    let found = problems_of(&[
        ("lib.rs", "#[path = \"elsewhere/z.rs\"] mod z;\npub const K: u8 = 1;\npub fn f() -> u8 { z::f() }"),
        ("elsewhere/z.rs", "pub fn f() -> u8 { println!(\"{}\", crate::K); 0 }"),
    ]);
    assert_eq!(found, ["t: crate <-> z: src/lib.rs:3 uses z::f; src/elsewhere/z.rs:1 uses crate::K"]);
    // A missing file is reported, not skipped.
    assert_eq!(
        problems_of(&[("lib.rs", "mod gone;")]),
        ["t: src/lib.rs: `mod gone;` has no file (src/gone.rs or src/gone/mod.rs)"]
    );
}
