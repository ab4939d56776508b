//! The differential test of a package's function: a test-only module,
//! placed right after the function, that keeps the original under another
//! name and calls both on generated arguments, comparing what they return,
//! what they leave in `&mut` arguments, and whether they panic. The same
//! module holds a benchmark of the function on those arguments, for a
//! package without benchmarks of its own.
//!
//! Arguments come from a generator written here for the argument types
//! (integers, floats, `bool`, `char`, strings, vectors, slices, arrays,
//! tuples, `Option`, and references to them), not from `proptest`: the
//! test must build in the package's private copy with no dependency added
//! to its manifest or lock file. Strings are drawn from the package's own
//! string literals half of the time, so a parser sees text shaped like its
//! input. Sizes are small (at most 24 elements or characters, integers
//! mostly below 33) so that a slow original still answers quickly.

use std::fmt::Write as _;

use quote::ToTokens;

use crate::optimise::task::Tolerance;
use syn::visit_mut::VisitMut;

/// The name of the generated module.
pub const MODULE: &str = "marco_differential";
/// The marker of a differing input in a failed test's output.
const MISMATCH: &str = "MARCO-DIFFERS";
/// The marker of the benchmark's measurement.
pub const BENCHMARK_LINE: &str = "marco-benchmark-ns";
/// The variable that says how many passes the benchmark makes.
pub const PASSES_VAR: &str = "MARCO_BENCH_PASSES";
/// Cases per seed.
pub const CASES: usize = 100;

/// A generated test module, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Differential {
    Module(String),
    Unavailable(String),
}

/// The module for `function` (the original item's text, attributes
/// included), with one test on `seed` (whose failing inputs the generator
/// is shown) and one on `hidden_seed`.
pub fn module(function: &str, seed: u64, hidden_seed: u64, literals: &[String], tolerance: Tolerance) -> Differential {
    match build(function, seed, hidden_seed, literals, tolerance) {
        Ok(module) => Differential::Module(module),
        Err(why) => Differential::Unavailable(why),
    }
}

