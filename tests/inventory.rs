//! The claim inventory (issue 16): the public 837 samples read with exactly their reference
//! counts (CLM claims, SV1/SV2/SV3 lines, CLM02 charges), and known answers on our own 837
//! (`submitted.837`: U1 answered by `underpaid.835`, R1 rejected and R2 accepted by
//! `acks-a.277`, N9 never answered), whichever order the files arrive in.

mod common;

use std::collections::HashMap;

use overturn::domain::money::Cents;
use overturn::domain::remit::{ClaimStatusRecord, ProviderAdjustment, RemitClaim, RemitHeader};
use overturn::domain::submitted::SubmittedClaim;
use overturn::import::fee_csv::FeeRow;
use overturn::import::{ReadOptions, RecordSink, TxnKey, detect_kind, importer_for};
use overturn::store::backend::Backend;

/// Collects submitted claims; anything else is a failure of the 837 reader.
#[derive(Default)]
struct Collect(Vec<SubmittedClaim>);

impl RecordSink for Collect {
    fn remit_header(&mut self, _: &TxnKey, _: &RemitHeader) -> Result<bool, String> {
        Err("an 837 has no remit".into())
    }
    fn remit_claim(&mut self, _: RemitClaim) -> Result<(), String> {
        Err("an 837 has no remit".into())
    }
    fn provider_adjustment(&mut self, _: ProviderAdjustment) -> Result<(), String> {
        Err("an 837 has no PLB".into())
    }
    fn status_header(&mut self, _: &TxnKey) -> Result<(), String> {
        Err("an 837 has no status".into())
    }
    fn claim_status(&mut self, _: ClaimStatusRecord) -> Result<(), String> {
        Err("an 837 has no status".into())
    }
    fn status_end(&mut self, _: &TxnKey, _: &str) -> Result<bool, String> {
        Err("an 837 has no status".into())
    }
    fn fee_rate(&mut self, _: FeeRow) -> Result<(), String> {
        Err("an 837 has no rate".into())
    }
    fn submitted_claim(&mut self, c: SubmittedClaim) -> Result<(), String> {
        self.0.push(c);
        Ok(())
    }
}

fn read(path: &std::path::Path) -> Vec<SubmittedClaim> {
    let bytes = std::fs::read(path).unwrap();
    let kind = detect_kind(&bytes[..bytes.len().min(65536)]).unwrap();
    let mut sink = Collect::default();
    let mut warnings = Vec::new();
    importer_for(kind).read(&mut bytes.as_slice(), &mut sink, ReadOptions::default(), &mut warnings).unwrap();
    sink.0
}

#[test]
fn every_public_837_sample_reads_with_its_reference_counts() {
    let Some(dir) = common::samples() else {
        eprintln!("../shared/samples is absent: 837 conformance skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("expected-837.jsonl")).unwrap();
    let want: HashMap<String, (u64, u64, i64)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {l}"));
            (v["file"].as_str().unwrap().to_string(), (n("clm") as u64, n("sv_lines") as u64, n("clm_charge_cents")))
        })
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("837")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 17, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (clm, lines, cents) = want[&name];
        let claims = read(&path);
        let got = (
            claims.len() as u64,
            claims.iter().map(|c| c.lines.len() as u64).sum::<u64>(),
            claims.iter().map(|c| c.charge.cents()).sum::<i64>(),
        );
        assert_eq!(got, (clm, lines, cents), "{name}");
        assert!(claims.iter().all(|c| !c.pcn.is_empty() && !c.payer.name.is_empty()), "{name}: {claims:?}");
        // And through the ledger: every claim stored, nothing else opened.
        common::on_both("every_public_837_sample_reads_with_its_reference_counts", |store, _| {
            let r = common::import(store, &path);
            assert!(r.error.is_none(), "{name}: {:?}", r.error);
            assert_eq!(r.submitted, clm, "{name}");
            assert_eq!(common::scalar(store, "SELECT count(*) FROM submitted_claim"), clm as i64, "{name}");
            assert_eq!(common::scalar(store, "SELECT count(*) FROM work_item"), 0, "{name}");
        });
    }
}

