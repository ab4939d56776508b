//! The deterministic half of query formulation: read the code (with `syn`)
//! and say, in a search engine's words, what makes it slow.
//!
//! Each [`Smell`] is a shape performance engineers recognise (nested loops
//! over the same collection, allocation in a loop, `Vec::remove(0)` as a
//! queue, ...). It becomes one search describing the shape and the usual
//! remedies, so both paper search engines and the offline base can match it.

use std::collections::{BTreeSet, HashSet};

use syn::visit::{self, Visit};
use syn::{BinOp, Expr, ExprLit, Lit, Pat, Type};

/// A code shape worth a search, most specific first (the declaration order
/// is the order of the searches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Smell {
    NextGreaterScan,
    WindowRecompute,
    DuplicatePairScan,
    PairScan,
    RangeAggregateInLoop,
    TryEveryCandidate,
    BranchingRecursion,
    MatrixTripleLoop,
    DpRows,
    RemoveFront,
    SortInLoop,
    TopKAfterSort,
    LinearSearchInLoop,
    RemoveInLoop,
    StringConcat,
    FormatInLoop,
    CloneInLoop,
    AllocInLoop,
    IntermediateCollect,
    PushWithoutCapacity,
    PrintInLoop,
    DebugPrintInLoop,
    ReadLinePerLine,
    CharsNth,
    CharKeyMap,
    CharWork,
    ContainsKeyThenInsert,
    Hashing,
    RcRefCell,
    BoxedList,
    Recursion,
    Grid2D,
    IndexedReduction,
    ModuloInLoop,
    FloatSqrt,
    StableSort,
    InvariantInLoop,
    DynDispatch,
    NestedLoops,
    IndexedLoop,
}

