//! The KPI report as a PDF: each KPI beside its benchmark, the initial denial rate by week as
//! a line against its target, open A/R by age as bars, and the payers' table.

use super::KpiReport;
use super::kpi_text::verdict;
use crate::domain::kpi::{AGING_BUCKETS, KpiKey};
use crate::domain::money::Cents;
use crate::domain::rca::{Ratio, share_permille};
use crate::pdf::chart::{self, Bar};
use crate::pdf::{ACCENT, BLACK, Column, Document, Flow, Font, GRAY, RULE, Style, WARN, table};

const TITLE: Style = Style::new(Font::Bold, 16.0, BLACK);
const H2: Style = Style::new(Font::Bold, 11.5, BLACK);
const BODY: Style = Style::new(Font::Regular, 9.5, BLACK);
const SMALL: Style = Style::new(Font::Regular, 8.0, GRAY);
/// Payers listed at most.
const PAYERS: usize = 12;

fn figures(flow: &mut Flow, r: &KpiReport) {
    let cols = [
        Column::left("KPI", 0.34),
        Column::right("VALUE", 0.13),
        Column::left("   TARGET", 0.2),
        Column::left("", 0.08),
        Column::left("BASIS", 0.25),
    ];
    let rows: Vec<Vec<String>> = r
        .figures
        .iter()
        .map(|f| {
            vec![
                f.key.title().to_string(),
                f.value_text(),
                format!("   {}", f.target_text()),
                verdict(f.meets).to_string(),
                f.basis.clone(),
            ]
        })
        .collect();
    table(flow, &cols, &rows);
    let c = &r.counts;
    flow.gap(4.0);
    flow.paragraph(&format!("Dollars recovered: {}; written off: {}.", c.recovered, c.written_off), BODY, 0.0);
}

fn denial_trend(flow: &mut Flow, r: &KpiReport) {
    flow.heading("Initial denial rate by week", H2, 80.0);
    let weeks = &r.counts.weeks;
    if weeks.is_empty() {
        flow.paragraph("No claims were adjudicated in the period.", BODY, 0.0);
        return;
    }
    let values: Vec<Option<f64>> = weeks.iter().map(|w| Ratio::new(w.denied, w.claims).percent()).collect();
    let target = r
        .figures
        .iter()
        .find(|f| f.key == KpiKey::DenialRateCount)
        .and_then(|f| f.target.as_ref())
        .and_then(|t| t.target);
    let (h, w) = (60.0, flow.width() - 60.0);
    let bottom = flow.take(h + 40.0) + 28.0;
    let left = flow.left;
    let max = values.iter().flatten().copied().chain(target).fold(0.0_f64, f64::max);
    let page = flow.page();
    chart::line(page, left + 40.0, bottom, w, h, &values, target);
    page.text_right(left + 34.0, bottom + h - 3.0, Font::Regular, 7.0, GRAY, &format!("{max:.1}%"));
    page.text_right(left + 34.0, bottom - 2.0, Font::Regular, 7.0, GRAY, "0%");
    let (first, last) = (weeks[0].week.to_string(), weeks[weeks.len() - 1].week.to_string());
    page.text(left + 40.0, bottom - 10.0, Font::Regular, 7.0, GRAY, &first);
    page.text_right(left + 40.0 + w, bottom - 10.0, Font::Regular, 7.0, GRAY, &last);
    chart::key(page, left + 40.0, bottom - 22.0, ACCENT, "denied of claims adjudicated, per week");
    if let Some(t) = target {
        chart::key(page, left + 240.0, bottom - 22.0, WARN, &format!("target {t:.1}%"));
    }
}

fn aging(flow: &mut Flow, r: &KpiReport) {
    flow.heading(&format!("Open A/R on {} by age of service (days)", r.as_of), H2, 90.0);
    let c = &r.counts;
    let total = Cents(c.aging.iter().map(|t| t.cents.0).sum());
    let bars: Vec<Bar> = AGING_BUCKETS
        .iter()
        .zip(&c.aging)
        .enumerate()
        .map(|(i, ((name, _), t))| Bar {
            label: format!("{name} days"),
            value: t.cents.0.max(0) as u64,
            shown: format!("{}  {} items  {}", t.cents, t.count, super::percent(share_permille(t.cents, total))),
            highlight: i >= 3,
        })
        .collect();
    let height = chart::BAR_ROW * bars.len() as f32 + 4.0;
    let bottom = flow.take(height);
    let (left, w) = (flow.left, flow.width());
    chart::hbars(flow.page(), left, bottom + height, w, 90.0, &bars);
    flow.line("Past 90 days in colour: the oldest money is the hardest to recover.", SMALL);
}

