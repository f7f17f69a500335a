//! The weekly root-cause review as a one- or two-page PDF: the week's headline, a bar chart of
//! denied dollars by root cause (the top three in colour), each top cause with its upstream fix,
//! leaders and its trend drawn as columns, then outliers and prevention actions.

use super::{RcaReport, percent};
use crate::domain::rca::{Ratio, Slice, TREND_WEEKS};
use crate::pdf::chart::{self, Bar};
use crate::pdf::{ACCENT, BLACK, Column, Document, Flow, Font, GRAY, RULE, Style, table};

const TITLE: Style = Style::new(Font::Bold, 16.0, BLACK);
const H2: Style = Style::new(Font::Bold, 11.5, BLACK);
const H3: Style = Style::new(Font::Bold, 10.0, ACCENT);
const BODY: Style = Style::new(Font::Regular, 9.5, BLACK);
const SMALL: Style = Style::new(Font::Regular, 8.0, GRAY);
/// Causes in the bar chart at most.
const BARS: usize = 8;

fn top_causes(flow: &mut Flow, r: &RcaReport) {
    flow.heading("Denied dollars by root cause", H2, 60.0);
    let top: Vec<_> = r.summary.clusters.iter().map(|c| c.category).collect();
    let bars: Vec<Bar> = r
        .summary
        .categories
        .iter()
        .take(BARS)
        .map(|(c, t)| Bar {
            label: r.label(*c),
            value: t.cents.0.max(0) as u64,
            shown: format!("{}  ({} items)", t.cents, t.count),
            highlight: top.contains(c),
        })
        .collect();
    let height = chart::BAR_ROW * bars.len() as f32 + 4.0;
    let bottom = flow.take(height);
    let (left, w) = (flow.left, flow.width());
    chart::hbars(flow.page(), left, bottom + height, w, 170.0, &bars);
    if r.summary.categories.len() > BARS {
        flow.line(&format!("and {} more root causes", r.summary.categories.len() - BARS), SMALL);
    }
}

fn clusters(flow: &mut Flow, r: &RcaReport) {
    flow.heading(&format!("The top {} and their trend", r.summary.clusters.len()), H2, 90.0);
    for (i, (c, n)) in r.summary.clusters.iter().zip(&r.notes).enumerate() {
        flow.ensure(110.0);
        flow.gap(4.0);
        flow.line(
            &format!(
                "{}. {}: {} in {} items, {} of the week",
                i + 1,
                n.label,
                c.tally.cents,
                c.tally.count,
                percent(c.share_permille)
            ),
            H3,
        );
        // The trend beside the text: columns for the weeks before, this week in colour.
        let (chart_w, chart_h) = (120.0, 34.0);
        let top = flow.y();
        let right = flow.right;
        let counts: Vec<u64> = c.trend.iter().map(|t| t.count).collect();
        let ends = (format!("{} wk ago", TREND_WEEKS), "this week".to_string());
        chart::columns(
            flow.page(),
            right - chart_w,
            top - chart_h - 4.0,
            chart_w,
            chart_h,
            &counts,
            Some((&ends.0, &ends.1)),
        );
        let saved = flow.right;
        flow.right = right - chart_w - 14.0;
        flow.paragraph(
            &format!("Upstream fix: {} (first touch: {}).", n.upstream_fix, n.team.replace('_', " ")),
            BODY,
            0.0,
        );
        for (slice, value, t) in &c.leaders {
            flow.paragraph(
                &format!("Leading {}: {} ({}, {} items)", slice.title().to_lowercase(), value, t.cents, t.count),
                BODY,
                8.0,
            );
        }
        let weekly: Vec<String> = counts.iter().map(u64::to_string).collect();
        flow.paragraph(&format!("Items per week, oldest first: {}", weekly.join(", ")), SMALL, 8.0);
        flow.right = saved;
        let bottom_of_chart = top - chart_h - 14.0;
        if flow.y() > bottom_of_chart {
            flow.gap(flow.y() - bottom_of_chart);
        }
        flow.rule(RULE);
    }
}

/// The leading values of every slice (the Markdown lists five; the printed page three).
const SLICE_ROWS: usize = 3;