impl Smell {
    fn search(self) -> &'static str {
        match self {
            Smell::NextGreaterScan => {
                "for each element scan ahead to the next greater or smaller element in a nested loop: monotonic stack"
            }
            Smell::WindowRecompute => {
                "recomputing the sum of every window or subarray in a nested loop: sliding window or prefix sums"
            }
            Smell::DuplicatePairScan => {
                "nested loops compare every pair for equal elements to find duplicates: HashSet of seen values, or sort and compare neighbours"
            }
            Smell::PairScan => {
                "nested loops compare every pair of elements of the same array, quadratic O(n^2): hash map lookup, sort, two pointers"
            }
            Smell::RangeAggregateInLoop => {
                "summing a range of the slice again for every index inside a loop: prefix sums running total"
            }
            Smell::TryEveryCandidate => {
                "trying every candidate value one by one until a feasibility check passes: binary search on the answer"
            }
            Smell::BranchingRecursion => {
                "recursive function calls itself several times on overlapping subproblems, exponential: memoization or bottom-up dynamic programming"
            }
            Smell::MatrixTripleLoop => {
                "triple nested loop matrix multiplication over Vec<Vec<f64>>: loop interchange ikj order, cache blocking tiling, flat contiguous array"
            }
            Smell::DpRows => {
                "dynamic programming table where each row depends only on the previous row: rolling rows state compression, flat array"
            }
            Smell::RemoveFront => {
                "Vec::remove(0) or insert(0) used as a queue shifts every element: VecDeque ring buffer"
            }
            Smell::SortInLoop => {
                "sorting again inside a loop to take the largest or smallest element: binary heap priority queue"
            }
            Smell::TopKAfterSort => {
                "sorting the whole vector only to take the first k or the k-th element: select_nth_unstable quickselect or a heap"
            }
            Smell::LinearSearchInLoop => "Vec::contains or a linear search inside a loop: HashSet membership test",
            Smell::RemoveInLoop => {
                "Vec::remove inside a loop shifts the tail each time: retain, swap_remove or compaction"
            }
            Smell::StringConcat => {
                "string concatenation with + or format! inside a loop copies the string: push_str into one String with_capacity"
            }
            Smell::FormatInLoop => {
                "format! or to_string allocates a new String in every iteration: write! into a reused buffer"
            }
            Smell::CloneInLoop => {
                "clone of a vector or string inside a loop: borrow instead of cloning, hoist loop-invariant work out of the loop"
            }
            Smell::AllocInLoop => {
                "allocation with Vec::new, vec!, String::new or collect inside a hot loop: hoist it and reuse a cleared buffer"
            }
            Smell::IntermediateCollect => {
                "collect into an intermediate Vec only to iterate or count it again: chain lazy iterators, with_capacity"
            }
            Smell::PushWithoutCapacity => {
                "push in a loop into a Vec created without capacity: Vec::with_capacity or reserve"
            }
            Smell::PrintInLoop => "println! inside a loop: lock stdout and buffer the output with BufWriter",
            Smell::DebugPrintInLoop => {
                "eprintln! or dbg! debug printing inside a hot loop: remove logging from the hot path"
            }
            Smell::ReadLinePerLine => {
                "reading stdin line by line with read_line into a new String: read all input at once and parse"
            }
            Smell::CharsNth => {
                "chars().nth(i) inside a loop walks the string from the start each time: index ASCII bytes or iterate once"
            }
            Smell::CharKeyMap => {
                "HashMap<char, _> letter frequency counts: fixed array indexed by byte [0; 26] instead of hashing chars"
            }
            Smell::CharWork => "char by char string processing with chars() or Vec<char>: ASCII bytes with as_bytes",
            Smell::ContainsKeyThenInsert => {
                "contains_key followed by insert or get_mut hashes the key twice: entry API, faster hasher than SipHash"
            }
            Smell::Hashing => "HashMap or HashSet in a hot path: faster hasher than SipHash, entry API, with_capacity",
            Smell::RcRefCell => {
                "Rc<RefCell<TreeNode>> tree traversal: borrow once per node, avoid Rc clone churn, recursion to iteration"
            }
            Smell::BoxedList => "Option<Box<ListNode>> linked list: relink nodes by moving them with take, no clones",
            Smell::Recursion => "deep recursion: turn recursion into iteration with an explicit stack",
            Smell::Grid2D => "two-dimensional Vec<Vec<_>> grid indexed a[i][j]: one flat contiguous row-major array",
            Smell::IndexedReduction => {
                "index loop accumulating a sum of a[i] * b[i] over slices: iterators without bounds checks, several accumulators, SIMD vectorization"
            }
            Smell::ModuloInLoop => {
                "modulo % on the loop counter in every iteration: strength reduction with a running counter"
            }
            Smell::FloatSqrt => "sqrt or powf on floating point distances: compare squared integer distances",
            Smell::StableSort => {
                "stable sort of the whole vector: sort_unstable, or select_nth_unstable quickselect when only the top k is needed"
            }
            Smell::InvariantInLoop => {
                "value recomputed inside a loop from data that does not change: hoist loop-invariant code out of the loop"
            }
            Smell::DynDispatch => "Box<dyn Trait> dynamic dispatch in a loop: generics or an enum for static dispatch",
            Smell::NestedLoops => {
                "nested loops over two collections, quadratic: hash lookup, sort and merge, or precompute"
            }
            Smell::IndexedLoop => "for i in 0..v.len() indexing slices: bounds checks, iterators zip enumerate",
        }
    }
}

/// Searches describing what makes this code slow, most specific first.
/// Code that does not parse as Rust items or statements is scanned token by
/// token instead, so fragments still yield searches.
pub fn code_queries(code: &str) -> Vec<String> {
    let smells = match parse(code) {
        Some(file) => {
            let mut visitor = Detector::default();
            visitor.visit_file(&file);
            visitor.finish()
        }
        None => scan_text(code),
    };
    smells.into_iter().map(|s| s.search().to_string()).collect()
}

fn parse(code: &str) -> Option<syn::File> {
    syn::parse_file(code).ok().or_else(|| syn::parse_file(&format!("fn __snippet() {{\n{code}\n}}")).ok())
}

