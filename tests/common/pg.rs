//! The PostgreSQL half of the tests: a throwaway database per test on the cluster named by
//! `OVERTURN_TEST_PG` (a URL of its maintenance database, e.g.
//! `postgresql:///postgres?host=/tmp/sock&user=ci`; `.ci/run` starts such a cluster). Without
//! it the PostgreSQL tests say so on the terminal and pass without running.

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A new, empty database, dropped with this guard.
pub struct PgDb {
    pub url: String,
    admin: String,
    name: String,
}

/// `url` with its database replaced by `db`.
pub fn with_db(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("OVERTURN_TEST_PG is a postgres:// URL");
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = path.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    format!("{scheme}://{authority}/{db}{query}")
}

/// A fresh database for `test`, or `None` (said once per test on the terminal) when no cluster
/// is configured.
pub fn database(test: &str) -> Option<PgDb> {
    let Ok(admin) = std::env::var("OVERTURN_TEST_PG") else {
        // Straight to the terminal: the test harness captures only print! and eprint!.
        let _ = writeln!(
            std::io::stderr(),
            "note: {test}: PostgreSQL half not run (set OVERTURN_TEST_PG; .ci/run starts a throwaway cluster)"
        );
        return None;
    };
    let name = format!("overturn_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to OVERTURN_TEST_PG");
    client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    Some(PgDb { url: with_db(&admin, &name), admin, name })
}

impl PgDb {
    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    /// Tables in the database (an aborted copy must leave none).
    pub fn table_count(&self) -> i64 {
        self.client().query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[]).unwrap().get(0)
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// Cluster roles made for one test, dropped after its database.
pub struct Roles(pub Vec<String>);

impl Drop for Roles {
    fn drop(&mut self) {
        let Ok(admin) = std::env::var("OVERTURN_TEST_PG") else { return };
        if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
            for r in &self.0 {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {r}"));
            }
        }
    }
}

/// The database's URL for another role (the test cluster's URLs name their user as `user=`).
pub fn as_role(url: &str, admin: &str, role: &str) -> String {
    url.replace(&format!("user={admin}"), &format!("user={role}"))
}
