//! Waiting for another connection's write lock (a second import, the desk deciding while an
//! import runs): command-line writes wait up to a limit and say, once, that they are waiting.
//! SQLite calls the handler with the number of times it was called for this lock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

static LIMIT_MS: AtomicU64 = AtomicU64::new(5_000);
static NOTICE: OnceLock<fn()> = OnceLock::new();

/// Tries made at 10 ms intervals before the interval grows to 100 ms.
const QUICK_TRIES: i32 = 10;
/// The notice comes once the wait passes about a second.
const NOTICE_AT_TRY: i32 = 20;

fn waited_ms(tries: i32) -> u64 {
    let t = tries.max(0) as u64;
    if tries <= QUICK_TRIES { t * 10 } else { 100 + (t - QUICK_TRIES as u64) * 100 }
}

fn handler(tries: i32) -> bool {
    if waited_ms(tries) >= LIMIT_MS.load(Ordering::Relaxed) {
        return false;
    }
    if tries == NOTICE_AT_TRY
        && let Some(notice) = NOTICE.get()
    {
        notice();
    }
    std::thread::sleep(Duration::from_millis(if tries < QUICK_TRIES { 10 } else { 100 }));
    true
}

/// Makes writes on `conn` wait up to `limit` for the lock, calling `notice` once they have
/// waited about a second (the first notice set in a process is the one used).
pub fn wait_when_busy(conn: &mut Connection, limit: Duration, notice: fn()) -> Result<(), StoreError> {
    LIMIT_MS.store(limit.as_millis().min(u128::from(u64::MAX)) as u64, Ordering::Relaxed);
    let _ = NOTICE.set(notice);
    conn.busy_handler(Some(handler))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_from_quick_tries_to_longer_ones() {
        assert_eq!(waited_ms(0), 0);
        assert_eq!(waited_ms(10), 100);
        assert_eq!(waited_ms(11), 200);
        assert_eq!(waited_ms(20), 1_100);
    }
}