fn build(
    function: &str,
    seed: u64,
    hidden_seed: u64,
    literals: &[String],
    tolerance: Tolerance,
) -> Result<String, String> {
    let method = || "it is a method (inputs for `self` cannot be generated)".to_string();
    let mut item: syn::ItemFn = syn::parse_str(function).map_err(|_| method())?;
    if item.sig.receiver().is_some() {
        return Err(method());
    }
    let name = item.sig.ident.to_string();
    if item.sig.generics.params.iter().any(|p| !matches!(p, syn::GenericParam::Lifetime(_))) {
        return Err(format!("`{name}` is generic, so no argument type can be chosen for it"));
    }
    if item.sig.asyncness.is_some() || item.sig.unsafety.is_some() || item.sig.variadic.is_some() {
        return Err(format!("`{name}` is async, unsafe or variadic"));
    }
    let mut arguments = Vec::new();
    for input in &item.sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            arguments.push(Argument::of(&typed.ty)?);
        }
    }
    // The original under another name, calling itself by that name.
    let original = format!("marco_original_{name}");
    item.attrs.retain(|a| a.path().is_ident("allow"));
    item.vis = syn::Visibility::Inherited;
    Rename { from: name.clone(), to: original.clone() }.visit_item_fn_mut(&mut item);
    item.sig.ident = syn::Ident::new(&original, item.sig.ident.span());

    let mut m = String::new();
    let _ =
        writeln!(m, "\n#[cfg(test)]\n#[allow(unused_mut, unused_variables, unused_imports, dead_code, clippy::all)]");
    let _ = writeln!(m, "mod {MODULE} {{\n    use super::*;\n");
    let _ = writeln!(m, "    {}\n", item.to_token_stream());
    let _ = writeln!(m, "{RNG}");
    let _ = writeln!(m, "    const LITERALS: &[&str] = &{:?};\n", literals);
    // The arguments of one case, as owned values.
    let owned: Vec<String> = arguments.iter().map(|a| a.owned.clone()).collect();
    let _ = writeln!(m, "    fn case(r: &mut Rng) -> ({},) {{\n        ({},)\n    }}\n", owned.join(", "), {
        arguments.iter().map(|a| a.generate.clone()).collect::<Vec<_>>().join(", ")
    });
    // Calls `f` on copies of a case; the result's Debug text and the
    // `&mut` arguments after the call, or that it panicked.
    let calls = |f: &str| {
        let args: Vec<String> = arguments.iter().enumerate().map(|(i, a)| a.pass(&format!("c.{i}"))).collect();
        let after: Vec<String> =
            arguments.iter().enumerate().filter(|(_, a)| a.mutable).map(|(i, _)| format!("&c.{i}")).collect();
        format!(
            "{{ let mut c = input.clone(); let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| format!(\"{{:?}}\", {f}({})))); match out {{ Ok(v) => format!(\"{{}}{}\", v{}), Err(_) => \"panicked\".to_string() }} }}",
            args.join(", "),
            if after.is_empty() { "" } else { " with the arguments left as {:?}" },
            if after.is_empty() { String::new() } else { format!(", ({},)", after.join(", ")) },
        )
    };
    let _ = writeln!(
        m,
        "    fn check(seed: u64, hidden: bool) {{\n        let mut r = Rng(seed);\n        for n in 0..{CASES} {{\n            \
         let input = case(&mut r);\n            let expected = {};\n            let got = {};\n            \
         if !same(&expected, &got) {{\n                let shown = if hidden {{ format!(\"#{{n}}\") }} else {{ format!(\"{{:?}}\", input) }};\n                \
         panic!(\"{MISMATCH}\\t{{}}\\t{{:?}}\\t{{:?}}\\t{{:?}}\", hidden, shown, expected, got);\n            }}\n        }}\n    }}\n",
        calls(&original),
        calls(&name)
    );
    let _ = writeln!(m, "{}", same_fn(tolerance));
    let _ = writeln!(m, "    #[test]\n    fn differs_on_no_shown_input() {{ check({seed}, false) }}\n");
    let _ = writeln!(m, "    #[test]\n    fn differs_on_no_hidden_input() {{ check({hidden_seed}, true) }}\n");
    // The benchmark: the cases on which the original does not panic,
    // `passes` times over.
    let args: Vec<String> = arguments.iter().enumerate().map(|(i, a)| a.pass(&format!("c.{i}"))).collect();
    let _ = writeln!(
        m,
        "    #[test]\n    #[ignore]\n    fn benchmark() {{\n        let passes: u64 = std::env::var(\"{PASSES_VAR}\").ok().and_then(|v| v.parse().ok()).unwrap_or(1);\n        \
         let mut r = Rng({seed});\n        let inputs: Vec<_> = (0..{CASES}).map(|_| case(&mut r)).filter(|input| {{ let mut c = input.clone(); std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {{ std::hint::black_box({original}({})); }})).is_ok() }}).collect();\n        \
         let start = std::time::Instant::now();\n        for _ in 0..passes {{\n            for input in &inputs {{\n                let mut c = input.clone();\n                std::hint::black_box({name}({}));\n            }}\n        }}\n        \
         println!(\"{BENCHMARK_LINE} {{}}\", start.elapsed().as_nanos());\n    }}\n}}",
        args.join(", "),
        args.join(", "),
    );
    Ok(m)
}

/// The comparison of two results' text: equal, or (with a declared
/// tolerance) the same words where each pair of numbers differs by at most
/// the tolerance relative to the larger (absolutely, below 1), as
/// `Tolerance::matches` compares a program's output.
fn same_fn(tolerance: Tolerance) -> String {
    match tolerance {
        Tolerance::Exact => "    fn same(expected: &str, got: &str) -> bool {\n        expected == got\n    }\n".into(),
        Tolerance::Relative(t) => format!(
            "    fn same(expected: &str, got: &str) -> bool {{\n        \
             if expected == got {{ return true; }}\n        \
             let words = |s: &str| s.split(|c: char| c.is_whitespace() || \"[](){{}},:;\".contains(c)).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<String>>();\n        \
             let (e, g) = (words(expected), words(got));\n        \
             e.len() == g.len() && e.iter().zip(&g).all(|(a, b)| a == b || match (a.parse::<f64>(), b.parse::<f64>()) {{\n            \
             (Ok(x), Ok(y)) => (x - y).abs() <= {t:e} * x.abs().max(y.abs()).max(1.0),\n            \
             _ => false,\n        }})\n    }}\n"
        ),
    }
}

