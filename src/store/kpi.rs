//! Counts behind the KPIs for a period (see `domain::kpi` for the definitions).

use std::collections::BTreeMap;

use super::StoreError;
use super::db::{Conn, Dialect};
use crate::domain::kpi::{
    BillerDays, CategoryAppeals, KpiCounts, PayerCounts, UNANSWERED_AGES, WeekRate, aging_bucket,
};
use crate::domain::money::Cents;
use crate::domain::rca::Tally;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;
use chrono::{Duration, NaiveDate};

type Res<T> = Result<T, StoreError>;

/// Everything for `from..=to`; open A/R is today's, aged as of today.
pub fn counts<'a>(db: impl Into<Conn<'a>>, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Res<KpiCounts> {
    let db = db.into();
    let mut c = adjudicated(db, from, to)?;
    let (f, t) = (from.to_string(), to.to_string());
    (c.acknowledged, c.first_pass) = db.query_row(
        "SELECT count(*), coalesce(sum(CASE WHEN s.effect = 'accept' THEN 1 ELSE 0 END), 0) FROM claim_status s
         WHERE s.status_date BETWEEN ?1 AND ?2 AND s.source = '277CA' AND s.effect IN ('accept', 'reject')
           AND s.id = (SELECT min(p.id) FROM claim_status p
                       WHERE p.pcn = s.pcn AND p.source = '277CA' AND p.effect IN ('accept', 'reject'))",
        &[&f, &t],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    appeals(db, &mut c, &f, &t)?;
    // Net collection rate: every 835 claim remitted in the period (reversals net their
    // originals out), and the contractual adjustments recorded at import (the claim rollup).
    (c.payments, c.remitted_charges, c.contractual) = db.query_row(
        "SELECT coalesce(sum(paid_cents), 0), coalesce(sum(charge_cents), 0), coalesce(sum(contractual_cents), 0)
         FROM claim_day WHERE remit_date BETWEEN ?1 AND ?2",
        &[&f, &t],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Denial dollars written off in the period (by the day they were closed), from the rollup.
    c.written_off_in_period = db.query_row(
        "SELECT coalesce(sum(items), 0), coalesce(sum(amount_cents), 0) FROM writeoff_day
         WHERE kind = 'denial' AND closed_on BETWEEN ?1 AND ?2",
        &[&f, &t],
        |r| Ok(Tally { count: r.get(0)?, cents: r.get(1)? }),
    )?;
    // Decision speed, resolution and the period's outcomes from the work rollup (denials by the
    // day they were opened): a row a day, whatever the number of items.
    let judged = (today - Duration::days(30)).to_string();
    db.query_row(
        "SELECT coalesce(sum(decided), 0), coalesce(sum(decision_days), 0), coalesce(sum(resolved), 0),
                coalesce(sum(resolution_days), 0), coalesce(sum(CASE WHEN opened_on <= ?3 THEN items END), 0),
                coalesce(sum(CASE WHEN opened_on <= ?3 THEN within_30 END), 0), coalesce(sum(recovered_cents), 0),
                coalesce(sum(written_off_cents), 0)
         FROM work_day WHERE opened_on BETWEEN ?1 AND ?2",
        &[&f, &t, &judged],
        |r| {
            c.decided = r.get(0)?;
            c.decision_days = r.get(1)?;
            c.resolved = r.get(2)?;
            c.resolution_days = r.get(3)?;
            c.judged_30 = r.get(4)?;
            c.within_30 = r.get(5)?;
            c.recovered = r.get(6)?;
            c.written_off = r.get(7)?;
            Ok(())
        },
    )?;
    aging(db, &mut c, today)?;
    billers(db, &mut c, from, to)?;
    underpaid(db, &mut c, &f, &t)?;
    inventory(db, &mut c, from, to)?;
    Ok(c)
}

/// Adjudicated claims (remit dates in the period) and the denied ones among them, overall, by
/// payer and by week; the other counts are left at zero.
pub fn adjudicated<'a>(db: impl Into<Conn<'a>>, from: NaiveDate, to: NaiveDate) -> Res<KpiCounts> {
    let mut c = KpiCounts::empty(from, to);
    // Each claim once, as its first remit adjudicated it (fixed at import): later fixes,
    // appeals, reversals and corrections never rewrite a past period. Read from the claim
    // rollup: a few rows a day, whatever the number of claims.
    let sql = "SELECT d.remit_date, coalesce(p.name, ''), sum(d.initial), sum(d.initial_charge_cents),
                      sum(d.initial_denied), sum(d.initial_denied_cents)
               FROM claim_day d LEFT JOIN payer p ON p.id = d.payer_id
               WHERE d.remit_date BETWEEN ?1 AND ?2
               GROUP BY 1, 2 HAVING sum(d.initial) > 0";
    let rows = db.into().query_map(sql, &[&from, &to], |r| {
        Ok((
            r.get::<String, _>(0)?,
            r.get::<String, _>(1)?,
            r.get::<u64, _>(2)?,
            r.get::<Cents, _>(3)?,
            r.get::<u64, _>(4)?,
            r.get::<Cents, _>(5)?,
        ))
    })?;
    let mut payers: BTreeMap<String, PayerCounts> = BTreeMap::new();
    let mut weeks: BTreeMap<Week, WeekRate> = BTreeMap::new();
    for (day, payer, n, charged, denied, denied_cents) in rows {
        c.claims += n;
        c.charged += charged;
        c.denied += denied;
        c.denied_cents += denied_cents;
        let p = payers.entry(payer.clone()).or_insert_with(|| PayerCounts { payer, ..Default::default() });
        p.claims += n;
        p.charged += charged;
        p.denied += denied;
        p.denied_cents += denied_cents;
        if let Ok(d) = day.parse::<NaiveDate>() {
            let week = Week::containing(d);
            let w = weeks.entry(week).or_insert(WeekRate { week, claims: 0, denied: 0 });
            w.claims += n;
            w.denied += denied;
        }
    }
    c.by_payer = payers.into_values().collect();
    c.weeks = weeks.into_values().collect();
    Ok(c)
}

/// Appeal decisions in the period, by payer and root cause.
fn appeals(db: Conn<'_>, c: &mut KpiCounts, f: &str, t: &str) -> Res<()> {
    let rows = db.query_map(
        "SELECT payer_name, category, sum(decided), sum(won) FROM appeal_day
         WHERE outcome_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 HAVING sum(decided) <> 0",
        &[&f, &t],
        |r| Ok((r.get::<String, _>(0)?, r.get::<RootCause, _>(1)?, r.get::<u64, _>(2)?, r.get::<u64, _>(3)?)),
    )?;
    let mut categories: BTreeMap<RootCause, CategoryAppeals> = BTreeMap::new();
    for (payer, category, decided, won) in rows {
        c.appeals_decided += decided;
        c.appeals_won += won;
        match c.by_payer.iter_mut().find(|p| p.payer == payer) {
            Some(p) => {
                p.appeals_decided += decided;
                p.appeals_won += won;
            }
            None => {
                c.by_payer.push(PayerCounts { payer, appeals_decided: decided, appeals_won: won, ..Default::default() })
            }
        }
        let e = categories.entry(category).or_insert(CategoryAppeals { category, decided: 0, won: 0 });
        e.decided += decided;
        e.won += won;
    }
    c.by_payer.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.payer.cmp(&b.payer)));
    c.by_category = categories.into_values().collect();
    c.by_category.sort_by(|a, b| b.decided.cmp(&a.decided).then(a.category.cmp(&b.category)));
    Ok(())
}

