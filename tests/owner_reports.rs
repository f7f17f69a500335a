//! Known answers for the owner's view on a hand-built ledger: the week's top-3 ranking and its
//! tie-breaks, week boundaries, the outlier flag, prevention before/after, every KPI, and the
//! Markdown report (golden file).

mod common;

use chrono::NaiveDate;
use overturn::domain::kpi::KpiKey;
use overturn::domain::money::Cents;
use overturn::domain::rca::{Slice, Tally};
use overturn::domain::vocab::RootCause;
use overturn::domain::week::Week;
use overturn::report::{build_kpi, build_rca, rca_markdown};
use overturn::store::backend::Backend;
use overturn::store::db::Conn;
use overturn::store::prevention::{NewPrevention, record};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn w47() -> Week {
    Week::parse("2026-W47").unwrap()
}

struct Ledger<'a> {
    db: Conn<'a>,
    next_claim: i64,
}

impl Ledger<'_> {
    fn claim(&mut self, payer: i64, remit: &str, charge: i64, provider: &str, pos: &str) -> i64 {
        self.next_claim += 1;
        let id = self.next_claim;
        self.db
            .execute(
                "INSERT INTO claim (id, batch_id, payer_id, source, pcn, status_code, charge_cents, paid_cents,
                 patient_resp_cents, rendering_name, facility_code, remit_date, initial)
                 VALUES (?1, 1, ?2, '835', ?7, '4', ?3, 0, 0, ?4, ?5, ?6, 1)",
                &[&id, &payer, &(charge * 100), &provider, &pos, &remit, &format!("P{id}")],
            )
            .unwrap();
        id
    }

    /// A denial of the whole claim, received on `opened`.
    fn denial(&mut self, claim: i64, category: &str, dollars: i64, opened: &str) -> i64 {
        self.db
            .execute(
                "INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, payer_id, payer_name, reason_code,
                 group_code, carc, category, work_type, team, hardness, appealable, amount_cents, denied_cents,
                 procedure_code, rule_source, plan_type, urgency_permille, recover_permille, priority, priority_as_of,
                 suggested_path, path_reason, opened_on, created_at, intake, provider, place)
                 SELECT CAST(?1 AS BIGINT), 'denial', 'open', 'denials', CAST(?1 AS BIGINT), 1, c.payer_id, p.name, 'CO-' || ?2,
                 'CO', '197', ?2, 'research', 'billing_ops', 'medium', 1, CAST(?3 AS BIGINT), CAST(?3 AS BIGINT), '99213', 'x', 'commercial', 0, 500, 0, ?4, 'appeal',
                 'x', ?4, 't', c.source, c.rendering_name, c.facility_code
                 FROM claim c JOIN payer p ON p.id = c.payer_id WHERE c.id = ?1",
                &[&claim, &category, &(dollars * 100), &opened],
            )
            .unwrap();
        // What the import records on the claim: its first adjudication denied these dollars.
        self.db
            .execute(
                "UPDATE claim SET initial_denied = 1, initial_denied_cents = initial_denied_cents + ?2 WHERE id = ?1",
                &[&claim, &(dollars * 100)],
            )
            .unwrap();
        claim
    }

    fn set(&self, item: i64, sql: &str) {
        self.db.execute(&format!("UPDATE work_item SET {sql} WHERE id = ?1"), &[&item]).unwrap();
    }

    fn many(&mut self, n: usize, category: &str, day: &str) {
        for _ in 0..n {
            let c = self.claim(1, day, 100, "ZED", "11");
            self.denial(c, category, 100, day);
        }
    }
}

