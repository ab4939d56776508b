//! Code shared by the host and every harness: LeetCode's support types and
//! the wire format. The same files are compiled here and pasted into each
//! harness program ([`SUPPORT_SOURCE`], [`WIRE_SOURCE`]), so the two sides
//! cannot drift apart.

include!("support.rs");
pub mod wire;

/// Source of `ListNode` and `TreeNode`, for the harness.
pub const SUPPORT_SOURCE: &str = include_str!("support.rs");
/// Source of the wire format, for the harness (inside a module).
pub const WIRE_SOURCE: &str = include_str!("wire.rs");
