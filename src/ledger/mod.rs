//! The ledger: imports files into the store, turning denials and rejections into classified,
//! deadlined and prioritised work items, one transaction per file.

mod file_bytes;
mod file_report;
mod held;
mod import_file;
mod inventory;
mod no_response;
mod parts;
mod pipeline;
mod pretriage;
mod remits;
mod retriage;
mod silent;
mod sink;
mod source;
mod statuses;
mod underpaid;
mod work;

pub use file_report::{FileReport, ImportSettings};
pub use import_file::{Target, import_into, import_path};
pub use no_response::{Sweep, open_silent, open_silent_daily};
pub use retriage::if_pending as retriage_if_pending;
pub use silent::{SilentClaim, silent_claims};
pub use sink::LedgerSink;
