//! Issue 9, end to end through real imports: payer resolution of Medicare contractors, paths
//! per line, remark rules, unknown and non-denial codes, 277CA receipts, and KPIs that keep
//! the first adjudication whatever happens to the work later.

mod common;

use common::{import_with, remit, scalar, settings, text, write};
use overturn::domain::decision::Decision;
use overturn::domain::kpi::KpiKey;
use overturn::domain::money::Cents;
use overturn::report::build_kpi;
use overturn::store::backend::Backend;
use overturn::store::decisions::{DecisionContext, decide_in};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn ctx<'t>(tables: &'t overturn::domain::tables::Tables, today: &str) -> DecisionContext<'t> {
    DecisionContext {
        actor: "tester",
        now: "2026-11-23T16:00:00Z",
        today: d(today),
        tables,
        write_off_threshold: Cents(2500),
    }
}

fn item(store: &Backend, pcn: &str, extra: &str) -> String {
    common::joined(
        store,
        &format!(
            "SELECT w.reason_code || ' ' || w.amount_cents || ' ' || w.suggested_path || ' ' || coalesce(w.lines, '-')
             FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}' {extra} ORDER BY w.id"
        ),
        " | ",
    )
}

#[test]
fn a_line_s_remark_decides_only_that_line() {
    // Issue 9 #4: line 1 CO-50 $200 (appealable), line 2 CO-16 $100 + N211 (no appeal rights).
    common::on_both("a_line_s_remark_decides_only_that_line", |store, dir| {
        let file = remit(
            501,
            "20261101",
            "CIGNA",
            "62308",
            &["CLP*C1*1*300*0**CI*CG1*11*1~NM1*QC*1*DOE*JANE****MI*M1~SVC*HC:99214*200*0**1~DTM*472*20261005~\
           CAS*CO*50*200~SVC*HC:93000*100*0**1~DTM*472*20261005~CAS*CO*16*100~LQ*HE*N211"],
        );
        let r = import_with(store, &write(dir, "c.835", &file), &settings());
        assert_eq!(r.error, None);
        assert_eq!(r.denials, 2, "two ways out, two items");
        assert_eq!(item(store, "C1", ""), "CO-50 20000 appeal 1 | CO-16 10000 fix 2");
        assert_eq!(scalar(store, "SELECT sum(amount_cents) FROM work_item"), 30_000, "no dollar counted twice");
        let reason = text(store, "SELECT path_reason FROM work_item WHERE lines = '2'");
        assert!(reason.contains("N211: no appeal rights"), "{reason}");
        // `a` on the N211 line is refused with the remark's words; a recorded reason lifts it.
        let id = scalar(store, "SELECT id FROM work_item WHERE lines = '2'");
        let tables = overturn::tables::builtin();
        let ctx = ctx(&tables, "2026-11-23");
        let appeal = Decision::Appeal { note: String::new(), force: String::new() };
        let e = store.transaction(|db| decide_in(db, &[id], &appeal, &ctx)).unwrap_err().to_string();
        assert!(e.starts_with("appeal unavailable: N211 says You may not appeal this decision"), "{e}");
        let forced = Decision::Appeal { note: String::new(), force: "payer rep invited a review".into() };
        store.transaction(|db| decide_in(db, &[id], &forced, &ctx)).unwrap();
        let detail = text(store, "SELECT detail FROM event WHERE action = 'appeal'");
        assert!(detail.ends_with("forced: payer rep invited a review"), "{detail}");
    });
}

