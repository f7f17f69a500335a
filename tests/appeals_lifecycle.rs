//! An appealed denial carried from import to its final disposition, with the events at each
//! step; and one that ends in a write-off, is reopened and escalated.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use overturn::domain::appeal::{AppealOutcome, AppealStage, SubmitMethod};
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::domain::tables::Tables;
use overturn::domain::workflow::Queue;
use overturn::ledger::FileReport;
use overturn::letters::{LetterSetup, Templates, compose};
use overturn::store::db::Conn;
use overturn::store::decisions::{Applied, DecisionContext, decide_in, undo_in};
use overturn::store::queue::{QueueRow, QueueSort, for_each};
use overturn::store::{StoreError, appeals, outcome_stats};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One ledger on one back end, with remits-a.835 imported.
struct Desk {
    engine: common::Engine,
    tables: Tables,
}

/// Runs `test` on a new desk on each back end (PostgreSQL when a cluster is configured).
fn on_both(name: &str, test: impl Fn(Desk)) {
    for mut engine in common::engines(name) {
        let report = common::import_into(&mut engine.ledger, &common::fixture("remits-a.835"), &common::settings());
        assert_eq!(report.error, None);
        test(Desk { engine, tables: overturn::tables::builtin() });
    }
}

impl Desk {
    fn db(&self) -> Conn<'_> {
        self.engine.ledger.db()
    }

    fn scalar(&self, sql: &str) -> i64 {
        common::value(self.db(), sql)
    }

    fn text(&self, sql: &str) -> String {
        common::value(self.db(), sql)
    }

    fn id(&self, pcn: &str) -> i64 {
        self.scalar(&format!("SELECT w.id FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"))
    }

    fn import(&mut self, path: &Path, today: &str) -> FileReport {
        let mut later = common::settings();
        later.today = d(today);
        common::import_into(&mut self.engine.ledger, path, &later)
    }

    fn on(&mut self, today: &str, id: i64, decision: Decision) -> Result<Vec<Applied>, StoreError> {
        let tables = self.tables.clone();
        self.engine.ledger.transaction(|db| decide_in(db, &[id], &decision, &context(today, &tables)))
    }

    fn undo(&mut self, today: &str, applied: &[Applied]) -> Result<(), StoreError> {
        let tables = self.tables.clone();
        self.engine.ledger.transaction(|db| undo_in(db, applied, &context(today, &tables)))
    }

    /// The item's events in order, by action.
    fn events(&self, id: i64) -> String {
        let sql = "SELECT action FROM event WHERE work_item_id = ?1 ORDER BY id";
        let actions: Vec<String> = self.db().query_map(sql, &[&id], |r| r.get(0)).unwrap();
        actions.join(",")
    }

    fn last_detail(&self, id: i64) -> String {
        self.text(&format!("SELECT detail FROM event WHERE work_item_id = {id} ORDER BY id DESC LIMIT 1"))
    }

    fn item(&self, id: i64) -> String {
        self.text(&format!(
            "SELECT state || ' ' || queue || ' ' || coalesce(due_date, '-') || ' ' || amount_cents || ' ' || recovered_cents
             FROM work_item WHERE id = {id}"
        ))
    }

    fn appeal(&self, id: i64) -> appeals::AppealRecord {
        let appeal_id = self.scalar(&format!("SELECT appeal_id FROM work_item WHERE id = {id}"));
        appeals::load(self.db(), appeal_id).unwrap().unwrap()
    }

    fn appeals_queue(&self) -> Vec<QueueRow> {
        let mut rows = Vec::new();
        for_each(self.db(), Queue::Appeals, QueueSort::Due, None, |r| {
            rows.push(r);
            Ok(())
        })
        .unwrap();
        rows
    }
}

fn context<'a>(today: &str, tables: &'a Tables) -> DecisionContext<'a> {
    DecisionContext {
        actor: "dana",
        now: "2026-11-23T16:00:00Z",
        today: d(today),
        tables,
        write_off_threshold: Cents(2500),
    }
}

