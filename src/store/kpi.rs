//! Counts behind the KPIs for a period (see `domain::kpi` for the definitions).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::kpi::{
    BillerDays, CategoryAppeals, KpiCounts, PayerCounts, UNANSWERED_AGES, WeekRate, aging_bucket,
};
use crate::domain::money::Cents;
use crate::domain::rca::Tally;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;

type Res<T> = Result<T, StoreError>;

/// Everything for `from..=to`; open A/R is today's, aged as of today.
pub fn counts(conn: &Connection, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Res<KpiCounts> {
    let mut c = adjudicated(conn, from, to)?;
    let (f, t) = (from.to_string(), to.to_string());
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(s.effect = 'accept'), 0) FROM claim_status s
         WHERE s.status_date BETWEEN ?1 AND ?2 AND s.source = '277CA' AND s.effect IN ('accept', 'reject')
           AND s.id = (SELECT min(p.id) FROM claim_status p
                       WHERE p.pcn = s.pcn AND p.source = '277CA' AND p.effect IN ('accept', 'reject'))",
    )?
    .query_row(params![f, t], |r| {
        c.acknowledged = r.get::<_, i64>(0)? as u64;
        c.first_pass = r.get::<_, i64>(1)? as u64;
        Ok(())
    })?;
    appeals(conn, &mut c, &f, &t)?;
    // Net collection rate: every 835 claim remitted in the period (reversals net their
    // originals out), and the contractual adjustments recorded at import (the claim rollup).
    conn.prepare_cached(
        "SELECT coalesce(sum(paid_cents), 0), coalesce(sum(charge_cents), 0), coalesce(sum(contractual_cents), 0)
         FROM claim_day WHERE remit_date BETWEEN ?1 AND ?2",
    )?
    .query_row(params![f, t], |r| {
        c.payments = Cents(r.get(0)?);
        c.remitted_charges = Cents(r.get(1)?);
        c.contractual = Cents(r.get(2)?);
        Ok(())
    })?;
    // Denial dollars written off in the period (by the day they were closed), from the rollup.
    conn.prepare_cached(
        "SELECT coalesce(sum(items), 0), coalesce(sum(amount_cents), 0) FROM writeoff_day
         WHERE kind = 'denial' AND closed_on BETWEEN ?1 AND ?2",
    )?
    .query_row(params![f, t], |r| {
        c.written_off_in_period = Tally { count: r.get::<_, i64>(0)? as u64, cents: Cents(r.get(1)?) };
        Ok(())
    })?;
    // Decision speed, resolution and the period's outcomes from the work rollup (denials by the
    // day they were opened): a row a day, whatever the number of items.
    let judged = (today - Duration::days(30)).to_string();
    conn.prepare_cached(
        "SELECT coalesce(sum(decided), 0), coalesce(sum(decision_days), 0), coalesce(sum(resolved), 0),
                coalesce(sum(resolution_days), 0), coalesce(sum(CASE WHEN opened_on <= ?3 THEN items END), 0),
                coalesce(sum(CASE WHEN opened_on <= ?3 THEN within_30 END), 0), coalesce(sum(recovered_cents), 0),
                coalesce(sum(written_off_cents), 0)
         FROM work_day WHERE opened_on BETWEEN ?1 AND ?2",
    )?
    .query_row(params![f, t, judged], |r| {
        c.decided = r.get::<_, i64>(0)? as u64;
        c.decision_days = r.get(1)?;
        c.resolved = r.get::<_, i64>(2)? as u64;
        c.resolution_days = r.get(3)?;
        c.judged_30 = r.get::<_, i64>(4)? as u64;
        c.within_30 = r.get::<_, i64>(5)? as u64;
        c.recovered = Cents(r.get(6)?);
        c.written_off = Cents(r.get(7)?);
        Ok(())
    })?;
    aging(conn, &mut c, today)?;
    billers(conn, &mut c, from, to)?;
    underpaid(conn, &mut c, &f, &t)?;
    inventory(conn, &mut c, from, to)?;
    Ok(c)
}

/// Adjudicated claims (remit dates in the period) and the denied ones among them, overall, by
/// payer and by week; the other counts are left at zero.
pub fn adjudicated(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Res<KpiCounts> {
    let mut c = KpiCounts::empty(from, to);
    // Each claim once, as its first remit adjudicated it (fixed at import): later fixes,
    // appeals, reversals and corrections never rewrite a past period. Read from the claim
    // rollup: a few rows a day, whatever the number of claims.
    let sql = "SELECT d.remit_date, coalesce(p.name, ''), sum(d.initial), sum(d.initial_charge_cents),
                      sum(d.initial_denied), sum(d.initial_denied_cents)
               FROM claim_day d LEFT JOIN payer p ON p.id = d.payer_id
               WHERE d.remit_date BETWEEN ?1 AND ?2
               GROUP BY 1, 2 HAVING sum(d.initial) > 0";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)? as u64,
            Cents(r.get(3)?),
            r.get::<_, i64>(4)? as u64,
            Cents(r.get(5)?),
        ))
    })?;
    let mut payers: BTreeMap<String, PayerCounts> = BTreeMap::new();
    let mut weeks: BTreeMap<Week, WeekRate> = BTreeMap::new();
    for row in rows {
        let (day, payer, n, charged, denied, denied_cents) = row?;
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
fn appeals(conn: &Connection, c: &mut KpiCounts, f: &str, t: &str) -> Res<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT payer_name, category, sum(decided), sum(won) FROM appeal_day
         WHERE outcome_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 HAVING sum(decided) <> 0",
    )?;
    let rows = stmt.query_map(params![f, t], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, RootCause>(1)?, r.get::<_, i64>(2)? as u64, r.get::<_, i64>(3)? as u64))
    })?;
    let mut categories: BTreeMap<RootCause, CategoryAppeals> = BTreeMap::new();
    for row in rows {
        let (payer, category, decided, won) = row?;
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
fn aging(conn: &Connection, c: &mut KpiCounts, as_of: NaiveDate) -> Res<()> {
    let mut stmt = conn.prepare_cached("SELECT age_from, items, amount_cents FROM open_day WHERE items <> 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (from, items, cents) = row?;
        let age = from.parse::<NaiveDate>().map_or(0, |d| (as_of - d).num_days());
        let t = &mut c.aging[aging_bucket(age)];
        t.count += items as u64;
        t.cents += Cents(cents);
    }
    Ok(())
}

/// Decisions per biller and the days they decided on, from the rollup kept as decision events
/// are appended.
fn billers(conn: &Connection, c: &mut KpiCounts, from: NaiveDate, to: NaiveDate) -> Res<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT actor, sum(decisions), count(*) FROM biller_day WHERE day BETWEEN ?1 AND ?2
         GROUP BY actor ORDER BY 2 DESC, 1",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok(BillerDays { biller: r.get(0)?, decisions: r.get::<_, i64>(1)? as u64, days: r.get::<_, i64>(2)? as u64 })
    })?;
    c.billers = rows.collect::<Result<_, _>>()?;
    Ok(())
}

