//! Contracted rates and short payments (issue 16), known answers on our own fixtures:
//! `fees.csv` (Cascade Health: 99213 $88 in 2026, 99214 $130, 97110 $30 and $34 with GP, 99215
//! $180 from July) and `underpaid.835` (U1: 99213 allowed $62; U2: 99214 allowed at the rate;
//! U3: 97110-GP x 2 allowed $60 and a 99215 of June 30).

mod common;

use std::io::Write;

use overturn::domain::appeal::SubmitMethod;
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::decisions::{DecisionContext, decide_in};
use overturn::store::fee_rates::short_lines_of;

/// (pcn, kind, amount, category, team, suggested path) of every item.
fn items(store: &Backend) -> Vec<(String, String, i64, String, String, String)> {
    let sql = "SELECT c.pcn, w.kind, w.amount_cents, w.category, w.team, w.suggested_path
         FROM work_item w JOIN claim c ON c.id = w.claim_id ORDER BY c.pcn, w.id";
    store.db().query_map(sql, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))).unwrap()
}

fn expected_items() -> Vec<(String, String, i64, String, String, String)> {
    let row = |pcn: &str, cents: i64, path: &str| {
        (pcn.into(), "underpayment".into(), cents, "contractual".into(), "contract_management".into(), path.into())
    };
    // $8.00 is below the $25.00 write-off threshold: close is suggested, as for a denial.
    vec![row("U1", 2600, "appeal"), row("U3", 800, "close")]
}

fn item_of(store: &impl common::AnyLedger, pcn: &str) -> i64 {
    common::scalar(
        store,
        &format!("SELECT w.id FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"),
    )
}

#[test]
fn a_schedule_then_a_remit_finds_the_short_lines_with_their_arithmetic() {
    common::on_both("a_schedule_then_a_remit_finds_the_short_lines_with_their_arithmetic", |store, _dir| {
        let fees = common::import(store, &common::fixture("fees.csv"));
        assert!(fees.error.is_none(), "{:?}", fees.error);
        assert_eq!((fees.counts.rates, fees.underpayments), (5, 0));
        let remit = common::import(store, &common::fixture("underpaid.835"));
        assert_eq!((remit.underpayments, remit.underpaid_cents, remit.denials), (1 + 1, 3400, 0));
        assert_eq!(items(store), expected_items());
        let u1 = short_lines_of(store.db(), item_of(store, "U1")).unwrap();
        assert_eq!(u1.len(), 1);
        assert_eq!(
            u1[0].arithmetic(),
            "line 1 99213: contracted $88.00 x 1 = $88.00; allowed (AMT*B6) $62.00; short $26.00"
        );
        assert_eq!(u1[0].source(), "fees.csv, effective 2026-01-01 to 2026-12-31");
        // The modifier's own rate ($34, not $30) on the 97110-GP line; the June 99215 predates its rate.
        let u3 = short_lines_of(store.db(), item_of(store, "U3")).unwrap();
        let arithmetic: Vec<String> = u3.iter().map(|l| l.arithmetic()).collect();
        assert_eq!(
            arithmetic,
            vec!["line 1 97110-GP: contracted $34.00 x 2 = $68.00; allowed (AMT*B6) $60.00; short $8.00"]
        );
        // Underpayments are not denials: the denial figures do not count them.
        assert_eq!(common::scalar(store, "SELECT coalesce(sum(items), 0) FROM work_day"), 0);
    });
}

#[test]
fn a_schedule_arriving_after_the_remit_finds_the_same_items_once() {
    common::on_both("a_schedule_arriving_after_the_remit_finds_the_same_items_once", |store, dir| {
        assert_eq!(common::import(store, &common::fixture("underpaid.835")).underpayments, 0);
        let fees = common::import(store, &common::fixture("fees.csv"));
        assert_eq!((fees.underpayments, fees.underpaid_cents), (2, 3400));
        assert_eq!(items(store), expected_items());
        let u1 = short_lines_of(store.db(), item_of(store, "U1")).unwrap();
        assert_eq!(u1[0].short, Cents(2600));
        // The same rates again in another file: superseded with an event each, nothing new opened.
        let again = dir.join("fees-again.csv");
        let text = std::fs::read_to_string(common::fixture("fees.csv")).unwrap().replace("88.00", "90.00");
        std::fs::File::create(&again).unwrap().write_all(text.as_bytes()).unwrap();
        let newer = common::import(store, &again);
        assert!(newer.error.is_none(), "{:?}", newer.error);
        assert_eq!((newer.rates_superseded, newer.underpayments), (5, 0));
        let superseded = common::scalar(store, "SELECT count(*) FROM fee_rate WHERE superseded_by IS NOT NULL");
        assert_eq!(superseded, 5);
        let event =
            common::text(store, "SELECT detail FROM event WHERE action = 'rate_superseded' AND before_state = '88.00'");
        assert_eq!(
            event,
            "rate for 77777 99213 from 2026-01-01: $88.00 (fees.csv) replaced by $90.00 (fees-again.csv, row 2)"
        );
        assert_eq!(items(store), expected_items());
    });
}

