//! Submitted claims (837) into the ledger's claim inventory, and the answers later files give
//! them.

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
}
