//! zjlint: a linter for Chinese work summaries and work plans (工作总结 / 工作计划 / 述职报告).
//!
//! Data flows one way: [`source::Source`] → [`parse::parse`] → [`model::Document`] →
//! [`lint::lint`] → [`diagnostic::Diagnostic`]s → a renderer in [`render`].

// The grammar's parser is generated for pest without its `std` feature, whose stack probe on
// every rule attempt guards recursion the grammar does not have (src/parse); that code names
// the `alloc` crate.
extern crate alloc;

pub mod analysis;
pub mod cases;
pub mod catalogue;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod docx;
pub mod fix;
pub mod io;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod render;
pub mod shared_regex;
pub mod source;
pub mod suppress;
pub mod timing;

pub use lint::{lint, Settings};
