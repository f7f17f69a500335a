//! The KPI report as Markdown (prints on its own) and as CSV.

use std::fmt::Write;

use super::{CsvTable, KpiReport, cell, sparkline};
use crate::domain::kpi::{AGING_BUCKETS, KpiKey};
use crate::domain::rca::{Ratio, share_permille};

/// Width of the longest aging bar.
const BAR: u64 = 24;

pub(super) fn verdict(meets: Option<bool>) -> &'static str {
    match meets {
        Some(true) => "meets",
        Some(false) => "misses",
        None => "",
    }
}

fn money_rate(num: crate::domain::money::Cents, den: crate::domain::money::Cents) -> String {
    if den.0 <= 0 { "-".into() } else { format!("{:.1}%", num.0 as f64 * 100.0 / den.0 as f64) }
}

pub fn kpi_markdown(r: &KpiReport) -> String {
    let mut s = String::new();
    let c = &r.counts;
    let _ = writeln!(s, "# Denial KPIs: {} to {}\n", r.from, r.to);
    if let Some(p) = &r.practice {
        let _ = writeln!(s, "**{}**\n", cell(p));
    }
    let _ = writeln!(s, "| KPI | Value | Target | | Basis |\n|---|---:|---|---|---|");
    for f in &r.figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            f.key.title(),
            f.value_text(),
            f.target_text(),
            verdict(f.meets),
            cell(&f.basis)
        );
    }
    let _ = writeln!(s, "\nDollars recovered: **{}**; written off: **{}**.\n", c.recovered, c.written_off);

    let _ = writeln!(s, "## By payer\n");
    let _ = writeln!(
        s,
        "| Payer | Claims | Denied | Denial rate | Denied $ | Rate ($) | Appeals decided | Overturned | Overturn rate |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for p in &c.by_payer {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(if p.payer.is_empty() { "(no payer)" } else { &p.payer }),
            p.claims,
            p.denied,
            Ratio::new(p.denied, p.claims).percent_text(),
            p.denied_cents,
            money_rate(p.denied_cents, p.charged),
            p.appeals_decided,
            p.appeals_won,
            Ratio::new(p.appeals_won, p.appeals_decided).percent_text()
        );
    }
    if !c.by_category.is_empty() {
        let _ = writeln!(
            s,
            "\n## Appeal overturn rate by root cause\n\n| Root cause | Decided | Overturned | Rate |\n|---|---:|---:|---:|"
        );
        for a in &c.by_category {
            let label = r.labels.get(&a.category).cloned().unwrap_or_else(|| a.category.to_string());
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                cell(&label),
                a.decided,
                a.won,
                Ratio::new(a.won, a.decided).percent_text()
            );
        }
    }
    let _ = writeln!(s, "\n## Initial denial rate by week\n");
    let rates: Vec<u64> = c.weeks.iter().map(|w| w.permille()).collect();
    let _ = writeln!(s, "Trend: {}\n", sparkline(&rates));
    let _ = writeln!(s, "| Week | Claims | Denied | Rate |\n|---|---:|---:|---:|");
    for w in &c.weeks {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            w.week,
            w.claims,
            w.denied,
            Ratio::new(w.denied, w.claims).percent_text()
        );
    }
    let _ = writeln!(s, "\n## Open A/R today ({}) by age of service\n", r.as_of);
    let total: i64 = c.aging.iter().map(|t| t.cents.0).sum();
    let max = c.aging.iter().map(|t| t.cents.0.max(0) as u64).max().unwrap_or(0).max(1);
    let _ = writeln!(s, "| Days | Items | Dollars | Share | |\n|---|---:|---:|---:|---|");
    for ((name, _), t) in AGING_BUCKETS.iter().zip(&c.aging) {
        let bar = "█".repeat(((t.cents.0.max(0) as u64 * BAR + max / 2) / max) as usize);
        let share = share_permille(t.cents, crate::domain::money::Cents(total));
        let _ = writeln!(s, "| {name} | {} | {} | {} | {bar} |", t.count, t.cents, super::percent(share));
    }
    let _ = writeln!(
        s,
        "\n## Decisions per biller\n\n| Biller | Decisions | Days with decisions | Per day |\n|---|---:|---:|---:|"
    );
    for b in &c.billers {
        let per = if b.days == 0 { "-".into() } else { format!("{:.1}", b.decisions as f64 / b.days as f64) };
        let _ = writeln!(s, "| {} | {} | {} | {per} |", cell(&b.biller), b.decisions, b.days);
    }
    if c.billers.is_empty() {
        let _ = writeln!(s, "| (no decisions recorded) | | | |");
    }
    let _ = writeln!(s, "\n## Definitions\n");
    for k in KpiKey::ALL {
        let source = r.figures.iter().find(|f| f.key == *k).and_then(|f| f.target.as_ref()).map(|t| t.source.clone());
        let _ = writeln!(
            s,
            "- **{}**: {}{}",
            k.title(),
            k.definition(),
            source.map_or(String::new(), |s| format!(" Target: {s}."))
        );
    }
    let _ = writeln!(
        s,
        "- **Open A/R**: open rejections, denials and appeals by days from the date of service (the remit date when \
         the remit gave none) to {}.",
        r.as_of
    );
    s
}

