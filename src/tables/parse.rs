//! One parser per table file. Each returns the rows as domain structs or a named error.

use crate::domain::FastMap;
use std::collections::HashMap;

use super::csv_rows::{Row, TableError, TableText, one_of, read_table, read_table_with};
use crate::domain::code::{Carc, StatusCode, StcCategory};
use crate::domain::deadlines::{DeadlineRule, Period, Window};
use crate::domain::tables::{CategoryInfo, PayerRule, PlanDefaults, StatusCodeInfo, StcCategoryInfo};
use crate::domain::vocab::{ClockStart, Path, PlanType, RootCause, StcEffect, Team, WorkType};

pub(super) fn cat(row: &Row<'_>, column: &str) -> Result<RootCause, TableError> {
    row.parsed(column, RootCause::parse, &one_of(RootCause::ALL.iter().map(|v| v.as_str())))
}

pub(super) fn opt_cat(row: &Row<'_>, column: &str) -> Result<Option<RootCause>, TableError> {
    row.opt_parsed(column, RootCause::parse, &one_of(RootCause::ALL.iter().map(|v| v.as_str())))
}

pub(super) fn team(row: &Row<'_>) -> Result<Team, TableError> {
    row.parsed("team", Team::parse, &one_of(Team::ALL.iter().map(|v| v.as_str())))
}

pub(super) fn work_type(row: &Row<'_>) -> Result<WorkType, TableError> {
    row.parsed("work_type", WorkType::parse, &one_of(WorkType::ALL.iter().map(|v| v.as_str())))
}

pub(super) fn path(row: &Row<'_>, column: &str) -> Result<Option<Path>, TableError> {
    row.opt_parsed(column, Path::parse, "fix, appeal or close")
}

fn period(row: &Row<'_>, column: &str) -> Result<Option<Period>, TableError> {
    row.opt_parsed(column, Period::parse, "a period such as 90d or 12m")
}

fn clock(row: &Row<'_>) -> Result<Option<ClockStart>, TableError> {
    row.opt_parsed("appeal_from", ClockStart::parse, "remit or service")
}

fn days(row: &Row<'_>) -> Result<Option<u32>, TableError> {
    row.opt_parsed("mail_days", |t| t.parse::<u32>().ok().filter(|d| *d <= 60), "a number of days 0-60")
}

fn followup(row: &Row<'_>, column: &str) -> Result<Option<u32>, TableError> {
    row.opt_parsed(column, |t| t.parse::<u32>().ok().filter(|d| (1..=365).contains(d)), "a number of days 1-365")
}

