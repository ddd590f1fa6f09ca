//! transaudit: audit corpora of machine-translated English articles.
//!
//! The pipeline (see [`pipeline`]) reads inputs ([`input`]), builds
//! [`document::Document`]s, runs the [`checks`] and writes [`report`]s of
//! [`finding::Finding`]s.

pub mod checks;
pub mod clean;
pub mod cli;
pub mod config;
pub mod document;
pub mod finding;
#[doc(hidden)]
pub mod fuzz;
pub mod input;
pub mod pack;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod text;