/// Submitted claims answered in the period (days from submission) and those without a remit
/// at its end.
fn inventory(conn: &Connection, c: &mut KpiCounts, from: NaiveDate, to: NaiveDate) -> Res<()> {
    c.inventory_on_file = super::submitted::any(conn)?;
    if !c.inventory_on_file {
        return Ok(());
    }
    let (f, t, month) = (from.to_string(), to.to_string(), (to - Duration::days(30)).to_string());
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(CAST(julianday(remitted_on) - julianday(submitted_on) AS INTEGER)), 0)
         FROM submitted_claim WHERE remitted_on BETWEEN ?1 AND ?2",
    )?
    .query_row(params![f, t], |r| {
        c.remitted_submitted = r.get::<_, i64>(0)? as u64;
        c.submission_days = r.get(1)?;
        Ok(())
    })?;
    conn.prepare_cached(
        "SELECT count(*), count(*) FILTER (WHERE submitted_on < ?2) FROM submitted_claim
         WHERE submitted_on <= ?1 AND (remitted_on IS NULL OR remitted_on > ?1)",
    )?
    .query_row(params![t, month], |r| {
        c.unanswered = r.get::<_, i64>(0)? as u64;
        c.unanswered_over_30 = r.get::<_, i64>(1)? as u64;
        Ok(())
    })?;
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(julianday(?1) - julianday(submitted_on) AS INTEGER), count(*), sum(charge_cents)
         FROM submitted_claim WHERE submitted_on <= ?1 AND (remitted_on IS NULL OR remitted_on > ?1) GROUP BY 1",
    )?;
    let ages = stmt.query_map([&t], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for age in ages {
        let (days, n, cents) = age?;
        let bucket = UNANSWERED_AGES.iter().position(|(_, max)| days <= *max).unwrap_or(UNANSWERED_AGES.len() - 1);
        c.unanswered_by_age[bucket].merge(Tally { count: n as u64, cents: Cents(cents) });
    }
    // The denominator from the 837s only where they are the practice's inventory for the
    // period: they reach back to its first day and hold at least 90% of the claims its remits
    // adjudicated (a practice threshold; below it the rate stays on remits and says so).
    let first: Option<String> = conn.query_row("SELECT min(submitted_on) FROM submitted_claim", [], |r| r.get(0))?;
    let covered = c.claims > 0 && c.remitted_submitted * 10 >= c.claims * 9;
    if covered && first.is_some_and(|d| d <= f) {
        conn.prepare_cached(
            "SELECT count(*), coalesce(sum(charge_cents), 0) FROM submitted_claim
             WHERE submitted_on BETWEEN ?1 AND ?2 AND frequency = '1'",
        )?
        .query_row(params![f, t], |r| {
            c.submitted = Some(Tally { count: r.get::<_, i64>(0)? as u64, cents: Cents(r.get(1)?) });
            Ok(())
        })?;
    }
    Ok(())
}

/// Underpayments found (opened) and recovered (closed as paid) in the period, through the
/// partial indexes schema v9 keeps for them.
fn underpaid(conn: &Connection, c: &mut KpiCounts, from: &str, to: &str) -> Res<()> {
    c.rates_on_file = super::fee_rates::any(conn)?;
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(denied_cents), 0) FROM work_item INDEXED BY work_underpaid_opened
         WHERE kind = 'underpayment' AND opened_on BETWEEN ?1 AND ?2",
    )?
    .query_row(params![from, to], |r| {
        c.underpaid_found = Tally { count: r.get::<_, i64>(0)? as u64, cents: Cents(r.get(1)?) };
        Ok(())
    })?;
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(recovered_cents), 0) FROM work_item INDEXED BY work_underpaid_closed
         WHERE kind = 'underpayment' AND state = 'resolved' AND closed_on BETWEEN ?1 AND ?2",
    )?
    .query_row(params![from, to], |r| {
        c.underpaid_recovered = Tally { count: r.get::<_, i64>(0)? as u64, cents: Cents(r.get(1)?) };
        Ok(())
    })?;
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