/// The fallback for code syn cannot parse: the tell-tale tokens alone.
fn scan_text(code: &str) -> BTreeSet<Smell> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let checks: [(&str, Smell); 14] = [
        ("remove(0)", Smell::RemoveFront),
        ("insert(0,", Smell::RemoveFront),
        ("println!", Smell::PrintInLoop),
        ("read_line", Smell::ReadLinePerLine),
        (".chars().nth(", Smell::CharsNth),
        (".chars()", Smell::CharWork),
        ("HashMap<char", Smell::CharKeyMap),
        ("contains_key", Smell::ContainsKeyThenInsert),
        ("HashMap", Smell::Hashing),
        ("Rc<RefCell", Smell::RcRefCell),
        ("Option<Box<ListNode", Smell::BoxedList),
        ("Vec<Vec<", Smell::Grid2D),
        (".clone()", Smell::CloneInLoop),
        ("Box<dyn", Smell::DynDispatch),
    ];
    let mut smells: BTreeSet<Smell> = checks.iter().filter(|(t, _)| compact.contains(t)).map(|&(_, s)| s).collect();
    let loops = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| *w == "for").count();
    if loops >= 2 {
        smells.insert(Smell::NestedLoops);
    }
    smells
}

/// One enclosing loop: the names its iterable (or condition) mentions and
/// the names it binds.
struct LoopFrame {
    mentions: HashSet<String>,
    binds: HashSet<String>,
    /// Counts over a range (`for i in 0..n`) rather than walking elements.
    counts: bool,
    /// A `for` loop (not `while` or `loop`).
    is_for: bool,
}

#[derive(Default)]
struct Detector {
    loops: Vec<LoopFrame>,
    functions: Vec<(String, usize)>,
    smells: BTreeSet<Smell>,
    pushes_in_loop: bool,
    created_without_capacity: bool,
    /// Inside a `return` or `break` value: runs once, not per iteration.
    exiting: usize,
    /// Names of the collections sorted so far.
    sorted: HashSet<String>,
}

impl Detector {
    fn finish(mut self) -> BTreeSet<Smell> {
        if self.pushes_in_loop && self.created_without_capacity {
            self.smells.insert(Smell::PushWithoutCapacity);
        }
        self.smells
    }

    fn in_loop(&self) -> bool {
        !self.loops.is_empty() && self.exiting == 0
    }

    fn loop_vars(&self) -> HashSet<String> {
        self.loops.iter().flat_map(|l| l.binds.iter().cloned()).collect()
    }

    fn found(&mut self, smell: Smell) {
        self.smells.insert(smell);
    }

    /// Shared by `for`, `while` and `loop`: classify the nesting, then walk
    /// the body inside a new frame.
    fn enter_loop(
        &mut self,
        mentions: HashSet<String>,
        binds: HashSet<String>,
        (counts, is_for): (bool, bool),
        body: &syn::Block,
    ) {
        let facts = BodyFacts::of(body);
        if !self.loops.is_empty() {
            let outer_vars = self.loop_vars();
            let outer_elements: HashSet<&String> =
                self.loops.iter().filter(|l| !l.counts).flat_map(|l| l.binds.iter()).collect();
            let outer_mentions: HashSet<&String> = self.loops.iter().flat_map(|l| l.mentions.iter()).collect();
            let depends_on_outer = mentions.iter().any(|m| outer_vars.contains(m));
            let same_collection = mentions.iter().any(|m| outer_mentions.contains(m) && !outer_vars.contains(m));
            // `for row in rows { for x in row }` walks a nested structure
            // once: no pair is compared twice.
            let walks_element = !mentions.is_empty() && mentions.iter().all(|m| outer_elements.contains(m));
            if walks_element {
                // Nothing to report for this level.
            } else if depends_on_outer && facts.breaks && facts.compares {
                self.found(Smell::NextGreaterScan);
            } else if depends_on_outer && facts.adds_into && !facts.breaks {
                self.found(Smell::WindowRecompute);
            } else if (same_collection || depends_on_outer) && facts.equal_elements {
                self.found(Smell::DuplicatePairScan);
            } else if same_collection || depends_on_outer {
                self.found(Smell::PairScan);
            } else if self.loops.last().is_some_and(|l| l.is_for && !(l.counts && counts)) {
                // Two `for` loops over collections. A `while` around a `for`
                // is usually a work list (BFS), and two counted ranges over
                // different bounds are an index space (a matrix), not a
                // product of two collections.
                self.found(Smell::NestedLoops);
            }
            if self.loops.len() >= 2 && facts.index_2d {
                self.found(Smell::MatrixTripleLoop);
            }
        }
        if !facts.increments.is_disjoint(&facts.returns) || binds.iter().any(|b| facts.returns.contains(b)) {
            self.found(Smell::TryEveryCandidate);
        }
        self.loops.push(LoopFrame { mentions, binds, counts, is_for });
        self.visit_block(body);
        self.loops.pop();
    }
}