/// Week 47 (16-22 Nov 2026): 40 claims adjudicated by four providers (ten each), ten denied:
/// coding $600 in 6 (four of them provider A's: the outlier), authorization $600 in 2,
/// eligibility $600 in 1, bundling $600 in 1 (ties broken by items, then by name); a 277CA
/// rejection. Around it: items on the Sunday before and the Monday after (other weeks), and
/// eligibility volume before a prevention action.
fn build(ledger: &Backend) {
    let db = ledger.db();
    db.execute_batch(
        "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
             VALUES (1, 'hand.835', 'h', '835', 't', 'me', 'v');
         INSERT INTO payer (id, payer_key, name, plan_type, rule_source, filing_limit, appeal_window, appeal_from,
             mail_days, roll_forward)
             VALUES (1, 'id:1', 'AETNA', 'commercial', 'x', '90d', '180d', 'remit', 0, 1),
                    (2, 'id:2', 'CIGNA', 'commercial', 'x', '90d', '180d', 'remit', 0, 1);",
    )
    .unwrap();
    let mut l = Ledger { db, next_claim: 0 };
    // Provider A: four coding denials of ten claims on Monday 16 Nov (the first day of W47).
    for i in 0..10 {
        let c = l.claim(1, "2026-11-16", 100, "ALPHA, A", "11");
        if i < 4 {
            l.denial(c, "coding", 100, "2026-11-16");
        }
    }
    let mut b = Vec::new();
    for _ in 0..10 {
        b.push(l.claim(1, "2026-11-18", 100, "BRAVO, B", "11"));
    }
    let mut c = Vec::new();
    for _ in 0..10 {
        c.push(l.claim(2, "2026-11-18", 100, "CHARLIE, C", "22"));
    }
    let mut dd = Vec::new();
    for _ in 0..10 {
        dd.push(l.claim(2, "2026-11-18", 100, "DELTA, D", "22"));
    }
    for (claim, dollars) in [(b[1], 300), (b[2], 300), (c[0], 600), (dd[1], 600)] {
        l.db.execute("UPDATE claim SET charge_cents = ?2 WHERE id = ?1", &[&claim, &(dollars * 100)]).unwrap();
    }
    // Two paid claims with contractual cuts (the net collection rate's numbers).
    for claim in [c[1], c[2]] {
        l.db.execute("UPDATE claim SET paid_cents = 6000, contractual_cents = 3000 WHERE id = ?1", &[&claim]).unwrap();
    }
    l.denial(b[0], "coding", 100, "2026-11-18");
    l.denial(dd[0], "coding", 100, "2026-11-18");
    let auth1 = l.denial(b[1], "authorization", 300, "2026-11-18");
    let auth2 = l.denial(b[2], "authorization", 300, "2026-11-18");
    let elig = l.denial(c[0], "eligibility", 600, "2026-11-18");
    let bund = l.denial(dd[1], "bundling", 600, "2026-11-18");
    // Not initial claims: a reversal and a corrected claim (frequency 7) on the same remit.
    let rev = l.claim(1, "2026-11-18", 100, "ALPHA, A", "11");
    l.db.execute("UPDATE claim SET status_code = '22', initial = 0 WHERE id = ?1", &[&rev]).unwrap();
    let corrected = l.claim(1, "2026-11-18", 100, "ALPHA, A", "11");
    l.db.execute("UPDATE claim SET frequency_code = '7', initial = 0 WHERE id = ?1", &[&corrected]).unwrap();
    // A 277CA rejection on Friday.
    let rej = l.claim(1, "2026-11-20", 50, "ALPHA, A", "11");
    l.db.execute("UPDATE claim SET source = '277', remit_date = NULL, initial = 0 WHERE id = ?1", &[&rej]).unwrap();
    l.denial(rej, "claim_data", 50, "2026-11-20");
    l.set(rej, "kind = 'rejection', queue = 'rejections', group_code = NULL, carc = NULL, reason_code = 'A7:562'");
    // The Sunday before and the Monday after belong to other weeks.
    l.many(5, "eligibility", "2026-11-15");
    let monday = l.claim(1, "2026-11-23", 999, "ALPHA, A", "11");
    l.denial(monday, "coding", 999, "2026-11-23");
    // Eligibility before the prevention action (W44 and W45: 8 each).
    l.many(8, "eligibility", "2026-10-28");
    l.many(8, "eligibility", "2026-11-04");

    // Work on W47's denials: decisions, closures, appeals.
    l.set(1, "decided_path = 'fix', decided_on = '2026-11-18', state = 'resubmitted'");
    l.set(
        2,
        "decided_path = 'close', decided_on = '2026-11-18', state = 'written_off', queue = 'write-offs',
              closed_on = '2026-11-18'",
    );
    l.set(
        auth1,
        "decided_path = 'appeal', decided_on = '2026-11-19', state = 'resolved', queue = 'done',
                  closed_on = '2026-12-10', recovered_cents = 25000",
    );
    l.set(auth2, "decided_path = 'appeal', decided_on = '2026-11-22', state = 'appealed', queue = 'appeals'");
    l.set(3, "service_date = '2026-10-01'");
    l.set(4, "service_date = '2026-07-01'");
    for (item, state, outcome) in [
        (auth1, "overturned", Some("2026-11-20")),
        (auth2, "upheld", Some("2026-11-21")),
        (elig, "escalated", Some("2026-11-19")),
        (bund, "submitted", None),
    ] {
        l.db
            .execute(
                "INSERT INTO appeal (work_item_id, level, opened_on, state, outcome_on) VALUES (?1, 1, '2026-11-18', ?2, ?3)",
                &[&item, &state, &outcome],
            )
            .unwrap();
    }
    // 277CA first pass: X1 accepted; X2 rejected then accepted; X3 accepted; X4 first rejected
    // before the period (its acceptance in the period is not a first pass).
    for (pcn, date, effect) in [
        ("X1", "2026-11-17", "accept"),
        ("X2", "2026-11-17", "reject"),
        ("X2", "2026-11-19", "accept"),
        ("X3", "2026-11-18", "accept"),
        ("X4", "2026-11-10", "reject"),
        ("X4", "2026-11-17", "accept"),
        ("X5", "2026-11-18", "info"),
    ] {
        l.db.execute(
            "INSERT INTO claim_status (batch_id, source, pcn, category, status_date, amount_cents, effect)
                 VALUES (1, '277CA', ?1, 'A1', ?2, 0, ?3)",
            &[&pcn, &date, &effect],
        )
        .unwrap();
    }
    for (actor, at, action) in [
        ("alice", "2026-11-17T09:00:00Z", "fix"),
        ("alice", "2026-11-17T10:00:00Z", "appeal"),
        ("alice", "2026-11-17T11:00:00Z", "close"),
        ("alice", "2026-11-18T09:00:00Z", "submit"),
        ("bob", "2026-11-18T09:00:00Z", "outcome"),
        ("bob", "2026-11-18T10:00:00Z", "fix"),
        ("bob", "2026-11-18T11:00:00Z", "note"),
        ("bob", "2026-11-23T09:00:00Z", "fix"),
    ] {
        l.db.execute(
            "INSERT INTO event (work_item_id, at, actor, action) VALUES (1, ?1, ?2, ?3)",
            &[&at, &actor, &action],
        )
        .unwrap();
    }
    // The claims went in by hand, so their rollup is built as the import would have kept it.
    l.db.execute_batch(overturn::store::claim_day::REBUILD).unwrap();
}