/// Collects rows into a map keyed by code, refusing a code listed twice.
pub(super) fn keyed<K: std::hash::Hash + Eq + Copy + std::fmt::Display, V>(
    t: &TableText<'_>,
    key: impl Fn(&Row<'_>) -> Result<K, TableError>,
    value: impl Fn(&Row<'_>, K) -> Result<V, TableError>,
) -> Result<FastMap<K, V>, TableError> {
    let mut out = FastMap::with_capacity_and_hasher(t.rows.len(), Default::default());
    for row in &t.rows {
        let k = key(row)?;
        if out.insert(k, value(row, k)?).is_some() {
            return Err(row.error("code", format!("{k} is listed twice")));
        }
    }
    Ok(out)
}

pub(super) type Parsed<T> = Result<(String, T), TableError>;

/// `code,label` tables (group codes, CLP02 statuses).
pub fn labels(file: &str, text: &str) -> Parsed<HashMap<String, String>> {
    let t = read_table(file, text, &["code", "label"])?;
    let mut out = HashMap::new();
    for r in &t.rows {
        out.insert(r.required("code")?.to_ascii_uppercase(), r.required("label")?.to_string());
    }
    Ok((t.version, out))
}

pub fn stc_categories(file: &str, text: &str) -> Parsed<FastMap<StcCategory, StcCategoryInfo>> {
    let t = read_table(file, text, &["code", "effect", "label"])?;
    let effects = one_of(StcEffect::ALL.iter().map(|v| v.as_str()));
    let map = keyed(
        &t,
        |r| r.code("code").map(StcCategory),
        |r, code| {
            Ok(StcCategoryInfo {
                code,
                effect: r.parsed("effect", StcEffect::parse, &effects)?,
                label: r.required("label")?.to_string(),
            })
        },
    )?;
    Ok((t.version, map))
}

pub fn status_codes(file: &str, text: &str) -> Parsed<FastMap<StatusCode, StatusCodeInfo>> {
    let t = read_table(file, text, &["code", "category", "entity_dependent", "label"])?;
    let map = keyed(
        &t,
        |r| r.code("code").map(StatusCode),
        |r, code| {
            Ok(StatusCodeInfo {
                code,
                category: cat(r, "category")?,
                entity_dependent: r.yes_no("entity_dependent")?,
                label: r.required("label")?.to_string(),
            })
        },
    )?;
    Ok((t.version, map))
}

pub fn entities(file: &str, text: &str) -> Parsed<HashMap<String, (String, RootCause)>> {
    let t = read_table(file, text, &["code", "category", "label"])?;
    let mut out = HashMap::new();
    for r in &t.rows {
        out.insert(r.code("code")?.as_str().to_string(), (r.required("label")?.to_string(), cat(r, "category")?));
    }
    Ok((t.version, out))
}

pub fn categories(file: &str, text: &str) -> Parsed<FastMap<RootCause, CategoryInfo>> {
    let t = read_table(file, text, &["category", "label", "team", "work_type", "recoverability", "upstream_fix"])?;
    let map = keyed(
        &t,
        |r| cat(r, "category"),
        |r, category| {
            Ok(CategoryInfo {
                category,
                label: r.required("label")?.to_string(),
                team: team(r)?,
                work_type: work_type(r)?,
                recoverability: r.parsed(
                    "recoverability",
                    |t| t.parse::<u32>().ok().filter(|n| *n <= 1000),
                    "0-1000 (per mille)",
                )?,
                upstream_fix: r.required("upstream_fix")?.to_string(),
            })
        },
    )?;
    if let Some(missing) = RootCause::ALL.iter().find(|c| !map.contains_key(c)) {
        return Err(TableError {
            file: file.into(),
            line: None,
            column: None,
            reason: format!("category {missing} has no row"),
        });
    }
    Ok((t.version, map))
}

/// A window from an aim column and its `_last` column. In `plan-types.csv` a blank last means
/// no source publishes an outer limit.
fn window(r: &Row<'_>, aim: &str) -> Result<Window, TableError> {
    let last = format!("{aim}_last");
    let aim_p = period(r, aim)?.ok_or_else(|| r.error(aim, "is empty"))?;
    Ok(Window { aim: aim_p, last: period(r, &last)? })
}

pub fn plan_types(file: &str, text: &str) -> Parsed<Vec<PlanDefaults>> {
    const COLS: &[&str] = &[
        "plan_type",
        "label",
        "filing_codes",
        "filing_limit",
        "filing_limit_last",
        "appeal_window",
        "appeal_window_last",
        "appeal_from",
        "mail_days",
        "roll_forward",
        "reopening",
        "not_appealable",
        "source",
    ];
    let t = read_table(file, text, COLS)?;
    let mut out: Vec<PlanDefaults> = Vec::new();
    for r in &t.rows {
        let plan_type = r.parsed("plan_type", PlanType::parse, &one_of(PlanType::ALL.iter().map(|v| v.as_str())))?;
        let not_appealable = r
            .text("not_appealable")
            .split_whitespace()
            .map(|c| Carc::new(c).ok_or_else(|| r.error("not_appealable", format!("'{c}' is not a CARC"))))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(PlanDefaults {
            plan_type,
            label: r.required("label")?.to_string(),
            filing_codes: r.text("filing_codes").split_whitespace().map(str::to_string).collect(),
            rule: DeadlineRule {
                filing: window(r, "filing_limit")?,
                appeal: window(r, "appeal_window")?,
                appeal_from: clock(r)?.unwrap_or(ClockStart::Remit),
                mail_days: days(r)?.unwrap_or(0),
                roll_forward: r.yes_no("roll_forward")?,
                reopening: period(r, "reopening")?,
            },
            not_appealable,
            source: r.text("source").to_string(),
        });
    }
    if let Some(missing) = PlanType::ALL.iter().find(|p| !out.iter().any(|d| d.plan_type == **p)) {
        return Err(TableError {
            file: file.into(),
            line: None,
            column: None,
            reason: format!("plan type {missing} has no row"),
        });
    }
    Ok((t.version, out))
}

/// `payers.csv` before 2026.12 (one period per window, no roll or source columns): still read,
/// its periods taken as the contract's exact terms.
const PAYERS_V1: &[&str] = &[
    "key",
    "payer_id",
    "name_contains",
    "plan_type",
    "filing_limit",
    "appeal_window",
    "appeal_from",
    "mail_days",
    "note",
];
const PAYERS: &[&str] = &[
    "key",
    "payer_id",
    "name_contains",
    "plan_type",
    "filing_limit",
    "filing_limit_last",
    "appeal_window",
    "appeal_window_last",
    "appeal_from",
    "mail_days",
    "roll_forward",
    "note",
    "source",
];
/// Added in 2026.11 for appeals (follow-up days), 2026.12 for PDF letters (the appeal address)
/// and the claim inventory (how long a submitted claim waits for each answer): files written
/// before still read.
const FOLLOWUP: &[&str] =
    &["followup_portal_days", "followup_mail_days", "appeal_address", "ack_wait_days", "remit_wait_days"];

/// An address cell: lines separated by `|`.
fn address_lines(cell: &str) -> Vec<String> {
    cell.split('|').map(|l| crate::text::flatten(l).trim().to_string()).filter(|l| !l.is_empty()).collect()
}

pub fn payers(file: &str, text: &str) -> Parsed<Vec<PayerRule>> {
    let (t, v1) = match read_table_with(file, text, PAYERS, FOLLOWUP) {
        Ok(t) => (t, false),
        Err(new_err) => match read_table_with(file, text, PAYERS_V1, FOLLOWUP) {
            Ok(t) => (t, true),
            Err(_) => return Err(new_err),
        },
    };
    let mut out = Vec::new();
    for r in &t.rows {
        let (filing_limit, appeal_window) = (period(r, "filing_limit")?, period(r, "appeal_window")?);
        let (filing_limit_last, appeal_window_last) = if v1 {
            (filing_limit, appeal_window)
        } else {
            (period(r, "filing_limit_last")?, period(r, "appeal_window_last")?)
        };
        let roll_forward = if r.text("roll_forward").is_empty() { None } else { Some(r.yes_no("roll_forward")?) };
        let rule = PayerRule {
            key: r.required("key")?.to_string(),
            payer_ids: r.text("payer_id").split_whitespace().map(str::to_string).collect(),
            name_contains: r.opt_text("name_contains"),
            plan_type: r.opt_parsed("plan_type", PlanType::parse, &one_of(PlanType::ALL.iter().map(|v| v.as_str())))?,
            filing_limit,
            filing_limit_last,
            appeal_window,
            appeal_window_last,
            appeal_from: clock(r)?,
            mail_days: days(r)?,
            roll_forward,
            note: r.text("note").to_string(),
            source: r.text("source").to_string(),
            followup_portal_days: followup(r, "followup_portal_days")?,
            followup_mail_days: followup(r, "followup_mail_days")?,
            appeal_address: address_lines(r.text("appeal_address")),
            ack_wait_days: followup(r, "ack_wait_days")?,
            remit_wait_days: followup(r, "remit_wait_days")?,
        };
        if rule.payer_ids.is_empty() && rule.name_contains.is_none() {
            return Err(r.error("payer_id", "a row needs a payer_id or a name_contains to match on"));
        }
        out.push(rule);
    }
    Ok((t.version, out))
}