impl<'ast> Visit<'ast> for Detector {
    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        self.functions.push((node.sig.ident.to_string(), 0));
        visit::visit_item_fn(self, node);
        self.close_function();
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        self.functions.push((node.sig.ident.to_string(), 0));
        visit::visit_impl_item_fn(self, node);
        self.close_function();
    }

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        self.visit_expr(&node.expr);
        let mentions = names_in(&node.expr);
        if let Expr::Range(range) = &*node.expr {
            let counted = range.end.as_deref().is_some_and(|e| matches!(e, Expr::MethodCall(m) if m.method == "len"));
            if counted && range.start.as_deref().is_some_and(is_zero) {
                self.found(Smell::IndexedLoop);
            }
        }
        let counts = matches!(&*node.expr, Expr::Range(_));
        self.enter_loop(mentions, pattern_names(&node.pat), (counts, true), &node.body);
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        self.visit_expr(&node.cond);
        self.enter_loop(names_in(&node.cond), HashSet::new(), (true, false), &node.body);
    }

    fn visit_expr_loop(&mut self, node: &'ast syn::ExprLoop) {
        self.enter_loop(HashSet::new(), HashSet::new(), (true, false), &node.body);
    }

    fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
        self.exiting += 1;
        visit::visit_expr_return(self, node);
        self.exiting -= 1;
    }

    fn visit_expr_break(&mut self, node: &'ast syn::ExprBreak) {
        self.exiting += 1;
        visit::visit_expr_break(self, node);
        self.exiting -= 1;
    }

    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        let method = node.method.to_string();
        let in_loop = self.in_loop();
        let receiver_names = names_in(&node.receiver);
        let receiver_is_lookup_structure =
            receiver_names.iter().any(|n| ["set", "map", "seen", "visited", "memo"].iter().any(|w| n.contains(w)));
        match method.as_str() {
            "clone" | "to_owned" | "to_vec" if in_loop => {
                self.found(Smell::CloneInLoop);
            }
            "to_string" | "to_lowercase" | "to_uppercase" if in_loop => self.found(Smell::FormatInLoop),
            "collect" if in_loop => self.found(Smell::AllocInLoop),
            "contains" | "position" | "any" | "find"
                if in_loop && !receiver_is_lookup_structure && !matches!(*node.receiver, Expr::Lit(_)) =>
            {
                self.found(Smell::LinearSearchInLoop)
            }
            "remove" | "insert" if node.args.first().is_some_and(is_zero) => self.found(Smell::RemoveFront),
            "remove"
                if in_loop
                    && !receiver_is_lookup_structure
                    && !matches!(node.args.first(), Some(Expr::Reference(_))) =>
            {
                self.found(Smell::RemoveInLoop)
            }
            "sort" | "sort_by" | "sort_by_key" | "sort_unstable" | "sort_unstable_by" | "sort_unstable_by_key" => {
                if in_loop {
                    self.found(Smell::SortInLoop);
                }
                if !method.contains("unstable") {
                    self.found(Smell::StableSort);
                }
                self.sorted.extend(receiver_names.iter().cloned());
            }
            "push_str" if in_loop => self.found(Smell::StringConcat),
            "push" if in_loop => self.pushes_in_loop = true,
            "chars" | "char_indices" => self.found(Smell::CharWork),
            "nth" if receiver_calls(&node.receiver, "chars") => self.found(Smell::CharsNth),
            "sum" | "max" | "min" | "count" | "product" if in_loop => {
                let vars = self.loop_vars();
                if receiver_names.iter().any(|n| vars.contains(n)) {
                    self.found(Smell::RangeAggregateInLoop);
                } else {
                    self.found(Smell::InvariantInLoop);
                }
            }
            "len" | "iter" | "into_iter" if receiver_calls_directly(&node.receiver, "collect") => {
                self.found(Smell::IntermediateCollect)
            }
            "take" | "first" | "last" | "nth" if receiver_names.iter().any(|n| self.sorted.contains(n)) => {
                self.found(Smell::TopKAfterSort)
            }
            "sqrt" | "powf" => self.found(Smell::FloatSqrt),
            "borrow" | "borrow_mut" => self.found(Smell::RcRefCell),
            "read_line" => self.found(Smell::ReadLinePerLine),
            "contains_key" => self.found(Smell::ContainsKeyThenInsert),
            "entry" => self.found(Smell::Hashing),
            _ => {}
        }
        if matches!(&*node.receiver, Expr::Path(p) if p.path.is_ident("self")) {
            self.count_call(&method);
        }
        visit::visit_expr_method_call(self, node);
    }

    fn visit_expr_call(&mut self, node: &'ast syn::ExprCall) {
        if let Expr::Path(path) = &*node.func {
            let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
            let joined = segments.join("::");
            match joined.as_str() {
                "Vec::new" | "String::new" if !self.in_loop() => self.created_without_capacity = true,
                _ => {}
            }
            if self.in_loop()
                && matches!(
                    joined.as_str(),
                    "Vec::new" | "String::new" | "HashMap::new" | "HashSet::new" | "Vec::with_capacity"
                )
            {
                self.found(Smell::AllocInLoop);
            }
            if joined == "Rc::clone" {
                self.found(Smell::RcRefCell);
            }
            let own_call = segments.len() == 1 || (segments.len() == 2 && segments[0] == "Self");
            if own_call && let Some(name) = segments.last() {
                self.count_call(name);
            }
        }
        visit::visit_expr_call(self, node);
    }

    fn visit_macro(&mut self, node: &'ast syn::Macro) {
        let name = node.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let in_loop = self.in_loop();
        match name.as_str() {
            "vec" if in_loop => self.found(Smell::AllocInLoop),
            "vec" if node.tokens.to_string().starts_with("vec !") => self.found(Smell::Grid2D),
            "format" if in_loop => self.found(Smell::FormatInLoop),
            "println" | "print" if in_loop => self.found(Smell::PrintInLoop),
            "eprintln" | "eprint" | "dbg" if in_loop => self.found(Smell::DebugPrintInLoop),
            _ => {}
        }
        if matches!(name.as_str(), "vec" | "format" | "println" | "print" | "eprintln" | "write" | "writeln") {
            // Macro arguments are plain tokens to syn; parse them as
            // expressions so calls inside (`format!("{}", s.clone())`) count.
            if let Ok(args) =
                node.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            {
                for arg in &args {
                    self.visit_expr(arg);
                }
            }
        }
        visit::visit_macro(self, node);
    }

    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        let stringy = |e: &Expr| {
            matches!(e, Expr::Reference(_) | Expr::Lit(ExprLit { lit: Lit::Str(_), .. }))
                || matches!(e, Expr::Macro(m) if m.mac.path.is_ident("format"))
        };
        match node.op {
            BinOp::Add(_) if stringy(&node.right) => self.found(Smell::StringConcat),
            BinOp::AddAssign(_) if stringy(&node.right) => self.found(Smell::StringConcat),
            BinOp::Rem(_) if self.in_loop() => self.found(Smell::ModuloInLoop),
            BinOp::AddAssign(_) if self.in_loop() => {
                if let Expr::Binary(product) = &*node.right
                    && matches!(product.op, BinOp::Mul(_))
                    && matches!(&*product.left, Expr::Index(_))
                    && matches!(&*product.right, Expr::Index(_))
                {
                    self.found(Smell::IndexedReduction);
                }
            }
            _ => {}
        }
        visit::visit_expr_binary(self, node);
    }

    fn visit_expr_assign(&mut self, node: &'ast syn::ExprAssign) {
        if let Expr::Index(outer) = &*node.left
            && let Expr::Index(inner) = &*outer.expr
        {
            let table = names_in(&inner.expr);
            if reads_previous_row(&node.right, &table) {
                self.found(Smell::DpRows);
            }
        }
        visit::visit_expr_assign(self, node);
    }

    fn visit_expr_index(&mut self, node: &'ast syn::ExprIndex) {
        if matches!(&*node.expr, Expr::Index(_)) {
            self.found(Smell::Grid2D);
        }
        visit::visit_expr_index(self, node);
    }

    fn visit_type(&mut self, node: &'ast Type) {
        match node {
            Type::Path(path) => {
                if let Some(last) = path.path.segments.last() {
                    let args = generic_type_names(&last.arguments);
                    match last.ident.to_string().as_str() {
                        "HashMap" | "HashSet" => {
                            self.found(Smell::Hashing);
                            if args.first().is_some_and(|a| a == "char") {
                                self.found(Smell::CharKeyMap);
                            }
                        }
                        "Rc" if args.first().is_some_and(|a| a == "RefCell") => self.found(Smell::RcRefCell),
                        "Option" if args.first().is_some_and(|a| a == "Box") && path_mentions(node, "ListNode") => {
                            self.found(Smell::BoxedList);
                        }
                        "Vec" if args.first().is_some_and(|a| a == "char") => self.found(Smell::CharWork),
                        "Box" if path_mentions_dyn(node) => self.found(Smell::DynDispatch),
                        _ => {}
                    }
                }
            }
            Type::TraitObject(_) => self.found(Smell::DynDispatch),
            _ => {}
        }
        visit::visit_type(self, node);
    }
}

