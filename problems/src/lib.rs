//! The LeetCode 75 problem set in Rust: statements, baseline and reference
//! solutions, input generators, checkers and the harness. Filled by the
//! LeetCode 75 issues; it has no public API yet.