/// How one argument is generated and passed.
struct Argument {
    /// The owned type a case holds (`String` for `&str`).
    owned: String,
    /// An expression of that type, drawing from `r`.
    generate: String,
    /// How it is passed: by value (a clone), `&`, or `&mut`.
    passing: Passing,
    mutable: bool,
}

#[derive(Clone, Copy)]
enum Passing {
    Value,
    Shared,
    Exclusive,
}

impl Argument {
    fn of(ty: &syn::Type) -> Result<Argument, String> {
        match ty {
            syn::Type::Reference(r) => {
                let (owned, generate) = match &*r.elem {
                    syn::Type::Path(p) if p.path.is_ident("str") => ("String".to_string(), string()),
                    syn::Type::Slice(s) => {
                        let (elem, generate) = value(&s.elem)?;
                        (format!("Vec<{elem}>"), vector(&elem, &generate))
                    }
                    other => value(other)?,
                };
                let mutable = r.mutability.is_some();
                Ok(Argument {
                    owned,
                    generate,
                    passing: if mutable { Passing::Exclusive } else { Passing::Shared },
                    mutable,
                })
            }
            other => {
                let (owned, generate) = value(other)?;
                Ok(Argument { owned, generate, passing: Passing::Value, mutable: false })
            }
        }
    }

    fn pass(&self, place: &str) -> String {
        match self.passing {
            Passing::Value => format!("{place}.clone()"),
            Passing::Shared => format!("&{place}"),
            Passing::Exclusive => format!("&mut {place}"),
        }
    }
}

/// The type's text and an expression generating one.
fn value(ty: &syn::Type) -> Result<(String, String), String> {
    let text = ty.to_token_stream().to_string().replace(' ', "");
    let unsupported = || format!("no input can be generated for an argument of type `{text}`");
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last().ok_or_else(unsupported)?;
            let ident = last.ident.to_string();
            let inner = || -> Result<(String, String), String> {
                match &last.arguments {
                    syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
                        syn::GenericArgument::Type(t) => value(t),
                        _ => Err(unsupported()),
                    },
                    _ => Err(unsupported()),
                }
            };
            let generate = match ident.as_str() {
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => format!("(r.below(33) as {ident})"),
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => format!("(r.below(65) as {ident} - 32)"),
                "f32" | "f64" => format!("((r.below(4001) as {ident} - 2000.0) / 16.0)"),
                "bool" => "(r.below(2) == 1)".to_string(),
                "char" => "r.character()".to_string(),
                "String" => string(),
                "Vec" => {
                    let (elem, generate) = inner()?;
                    return Ok((format!("Vec<{elem}>"), vector(&elem, &generate)));
                }
                "Option" => {
                    let (elem, generate) = inner()?;
                    return Ok((
                        format!("Option<{elem}>"),
                        format!("(if r.below(4) == 0 {{ None }} else {{ Some({generate}) }})"),
                    ));
                }
                "Box" => {
                    let (elem, generate) = inner()?;
                    return Ok((format!("Box<{elem}>"), format!("Box::new({generate})")));
                }
                _ => return Err(unsupported()),
            };
            if !matches!(last.arguments, syn::PathArguments::None) {
                return Err(unsupported());
            }
            Ok((ident, generate))
        }
        syn::Type::Tuple(t) => {
            let parts: Vec<(String, String)> = t.elems.iter().map(value).collect::<Result<_, _>>()?;
            let types: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
            let values: Vec<&str> = parts.iter().map(|p| p.1.as_str()).collect();
            Ok((format!("({},)", types.join(", ")), format!("({},)", values.join(", "))))
        }
        syn::Type::Array(a) => {
            let (elem, generate) = value(&a.elem)?;
            let len = a.len.to_token_stream().to_string();
            Ok((format!("[{elem}; {len}]"), format!("std::array::from_fn(|_| {generate})")))
        }
        syn::Type::Paren(p) => value(&p.elem),
        _ => Err(unsupported()),
    }
}