/// Headline figures, then per payer, per week and aging rows.
pub fn kpi_csv(r: &KpiReport) -> CsvTable {
    let header = vec!["from", "to", "section", "name", "value", "target", "meets", "basis"];
    let numeric = vec![false, false, false, false, true, false, false, false];
    let (from, to) = (r.from.to_string(), r.to.to_string());
    let mut rows = Vec::new();
    let mut row = |section: &str, name: &str, value: String, target: String, meets: &str, basis: String| {
        rows.push(vec![from.clone(), to.clone(), section.into(), name.into(), value, target, meets.into(), basis]);
    };
    for f in &r.figures {
        let value = f.value.map_or(String::new(), |v| format!("{v:.2}"));
        row("kpi", f.key.as_str(), value, f.target_text(), verdict(f.meets), f.basis.clone());
    }
    let c = &r.counts;
    row("money", "recovered", c.recovered.to_decimal_string(), String::new(), "", String::new());
    row("money", "written_off", c.written_off.to_decimal_string(), String::new(), "", String::new());
    for p in &c.by_payer {
        let rate = Ratio::new(p.denied, p.claims).percent().map_or(String::new(), |v| format!("{v:.2}"));
        row("denial_rate_by_payer", &p.payer, rate, String::new(), "", format!("{} of {} claims", p.denied, p.claims));
        let won = Ratio::new(p.appeals_won, p.appeals_decided).percent().map_or(String::new(), |v| format!("{v:.2}"));
        row(
            "overturn_rate_by_payer",
            &p.payer,
            won,
            String::new(),
            "",
            format!("{} of {} decided", p.appeals_won, p.appeals_decided),
        );
    }
    for a in &c.by_category {
        let won = Ratio::new(a.won, a.decided).percent().map_or(String::new(), |v| format!("{v:.2}"));
        row(
            "overturn_rate_by_category",
            a.category.as_str(),
            won,
            String::new(),
            "",
            format!("{} of {} decided", a.won, a.decided),
        );
    }
    for w in &c.weeks {
        let rate = Ratio::new(w.denied, w.claims).percent().map_or(String::new(), |v| format!("{v:.2}"));
        row(
            "denial_rate_by_week",
            &w.week.to_string(),
            rate,
            String::new(),
            "",
            format!("{} of {} claims", w.denied, w.claims),
        );
    }
    for ((name, _), t) in AGING_BUCKETS.iter().zip(&c.aging) {
        row("open_ar_days", name, t.cents.to_decimal_string(), String::new(), "", format!("{} items", t.count));
    }
    for b in &c.billers {
        let per = if b.days == 0 { String::new() } else { format!("{:.2}", b.decisions as f64 / b.days as f64) };
        row(
            "decisions_per_day",
            &b.biller,
            per,
            String::new(),
            "",
            format!("{} decisions on {} days", b.decisions, b.days),
        );
    }
    CsvTable { header, numeric, rows }
}
