//! The code tables: CARCs and RARCs with their rules and their place in the published lists.

use crate::domain::FastMap;

use super::csv_rows::{Row, TableError, TableText, read_table};
use super::parse::{Parsed, cat, keyed, opt_cat, path, team, work_type};
use crate::domain::code::{Carc, Rarc};
use crate::domain::tables::{CarcInfo, CodeStatus, RarcInfo};
use crate::domain::vocab::{Hardness, Resubmit};

/// `status,start,stop`: where a code stands in its published list.
fn status(r: &Row<'_>) -> Result<CodeStatus, TableError> {
    let date =
        |c: &str| r.opt_parsed(c, |t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(), "a date YYYY-MM-DD");
    let deactivated = match r.text("status") {
        "" | "current" => false,
        "deactivated" => true,
        other => return Err(r.error("status", format!("'{other}' is not valid (expected current or deactivated)"))),
    };
    let (start, stop) = (date("start")?, date("stop")?);
    Ok(CodeStatus { start, stop, deactivated: deactivated || stop.is_some() })
}

/// Reads a table in its current shape, or in the shape it had before `added` were added
/// (copies made before keep working).
fn read_either<'a>(file: &'a str, text: &str, cols: &[&str], added: &[&str]) -> Result<TableText<'a>, TableError> {
    let old: Vec<&str> = cols.iter().copied().filter(|c| !added.contains(c)).collect();
    read_table(file, text, cols).or_else(|e| read_table(file, text, &old).map_err(|_| e))
}

/// The columns the 2026.12 tables added.
const STATUS: &[&str] = &["status", "start", "stop"];

pub fn carcs(file: &str, text: &str) -> Parsed<FastMap<Carc, CarcInfo>> {
    const COLS: &[&str] = &[
        "code",
        "category",
        "work_type",
        "team",
        "hardness",
        "appealable",
        "default_path",
        "caqh",
        "denial",
        "needs_rarc",
        "status",
        "start",
        "stop",
        "label",
    ];
    let t = read_either(file, text, COLS, STATUS)?;
    let map = keyed(
        &t,
        |r| r.code("code").map(Carc),
        |r, code| {
            Ok(CarcInfo {
                code,
                category: cat(r, "category")?,
                work_type: work_type(r)?,
                team: team(r)?,
                hardness: r.parsed("hardness", Hardness::parse, "soft or hard")?,
                appealable: r.yes_no("appealable")?,
                default_path: path(r, "default_path")?.ok_or_else(|| r.error("default_path", "is empty"))?,
                caqh: r.opt_parsed("caqh", |t| t.parse::<u8>().ok().filter(|n| (1..=4).contains(n)), "1-4")?,
                denial: r.yes_no("denial")?,
                needs_rarc: r.yes_no("needs_rarc")?,
                label: r.required("label")?.to_string(),
                status: status(r)?,
            })
        },
    )?;
    Ok((t.version, map))
}

pub fn rarcs(file: &str, text: &str) -> Parsed<FastMap<Rarc, RarcInfo>> {
    const COLS: &[&str] =
        &["code", "category", "path", "no_appeal", "resubmit", "alert", "status", "start", "stop", "label"];
    let t = read_either(file, text, COLS, &["no_appeal", "resubmit", "alert", "status", "start", "stop"])?;
    let flag = |r: &Row<'_>, c: &str| if r.text(c).is_empty() { Ok(false) } else { r.yes_no(c) };
    let map = keyed(
        &t,
        |r| r.code("code").map(Rarc),
        |r, code| {
            Ok(RarcInfo {
                code,
                label: r.required("label")?.to_string(),
                category: opt_cat(r, "category")?,
                path: path(r, "path")?,
                no_appeal: flag(r, "no_appeal")?,
                resubmit: r.opt_parsed("resubmit", Resubmit::parse, "new, replacement or reopening")?,
                alert: flag(r, "alert")?,
                status: status(r)?,
            })
        },
    )?;
    Ok((t.version, map))
}
