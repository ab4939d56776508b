use std::collections::HashSet;

use rand::Rng as _;

use crate::inputs;
use crate::spec::{Api, Check, Difficulty, Info, Rng, Spec, excerpt};

type Input = (Vec<Vec<String>>, Vec<f64>, Vec<Vec<String>>);

pub fn spec() -> Spec<Input, Vec<f64>> {
    Spec {
        info: Info {
            order: 46,
            id: 399,
            slug: "evaluate-division",
            title: "Evaluate Division",
            category: "Graphs - DFS",
            difficulty: Difficulty::Medium,
            signature: SIGNATURE,
            statement: include_str!("statement.md"),
        },
        api: Api::Function(SIGNATURE),
        baseline: include_str!("baseline.rs"),
        reference: include_str!("reference.rs"),
        examples: vec![
            example(
                &[("a", "b"), ("b", "c")],
                &[2.0, 3.0],
                &[("a", "c"), ("b", "a"), ("a", "e"), ("a", "a"), ("x", "x")],
                &[6.0, 0.5, -1.0, 1.0, -1.0],
            ),
            example(
                &[("a", "b"), ("b", "c"), ("bc", "cd")],
                &[1.5, 2.5, 5.0],
                &[("a", "c"), ("c", "b"), ("bc", "cd"), ("cd", "bc")],
                &[3.75, 0.4, 5.0, 0.2],
            ),
            example(&[("a", "b")], &[0.5], &[("a", "b"), ("b", "a"), ("a", "c"), ("x", "y")], &[0.5, 2.0, -1.0, -1.0]),
            // Two separate groups: no chain links them.
            example(
                &[("a", "b"), ("c", "d")],
                &[2.0, 4.0],
                &[("a", "d"), ("d", "c"), ("b", "b"), ("e", "e")],
                &[-1.0, 0.25, 1.0, -1.0],
            ),
            // A chain of four hops, asked from both ends.
            example(
                &[("x1", "x2"), ("x3", "x2"), ("x3", "x4"), ("x5", "x4")],
                &[2.0, 4.0, 5.0, 10.0],
                &[("x1", "x5"), ("x5", "x1"), ("x2", "x4"), ("x1", "x1")],
                &[0.25, 4.0, 1.25, 1.0],
            ),
            example(
                &[("abcde", "9z")],
                &[20.0],
                &[("9z", "abcde"), ("abcde", "abcd"), ("9z", "9z")],
                &[0.05, -1.0, 1.0],
            ),
        ],
        small,
        perf,
        check: Check::Validate(validate),
    }
}

const SIGNATURE: &str =
    "pub fn calc_equation(equations: Vec<Vec<String>>, values: Vec<f64>, queries: Vec<Vec<String>>) -> Vec<f64>";

fn example(equations: &[(&str, &str)], values: &[f64], queries: &[(&str, &str)], answers: &[f64]) -> (Input, Vec<f64>) {
    let pairs = |list: &[(&str, &str)]| list.iter().map(|&(a, b)| vec![a.to_string(), b.to_string()]).collect();
    ((pairs(equations), values.to_vec(), pairs(queries)), answers.to_vec())
}

/// Every answer within 1e-5 of the expected one, absolutely or relatively
/// (`-1.0` for an answer that does not follow).
#[allow(clippy::ptr_arg)] // the checker's type is fixed: fn(&I, &O, &O)
fn validate(input: &Input, expected: &Vec<f64>, actual: &Vec<f64>) -> Result<(), String> {
    let queries = &input.2;
    if actual.len() != expected.len() {
        return Err(format!("expected {} answers, one per query, got {}", expected.len(), actual.len()));
    }
    for (i, (&want, &got)) in expected.iter().zip(actual).enumerate() {
        let error = (got - want).abs();
        if !(error <= 1e-5 || error <= 1e-5 * want.abs()) {
            return Err(format!(
                "query {i} ({} / {}): expected {want} (within 1e-5), got {got}; all answers: {}",
                queries[i][0],
                queries[i][1],
                excerpt(actual)
            ));
        }
    }
    Ok(())
}

