//! The weekly review as Markdown (prints on its own) and as CSV.

use std::fmt::Write;

use super::{CsvTable, RcaReport, cell, percent, sparkline};
use crate::domain::rca::{Ratio, Slice, TREND_WEEKS, Tally};

/// Values listed per slice in the Markdown report.
const SLICE_ROWS: usize = 5;

fn items(t: &Tally) -> String {
    format!("{} {}", t.count, if t.count == 1 { "item" } else { "items" })
}

fn trend(t: &[Tally]) -> String {
    sparkline(&t.iter().map(|t| t.count).collect::<Vec<_>>())
}

pub fn rca_markdown(r: &RcaReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Weekly root-cause review: {} ({})\n", r.week, r.week.span());
    if let Some(p) = &r.practice {
        let _ = writeln!(s, "**{}**\n", cell(p));
    }
    let t = &r.summary.total;
    let rate = Ratio::new(r.denied_claims, r.claims).percent_text();
    let _ = writeln!(
        s,
        "Denied and rejected this week: **{}** in {}. Claims adjudicated on the week's remits: {}, of which {} \
         denied ({rate}; HFMA target under 5%).\n",
        t.cents,
        items(t),
        r.claims,
        r.denied_claims
    );
    if r.summary.clusters.is_empty() {
        let _ = writeln!(s, "Nothing was denied or rejected this week.\n");
    } else {
        clusters(&mut s, r);
        slices(&mut s, r);
    }
    outliers(&mut s, r);
    prevention(&mut s, r);
    let _ = writeln!(
        s,
        "---\nA week runs Monday to Sunday (ISO 8601) and holds the denials and rejections received in it (remit or \
         acknowledgement date). Clusters rank by denied dollars, then items, then name. Outliers: a provider or \
         location with at least {} denials of a cause and a rate of at least {}x the median of its peers (their pooled \
         rate when the median is zero; peers with {}+ claims adjudicated that week).",
        crate::domain::rca::MIN_DENIALS,
        crate::domain::rca::OUTLIER_FACTOR,
        crate::domain::rca::MIN_CLAIMS
    );
    s
}

fn clusters(s: &mut String, r: &RcaReport) {
    let _ = writeln!(s, "## Top {} root causes\n", r.summary.clusters.len());
    let _ = writeln!(s, "| # | Root cause | Items | Denied | Share | Trend ({TREND_WEEKS} weeks, then this week) |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---|");
    for (i, (c, n)) in r.summary.clusters.iter().zip(&r.notes).enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&n.label),
            c.tally.count,
            c.tally.cents,
            percent(c.share_permille),
            trend(&c.trend)
        );
    }
    let _ = writeln!(s);
    for (i, (c, n)) in r.summary.clusters.iter().zip(&r.notes).enumerate() {
        let _ = writeln!(s, "### {}. {}\n", i + 1, cell(&n.label));
        let _ =
            writeln!(s, "**Upstream fix:** {} (first touch: {}).\n", cell(&n.upstream_fix), n.team.replace('_', " "));
        for (slice, value, t) in &c.leaders {
            let _ =
                writeln!(s, "- Leading {}: {} ({}, {})", slice.title().to_lowercase(), cell(value), t.cents, items(t));
        }
        let weekly: Vec<String> = c.trend.iter().map(|t| t.count.to_string()).collect();
        let _ = writeln!(s, "- Items per week, oldest first: {}\n", weekly.join(", "));
    }
}

fn slices(s: &mut String, r: &RcaReport) {
    let _ = writeln!(s, "## The week by slice\n");
    for &slice in Slice::ALL {
        let rows = r.summary.slice(slice);
        let _ = writeln!(s, "| {} | Items | Denied | Share | Top root cause |", slice.title());
        let _ = writeln!(s, "|---|---:|---:|---:|---|");
        for row in rows.iter().take(SLICE_ROWS) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                cell(&row.value),
                row.tally.count,
                row.tally.cents,
                percent(row.share_permille),
                cell(&r.label(row.top_category))
            );
        }
        if rows.len() > SLICE_ROWS {
            let _ = writeln!(s, "| *{} more* | | | | |", rows.len() - SLICE_ROWS);
        }
        let _ = writeln!(s);
    }
}