fn string() -> String {
    "r.string(LITERALS)".to_string()
}

fn vector(elem: &str, generate: &str) -> String {
    format!(
        "{{ let n = r.below(25); let mut v: Vec<{elem}> = Vec::with_capacity(n as usize); for _ in 0..n {{ v.push({generate}); }} v }}"
    )
}

/// A small deterministic generator (splitmix64), written into the module
/// so the test needs no crate.
const RNG: &str = r#"    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn character(&mut self) -> char {
            const CHARS: &[char] = &['a', 'b', 'c', 'x', 'A', 'Z', '0', '7', ' ', ',', '.', '-', '=', ':', ';', '\n', '\t', '"', 'é', 'ß', '→'];
            CHARS[self.below(CHARS.len() as u64) as usize]
        }
        fn string(&mut self, literals: &[&str]) -> String {
            if !literals.is_empty() && self.below(2) == 0 {
                let literal = literals[self.below(literals.len() as u64) as usize];
                // Sometimes cut short, to reach the parser's error paths.
                if self.below(4) == 0 {
                    return literal.chars().take(self.below(literal.chars().count() as u64 + 1) as usize).collect();
                }
                return literal.to_string();
            }
            let n = self.below(25);
            (0..n).map(|_| self.character()).collect()
        }
    }"#;

/// Renames calls of the function inside its own body.
struct Rename {
    from: String,
    to: String,
}

impl VisitMut for Rename {
    fn visit_expr_path_mut(&mut self, path: &mut syn::ExprPath) {
        if path.qself.is_none() && path.path.is_ident(&self.from) {
            path.path.segments[0].ident = syn::Ident::new(&self.to, path.path.segments[0].ident.span());
        }
        syn::visit_mut::visit_expr_path_mut(self, path);
    }
}

/// An input on which a candidate and the original differ, read from a
/// failed differential test's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub hidden: bool,
    pub input: String,
    pub expected: String,
    pub got: String,
}

/// A mismatch reported in `output`: one on a shown input when there is
/// one (the generator may see it), else one on a hidden input.
pub fn mismatch(output: &str) -> Option<Mismatch> {
    let found: Vec<Mismatch> = output
        .match_indices(MISMATCH)
        .filter_map(|(at, _)| {
            let line = output[at..].lines().next()?;
            let fields: Vec<&str> = line.split('\t').collect();
            let [_, hidden, input, expected, got] = fields.as_slice() else { return None };
            Some(Mismatch {
                hidden: *hidden == "true",
                input: unquote(input)?,
                expected: unquote(expected)?,
                got: unquote(got)?,
            })
        })
        .collect();
    found.iter().find(|m| !m.hidden).or(found.first()).cloned()
}

/// Whether a failed `cargo test` output lists a failing test other than
/// the differential module's: the package's own tests come first.
pub fn own_tests_failed(output: &str) -> bool {
    let Some(at) = output.rfind("\nfailures:\n") else { return false };
    output[at + 11..].lines().take_while(|l| l.starts_with("    ")).any(|name| !name.contains(&format!("{MODULE}::")))
}

