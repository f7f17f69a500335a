//! The first import into a new ledger need not ask the ledger whether each claim's account
//! number was seen before (first adjudication, [`super::first_adjudication`]): the only claims
//! it could have been seen on are the file's own. The filter remembers a hash of each claim
//! that counts as seen; a claim whose hash it does not hold was not seen, and one whose hash
//! it holds (or any claim once the filter is full) is asked about as before. A lookup of the
//! account-number index was a tenth of the writing thread's work on such a file.

use std::hash::BuildHasher;

use rusqlite::Connection;

use super::StoreError;
use crate::domain::FastSet;

/// Hashes held at most (about 9 MiB): past them the ledger is asked, as for a ledger that
/// held claims, so memory does not grow with the file.
const CAPACITY: usize = 500_000;

#[derive(Debug, Default)]
pub struct SeenFilter {
    keys: FastSet<u64>,
    /// The claims' hashes, seeded for this filter (a different file cannot aim at collisions).
    seed: foldhash::quality::RandomState,
}

impl SeenFilter {
    fn key(&self, pcn: &str, payer_id: Option<i64>) -> u64 {
        self.seed.hash_one((pcn, payer_id.unwrap_or(0)))
    }
}

impl SeenFilter {
    /// A filter for a ledger that holds no claim yet (read inside the import's transaction,
    /// before its first claim); `None` for any other.
    pub fn for_ledger(conn: &Connection) -> Result<Option<Self>, StoreError> {
        let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM claim)", [], |r| r.get(0))?;
        Ok(empty.then(SeenFilter::default))
    }

    /// Whether a claim of this account number and payer may have been stored before.
    pub fn may_have_seen(&self, pcn: &str, payer_id: Option<i64>) -> bool {
        self.keys.contains(&self.key(pcn, payer_id))
    }

    /// Remembers a stored claim that counts as seen; `false` once the filter is full (the
    /// caller drops it and asks the ledger from then on).
    pub fn add(&mut self, pcn: &str, payer_id: Option<i64>) -> bool {
        if self.keys.len() >= CAPACITY {
            return false;
        }
        let key = self.key(pcn, payer_id);
        self.keys.insert(key);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_added_may_have_been_seen_and_a_full_filter_says_so() {
        let mut f = SeenFilter::default();
        assert!(!f.may_have_seen("PC1", Some(3)));
        assert!(f.add("PC1", Some(3)));
        assert!(f.may_have_seen("PC1", Some(3)));
        assert!(!f.may_have_seen("PC1", Some(4)), "another payer's claim");
        assert!(!f.may_have_seen("PC2", Some(3)));
        assert!(f.add("PC9", None));
        assert!(f.may_have_seen("PC9", None));
        for i in 0..CAPACITY {
            if !f.add(&format!("X{i}"), None) {
                assert_eq!(f.keys.len(), CAPACITY);
                return;
            }
        }
        panic!("the filter never filled");
    }
}