/// Runs `test` on the hand-built ledger on each back end.
fn on_both(name: &str, test: impl Fn(&mut Backend)) {
    for mut engine in common::engines(name) {
        build(&engine.ledger);
        test(&mut engine.ledger);
    }
}

fn tally(count: u64, dollars: i64) -> Tally {
    Tally { count, cents: Cents(dollars * 100) }
}

#[test]
fn the_week_ranks_its_top_three_and_keeps_other_weeks_out() {
    on_both("the_week_ranks_its_top_three_and_keeps_other_weeks_out", |store| {
        let tables = overturn::tables::builtin();
        let r = build_rca(store.db(), &tables, w47(), Some("Riverbend".into())).unwrap();
        // 10 denials + 1 rejection; the Sunday before and the Monday after are not in it.
        assert_eq!(r.summary.total, tally(11, 2450));
        let top: Vec<(RootCause, Tally)> = r.summary.clusters.iter().map(|c| (c.category, c.tally)).collect();
        assert_eq!(
            top,
            [
                (RootCause::Coding, tally(6, 600)),
                (RootCause::Authorization, tally(2, 600)),
                // Bundling and eligibility tie on dollars and items: by name.
                (RootCause::Bundling, tally(1, 600)),
            ]
        );
        assert_eq!(r.summary.clusters[0].share_permille, 245);
        assert_eq!(r.notes[0].upstream_fix, tables.category(RootCause::Coding).unwrap().upstream_fix);
        assert_eq!(r.summary.clusters[0].leaders[2], (Slice::Provider, "ALPHA, A".into(), tally(4, 400)));
        assert_eq!(r.summary.clusters[0].leaders[3], (Slice::Location, "11 Office".into(), tally(5, 500)));
        // The eligibility trend: W44 and W45 had 8 each, W46 5 (its Sunday), W47 1.
        let elig = r.summary.categories.iter().find(|c| c.0 == RootCause::Eligibility).unwrap();
        assert_eq!(elig.1, tally(1, 600));
        assert_eq!((r.claims, r.denied_claims), (40, 10));
        let sources: Vec<(&str, u64)> =
            r.summary.slice(Slice::Source).iter().map(|s| (s.value.as_str(), s.tally.count)).collect();
        assert_eq!(sources, [("835", 10), ("277CA", 1)]);
    });
}