fn outcome(outcome: AppealOutcome, on: &str, paid: i64) -> Decision {
    Decision::Outcome { outcome, on: d(on), paid: Cents(paid), info_due: None, note: String::new() }
}

#[test]
fn appeal_packet_letter_submission_follow_up_upheld_level_2_then_paid_by_a_later_remit() {
    on_both("appeal_packet_letter_submission_follow_up_upheld_level_2_then_paid_by_a_later_remit", |mut desk| {
        let a105 = desk.id("A105");
        let payer = desk.scalar(&format!("SELECT payer_id FROM work_item WHERE id = {a105}"));

        desk.on("2026-11-23", a105, Decision::Appeal { note: String::new(), force: String::new() }).unwrap();
        assert_eq!(desk.item(a105), "appealed appeals 2027-04-30 30000 0");
        let a1 = desk.appeal(a105);
        assert_eq!((a1.level, a1.stage, a1.deadline), (1, AppealStage::Preparing, Some(d("2027-04-30"))));
        let required: Vec<String> = a1.packet.iter().filter(|e| e.required).map(|e| e.item.clone()).collect();
        assert_eq!(required, ["denial_notice", "claim_detail", "cover_letter", "timely_proof"], "timely filing packet");

        // The packet blocks submission until its required items are ticked.
        let submit = Decision::Submit {
            method: SubmitMethod::Portal,
            on: d("2026-11-23"),
            confirmation: "PORTAL-123".into(),
            override_reason: String::new(),
        };
        let e = desk.on("2026-11-23", a105, submit.clone()).unwrap_err().to_string();
        assert_eq!(e, "submit: 4 required packet items are unticked; tick them or give an override reason");
        // Everything but the cover letter, which saving the letter ticks.
        let but_letter: Vec<String> = required.iter().filter(|i| *i != "cover_letter").cloned().collect();
        desk.on("2026-11-23", a105, Decision::Packet { done: but_letter }).unwrap();
        assert!(desk.last_detail(a105).ends_with("; 1 required item missing"), "{}", desk.last_detail(a105));
        let row = desk.appeals_queue().into_iter().find(|r| r.id == a105).unwrap();
        let next = row.appeal.as_ref().unwrap().next_action(&desk.tables.appeal_levels, row.amount).unwrap();
        assert_eq!((next.what.as_str(), next.due), ("packet: 1 missing", Some(d("2027-04-30"))));

        // The letter: rendered from the timely-filing template, edited, saved with the appeal.
        let templates = Templates::new(None);
        let tables = desk.tables.clone();
        let setup = LetterSetup {
            templates: &templates,
            tables: &tables,
            practice: &overturn::letters::PracticeProfile::sample(),
            biller: "Dana",
            today: d("2026-11-23"),
            payer_address: None,
        };
        let fresh = compose(desk.db(), a105, &setup).unwrap();
        assert!(!fresh.saved);
        assert!(fresh.text.contains("denied as filed after the time limit (CO-29)"), "{}", fresh.text);
        assert!(fresh.text.contains("Payer claim number: AE100000006"));
        let edited = format!("{}\nP.S. Clearinghouse report 2026-06-03 attached.\n", fresh.text);
        desk.on("2026-11-23", a105, Decision::Letter { text: edited.clone() }).unwrap();
        let saved = compose(desk.db(), a105, &setup).unwrap();
        assert_eq!((saved.saved, saved.text), (true, edited));
        assert!(desk.last_detail(a105).ends_with("; ticked Cover letter"), "{}", desk.last_detail(a105));
        assert!(desk.appeal(a105).packet.iter().all(|e| e.done || !e.required), "the saved letter is the cover letter");

        // Submitted by portal: follow up in 14 days; the item is worked against that date.
        desk.on("2026-11-23", a105, submit).unwrap();
        let a1 = desk.appeal(a105);
        assert_eq!(
            (a1.stage, a1.followup_due, a1.confirmation.as_deref()),
            (AppealStage::Submitted, Some(d("2026-12-07")), Some("PORTAL-123"))
        );
        assert_eq!(desk.item(a105), "appealed appeals 2026-12-07 30000 0");

        // On the 8th the follow-up is overdue and the Appeals queue leads with it.
        let first = desk.appeals_queue().remove(0);
        assert_eq!(first.id, a105);
        let next = first.appeal.as_ref().unwrap().next_action(&desk.tables.appeal_levels, first.amount).unwrap();
        assert_eq!((next.what.as_str(), next.due), ("follow up", Some(d("2026-12-07"))));
        desk.on("2026-12-08", a105, Decision::FollowUp { note: "payer: in review".into() }).unwrap();
        assert_eq!(desk.appeal(a105).followup_due, Some(d("2026-12-22")));
        assert_eq!(desk.last_detail(a105), "followed up on level 1; next follow-up 2026-12-22; note: payer: in review");

        // Upheld: the next level and its deadline are offered (60 days from the decision).
        desk.on("2026-12-10", a105, outcome(AppealOutcome::Upheld, "2026-12-10", 0)).unwrap();
        assert_eq!(desk.appeal(a105).stage, AppealStage::Upheld);
        assert_eq!(desk.item(a105), "appealed appeals 2027-02-08 30000 0");
        assert_eq!(desk.last_detail(a105), "level 1 upheld on 2026-12-10; next: level 2 by 2027-02-08 or write off");

        desk.on("2026-12-10", a105, Decision::Appeal { note: "second level".into(), force: String::new() }).unwrap();
        let a2 = desk.appeal(a105);
        assert_eq!((a2.level, a2.stage, a2.deadline), (2, AppealStage::Preparing, Some(d("2027-02-08"))));
        assert!(a2.packet.iter().any(|e| e.item == "prior_decision" && e.required));
        assert_eq!(appeals::load(desk.db(), a1.id).unwrap().unwrap().stage, AppealStage::Escalated);

        // A later 835 pays the claim: resolved with what was recovered, level 2 overturned.
        let report = desk.import(&common::fixture("remits-c.835"), "2026-12-23");
        assert_eq!(report.error, None);
        assert_eq!((report.resolved, report.recovered_cents), (1, 30_000), "A105 by its PCN");
        let a102 = desk.id("A102");
        assert_eq!(
            desk.item(a102).split(' ').next(),
            Some("open"),
            "nobody worked A102: a later remit does not close it"
        );
        assert_eq!(desk.item(a105), "resolved done 2027-02-08 30000 30000");
        let a2 = appeals::load(desk.db(), a2.id).unwrap().unwrap();
        assert_eq!((a2.stage, a2.paid, a2.outcome_on), (AppealStage::Overturned, Cents(30_000), Some(d("2026-12-22"))));
        assert_eq!(desk.events(a105), "created,appeal,packet,letter,submit,follow_up,outcome,appeal,resolved");
        assert!(desk.last_detail(a105).starts_with("paid $300.00 on remit remits-c.835; resolved, $300.00 recovered"));

        // The outcome teaches recoverability for this payer and category.
        assert_eq!(outcome_stats::seen(desk.db(), Some(payer), "timely_filing").unwrap(), (1, 1, 30_000));
        assert_eq!(outcome_stats::learned(desk.db(), Some(payer), "timely_filing", 100).unwrap(), 181);
    });
}

