//! The import's statements for every claim (the seen-before lookup, the claim row, its packed
//! document), prepared once per file. The connection's statement cache would find them by
//! their text, hashing it on every lookup and again on every return: a tenth of the writer's
//! work on a large remit.

use rusqlite::{Connection, Statement, params};

use super::StoreError;
use super::claim_day::ClaimDays;
use super::claims::{ClaimOrigin, INSERT_CLAIM, insert_claim, insert_row};
use super::db::Conn;
use super::first_adjudication::{FirstFacts, SEEN_BEFORE, facts};
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;

/// SQLite's statements, kept prepared; PostgreSQL's connection caches its own.
pub enum ClaimWriter<'c> {
    Sqlite { conn: &'c Connection, seen: Statement<'c>, claim: Statement<'c>, body: Statement<'c> },
    Other(Conn<'c>),
}

impl<'c> ClaimWriter<'c> {
    pub fn new(db: Conn<'c>) -> Result<Self, StoreError> {
        Ok(match db {
            Conn::Sqlite(conn) => ClaimWriter::Sqlite {
                conn,
                seen: conn.prepare(SEEN_BEFORE)?,
                claim: conn.prepare(INSERT_CLAIM)?,
                body: conn.prepare(super::claim_body::INSERT)?,
            },
            other => ClaimWriter::Other(other),
        })
    }

    /// The writer in `slot`, prepared there at the first claim of the file.
    pub fn in_slot<'s>(slot: &'s mut Option<ClaimWriter<'c>>, db: Conn<'c>) -> Result<&'s mut Self, StoreError> {
        match slot {
            Some(w) => Ok(w),
            None => Ok(slot.insert(ClaimWriter::new(db)?)),
        }
    }

    /// See [`super::first_adjudication::facts`].
    pub fn first_facts(
        &mut self,
        source: &str,
        payer_id: Option<i64>,
        claim: &RemitClaim,
        denied: Option<Cents>,
        contractual: Cents,
    ) -> Result<FirstFacts, StoreError> {
        let seen = |pcn: &str, payer: Option<i64>| -> Result<bool, StoreError> {
            match self {
                ClaimWriter::Sqlite { seen, .. } => Ok(seen.exists(params![pcn, payer])?),
                ClaimWriter::Other(db) => Ok(db.query_opt(SEEN_BEFORE, &[&pcn, &payer], |_| Ok(()))?.is_some()),
            }
        };
        facts(seen, source, payer_id, claim, denied, contractual)
    }

    /// Stores a claim row and its packed document, and counts it in the claim rollup.
    pub fn insert(
        &mut self,
        days: &mut ClaimDays,
        o: &ClaimOrigin<'_>,
        c: &RemitClaim,
        packed: Option<&str>,
    ) -> Result<i64, StoreError> {
        let claim_id = match self {
            ClaimWriter::Sqlite { conn, claim, body, .. } => {
                let id = insert_row(claim, conn, o, c)?;
                if let Some(json) = packed {
                    body.execute(params![id, json])?;
                }
                id
            }
            ClaimWriter::Other(db) => {
                let id = insert_claim(*db, o, c)?;
                if let Some(json) = packed {
                    db.execute(super::claim_body::INSERT, &[&id, &json])?;
                }
                id
            }
        };
        days.add(o.source, o.remit_date, o.payer_id, &o.first, c);
        Ok(claim_id)
    }
}