impl Detector {
    fn count_call(&mut self, name: &str) {
        if let Some((function, calls)) = self.functions.last_mut()
            && function == name
        {
            *calls += 1;
        }
    }

    /// A function that calls itself recurses; calling itself more than once
    /// per body usually means overlapping subproblems.
    fn close_function(&mut self) {
        if let Some((_, calls)) = self.functions.pop() {
            if calls >= 1 {
                self.found(Smell::Recursion);
            }
            if calls >= 2 {
                self.found(Smell::BranchingRecursion);
            }
        }
    }
}

/// What a loop body does, looked at without entering nested functions.
#[derive(Default)]
struct BodyFacts {
    breaks: bool,
    /// `a[i] == a[j]`: two elements of one collection compared for equality.
    equal_elements: bool,
    compares: bool,
    adds_into: bool,
    index_2d: bool,
    increments: HashSet<String>,
    returns: HashSet<String>,
}

impl BodyFacts {
    fn of(body: &syn::Block) -> Self {
        let mut facts = BodyFacts::default();
        facts.visit_block(body);
        facts
    }
}

impl<'ast> Visit<'ast> for BodyFacts {
    fn visit_expr_break(&mut self, node: &'ast syn::ExprBreak) {
        self.breaks = true;
        if let Some(value) = &node.expr {
            self.returns.extend(names_in(value));
        }
        visit::visit_expr_break(self, node);
    }

    fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
        if let Some(Expr::Path(p)) = node.expr.as_deref()
            && let Some(id) = p.path.get_ident()
        {
            self.returns.insert(id.to_string());
        }
        visit::visit_expr_return(self, node);
    }

    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        match node.op {
            BinOp::Lt(_) | BinOp::Gt(_) | BinOp::Le(_) | BinOp::Ge(_) => self.compares = true,
            BinOp::Eq(_) => {
                if let (Expr::Index(a), Expr::Index(b)) = (&*node.left, &*node.right) {
                    self.equal_elements |= names_in(&a.expr) == names_in(&b.expr);
                }
            }
            BinOp::AddAssign(_) => {
                self.adds_into = true;
                if let (Expr::Path(p), Expr::Lit(ExprLit { lit: Lit::Int(one), .. })) = (&*node.left, &*node.right)
                    && one.base10_digits() == "1"
                    && let Some(id) = p.path.get_ident()
                {
                    self.increments.insert(id.to_string());
                }
            }
            _ => {}
        }
        visit::visit_expr_binary(self, node);
    }

    fn visit_expr_index(&mut self, node: &'ast syn::ExprIndex) {
        if matches!(&*node.expr, Expr::Index(_)) {
            self.index_2d = true;
        }
        visit::visit_expr_index(self, node);
    }

    fn visit_item_fn(&mut self, _: &'ast syn::ItemFn) {}
}

