//! Random work on a ledger for property tests: imports of generated remits (new, repeated,
//! dry runs, files cut short), 277 acknowledgements, decisions, appeal outcomes and their undo,
//! on either back end.

use std::io::Write;

use chrono::Duration;
use overturn::domain::appeal::{AppealOutcome, SubmitMethod};
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::generate::{Gen277Options, Gen835Options, write_277, write_835};
use overturn::ledger::{FileReport, ImportSettings};
use overturn::store::backend::Backend;
use overturn::store::decisions::{DecisionContext, decide_in, undo_in};
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum Step {
    /// A generated 835: seed (few, so files repeat), claims, weeks before today, weeks covered.
    Import {
        seed: u64,
        claims: u64,
        back: i64,
        weeks: u32,
    },
    DryRun {
        seed: u64,
        claims: u64,
    },
    /// The file cut at this share of its length: refused.
    Cut {
        seed: u64,
        share: f64,
    },
    /// One 277, or two in one file: when the first was imported before, its transaction set is
    /// rolled back inside the import and the second kept.
    Ack {
        seed: u64,
        then: Option<u64>,
    },
    /// Fix, appeal or close the n-th open item, and maybe undo it.
    Decide {
        nth: usize,
        which: u8,
        undo: bool,
    },
    /// Work on the n-th item of any state: assign, note, tick the packet, save a letter,
    /// follow up, reopen; maybe undo it. Refused decisions change nothing.
    Work {
        nth: usize,
        which: u8,
        undo: bool,
    },
    /// One of the fixture files of the other kinds: a fee schedule, submitted claims (837,
    /// spreadsheet), an underpaid remit, a remit and acknowledgements answering them.
    Fixture {
        which: usize,
    },
    /// The no-response sweep, this many days after today.
    Sweep {
        days: i64,
    },
    /// Appeal the n-th open item, submit it and record the payer's decision; maybe undo that.
    Outcome {
        nth: usize,
        which: u8,
        undo: bool,
    },
}

pub fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u64..4, 5u64..60, 0i64..20, 1u32..4).prop_map(|(seed, claims, back, weeks)| Step::Import { seed, claims, back, weeks }),
        1 => (0u64..4, 5u64..60).prop_map(|(seed, claims)| Step::DryRun { seed, claims }),
        1 => (0u64..4, 0.1f64..0.9).prop_map(|(seed, share)| Step::Cut { seed, share }),
        2 => (0u64..4, prop::option::of(0u64..4)).prop_map(|(seed, then)| Step::Ack { seed, then }),
        3 => (0usize..50, 0u8..3, any::<bool>()).prop_map(|(nth, which, undo)| Step::Decide { nth, which, undo }),
        4 => (0usize..50, 0u8..3, any::<bool>()).prop_map(|(nth, which, undo)| Step::Outcome { nth, which, undo }),
        3 => (0usize..50, 0u8..7, any::<bool>()).prop_map(|(nth, which, undo)| Step::Work { nth, which, undo }),
        2 => (0usize..FIXTURES.len()).prop_map(|which| Step::Fixture { which }),
        1 => (0i64..120).prop_map(|days| Step::Sweep { days }),
    ]
}

const FIXTURES: [&str; 7] =
    ["fees.csv", "submitted.837", "claims.csv", "underpaid.835", "remits-a.835", "acks-a.277", "answer-r2.835"];

fn gen_835(seed: u64, claims: u64, back: i64, weeks: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let as_of = super::today() - Duration::weeks(back);
    write_835(&mut out, Gen835Options { claims, seed, denial_rate: 0.3, as_of, weeks }).unwrap();
    out
}

pub fn context(tables: &overturn::domain::tables::Tables) -> DecisionContext<'_> {
    DecisionContext {
        actor: "dana",
        now: "2026-11-23T16:00:00Z",
        today: super::today(),
        tables,
        write_off_threshold: Cents(2500),
    }
}

