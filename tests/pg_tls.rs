//! TLS to PostgreSQL: a ledger reached over the network is encrypted and its server's
//! certificate checked against the roots the URL names; a server the roots do not vouch for is
//! refused before anything is sent. Runs when `OVERTURN_TEST_PG_TLS` names a TLS-enabled
//! server as `postgresql://USER@localhost:PORT/postgres?sslmode=verify-full&sslrootcert=CA`
//! (`.ci/run` starts its throwaway cluster so, on the loopback address only).

mod common;

use std::io::Write;

use common::cli::{overturn, stderr, stdout};
use overturn::store::pg::PgTarget;

#[test]
fn a_ledger_over_tls_is_encrypted_and_its_server_checked() {
    let Ok(tls_url) = std::env::var("OVERTURN_TEST_PG_TLS") else {
        let _ = writeln!(std::io::stderr(), "note: TLS half not run (set OVERTURN_TEST_PG_TLS; .ci/run does)");
        return;
    };
    let Some(db) = common::pg::database("a_ledger_over_tls_is_encrypted_and_its_server_checked") else { return };
    let url = common::pg::with_db(&tls_url, db.name());
    let target = PgTarget::parse(&url).unwrap();
    assert!(target.encrypted(), "sslmode=verify-full asks for TLS");
    let mut client = target.connect().unwrap();
    let ssl: bool = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
    assert!(ssl, "the server says this connection is encrypted");
    drop(client);

    // The first import creates the ledger through TLS; the queue reads back from it.
    let home = tempfile::tempdir().unwrap();
    let out =
        overturn(home.path()).args(["--db", &url, "import"]).arg(common::fixture("remits-a.835")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = overturn(home.path()).args(["--db", &url, "queue"]).output().unwrap();
    assert!(out.status.success() && stdout(&out).contains("denials"), "{}{}", stdout(&out), stderr(&out));

    // The same ledger through a connection service: the practice's IT names the server, its
    // CA and the database once; the URL names only the service.
    let target = PgTarget::parse(&url).unwrap();
    let root = url.split("sslrootcert=").nth(1).unwrap().split('&').next().unwrap();
    let (host, port) = target.shown().split('@').nth(1).unwrap().split('/').next().unwrap().split_once(':').unwrap();
    let services = home.path().join("pg_service.conf");
    std::fs::write(
        &services,
        format!(
            "[practice]\nhost={host}\nport={port}\ndbname={}\nsslmode=verify-full\nsslrootcert={root}\n",
            db.name()
        ),
    )
    .unwrap();
    let user = target.user().to_string();
    let via = format!("postgres://{user}@/?service=practice");
    let out = overturn(home.path()).env("PGSERVICEFILE", &services).args(["--db", &via, "info"]).output().unwrap();
    let said = stdout(&out);
    assert!(said.lines().next().unwrap_or("").contains("encrypted (TLS)"), "{said}{}", stderr(&out));

    // Without the CA that signed the server's certificate (the system's roots do not know a
    // private CA), the connection is refused: nothing is sent to a server it cannot vouch for.
    let unvouched = url.split('&').filter(|p| !p.starts_with("sslrootcert=")).collect::<Vec<_>>().join("&");
    let err = PgTarget::parse(&unvouched).unwrap().connect().err().expect("an unknown issuer is refused").to_string();
    assert!(err.contains("(TLS)") && err.to_lowercase().contains("certificate"), "{err}");
}

/// A server that authenticates a role by its client certificate (`cert` in pg_hba.conf): the
/// certificate and key named in the URL are presented and the role is let in; without them it
/// is refused; a key others could read is refused by Overturn before connecting, naming it.
/// Runs when `OVERTURN_TEST_PG_CLIENT_CERT` and `_KEY` name a certificate for the role
/// `overturn_cert` (`.ci/run` makes one, signed by the server's CA).
#[test]
fn a_client_certificate_lets_its_role_in() {
    let (Ok(tls_url), Ok(cert), Ok(key)) = (
        std::env::var("OVERTURN_TEST_PG_TLS"),
        std::env::var("OVERTURN_TEST_PG_CLIENT_CERT"),
        std::env::var("OVERTURN_TEST_PG_CLIENT_KEY"),
    ) else {
        let _ = writeln!(std::io::stderr(), "note: client certificate half not run (.ci/run sets it up)");
        return;
    };
    let Some(db) = common::pg::database("a_client_certificate_lets_its_role_in") else { return };
    let _roles = common::pg::Roles(vec!["overturn_cert".into()]);
    db.client().batch_execute("DROP ROLE IF EXISTS overturn_cert; CREATE ROLE overturn_cert LOGIN").unwrap();
    let admin = PgTarget::parse(&tls_url).unwrap().user().to_string();
    let url = common::pg::with_db(&tls_url, db.name()).replace(&format!("//{admin}@"), "//overturn_cert@");
    let with_cert = format!("{url}&sslcert={cert}&sslkey={key}");
    let mut client = PgTarget::parse(&with_cert).unwrap().connect().unwrap();
    let row = client
        .query_one(
            "SELECT current_user::text, ssl, coalesce(client_dn, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap();
    let (user, ssl, dn): (String, bool, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((user.as_str(), ssl), ("overturn_cert", true));
    assert!(dn.contains("CN=overturn_cert"), "the server saw the client's certificate: {dn}");
    drop(client);

    // Without the certificate the server refuses the role.
    let err = PgTarget::parse(&url).unwrap().connect().err().expect("no certificate, no entry").to_string();
    assert!(err.contains("certificate"), "{err}");
    // A copy of the key that others could read: refused before anything is sent, naming it.
    let home = tempfile::tempdir().unwrap();
    let loose = home.path().join("loose.key");
    std::fs::copy(&key, &loose).unwrap();
    std::fs::set_permissions(&loose, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let err = PgTarget::parse(&format!("{url}&sslcert={cert}&sslkey={}", loose.display()))
        .unwrap()
        .connect()
        .err()
        .expect("a loose key is refused")
        .to_string();
    assert!(err.contains("loose.key: the client key can be read by others (mode 0644)"), "{err}");
    // From the command line, the same URL reaches the server as that role (which finds no
    // ledger in this new database: it got in to look).
    let out = overturn(home.path()).args(["--db", &with_cert, "queue"]).output().unwrap();
    assert!(stderr(&out).contains("holds no Overturn ledger"), "{}", stderr(&out));
}
