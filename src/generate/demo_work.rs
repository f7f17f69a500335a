//! A month of the demo practice's desk work, made through the same decisions the desk makes:
//! appeals in every stage (some follow-ups overdue, one upheld, one overturned), corrected
//! rejections, owners, and write-offs by policy and by reason. Every tab has something to show.

use chrono::Duration;
use rusqlite::Connection;

use crate::domain::appeal::{AppealOutcome, SubmitMethod};
use crate::domain::decision::{BELOW_THRESHOLD, Decision};
use crate::domain::money::Cents;
use crate::domain::tables::Tables;
use crate::letters::{LetterSetup, Templates, compose};
use crate::store::decisions::{DecisionContext, decide};
use crate::store::{Store, StoreError};

type Res<T> = Result<T, StoreError>;

fn ids(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Res<Vec<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

struct Work<'a> {
    conn: &'a rusqlite::Transaction<'a>,
    tables: &'a Tables,
    today: chrono::NaiveDate,
    threshold: Cents,
}

impl Work<'_> {
    /// Applies `d` to `ids` as if decided `days_ago` days before today (a refusal is skipped:
    /// the generated data decides which items can take which decision).
    fn on(&self, days_ago: i64, ids: &[i64], d: &Decision) -> Res<()> {
        let day = self.today - Duration::days(days_ago);
        let now = format!("{day}T15:30:00Z");
        let ctx = DecisionContext {
            actor: "demo",
            now: &now,
            today: day,
            tables: self.tables,
            write_off_threshold: self.threshold,
        };
        for id in ids {
            decide(self.conn, &[*id], d, &ctx)?;
        }
        Ok(())
    }

    fn packet_all(&self, id: i64, days_ago: i64) -> Res<()> {
        let items = ids(self.conn, "SELECT appeal_id FROM work_item WHERE id = ?1", [id])?;
        let Some(appeal) = items.first().and_then(|a| crate::store::appeals::load(self.conn, *a).ok().flatten()) else {
            return Ok(());
        };
        let done = appeal.packet.iter().map(|e| e.item.clone()).collect();
        self.on(days_ago, &[id], &Decision::Packet { done })
    }

    fn letter(&self, id: i64, days_ago: i64) -> Res<()> {
        let templates = Templates::default();
        let practice = crate::letters::PracticeProfile::sample();
        let setup = LetterSetup {
            templates: &templates,
            tables: self.tables,
            practice: &practice,
            biller: "demo",
            today: self.today - Duration::days(days_ago),
            payer_address: None,
        };
        if let Ok(c) = compose(self.conn, id, &setup) {
            self.on(days_ago, &[id], &Decision::Letter { text: c.text })?;
        }
        Ok(())
    }

    fn submit(&self, id: i64, days_ago: i64, method: SubmitMethod) -> Res<()> {
        let on = self.today - Duration::days(days_ago);
        let d = Decision::Submit { method, on, confirmation: format!("RFM-{id:05}"), override_reason: String::new() };
        self.on(days_ago, &[id], &d)
    }

    fn outcome(&self, id: i64, days_ago: i64, outcome: AppealOutcome, paid: Cents) -> Res<()> {
        let on = self.today - Duration::days(days_ago);
        let info_due = (outcome == AppealOutcome::InfoRequested).then(|| self.today + Duration::days(7));
        self.on(days_ago, &[id], &Decision::Outcome { outcome, on, paid, info_due, note: String::new() })
    }
}

/// Works the freshly imported demo ledger.
pub fn work(store: &mut Store, tables: &Tables, today: chrono::NaiveDate, threshold: Cents) -> Res<()> {
    let tx = store.begin()?;
    let w = Work { conn: &tx, tables, today, threshold };
    let appealable = ids(
        &tx,
        "SELECT id FROM work_item WHERE queue = 'denials' AND appealable = 1 AND suggested_path = 'appeal'
         AND amount_cents >= ?1 AND appeal_deadline >= ?2 ORDER BY priority DESC, id LIMIT 12",
        rusqlite::params![threshold.cents() * 4, today.to_string()],
    )?;
    let appeal = Decision::Appeal { note: String::new(), force: String::new() };
    for (i, id) in appealable.iter().enumerate() {
        let started = 24 - i as i64;
        w.on(started, &[*id], &appeal)?;
        match i {
            0..=2 => {}
            3..=5 => {
                w.packet_all(*id, started - 1)?;
                w.letter(*id, started - 1)?;
                w.submit(*id, started - 2, if i == 4 { SubmitMethod::Mail } else { SubmitMethod::Portal })?;
            }
            6..=8 => {
                w.packet_all(*id, started - 1)?;
                w.letter(*id, started - 1)?;
                w.submit(*id, started - 1, SubmitMethod::Fax)?;
                match i {
                    6 => w.outcome(*id, 2, AppealOutcome::Upheld, Cents::ZERO)?,
                    7 => w.outcome(*id, 3, AppealOutcome::InfoRequested, Cents::ZERO)?,
                    _ => {
                        let amount = ids(&tx, "SELECT amount_cents FROM work_item WHERE id = ?1", [*id])?;
                        w.outcome(*id, 1, AppealOutcome::Overturned, Cents(amount.first().copied().unwrap_or(0)))?
                    }
                }
            }
            _ => w.packet_all(*id, started - 1)?,
        }
    }
    let rejections =
        ids(&tx, "SELECT id FROM work_item WHERE queue = 'rejections' ORDER BY priority DESC, id LIMIT 4", [])?;
    let fix = Decision::Fix {
        fields: vec!["member_id".into()],
        note: "card on file re-verified".into(),
        force: String::new(),
    };
    w.on(1, &rejections, &fix)?;
    let small = ids(
        &tx,
        "SELECT id FROM work_item WHERE queue = 'denials' AND state = 'open' AND amount_cents < ?1 ORDER BY id LIMIT 25",
        [threshold.cents()],
    )?;
    w.on(5, &small, &Decision::Close { reason: BELOW_THRESHOLD.into(), note: String::new() })?;
    let late = ids(
        &tx,
        "SELECT id FROM work_item WHERE queue = 'denials' AND appealable = 0 AND carc = '29' ORDER BY id LIMIT 3",
        [],
    )?;
    w.on(3, &late, &Decision::Close { reason: "timely_filing".into(), note: String::new() })?;
    let owners = ids(&tx, "SELECT id FROM work_item WHERE queue = 'denials' ORDER BY priority DESC LIMIT 6", [])?;
    for (i, id) in owners.iter().enumerate() {
        let owner = ["dana", "lee", "sam"][i % 3];
        w.on(0, &[*id], &Decision::Assign { owner: Some(owner.into()) })?;
    }
    // Decisions dated in the past scored urgency as of their day: bring them to today.
    let mut stmt =
        tx.prepare("SELECT DISTINCT due_date FROM work_item WHERE decided_on IS NOT NULL OR owner IS NOT NULL")?;
    let dues: Vec<Option<chrono::NaiveDate>> = stmt
        .query_map([], |r| r.get::<_, Option<String>>(0))?
        .map(|d| d.map(|d| d.and_then(|s| s.parse().ok())))
        .collect::<Result<_, _>>()?;
    drop(stmt);
    for due in dues {
        crate::store::priorities::rescore_step(&tx, crate::store::priorities::Step::Due(due), today, threshold)?;
    }
    tx.commit()?;
    Ok(())
}
