//! The deterministic half of query formulation: read the code (with `syn`)
//! and say, in a search engine's words, what makes it slow.
//!
//! Each [`Smell`] is a shape performance engineers recognise (nested loops
//! over the same collection, allocation in a loop, `Vec::remove(0)` as a
//! queue, ...). It becomes one search describing the shape and the usual
//! remedies, so both paper search engines and the offline base can match it.
//! A closure that an iterator adaptor calls once per element (`map`,
//! `filter`, `any`, ...) counts as a loop body, so the same shapes are found
//! in iterator chains as in `for` loops.

use std::collections::{BTreeSet, HashSet};

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, ExprLit, Lit, Pat, Token, Type};

/// A code shape worth a search, most specific first (the declaration order
/// is the order of the searches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Smell {
    NextGreaterScan,
    WindowRecompute,
    WindowExtremum,
    WindowSort,
    DuplicatePairScan,
    PairScan,
    RangeAggregateInLoop,
    TryEveryCandidate,
    BranchingRecursion,
    MatrixTripleLoop,
    DpRows,
    RemoveFront,
    // Quadratic like the scans above, where the smells below cost a
    // constant factor: first, so that its technique leads the prompt.
    CharsNth,
    SortInLoop,
    SortPerElement,
    TopKAfterSort,
    SortKeyRecomputed,
    LinearSearchInLoop,
    RemoveInLoop,
    StringConcat,
    DigitsViaString,
    FormatInLoop,
    CloneInLoop,
    AllocInLoop,
    IntermediateCollect,
    PushWithoutCapacity,
    PrintInLoop,
    DebugPrintInLoop,
    ReadLinePerLine,
    SortChars,
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
            Smell::WindowExtremum => {
                "maximum or minimum of every window or range recomputed in a loop: monotonic deque for the sliding window maximum, sparse table for range queries"
            }
            Smell::WindowSort => {
                "sorting a copy of every sliding window to read its median or k-th element: ordered multiset BTreeMap or two heaps updated one element per step"
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
            Smell::SortPerElement => {
                "sorting a small vector built anew for every element: counting sort for letters or small keys, sort_unstable"
            }
            Smell::SortKeyRecomputed => {
                "sort or min_by comparator recomputes an expensive key (allocation, to_lowercase, function call) on every comparison: sort_by_cached_key, compute each key once"
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
            Smell::DigitsViaString => {
                "converting a number with to_string to count or read its digits: arithmetic on digits with division by 10, closed form, no allocation"
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
            Smell::SortChars => {
                "sorting the characters of a string to build a key such as an anagram signature: letter counts in a [0; 26] array, counting sort, bytes instead of chars"
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
            let mut visitor = Detector::of(&file);
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

/// One enclosing loop, or a closure that an iterator adaptor calls once per
/// element: the names its iterable (or condition) mentions and the names it
/// binds.
#[derive(Default)]
struct LoopFrame {
    mentions: HashSet<String>,
    binds: HashSet<String>,
    /// Counts over a range (`for i in 0..n`) rather than walking elements.
    counts: bool,
    /// A `for` loop or an adaptor closure (not `while` or `loop`).
    is_for: bool,
    /// Walks `windows(k)`: each element is a window of one collection.
    windows: bool,
    /// Names declared in the body: built anew in every iteration.
    locals: HashSet<String>,
}

#[derive(Default)]
struct Detector {
    loops: Vec<LoopFrame>,
    functions: Vec<(String, usize)>,
    smells: BTreeSet<Smell>,
    pushes_in_loop: bool,
    created_without_capacity: bool,
    /// Inside a `return` or `break` value, or the `vec!` a closure yields:
    /// not work repeated per iteration.
    exiting: usize,
    /// Names of the collections sorted so far.
    sorted: HashSet<String>,
    /// Names bound to the result of `collect()`.
    collected: HashSet<String>,
    /// Names that are iterated or counted (`x.iter()`, `x.len()`, `for _ in &x`).
    iterated: HashSet<String>,
    /// Names that are indexed (`x[i]`).
    indexed: HashSet<String>,
    /// Names bound to the characters of a string (`Vec<char>`).
    char_vecs: HashSet<String>,
    /// Names bound, inside a loop, to a copy of a window or moving slice.
    window_copies: HashSet<String>,
    /// Names the code changes anywhere (assigned, borrowed `&mut`, pushed
    /// to, ...): a call on them is no invariant.
    changed: HashSet<String>,
}

impl Detector {
    /// A detector for `file`, which knows the names `file` changes.
    fn of(file: &syn::File) -> Detector {
        let mut changed = Changed::default();
        changed.visit_file(file);
        Detector { changed: changed.0, ..Detector::default() }
    }

    /// A call of one of the code's own functions whose arguments are all
    /// names that nothing changes while the loops around it run (`for x in
    /// v { f(v) }`): it returns the same every time. `while` and `loop`
    /// usually change what they test, so a call inside them is left alone.
    fn invariant_call(&self, args: &Punctuated<Expr, Token![,]>) -> bool {
        if args.is_empty() || self.loops.iter().any(|l| !l.is_for) {
            return false;
        }
        let vars = self.loop_vars();
        args.iter().all(|arg| {
            let plain = match arg {
                Expr::Reference(r) => r.mutability.is_none() && matches!(*r.expr, Expr::Path(_)),
                Expr::Path(_) => true,
                _ => false,
            };
            plain
                && ident_of(arg)
                    .is_some_and(|n| !vars.contains(&n) && !self.is_loop_local(&n) && !self.changed.contains(&n))
        })
    }

    fn finish(mut self) -> BTreeSet<Smell> {
        if self.pushes_in_loop && self.created_without_capacity {
            self.smells.insert(Smell::PushWithoutCapacity);
        }
        // A collected Vec that is only iterated or counted again (never
        // indexed, never sorted) was an intermediate.
        if self
            .collected
            .iter()
            .any(|n| self.iterated.contains(n) && !self.indexed.contains(n) && !self.sorted.contains(n))
        {
            self.smells.insert(Smell::IntermediateCollect);
        }
        self.smells
    }

    fn in_loop(&self) -> bool {
        !self.loops.is_empty() && self.exiting == 0
    }

    fn loop_vars(&self) -> HashSet<String> {
        self.loops.iter().flat_map(|l| l.binds.iter().cloned()).collect()
    }

    /// Whether `name` is a window bound by an enclosing `windows(k)` walk.
    fn is_window(&self, name: &str) -> bool {
        self.loops.iter().any(|l| l.windows && l.binds.contains(name))
    }

    /// Whether `name` was declared inside an enclosing loop body.
    fn is_loop_local(&self, name: &str) -> bool {
        self.loops.iter().any(|l| l.locals.contains(name))
    }

    fn found(&mut self, smell: Smell) {
        self.smells.insert(smell);
    }

    /// Shared by `for`, `while`, `loop` and adaptor closures: classify the
    /// nesting, then walk the body inside the new frame.
    fn enter_loop(&mut self, frame: LoopFrame, facts: &BodyFacts, walk: impl FnOnce(&mut Self)) {
        if !self.loops.is_empty() {
            self.classify_nesting(&frame, facts);
        }
        if !facts.increments.is_disjoint(&facts.returns) || frame.binds.iter().any(|b| facts.returns.contains(b)) {
            self.found(Smell::TryEveryCandidate);
        }
        self.within(frame, walk);
    }

    /// Walks a body that runs once per iteration of `frame`.
    fn within(&mut self, frame: LoopFrame, walk: impl FnOnce(&mut Self)) {
        self.loops.push(frame);
        walk(self);
        self.loops.pop();
    }

    /// What an inner loop does to the loops around it.
    fn classify_nesting(&mut self, inner: &LoopFrame, facts: &BodyFacts) {
        let mentions = &inner.mentions;
        let outer_vars = self.loop_vars();
        let outer_elements: HashSet<&String> =
            self.loops.iter().filter(|l| !l.counts).flat_map(|l| l.binds.iter()).collect();
        let outer_mentions: HashSet<&String> = self.loops.iter().flat_map(|l| l.mentions.iter()).collect();
        let depends_on_outer = mentions.iter().any(|m| outer_vars.contains(m));
        let same_collection = mentions.iter().any(|m| outer_mentions.contains(m) && !outer_vars.contains(m));
        // `x == y` with `y` from the outer loop and `x` from this one.
        let equal_elements = facts.equal_elements
            || facts.equalities.iter().any(|(l, r)| {
                let crosses = |a: &HashSet<String>, b: &HashSet<String>| {
                    a.iter().any(|n| inner.binds.contains(n)) && b.iter().any(|n| outer_vars.contains(n))
                };
                crosses(l, r) || crosses(r, l)
            });
        // `for row in rows { for x in row }` walks a nested structure
        // once: no pair is compared twice.
        let walks_element = !mentions.is_empty() && mentions.iter().all(|m| outer_elements.contains(m));
        if walks_element {
            // Nothing to report for this level.
        } else if depends_on_outer && facts.breaks && facts.compares {
            self.found(Smell::NextGreaterScan);
        } else if depends_on_outer && facts.adds_into && !facts.breaks {
            self.found(Smell::WindowRecompute);
        } else if (same_collection || depends_on_outer) && equal_elements {
            self.found(Smell::DuplicatePairScan);
        } else if same_collection || depends_on_outer {
            self.found(Smell::PairScan);
        } else if self.loops.last().is_some_and(|l| l.is_for && !(l.counts && inner.counts)) {
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

    /// A closure passed to an iterator adaptor (`map`, `filter`, `any`,
    /// ...) runs once per element: its body is a loop body over the chain's
    /// collection. Comparators (`sort_by`, `min_by`) run once per comparison:
    /// their bodies are repeated too, but they are no nested scan.
    fn enter_closure(&mut self, call: &syn::ExprMethodCall, closure: &syn::ExprClosure) {
        let method = call.method.to_string();
        let root = chain_root(&call.receiver);
        let binds: HashSet<String> = closure.inputs.iter().flat_map(pattern_names).collect();
        if COMPARATORS.contains(&method.as_str()) {
            if calls_expensively(&closure.body) {
                self.found(Smell::SortKeyRecomputed);
            }
            let frame = LoopFrame { binds, ..LoopFrame::default() };
            self.within(frame, |d| d.visit_expr(&closure.body));
            return;
        }
        if method == "fold"
            && let Some(accumulator) = closure.inputs.first()
            && formats_into(tail(&closure.body), &pattern_names(accumulator))
        {
            self.found(Smell::StringConcat);
        }
        let counts = matches!(root, Expr::Range(_));
        if counts_to_len(root) {
            self.found(Smell::IndexedLoop);
        }
        let mut facts = BodyFacts::of_expr(&closure.body);
        // `any`, `position`, `find` stop at the first match, as a loop
        // with `break` does.
        facts.breaks |= SHORT_CIRCUITS.contains(&method.as_str());
        let frame = LoopFrame {
            mentions: names_in(root),
            binds,
            counts,
            is_for: true,
            windows: receiver_calls(&call.receiver, "windows"),
            locals: HashSet::new(),
        };
        self.enter_loop(frame, &facts, |d| d.walk_yielding(&closure.body));
    }

    /// Walks a per-element closure body. A `collect()` or `vec![..]` that
    /// the closure returns is the element it produces (a row of the result),
    /// not scratch that could be hoisted out: it is no allocation in a loop.
    fn walk_yielding(&mut self, body: &Expr) {
        match body {
            Expr::Block(block) => match block.block.stmts.split_last() {
                Some((syn::Stmt::Expr(last, None), before)) => {
                    before.iter().for_each(|stmt| self.visit_stmt(stmt));
                    self.walk_yielding(last);
                }
                _ => self.visit_expr(body),
            },
            Expr::MethodCall(call) if call.method == "collect" => visit::visit_expr_method_call(self, call),
            Expr::Macro(mac) if mac.mac.path.is_ident("vec") => {
                self.exiting += 1;
                self.visit_expr(body);
                self.exiting -= 1;
            }
            _ => self.visit_expr(body),
        }
    }

    /// An aggregate (`sum`, `max`, ...) inside a loop. Over a window, or a
    /// slice whose bounds move with the loop, it is recomputed work that a
    /// running total or a deque keeps instead; over data the loop never
    /// changes, it is invariant. Over the loop's own element, it is the work.
    fn aggregate_in_loop(&mut self, method: &str, receiver: &Expr) {
        let extremum = matches!(method, "max" | "min");
        let root = chain_root(receiver);
        let vars = self.loop_vars();
        let root_names = names_in(root);
        if ident_of(root).is_some_and(|n| self.is_window(&n)) {
            self.found(if extremum { Smell::WindowExtremum } else { Smell::WindowRecompute });
        } else if (is_slice(root) || matches!(root, Expr::Range(_)))
            && root_names.iter().any(|n| vars.contains(n))
            && plain_aggregate(receiver)
        {
            self.found(if extremum { Smell::WindowExtremum } else { Smell::RangeAggregateInLoop });
        } else if !names_in(receiver).iter().any(|n| vars.contains(n) || self.is_loop_local(n)) {
            self.found(Smell::InvariantInLoop);
        }
    }

    /// A sort inside a loop: re-sorting one collection again and again
    /// wants a heap; sorting a vector built in the iteration is per-element
    /// work, cheaper with a counting sort or a selection.
    fn sort_in_loop(&mut self, receiver: &Expr) {
        let name = ident_of(chain_root(receiver)).unwrap_or_default();
        let fresh = self.loops.last().is_some_and(|l| l.locals.contains(&name));
        self.found(if fresh { Smell::SortPerElement } else { Smell::SortInLoop });
        if self.window_copies.contains(&name) {
            self.found(Smell::WindowSort);
        }
    }

    /// A window of a `windows(k)` walk, or a slice whose range moves with
    /// the loop (`v[i..i + k]`).
    fn moving_slice(&self, root: &Expr) -> bool {
        let vars = self.loop_vars();
        ident_of(root).is_some_and(|n| self.is_window(&n))
            || (is_slice(root) && names_in(root).iter().any(|n| vars.contains(n)))
    }

    /// Whether `operand` of a `%` counts with the loop (`(s + k) % n` in
    /// `for k in 0..n`), rather than being an element it walks (`x % 2` in
    /// `filter(|x| ..)`), which no running counter replaces.
    fn counter_operand(&self, operand: &Expr) -> bool {
        let names = names_in(operand);
        let bound_by = |counts: bool| {
            self.loops.iter().filter(|l| l.counts == counts).any(|l| l.binds.iter().any(|b| names.contains(b)))
        };
        bound_by(true) || !bound_by(false)
    }
}

/// Iterator adaptors and consumers that call their closure once per element.
const PER_ELEMENT: [&str; 20] = [
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "for_each",
    "try_for_each",
    "fold",
    "try_fold",
    "scan",
    "inspect",
    "any",
    "all",
    "position",
    "rposition",
    "find",
    "find_map",
    "take_while",
    "skip_while",
    "map_while",
    "partition",
];

/// Of those, the ones that stop at the first match.
const SHORT_CIRCUITS: [&str; 9] =
    ["any", "all", "position", "rposition", "find", "find_map", "take_while", "try_fold", "try_for_each"];

/// Methods whose closure compares or keys elements, once per comparison.
const COMPARATORS: [&str; 10] = [
    "sort_by",
    "sort_by_key",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "min_by",
    "max_by",
    "min_by_key",
    "max_by_key",
    "binary_search_by",
    "binary_search_by_key",
];

/// Methods that start an iteration, or that only an iterator has
/// (`enumerate`, `zip`): what `PER_ELEMENT` closures walk.
const ITERATION_SOURCES: [&str; 17] = [
    "iter",
    "iter_mut",
    "into_iter",
    "chars",
    "char_indices",
    "bytes",
    "windows",
    "chunks",
    "chunks_exact",
    "lines",
    "split",
    "split_whitespace",
    "keys",
    "values",
    "drain",
    "enumerate",
    "zip",
];

/// Iterator to iterator adaptors that keep a chain an iteration.
const ITERATION_ADAPTORS: [&str; 16] = [
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flatten",
    "skip",
    "take",
    "rev",
    "cloned",
    "copied",
    "chain",
    "step_by",
    "skip_while",
    "take_while",
    "inspect",
    "peekable",
];

/// Whether `expr` is an iterator still being walked: a range, or a chain
/// that starts an iteration and is not consumed on the way (the `map` of
/// `iter().find(..).map(..)` runs once, on an `Option`).
fn is_iteration(expr: &Expr) -> bool {
    match expr {
        Expr::Range(_) => true,
        Expr::Paren(inner) => is_iteration(&inner.expr),
        Expr::MethodCall(call) => {
            let method = call.method.to_string();
            ITERATION_SOURCES.contains(&method.as_str())
                || (ITERATION_ADAPTORS.contains(&method.as_str()) && is_iteration(&call.receiver))
        }
        _ => false,
    }
}

/// Whether this call runs a closure argument once per element or per
/// comparison.
fn repeats_closure(call: &syn::ExprMethodCall) -> bool {
    let method = call.method.to_string();
    method == "retain"
        || COMPARATORS.contains(&method.as_str())
        || (PER_ELEMENT.contains(&method.as_str()) && is_iteration(&call.receiver))
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
        if counts_to_len(&node.expr) {
            self.found(Smell::IndexedLoop);
        }
        if let Some(name) = ident_of(&node.expr) {
            self.iterated.insert(name);
        }
        let frame = LoopFrame {
            mentions: names_in(&node.expr),
            binds: pattern_names(&node.pat),
            counts: matches!(&*node.expr, Expr::Range(_)),
            is_for: true,
            windows: receiver_calls(&node.expr, "windows"),
            locals: HashSet::new(),
        };
        self.enter_loop(frame, &BodyFacts::of(&node.body), |d| d.visit_block(&node.body));
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        self.visit_expr(&node.cond);
        let frame = LoopFrame { mentions: names_in(&node.cond), counts: true, ..LoopFrame::default() };
        self.enter_loop(frame, &BodyFacts::of(&node.body), |d| d.visit_block(&node.body));
    }

    fn visit_expr_loop(&mut self, node: &'ast syn::ExprLoop) {
        let frame = LoopFrame { counts: true, ..LoopFrame::default() };
        self.enter_loop(frame, &BodyFacts::of(&node.body), |d| d.visit_block(&node.body));
    }

    fn visit_local(&mut self, node: &'ast syn::Local) {
        let names = pattern_names(&node.pat);
        let declared = match &node.pat {
            Pat::Type(typed) => Some(&*typed.ty),
            _ => None,
        };
        if let Some(init) = &node.init {
            if collects_vec(&init.expr, declared) {
                self.collected.extend(names.iter().cloned());
            }
            if receiver_calls(&init.expr, "chars") && collects_vec(&init.expr, declared) {
                self.char_vecs.extend(names.iter().cloned());
            }
            if self.in_loop() && self.moving_slice(chain_root(&init.expr)) {
                self.window_copies.extend(names.iter().cloned());
            }
        }
        if declared.is_some_and(|ty| vec_of(ty).as_deref() == Some("char")) {
            self.char_vecs.extend(names.iter().cloned());
        }
        if self.in_loop()
            && let Some(frame) = self.loops.last_mut()
        {
            frame.locals.extend(names);
        }
        visit::visit_local(self, node);
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
                if method == "to_vec" {
                    self.found(Smell::AllocInLoop);
                }
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
                    self.sort_in_loop(&node.receiver);
                }
                if receiver_names.iter().any(|n| self.char_vecs.contains(n)) {
                    self.found(Smell::SortChars);
                }
                if !method.contains("unstable") {
                    self.found(Smell::StableSort);
                }
                self.sorted.extend(receiver_names.iter().cloned());
            }
            "push_str" if in_loop => self.found(Smell::StringConcat),
            "push" if in_loop => self.pushes_in_loop = true,
            "len" | "chars" | "bytes" if receiver_calls_directly(&node.receiver, "to_string") => {
                self.found(Smell::DigitsViaString)
            }
            "chars" | "char_indices" => self.found(Smell::CharWork),
            "nth" if receiver_calls(&node.receiver, "chars") => self.found(Smell::CharsNth),
            // `a.max(b)` compares two values; only `iter().max()` aggregates.
            "sum" | "max" | "min" | "count" | "product" if in_loop && node.args.is_empty() => {
                self.aggregate_in_loop(&method, &node.receiver)
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
        if method == "sum" && sums_indexed_products(&node.receiver) {
            self.found(Smell::IndexedReduction);
        }
        if matches!(method.as_str(), "len" | "is_empty" | "iter" | "into_iter")
            && let Some(name) = ident_of(&node.receiver)
        {
            self.iterated.insert(name);
        }
        if matches!(&*node.receiver, Expr::Path(p) if p.path.is_ident("self")) {
            self.count_call(&method);
        }
        if repeats_closure(node) {
            self.visit_expr(&node.receiver);
            if let Some(turbofish) = &node.turbofish {
                self.visit_angle_bracketed_generic_arguments(turbofish);
            }
            for arg in &node.args {
                match arg {
                    Expr::Closure(closure) => self.enter_closure(node, closure),
                    other => self.visit_expr(other),
                }
            }
        } else {
            visit::visit_expr_method_call(self, node);
        }
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
                // Lower case: a function, not a constructor (`Some(x)`).
                if self.in_loop() && name.starts_with(|c: char| c.is_lowercase()) && self.invariant_call(&node.args) {
                    self.found(Smell::InvariantInLoop);
                }
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
            BinOp::Rem(_) if self.in_loop() && self.counter_operand(&node.left) => self.found(Smell::ModuloInLoop),
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
        if formats_into(&node.right, &names_in(&node.left)) {
            self.found(Smell::StringConcat);
        }
        visit::visit_expr_assign(self, node);
    }

    fn visit_expr_index(&mut self, node: &'ast syn::ExprIndex) {
        if matches!(&*node.expr, Expr::Index(_)) {
            self.found(Smell::Grid2D);
        }
        if receiver_calls_directly(&node.expr, "collect") {
            // `collect::<Vec<_>>()[2]`: a Vec built to read one element.
            self.found(Smell::IntermediateCollect);
        }
        if let Some(name) = ident_of(&node.expr) {
            // `sorted[k / 2]` reads one position of a sorted vector; `v[i]`
            // or `v[mid]` with an index that moves with a loop walks it.
            let vars = self.loop_vars();
            let moves = names_in(&node.index).iter().any(|n| vars.contains(n) || self.is_loop_local(n));
            if self.sorted.contains(&name) && !moves {
                self.found(Smell::TopKAfterSort);
            }
            self.indexed.insert(name);
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
    /// A call inside a loop or an adaptor closure runs once per element:
    /// it counts as several calls.
    fn count_call(&mut self, name: &str) {
        let times = if self.in_loop() { 2 } else { 1 };
        if let Some((function, calls)) = self.functions.last_mut()
            && function == name
        {
            *calls += times;
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
    /// The names on either side of each `==`.
    equalities: Vec<(HashSet<String>, HashSet<String>)>,
}

impl BodyFacts {
    fn of(body: &syn::Block) -> Self {
        let mut facts = BodyFacts::default();
        facts.visit_block(body);
        facts
    }

    fn of_expr(body: &Expr) -> Self {
        let mut facts = BodyFacts::default();
        facts.visit_expr(body);
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
                self.equalities.push((names_in(&node.left), names_in(&node.right)));
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

/// The start of a method chain: `v` in `v.iter().map(..)`, `0..n` in
/// `(0..n).map(..)`, `v[i..]` in `v[i..].iter()`.
fn chain_root(expr: &Expr) -> &Expr {
    match expr {
        Expr::MethodCall(call) => chain_root(&call.receiver),
        Expr::Paren(inner) => chain_root(&inner.expr),
        Expr::Reference(reference) => chain_root(&reference.expr),
        _ => expr,
    }
}

/// The names a piece of code changes: assigned (`x = ..`, `x += ..`),
/// borrowed `&mut`, or changed by a method that takes `&mut self`.
#[derive(Default)]
struct Changed(HashSet<String>);

/// Methods of std's collections and strings that change their receiver.
const MUTATORS: &[&str] = &[
    "push",
    "push_str",
    "push_back",
    "push_front",
    "pop",
    "pop_back",
    "pop_front",
    "insert",
    "remove",
    "clear",
    "extend",
    "append",
    "truncate",
    "retain",
    "drain",
    "sort",
    "sort_unstable",
    "sort_by",
    "sort_by_key",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "dedup",
    "reverse",
    "swap",
    "fill",
    "resize",
    "entry",
    "get_mut",
    "iter_mut",
    "as_mut",
    "take",
    "replace",
];

impl<'ast> Visit<'ast> for Changed {
    fn visit_expr_assign(&mut self, node: &'ast syn::ExprAssign) {
        self.0.extend(ident_of(chain_root(&node.left)));
        visit::visit_expr_assign(self, node);
    }

    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        let compound = matches!(
            node.op,
            BinOp::AddAssign(_)
                | BinOp::SubAssign(_)
                | BinOp::MulAssign(_)
                | BinOp::DivAssign(_)
                | BinOp::RemAssign(_)
                | BinOp::BitXorAssign(_)
                | BinOp::BitAndAssign(_)
                | BinOp::BitOrAssign(_)
                | BinOp::ShlAssign(_)
                | BinOp::ShrAssign(_)
        );
        if compound {
            self.0.extend(ident_of(chain_root(&node.left)));
        }
        visit::visit_expr_binary(self, node);
    }

    fn visit_expr_reference(&mut self, node: &'ast syn::ExprReference) {
        if node.mutability.is_some() {
            self.0.extend(ident_of(chain_root(&node.expr)));
        }
        visit::visit_expr_reference(self, node);
    }

    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        if MUTATORS.contains(&node.method.to_string().as_str()) {
            self.0.extend(ident_of(chain_root(&node.receiver)));
        }
        visit::visit_expr_method_call(self, node);
    }
}

/// The plain name an expression is, through references and parentheses.
fn ident_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) => p.path.get_ident().map(|id| id.to_string()),
        Expr::Reference(reference) => ident_of(&reference.expr),
        Expr::Paren(inner) => ident_of(&inner.expr),
        _ => None,
    }
}

/// `0..v.len()`: the indices of a collection.
fn counts_to_len(expr: &Expr) -> bool {
    let Expr::Range(range) = expr else { return false };
    range.start.as_deref().is_some_and(is_zero)
        && range.end.as_deref().is_some_and(|end| receiver_calls_directly(end, "len"))
}

/// Whether `init` collects into a `Vec`, by the declared type or the
/// turbofish (`collect::<Vec<_>>()`); a set or a map is no intermediate.
fn collects_vec(init: &Expr, declared: Option<&Type>) -> bool {
    let Expr::MethodCall(call) = init else { return false };
    if call.method != "collect" {
        return false;
    }
    let turbofish = call.turbofish.as_ref().and_then(|t| match t.args.first() {
        Some(syn::GenericArgument::Type(ty)) => Some(ty),
        _ => None,
    });
    declared.or(turbofish).is_some_and(|ty| vec_of(ty).is_some())
}

/// The element type name of `Vec<T>` (`_` when inferred).
fn vec_of(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Vec" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        syn::GenericArgument::Type(Type::Path(p)) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::GenericArgument::Type(_) => Some("_".to_string()),
        _ => None,
    }
}

/// A slice of a collection by a range (`v[l..=r]`).
fn is_slice(expr: &Expr) -> bool {
    matches!(expr, Expr::Index(index) if matches!(&*index.index, Expr::Range(_)))
}

/// Whether a chain only walks and maps before its aggregate (`iter()`,
/// `copied()`, `map(..)`): a `filter` in between makes it another count.
fn plain_aggregate(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(call) => {
            matches!(call.method.to_string().as_str(), "iter" | "into_iter" | "copied" | "cloned" | "map")
                && plain_aggregate(&call.receiver)
        }
        _ => true,
    }
}

/// Whether a comparator or key closure does costly work on every call: it
/// allocates (`to_lowercase`, `format!`, `collect`) or calls a function.
fn calls_expensively(body: &Expr) -> bool {
    struct Finds(bool);
    impl<'ast> Visit<'ast> for Finds {
        fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
            self.0 |= matches!(
                node.method.to_string().as_str(),
                "to_lowercase" | "to_uppercase" | "to_string" | "to_owned" | "to_vec" | "clone" | "collect"
            );
            visit::visit_expr_method_call(self, node);
        }

        fn visit_expr_call(&mut self, node: &'ast syn::ExprCall) {
            // `score(a)`, not a tuple struct such as `Reverse(a)`.
            if let Expr::Path(p) = &*node.func
                && p.path.segments.last().is_some_and(|s| s.ident.to_string().starts_with(char::is_lowercase))
            {
                self.0 = true;
            }
            visit::visit_expr_call(self, node);
        }

        fn visit_macro(&mut self, node: &'ast syn::Macro) {
            self.0 |= node.path.is_ident("format");
        }
    }
    let mut finds = Finds(false);
    finds.visit_expr(body);
    finds.0
}

/// The value a block evaluates to: `format!(..)` in `{ format!(..) }`.
fn tail(expr: &Expr) -> &Expr {
    match expr {
        Expr::Block(block) => match block.block.stmts.last() {
            Some(syn::Stmt::Expr(last, None)) => tail(last),
            _ => expr,
        },
        _ => expr,
    }
}

/// `format!("{}{}", s, x)` (or `format!("{s}{x}")`) whose result replaces
/// `s`: the whole string is copied on every append.
fn formats_into(expr: &Expr, target: &HashSet<String>) -> bool {
    let Expr::Macro(mac) = expr else { return false };
    if !mac.mac.path.is_ident("format") {
        return false;
    }
    let Ok(args) = mac.mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) else { return false };
    args.iter().enumerate().any(|(position, arg)| match arg {
        Expr::Lit(ExprLit { lit: Lit::Str(template), .. }) if position == 0 => {
            let template = template.value();
            target.iter().any(|t| template.contains(&format!("{{{t}}}")) || template.contains(&format!("{{{t}:")))
        }
        _ => names_in(arg).iter().any(|n| target.contains(n)),
    })
}

/// `(0..n).map(|i| a[i] * b[i])`: an index mapped to the product of two
/// indexed elements, which `sum()` reduces.
fn sums_indexed_products(expr: &Expr) -> bool {
    let Expr::MethodCall(call) = expr else { return false };
    let Some(Expr::Closure(closure)) = call.args.first() else { return false };
    call.method == "map"
        && matches!(tail(&closure.body), Expr::Binary(product)
            if matches!(product.op, BinOp::Mul(_))
                && matches!(&*product.left, Expr::Index(_))
                && matches!(&*product.right, Expr::Index(_)))
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
        let mut d = Detector::of(&file);
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

    /// The techniques the offline base ranks in its top 5 for this code.
    fn top5(code: &str) -> Vec<String> {
        let kb = crate::KnowledgeBase::load().unwrap();
        kb.rank(&crate::Query::new("").with_code(code), 5).into_iter().filter_map(|p| p.technique).collect()
    }

    #[test]
    fn a_range_summed_inside_map_wants_prefix_sums() {
        let code = "queries.iter().map(|&(l, r)| v[l..=r].iter().sum())";
        assert!(smells(code).contains(&Smell::RangeAggregateInLoop), "{:?}", smells(code));
        let top = top5(code);
        assert!(top.iter().any(|t| t == "prefix-sums"), "{top:?}");
    }

    #[test]
    fn a_nested_loop_inside_a_map_closure_is_a_pair_scan() {
        let code = "fn partners(nums: &[i64], target: i64) -> Vec<Option<usize>> {
            nums.iter().enumerate().map(|(i, &x)| {
                let mut found = None;
                for (j, &y) in nums.iter().enumerate() { if j != i && x + y == target { found = Some(j); break; } }
                found
            }).collect()
        }";
        assert!(smells(code).contains(&Smell::PairScan), "{:?}", smells(code));
        let top = top5(code);
        assert!(top.iter().any(|t| t == "hash-index-instead-of-scan"), "{top:?}");
    }

    #[test]
    fn scans_inside_closures_are_nested_loops() {
        let s = smells(
            "fn f(t: &[i32]) -> Vec<usize> { (0..t.len()).map(|i| t[i + 1..].iter().position(|&x| x > t[i]).unwrap_or(0)).collect() }",
        );
        assert!(s.contains(&Smell::NextGreaterScan) && s.contains(&Smell::IndexedLoop), "{s:?}");
        let s = smells(
            "fn f(v: &[u64]) -> Vec<u64> { v.iter().enumerate().filter(|&(i, x)| v.iter().position(|y| y == x) == Some(i)).map(|(_, x)| *x).collect() }",
        );
        assert!(s.contains(&Smell::DuplicatePairScan) && s.contains(&Smell::LinearSearchInLoop), "{s:?}");
        let s = smells(
            "fn f(a: &[String], b: &[String]) -> usize { a.iter().filter(|t| b.iter().any(|o| o == *t)).count() }",
        );
        assert!(s.contains(&Smell::NestedLoops) && !s.contains(&Smell::DuplicatePairScan), "{s:?}");
    }

    #[test]
    fn a_map_on_an_option_runs_once() {
        let s = smells(
            "fn f(v: &[String], k: &str) -> Option<String> { v.iter().find(|x| x.as_str() == k).map(|x| x.clone()) }",
        );
        assert!(!s.contains(&Smell::CloneInLoop), "{s:?}");
        let s = smells("fn f(v: &[String]) -> Vec<String> { v.iter().map(|x| x.clone()).collect() }");
        assert!(s.contains(&Smell::CloneInLoop), "{s:?}");
    }

    #[test]
    fn windows_and_moving_slices_recompute() {
        let s = smells("fn f(v: &[i32], k: usize) -> Vec<i32> { v.windows(k).map(|w| w.iter().sum()).collect() }");
        assert!(s.contains(&Smell::WindowRecompute), "{s:?}");
        let s = smells(
            "fn f(v: &[i32], k: usize) -> Vec<i32> { v.windows(k).map(|w| *w.iter().max().unwrap()).collect() }",
        );
        assert!(s.contains(&Smell::WindowExtremum), "{s:?}");
        let s = smells(
            "fn f(v: &[i32], k: usize) -> Vec<i32> { v.windows(k).map(|w| { let mut s = w.to_vec(); s.sort(); s[k / 2] }).collect() }",
        );
        for smell in [Smell::WindowSort, Smell::SortPerElement, Smell::TopKAfterSort, Smell::AllocInLoop] {
            assert!(s.contains(&smell), "{smell:?} missing from {s:?}");
        }
        assert!(!s.contains(&Smell::SortInLoop), "a fresh copy is not re-sorted: {s:?}");
    }

    #[test]
    fn aggregating_each_element_or_comparing_two_values_is_no_recomputation() {
        let s = smells("fn f(rows: &[Vec<i32>]) -> Vec<i32> { rows.iter().map(|row| row.iter().sum()).collect() }");
        assert!(!s.contains(&Smell::RangeAggregateInLoop) && !s.contains(&Smell::InvariantInLoop), "{s:?}");
        let s = smells(
            "fn f(a: &[i32]) -> i32 { let mut best = 0; for i in 1..a.len() { best = best.max(a[i - 1]); } best }",
        );
        assert!(!s.contains(&Smell::RangeAggregateInLoop) && !s.contains(&Smell::InvariantInLoop), "{s:?}");
        let s = smells("fn f(v: &[i32]) -> usize { v.iter().filter(|&&x| x == *v.iter().max().unwrap()).count() }");
        assert!(s.contains(&Smell::InvariantInLoop), "{s:?}");
    }

    #[test]
    fn a_call_on_what_the_loop_never_changes_is_invariant() {
        let variance = "fn mean(v: &[f64]) -> f64 { v.iter().sum::<f64>() / v.len() as f64 }\n\
                        fn variance(v: &[f64]) -> f64 { let mut s = 0.0; for x in v { let d = x - mean(v); s += d * d; } s }";
        assert!(smells(variance).contains(&Smell::InvariantInLoop));
        let in_closure = "fn f(v: &[f64]) -> Vec<f64> { v.iter().map(|x| x / total(&v)).collect() }";
        assert!(smells(in_closure).contains(&Smell::InvariantInLoop));
        for variant in [
            // The argument is the element, a local, or changed by the loop.
            "fn f(v: &[u64]) -> u64 { let mut s = 0; for x in v { s += cost(x); } s }",
            "fn f(v: &[u64]) -> u64 { let mut s = 0; for x in v { let y = x * 2; s += cost(&y); } s }",
            "fn f(v: &[u64]) -> u64 { let mut s = 0; for _ in v { s = step(s); } s }",
            "fn f(v: &[u64]) -> usize { let mut w = Vec::new(); for x in v { w.push(*x); used(&w); } w.len() }",
            // A `while` changes what it tests; a constructor is no work.
            "fn f(mut n: u64) -> u64 { while n > 1 { n = half(n); } n }",
            "fn f(v: &[u64], k: u64) -> Vec<Option<u64>> { let mut o = Vec::new(); for _ in v { o.push(Some(k)); } o }",
        ] {
            assert!(!smells(variant).contains(&Smell::InvariantInLoop), "{variant}");
        }
    }

    #[test]
    fn comparators_that_allocate_recompute_their_keys() {
        let s = smells("fn f(v: &mut Vec<String>) { v.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase())); }");
        assert!(s.contains(&Smell::SortKeyRecomputed), "{s:?}");
        let s = smells("fn f(v: &mut Vec<(u32, u32)>) { v.sort_by_key(|p| std::cmp::Reverse(p.1)); }");
        assert!(!s.contains(&Smell::SortKeyRecomputed) && !s.contains(&Smell::NestedLoops), "{s:?}");
    }

    #[test]
    fn collected_vectors_only_counted_are_intermediates() {
        let s = smells(
            "fn f(v: &[u32]) -> usize { let odd: Vec<&u32> = v.iter().filter(|x| *x % 2 == 1).collect(); odd.len() }",
        );
        assert!(s.contains(&Smell::IntermediateCollect), "{s:?}");
        assert!(!s.contains(&Smell::ModuloInLoop), "x % 2 on an element is no loop counter: {s:?}");
        let s = smells(
            "use std::collections::HashSet; fn f(v: &[u32]) -> usize { let d: HashSet<u32> = v.iter().copied().collect(); d.len() }",
        );
        assert!(!s.contains(&Smell::IntermediateCollect), "a set is no intermediate: {s:?}");
        let s = smells("fn f(s: &str) -> char { let c: Vec<char> = s.chars().collect(); c[c.len() / 2] }");
        assert!(!s.contains(&Smell::IntermediateCollect), "an indexed Vec is needed: {s:?}");
    }

    #[test]
    fn strings_built_in_closures() {
        let s =
            smells("fn f(v: &[String]) -> String { v.iter().fold(String::new(), |acc, x| format!(\"{acc}{x},\")) }");
        assert!(s.contains(&Smell::StringConcat) && s.contains(&Smell::FormatInLoop), "{s:?}");
        let s = smells("fn f(v: &[u32]) -> usize { v.iter().filter(|n| n.to_string().len() > 3).count() }");
        assert!(s.contains(&Smell::DigitsViaString), "{s:?}");
        let s = smells(
            "fn f(w: &str) -> String { let mut c: Vec<char> = w.chars().collect(); c.sort(); c.into_iter().collect() }",
        );
        assert!(s.contains(&Smell::SortChars), "{s:?}");
    }

    #[test]
    fn what_a_closure_yields_is_no_scratch_allocation() {
        let s = smells("fn f(n: usize, m: usize) -> Vec<Vec<u8>> { (0..n).map(|_| vec![0; m]).collect() }");
        assert!(!s.contains(&Smell::AllocInLoop), "{s:?}");
        let s = smells("fn f(t: &str) -> Vec<Vec<u8>> { t.lines().map(|l| l.bytes().rev().collect()).collect() }");
        assert!(!s.contains(&Smell::AllocInLoop), "{s:?}");
        let s = smells(
            "fn f(t: &[String]) -> Vec<usize> { t.iter().map(|w| { let b: Vec<u8> = w.bytes().collect(); b.len() }).collect() }",
        );
        assert!(s.contains(&Smell::AllocInLoop), "{s:?}");
    }

    #[test]
    fn recursion_from_a_closure_branches() {
        let s = smells(
            "fn ways(n: i64, c: &[i64]) -> u64 { if n <= 0 { return (n == 0) as u64; } c.iter().map(|&x| ways(n - x, c)).sum() }",
        );
        assert!(s.contains(&Smell::BranchingRecursion), "{s:?}");
    }

    #[test]
    fn indexed_products_summed_through_map() {
        let s = smells("fn dot(a: &[f64], b: &[f64]) -> f64 { (0..a.len()).map(|i| a[i] * b[i]).sum() }");
        assert!(s.contains(&Smell::IndexedReduction) && s.contains(&Smell::IndexedLoop), "{s:?}");
    }

    #[test]
    fn clean_code_yields_nothing() {
        assert!(code_queries("fn add(a: u32, b: u32) -> u32 { a + b }").is_empty());
    }
}