pub fn run(ledger: &mut Backend, dir: &std::path::Path, i: usize, step: &Step) {
    let file = |bytes: &[u8]| {
        let p = dir.join(format!("f{i}"));
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    };
    let tables = overturn::tables::builtin();
    match *step {
        Step::Import { seed, claims, back, weeks } => {
            import(ledger, &file(&gen_835(seed, claims, back, weeks)));
        }
        Step::DryRun { seed, claims } => {
            let s = overturn::ledger::ImportSettings { dry_run: true, ..super::settings() };
            import_with(ledger, &file(&gen_835(seed + 10, claims, 0, 2)), &s);
        }
        Step::Cut { seed, share } => {
            let bytes = gen_835(seed + 20, 30, 1, 2);
            let r = import(ledger, &file(&bytes[..(bytes.len() as f64 * share) as usize]));
            assert!(r.error.is_some(), "a cut file is refused");
        }
        Step::Ack { seed, then } => {
            let mut out = Vec::new();
            for seed in std::iter::once(seed).chain(then.map(|s| s + 10)) {
                let opts = Gen277Options {
                    claims: 20,
                    seed,
                    rejection_rate: 0.2,
                    as_of: super::today(),
                    resubmitted: Vec::new(),
                };
                write_277(&mut out, &opts).unwrap();
            }
            let r = import(ledger, &file(&out));
            assert!(r.error.is_none(), "{:?}", r.error);
        }
        Step::Outcome { nth, which, undo: take_back } => {
            let ids = ids(ledger, "SELECT id FROM work_item WHERE state = 'open' AND kind = 'denial' ORDER BY id");
            let Some(&id) = ids.get(nth % ids.len().max(1)) else { return };
            let ctx = context(&tables);
            let today = super::today();
            let submit = Decision::Submit {
                method: SubmitMethod::Portal,
                on: today,
                confirmation: "C1".into(),
                override_reason: "test".into(),
            };
            let outcome =
                [AppealOutcome::Upheld, AppealOutcome::Overturned, AppealOutcome::Partial][which as usize % 3];
            let appeal = Decision::Appeal { note: String::new(), force: "test".into() };
            let decided =
                Decision::Outcome { outcome, on: today, paid: Cents(1000), info_due: None, note: String::new() };
            // A rejection, or no appeal rights: the appeal is refused and nothing changes (the
            // transaction rolls back).
            let _ = ledger.transaction(|db| {
                decide_in(db, &[id], &appeal, &ctx)?;
                decide_in(db, &[id], &submit, &ctx).unwrap();
                let applied = decide_in(db, &[id], &decided, &ctx).unwrap();
                if take_back {
                    undo_in(db, &applied, &ctx).unwrap();
                }
                Ok(())
            });
        }
        Step::Fixture { which } => {
            let r = import(ledger, &super::fixture(FIXTURES[which]));
            assert!(r.error.is_none(), "{}: {:?}", FIXTURES[which], r.error);
        }
        Step::Sweep { days } => {
            let sweep = overturn::ledger::Sweep {
                tables: &tables,
                today: super::today() + Duration::days(days),
                threshold: Cents(2500),
                actor: "sweep",
                now: "2026-11-23T06:00:00Z",
            };
            ledger.transaction(|db| overturn::ledger::open_silent(db, &sweep)).unwrap();
        }
        Step::Work { nth, which, undo: take_back } => {
            // Mostly items the decision applies to: appeals for the packet, letter and
            // follow-up, write-offs to reopen.
            let of = match which {
                3..=5 => "WHERE state = 'appealed'",
                6 => "WHERE state = 'written_off'",
                _ => "",
            };
            let ids = ids(ledger, &format!("SELECT id FROM work_item {of} ORDER BY id"));
            let Some(&id) = ids.get(nth % ids.len().max(1)) else { return };
            let decision = match which {
                0 => Decision::Assign { owner: Some("sam".into()) },
                1 => Decision::Assign { owner: None },
                2 => Decision::Note { text: "called the payer".into() },
                3 => Decision::Packet { done: vec!["denial_notice".into(), "cover_letter".into()] },
                4 => Decision::Letter { text: "To whom it may concern".into() },
                5 => Decision::FollowUp { note: "no answer yet".into() },
                _ => Decision::Reopen { note: String::new(), force: "test".into() },
            };
            decide_maybe_undo(ledger, id, &decision, &context(&tables), take_back);
        }
        Step::Decide { nth, which, undo: take_back } => {
            let ids = ids(ledger, "SELECT id FROM work_item WHERE state = 'open' ORDER BY id");
            let Some(&id) = ids.get(nth % ids.len().max(1)) else { return };
            let decision = match which {
                0 => Decision::Fix { fields: vec!["member_id".into()], note: String::new(), force: "test".into() },
                1 => Decision::Appeal { note: String::new(), force: "test".into() },
                _ => Decision::Close { reason: "other".into(), note: "test".into() },
            };
            decide_maybe_undo(ledger, id, &decision, &context(&tables), take_back);
        }
    }
}

