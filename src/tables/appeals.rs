//! The appeal tables: the ladder of levels per track and the packet checklist.

use super::csv_rows::{Row, TableError, one_of, read_table};
use super::parse::Parsed;
use crate::domain::appeal::{AppealLevel, AppealTrack, PacketItem};
use crate::domain::deadlines::Period;
use crate::domain::money::Cents;
use crate::domain::vocab::RootCause;

fn whole(file: &str, reason: String) -> TableError {
    TableError { file: file.into(), line: None, column: None, reason }
}

fn track(r: &Row<'_>) -> Result<AppealTrack, TableError> {
    r.parsed("track", AppealTrack::parse, &one_of(AppealTrack::ALL.iter().map(|t| t.as_str())))
}

/// `190.00` (every year), or per year: `2025:190.00 2026:200.00`.
fn min_amounts(r: &Row<'_>) -> Result<Vec<(i32, Cents)>, TableError> {
    let bad =
        |t: &str| r.error("min_amount", format!("'{t}' is not valid (expected 190.00 or 2025:190.00 2026:200.00)"));
    let mut out = Vec::new();
    for part in r.text("min_amount").split_whitespace() {
        let (year, amount) = match part.split_once(':') {
            Some((y, a)) => (y.parse::<i32>().ok().filter(|y| (1990..=2200).contains(y)).ok_or_else(|| bad(part))?, a),
            None => (i32::MIN, part),
        };
        out.push((year, Cents::parse_decimal(amount).map_err(|_| bad(part))?));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

pub fn appeal_levels(file: &str, text: &str) -> Parsed<Vec<AppealLevel>> {
    let t = read_table(file, text, &["track", "level", "name", "window", "mail_days", "min_amount"])?;
    let mut out: Vec<AppealLevel> = Vec::new();
    for r in &t.rows {
        let level = AppealLevel {
            track: track(r)?,
            level: r.parsed("level", |t| t.parse::<u8>().ok().filter(|n| (1..=9).contains(n)), "1-9")?,
            name: r.required("name")?.to_string(),
            window: r.opt_parsed("window", Period::parse, "a period such as 60d")?,
            mail_days: r.opt_parsed("mail_days", |t| t.parse::<u32>().ok().filter(|d| *d <= 60), "0-60")?.unwrap_or(0),
            min_amounts: min_amounts(r)?,
        };
        if out.iter().any(|l| l.track == level.track && l.level == level.level) {
            return Err(r.error("level", format!("{} level {} is listed twice", level.track, level.level)));
        }
        if level.level > 1 && level.window.is_none() {
            return Err(r.error("window", "levels after the first need a window"));
        }
        out.push(level);
    }
    for track in AppealTrack::ALL {
        let mut numbers: Vec<u8> = out.iter().filter(|l| l.track == *track).map(|l| l.level).collect();
        numbers.sort_unstable();
        if numbers.first() != Some(&1) || numbers.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err(whole(file, format!("{track} levels must run 1, 2, 3... without gaps")));
        }
    }
    Ok((t.version, out))
}

pub fn packet(file: &str, text: &str) -> Parsed<Vec<PacketItem>> {
    let t = read_table(file, text, &["category", "item", "label", "required"])?;
    let categories = format!("* or {}", one_of(RootCause::ALL.iter().map(|c| c.as_str())));
    let mut out: Vec<PacketItem> = Vec::new();
    for r in &t.rows {
        let category = match r.required("category")? {
            "*" => None,
            _ => Some(r.parsed("category", RootCause::parse, &categories)?),
        };
        let item = r.required("item")?.to_string();
        if out.iter().any(|p| p.category == category && p.item == item) {
            return Err(r.error("item", format!("{item} is listed twice for this category")));
        }
        out.push(PacketItem {
            category,
            item,
            label: r.required("label")?.to_string(),
            required: r.yes_no("required")?,
        });
    }
    if !out.iter().any(|p| p.category.is_none()) {
        return Err(whole(file, "needs at least one item for every appeal (category *)".into()));
    }
    Ok((t.version, out))
}