#[test]
fn upheld_then_written_off_reopened_and_escalated() {
    on_both("upheld_then_written_off_reopened_and_escalated", |mut desk| {
        let a100 = desk.id("A100");
        let payer = desk.scalar(&format!("SELECT payer_id FROM work_item WHERE id = {a100}"));
        desk.on("2026-11-23", a100, Decision::Appeal { note: String::new(), force: String::new() }).unwrap();
        let e = desk.on("2026-11-23", a100, outcome(AppealOutcome::Upheld, "2026-11-23", 0)).unwrap_err().to_string();
        assert_eq!(e, "outcome unavailable: the appeal has not been submitted yet");
        // Submitted with the auth proof missing: the override and its reason are recorded.
        let submit = Decision::Submit {
            method: SubmitMethod::Mail,
            on: d("2026-11-23"),
            confirmation: String::new(),
            override_reason: "auth letter to follow by fax".into(),
        };
        desk.on("2026-11-23", a100, submit).unwrap();
        assert!(
            desk.last_detail(a100)
                .contains("follow up by 2026-12-23; packet override (auth letter to follow by fax): missing")
        );
        assert_eq!(desk.appeal(a100).packet_override.as_deref(), Some("auth letter to follow by fax"));

        desk.on("2026-12-01", a100, outcome(AppealOutcome::Upheld, "2026-12-01", 0)).unwrap();
        // "Non-covered" is not true of an authorization denial, and level 2 is still open, so
        // "appeals exhausted" is not either: the biller says why in the note.
        let untrue = Decision::Close { reason: "non_covered".into(), note: String::new() };
        let e = desk.on("2026-12-01", a100, untrue).unwrap_err();
        assert!(e.to_string().contains("is not true of this item: the denial is not about coverage"), "{e}");
        let close =
            Decision::Close { reason: "other".into(), note: "no contract support; not pursuing level 2".into() };
        desk.on("2026-12-01", a100, close.clone()).unwrap();
        assert_eq!(desk.item(a100).split(' ').take(2).collect::<Vec<_>>(), ["written_off", "write-offs"]);
        assert_eq!(desk.appeal(a100).stage, AppealStage::Upheld, "a decided appeal stays decided");
        assert_eq!(outcome_stats::seen(desk.db(), Some(payer), "authorization").unwrap(), (1, 0, 0));
        assert_eq!(desk.events(a100), "created,appeal,submit,outcome,close");

        // Reopened while the level 2 window is open: the statistics take the outcome back.
        desk.on("2026-12-05", a100, Decision::Reopen { note: "new auth found".into(), force: String::new() }).unwrap();
        assert_eq!(
            desk.item(a100),
            "open denials 2027-01-30 18000 0",
            "works against the level 2 deadline (Sat 1-30: no roll is published for commercial plans)"
        );
        assert_eq!(outcome_stats::seen(desk.db(), Some(payer), "authorization").unwrap(), (0, 0, 0));
        desk.on("2026-12-05", a100, Decision::Appeal { note: String::new(), force: String::new() }).unwrap();
        assert_eq!(desk.appeal(a100).level, 2);

        // Written off again, the level 2 appeal is withdrawn and level 1's decision stands: the
        // item can be reopened while a way out is open (the level 2 window to 01-30, then Aetna's
        // refiling window to its last possible date, 2026-10-01 + 180 days = 2027-03-30), not after.
        desk.on("2026-12-06", a100, close).unwrap();
        assert_eq!(desk.appeal(a100).level, 1);
        let e = desk
            .on("2027-03-31", a100, Decision::Reopen { note: String::new(), force: String::new() })
            .unwrap_err()
            .to_string();
        assert_eq!(e, "reopen unavailable: the filing window closed on 2027-03-30; give a reason to go ahead anyway");
        assert_eq!(desk.events(a100), "created,appeal,submit,outcome,close,reopen,appeal,close");
    });
}

