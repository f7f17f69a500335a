//! Rescoring priorities for a new day without making the biller wait: a thread with its own
//! connection rescores one due date per transaction (so decisions are never blocked for long)
//! and reports when it is done; the desk then reloads what it shows.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread;

use chrono::NaiveDate;

use crate::domain::money::Cents;
use crate::store::backend::Backend;
use crate::store::copy::Ledger;
use crate::store::{StoreError, priorities};

pub struct Refresh {
    done: Receiver<Result<u64, String>>,
}

fn work(at: Ledger, today: NaiveDate, threshold: Cents) -> Result<u64, StoreError> {
    let mut ledger = at.open()?;
    if let Backend::Sqlite(store) = &ledger {
        store.set_busy_wait(std::time::Duration::from_secs(600))?;
    }
    let steps = priorities::stale_steps(ledger.db(), today)?;
    let mut changed = 0;
    for step in steps {
        changed += ledger.transaction(|db| priorities::rescore_step(db, step, today, threshold))?;
    }
    ledger.transaction(|db| priorities::finish(db, today))?;
    Ok(changed)
}

impl Refresh {
    /// Starts rescoring the ledger at `at` for `today`, unless it is already today's.
    pub fn start(at: Ledger, today: NaiveDate, threshold: Cents) -> Refresh {
        let (tx, rx) = channel();
        thread::spawn(move || {
            let _ = tx.send(work(at, today, threshold).map_err(|e| e.to_string()));
        });
        Refresh { done: rx }
    }

    /// `Some(result)` once finished: how many items changed urgency, or what went wrong.
    pub fn finished(&self) -> Option<Result<u64, String>> {
        match self.done.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("priority refresh stopped".into())),
        }
    }
}
