//! Imports of our own fixtures: what lands in the ledger, and how work items come out.

mod common;

use common::{fixture, import, import_with, scalar, settings, table_counts, text};

#[test]
fn remit_with_denials_partial_creative_and_plb() {
    common::on_both("remit_with_denials_partial_creative_and_plb", |store, _| {
        let r = import(store, &fixture("remits-a.835"));
        assert_eq!(r.error, None);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(
            (r.counts.claims, r.counts.service_lines, r.counts.adjustments, r.counts.remarks, r.counts.plb),
            (6, 6, 11, 6, 1)
        );
        assert_eq!(r.denials, 5, "A100 CO-197, A101 CO-97 line, A102 creative, A104 CO-16, A105 CO-29");
        assert_eq!(r.at_risk_cents, 18_000 + 1_500 + 22_000 + 24_000 + 30_000);
        // A103 ($0 paid, only CO-45 and PR-1) is not a denial.
        let a103 =
            scalar(store, "SELECT count(*) FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A103'");
        assert_eq!(a103, 0);
        // The creative denial: CLP02 1, $0 paid, claim-level CO-27.
        let a102 = text(
            store,
            "SELECT w.reason_code || ' ' || w.category FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A102'",
        );
        assert_eq!(a102, "CO-27 eligibility");
        // One CAS segment with three triplets, all at line level; a claim-level CAS has no line.
        let a101 = common::body(store, "A101");
        assert_eq!((a101.adjustments.len(), a101.lines.iter().map(|l| l.adjustments.len()).sum::<usize>()), (0, 5));
        assert_eq!(common::body(store, "A102").adjustments.len(), 1);
        // Two LQ remarks on one line, MOA remarks at claim level.
        assert_eq!(common::remark_codes(store, "A101"), ["LQ:M15", "LQ:N19"]);
        assert_eq!(common::remark_codes(store, "A102"), ["MOA:N30", "MOA:MA01"]);
        // PLB: one segment, two adjustment pairs.
        assert_eq!(
            common::joined(
                store,
                "SELECT reason_code || '=' || amount_cents FROM provider_adjustment ORDER BY id",
                " "
            ),
            "L6=-1250 WO=3000"
        );
        // Modifiers and allowed amount on the line.
        let line = common::body(store, "A101").lines.into_iter().find(|l| l.procedure.as_deref() == Some("99213"));
        let line = line.expect("A101's 99213 line");
        assert_eq!((line.modifiers.as_deref(), line.allowed), (Some("25"), Some(13_500)));
    });
}

#[test]
fn paths_follow_codes_thresholds_and_plans() {
    common::on_both("paths_follow_codes_thresholds_and_plans", |store, _| {
        import(store, &fixture("remits-a.835"));
        import(store, &fixture("remits-b.835"));
        let path = |pcn: &str| {
            text(
                store,
                &format!(
                    "SELECT w.suggested_path FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}' AND w.state = 'open'"
                ),
            )
        };
        assert_eq!(path("A104"), "fix", "CO-16 with MA130: correct and resubmit");
        assert_eq!(path("A105"), "appeal", "CO-29 on a commercial plan can be appealed");
        assert_eq!(path("M200"), "close", "CO-29 on Medicare is not appealable");
        assert_eq!(path("A101"), "close", "$15 is below the $25 threshold");
        let reason =
            text(store, "SELECT path_reason FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'M200'");
        assert!(reason.contains("not appealable on this plan (medicare)"), "{reason}");
        // Deadlines and how they were computed: Aetna appeal = notice 2026-11-01 + 180 days.
        let a102 = text(
            store,
            "SELECT appeal_deadline || ' | ' || appeal_basis FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A102'",
        );
        assert_eq!(a102, "2027-04-30 | remit notice 2026-11-01 + 180 days = 2027-04-30");
        let rule = text(
            store,
            "SELECT rt.text FROM work_item w JOIN claim c ON c.id = w.claim_id JOIN rule_text rt ON rt.id = w.rule_id WHERE c.pcn = 'A102'",
        );
        assert!(rule.starts_with("payers.csv: aetna (commercial) because "), "{rule}");
        assert!(
            rule.contains("aetna.com disputes and appeals overview (180 days)"),
            "the row's source is named: {rule}"
        );
    });
}