#[test]
fn a_provider_with_three_times_the_peer_rate_is_flagged() {
    on_both("a_provider_with_three_times_the_peer_rate_is_flagged", |store| {
        let r = build_rca(store.db(), &overturn::tables::builtin(), w47(), None).unwrap();
        assert_eq!(r.outliers.len(), 1, "{:?}", r.outliers);
        let o = &r.outliers[0];
        // 4 of 10 (40%) against peers at 10%, 0%, 10% (median 10%).
        assert_eq!(
            (o.slice, o.who.as_str(), o.category, o.denials, o.claims),
            (Slice::Provider, "ALPHA, A", RootCause::Coding, 4, 10)
        );
        assert_eq!(o.explain(), "4 of 10 claims (40.0%) vs peers' median 10.0% (3 peers, 4.0x)");
    });
}

#[test]
fn prevention_compares_volume_before_and_after() {
    on_both("prevention_compares_volume_before_and_after", |store| {
        let p = NewPrevention {
            category: RootCause::Eligibility,
            what: "Re-verify coverage two days before the visit".into(),
            who: "Front desk lead".into(),
            // A Wednesday: W46 straddles it and counts on neither side.
            from: d("2026-11-11"),
        };
        store.transaction(|db| record(db, &p, d("2026-11-23"), "2026-11-23T10:00:00Z", "owner")).unwrap();
        let blank = NewPrevention { what: " ".into(), ..p.clone() };
        assert!(
            record(store.db(), &blank, d("2026-11-23"), "t", "owner").unwrap_err().to_string().contains("what changed")
        );
        let r = build_rca(store.db(), &overturn::tables::builtin(), w47(), None).unwrap();
        assert_eq!(r.prevention.len(), 1);
        let v = &r.prevention[0].volume;
        // The ledger starts in W44: the weeks before it say nothing, so before = W44 and W45 with
        // 8 eligibility items each (8.0/wk); after = W47 with 1 (W46, which the action falls in and
        // which had 5, counts on neither side): 87.5% fewer.
        assert_eq!(v.before, vec![tally(8, 800), tally(8, 800)]);
        assert_eq!(v.after, vec![tally(1, 600)]);
        assert_eq!(v.prevented_permille(), Some(875));
        // Seen from W46 the action has no full week after it yet.
        let earlier = build_rca(store.db(), &overturn::tables::builtin(), w47().prev(), None).unwrap();
        assert!(earlier.prevention[0].volume.after.is_empty());
        // Seen from W45 it was not in effect.
        assert!(
            build_rca(store.db(), &overturn::tables::builtin(), w47().plus(-2), None).unwrap().prevention.is_empty()
        );
    });
}