#[test]
fn fixed_claims_denied_again_come_back_as_repeat_denials() {
    on_both("fixed_claims_denied_again_come_back_as_repeat_denials", |mut desk| {
        let (a104, a102) = (desk.id("A104"), desk.id("A102"));
        let fix = || Decision::Fix { fields: vec!["member_id".into()], note: String::new(), force: String::new() };
        let fixed = desk.on("2026-11-23", a104, fix()).unwrap();
        desk.on("2026-11-23", a102, fix()).unwrap();
        // What the root-cause review slices by is read again from the claim the item moves to.
        desk.db().execute("UPDATE work_item SET provider = 'BEFORE', place = 'XX' WHERE id = ?1", &[&a104]).unwrap();
        let report = desk.import(&common::fixture("remits-c.835"), "2026-12-23");
        assert_eq!((report.repeat_denials, report.denials), (1, 0), "no new item: the old one comes back");
        let facts = desk.text(&format!(
        "SELECT w.provider || ' ' || w.intake || ' ' || CASE WHEN w.place IS NOT DISTINCT FROM c.facility_code THEN 1 ELSE 0 END
             || ' ' || CASE WHEN c.pcn = 'A104' THEN 1 ELSE 0 END
         FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE w.id = {a104}"
    ));
        let provider = desk.text(
        "SELECT coalesce(nullif(rendering_name, ''), rendering_npi, '') FROM claim WHERE pcn = 'A104' ORDER BY id DESC LIMIT 1",
    );
        assert_eq!(facts, format!("{provider} 835 1 1"));
        let back = desk.text(&format!(
        "SELECT state || ' ' || queue || ' ' || reason_code || ' ' || category || ' ' || repeat_count FROM work_item WHERE id = {a104}"
    ));
        assert_eq!(back, "open denials CO-50 medical_necessity 1");
        assert!(desk.last_detail(a104).starts_with("denied again (CO-50 "), "{}", desk.last_detail(a104));
        assert_eq!(desk.events(a104), "created,fix,repeat_denial");
        // The corrected claim for A102 carried REF*F8 with the original's payer claim number.
        // (Its fix waited for the payer's answer by 2026-11-23 + 30 days = 2026-12-23, before
        // Aetna's filing aim of 2027-01-01: clean claims are paid within 30 days, MCPM ch. 1
        // sec. 80.2.1.1.)
        assert_eq!(desk.item(a102), "resolved done 2026-12-23 22000 22000");
        // Another member's claim with the same account number is not an answer.
        let a101 = desk.id("A101");
        desk.on("2026-11-23", a101, fix()).unwrap();
        let text = std::fs::read_to_string(common::fixture("remits-c.835")).unwrap();
        let other = text
            .replace("CLP*A104*4*240*0**CI*AE100000005*11*7", "CLP*A101*1*15*15**CI*AE100000077*11*1")
            .replace("NM1*QC*1*TESTER*EMMA****MI*W100000005", "NM1*QC*1*OTHER*PAT****MI*Z999")
            .replace("CAS*CO*50*240", "CAS*CO*45*0")
            .replace("*000000103*", "*000000104*")
            .replace("EFT9003", "EFT9004");
        let path = desk.engine.dir.path().join("other-member.835");
        std::fs::write(&path, other).unwrap();
        let report = desk.import(&path, "2026-12-23");
        assert_eq!(report.error, None);
        assert_eq!(desk.item(a101).split(' ').next(), Some("resubmitted"), "a different member ID: not this claim");

        // Undoing the fix is refused now: the payer's answer changed the item since.
        let e = desk.undo("2026-12-23", &fixed).unwrap_err().to_string();
        assert!(e.starts_with(&format!("cannot undo: item {a104} changed since")), "{e}");
    });
}

