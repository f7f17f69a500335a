//! The queue table. Columns give way by importance as the table narrows; deadline marks are
//! symbols (`!` within a week, `!!` overdue) as well as colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Text;
use ratatui::widgets::{Cell, Row, Table, Widget};

use super::text::{Urgency, cut, days_left, sla};
use crate::domain::inventory::Silence;
use crate::domain::priority::shown_score;
use crate::domain::workflow::WorkKind;
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
    Level,
    Stage,
    Next,
    WoReason,
    Closed,
    Sent,
    /// When a fix went out (the Waiting tab).
    FixSent,
    /// When its answer is expected (the item's due date).
    Expect,
    Kind,
    /// The reason code alone, where the table is too narrow for its label.
    Code,
}

type Column = (Col, &'static str, u16, u16);

/// Column, header, width (0 = shares the rest), narrowest table that still shows it.
const COLUMNS: &[Column] = &[
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

/// The Appeals tab: where each appeal stands and what to do next, soonest first.
const APPEAL_COLUMNS: &[Column] = &[
    (Col::Mark, "", 2, 0),
    (Col::Priority, "PRI", 6, 118),
    (Col::Patient, "PATIENT", 0, 0),
    (Col::Payer, "PAYER", 0, 0),
    (Col::Claim, "CLAIM", 12, 140),
    (Col::Reason, "REASON", 0, 106),
    (Col::Code, "REASON", 7, 0),
    (Col::Level, "LVL", 3, 0),
    (Col::Sent, "SENT", 12, 124),
    (Col::Stage, "STAGE", 10, 0),
    (Col::Next, "NEXT ACTION", 0, 0),
    (Col::Due, "DUE", 7, 0),
    (Col::AtRisk, "AT RISK", 10, 0),
    (Col::Owner, "OWNER", 6, 95),
];

/// The Waiting tab: fixed items, when they went out and when the answer is expected.
const WAITING_COLUMNS: &[Column] = &[
    (Col::Mark, "", 2, 0),
    (Col::Priority, "PRI", 6, 118),
    (Col::Kind, "KIND", 4, 95),
    (Col::Patient, "PATIENT", 0, 0),
    (Col::Payer, "PAYER", 0, 0),
    (Col::Claim, "CLAIM", 12, 118),
    (Col::Reason, "REASON", 0, 106),
    (Col::Code, "REASON", 9, 0),
    (Col::FixSent, "SENT", 10, 0),
    (Col::Expect, "EXPECT BY", 10, 0),
    (Col::Due, "DUE", 7, 0),
    (Col::AtRisk, "AT RISK", 10, 0),
    (Col::Owner, "OWNER", 6, 95),
];

/// The Write-offs tab: why and when each item was closed.
const WRITEOFF_COLUMNS: &[Column] = &[
    (Col::Mark, "", 2, 0),
    (Col::Patient, "PATIENT", 0, 0),
    (Col::Payer, "PAYER", 0, 0),
    (Col::Claim, "CLAIM", 12, 118),
    (Col::Dos, "DOS", 10, 118),
    (Col::Reason, "DENIAL", 0, 106),
    (Col::WoReason, "W/O REASON", 0, 0),
    (Col::Closed, "CLOSED", 10, 0),
    (Col::AtRisk, "AMOUNT", 10, 0),
    (Col::Owner, "OWNER", 6, 95),
];

/// The No answer tab: submitted claims the payer has not answered, the filing deadline or the
/// next follow-up first.
const UNANSWERED_COLUMNS: &[Column] = &[
    (Col::Mark, "", 2, 0),
    (Col::Priority, "PRI", 6, 0),
    (Col::Age, "AGE", 5, 95),
    (Col::Patient, "PATIENT", 0, 0),
    (Col::Payer, "PAYER", 0, 0),
    (Col::Claim, "CLAIM", 12, 106),
    (Col::Dos, "DOS", 10, 118),
    (Col::Reason, "MISSING", 0, 0),
    (Col::AtRisk, "CHARGE", 10, 0),
    (Col::Due, "DUE", 7, 0),
    (Col::Owner, "OWNER", 6, 95),
    (Col::State, "STATE", 6, 0),
];

fn columns(tab: Tab) -> &'static [Column] {
    match tab {
        Tab::Unanswered => UNANSWERED_COLUMNS,
        Tab::Appeals => APPEAL_COLUMNS,
        Tab::WriteOffs => WRITEOFF_COLUMNS,
        Tab::Waiting => WAITING_COLUMNS,
        _ => COLUMNS,
    }
}

fn state_label(r: &QueueRow) -> &str {
    match r.state.as_str() {
        "open" if r.repeat_count > 0 => "again",
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

/// One cell's text, style, and whether it is a number (right-aligned, header too).
struct Shown {
    text: String,
    style: Style,
    right: bool,
}

fn numeric(col: Col) -> bool {
    matches!(col, Col::Priority | Col::Age | Col::AtRisk | Col::Due | Col::Level)
}

fn cell(app: &App, col: Col, r: &QueueRow, marked: bool, current: bool) -> Shown {
    let plain = |s: String| Shown { text: s, style: Style::new(), right: numeric(col) };
    let styled = |s: String, style: Style| Shown { text: s, style, right: numeric(col) };
    match col {
        // The cursor and the marks are symbols too, not only colour.
        Col::Mark => {
            styled(format!("{}{}", if current { '>' } else { ' ' }, if marked { '*' } else { ' ' }), app.theme.marked())
        }
        Col::Priority => {
            // The due-soon band (due within 7 days, at or above the threshold) sorts first: "!".
            let (soon, score) = shown_score(r.priority);
            let text = format!("{}{}", if soon { "!" } else { "" }, score / 100);
            if soon { styled(text, app.theme.warn()) } else { plain(text) }
        }
        Col::Age if app.tab == Tab::Rejections => {
            let (t, u) = sla(r.opened_on, app.today);
            styled(t, urgency_style(app, u))
        }
        Col::Age => plain(r.opened_on.map_or("-".into(), |o| super::text::span((app.today - o).num_days()))),
        Col::Patient => plain(format!("{}, {}", r.patient_last, r.patient_first)),
        Col::Payer => plain(r.payer.clone()),
        Col::Claim => plain(r.pcn.clone()),
        Col::Dos => plain(r.service_date.map_or("-".into(), |d| d.to_string())),
        Col::Cpt => plain(r.procedure.clone().unwrap_or_else(|| "-".into())),
        // A short payment says so first: its CARC (usually CO-45) reads like a routine adjustment.
        Col::Reason if r.kind == WorkKind::Underpayment => plain(format!("UNDERPAID {}", r.reason_code)),
        Col::Reason if r.kind == WorkKind::NoResponse => {
            plain(Silence::from_code(&r.reason_code).map_or("no answer", Silence::label).to_string())
        }
        Col::Reason => {
            plain(format!("{} {}", r.reason_code, app.tables.reason_label(r.carc.as_deref(), &r.reason_code)))
        }
        Col::Code if r.kind == WorkKind::Underpayment => plain("UNDERPAID".to_string()),
        Col::Code => plain(r.reason_code.clone()),
        Col::Category => plain(r.category.as_str().replace('_', " ")),
        Col::AtRisk => plain(r.amount.to_string()),
        Col::Due => {
            let (t, u) = days_left(r.due_date, app.today);
            styled(t, urgency_style(app, u))
        }
        Col::Owner => plain(r.owner.clone().unwrap_or_else(|| "-".into())),
        Col::State => plain(state_label(r).to_string()),
        Col::Level => plain(r.appeal.as_ref().map_or("-".into(), |a| a.level.to_string())),
        Col::Stage => {
            let stage = r.appeal.as_ref().map_or("-", |a| a.stage.as_str());
            plain(stage.replace("info_requested", "info req").replace('_', " "))
        }
        Col::Next => {
            let next = r.next_action(&app.tables.appeal_levels);
            plain(next.map_or("-".into(), |n| n.what))
        }
        Col::WoReason => {
            let code = r.close_reason.as_deref().unwrap_or("-");
            plain(
                app.tables
                    .writeoff_reasons
                    .iter()
                    .find(|c| c.code == code)
                    .map_or(code.to_string(), |c| c.label.clone()),
            )
        }
        Col::Closed => plain(r.closed_on.map_or("-".into(), |d| d.to_string())),
        Col::FixSent => plain(r.decided_on.map_or("-".into(), |d| d.to_string())),
        Col::Expect => plain(r.due_date.map_or("-".into(), |d| d.to_string())),
        Col::Kind => plain(
            match r.kind {
                WorkKind::Rejection => "rej",
                WorkKind::NoResponse => "noan",
                WorkKind::Denial | WorkKind::Underpayment => "den",
            }
            .into(),
        ),
        Col::Sent => {
            let sent =
                r.appeal.as_ref().and_then(|a| Some(format!("{} {}", a.method?, a.submitted_on?.format("%m-%d"))));
            plain(sent.unwrap_or_else(|| "-".into()))
        }
    }
}

/// `text` fitted to `width`: cut with `~`, numbers and their headers right-aligned.
fn fit(text: &str, width: usize, right: bool) -> String {
    let t = cut(text, width);
    if right { format!("{}{t}", " ".repeat(width.saturating_sub(super::text::width(&t)))) } else { t }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(view) = app.view() else { return };
    // A rejection's 24-hour SLA always shows; the reason code alone stands in for the reason
    // where the table is too narrow for its label.
    let sla_col = |c: &Column| c.0 == Col::Age && app.tab == Tab::Rejections;
    let wide_reason = columns(app.tab).iter().any(|c| c.0 == Col::Reason && area.width >= c.3);
    let cols: Vec<&Column> = columns(app.tab)
        .iter()
        .filter(|c| (area.width >= c.3 || sla_col(c)) && !(c.0 == Col::Code && wide_reason))
        .collect();
    let header_text = |c: &Column| if c.0 == Col::Age && app.tab == Tab::Rejections { "SLA" } else { c.1 };
    let height = app.table_height();
    if view.rows.is_empty() {
        let msg = if view.loaded { "Nothing here with this filter." } else { "Loading..." };
        let header = Row::new(cols.iter().map(|c| Cell::from(header_text(c)))).style(app.theme.header());
        let widths = cols.iter().map(|c| if c.2 > 0 { Constraint::Length(c.2) } else { Constraint::Fill(1) });
        Table::new([Row::new([Cell::from(msg)])], widths).header(header).render(area, buf);
        return;
    }
    let end = (view.scroll + height).min(view.rows.len());
    let shown: Vec<Vec<Shown>> = view.rows[view.scroll..end]
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let marked = view.marks.contains_key(&r.id);
            let current = view.scroll + i == view.cursor;
            cols.iter().map(|c| cell(app, c.0, r, marked, current)).collect()
        })
        .collect();
    // Fixed columns are as wide as what they hold in the loaded window (at most their width),
    // so numbers carry no padding and names get the room; the rest share what is left.
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| match (c.0, c.2) {
            (Col::Reason | Col::WoReason, 0) => Constraint::Fill(3),
            (_, 0) => Constraint::Fill(2),
            (col, max) => {
                let content = view.rows.iter().map(|r| super::text::width(&cell(app, col, r, false, false).text)).max();
                let w = content.unwrap_or(0).max(header_text(c).len()) as u16;
                Constraint::Length(w.min(max))
            }
        })
        .collect();
    let rects = Layout::horizontal(widths).spacing(1).split(Rect { height: 1, ..area });
    let header = Row::new(
        cols.iter().zip(rects.iter()).map(|(c, r)| Cell::from(fit(header_text(c), usize::from(r.width), numeric(c.0)))),
    )
    .style(app.theme.header());
    let rows = shown.into_iter().enumerate().map(|(i, cells)| {
        let row = Row::new(
            cells
                .into_iter()
                .zip(rects.iter())
                .map(|(s, r)| Cell::from(Text::raw(fit(&s.text, usize::from(r.width), s.right))).style(s.style)),
        );
        if view.scroll + i == view.cursor { row.style(app.theme.selected()) } else { row }
    });
    let lengths: Vec<Constraint> = rects.iter().map(|r| Constraint::Length(r.width)).collect();
    Table::new(rows, lengths).header(header).column_spacing(1).render(area, buf);
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_column_fits_at_136() {
        for cols in [super::COLUMNS, super::APPEAL_COLUMNS, super::WRITEOFF_COLUMNS, super::WAITING_COLUMNS] {
            let fixed: u16 = cols.iter().map(|c| c.2).sum();
            let gaps = cols.len() as u16 - 1;
            assert!(fixed + gaps + 3 * 10 <= 136, "{}", fixed + gaps);
        }
    }

    #[test]
    fn the_narrowest_desk_keeps_room_for_names() {
        for cols in [super::COLUMNS, super::APPEAL_COLUMNS, super::WRITEOFF_COLUMNS, super::WAITING_COLUMNS] {
            let shown: Vec<_> = cols.iter().filter(|c| c.3 <= 80).collect();
            let fixed: u16 = shown.iter().map(|c| c.2).sum::<u16>() + shown.len() as u16 - 1;
            // Fixed columns at their widest still leave 8 characters to each name column.
            assert!(fixed + 2 * 8 <= 80, "{fixed}");
        }
    }
}
