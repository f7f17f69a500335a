//! Submitted claims (837) into the ledger's claim inventory, and the answers later files give
//! them.

use rusqlite::Connection;

use crate::domain::submitted::SubmittedClaim;
use crate::store::{StoreError, submitted};

use super::sink::LedgerSink;

impl LedgerSink<'_> {
    /// One claim of an 837: stored with the answers the ledger already holds for it.
    pub(super) fn store_submitted(&mut self, c: &SubmittedClaim) -> Result<(), StoreError> {
        let on = c.created.unwrap_or(self.ctx.today).min(self.ctx.today);
        let answers = submitted::insert(self.conn, self.ctx.batch_id, c, on)?;
        self.inventory_on_file = Some(true);
        self.outcome.submitted += 1;
        if answers.remitted {
            self.outcome.submitted_answered += 1;
        }
        Ok(())
    }

    /// Applies an answer to the inventory when it holds any claim (checked once per file).
    pub(super) fn inventory_answer(
        &mut self,
        apply: impl FnOnce(&Connection) -> Result<usize, StoreError>,
    ) -> Result<(), StoreError> {
        let on_file = match self.inventory_on_file {
            Some(b) => b,
            None => *self.inventory_on_file.insert(submitted::any(self.conn)?),
        };
        if on_file {
            self.outcome.inventory_answered += apply(self.conn)? as u64;
        }
        Ok(())
    }
}