#[test]
fn a_letter_with_the_old_practice_placeholder_is_neither_saved_nor_submitted() {
    on_both("a_letter_with_the_old_practice_placeholder_is_neither_saved_nor_submitted", |mut desk| {
        let a105 = desk.id("A105");
        desk.on("2026-11-23", a105, Decision::Appeal { note: String::new(), force: String::new() }).unwrap();
        let old = "Contact Dana at [practice name: set practice_name in config.toml].\n";
        let e = desk.on("2026-11-23", a105, Decision::Letter { text: old.into() }).unwrap_err().to_string();
        assert!(e.starts_with("letter: the letter still says \"[practice name: ...]\""), "{e}");
        // A letter saved by an earlier version: submitting it is refused too, override or not.
        desk.db().execute("UPDATE appeal SET letter = ?1", &[&old]).unwrap();
        let submit = Decision::Submit {
            method: SubmitMethod::Portal,
            on: d("2026-11-23"),
            confirmation: "P-1".into(),
            override_reason: "sent anyway".into(),
        };
        let e = desk.on("2026-11-23", a105, submit).unwrap_err().to_string();
        assert!(e.starts_with("submit: the letter still says"), "{e}");
        assert_eq!(desk.appeal(a105).stage, AppealStage::Preparing);
    });
}
