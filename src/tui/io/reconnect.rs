//! A shared ledger's connection opened again after the server dropped it (a restart, a
//! network cut, an administrator ending sessions). The new connection is made on another
//! thread, so the desk keeps drawing and answering keys while it waits (a host that does not
//! answer takes the connection's whole timeout); until it is back nothing is done on the
//! ledger, and the status line says so. Nothing is replayed: a decision under way when the
//! connection went failed and said so; the item's version tells whether it was saved.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::store::backend::Backend;
use crate::store::copy::Ledger;
use crate::store::pg;
use crate::tui::action::Action;

/// How long after a failed try the next one starts.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// The state of a lost connection's replacement.
#[derive(Default)]
pub struct Reconnect {
    /// A try under way: its new connection, or why it failed.
    pending: Option<Receiver<Result<postgres::Client, String>>>,
    last_try: Option<Instant>,
    /// The connection is lost and not yet replaced.
    lost: bool,
}

/// What the desk says while the ledger cannot be reached.
pub const NOT_CONNECTED: &str = "not connected to the ledger's server; reconnecting (nothing was done)";

impl Reconnect {
    pub fn is_lost(&self) -> bool {
        self.lost
    }

    /// Looks at the connection (cheap: no round trip) and at a try under way; what the desk
    /// should hear: that the connection was lost (once), or that it is back.
    pub fn check(&mut self, store: &mut Backend) -> Option<Action> {
        if let Some(rx) = &self.pending {
            match rx.try_recv() {
                Ok(Ok(client)) => {
                    self.pending = None;
                    self.lost = false;
                    store.replace_connection(client);
                    return Some(Action::Reconnected);
                }
                Err(TryRecvError::Empty) => return None,
                Ok(Err(_)) | Err(TryRecvError::Disconnected) => {
                    // Said again after every failed try: a key may have cleared the status line.
                    self.pending = None;
                    return Some(Action::Failed(NOT_CONNECTED.into()));
                }
            }
        }
        if !store.connection_lost() {
            return None;
        }
        let first = !self.lost;
        self.lost = true;
        if self.last_try.is_none_or(|t| t.elapsed() >= RETRY_EVERY)
            && let Ledger::Postgres(target) = store.location()
        {
            self.last_try = Some(Instant::now());
            let (tx, rx) = channel();
            std::thread::spawn(move || {
                let _ = tx.send(pg::open_existing(&target).map_err(|e| e.to_string()));
            });
            self.pending = Some(rx);
        }
        first.then(|| Action::Failed(NOT_CONNECTED.into()))
    }
}
