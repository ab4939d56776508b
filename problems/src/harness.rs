//! Turns a solution into a complete program: the solution as written (the
//! untrusted candidate), then trusted harness code that supplies LeetCode's
//! support types, decodes each case from stdin, calls the solution and
//! encodes its result.

use quote::ToTokens;
use sandbox::Program;
use syn::{FnArg, ImplItem, Item, Signature, Type};

use crate::guest::{SUPPORT_SOURCE, WIRE_SOURCE};
use crate::spec::{Api, Problem};

/// Why a solution does not fit its problem's API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error(
        "no `fn {name}` in an `impl {owner}` block; expected:\n\n    impl {owner} {{\n        {expected} {{ ... }}\n    }}"
    )]
    Missing { owner: String, name: String, expected: String },
    #[error("`fn {name}` has the wrong signature:\n  expected `{expected}`\n  found    `{found}`")]
    Mismatch { name: String, expected: String, found: String },
    #[error("the solution defines `fn main`; remove it, the harness provides one")]
    HasMain,
}

/// Builds the program that runs `solution` on a problem's cases.
///
/// A solution that does not parse as Rust is passed on unchanged, so that
/// rustc reports what is wrong with structured diagnostics.
pub fn program(problem: &dyn Problem, solution: &str) -> Result<Program, SignatureError> {
    let file = syn::parse_file(solution).ok();
    if let Some(file) = &file {
        check_api(file, problem.api())?;
    }
    Ok(assemble(problem, solution, file.as_ref(), Call::Solution))
}

/// A program that reads every case exactly as [`program`]'s does but calls
/// no solution (it writes the return type's default value). Its fuel is the
/// harness's own share of a run: decoding the input. `None` for problems
/// with a hand-written driver.
pub fn overhead_program(problem: &dyn Problem) -> Option<Program> {
    matches!(problem.api(), Api::Function(_)).then(|| assemble(problem, "", None, Call::Nothing))
}

/// What the per-case body does after reading the input.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Call {
    Solution,
    Nothing,
}

fn assemble(problem: &dyn Problem, solution: &str, file: Option<&syn::File>, call: Call) -> Program {
    let defined = |name: &str| file.is_some_and(|f| defines_type(f, name));
    let mut harness = String::from("\n// ---- marco harness: everything below is trusted code ----\n");
    if problem.api().owner() == "Solution" && !defined("Solution") {
        harness.push_str("#[allow(dead_code)]\npub struct Solution;\n");
    }
    // LeetCode's support types, unless the solution brought its own.
    harness.push_str("#[allow(dead_code)]\nmod __marco_support {\n");
    harness.push_str(SUPPORT_SOURCE);
    harness.push_str("}\n");
    for support in ["ListNode", "TreeNode"] {
        if !defined(support) {
            harness.push_str(&format!("#[allow(unused_imports)]\nuse __marco_support::{support};\n"));
        }
    }
    harness.push_str("#[allow(dead_code, unused)]\nmod __marco_wire {\n");
    harness.push_str(WIRE_SOURCE);
    harness.push_str("}\n");
    let body = match problem.api() {
        Api::Function(signature) => call_body(signature, call),
        Api::Custom { items, body, .. } => {
            harness.push_str(items);
            harness.push('\n');
            body.to_string()
        }
    };
    harness.push_str(&format!(
        r#"
#[allow(unused_mut, unused_variables, clippy::all)]
fn main() {{
    use std::io::{{Read, Write}};
    // The signature's types, for a program without a solution that would import them.
    use std::{{cell::RefCell, rc::Rc}};
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).expect("cannot read the cases");
    let mut cases = __marco_wire::Reader::new(&input);
    let count: usize = cases.read().expect("case count");
    for _ in 0..count {{
        let r = &mut cases;
        let mut result = __marco_wire::Writer::default();
        result.begin_case();
        {{
            let w = &mut result;
            {body}
        }}
        result.end_line();
        let mut out = std::io::stdout().lock();
        out.write_all(&result.buf).expect("cannot write a result");
        out.flush().expect("cannot write a result");
    }}
}}
"#
    ));
    Program::new(solution).with_harness(harness)
}