#[test]
fn a_later_remit_paying_the_difference_resolves_the_dispute() {
    common::on_both("a_later_remit_paying_the_difference_resolves_the_dispute", |store, _dir| {
        common::import(store, &common::fixture("fees.csv"));
        common::import(store, &common::fixture("underpaid.835"));
        let id = item_of(store, "U1");
        let tables = overturn::tables::builtin();
        let ctx = DecisionContext {
            actor: "dana",
            now: "2026-11-23T16:00:00Z",
            today: common::today(),
            tables: &tables,
            write_off_threshold: Cents(2500),
        };
        let appeal = Decision::Appeal { note: "contract rate".into(), force: String::new() };
        store.transaction(|db| decide_in(db, &[id], &appeal, &ctx)).unwrap();
        let submit = Decision::Submit {
            method: SubmitMethod::Portal,
            on: common::today(),
            confirmation: "D-1".into(),
            override_reason: "test".into(),
        };
        store.transaction(|db| decide_in(db, &[id], &submit, &ctx)).unwrap();
        // The payer reprocesses U1 at the contracted rate on a later remit: $75.60 paid, $88.00 allowed.
        let path = common::fixture("underpaid-reprocessed.835");
        let r = common::import(store, &path);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!((r.resolved, r.recovered_cents, r.underpayments), (1, 2600, 0));
        let state = common::text(store, &format!("SELECT state FROM work_item WHERE id = {id}"));
        assert_eq!(state, "resolved");
        // The KPIs: found on the November remit ($26 + $8), recovered on the reprocessed one.
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let k = overturn::store::kpi::counts(store.db(), d("2026-11-01"), d("2026-11-30"), common::today()).unwrap();
        assert_eq!((k.underpaid_found.count, k.underpaid_found.cents), (2, Cents(3400)));
        assert_eq!((k.underpaid_recovered.count, k.underpaid_recovered.cents), (1, Cents(2600)));
        assert_eq!(k.denied, 0, "short payments are not denials");
    });
}

#[test]
fn a_bad_schedule_is_refused_naming_each_row_and_column() {
    common::on_both("a_bad_schedule_is_refused_naming_each_row_and_column", |store, dir| {
        let bad = dir.join("bad-fees.csv");
        std::fs::write(
            &bad,
            "payer_id,payer,procedure,modifier,rate,effective_from,effective_to\n\
         77777,,99213,,88.00,2026-01-01,2025-12-31\n\
         ,,9921,GPX,-4,someday,\n\
         77777,,99213,,88.00,2026-01-01,\n",
        )
        .unwrap();
        let r = common::import(store, &bad);
        let e = r.error.expect("refused");
        for part in [
            "row 2, column effective_to: 2025-12-31 is before effective_from 2026-01-01",
            "row 3, column payer_id: is blank and so is payer",
            "row 3, column procedure: '9921' is not a five-character CPT or HCPCS code",
            "row 3, column modifier: 'GPX' is not a two-character modifier",
            "row 3, column rate: must be more than zero",
            "row 3, column effective_from: 'someday' is not a date",
        ] {
            assert!(e.contains(part), "{part} in {e}");
        }
        assert_eq!(common::scalar(store, "SELECT count(*) FROM fee_rate"), 0);
        assert_eq!(common::scalar(store, "SELECT count(*) FROM import_batch"), 0);
    });
}

#[test]
fn the_command_line_reports_the_short_payments_and_the_letter_cites_the_rate() {
    use common::cli::{overturn, practice_config, stdout};
    let home = tempfile::tempdir().unwrap();
    practice_config(home.path());
    let out = overturn(home.path())
        .arg("import")
        .arg(common::fixture("underpaid.835"))
        .arg(common::fixture("fees.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("fees.csv (fees): 5 contracted rates\n"), "{text}");
    assert!(text.contains("2 claims already in the ledger were paid below these rates ($34.00 short)"), "{text}");
    assert!(
        text.ends_with("0 new denials, 0 new rejections, $0.00 at risk; 2 underpaid claims, $34.00 short\n"),
        "{text}"
    );
    let store = Store::open(&home.path().join("data/overturn.db")).unwrap();
    let id = item_of(&store, "U1");
    let out = overturn(home.path()).args(["letter", &id.to_string()]).output().unwrap();
    let letter = stdout(&out);
    assert!(letter.contains("- Payment reduced: CO-45 (Charge above fee schedule or contracted rate)"), "{letter}");
    assert!(
        letter.contains(
            "- Line 1 99213: contracted $88.00 x 1 = $88.00; allowed (AMT\\*B6) $62.00; short $26.00 \
             (fee schedule fees.csv, effective 2026-01-01 to 2026-12-31)"
        ),
        "{letter}"
    );
    assert!(letter.contains("The claim was underpaid by $26.00 in all."), "{letter}");
}
