//! `marco optimise DIR`: the loop on functions of a Cargo package.
//!
//! The package is copied into the run directory ([`work`]); everything
//! cargo does with a candidate happens on that copy, inside the container
//! (`sandbox::Container`). A target function ([`items`]) is named by the
//! user or found by profiling the package's benchmarks ([`profile`]); each
//! becomes a [`task::PackageTask`]: candidates are screened ([`screen`]),
//! built and checked by the package's tests plus a generated differential
//! test ([`differential`]), and timed with the package's benchmarks
//! ([`mod@bench`]).

pub mod bench;
pub mod build_settings;
pub mod cargo;
pub mod coverage;
pub mod differential;
pub mod items;
pub mod manifest;
pub mod mend;
pub mod patch;
pub mod profile;
pub mod profile_targets;
pub mod report;
pub mod run;
pub mod screen;
pub mod spec;
pub mod task;
pub mod work;

#[cfg(test)]
mod scenarios;