/// Single-segment path names an expression mentions (`nums` in
/// `0..nums.len()`, `i` and `k` in `i..i + k`).
fn names_in(expr: &Expr) -> HashSet<String> {
    struct Names(HashSet<String>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_expr_path(&mut self, node: &'ast syn::ExprPath) {
            if let Some(id) = node.path.get_ident() {
                self.0.insert(id.to_string());
            }
        }
    }
    let mut names = Names(HashSet::new());
    names.visit_expr(expr);
    names.0
}

fn pattern_names(pat: &Pat) -> HashSet<String> {
    struct Names(HashSet<String>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, node: &'ast syn::PatIdent) {
            self.0.insert(node.ident.to_string());
            visit::visit_pat_ident(self, node);
        }
    }
    let mut names = Names(HashSet::new());
    names.visit_pat(pat);
    names.0
}

fn is_zero(expr: &Expr) -> bool {
    matches!(expr, Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) if i.base10_digits() == "0")
}

/// Whether a method chain calls `method` anywhere below this receiver.
fn receiver_calls(expr: &Expr, method: &str) -> bool {
    match expr {
        Expr::MethodCall(call) => call.method == method || receiver_calls(&call.receiver, method),
        _ => false,
    }
}

fn receiver_calls_directly(expr: &Expr, method: &str) -> bool {
    matches!(expr, Expr::MethodCall(call) if call.method == method)
}

/// `dp[i - 1][...]`: the right-hand side reads the table at a row index
/// that subtracts from the loop variable.
fn reads_previous_row(expr: &Expr, table: &HashSet<String>) -> bool {
    struct Reads<'a> {
        table: &'a HashSet<String>,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Reads<'_> {
        fn visit_expr_index(&mut self, node: &'ast syn::ExprIndex) {
            if names_in(&node.expr).iter().any(|n| self.table.contains(n))
                && matches!(&*node.index, Expr::Binary(b) if matches!(b.op, BinOp::Sub(_)))
            {
                self.found = true;
            }
            visit::visit_expr_index(self, node);
        }
    }
    let mut reads = Reads { table, found: false };
    reads.visit_expr(expr);
    reads.found
}

fn generic_type_names(arguments: &syn::PathArguments) -> Vec<String> {
    let syn::PathArguments::AngleBracketed(args) = arguments else { return Vec::new() };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            syn::GenericArgument::Type(Type::Path(p)) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn path_mentions(ty: &Type, name: &str) -> bool {
    struct Finds<'a>(&'a str, bool);
    impl<'ast> Visit<'ast> for Finds<'_> {
        fn visit_ident(&mut self, node: &'ast proc_macro2::Ident) {
            if node == self.0 {
                self.1 = true;
            }
        }
    }
    let mut finds = Finds(name, false);
    finds.visit_type(ty);
    finds.1
}