#[test]
fn codes_that_are_not_denials_never_open_work() {
    // Issue 9 #6: CO-245 (performance withhold) and CO-P12 (workers' comp fee schedule) on paid
    // claims are adjustments, not denials; an unknown code on a paid line is a warning; a slot
    // that is not a code is named in a warning; an unknown code on a line paid nothing is a
    // denial flagged for review; CO-45 equal to a line's whole charge with nothing paid is a
    // creative denial (CARC 45's note: it cannot equal the total charge).
    common::on_both("codes_that_are_not_denials_never_open_work", |store, dir| {
        let file = remit(
            502,
            "20261101",
            "AETNA",
            "60054",
            &[
                "CLP*U1*1*100*92**CI*U1P*11*1~NM1*QC*1*DOE*A****MI*M1~SVC*HC:99213*100*92**1~DTM*472*20261005~CAS*CO*245*8",
                "CLP*U2*1*100*90**WC*U2P*11*1~NM1*QC*1*DOE*B****MI*M2~SVC*HC:99213*100*90**1~DTM*472*20261005~CAS*CO*P12*10",
                "CLP*U3*1*100*95**CI*U3P*11*1~NM1*QC*1*DOE*C****MI*M3~SVC*HC:99213*100*95**1~DTM*472*20261005~CAS*CO*Z99*5",
                "CLP*U4*1*100*0**CI*U4P*11*1~NM1*QC*1*DOE*D****MI*M4~SVC*HC:99213*100*0**1~DTM*472*20261005~CAS*CO*Z98*100",
                "CLP*U5*1*100*0**CI*U5P*11*1~NM1*QC*1*DOE*E****MI*M5~SVC*HC:99213*100*0**1~DTM*472*20261005~CAS*CO*45*100",
                "CLP*U6*1*100*90**CI*U6P*11*1~NM1*QC*1*DOE*F****MI*M6~SVC*HC:99213*100*90**1~DTM*472*20261005~CAS*CO*PR*10",
            ],
        );
        let r = import_with(store, &write(dir, "u.835", &file), &settings());
        assert_eq!(r.error, None);
        assert_eq!(
            scalar(
                store,
                "SELECT count(*) FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn IN ('U1', 'U2', 'U3', 'U6')"
            ),
            0
        );
        assert_eq!(item(store, "U4", ""), "CO-Z98 10000 fix 1");
        assert_eq!(
            text(store, "SELECT category FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'U4'"),
            "unknown"
        );
        assert_eq!(item(store, "U5", ""), "CO-45 10000 appeal 1");
        assert_eq!(
            text(store, "SELECT team FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'U5'"),
            "contract_management"
        );
        let warnings = r.warnings.join("\n");
        assert!(
            warnings.contains("claim 3: CARC Z99 is not in the code table; kept as an adjustment, not a denial"),
            "{warnings}"
        );
        assert!(warnings.contains("CAS02 'PR' is not a claim adjustment reason code"), "{warnings}");
        assert!(!warnings.contains("DOE"), "warnings carry no patient names: {warnings}");
    });
}

#[test]
fn a_medicare_contractor_rejection_gets_medicare_s_twelve_months() {
    // Issue 9 #1: NOVITAS SOLUTIONS (12502), service 2026-07-15: 42 CFR 424.44 gives
    // 12 months, 2027-07-15 (a Thursday), not the commercial 90 days.
    common::on_both("a_medicare_contractor_rejection_gets_medicare_s_twelve_months", |store, dir| {
        let ack = "ISA*00*          *00*          *ZZ*NOVITAS        *ZZ*OVERTURNTEST   *261110*0900*^*00501*000000601*0*P*:~\
        GS*HN*NOVITAS*OVERTURNTEST*20261110*0900*601*X*005010X214~ST*277*0001*005010X214~\
        BHT*0085*08*ACK601*20261110*0900*TH~HL*1**20*1~NM1*PR*2*NOVITAS SOLUTIONS*****PI*12502~TRN*1*ACK601~\
        DTP*050*D8*20261110~DTP*009*D8*20261110~HL*2*1*21*1~NM1*41*2*RIVERBEND*****46*RFM001~TRN*2*B601~\
        HL*3*2*19*1~NM1*85*2*RIVERBEND*****XX*1904452176~HL*4*3*PT~NM1*QC*1*DOE*JOHN****MI*1EG4TE5MK73~\
        TRN*2*N1~STC*A7:562:85*20261110*U*200~DTP*472*D8*20260715~SE*18*0001~GE*1*601~IEA*1*000000601~";
        let r = import_with(store, &write(dir, "n.277", ack), &settings());
        assert_eq!((r.error, r.rejections), (None, 1));
        let row = text(
        store,
        "SELECT plan_type || ' ' || filing_deadline || ' ' || filing_last || ' ' || suggested_path || ' | ' || rt.text
         FROM work_item w JOIN rule_text rt ON rt.id = w.rule_id",
    );
        assert!(
            row.starts_with(
                "medicare 2027-07-15 2027-07-15 fix | payers.csv: novitas_jl (medicare) because payer id 12502"
            ),
            "{row}"
        );
    });
}

#[test]
fn a_receipt_does_not_resolve_a_rejection_an_acceptance_does() {
    // domain.md 277CA: A1 (received) is a receipt; A2 accepts.
    common::on_both("a_receipt_does_not_resolve_a_rejection_an_acceptance_does", |store, dir| {
        let ack = |control: u32, stc: &str| {
            format!(
                "ISA*00*          *00*          *ZZ*CH             *ZZ*OVERTURNTEST   *261110*0900*^*00501*{control:09}*0*P*:~\
             GS*HN*CH*OVERTURNTEST*20261110*0900*{control}*X*005010X214~ST*277*0001*005010X214~\
             BHT*0085*08*ACK{control}*20261110*0900*TH~HL*1**20*1~NM1*PR*2*AETNA*****PI*60054~TRN*1*ACK{control}~\
             DTP*050*D8*20261110~DTP*009*D8*20261110~HL*2*1*21*1~NM1*41*2*RIVERBEND*****46*RFM001~TRN*2*B{control}~\
             HL*3*2*19*1~NM1*85*2*RIVERBEND*****XX*1904452176~HL*4*3*PT~NM1*QC*1*DOE*JOHN****MI*W1~\
             TRN*2*R9~STC*{stc}*20261110*U*200~DTP*472*D8*20261105~SE*18*0001~GE*1*{control}~IEA*1*{control:09}~"
            )
        };
        import_with(store, &write(dir, "1.277", &ack(701, "A7:562:85")), &settings());
        import_with(store, &write(dir, "2.277", &ack(702, "A1:19")), &settings());
        assert_eq!(text(store, "SELECT state FROM work_item"), "open", "A1 is a receipt");
        import_with(store, &write(dir, "3.277", &ack(703, "A2:20")), &settings());
        assert_eq!(text(store, "SELECT state FROM work_item"), "resolved");
    });
}