/// Open items' dollars by days since the date of service (the day opened when there is none),
/// from the open-work rollup: a row per day.
fn aging(db: Conn<'_>, c: &mut KpiCounts, as_of: NaiveDate) -> Res<()> {
    let rows = db.query_map("SELECT age_from, items, amount_cents FROM open_day WHERE items <> 0", &[], |r| {
        Ok((r.get::<String, _>(0)?, r.get::<i64, _>(1)?, r.get::<Cents, _>(2)?))
    })?;
    for (from, items, cents) in rows {
        let age = from.parse::<NaiveDate>().map_or(0, |d| (as_of - d).num_days());
        let t = &mut c.aging[aging_bucket(age)];
        t.count += items as u64;
        t.cents += cents;
    }
    Ok(())
}

/// Decisions per biller and the days they decided on, from the rollup kept as decision events
/// are appended.
fn billers(db: Conn<'_>, c: &mut KpiCounts, from: NaiveDate, to: NaiveDate) -> Res<()> {
    c.billers = db.query_map(
        "SELECT actor, sum(decisions), count(*) FROM biller_day WHERE day BETWEEN ?1 AND ?2
         GROUP BY actor ORDER BY 2 DESC, 1",
        &[&from, &to],
        |r| Ok(BillerDays { biller: r.get(0)?, decisions: r.get(1)?, days: r.get(2)? }),
    )?;
    Ok(())
}