/// The string a `{:?}` of a `String` printed.
fn unquote(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'u' => {
                let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// String literals of the package's source (its tests included), to seed
/// string arguments: at most `limit`, each at most 200 bytes.
pub fn literals(sources: &[String], limit: usize) -> Vec<String> {
    let mut found = Vec::new();
    for source in sources {
        let Ok(tokens) = source.parse::<proc_macro2::TokenStream>() else { continue };
        gather(tokens, &mut found, limit);
    }
    found.sort();
    found.dedup();
    found.truncate(limit);
    found
}

fn gather(tokens: proc_macro2::TokenStream, found: &mut Vec<String>, limit: usize) {
    for token in tokens {
        if found.len() >= limit * 4 {
            return;
        }
        match token {
            proc_macro2::TokenTree::Literal(literal) => {
                if let Ok(syn::Lit::Str(s)) = syn::parse_str::<syn::Lit>(&literal.to_string()) {
                    let value = s.value();
                    if !value.is_empty() && value.len() <= 200 {
                        found.push(value);
                    }
                }
            }
            proc_macro2::TokenTree::Group(group) => gather(group.stream(), found, limit),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_written_for_plain_argument_types() {
        let f = "/// Doc.\n#[inline]\npub fn f(a: &str, b: &[u32], c: &mut Vec<(i64, bool)>, d: Option<char>, e: [f64; 3]) -> usize {\n    if a.is_empty() { 0 } else { f(&a[1..], b, c, d, e) + 1 }\n}";
        let Differential::Module(m) = module(f, 1, 2, &["k=v".to_string()], Tolerance::Relative(1e-9)) else {
            panic!()
        };
        // The original calls itself under its new name; the candidate is `f`.
        assert!(m.contains("fn marco_original_f"), "{m}");
        assert!(m.contains("marco_original_f (& a [1 ..] , b , c , d , e)"), "{m}");
        assert!(
            m.contains("fn case(r: &mut Rng) -> (String, Vec<u32>, Vec<(i64, bool,)>, Option<char>, [f64; 3],)"),
            "{m}"
        );
        assert!(m.contains("f(&c.0, &c.1, &mut c.2, c.3.clone(), c.4.clone())"), "{m}");
        assert!(m.contains("with the arguments left as"), "{m}");
        assert!(m.contains("<= 1e-9 *"), "{m}");
        assert!(syn::parse_file(&m).is_ok(), "{m}");
    }

    #[test]
    fn types_without_a_generator_are_named() {
        let Differential::Unavailable(why) =
            module("fn f(m: &HashMap<u8, u8>) -> u8 { 0 }", 1, 2, &[], Tolerance::Exact)
        else {
            panic!()
        };
        assert!(why.contains("HashMap<u8,u8>"), "{why}");
        let Differential::Unavailable(why) = module("fn f<T: Ord>(v: &[T]) {}", 1, 2, &[], Tolerance::Exact) else {
            panic!()
        };
        assert!(why.contains("generic"), "{why}");
        let Differential::Unavailable(why) = module("pub fn len(&self) -> usize { 0 }", 1, 2, &[], Tolerance::Exact)
        else {
            panic!()
        };
        assert!(why.contains("method"), "{why}");
    }

    #[test]
    fn a_mismatch_is_read_back_from_the_test_output() {
        let output = "---- x stdout ----\nthread 'x' panicked at src/lib.rs:9:5:\nMARCO-DIFFERS\tfalse\t\"(\\\"a\\\\tb\\\", 3,)\"\t\"4\"\t\"5\"\nnote: run with";
        let found = mismatch(output).unwrap();
        assert_eq!(
            found,
            Mismatch { hidden: false, input: "(\"a\\tb\", 3,)".into(), expected: "4".into(), got: "5".into() }
        );
        assert_eq!(unquote("\"\\u{e9}x\"").as_deref(), Some("éx"));
        assert!(mismatch("test result: ok").is_none());
        let both = "MARCO-DIFFERS\ttrue\t\"#3\"\t\"1\"\t\"2\"\nMARCO-DIFFERS\tfalse\t\"(7,)\"\t\"1\"\t\"2\"\n";
        assert_eq!(mismatch(both).unwrap().input, "(7,)", "a shown input comes first");
        let failures =
            "\nfailures:\n    marco_differential::differs_on_no_hidden_input\n    tests::known\n\ntest result: FAILED";
        assert!(own_tests_failed(failures));
        assert!(!own_tests_failed(&failures.replace("    tests::known\n", "")));
    }

    #[test]
    fn literals_come_from_the_source() {
        let found = literals(&["fn t() { parse(\"a=1\"); parse(\"\"); let x = [\"b=2\"]; }".to_string()], 10);
        assert_eq!(found, ["a=1", "b=2"]);
    }
}
