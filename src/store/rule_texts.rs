//! The rules items were triaged by, each text stored once (schema v14): a payer's rule with its
//! published sources is about 500 bytes and the same for every item of that payer and filing
//! indicator, so a new item refers to it by id instead of carrying it.

use std::collections::HashMap;

use super::StoreError;
use super::db::Conn;

/// The id of `text` in `rule_text`, added the first time it is seen (inside the caller's
/// transaction; a concurrent writer of the same text is waited for by the unique key). Looked
/// up before it is added: PostgreSQL draws an id even for an insert that finds its key taken,
/// and a ledger's ids should not depend on its back end.
pub fn id_of<'a>(db: impl Into<Conn<'a>>, text: &str) -> Result<i64, StoreError> {
    let db = db.into();
    const FIND: &str = "SELECT id FROM rule_text WHERE text = ?1";
    if let Some(id) = db.query_opt(FIND, &[&text], |r| r.get(0))? {
        return Ok(id);
    }
    db.execute("INSERT INTO rule_text (text) VALUES (?1) ON CONFLICT (text) DO NOTHING", &[&text])?;
    db.query_row(FIND, &[&text], |r| r.get(0))
}

/// [`id_of`] remembered for the texts of one import or rescoring (a handful of rules).
#[derive(Debug, Default)]
pub struct RuleIds {
    known: HashMap<String, i64>,
    /// The shared text asked for last, and its id: a file's items mostly share a rule.
    last: Option<(std::sync::Arc<str>, i64)>,
}

impl RuleIds {
    pub fn id<'a>(&mut self, db: impl Into<Conn<'a>>, text: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.known.get(text) {
            return Ok(*id);
        }
        let id = id_of(db, text)?;
        self.known.insert(text.to_string(), id);
        Ok(id)
    }

    /// [`RuleIds::id`] of a text shared by many items: the same text as last time is known
    /// without hashing it again.
    pub fn id_shared<'a>(&mut self, db: impl Into<Conn<'a>>, text: &std::sync::Arc<str>) -> Result<i64, StoreError> {
        if let Some((last, id)) = &self.last
            && std::sync::Arc::ptr_eq(last, text)
        {
            return Ok(*id);
        }
        let id = self.id(db, text)?;
        self.last = Some((text.clone(), id));
        Ok(id)
    }

    /// Forgets every id (a rollback to a savepoint may have removed rows they name).
    pub fn forget(&mut self) {
        self.last = None;
        self.known.clear();
    }
}

/// How a reader gets an item's rule text: the shared one, else the text stored with the item
/// before version 14 (`w` is the work item's alias, `rt` a LEFT JOIN of `rule_text` on it).
pub const RULE_TEXT: &str = "coalesce(rt.text, w.rule_source)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use std::sync::Arc;

    #[test]
    fn a_shared_text_gets_the_id_of_its_text_and_a_forgotten_one_is_asked_again() {
        let mut store = Store::open_memory().unwrap();
        let tx = store.begin().unwrap();
        let mut ids = RuleIds::default();
        let (a, b) = (Arc::<str>::from("rule a"), Arc::<str>::from("rule b"));
        let ia = ids.id_shared(&*tx, &a).unwrap();
        assert_eq!(ids.id_shared(&*tx, &a).unwrap(), ia);
        let ib = ids.id_shared(&*tx, &b).unwrap();
        assert_ne!(ia, ib);
        // Another allocation of the same text: the same row.
        assert_eq!(ids.id_shared(&*tx, &Arc::from("rule a")).unwrap(), ia);
        assert_eq!(ids.id(&*tx, "rule b").unwrap(), ib);
        // After a rollback the ids are asked of the ledger again, not remembered.
        tx.execute_batch("DELETE FROM rule_text").unwrap();
        ids.forget();
        let again = ids.id_shared(&*tx, &b).unwrap();
        let text: String = tx.query_row("SELECT text FROM rule_text WHERE id = ?1", [again], |r| r.get(0)).unwrap();
        assert_eq!(text, "rule b");
    }
}