/// Submitted claims answered in the period (days from submission) and those without a remit
/// at its end.
fn inventory(db: Conn<'_>, c: &mut KpiCounts, from: NaiveDate, to: NaiveDate) -> Res<()> {
    c.inventory_on_file = super::submitted::any(db)?;
    if !c.inventory_on_file {
        return Ok(());
    }
    let (f, t, month) = (from.to_string(), to.to_string(), (to - Duration::days(30)).to_string());
    // Days between two ISO dates, in each dialect.
    let (remit_days, age_days) = match db.dialect() {
        Dialect::Sqlite => (
            "CAST(julianday(remitted_on) - julianday(submitted_on) AS INTEGER)",
            "CAST(julianday(?1) - julianday(submitted_on) AS INTEGER)",
        ),
        Dialect::Postgres => ("(remitted_on::date - submitted_on::date)", "(?1::text::date - submitted_on::date)"),
    };
    (c.remitted_submitted, c.submission_days) = db.query_row(
        &format!(
            "SELECT count(*), coalesce(sum({remit_days}), 0) FROM submitted_claim WHERE remitted_on BETWEEN ?1 AND ?2"
        ),
        &[&f, &t],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    (c.unanswered, c.unanswered_over_30) = db.query_row(
        "SELECT count(*), count(*) FILTER (WHERE submitted_on < ?2) FROM submitted_claim
         WHERE submitted_on <= ?1 AND (remitted_on IS NULL OR remitted_on > ?1)",
        &[&t, &month],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let ages = db.query_map(
        &format!(
            "SELECT {age_days}, count(*), sum(charge_cents)
             FROM submitted_claim WHERE submitted_on <= ?1 AND (remitted_on IS NULL OR remitted_on > ?1) GROUP BY 1"
        ),
        &[&t],
        |r| Ok((r.get::<i64, _>(0)?, r.get::<u64, _>(1)?, r.get::<Cents, _>(2)?)),
    )?;
    for (days, n, cents) in ages {
        let bucket = UNANSWERED_AGES.iter().position(|(_, max)| days <= *max).unwrap_or(UNANSWERED_AGES.len() - 1);
        c.unanswered_by_age[bucket].merge(Tally { count: n, cents });
    }
    // The denominator from the 837s only where they are the practice's inventory for the
    // period: they reach back to its first day and hold at least 90% of the claims its remits
    // adjudicated (a practice threshold; below it the rate stays on remits and says so).
    let first: Option<String> = db.query_row("SELECT min(submitted_on) FROM submitted_claim", &[], |r| r.get(0))?;
    let covered = c.claims > 0 && c.remitted_submitted * 10 >= c.claims * 9;
    if covered && first.is_some_and(|d| d <= f) {
        c.submitted = Some(db.query_row(
            "SELECT count(*), coalesce(sum(charge_cents), 0) FROM submitted_claim
             WHERE submitted_on BETWEEN ?1 AND ?2 AND frequency = '1'",
            &[&f, &t],
            |r| Ok(Tally { count: r.get(0)?, cents: r.get(1)? }),
        )?);
    }
    Ok(())
}

/// Underpayments found (opened) and recovered (closed as paid) in the period, through the
/// partial indexes schema v9 keeps for them (SQLite is told which; PostgreSQL's planner finds
/// them).
fn underpaid(db: Conn<'_>, c: &mut KpiCounts, from: &str, to: &str) -> Res<()> {
    c.rates_on_file = super::fee_rates::any(db)?;
    let (opened, closed) = match db.dialect() {
        Dialect::Sqlite => ("INDEXED BY work_underpaid_opened", "INDEXED BY work_underpaid_closed"),
        Dialect::Postgres => ("", ""),
    };
    c.underpaid_found = db.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(denied_cents), 0) FROM work_item {opened}
             WHERE kind = 'underpayment' AND opened_on BETWEEN ?1 AND ?2"
        ),
        &[&from, &to],
        |r| Ok(Tally { count: r.get(0)?, cents: r.get(1)? }),
    )?;
    c.underpaid_recovered = db.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(recovered_cents), 0) FROM work_item {closed}
             WHERE kind = 'underpayment' AND state = 'resolved' AND closed_on BETWEEN ?1 AND ?2"
        ),
        &[&from, &to],
        |r| Ok(Tally { count: r.get(0)?, cents: r.get(1)? }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The decisions that count toward a biller's day: the rollup's trigger and rebuild name
    /// the same event actions as the decisions themselves.
    #[test]
    fn the_biller_rollup_counts_the_decisions() {
        use crate::domain::decision::Decision;
        let list = ["fix", "appeal", "close", "submit", "outcome"];
        let sql = format!("action IN ({})", list.map(|a| format!("'{a}'")).join(", "));
        assert_eq!(include_str!("schema_v6.sql").matches(&sql).count(), 1);
        assert_eq!(include_str!("work_day.sql").matches(&sql).count(), 1);
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let decisions = [
            Decision::Fix { fields: vec![], note: String::new(), force: String::new() },
            Decision::Appeal { note: String::new(), force: String::new() },
            Decision::Close { reason: String::new(), note: String::new() },
            Decision::Submit {
                method: crate::domain::appeal::SubmitMethod::Portal,
                on: d,
                confirmation: String::new(),
                override_reason: String::new(),
            },
            Decision::Outcome {
                outcome: crate::domain::appeal::AppealOutcome::Upheld,
                on: d,
                paid: crate::domain::money::Cents(0),
                info_due: None,
                note: String::new(),
            },
        ];
        assert_eq!(decisions.map(|d| d.action()), list);
    }
}