#[test]
fn past_months_keep_their_denial_rate_after_the_work_is_done() {
    // Issue 9 #7: October, 2 of 3 claims denied. Fix one; its corrected claim is paid in
    // November; appeal the other and take a partial payment. October still reads 2 of 3 and
    // $300 denied; the corrected claim is no new initial claim; the paid item closes on the
    // remit's date.
    common::on_both("past_months_keep_their_denial_rate_after_the_work_is_done", |store, dir| {
        let october = remit(
            801,
            "20261015",
            "AETNA",
            "60054",
            &[
                "CLP*K1*1*100*100**CI*AK1*11*1~NM1*QC*1*DOE*A****MI*W1~SVC*HC:99213*100*100**1~DTM*472*20261001",
                "CLP*K2*1*100*0**CI*AK2*11*1~NM1*QC*1*DOE*B****MI*W2~SVC*HC:99213*100*0**1~DTM*472*20261001~CAS*CO*16*100~LQ*HE*N290",
                "CLP*K3*1*200*0**CI*AK3*11*1~NM1*QC*1*DOE*C****MI*W3~SVC*HC:99214*200*0**1~DTM*472*20261001~CAS*CO*50*200",
            ],
        );
        let mut s = settings();
        s.today = d("2026-10-20");
        import_with(store, &write(dir, "oct.835", &october), &s);
        let tables = overturn::tables::builtin();
        let kpi = |store: &Backend, from: &str, to: &str| {
            let r = build_kpi(store.db(), &tables, d(from), d(to), d("2026-12-01"), None).unwrap();
            (r.counts.claims, r.counts.denied, r.counts.denied_cents)
        };
        assert_eq!(kpi(store, "2026-10-01", "2026-10-31"), (3, 2, Cents(30_000)));
        let ctx = ctx(&tables, "2026-10-21");
        let id = |pcn: &str| {
            scalar(
                store,
                &format!("SELECT w.id FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"),
            )
        };
        let (k2, k3) = (id("K2"), id("K3"));
        let fix = Decision::Fix { fields: vec!["rendering_npi".into()], note: String::new(), force: String::new() };
        let submit = Decision::Submit {
            method: overturn::domain::appeal::SubmitMethod::Portal,
            on: d("2026-10-21"),
            confirmation: "C1".into(),
            override_reason: "records attached in the portal".into(),
        };
        let partial = Decision::Outcome {
            outcome: overturn::domain::appeal::AppealOutcome::Partial,
            on: d("2026-11-05"),
            paid: Cents(5_000),
            info_due: None,
            note: String::new(),
        };
        store
            .transaction(|db| {
                decide_in(db, &[k2], &fix, &ctx)?;
                decide_in(db, &[k3], &Decision::Appeal { note: String::new(), force: String::new() }, &ctx)?;
                decide_in(db, &[k3], &submit, &ctx)?;
                decide_in(db, &[k3], &partial, &DecisionContext { today: d("2026-11-05"), ..ctx })
            })
            .unwrap();
        let november = remit(
            802,
            "20261110",
            "AETNA",
            "60054",
            &[
                "CLP*K2*1*100*100**CI*AK2B*11*7~NM1*QC*1*DOE*B****MI*W2~REF*F8*AK2~SVC*HC:99213*100*100**1~DTM*472*20261001",
            ],
        );
        let mut s = settings();
        s.today = d("2026-11-20");
        let r = import_with(store, &write(dir, "nov.835", &november), &s);
        assert_eq!(r.resolved, 1);
        assert_eq!(kpi(store, "2026-10-01", "2026-10-31"), (3, 2, Cents(30_000)), "October reads the same");
        assert_eq!(kpi(store, "2026-11-01", "2026-11-30").0, 0, "a corrected claim is no new initial claim");
        assert_eq!(
            text(
                store,
                &format!("SELECT state || ' ' || closed_on || ' ' || recovered_cents FROM work_item WHERE id = {k2}")
            ),
            "resolved 2026-11-10 10000",
            "closed on the remit's date, not the day it was imported"
        );
        let r = build_kpi(store.db(), &tables, d("2026-10-01"), d("2026-10-31"), d("2026-12-01"), None).unwrap();
        let rate = r.figures.iter().find(|f| f.key == KpiKey::DenialRateCount).unwrap().value.unwrap();
        assert!((rate - 200.0 / 3.0).abs() < 1e-9, "{rate}");
    });
}
