//! Who may do what on a PostgreSQL ledger. Each person connects as their own role (created by
//! the database's administrator: `createuser dana`); the ledger's owner then gives it one of
//! two sets of rights, enforced by the server whatever program connects:
//! - a **biller** works the queues: reads and changes every table (imports, decisions);
//! - an **owner** (the practice owner) reads everything (the reports, the desk) and records
//!   prevention actions with their audit event, but cannot change a work item: deciding is
//!   refused by the server.
//!
//! The audit log is the server's to vouch for: row policies on `event` let a role append only
//! events in its own name (`actor` is the role it logged in as), and an owner only the
//! events of prevention actions. The ledger's owner (who copies and upgrades it) is not bound.

use super::pg_error;
use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rights {
    Biller,
    Owner,
}

impl Rights {
    pub fn parse(s: &str) -> Option<Rights> {
        match s {
            "biller" => Some(Rights::Biller),
            "owner" => Some(Rights::Owner),
            _ => None,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Rights::Biller => "works the queues: reads and changes every table (imports, decisions)",
            Rights::Owner => {
                "reads everything and records prevention actions; deciding on items is refused by the server"
            }
        }
    }
}

/// A role name as SQL quotes it (any name, nothing of it read as SQL).
fn quoted(role: &str) -> String {
    format!("\"{}\"", role.replace('"', "\"\""))
}

/// The tables of the ledger in this database (the catalog's, plus the schema version and
/// PostgreSQL's own: a transaction's rollup changes waiting for its commit, rollups_v13.sql).
fn tables() -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = crate::store::copy::catalog::tables()?.into_iter().map(|t| t.name).collect();
    names.extend(["overturn_schema", "work_item_delta", "rollup_pending"].map(String::from));
    Ok(names)
}

/// Gives `role` exactly `rights` on the ledger (what it had before is taken back first), in one
/// transaction. The role must exist; the connected user must own the ledger's tables.
pub fn grant(client: &mut postgres::Client, role: &str, rights: Rights) -> Result<(), StoreError> {
    let exists: bool = client
        .query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", &[&role])
        .map_err(|e| pg_error("looking up the role", e))?
        .get(0);
    if !exists {
        return Err(StoreError::new(format!(
            "there is no PostgreSQL role {role}: the database administrator creates it first (createuser {role})"
        )));
    }
    // Only the ledger's owner can give rights (another role's GRANT would only warn and give
    // nothing).
    let owner: String = client
        .query_one(
            "SELECT tableowner::text FROM pg_tables WHERE tablename = 'work_item' AND schemaname = current_schema()",
            &[],
        )
        .map_err(|e| pg_error("looking up the ledger's owner", e))?
        .get(0);
    let me: String = client.query_one("SELECT current_user::text", &[]).map_err(|e| pg_error("granting", e))?.get(0);
    if owner != me {
        return Err(StoreError::new(format!(
            "only the ledger's owner ({owner}) gives rights on it; you are connected as {me}"
        )));
    }
    if role == owner {
        return Err(StoreError::new(format!(
            "{role} owns the ledger and keeps every right on it; grant rights to the people who work it"
        )));
    }
    let who = quoted(role);
    let all = tables()?.join(", ");
    let mut sql = format!(
        "REVOKE ALL ON {all} FROM {who}; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who};
         REVOKE ALL ON FUNCTION overturn_count_import_tables() FROM {who};
         GRANT USAGE ON SCHEMA public TO {who}; GRANT SELECT ON {all} TO {who};"
    );
    match rights {
        Rights::Biller => sql.push_str(&format!(
            "GRANT INSERT, UPDATE, DELETE ON {all} TO {who};
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who};
             GRANT EXECUTE ON FUNCTION overturn_count_import_tables() TO {who};"
        )),
        // (and keeps its own desk's view: its tab, sorts and filters)
        Rights::Owner => sql.push_str(&format!(
            "GRANT INSERT ON prevention, event TO {who};
             GRANT INSERT, DELETE ON desk_state TO {who};
             GRANT USAGE ON SEQUENCE prevention_id_seq, event_id_seq TO {who};"
        )),
    }
    sql.push_str(&event_policies(role, rights));
    let mut tx = client.transaction().map_err(|e| pg_error("granting", e))?;
    tx.batch_execute(&sql).map_err(|e| pg_error(&format!("granting {role} its rights"), e))?;
    tx.commit().map_err(|e| pg_error("granting", e))
}

/// The row policies of `role` on the audit log (replacing any it had): it reads every event and
/// appends only its own (an owner: only a prevention action's).
fn event_policies(role: &str, rights: Rights) -> String {
    let who = quoted(role);
    let (read, write) = (quoted(&format!("overturn read {role}")), quoted(&format!("overturn append {role}")));
    let own = match rights {
        Rights::Biller => "actor = session_user",
        Rights::Owner => "actor = session_user AND action = 'prevention' AND work_item_id IS NULL",
    };
    format!(
        "ALTER TABLE event ENABLE ROW LEVEL SECURITY;
         DROP POLICY IF EXISTS {read} ON event; DROP POLICY IF EXISTS {write} ON event;
         CREATE POLICY {read} ON event FOR SELECT TO {who} USING (true);
         CREATE POLICY {write} ON event FOR INSERT TO {who} WITH CHECK ({own});"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn role_names_are_quoted_not_read_as_sql() {
        assert_eq!(super::quoted("dana"), "\"dana\"");
        assert_eq!(super::quoted("x\"; DROP TABLE claim; --"), "\"x\"\"; DROP TABLE claim; --\"");
    }
}