#[test]
fn reversal_voids_the_denial_of_the_claim_it_reverses() {
    common::on_both("reversal_voids_the_denial_of_the_claim_it_reverses", |store, _| {
        import(store, &fixture("remits-a.835"));
        let r = import(store, &fixture("remits-b.835"));
        assert_eq!(r.error, None);
        assert_eq!((r.counts.claims, r.counts.reversals, r.voided), (4, 1, 1));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(
            text(
                store,
                "SELECT w.state || ' ' || w.queue FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A100'"
            ),
            "voided done"
        );
        let linked = scalar(
            store,
            "SELECT count(*) FROM claim o JOIN claim r ON r.id = o.reversed_by_claim_id AND r.reverses_claim_id = o.id WHERE o.pcn = 'A100' AND r.status_code = '22'",
        );
        assert_eq!(linked, 1);
        let events = common::joined(
            store,
            "SELECT action FROM event e JOIN work_item w ON w.id = e.work_item_id JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A100' ORDER BY e.id",
            ",",
        );
        assert_eq!(events, "created,voided");
        // The institutional claim carries its MIA remark and is not a denial.
        assert_eq!(scalar(store, "SELECT institutional FROM claim WHERE pcn = 'I300'"), 1);
        assert_eq!(common::remark_codes(store, "I300"), ["MIA:N386"]);
    });
}

#[test]
fn acknowledgements_open_and_resolve_rejections() {
    common::on_both("acknowledgements_open_and_resolve_rejections", |store, _| {
        let r = import(store, &fixture("acks-a.277"));
        assert_eq!(r.error, None);
        assert_eq!((r.counts.statuses, r.rejections, r.at_risk_cents), (3, 2, 29_000));
        let r1 = text(
            store,
            "SELECT w.reason_code || ' ' || w.category || ' ' || w.suggested_path || ' ' || w.team FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'R1'",
        );
        assert_eq!(r1, "A7:562:85 claim_data fix billing_ops");
        let r = import(store, &fixture("acks-b.277"));
        assert_eq!((r.accepted, r.rejections), (1, 0));
        assert_eq!(
            text(store, "SELECT w.state FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'R1'"),
            "resolved"
        );
        assert_eq!(
            text(store, "SELECT w.state FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'R3'"),
            "open"
        );
        let detail = text(store, "SELECT detail FROM event WHERE action = 'resolved'");
        assert!(detail.starts_with("accepted (A2:20) on 277CA file acks-b.277"), "{detail}");
    });
}

#[test]
fn status_responses_update_the_claim_without_work() {
    common::on_both("status_responses_update_the_claim_without_work", |store, _| {
        import(store, &fixture("remits-a.835"));
        let items = scalar(store, "SELECT count(*) FROM work_item");
        let r = import(store, &fixture("status.277"));
        assert_eq!((r.error, r.counts.statuses, r.rejections), (None, 1, 0));
        assert_eq!(scalar(store, "SELECT count(*) FROM work_item"), items);
        assert_eq!(
            text(store, "SELECT last_status || ' ' || last_status_date FROM claim WHERE pcn = 'A101'"),
            "F1:65 2026-11-18"
        );
    });
}

#[test]
fn denials_spreadsheet_groups_rows_into_claims() {
    common::on_both("denials_spreadsheet_groups_rows_into_claims", |store, _| {
        let r = import(store, &fixture("denials.csv"));
        assert_eq!(r.error, None);
        // P900's lines have different ways out (CO-197 appeal, CO-97 under the threshold): two items.
        assert_eq!((r.counts.claims, r.counts.service_lines, r.denials, r.at_risk_cents), (2, 3, 3, 23_500 + 115_000));
        assert_eq!(text(store, "SELECT plan_type FROM payer"), "tricare");
        assert_eq!(
            text(store, "SELECT category FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'P901'"),
            "claim_data"
        );
        assert_eq!(
            text(store, "SELECT service_date FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'P901'"),
            "2026-10-02"
        );
    });
}