fn slices(flow: &mut Flow, r: &RcaReport) {
    flow.heading("The week by slice", H2, 40.0);
    let cols = [
        Column::left("SLICE", 0.2),
        Column::left("VALUE", 0.23),
        Column::right("ITEMS", 0.08),
        Column::right("DENIED", 0.14),
        Column::right("SHARE", 0.09),
        Column::left("   TOP ROOT CAUSE", 0.26),
    ];
    let mut rows = Vec::new();
    for &slice in Slice::ALL {
        let values = r.summary.slice(slice);
        for (i, v) in values.iter().take(SLICE_ROWS).enumerate() {
            let more = values.len().saturating_sub(SLICE_ROWS);
            let name = match (i, more) {
                (0, _) => slice.title().to_string(),
                (1, m) if m > 0 => format!("(+{m} more)"),
                _ => String::new(),
            };
            rows.push(vec![
                name,
                v.value.clone(),
                v.tally.count.to_string(),
                v.tally.cents.to_string(),
                percent(v.share_permille),
                format!("   {}", r.label(v.top_category)),
            ]);
        }
    }
    table(flow, &cols, &rows);
}

fn outliers(flow: &mut Flow, r: &RcaReport) {
    flow.heading("Outliers", H2, 40.0);
    if r.outliers.is_empty() {
        flow.paragraph("No provider or location stands out this week.", BODY, 0.0);
        return;
    }
    let cols = [
        Column::left("WHO", 0.3),
        Column::left("ROOT CAUSE", 0.26),
        Column::right("DENIALS", 0.1),
        Column::right("CLAIMS", 0.1),
        Column::right("RATE", 0.12),
        Column::right("PEERS' MEDIAN", 0.12),
    ];
    let rows: Vec<Vec<String>> = r
        .outliers
        .iter()
        .map(|o| {
            vec![
                format!("{}: {}", o.slice.title(), o.who),
                r.label(o.category),
                o.denials.to_string(),
                o.claims.to_string(),
                o.rate().percent_text(),
                o.peer_median.percent_text(),
            ]
        })
        .collect();
    table(flow, &cols, &rows);
}

fn prevention(flow: &mut Flow, r: &RcaReport) {
    flow.heading("Prevention actions: did last month's fixes work?", H2, 40.0);
    if r.prevention.is_empty() {
        flow.paragraph("None recorded yet. Record one on a cluster in the desk's RCA tab (P).", BODY, 0.0);
        return;
    }
    let cols = [
        Column::left("FROM", 0.13),
        Column::left("ROOT CAUSE", 0.22),
        Column::left("WHAT", 0.33),
        Column::right("BEFORE/WK", 0.11),
        Column::right("AFTER/WK", 0.1),
        Column::right("PREVENTED", 0.11),
    ];
    let per = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.1}"));
    let rows: Vec<Vec<String>> = r
        .prevention
        .iter()
        .map(|p| {
            let v = &p.volume;
            vec![
                p.action.from.to_string(),
                r.label(p.action.category),
                p.action.what.clone(),
                per(v.before_per_week()),
                per(v.after_per_week()),
                v.prevented_permille().map_or("-".into(), |p| format!("{:.0}%", p as f64 / 10.0)),
            ]
        })
        .collect();
    table(flow, &cols, &rows);
}

pub fn rca_pdf(r: &RcaReport) -> Document {
    let title = format!("Weekly root-cause review: {}", r.week);
    let mut flow = Flow::new(&title);
    flow.line(&title, TITLE);
    let sub = match &r.practice {
        Some(p) => format!("{p} | {}", r.week.span()),
        None => r.week.span(),
    };
    flow.line(&sub, SMALL);
    flow.rule(RULE);
    let t = &r.summary.total;
    let rate = Ratio::new(r.denied_claims, r.claims).percent_text();
    flow.paragraph(
        &format!(
            "Denied and rejected this week: {} in {} items. Claims adjudicated on the week's remits: {}, of which {} \
             denied ({rate}; HFMA target under 5%).",
            t.cents, t.count, r.claims, r.denied_claims
        ),
        BODY,
        0.0,
    );
    if r.summary.clusters.is_empty() {
        flow.gap(6.0);
        flow.paragraph("Nothing was denied or rejected this week.", BODY, 0.0);
    } else {
        top_causes(&mut flow, r);
        clusters(&mut flow, r);
        slices(&mut flow, r);
    }
    outliers(&mut flow, r);
    prevention(&mut flow, r);
    flow.gap(10.0);
    flow.paragraph(
        "A week runs Monday to Sunday (ISO 8601) and holds the denials and rejections received in it. Root causes rank \
         by denied dollars, then items. The trend columns are items per week; this week is in colour.",
        SMALL,
        0.0,
    );
    let footer = format!("{} | root-cause review {}", r.practice.as_deref().unwrap_or("Overturn"), r.week);
    flow.finish(&footer, SMALL)
}