/// The per-case body for an `impl Solution` method: read the parameters,
/// call, write the result and then the `&mut` parameters.
fn call_body(signature: &str, call: Call) -> String {
    let sig = parse_signature(signature);
    let mut body = String::new();
    let mut args = Vec::new();
    let mut in_place = Vec::new();
    let mut owned = Vec::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(arg) = input else { continue };
        let name = format!("arg{i}");
        match &*arg.ty {
            Type::Reference(reference) => {
                let ty = reference.elem.to_token_stream();
                body.push_str(&format!("let mut {name}: {ty} = r.read().expect(\"input\");\n"));
                if reference.mutability.is_some() {
                    args.push(format!("&mut {name}"));
                    in_place.push(name);
                } else {
                    args.push(format!("&{name}"));
                }
            }
            ty => {
                let ty = ty.to_token_stream();
                body.push_str(&format!("let {name}: {ty} = r.read().expect(\"input\");\n"));
                args.push(name.clone());
                owned.push(name);
            }
        }
    }
    match (call, &sig.output) {
        (Call::Solution, _) => {
            body.push_str(&format!("let returned = Solution::{}({});\n", sig.ident, args.join(", ")));
        }
        (Call::Nothing, output) => {
            // An argument taken by value is the solution's to drop (a linked
            // list's drop walks every node): leak it, so that the harness's
            // share is decoding alone.
            for name in owned {
                body.push_str(&format!("std::mem::forget({name});\n"));
            }
            match output {
                syn::ReturnType::Default => body.push_str("let returned = ();\n"),
                syn::ReturnType::Type(_, ty) => {
                    body.push_str(&format!("let returned: {} = Default::default();\n", ty.to_token_stream()));
                }
            }
        }
    }
    body.push_str("w.put(&returned);\n");
    // The harness's own share is decoding: an in-place result is the
    // solution's to write.
    if call == Call::Solution {
        for name in in_place {
            body.push_str(&format!("w.put(&{name});\n"));
        }
    }
    body
}

/// Parses a signature as the problem set writes it (`pub`, `unsafe` allowed).
fn parse_signature(signature: &str) -> Signature {
    let text = signature.trim().trim_start_matches("pub ").trim_end_matches(';');
    syn::parse_str(text).unwrap_or_else(|e| panic!("bad signature in the problem set `{signature}`: {e}"))
}

fn defines_type(file: &syn::File, name: &str) -> bool {
    file.items.iter().any(|item| match item {
        Item::Struct(s) => s.ident == name,
        Item::Enum(e) => e.ident == name,
        Item::Type(t) => t.ident == name,
        _ => false,
    })
}

fn check_api(file: &syn::File, api: &Api) -> Result<(), SignatureError> {
    if file.items.iter().any(|item| matches!(item, Item::Fn(f) if f.sig.ident == "main")) {
        return Err(SignatureError::HasMain);
    }
    let owner = api.owner();
    for expected_text in api.signatures() {
        let expected = parse_signature(expected_text);
        let found = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Impl(block) if block.trait_.is_none() && type_name(&block.self_ty) == owner => Some(block),
                _ => None,
            })
            .flat_map(|block| &block.items)
            .find_map(|item| match item {
                ImplItem::Fn(f) if f.sig.ident == expected.ident => Some(&f.sig),
                _ => None,
            });
        let Some(found) = found else {
            return Err(SignatureError::Missing {
                owner: owner.to_string(),
                name: expected.ident.to_string(),
                expected: expected_text.to_string(),
            });
        };
        if shape(&expected, owner) != shape(found, owner) {
            return Err(SignatureError::Mismatch {
                name: expected.ident.to_string(),
                expected: expected_text.to_string(),
                found: tidy(&found.to_token_stream().to_string()),
            });
        }
    }
    Ok(())
}

/// Token text as a person writes it: `fn f(a: &str)`, not `fn f (a : & str)`.
fn tidy(tokens: &str) -> String {
    let mut text = tokens.to_string();
    for (from, to) in [
        (" ,", ","),
        (" :", ":"),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        (" (", "("),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
    ] {
        text = text.replace(from, to);
    }
    text
}

fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// What must match between signatures: whether there is a receiver (its
/// mutability is free), the parameter types in order, and the return type.
/// Parameter names and `mut` bindings are the solution's own business.
fn shape(sig: &Signature, owner: &str) -> (bool, Vec<String>, String) {
    let normalise = |tokens: proc_macro2::TokenStream| {
        tokens
            .into_iter()
            .map(|t| match &t {
                proc_macro2::TokenTree::Ident(i) if i == "Self" => owner.to_string(),
                _ => t.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
            .replace(' ', "")
    };
    let has_receiver = sig.inputs.iter().any(|a| matches!(a, FnArg::Receiver(_)));
    let params = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(normalise(t.ty.to_token_stream())),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => normalise(ty.to_token_stream()),
    };
    (has_receiver, params, output)
}
