//! The ledger: imports files into the store, turning denials and rejections into classified,
//! deadlined and prioritised work items, one transaction per file.

mod import_file;
mod remits;
mod sink;
mod statuses;
mod work;

pub use import_file::{FileReport, ImportSettings, import_path};
pub use sink::LedgerSink;
