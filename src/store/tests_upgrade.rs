//! Upgrades of older ledgers in place: each version's migration on a ledger built to the
//! version before it, with the rows that version wrote.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::domain::Cents;

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_version_1_ledger_with_an_open_appeal_migrates_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v1.db");
    {
        let mut c = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut c, 1).unwrap();
        c.execute_batch(
            "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
                 VALUES (1, 'a.835', 'h', '835', 't', 'me', 'v');
             INSERT INTO claim (id, batch_id, source, pcn, status_code, charge_cents, paid_cents, patient_resp_cents)
                 VALUES (1, 1, '835', 'P1', '4', 5000, 0, 0);
             INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, reason_code, category, work_type, team,
                 hardness, appealable, amount_cents, rule_source, plan_type, due_date, urgency_permille,
                 recover_permille, priority, priority_as_of, suggested_path, path_reason, opened_on, created_at)
                 VALUES (1, 'denial', 'appealed', 'appeals', 1, 1, 'CO-50', 'medical_necessity', 'clinical_appeal',
                 'clinical_docs', 'hard', 1, 5000, 'plan default: medicare', 'medicare', '2027-01-10', 1000, 500,
                 2500, '2026-11-20', 'appeal', 'x', '2026-11-20', 't');
             INSERT INTO appeal (id, work_item_id, level, opened_on, deadline, state)
                 VALUES (7, 1, 1, '2026-11-21', '2027-01-10', 'open');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    assert_eq!(pragma(c, "user_version"), LATEST_VERSION);
    let (state, track): (String, String) =
        c.query_row("SELECT state, track FROM appeal WHERE id = 7", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((state.as_str(), track.as_str()), ("preparing", "medicare"));
    let (appeal_id, rank): (i64, String) = c
        .query_row("SELECT appeal_id, due_rank FROM work_item WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(appeal_id, 7);
    assert_eq!(rank, "2027-01-109999999994999", "date, then dollars descending");
}

#[test]
fn a_version_3_ledger_upgrades_and_its_open_work_is_retriaged_once() {
    // Issue 9: a UHC CO-50 denied 2026-07-01 was given the conservative 65-day window and a
    // close; after the upgrade it works against UHC's 12 months (UHC Administrative Guide).
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v3.db");
    {
        let mut c = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut c, 3).unwrap();
        c.execute_batch(
            "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
                 VALUES (1, 'a.835', 'h', '835', 't', 'me', 'v');
             INSERT INTO payer (id, payer_key, name, ident, plan_type, rule_source, filing_limit, appeal_window,
                 appeal_from, mail_days, roll_forward)
                 VALUES (1, 'id:87726', 'UNITEDHEALTHCARE', '87726', 'commercial', 'x', '90d', '65d', 'remit', 0, 1);
             INSERT INTO claim (id, batch_id, payer_id, source, pcn, status_code, charge_cents, paid_cents,
                 patient_resp_cents, filing_indicator, remit_date, service_from, rendering_npi, facility_code)
                 VALUES (1, 1, 1, '835', 'U1', '1', 50000, 0, 0, 'CI', '2026-07-01', '2026-06-01', '1234567893', '11');
             INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, payer_id, reason_code, group_code,
                 carc, category, work_type, team, hardness, appealable, amount_cents, service_date, rule_source,
                 plan_type, filing_deadline, appeal_deadline, due_date, urgency_permille, recover_permille, priority,
                 priority_as_of, suggested_path, path_reason, opened_on, created_at)
                 VALUES (1, 'denial', 'open', 'denials', 1, 1, 1, 'CO-50', 'CO', '50', 'medical_necessity',
                 'clinical_appeal', 'clinical_docs', 'hard', 1, 50000, '2026-06-01', 'payers.csv: uhc', 'commercial',
                 '2026-08-31', '2026-09-04', '2026-09-04', 100, 500, 2500, '2026-11-20', 'close',
                 'appeal window closed on 2026-09-04', '2026-07-01', 't');

             INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, payer_id, reason_code, group_code,
                 carc, category, work_type, team, hardness, appealable, amount_cents, service_date, rule_source,
                 plan_type, filing_deadline, appeal_deadline, due_date, urgency_permille, recover_permille, priority,
                 priority_as_of, suggested_path, path_reason, opened_on, created_at)
                 VALUES (2, 'rejection', 'resubmitted', 'rejections', 1, 1, 1, 'CO-50', 'CO', '50', 'medical_necessity',
                 'clinical_appeal', 'clinical_docs', 'hard', 1, 50000, '2026-06-01', 'payers.csv: uhc', 'commercial',
                 '2026-08-31', '2026-09-04', '2026-09-04', 100, 500, 2500, '2026-11-20', 'close',
                 'appeal window closed on 2026-09-04', '2026-07-01', 't');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    assert_eq!(pragma(c, "user_version"), LATEST_VERSION);
    // Version 5: a resubmitted item waits for the payer in its own queue, totals moved with it.
    let q: String = c.query_row("SELECT queue FROM work_item WHERE id = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(q, "waiting");
    let totals: (i64, i64) = c
        .query_row("SELECT items, amount_cents FROM queue_total WHERE queue = 'waiting'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(totals, (1, 50_000));
    // The claim's first adjudication is backfilled from the work it opened.
    let first: (i64, i64, i64) = c
        .query_row("SELECT initial, initial_denied, initial_denied_cents FROM claim WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(first, (1, 1, 50_000));
    // Version 6: the claim rollup is built from the claims already there.
    let day: (String, i64, i64, i64, i64) = c
        .query_row(
            "SELECT remit_date, payer_id, initial, initial_charge_cents, initial_denied_cents FROM claim_day",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(day, ("2026-07-01".into(), 1, 1, 50_000, 50_000));
    // Version 7: items carry their claim's intake, provider (the NPI when there is no name) and
    // place, for the root-cause review's index.
    let facts: (String, String, String) = c
        .query_row("SELECT intake, provider, place FROM work_item WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(facts, ("835".into(), "1234567893".into(), "11".into()));
    // Version 8: the week's review rollups are built from the items there (2026-07-01 was a
    // Wednesday: the week of Monday 2026-06-29); the 835 denial counts for the outliers.
    let slice: (i64, i64, i64) = c
        .query_row(
            "SELECT items, denied_cents, era_denials FROM slice_week
             WHERE week = '2026-06-29' AND slice = 'carc' AND value = 'CO-50' AND category = 'medical_necessity'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(slice, (2, 100_000, 1));
    let waiting: i64 = c
        .query_row("SELECT items FROM queue_week WHERE week = '2026-06-29' AND queue = 'waiting'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(waiting, 1);
    let tables = crate::tables::builtin();
    let today = d("2026-11-30");
    let n = crate::ledger::retriage_if_pending(c, &tables, today, Cents(2500), "me", "2026-11-30T09:00:00Z").unwrap();
    assert_eq!(n, Some(2), "both open items, the waiting one too");
    let q: String = c.query_row("SELECT queue FROM work_item WHERE id = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(q, "waiting", "re-triage keeps it waiting");
    let row: (String, String, String, String) = c
        .query_row(
            // Re-triaged, its rule's text is the shared one (schema v14), its own left empty.
            "SELECT appeal_deadline, appeal_last, suggested_path, rt.text || w.rule_source
             FROM work_item w JOIN rule_text rt ON rt.id = w.rule_id WHERE w.id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((row.0.as_str(), row.1.as_str(), row.2.as_str()), ("2027-07-01", "2027-07-01", "appeal"));
    assert!(row.3.starts_with("payers.csv: uhc (commercial) because payer id 87726"), "{}", row.3);
    let events: i64 = c.query_row("SELECT count(*) FROM event WHERE action = 'retriage'", [], |r| r.get(0)).unwrap();
    assert_eq!(events, 1);
    // Once only.
    assert_eq!(crate::ledger::retriage_if_pending(c, &tables, today, Cents(2500), "me", "t").unwrap(), None);
    // Version 9: the widened CHECKs hold on the connection that migrated (the schema was
    // reloaded) and the file is sound.
    c.execute("UPDATE work_item SET kind = 'underpayment' WHERE id = 1", []).unwrap();
    let e = c.execute("UPDATE work_item SET kind = 'shortfall' WHERE id = 1", []).unwrap_err();
    assert!(e.to_string().contains("not a word this ledger knows"), "{e}");
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    // Version 10: every edit of the schema took (a replace that matched nothing would leave a
    // rollup trigger counting no-response items), and the new words hold.
    let guarded = |name: &str, times: usize| {
        let sql: String = c.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).unwrap();
        assert_eq!(sql.matches("'no_response'").count(), times, "{name}: {sql}");
    };
    for (name, times) in [
        ("work_item", 1),
        ("work_totals_insert", 1),
        ("work_totals_update", 2),
        ("work_totals_delete", 1),
        ("rca_week_insert", 1),
        ("rca_week_delete", 1),
        ("rca_queue_update", 2),
        ("rca_slice_update", 2),
    ] {
        guarded(name, times);
    }
    let claim: String = c.query_row("SELECT sql FROM sqlite_schema WHERE name = 'claim'", [], |r| r.get(0)).unwrap();
    assert!(claim.contains("'csv', '837'"), "{claim}");
    let batch: String =
        c.query_row("SELECT sql FROM sqlite_schema WHERE name = 'import_batch'", [], |r| r.get(0)).unwrap();
    assert!(batch.contains("'837', 'claims'"), "{batch}");
    c.execute("UPDATE work_item SET kind = 'no_response', queue = 'unanswered' WHERE id = 1", []).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_version_5_ledger_packs_its_line_rows_into_the_documents_new_imports_write() {
    use crate::domain::code::{Carc, GroupCode, Rarc};
    use crate::domain::remit::{Adjustment, Remark, RemarkSource, RemitClaim, ServiceLine};
    let adj = |g: GroupCode, c: &str, cents: i64, q: Option<f64>| Adjustment {
        group: g,
        carc: Carc::new(c).unwrap(),
        amount: Cents(cents),
        quantity: q,
    };
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let claim = RemitClaim {
        pcn: "P1".into(),
        adjustments: vec![adj(GroupCode::Co, "45", 1250, None)],
        remarks: vec![Remark { source: RemarkSource::Moa, code: Rarc::new("MA01").unwrap() }],
        lines: vec![
            ServiceLine {
                qualifier: "HC".into(),
                procedure: "99213".into(),
                modifiers: vec!["25".into(), "59".into()],
                units: Some(1.0),
                charge: Cents(15_000),
                paid: Cents(11_000),
                allowed: Some(Cents(13_500)),
                date_from: day("2026-10-01"),
                date_to: day("2026-10-02"),
                control_no: Some("L1".into()),
                adjustments: vec![adj(GroupCode::Co, "45", 1500, None), adj(GroupCode::Pr, "2", 2500, Some(2.0))],
                remarks: vec![
                    Remark { source: RemarkSource::Lq { ncpdp: false }, code: Rarc::new("M15").unwrap() },
                    Remark { source: RemarkSource::Lq { ncpdp: false }, code: Rarc::new("N19").unwrap() },
                ],
                ..ServiceLine::default()
            },
            ServiceLine {
                qualifier: "NU".into(),
                revenue_code: Some("0450".into()),
                charge: Cents(900),
                ..ServiceLine::default()
            },
        ],
        ..RemitClaim::default()
    };
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v5.db");
    {
        // Rows as versions 1-5 wrote them: a row per line, adjustment and remark.
        let mut c = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut c, 5).unwrap();
        c.execute_batch(
            "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
                 VALUES (1, 'a.835', 'h', '835', 't', 'me', 'v');
             INSERT INTO claim (id, batch_id, source, pcn, status_code, charge_cents, paid_cents, patient_resp_cents)
                 VALUES (7, 1, '835', 'P1', '1', 15900, 11000, 2500), (8, 1, '835', 'P2', '1', 100, 100, 0);",
        )
        .unwrap();
        let adj_sql = "INSERT INTO adjustment (claim_id, line_id, group_code, carc, amount_cents, quantity) VALUES (7, ?1, ?2, ?3, ?4, ?5)";
        let rem_sql = "INSERT INTO remark (claim_id, line_id, source, code) VALUES (7, ?1, ?2, ?3)";
        // Claim-level rows come first, as the import wrote them.
        for a in &claim.adjustments {
            c.execute(
                adj_sql,
                rusqlite::params![None::<i64>, a.group.as_str(), a.carc.as_str(), a.amount.cents(), a.quantity],
            )
            .unwrap();
        }
        for r in &claim.remarks {
            c.execute(rem_sql, rusqlite::params![None::<i64>, r.source.as_str(), r.code.as_str()]).unwrap();
        }
        for (i, l) in claim.lines.iter().enumerate() {
            c.execute(
                "INSERT INTO service_line (claim_id, line_no, qualifier, procedure_code, modifiers, revenue_code, units,
                 charge_cents, paid_cents, allowed_cents, service_from, service_to, control_no)
                 VALUES (7, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    i as i64 + 1,
                    l.qualifier,
                    l.procedure,
                    (!l.modifiers.is_empty()).then(|| l.modifiers.join(" ")),
                    l.revenue_code,
                    l.units,
                    l.charge.cents(),
                    l.paid.cents(),
                    l.allowed.map(Cents::cents),
                    l.date_from.map(|d| d.to_string()),
                    l.date_to.map(|d| d.to_string()),
                    l.control_no
                ],
            )
            .unwrap();
            let line_id = c.last_insert_rowid();
            for a in &l.adjustments {
                c.execute(
                    adj_sql,
                    rusqlite::params![line_id, a.group.as_str(), a.carc.as_str(), a.amount.cents(), a.quantity],
                )
                .unwrap();
            }
            for r in &l.remarks {
                c.execute(rem_sql, rusqlite::params![line_id, r.source.as_str(), r.code.as_str()]).unwrap();
            }
        }
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    let upgraded = claim_body::read(c, 7).unwrap();
    let written = serde_json::to_string(&claim_body::ClaimBody::of(&claim)).unwrap();
    assert_eq!(upgraded, serde_json::from_str::<claim_body::ClaimBody<'static>>(&written).unwrap());
    assert_eq!(upgraded.lines[0].modifiers.as_deref(), Some("25 59"));
    assert_eq!(upgraded.lines[1].procedure, None, "an empty code is absent, as new imports write it");
    // A claim without lines, adjustments or remarks has no document, and reads as empty.
    assert_eq!(pragma(c, "user_version"), LATEST_VERSION);
    assert_eq!(claim_body::read(c, 8).unwrap(), claim_body::ClaimBody::default());
    let tables: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('service_line', 'adjustment', 'remark')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
}
