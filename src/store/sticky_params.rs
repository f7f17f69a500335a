//! Parameters of a statement the import runs for every claim, bound only when they change.
//! SQLite keeps a statement's bindings from one run to the next; binding text copies it into
//! a buffer SQLite allocates and frees again at the next binding. Within a remit most of a
//! claim row's values are the ones the claim before had (the batch, the payment, the payer,
//! the remit date, the check, the status, empty fields), so comparing costs less than binding.

use rusqlite::Statement;

use super::StoreError;
use super::db::{ToValue, Value, ValueRef, sqlite_bind};

/// What a parameter was last bound to.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Unbound,
    Null,
    Int(i64),
    Real(u64),
    Text(String),
}

/// The values last bound to one statement's parameters (the statement is the caller's, and
/// only [`StickyParams::execute`] may bind it).
#[derive(Debug, Default)]
pub struct StickyParams {
    last: Vec<Slot>,
}

impl Slot {
    fn holds(&self, v: ValueRef<'_>) -> bool {
        match (self, v) {
            (Slot::Null, ValueRef::Null) => true,
            (Slot::Int(a), ValueRef::Int(b)) => *a == b,
            (Slot::Real(a), ValueRef::Real(b)) => *a == b.to_bits(),
            (Slot::Text(a), ValueRef::Text(b)) => a == b,
            _ => false,
        }
    }

    /// Becomes `v`, reusing its text buffer.
    fn set(&mut self, v: ValueRef<'_>) {
        match (&mut *self, v) {
            (Slot::Text(s), ValueRef::Text(t)) => {
                s.clear();
                s.push_str(t);
            }
            (slot, ValueRef::Null) => *slot = Slot::Null,
            (slot, ValueRef::Int(n)) => *slot = Slot::Int(n),
            (slot, ValueRef::Real(x)) => *slot = Slot::Real(x.to_bits()),
            (slot, ValueRef::Text(t)) => *slot = Slot::Text(t.to_string()),
        }
    }
}

impl StickyParams {
    /// Binds what differs from the last run and runs `stmt` once; the rows it changed.
    pub fn execute(&mut self, stmt: &mut Statement<'_>, values: &[&dyn ToValue]) -> Result<usize, StoreError> {
        if self.last.len() != values.len() {
            self.last = vec![Slot::Unbound; values.len()];
        }
        for (i, (v, slot)) in values.iter().zip(self.last.iter_mut()).enumerate() {
            let built: Value;
            let value = match v.value_ref() {
                Some(r) => r,
                None => {
                    built = v.to_value();
                    built.as_ref()
                }
            };
            if !slot.holds(value) {
                if let Err(e) = stmt.raw_bind_parameter(i + 1, sqlite_bind(value)) {
                    // Bound to who knows what: the next run binds it again.
                    *slot = Slot::Unbound;
                    return Err(e.into());
                }
                slot.set(value);
            }
        }
        Ok(stmt.raw_execute()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rusqlite::Connection;

    #[test]
    fn a_run_writes_its_own_values_whichever_were_bound_before() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a, b, c, d)").unwrap();
        let mut stmt = c.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)").unwrap();
        let mut sticky = StickyParams::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let rows: [(Option<&str>, i64, Option<NaiveDate>, f64); 5] = [
            (Some("x"), 1, Some(day), 1.5),
            (Some("x"), 1, Some(day), 1.5),
            (None, 2, None, 1.5),
            (Some("a longer text than before"), 2, Some(day), 2.0),
            (Some("y"), 1, Some(day.succ_opt().unwrap()), 2.0),
        ];
        for (a, b, d, x) in &rows {
            assert_eq!(sticky.execute(&mut stmt, &[a, b, d, x]).unwrap(), 1);
        }
        let got: Vec<(Option<String>, i64, Option<String>, f64)> = c
            .prepare("SELECT a, b, c, d FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<(Option<String>, i64, Option<String>, f64)> =
            rows.iter().map(|(a, b, d, x)| (a.map(str::to_string), *b, d.map(|d| d.to_string()), *x)).collect();
        assert_eq!(got, want);
    }
}