/// `count` distinct variable names of 1 to `max_len` letters and digits.
fn names(rng: &mut Rng, count: usize, max_len: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let n = inputs::len(rng, 1, max_len);
        let name = inputs::string(rng, n, b"abcdefghijklmnopqrstuvwxyz0123456789");
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

/// How a random instance is shaped.
struct Shape {
    /// Variables that appear in equations.
    vars: usize,
    /// The variables split into this many separate groups.
    groups: usize,
    /// Each group's equations form a path (the longest chains) rather than
    /// a random tree.
    path: bool,
    /// Equations beyond each group's tree, closing cycles (consistent).
    extra: usize,
    queries: usize,
    /// Each value is `k / 100` for `k` drawn from this range.
    hundredths: (i32, i32),
}

/// A random consistent instance: every variable has a hidden value, each
/// group's variables are linked by a spanning tree of equations (values
/// drawn from `shape.hundredths`), extra equations state the hidden ratio
/// where it lies in `(0, 20]`. Queries mix linked pairs, pairs from
/// different groups, `x / x` for known `x`, and unknown variables (alone,
/// paired with a known one, and divided by themselves).
fn instance(rng: &mut Rng, shape: &Shape) -> Input {
    let all = names(rng, shape.vars + 4, 5);
    let (vars, unknown) = all.split_at(shape.vars);
    let group: Vec<usize> =
        (0..shape.vars).map(|v| if v < shape.groups { v } else { rng.random_range(0..shape.groups) }).collect();
    let mut members = vec![Vec::new(); shape.groups];
    for v in inputs::shuffled(rng, (0..shape.vars).collect()) {
        members[group[v]].push(v);
    }
    let mut log_value = vec![0.0f64; shape.vars];
    let mut equations: Vec<(usize, usize, f64)> = Vec::new();
    let mut linked = HashSet::new();
    for list in &members {
        for i in 1..list.len() {
            let parent = if shape.path { list[i - 1] } else { list[rng.random_range(0..i)] };
            let child = list[i];
            let value = rng.random_range(shape.hundredths.0..=shape.hundredths.1) as f64 / 100.0;
            // parent / child = value.
            log_value[child] = log_value[parent] - value.ln();
            equations.push((parent, child, value));
            linked.insert((parent.min(child), parent.max(child)));
        }
    }
    let mut tries = 0;
    while equations.len() < shape.vars - shape.groups + shape.extra && tries < 100 * (shape.extra + 1) {
        tries += 1;
        let list = inputs::pick(rng, &members);
        if list.len() < 2 {
            continue;
        }
        let (a, b) = (*inputs::pick(rng, list), *inputs::pick(rng, list));
        let ratio = (log_value[a] - log_value[b]).exp();
        if a != b && ratio <= 20.0 && linked.insert((a.min(b), a.max(b))) {
            equations.push((a, b, ratio));
        }
    }
    let equations: Vec<(usize, usize, f64)> = inputs::shuffled(rng, equations)
        .into_iter()
        .map(|(a, b, v)| if inputs::chance(rng, 0.5) { (b, a, 1.0 / v) } else { (a, b, v) })
        .collect();
    let mut queries = Vec::with_capacity(shape.queries);
    for _ in 0..shape.queries {
        let known = |rng: &mut Rng| vars[rng.random_range(0..vars.len())].clone();
        let query = match rng.random_range(0..10) {
            0 => {
                let x = known(rng);
                vec![x.clone(), x]
            }
            1 => {
                let x = inputs::pick(rng, unknown).clone();
                vec![x.clone(), x]
            }
            2 => vec![known(rng), inputs::pick(rng, unknown).clone()],
            3 => vec![inputs::pick(rng, unknown).clone(), known(rng)],
            4..=6 => {
                let list = inputs::pick(rng, &members);
                vec![vars[*inputs::pick(rng, list)].clone(), vars[*inputs::pick(rng, list)].clone()]
            }
            _ => vec![known(rng), known(rng)],
        };
        queries.push(query);
    }
    let values = equations.iter().map(|e| e.2).collect();
    let equations = equations.iter().map(|&(a, b, _)| vec![vars[a].clone(), vars[b].clone()]).collect();
    (equations, values, queries)
}

fn small(rng: &mut Rng) -> Vec<Input> {
    let mut cases = Vec::new();
    for _ in 0..60 {
        let vars = inputs::len(rng, 2, 21);
        let groups = inputs::len(rng, 1, (vars - 1).min(4));
        let tree = vars - groups;
        let extra = if tree >= 20 { 0 } else { inputs::len(rng, 0, 20 - tree) };
        let shape = Shape {
            vars,
            groups,
            path: inputs::chance(rng, 0.3),
            extra,
            queries: inputs::len(rng, 1, 20),
            hundredths: *inputs::pick(rng, &[(5, 2000), (100, 100), (1900, 2000), (5, 10), (50, 200)]),
        };
        cases.push(instance(rng, &shape));
    }
    cases
}

/// LeetCode allows only 20 equations and 20 queries; these instances are
/// far larger so that the cost per query shows: a single chain of 2000
/// variables (every query a walk along it), a random tree of 3000
/// variables with extra equations closing cycles, and 3000 variables in 30
/// separate groups. Values stay in `[0.5, 2]` so that products along long
/// chains stay finite. A fresh search per query costs the naive solution
/// time proportional to the group's size; union-find answers each query
/// almost at once.
fn perf(rng: &mut Rng) -> Vec<Input> {
    let shapes = [
        Shape { vars: 2000, groups: 1, path: true, extra: 0, queries: 400, hundredths: (50, 200) },
        Shape { vars: 3000, groups: 1, path: false, extra: 1000, queries: 400, hundredths: (50, 200) },
        Shape { vars: 3000, groups: 30, path: false, extra: 300, queries: 400, hundredths: (50, 200) },
    ];
    shapes.iter().map(|shape| instance(rng, shape)).collect()
}