fn payers(flow: &mut Flow, r: &KpiReport) {
    flow.heading("By payer", H2, 40.0);
    let cols = [
        Column::left("PAYER", 0.3),
        Column::right("CLAIMS", 0.1),
        Column::right("DENIED", 0.1),
        Column::right("RATE", 0.1),
        Column::right("DENIED $", 0.15),
        Column::right("DECIDED", 0.1),
        Column::right("OVERTURNED", 0.15),
    ];
    let c = &r.counts;
    let rows: Vec<Vec<String>> = c
        .by_payer
        .iter()
        .take(PAYERS)
        .map(|p| {
            vec![
                if p.payer.is_empty() { "(no payer)".into() } else { p.payer.clone() },
                p.claims.to_string(),
                p.denied.to_string(),
                Ratio::new(p.denied, p.claims).percent_text(),
                p.denied_cents.to_string(),
                p.appeals_decided.to_string(),
                format!("{} ({})", p.appeals_won, Ratio::new(p.appeals_won, p.appeals_decided).percent_text()),
            ]
        })
        .collect();
    table(flow, &cols, &rows);
    if c.by_payer.len() > PAYERS {
        flow.line(&format!("and {} more payers (the CSV has them all)", c.by_payer.len() - PAYERS), SMALL);
    }
}

fn overturns_and_billers(flow: &mut Flow, r: &KpiReport) {
    let c = &r.counts;
    if !c.by_category.is_empty() {
        flow.heading("Appeal overturn rate by root cause", H2, 40.0);
        let cols = [
            Column::left("ROOT CAUSE", 0.5),
            Column::right("DECIDED", 0.15),
            Column::right("OVERTURNED", 0.15),
            Column::right("RATE", 0.15),
        ];
        let rows: Vec<Vec<String>> = c
            .by_category
            .iter()
            .map(|a| {
                let label = r.labels.get(&a.category).cloned().unwrap_or_else(|| a.category.to_string());
                vec![label, a.decided.to_string(), a.won.to_string(), Ratio::new(a.won, a.decided).percent_text()]
            })
            .collect();
        table(flow, &cols, &rows);
    }
    flow.heading("Decisions per biller", H2, 40.0);
    let cols = [
        Column::left("BILLER", 0.5),
        Column::right("DECISIONS", 0.15),
        Column::right("DAYS", 0.15),
        Column::right("PER DAY", 0.15),
    ];
    let mut rows: Vec<Vec<String>> = c
        .billers
        .iter()
        .map(|b| {
            let per = if b.days == 0 { "-".into() } else { format!("{:.1}", b.decisions as f64 / b.days as f64) };
            vec![b.biller.clone(), b.decisions.to_string(), b.days.to_string(), per]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec!["(no decisions recorded)".into(), String::new(), String::new(), String::new()]);
    }
    table(flow, &cols, &rows);
}

fn definitions(flow: &mut Flow, r: &KpiReport) {
    flow.heading("Definitions", H2, 40.0);
    for k in KpiKey::ALL {
        let source = r.figures.iter().find(|f| f.key == *k).and_then(|f| f.target.as_ref()).map(|t| t.source.clone());
        let target = source.map_or(String::new(), |s| format!(" Target: {s}."));
        flow.paragraph(&format!("{}: {}{target}", k.title(), k.definition()), SMALL, 0.0);
        flow.gap(2.0);
    }
    flow.paragraph(
        &format!(
            "Open A/R: open rejections, denials and appeals by days from the date of service (the remit date when the \
             remit gave none) to {}.",
            r.as_of
        ),
        SMALL,
        0.0,
    );
}

pub fn kpi_pdf(r: &KpiReport) -> Document {
    let title = format!("Denial KPIs: {} to {}", r.from, r.to);
    let mut flow = Flow::new(&title);
    flow.line(&title, TITLE);
    if let Some(p) = &r.practice {
        flow.line(p, SMALL);
    }
    flow.rule(RULE);
    figures(&mut flow, r);
    denial_trend(&mut flow, r);
    aging(&mut flow, r);
    payers(&mut flow, r);
    overturns_and_billers(&mut flow, r);
    definitions(&mut flow, r);
    let footer = format!("{} | denial KPIs {} to {}", r.practice.as_deref().unwrap_or("Overturn"), r.from, r.to);
    flow.finish(&footer, SMALL)
}
