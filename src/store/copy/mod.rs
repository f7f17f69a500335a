//! `overturn copy`: a whole ledger from one back end to another (SQLite -> PostgreSQL and back,
//! or SQLite -> SQLite), into a new ledger only, in one transaction, verified table by table
//! (row count and a checksum of every value) before it commits. A failed or mismatched copy
//! leaves nothing behind: the PostgreSQL database as empty as it was, no new SQLite file.

pub mod catalog;
pub mod cell;

pub use cell::Cell;
mod ends;
mod pg_side;
mod sqlite_side;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::StoreError;
use super::pg::PgTarget;
use catalog::Table;
use ends::{Destination, Source};

/// A ledger on either back end.
#[derive(Debug, Clone)]
pub enum Ledger {
    Sqlite(PathBuf),
    Postgres(Box<PgTarget>),
}

impl Ledger {
    /// A `postgres://` URL names a PostgreSQL ledger; anything else is an SQLite file.
    pub fn parse(text: &str) -> Result<Ledger, StoreError> {
        if super::pg::is_url(text) {
            Ok(Ledger::Postgres(Box::new(PgTarget::parse(text)?)))
        } else {
            Ok(Ledger::Sqlite(PathBuf::from(text)))
        }
    }

    /// A connection to it (it exists and is current; see [`super::backend::Backend`]).
    pub fn open(&self) -> Result<super::backend::Backend, StoreError> {
        match self {
            Ledger::Sqlite(path) => super::Store::open(path).map(super::backend::Backend::Sqlite),
            Ledger::Postgres(target) => super::backend::Backend::open_postgres((**target).clone()),
        }
    }

    /// Where it is, passwords left out.
    pub fn shown(&self) -> String {
        match self {
            Ledger::Sqlite(path) => path.display().to_string(),
            Ledger::Postgres(target) => target.shown().to_string(),
        }
    }
}

/// One table's copy: rows and the checksum both ends agreed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub rows: u64,
    pub checksum: String,
}

/// Rows and a checksum of their values, in key order.
#[derive(Default)]
struct Tally {
    rows: u64,
    hasher: Sha256,
}

impl Tally {
    fn add(&mut self, cells: &[Cell]) {
        self.rows += 1;
        cells.iter().for_each(|c| c.hash_into(&mut self.hasher));
        self.hasher.update([0xFF]);
    }

    fn finish(self, table: &Table) -> TableCopy {
        let digest = self.hasher.finalize();
        let checksum = digest.iter().map(|b| format!("{b:02x}")).collect();
        TableCopy { table: table.name.clone(), rows: self.rows, checksum }
    }
}

/// What a copy is doing, for a progress line: loading or checking table `n` of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Loading { table: &'a str, n: usize, of: usize },
    Checking { table: &'a str, n: usize, of: usize },
}

/// Copies the ledger at `from` into a new ledger at `to`; returns each table's figures.
/// `progress` hears each table as it is loaded and checked.
pub fn copy(from: &Ledger, to: &Ledger, progress: &mut dyn FnMut(Step<'_>)) -> Result<Vec<TableCopy>, StoreError> {
    let tables = catalog::tables()?;
    let mut source = Source::open(from)?;
    let mut dest = Destination::create(to)?;
    let result = load_and_verify(&mut source, &mut dest, &tables, progress);
    match result {
        Ok(copied) => {
            dest.commit()?;
            Ok(copied)
        }
        Err(e) => {
            dest.abandon();
            Err(e)
        }
    }
}

fn load_and_verify(
    source: &mut Source,
    dest: &mut Destination,
    tables: &[Table],
    progress: &mut dyn FnMut(Step<'_>),
) -> Result<Vec<TableCopy>, StoreError> {
    dest.begin(tables)?;
    let mut copied = Vec::with_capacity(tables.len());
    let of = tables.len();
    for (n, table) in tables.iter().enumerate() {
        progress(Step::Loading { table: &table.name, n: n + 1, of });
        let mut tally = Tally::default();
        dest.load(table, &mut |each| {
            source.rows(table, &mut |cells| {
                tally.add(cells);
                each(cells)
            })
        })?;
        copied.push(tally.finish(table));
    }
    dest.finish_load(tables)?;
    let mut differ = Vec::new();
    for (n, (table, want)) in tables.iter().zip(&copied).enumerate() {
        progress(Step::Checking { table: &table.name, n: n + 1, of });
        let mut tally = Tally::default();
        dest.rows(table, &mut |cells| {
            tally.add(cells);
            Ok(())
        })?;
        let got = tally.finish(table);
        if got != *want {
            differ.push(format!("{} ({} rows copied, {} read back)", table.name, want.rows, got.rows));
        }
    }
    if !differ.is_empty() {
        return Err(StoreError::new(format!(
            "the copy does not read back the same, nothing was written: {}",
            differ.join("; ")
        )));
    }
    Ok(copied)
}

/// Each table's rows and checksum, read in one consistent snapshot (to compare two ledgers).
pub fn checksums(ledger: &Ledger) -> Result<Vec<TableCopy>, StoreError> {
    let tables = catalog::tables()?;
    let mut source = Source::open(ledger)?;
    let mut out = Vec::with_capacity(tables.len());
    for table in &tables {
        let mut tally = Tally::default();
        source.rows(table, &mut |cells| {
            tally.add(cells);
            Ok(())
        })?;
        out.push(tally.finish(table));
    }
    Ok(out)
}