/// One decision in its own transaction, undone in it when `take_back`. A refused decision (the
/// item's rules forbid it) changes nothing and is committed as such, as the desk does.
fn decide_maybe_undo(ledger: &mut Backend, id: i64, decision: &Decision, ctx: &DecisionContext<'_>, take_back: bool) {
    ledger
        .transaction(|db| {
            if let (Ok(applied), true) = (decide_in(db, &[id], decision, ctx), take_back) {
                undo_in(db, &applied, ctx).unwrap();
            }
            Ok(())
        })
        .unwrap();
}

fn ids(ledger: &Backend, sql: &str) -> Vec<i64> {
    ledger.db().query_map(sql, &[], |r| r.get(0)).unwrap()
}

fn import(ledger: &mut Backend, file: &std::path::Path) -> FileReport {
    import_with(ledger, file, &super::settings())
}

fn import_with(ledger: &mut Backend, file: &std::path::Path, s: &ImportSettings) -> FileReport {
    super::import_into(ledger, file, s)
}

/// The week's review read from the kept rollups says what the week's items say, on every week
/// with an item; items carry their current claim's facts; the Write-offs tab's totals from the
/// rollup equal those from the items under a filter every item passes.
pub fn review_agrees(db: overturn::store::db::Conn<'_>) {
    use overturn::domain::rca::{WeekTallies, summarize, summarize_tallies};
    use overturn::domain::week::Week;
    use overturn::store::{rca, writeoffs};
    use std::collections::HashMap;
    let days: Vec<String> = db
        .query_map("SELECT DISTINCT opened_on FROM work_item WHERE kind <> 'no_response'", &[], |r| r.get(0))
        .unwrap();
    let mut weeks: Vec<Week> = days.iter().map(|d| Week::containing(d.parse().unwrap())).collect();
    weeks.sort();
    weeks.dedup();
    let tables = overturn::tables::builtin();
    for week in weeks {
        let items = rca::week_items(db, &tables, week).unwrap();
        let tallies = rca::week_tallies(db, &tables, week).unwrap();
        assert!(!tallies.slices.is_empty(), "{week:?}");
        assert_eq!(tallies, WeekTallies::from_items(&items), "{week:?}");
        assert_eq!(summarize_tallies(&tallies, &HashMap::new(), 8), summarize(&items, &HashMap::new(), 8));
    }
    let stale: i64 = super::value(
        db,
        "SELECT count(*) FROM work_item w JOIN claim c ON c.id = w.claim_id
         WHERE w.intake <> c.source OR w.place IS DISTINCT FROM c.facility_code
            OR w.provider <> coalesce(nullif(c.rendering_name, ''), c.rendering_npi, '')",
    );
    assert_eq!(stale, 0, "items carry their current claim's facts");
    let today = super::today();
    let all = overturn::domain::filter::QueueFilter::parse("amt:<9999999").unwrap();
    let from_rollup = writeoffs::totals(db, &Default::default(), today).unwrap();
    let from_items = writeoffs::totals(db, &all, today).unwrap();
    assert_eq!(from_rollup.all, from_items.all);
    let sorted = |mut r: Vec<(String, [overturn::store::queue::QueueTotal; 4])>| {
        r.sort_by(|a, b| a.0.cmp(&b.0));
        r
    };
    assert_eq!(sorted(from_rollup.rows), sorted(from_items.rows));
}
