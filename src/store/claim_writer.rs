//! The import's statements for every claim (the seen-before lookup, the claim row with its
//! packed document), prepared once per file; the claim row's parameters are bound only when they
//! change (see [`StickyParams`]). The connection's statement cache would find them by
//! their text, hashing it on every lookup and again on every return: a tenth of the writer's
//! work on a large remit.

use rusqlite::{Connection, Statement, params};

use super::StoreError;
use super::claim_batch::ClaimBatch;
use super::claim_day::ClaimDays;
use super::claims::{ClaimOrigin, INSERT_CLAIM, insert_row};
use super::db::{Conn, PgConn};
use super::first_adjudication::{FirstFacts, SEEN_BEFORE, counts_as_seen, facts};
use super::seen_filter::SeenFilter;
use super::sticky_params::StickyParams;
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;

/// SQLite's statements, kept prepared; on PostgreSQL, claims held and written a batch at a
/// time (see [`ClaimBatch`]).
pub enum ClaimWriter<'c> {
    Sqlite {
        conn: &'c Connection,
        seen: Statement<'c>,
        claim: Statement<'c>,
        sticky: StickyParams,
        /// The file's own claims, when the ledger held none before it (see [`SeenFilter`]).
        filter: Option<SeenFilter>,
    },
    Postgres {
        pg: &'c PgConn,
        batch: ClaimBatch,
    },
}

impl<'c> ClaimWriter<'c> {
    pub fn new(db: Conn<'c>) -> Result<Self, StoreError> {
        Ok(match db {
            Conn::Sqlite(conn) => ClaimWriter::Sqlite {
                conn,
                seen: conn.prepare(SEEN_BEFORE)?,
                claim: conn.prepare(&INSERT_CLAIM)?,
                sticky: StickyParams::default(),
                filter: SeenFilter::for_ledger(conn)?,
            },
            Conn::Postgres(pg) => ClaimWriter::Postgres { pg, batch: ClaimBatch::default() },
        })
    }

    /// The writer in `slot`, prepared there at the first claim of the file.
    pub fn in_slot<'s>(slot: &'s mut Option<ClaimWriter<'c>>, db: Conn<'c>) -> Result<&'s mut Self, StoreError> {
        match slot {
            Some(w) => Ok(w),
            None => Ok(slot.insert(ClaimWriter::new(db)?)),
        }
    }

    /// See [`super::first_adjudication::facts`]. On PostgreSQL the facts are provisional (a
    /// first adjudication unless the ledger says otherwise): the batch settles them.
    pub fn first_facts(
        &mut self,
        source: &str,
        payer_id: Option<i64>,
        claim: &RemitClaim,
        denied: Option<Cents>,
        contractual: Cents,
    ) -> Result<FirstFacts, StoreError> {
        match self {
            ClaimWriter::Sqlite { seen, filter, .. } => {
                let seen = |pcn: &str, payer: Option<i64>| match filter {
                    Some(f) if !f.may_have_seen(pcn, payer) => Ok(false),
                    _ => Ok(seen.exists(params![pcn, payer])?),
                };
                facts(seen, source, payer_id, claim, denied, contractual)
            }
            ClaimWriter::Postgres { .. } => facts(|_, _| Ok(false), source, payer_id, claim, denied, contractual),
        }
    }

    /// Stores a claim row with its packed document and counts it in the claim rollup; its id,
    /// or `None` while it is held in a batch ([`ClaimWriter::write`] gives it; a claim that
    /// fills the batch is written at once, with its id).
    pub fn insert(
        &mut self,
        days: &mut ClaimDays,
        o: &ClaimOrigin<'_>,
        c: &RemitClaim,
        packed: Option<&str>,
    ) -> Result<Option<i64>, StoreError> {
        match self {
            ClaimWriter::Sqlite { conn, claim, sticky, filter, .. } => {
                let id = insert_row(claim, sticky, conn, o, c, packed)?;
                if let Some(f) = filter
                    && counts_as_seen(o.source, c)
                    && !f.add(&c.pcn, o.payer_id)
                {
                    *filter = None;
                }
                days.add(o.source, o.remit_date, o.payer_id, &o.first, c);
                Ok(Some(id))
            }
            ClaimWriter::Postgres { pg, batch } => {
                if batch.hold(o, c, packed, o.first.denied) {
                    // A full batch is written now, this claim with it: its id is known.
                    return batch.write(pg, days);
                }
                Ok(None)
            }
        }
    }

    /// Holds a new work item (its row, its claim's id to come) and its creation event beside
    /// the claim held last, to be written with it (PostgreSQL; see `store::held_items`).
    pub fn hold_item(&mut self, row: Vec<super::db::Value>, event: [super::db::Value; 7]) -> Result<(), StoreError> {
        match self {
            ClaimWriter::Sqlite { .. } => Err(StoreError::new("SQLite writes work items as they come")),
            ClaimWriter::Postgres { batch, .. } => batch.hold_item(row, event),
        }
    }

    /// Holds the answer of the claim held last to the claim inventory, applied when it is
    /// written (PostgreSQL; see [`ClaimBatch::hold_answer`]).
    pub fn hold_answer(
        &mut self,
        pcn: &str,
        payer_claim_no: Option<&str>,
        on: chrono::NaiveDate,
    ) -> Result<(), StoreError> {
        match self {
            ClaimWriter::Sqlite { .. } => Err(StoreError::new("SQLite answers the inventory as claims come")),
            ClaimWriter::Postgres { batch, .. } => batch.hold_answer(pcn, payer_claim_no, on),
        }
    }

    /// Submitted claims answered by held answers written since the last call.
    pub fn take_answered(&mut self) -> u64 {
        match self {
            ClaimWriter::Sqlite { .. } => 0,
            ClaimWriter::Postgres { batch, .. } => batch.take_answered(),
        }
    }

    /// [`ClaimWriter::insert`], the claim in the ledger now: its id.
    pub fn insert_now(
        &mut self,
        days: &mut ClaimDays,
        o: &ClaimOrigin<'_>,
        c: &RemitClaim,
        packed: Option<&str>,
    ) -> Result<i64, StoreError> {
        match self.insert(days, o, c, packed)? {
            Some(id) => Ok(id),
            None => self.write(days)?.ok_or_else(|| StoreError::new("a held claim was not written")),
        }
    }

    /// Writes the held claims (PostgreSQL); the id of the last one, `None` when none was held.
    pub fn write(&mut self, days: &mut ClaimDays) -> Result<Option<i64>, StoreError> {
        match self {
            ClaimWriter::Sqlite { .. } => Ok(None),
            ClaimWriter::Postgres { pg, batch } => batch.write(pg, days),
        }
    }
}

/// Where a claim is in its file, without patient data: its transaction set (none in a
/// spreadsheet) and its number there; claim 0 when it is not from a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimPlace<'a> {
    pub st02: &'a str,
    pub claim: u64,
}

impl std::fmt::Display for ClaimPlace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.st02 {
            "" => write!(f, "claim {}", self.claim),
            st02 => write!(f, "transaction set {st02}, claim {}", self.claim),
        }
    }
}
