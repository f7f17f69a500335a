//! One appeal level in the detail pane: where it stands, its dates, its packet, its letter
//! and its outcome.

use ratatui::text::{Line, Span};

use crate::domain::appeal::{AppealStage, missing_required};
use crate::store::appeals::AppealRecord;
use crate::store::queue::QueueRow;
use crate::tui::app::App;

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map_or("-".into(), |d| d.to_string())
}

pub fn lines(app: &App, a: &AppealRecord, r: &QueueRow) -> Vec<Line<'static>> {
    let th = &app.theme;
    let name = app
        .tables
        .appeal_levels
        .iter()
        .find(|l| l.track == a.track && l.level == a.level)
        .map_or_else(|| format!("level {}", a.level), |l| l.name.clone());
    let stage = a.stage.as_str().replace('_', " ");
    let mut out = vec![Line::from(vec![
        Span::styled(format!("  L{} {name}", a.level), th.accent()),
        Span::raw(format!(": {stage}, opened {}, deadline {}", a.opened_on, day(a.deadline))),
    ])];
    if let Some(on) = a.submitted_on {
        let how = a.method.map_or("-".into(), |m| m.to_string());
        let conf = a.confirmation.as_deref().unwrap_or("none");
        out.push(Line::raw(format!(
            "     submitted {on} by {how}, confirmation {conf}; follow up {}",
            day(a.followup_due)
        )));
    }
    if let Some(why) = &a.packet_override {
        out.push(Line::from(Span::styled(format!("     submitted with the packet incomplete: {why}"), th.warn())));
    }
    if a.stage == AppealStage::InfoRequested {
        out.push(Line::from(Span::styled(format!("     information requested by {}", day(a.info_due)), th.warn())));
    }
    if let Some(on) = a.outcome_on {
        out.push(Line::raw(format!("     decided {on}: {stage}, paid {}", a.paid)));
    }
    let done = a.packet.iter().filter(|e| e.done).count();
    let missing: Vec<&str> = missing_required(&a.packet).iter().map(|e| e.label.as_str()).collect();
    let packet = if missing.is_empty() {
        format!("     packet {done}/{} ticked, nothing required missing", a.packet.len())
    } else {
        format!("     packet {done}/{} ticked; missing: {}", a.packet.len(), missing.join(", "))
    };
    out.push(Line::raw(packet));
    let letter = match (&a.letter, a.letter_saved_on) {
        (Some(_), Some(on)) => format!("     letter saved {on} (L opens it)"),
        _ => "     no letter saved yet (L writes one from the template)".into(),
    };
    out.push(Line::raw(letter));
    if r.appeal.as_ref().is_some_and(|b| b.id == a.id)
        && let Some(next) = r.next_action(&app.tables.appeal_levels)
    {
        let due = next.due.map_or(String::new(), |d| format!(" by {d}"));
        out.push(Line::from(Span::styled(format!("     next: {}{due}", next.what), th.accent())));
    }
    out
}
