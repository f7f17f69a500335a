//! The queue table. Columns give way by importance as the table narrows; deadline marks are
//! symbols (`!` within a week, `!!` overdue) as well as colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Text;
use ratatui::widgets::{Cell, Row, Table, Widget};

use super::text::{Urgency, days_left, sla};
use crate::store::queue::QueueRow;
use crate::tui::app::{App, Tab};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Priority,
    Age,
    Patient,
    Payer,
    Claim,
    Dos,
    Cpt,
    Reason,
    Category,
    AtRisk,
    Due,
    Owner,
    State,
}

/// Column, header, width (0 = shares the rest), narrowest table that still shows it.
const COLUMNS: &[(Col, &str, u16, u16)] = &[
    (Col::Mark, "", 2, 0),
    (Col::Priority, "PRI", 6, 0),
    (Col::Age, "AGE", 5, 95),
    (Col::Patient, "PATIENT", 0, 0),
    (Col::Payer, "PAYER", 0, 0),
    (Col::Claim, "CLAIM", 12, 118),
    (Col::Dos, "DOS", 10, 118),
    (Col::Cpt, "CPT", 5, 106),
    (Col::Reason, "REASON", 0, 0),
    (Col::Category, "CATEGORY", 10, 136),
    (Col::AtRisk, "AT RISK", 10, 0),
    (Col::Due, "DUE", 7, 0),
    (Col::Owner, "OWNER", 6, 95),
    (Col::State, "STATE", 6, 0),
];

fn state_label(s: &str) -> &str {
    match s {
        "resubmitted" => "resub",
        "appealed" => "appeal",
        "written_off" => "w/off",
        other => other,
    }
}

fn urgency_style(app: &App, u: Urgency) -> Style {
    match u {
        Urgency::Overdue => app.theme.danger(),
        Urgency::Soon => app.theme.warn(),
        Urgency::None => Style::new(),
    }
}

fn cell(app: &App, col: Col, r: &QueueRow, marked: bool, current: bool) -> Cell<'static> {
    let text = |s: String| Cell::from(Text::raw(s));
    match col {
        // The cursor and the marks are symbols too, not only colour.
        Col::Mark => Cell::from(format!("{}{}", if current { '>' } else { ' ' }, if marked { '*' } else { ' ' }))
            .style(app.theme.marked()),
        Col::Priority => text(format!("{:>6}", r.priority / 100)),
        Col::Age if app.tab == Tab::Rejections => {
            let (t, u) = sla(r.opened_on, app.today);
            Cell::from(t).style(urgency_style(app, u))
        }
        Col::Age => text(r.opened_on.map_or("-".into(), |o| super::text::span((app.today - o).num_days()))),
        Col::Patient => text(format!("{}, {}", r.patient_last, r.patient_first)),
        Col::Payer => text(r.payer.clone()),
        Col::Claim => text(r.pcn.clone()),
        Col::Dos => text(r.service_date.map_or("-".into(), |d| d.to_string())),
        Col::Cpt => text(r.procedure.clone().unwrap_or_else(|| "-".into())),
        Col::Reason => {
            text(format!("{} {}", r.reason_code, app.tables.reason_label(r.carc.as_deref(), &r.reason_code)))
        }
        Col::Category => text(r.category.replace('_', " ")),
        Col::AtRisk => text(format!("{:>10}", r.amount.to_string())),
        Col::Due => {
            let (t, u) = days_left(r.due_date, app.today);
            Cell::from(format!("{t:>7}")).style(urgency_style(app, u))
        }
        Col::Owner => text(r.owner.clone().unwrap_or_else(|| "-".into())),
        Col::State => text(state_label(&r.state).to_string()),
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(view) = app.view() else { return };
    // A rejection's 24-hour SLA always shows.
    let sla_col = |c: &(Col, &str, u16, u16)| c.0 == Col::Age && app.tab == Tab::Rejections;
    let cols: Vec<&(Col, &str, u16, u16)> = COLUMNS.iter().filter(|c| area.width >= c.3 || sla_col(c)).collect();
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|(c, _, w, _)| match (c, w) {
            (Col::Reason, 0) => Constraint::Fill(3),
            (_, 0) => Constraint::Fill(2),
            (_, w) => Constraint::Length(*w),
        })
        .collect();
    let header = Row::new(cols.iter().map(|(c, h, ..)| {
        if *c == Col::Age && app.tab == Tab::Rejections { Cell::from("SLA") } else { Cell::from(*h) }
    }))
    .style(app.theme.header());
    let height = app.table_height();
    if view.rows.is_empty() {
        let msg = if view.loaded { "Nothing here with this filter." } else { "Loading..." };
        Table::new([Row::new([Cell::from(msg)])], [Constraint::Fill(1)]).header(header).render(area, buf);
        return;
    }
    let end = (view.scroll + height).min(view.rows.len());
    let rows = view.rows[view.scroll..end].iter().enumerate().map(|(i, r)| {
        let marked = view.marks.contains_key(&r.id);
        let current = view.scroll + i == view.cursor;
        let row = Row::new(cols.iter().map(|(c, ..)| cell(app, *c, r, marked, current)));
        if current { row.style(app.theme.selected()) } else { row }
    });
    Table::new(rows, widths).header(header).column_spacing(1).render(area, buf);
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_column_fits_at_136() {
        let fixed: u16 = super::COLUMNS.iter().map(|c| c.2).sum();
        let gaps = super::COLUMNS.len() as u16 - 1;
        assert!(fixed + gaps + 3 * 10 <= 136, "{}", fixed + gaps);
    }
}