#[test]
fn bad_spreadsheet_rows_are_named_and_nothing_is_written() {
    common::on_both("bad_spreadsheet_rows_are_named_and_nothing_is_written", |store, _| {
        let before = table_counts(store);
        let r = import(store, &fixture("denials-bad.csv"));
        let err = r.error.expect("bad rows refuse the file");
        assert!(err.starts_with("2 bad row(s), 7 problem(s), nothing imported"), "{err}");
        assert!(err.contains("row 3, column date_of_service: is not a date"), "{err}");
        assert!(err.contains("row 3, column charge: amount is not a number"), "{err}");
        assert!(err.contains("row 4, column patient_control_number: is required"), "{err}");
        assert!(err.contains("row 4, column rendering_npi: must be 10 digits"), "{err}");
        assert_eq!(table_counts(store), before);
        let skip = overturn::ledger::ImportSettings { skip_bad_rows: true, ..settings() };
        let r = import_with(store, &fixture("denials-bad.csv"), &skip);
        assert_eq!((r.error, r.denials), (None, 1));
        assert_eq!(r.warnings.len(), 7, "{:?}", r.warnings);
        assert!(r.warnings[0].ends_with("(row skipped)"));
    });
}

#[test]
fn reimporting_changes_nothing() {
    common::on_both("reimporting_changes_nothing", |store, dir| {
        import(store, &fixture("remits-a.835"));
        // The batch holds the hash of the bytes it was read from (on SQLite taken as they were
        // parsed, in place of a placeholder).
        let bytes = std::fs::read(fixture("remits-a.835")).unwrap();
        let want: String = <sha2::Sha256 as sha2::Digest>::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(common::text(store, "SELECT sha256 FROM import_batch"), want);
        let before = table_counts(store);
        let r = import(store, &fixture("remits-a.835"));
        assert!(r.duplicate && r.error.is_none());
        assert_eq!(r.warnings.len(), 1, "only the earlier import is named: {:?}", r.warnings);
        assert!(r.warnings[0].starts_with("already imported from remits-a.835"), "{:?}", r.warnings);
        assert_eq!(table_counts(store), before);
        // Same remittance, different bytes (CRLF line ends): caught by ISA13 + TRN02.
        let crlf = dir.join("resent.835");
        std::fs::write(&crlf, std::fs::read_to_string(fixture("remits-a.835")).unwrap().replace('\n', "\r\n")).unwrap();
        let r = import(store, &crlf);
        assert!(r.duplicate, "{r:?}");
        assert!(
            r.warnings.iter().any(|w| w.contains("(trace EFT9001) was already imported from remits-a.835")),
            "{:?}",
            r.warnings
        );
        assert_eq!(table_counts(store), before);
    });
}

#[test]
fn dry_run_reports_but_writes_nothing() {
    common::on_both("dry_run_reports_but_writes_nothing", |store, _| {
        let before = table_counts(store);
        let r = import_with(
            store,
            &fixture("remits-a.835"),
            &overturn::ledger::ImportSettings { dry_run: true, ..settings() },
        );
        assert_eq!((r.error, r.denials, r.dry_run), (None, 5, true));
        assert_eq!(table_counts(store), before);
        assert_eq!(import(store, &fixture("remits-a.835")).denials, 5, "a dry run does not mark the file imported");
    });
}

#[test]
fn every_work_item_has_a_creation_event() {
    common::on_both("every_work_item_has_a_creation_event", |store, _| {
        for f in ["remits-a.835", "remits-b.835", "acks-a.277", "denials.csv"] {
            import(store, &fixture(f));
        }
        let items = scalar(store, "SELECT count(*) FROM work_item");
        let created = scalar(store, "SELECT count(*) FROM event WHERE action = 'created'");
        assert_eq!(items, created);
        let e = text(
            store,
            "SELECT actor || ' | ' || at || ' | ' || after_state FROM event WHERE action = 'created' LIMIT 1",
        );
        assert_eq!(e, "tester | 2026-11-23T15:00:00Z | open");
    });
}