fn outliers(s: &mut String, r: &RcaReport) {
    let _ = writeln!(s, "## Outliers\n");
    if r.outliers.is_empty() {
        let _ = writeln!(s, "No provider or location stands out this week.\n");
        return;
    }
    let _ = writeln!(s, "| Who | Root cause | Denials | Claims | Rate | Peers' median | Peers |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|");
    for o in &r.outliers {
        let _ = writeln!(
            s,
            "| {}: {} | {} | {} | {} | {} | {} | {} |",
            o.slice.title(),
            cell(&o.who),
            cell(&r.label(o.category)),
            o.denials,
            o.claims,
            o.rate().percent_text(),
            o.peer_median.percent_text(),
            o.peers
        );
    }
    let _ = writeln!(s);
}

fn prevention(s: &mut String, r: &RcaReport) {
    let _ = writeln!(s, "## Prevention actions\n");
    if r.prevention.is_empty() {
        let _ = writeln!(s, "None recorded yet. Record one on a cluster in the desk's RCA tab (P).\n");
        return;
    }
    let _ = writeln!(s, "| From | Root cause | What | Who | Items/week before | After | Prevented |");
    let _ = writeln!(s, "|---|---|---|---|---:|---:|---:|");
    for p in &r.prevention {
        let v = &p.volume;
        let per = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.1}"));
        let prevented = v.prevented_permille().map_or("-".into(), |p| format!("{:.0}%", p as f64 / 10.0));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            p.action.from,
            cell(&r.label(p.action.category)),
            cell(&p.action.what),
            cell(&p.action.who),
            per(v.before_per_week()),
            per(v.after_per_week()),
            prevented
        );
    }
    let _ = writeln!(
        s,
        "\nBefore: the {} full weeks before the action took effect; after: the full weeks since, through this week. \
         Prevented = the drop in items per week.\n",
        crate::domain::rca::WINDOW_WEEKS
    );
}

/// One row per cluster, leader, slice value, outlier and prevention action.
pub fn rca_csv(r: &RcaReport) -> CsvTable {
    let header = vec!["week", "section", "rank", "category", "value", "items", "amount", "share_percent", "detail"];
    let numeric = vec![false, false, true, false, false, true, true, true, false];
    let mut rows = Vec::new();
    let week = r.week.to_string();
    let mut row = |section: &str,
                   rank: usize,
                   category: &str,
                   value: &str,
                   t: Option<&Tally>,
                   share: Option<u32>,
                   detail: String| {
        rows.push(vec![
            week.clone(),
            section.to_string(),
            rank.to_string(),
            category.to_string(),
            value.to_string(),
            t.map_or(String::new(), |t| t.count.to_string()),
            t.map_or(String::new(), |t| t.cents.to_decimal_string()),
            share.map_or(String::new(), |p| format!("{:.1}", f64::from(p) / 10.0)),
            detail,
        ]);
    };
    for (i, (c, n)) in r.summary.clusters.iter().zip(&r.notes).enumerate() {
        let weekly: Vec<String> = c.trend.iter().map(|t| t.count.to_string()).collect();
        row(
            "cluster",
            i + 1,
            c.category.as_str(),
            &n.label,
            Some(&c.tally),
            Some(c.share_permille),
            n.upstream_fix.clone(),
        );
        row("trend", i + 1, c.category.as_str(), "items per week", None, None, weekly.join(" "));
        for (slice, value, t) in &c.leaders {
            row(&format!("leader:{slice}"), i + 1, c.category.as_str(), value, Some(t), None, String::new());
        }
    }
    for &slice in Slice::ALL {
        for (i, v) in r.summary.slice(slice).iter().enumerate() {
            row(
                &format!("slice:{slice}"),
                i + 1,
                v.top_category.as_str(),
                &v.value,
                Some(&v.tally),
                Some(v.share_permille),
                String::new(),
            );
        }
    }
    for (i, o) in r.outliers.iter().enumerate() {
        row(&format!("outlier:{}", o.slice), i + 1, o.category.as_str(), &o.who, None, None, o.explain());
    }
    for (i, p) in r.prevention.iter().enumerate() {
        let detail = format!("from {}; {}; by {}; {}", p.action.from, p.action.what, p.action.who, p.volume.explain());
        row("prevention", i + 1, p.action.category.as_str(), &p.action.what, None, None, detail);
    }
    CsvTable { header, numeric, rows }
}