/// (pcn, acknowledged, rejected, remitted) of a submitted claim.
type Answered = (String, Option<String>, Option<String>, Option<String>);

fn inventory(store: &Backend) -> Vec<Answered> {
    let sql = "SELECT pcn, acknowledged_on, rejected_on, remitted_on FROM submitted_claim ORDER BY pcn";
    store.db().query_map(sql, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap()
}

fn known_answers() -> Vec<Answered> {
    let d = |s: &str| Some(s.to_string());
    vec![
        ("N9".into(), None, None, None),
        ("R1".into(), None, d("2026-11-10"), None),
        ("R2".into(), d("2026-11-10"), None, None),
        ("U1".into(), None, None, d("2026-11-02")),
    ]
}

#[test]
fn answers_match_submitted_claims_whichever_file_comes_first() {
    let files = ["submitted.837", "underpaid.835", "acks-a.277"];
    for order in [[0, 1, 2], [1, 2, 0], [2, 0, 1]] {
        common::on_both("answers_match_submitted_claims_whichever_file_comes_first", |store, _| {
            for i in order {
                let r = common::import(store, &common::fixture(files[i]));
                assert!(r.error.is_none(), "{}: {:?}", files[i], r.error);
            }
            assert_eq!(inventory(store), known_answers(), "order {order:?}");
            let sql = "SELECT payer_name, charge_cents, lines FROM submitted_claim WHERE pcn = 'N9'";
            let (payer, charge, lines): (String, i64, String) =
                store.db().query_row(sql, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
            // Loop 2330's other payer does not replace the claim's destination payer.
            assert_eq!((payer.as_str(), Cents(charge)), ("AETNA", Cents(31_000)));
            assert!(lines.contains("\"p\":\"99215\"") && lines.contains("\"p\":\"93000\""), "{lines}");
        });
    }
}

#[test]
fn a_claims_export_fills_the_inventory_as_the_837_does() {
    let files = ["claims.csv", "underpaid.835", "acks-a.277"];
    for order in [[0, 1, 2], [2, 1, 0]] {
        common::on_both("a_claims_export_fills_the_inventory_as_the_837_does", |store, _| {
            for i in order {
                let r = common::import(store, &common::fixture(files[i]));
                assert!(r.error.is_none(), "{}: {:?}", files[i], r.error);
                if i == 0 {
                    assert_eq!(r.kind, Some(overturn::import::FileKind::ClaimsCsv));
                    assert_eq!((r.submitted, r.counts.service_lines), (4, 5));
                }
            }
            assert_eq!(inventory(store), known_answers(), "order {order:?}");
            // N9's two rows are one claim: its charge, lines, dates and patient.
            let sql = "SELECT charge_cents, lines, service_from, payer_ident, patient_last || ', ' || patient_first
                 FROM submitted_claim WHERE pcn = 'N9'";
            let n9: (i64, String, String, String, String) = store
                .db()
                .query_row(sql, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .unwrap();
            assert_eq!(
                (n9.0, n9.2.as_str(), n9.3.as_str(), n9.4.as_str()),
                (31_000, "2026-10-20", "60054", "TESTER, ROSA")
            );
            assert!(n9.1.contains("\"p\":\"99215\"") && n9.1.contains("\"p\":\"93000\""), "{}", n9.1);
            let kind = common::text(store, "SELECT kind FROM import_batch WHERE file_name = 'claims.csv'");
            assert_eq!(kind, "claims");
        });
    }
}

#[test]
fn a_bad_claims_export_names_each_row_and_column_and_writes_nothing() {
    common::on_both("a_bad_claims_export_names_each_row_and_column_and_writes_nothing", |store, _| {
        let before = common::table_counts(store);
        let r = common::import(store, &common::fixture("claims-bad.csv"));
        let e = r.error.expect("refused");
        for part in [
            "row 3, column submitted_on: '2026-13-01' is not a date",
            "row 4, column payer: is blank",
            "row 4, column charge: 'abc' is not an amount",
            "row 4, column procedure: '9921' is not a five-character",
            "row 4, column rendering_npi: '12345' is not a 10-digit NPI",
            "row 5, column patient_control_number: claim A1 submitted 2026-11-01 began at row 2",
        ] {
            assert!(e.contains(part), "missing {part:?} in {e}");
        }
        assert_eq!(common::table_counts(store), before, "nothing written");
        // Skipping bad rows leaves out every claim a bad row belongs to, and keeps the others.
        let skip = overturn::ledger::ImportSettings { skip_bad_rows: true, ..common::settings() };
        let r = common::import_with(store, &common::fixture("claims-bad.csv"), &skip);
        assert!(r.error.is_none(), "{:?}", r.error);
        let pcns: Vec<String> =
            store.db().query_map("SELECT pcn FROM submitted_claim ORDER BY pcn", &[], |r| r.get(0)).unwrap();
        assert_eq!(pcns, ["A4"], "A1's out-of-place row leaves A1 out");
    });
}

#[test]
fn the_837_reader_keeps_modifiers_dates_frequency_and_the_rendering_provider() {
    let claims = read(&common::fixture("submitted.837"));
    let r1 = claims.iter().find(|c| c.pcn == "R1").unwrap();
    assert_eq!(r1.lines[0].modifiers, vec!["25".to_string()]);
    assert_eq!(r1.frequency, "1");
    assert_eq!(r1.dates().0.map(|d| d.to_string()).as_deref(), Some("2026-11-05"));
    let u1 = claims.iter().find(|c| c.pcn == "U1").unwrap();
    assert_eq!(u1.rendering_npi.as_deref(), Some("1042203186"));
    assert_eq!(u1.billing_npi.as_deref(), Some("1904452176"));
    assert_eq!((u1.payer.name.as_str(), u1.payer.id.as_deref()), ("CASCADE HEALTH", Some("77777")));
    assert_eq!(u1.created.map(|d| d.to_string()).as_deref(), Some("2026-11-01"));
}

#[test]
fn unanswered_lists_the_silent_claims_by_filing_deadline_after_their_waits() {
    use common::cli::{overturn, stdout};
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path())
        .arg("import")
        .args(["submitted.837", "underpaid.835", "acks-a.277"].map(common::fixture))
        .output()
        .unwrap();
    assert!(out.status.success());
    let at = |today: &str, args: &[&str]| {
        stdout(&overturn(home.path()).env("OVERTURN_TODAY", today).arg("unanswered").args(args).output().unwrap())
    };
    // 22 days after submission: N9 has no acknowledgement (over 7 days); R2 was accepted and
    // waits for its remit (under 30 days); U1 was paid; R1 was rejected (its own work item).
    let text = at("2026-11-23", &[]);
    let claims: Vec<&str> = text.lines().skip(2).take_while(|l| !l.starts_with("No 277CA")).collect();
    assert_eq!(claims.len(), 1, "{text}");
    assert!(claims[0].starts_with("N9 ") && claims[0].contains("no 277CA acceptance"), "{text}");
    assert!(claims[0].contains("2027-01-18"), "Aetna's filing limit from the date of service: {text}");
    // The desk's no-response item for it (opened when the import finished).
    let conn = rusqlite::Connection::open(home.path().join("data/overturn.db")).unwrap();
    let item: i64 = conn.query_row("SELECT id FROM work_item WHERE kind = 'no_response'", [], |r| r.get(0)).unwrap();
    assert!(claims[0].ends_with(&format!("#{item} open")), "{text}");
    // 40 days after: R2 joins, nearest filing deadline first.
    let csv = at("2026-12-11", &["--csv"]);
    assert!(csv.starts_with("\u{feff}patient_control_number,payer,date_of_service,charge,submitted_on,days_waiting,"));
    let pcns: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(pcns, vec!["N9", "R2"], "{csv}");
    assert!(csv.contains("accepted 2026-11-10; no remit 40 days after submission"), "{csv}");
    assert!(csv.contains("call the payer or check its portal"), "{csv}");
}

#[test]
fn a_payers_own_waits_in_payers_csv_replace_the_defaults() {
    use common::cli::{overturn, stdout};
    let home = tempfile::tempdir().unwrap();
    // Aetna's row given a 30-day acknowledgement wait and a 10-day remit wait.
    let builtin = overturn::tables::EMBEDDED.iter().find(|(n, _)| *n == "payers.csv").unwrap().1;
    let own: String =
        builtin
            .lines()
            .map(|l| {
                if l.starts_with("aetna,60054,") {
                    format!("{},30,10", l.strip_suffix(",,").unwrap())
                } else {
                    l.into()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/payers.csv"), own).unwrap();
    let out = overturn(home.path())
        .arg("import")
        .args(["submitted.837", "underpaid.835", "acks-a.277"].map(common::fixture))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let at = |today: &str| {
        stdout(&overturn(home.path()).env("OVERTURN_TODAY", today).args(["unanswered", "--csv"]).output().unwrap())
    };
    let pcns = |csv: &str| csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect::<Vec<_>>();
    // Sent 2026-11-01 to Aetna. R2 was accepted on 2026-11-10: no remit after 10 days is
    // overdue (the default would wait 30). N9 was never acknowledged: 22 days is within 30.
    assert_eq!(pcns(&at("2026-11-11")), Vec::<String>::new());
    assert_eq!(pcns(&at("2026-11-23")), vec!["R2"]);
    let mut both = pcns(&at("2026-12-02"));
    both.sort();
    assert_eq!(both, vec!["N9", "R2"]);
}

#[test]
fn gen_837_writes_what_the_reader_reads_back() {
    use overturn::generate::{Gen837Options, write_837};
    let g = tempfile::tempdir().unwrap();
    let path = g.path().join("g.837");
    let mut out = Vec::new();
    let opts = Gen837Options { claims: 40, seed: 9, as_of: common::today(), weeks: 3 };
    let s = write_837(&mut out, opts).unwrap();
    std::fs::write(&path, &out).unwrap();
    let claims = read(&path);
    assert_eq!(claims.len() as u64, s.claims);
    assert_eq!(claims.iter().map(|c| c.lines.len() as u64).sum::<u64>(), s.lines);
    assert_eq!(claims.iter().map(|c| c.charge.cents()).sum::<i64>(), s.charged_cents);
    // Deterministic, dated within the weeks asked, and never a remit generator's account number.
    let mut again = Vec::new();
    write_837(&mut again, opts).unwrap();
    assert_eq!(out, again);
    let earliest = common::today() - chrono::Duration::weeks(3);
    assert!(claims.iter().all(|c| c.created.is_some_and(|d| d > earliest && d <= common::today())));
    assert!(claims.iter().all(|c| c.pcn.starts_with("SB") && c.filing_indicator.is_some()));
}

#[test]
fn the_kpis_count_days_to_remit_and_the_claims_still_unanswered() {
    let mut engines = common::engines("the_kpis_count_days_to_remit_and_the_claims_still_unanswered").into_iter();
    let mut others =
        common::engines("the_kpis_count_days_to_remit_and_the_claims_still_unanswered (covered)").into_iter();
    while let (Some(mut engine), Some(mut other)) = (engines.next(), others.next()) {
        let (store, covered, dir) = (&mut engine.ledger, &mut other.ledger, other.dir.path());
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let before =
            overturn::store::kpi::counts(store.db(), d("2026-11-01"), d("2026-11-30"), common::today()).unwrap();
        assert!(!before.inventory_on_file);
        for f in ["submitted.837", "underpaid.835", "acks-a.277"] {
            assert!(common::import(store, &common::fixture(f)).error.is_none());
        }
        let k = overturn::store::kpi::counts(store.db(), d("2026-11-01"), d("2026-11-30"), common::today()).unwrap();
        // U1: sent 2026-11-01, remitted 2026-11-02. N9, R1 (rejected) and R2 (accepted) have no remit.
        assert_eq!((k.remitted_submitted, k.submission_days), (1, 1));
        assert_eq!((k.unanswered, k.unanswered_over_30), (3, 0));
        let later =
            overturn::store::kpi::counts(store.db(), d("2026-12-01"), d("2026-12-31"), common::today()).unwrap();
        assert_eq!((later.remitted_submitted, later.unanswered, later.unanswered_over_30), (0, 3, 3));
        let figure = overturn::domain::kpi::figures(&k, &[])
            .into_iter()
            .find(|f| f.key == overturn::domain::kpi::KpiKey::DaysToRemit)
            .unwrap();
        assert_eq!(figure.value, Some(1.0));
        assert_eq!(figure.basis, "1 answered; 3 unanswered, 0 over 30 days");
        // Unanswered by age: N9 ($310), R1 ($200), R2 ($150) are 29 days old at November's end,
        // 60 at December's.
        let tally = |n: u64, dollars: i64| overturn::domain::rca::Tally { count: n, cents: Cents(dollars * 100) };
        let none = tally(0, 0);
        assert_eq!(k.unanswered_by_age, [tally(3, 660), none, none, none]);
        assert_eq!(later.unanswered_by_age, [none, tally(3, 660), none, none]);
        let figs = overturn::domain::kpi::figures(&k, &[]);
        let fig = |key| figs.iter().find(|f| f.key == key).unwrap();
        let unanswered = fig(overturn::domain::kpi::KpiKey::UnansweredClaims);
        assert_eq!(unanswered.value, Some(660.0));
        assert_eq!(unanswered.basis, "3 claims; by days since sent: 0-30d 3");
        // The remit adjudicated three claims, only one of them in the 837: the 837s are not the
        // period's inventory, so the rate stays on the claims on remits.
        assert_eq!(k.submitted, None);
        let rate = fig(overturn::domain::kpi::KpiKey::DenialRateCount);
        assert!(rate.basis.ends_with("claims on remits"), "{}", rate.basis);
        // Where the 837 holds every claim the period's remits adjudicated, the denominator is the
        // 4 claims submitted in November.
        let paid = "CLP*U1*1*150*120*30*CI*CH9001*11*1~NM1*QC*1*TESTER*UMA****MI*W300000001~SVC*HC:99213*150*120**1~\
                DTM*472*20260914~CAS*CO*45*30";
        let remit = common::write(dir, "u1.835", &common::remit(9001, "20261105", "CASCADE HEALTH", "77777", &[paid]));
        for f in [common::fixture("submitted.837"), remit] {
            assert!(common::import(covered, &f).error.is_none());
        }
        let k = overturn::store::kpi::counts(covered.db(), d("2026-11-01"), d("2026-11-30"), common::today()).unwrap();
        assert_eq!(k.submitted, Some(tally(4, 810)));
        let figs = overturn::domain::kpi::figures(&k, &[]);
        let rate = figs.iter().find(|f| f.key == overturn::domain::kpi::KpiKey::DenialRateCount).unwrap();
        assert!(rate.basis.ends_with("of 4 claims submitted"), "{}", rate.basis);
        // A period starting before the first 837 falls back to the claims on remits.
        let october =
            overturn::store::kpi::counts(covered.db(), d("2026-10-15"), d("2026-11-30"), common::today()).unwrap();
        assert_eq!(october.submitted, None);
    }
}
