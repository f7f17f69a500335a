//! Overturn: a terminal denial desk for medical billing.
//!
//! - [`domain`]: pure rules (classification, deadlines, priority, workflow).
//! - [`tables`]: the code tables and payer rules from `assets/`, overridable from the config dir.
//! - [`import`]: the X12 reader and the 835, 277 and CSV importers.
//! - [`store`]: the SQLite ledger.
//! - [`ledger`]: importing files into the store as classified, prioritised work.
//! - [`text`] and [`output`]: control characters flattened at intake and escaped in every
//!   output; output files created private and renamed into place.

pub mod cli;
pub mod config;
pub mod domain;
pub mod fsutil;
pub mod generate;
pub mod import;
pub mod ledger;
pub mod letters;
pub mod output;
pub mod pdf;
pub mod report;
pub mod store;
pub mod tables;
pub mod text;
pub mod tui;
