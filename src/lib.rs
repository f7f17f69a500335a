//! Overturn: a terminal denial desk for medical billing.
//!
//! - [`domain`]: pure rules (classification, deadlines, priority, workflow).
//! - [`tables`]: the code tables and payer rules from `assets/`, overridable from the config dir.
//! - [`import`]: the X12 reader and the 835, 277 and CSV importers.
//! - [`store`]: the SQLite ledger.
//! - [`ledger`]: importing files into the store as classified, prioritised work.
//! - [`text`] and [`output`]: control characters flattened at intake and escaped in every
//!   output; output files created private and renamed into place.

/// The allocator of every binary built on this crate (the desk, the benchmarks, the tests):
/// mimalloc, without transparent huge pages (they made a short import resident in 2 MiB
/// pieces). An import allocates and frees a claim's strings and lists on one thread per claim;
/// under glibc's allocator the parsing thread ran a sixth more instructions (callgrind).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
