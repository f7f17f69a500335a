//! Overturn: a terminal denial desk for medical billing.
//!
//! - [`domain`]: pure rules (classification, deadlines, priority, workflow).
//! - [`tables`]: the code tables and payer rules from `assets/`, overridable from the config dir.
//! - [`import`]: the X12 reader and the 835, 277 and CSV importers.
//! - [`store`]: the SQLite ledger.

pub mod domain;
pub mod tables;
