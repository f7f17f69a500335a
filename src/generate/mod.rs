//! Synthetic but valid remit and acknowledgement files, for benchmarks and the demo.

pub mod claim_gen;
pub mod demo;
mod demo_work;
pub mod gen277;
pub mod gen835;
pub mod gen837;
pub mod practice;
pub mod rng;
pub mod x12_writer;

pub use gen277::{Gen277Options, Gen277Summary, write_277};
pub use gen835::{DEFAULT_WEEKS, Gen835Options, Gen835Summary, write_835};
pub use gen837::{Gen837Options, Gen837Summary, write_837};