fn path_mentions_dyn(ty: &Type) -> bool {
    struct Finds(bool);
    impl<'ast> Visit<'ast> for Finds {
        fn visit_type_trait_object(&mut self, _: &'ast syn::TypeTraitObject) {
            self.0 = true;
        }
    }
    let mut finds = Finds(false);
    finds.visit_type(ty);
    finds.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smells(code: &str) -> BTreeSet<Smell> {
        let file = parse(code).expect("test code parses");
        let mut d = Detector::default();
        d.visit_file(&file);
        d.finish()
    }

    #[test]
    fn nested_pair_loops_are_pair_scans() {
        let s = smells(
            "fn f(v: &[i32]) -> bool { for i in 0..v.len() { for j in i + 1..v.len() { if v[i] + v[j] == 0 { return true; } } } false }",
        );
        assert!(s.contains(&Smell::PairScan), "{s:?}");
        assert!(s.contains(&Smell::IndexedLoop));
        let s = smells(
            "fn f(v: &[i32]) -> bool { for i in 0..v.len() { for j in 0..i { if v[i] == v[j] { return true; } } } false }",
        );
        assert!(s.contains(&Smell::DuplicatePairScan), "{s:?}");
        let s =
            smells("fn f(rows: &[Vec<i32>]) -> i32 { let mut t = 0; for row in rows { for x in row { t += x; } } t }");
        assert!(
            !s.contains(&Smell::PairScan) && !s.contains(&Smell::NestedLoops),
            "walking rows is no pair scan: {s:?}"
        );
    }

    #[test]
    fn scanning_ahead_with_break_is_a_next_greater_search() {
        let s =
            smells("fn f(t: &[i32]) { for i in 0..t.len() { for j in i + 1..t.len() { if t[j] > t[i] { break; } } } }");
        assert!(s.contains(&Smell::NextGreaterScan), "{s:?}");
    }

    #[test]
    fn window_sums_are_recomputations() {
        let s = smells(
            "fn f(a: &[i32], k: usize) { for i in 0..a.len() - k { let mut s = 0; for j in i..i + k { s += a[j]; } } }",
        );
        assert!(s.contains(&Smell::WindowRecompute), "{s:?}");
    }

    #[test]
    fn allocation_printing_and_strings_in_loops() {
        let s = smells(
            r#"fn f(v: &[String]) { let mut out = String::new(); for x in v { let t = Vec::<u8>::new(); let y = x.clone(); out = out + &format!("{}", y); println!("{}", out); } }"#,
        );
        for smell in
            [Smell::AllocInLoop, Smell::CloneInLoop, Smell::StringConcat, Smell::FormatInLoop, Smell::PrintInLoop]
        {
            assert!(s.contains(&smell), "{smell:?} missing from {s:?}");
        }
    }

    #[test]
    fn recursion_queues_and_types() {
        let s = smells(
            "use std::{rc::Rc, cell::RefCell, collections::HashMap};
             fn fib(n: u64) -> u64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
             fn g(q: &mut Vec<u32>, m: HashMap<char, u32>, t: Option<Rc<RefCell<u8>>>) { while !q.is_empty() { let x = q.remove(0); } }",
        );
        for smell in
            [Smell::Recursion, Smell::BranchingRecursion, Smell::RemoveFront, Smell::CharKeyMap, Smell::RcRefCell]
        {
            assert!(s.contains(&smell), "{smell:?} missing from {s:?}");
        }
    }

    #[test]
    fn trying_candidates_until_a_check_passes() {
        let s = smells(
            "fn f(p: &[u32], h: u32) -> u32 { let mut k = 1; loop { if p.iter().map(|x| x / k).sum::<u32>() <= h { return k; } k += 1; } }",
        );
        assert!(s.contains(&Smell::TryEveryCandidate), "{s:?}");
    }

    #[test]
    fn statements_without_a_function_still_parse() {
        let queries = code_queries("let mut v = Vec::new(); for i in 0..10 { v.insert(0, i); }");
        assert!(queries.iter().any(|q| q.contains("VecDeque")), "{queries:?}");
    }

    #[test]
    fn unparseable_code_falls_back_to_tokens() {
        let queries = code_queries("for x in xs { println!(\"{}\", x) ");
        assert!(queries.iter().any(|q| q.contains("BufWriter")), "{queries:?}");
    }

    #[test]
    fn clean_code_yields_nothing() {
        assert!(code_queries("fn add(a: u32, b: u32) -> u32 { a + b }").is_empty());
    }
}