#[test]
fn every_kpi_has_its_known_value() {
    on_both("every_kpi_has_its_known_value", |store| {
        let tables = overturn::tables::builtin();
        let r = build_kpi(store.db(), &tables, d("2026-11-16"), d("2026-11-22"), d("2026-12-30"), None).unwrap();
        let value = |k: KpiKey| r.figures.iter().find(|f| f.key == k).unwrap().value;
        let close = |k: KpiKey, want: f64| {
            let got = value(k).unwrap_or(f64::NAN);
            assert!((got - want).abs() < 1e-9, "{k}: {got} != {want}");
        };
        // 10 of 40 initial claims (the reversal and the corrected claim do not count).
        close(KpiKey::DenialRateCount, 25.0);
        close(KpiKey::DenialRateDollars, 2400.0 * 100.0 / 5400.0);
        // X1 and X3 of X1, X2, X3 (X4's first answer came before; X5 was only informational).
        close(KpiKey::CleanClaimRate, 200.0 / 3.0);
        // Overturned 1 of 3 decided (upheld and escalated count; a submitted appeal does not).
        close(KpiKey::OverturnRate, 100.0 / 3.0);
        // Decided after 2 (fixed), 2 (closed), 1 and 4 days (appealed).
        close(KpiKey::DaysToDecision, 9.0 / 4.0);
        // Closed after 22 (paid on appeal) and 2 days (written off).
        close(KpiKey::DaysToResolution, 12.0);
        close(KpiKey::ResolvedWithin30, 20.0);
        close(KpiKey::RecoveredShare, 250.0 * 100.0 / 350.0);
        // alice 4 decisions on 2 days, bob 2 on 1 (a note and a later day do not count).
        close(KpiKey::DecisionsPerBillerDay, 2.0);
        // $120 paid of $5,600 charged on every 835 claim of the week less $60 contractual.
        close(KpiKey::NetCollectionRate, 12_000.0 * 100.0 / 554_000.0);
        // Item 2 ($100) was written off on 18 Nov.
        close(KpiKey::WriteOffs, 100.0);
        let c = &r.counts;
        assert_eq!((c.recovered, c.written_off), (Cents(25_000), Cents(10_000)));
        let aetna = c.by_payer.iter().find(|p| p.payer == "AETNA").unwrap();
        assert_eq!((aetna.claims, aetna.denied, aetna.appeals_decided, aetna.appeals_won), (20, 7, 2, 1));
        assert_eq!(c.weeks.len(), 1);
        // Open A/R today (30 Dec): item 3 served 1 Oct (90 days), item 4 on 1 Jul (182 days); the
        // rest by remit date (28 Oct to 23 Nov: 37 to 63 days).
        assert_eq!(c.aging[0].count, 0);
        assert_eq!(c.aging[2].count, 9, "{:?}", c.aging);
        assert_eq!(c.aging[4], tally(1, 100));
        assert_eq!(c.aging[3].count, 0);
        let f = r.figures.iter().find(|f| f.key == KpiKey::DenialRateCount).unwrap();
        assert_eq!((f.meets, f.target_text().as_str()), (Some(false), "<= 5.0%"));
        assert!(build_kpi(store.db(), &tables, d("2026-11-22"), d("2026-11-16"), d("2026-12-30"), None).is_err());
    });
}

#[test]
fn the_markdown_report_matches_its_golden_copy() {
    on_both("the_markdown_report_matches_its_golden_copy", |store| {
        let r = build_rca(store.db(), &overturn::tables::builtin(), w47(), Some("Riverbend Family Medicine".into()))
            .unwrap();
        insta::assert_snapshot!("rca_report_w47", rca_markdown(&r));
        let k = build_kpi(
            store.db(),
            &overturn::tables::builtin(),
            d("2026-11-16"),
            d("2026-11-22"),
            d("2026-12-30"),
            Some("Riverbend Family Medicine".into()),
        )
        .unwrap();
        insta::assert_snapshot!("kpi_report_w47", overturn::report::kpi_markdown(&k));
    });
}
