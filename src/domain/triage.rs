//! Triage of one new work item: its deadlines, the path we suggest and why, and its priority.
//!
//! Each way out is a door with an aim date and a last possible date (see `deadlines`): a fix
//! works against the filing window (or Medicare's reopening window), an appeal against the
//! appeal window. A door whose aim date passed but whose last date has not is still open: the
//! path stays and the item becomes more urgent, with a warning. Only a passed last date, a rule
//! (not appealable, a remark) or the write-off policy makes the desk suggest close.

use chrono::NaiveDate;

use super::deadlines::Deadline;
use super::inventory::Silence;
use super::money::Cents;
use super::payer_rules::ResolvedRule;
use super::priority::{PriorityFactors, STALE_AFTER_DAYS, urgency};
use super::remarks::RemarkRules;
use super::resubmission::resubmit_for;
use super::vocab::{Path, Resubmit};
use super::workflow::WorkKind;

/// Everything triage needs to know, already looked up.
#[derive(Debug, Clone)]
pub struct TriageInput<'a> {
    pub kind: WorkKind,
    pub at_risk: Cents,
    /// `CO-29`, `A7:562:85`.
    pub reason_code: &'a str,
    pub reason_label: &'a str,
    pub default_path: Path,
    /// False when the CARC is not appealable or the plan forbids appealing it.
    pub appealable: bool,
    pub remarks: RemarkRules,
    /// A non-covered service the payer left to the patient (PR-96, PR-204): bill the patient.
    pub patient_liable: bool,
    /// A hard denial (the table's `hardness`): a closed appeal window is not reopened by
    /// refiling a corrected claim.
    pub hard: bool,
    pub institutional: bool,
    pub service_date: Option<NaiveDate>,
    pub notice_date: Option<NaiveDate>,
    pub rule: &'a ResolvedRule,
    pub recoverability: u32,
    pub write_off_threshold: Cents,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    /// The window a fix works against: filing (or refiling), or Medicare's reopening.
    pub filing: Option<Deadline>,
    pub appeal: Option<Deadline>,
    /// The aim date of the suggested path's window.
    pub due: Option<NaiveDate>,
    /// The last day any way out stays open; `None` when a window has no published outer limit
    /// (or there is no window at all).
    pub last: Option<NaiveDate>,
    pub path: Path,
    pub path_reason: String,
    pub resubmit: Resubmit,
    pub factors: PriorityFactors,
}

impl Triage {
    pub fn priority(&self) -> i64 {
        self.factors.score()
    }
}

/// The deadline a path works against: a fix must be refiled in time, an appeal filed in time.
pub fn working_deadline(path: Path, filing: Option<NaiveDate>, appeal: Option<NaiveDate>) -> Option<NaiveDate> {
    match path {
        Path::Fix => filing.or(appeal),
        Path::Appeal | Path::Close => appeal.or(filing),
    }
}

/// The last day any of `doors` stays open: `None` when one of them has no published outer
/// limit (it may stay open) or there are none.
pub fn last_open_day<'d>(doors: impl IntoIterator<Item = &'d Deadline>) -> Option<NaiveDate> {
    let mut last: Option<NaiveDate> = None;
    for d in doors {
        last = Some(d.last?.max(last.unwrap_or(NaiveDate::MIN)));
    }
    last
}

pub fn triage(input: &TriageInput<'_>) -> Triage {
    let mut resubmit = resubmit_for(input.kind, input.rule.plan, input.institutional, &input.remarks);
    if resubmit == Resubmit::Reopening && !input.appealable {
        // No initial determination to reopen (a CO-29 late filing is none: MCPM ch. 1 sec.
        // 70.4): only the filing window, with its exceptions (42 CFR 424.44(b)), is left.
        resubmit = Resubmit::Replacement;
    }
    let filing = match resubmit {
        Resubmit::Reopening => input.rule.rule.reopening_deadline(input.notice_date),
        _ => input.service_date.map(|d| input.rule.rule.filing_deadline(d)),
    };
    // A rejection was never filed, so it has no appeal: its clock is the filing deadline.
    let can_appeal = input.kind.was_adjudicated() && input.appealable && input.remarks.no_appeal.is_none();
    let appeal = if can_appeal { input.rule.rule.appeal_deadline(input.notice_date, input.service_date) } else { None };
    let (path, path_reason) = suggest_path(input, filing.as_ref(), appeal.as_ref());
    let due = working_deadline(path, filing.as_ref().map(|d| d.date), appeal.as_ref().map(|d| d.date));
    let last = last_open_day(filing.iter().chain(appeal.iter()));
    let urgency = urgency(due, last, input.today);
    let factors = PriorityFactors::new(input.at_risk, urgency, input.recoverability, input.write_off_threshold);
    Triage { filing, appeal, due, last, path, path_reason, resubmit, factors }
}

/// A door's state on `today`: open (maybe past its aim date) or closed on its last date.
enum Door<'d> {
    Open,
    Late(&'d Deadline),
    Closed(NaiveDate),
    Missing,
}

fn door(d: Option<&Deadline>, today: NaiveDate) -> Door<'_> {
    match d {
        None => Door::Missing,
        Some(d) if d.closed(today) => Door::Closed(d.last.unwrap_or(d.date)),
        Some(d) if d.date < today => Door::Late(d),
        Some(_) => Door::Open,
    }
}

/// "the aim date 2026-10-13 passed; the window stays open until 2027-07-15".
fn late(what: &str, d: &Deadline, today: NaiveDate) -> String {
    match d.last {
        Some(l) => format!("{what} aim date {} passed; open until {l} (last possible): act now", d.date),
        None if (today - d.date).num_days() > STALE_AFTER_DAYS => format!(
            "{what} aim date {} passed over a year ago and no later limit is published: confirm with the payer \
             before working or closing it",
            d.date
        ),
        None => format!(
            "{what} aim date {} passed; no later limit is published: act now and confirm with the payer",
            d.date
        ),
    }
}

fn suggest_path(input: &TriageInput<'_>, filing: Option<&Deadline>, appeal: Option<&Deadline>) -> (Path, String) {
    let code = input.reason_code;
    let label = input.reason_label;
    let today = input.today;
    let fix_door = door(filing, today);
    let appeal_door = door(appeal, today);
    if input.kind == WorkKind::NoResponse {
        return (Path::Fix, no_answer(input, fix_door));
    }
    if input.kind == WorkKind::Rejection {
        return match fix_door {
            Door::Closed(l) => (Path::Close, format!("filing window closed on {l}: the claim can no longer be filed")),
            Door::Late(d) => (Path::Fix, format!("{code} rejected before adjudication; {}", late("filing", d, today))),
            _ => (Path::Fix, format!("{code} rejected before adjudication: correct and resubmit within 24 hours")),
        };
    }
    if input.at_risk < input.write_off_threshold {
        return (
            Path::Close,
            format!("{} at risk is below the {} write-off threshold", input.at_risk, input.write_off_threshold),
        );
    }
    if input.patient_liable {
        return (Path::Close, format!("{code} {label}: the payer leaves it to the patient; bill the patient"));
    }
    let dictated = input.remarks.path.map(|(_, r)| r);
    // "(no appeal rights)" after the remark that dictates the path; the code too for another.
    let no_appeal = input
        .remarks
        .no_appeal
        .map(|r| if Some(r) == dictated { "no appeal rights".to_string() } else { format!("{r}: no appeal rights") });
    let (path, why) = match input.remarks.path {
        Some((p, rarc)) => (p, format!("{rarc} says")),
        None => (input.default_path, format!("{code} {label}")),
    };
    let not_appealable = || match &no_appeal {
        Some(w) => w.clone(),
        None => format!("{code} {label} is not appealable on this plan ({})", input.rule.plan),
    };
    match path {
        Path::Close => (Path::Close, format!("{why}: rarely recoverable, close unless records show otherwise")),
        Path::Appeal if !has_appeal_rights(input) => (Path::Close, not_appealable()),
        Path::Appeal => match (appeal_door, fix_door) {
            (Door::Open, _) if input.kind == WorkKind::Underpayment => (
                Path::Appeal,
                format!(
                    "{why}: dispute the payment with the payer, citing the contracted rate (payment dispute or reconsideration)"
                ),
            ),
            (Door::Open, _) => (Path::Appeal, format!("{why}: appeal with supporting documentation")),
            (Door::Late(d), _) => (Path::Appeal, format!("{why}; {}", late("appeal", d, today))),
            (Door::Closed(a), Door::Open | Door::Late(_)) if !input.hard => {
                (Path::Fix, format!("appeal window closed on {a}; correct and resubmit instead"))
            }
            (Door::Closed(a), _) => (Path::Close, format!("appeal window closed on {a}")),
            (Door::Missing, _) => (Path::Appeal, format!("{why}: appeal (no remit date: confirm the deadline)")),
        },
        Path::Fix => match (fix_door, appeal_door) {
            (Door::Open | Door::Missing, _) => {
                let mut s = format!("{why}: correct the claim and resubmit");
                if let Some(w) = no_appeal {
                    s.push_str(&format!(" ({w})"));
                }
                (Path::Fix, s)
            }
            (Door::Late(d), _) => (Path::Fix, format!("{why}; {}", late("refile", d, today))),
            (Door::Closed(f), Door::Open | Door::Late(_)) => {
                (Path::Appeal, format!("refile window closed on {f}; appeal instead"))
            }
            (Door::Closed(f), _) => (Path::Close, format!("refile window closed on {f}")),
        },
    }
}

/// A claim the payer never answered is followed up, never closed on the desk's say: it was
/// submitted, and its submission on record is the proof of timely filing to give the payer.
fn no_answer(input: &TriageInput<'_>, filing: Door<'_>) -> String {
    let label = input.reason_label;
    let action = Silence::from_code(input.reason_code).map_or("call the payer or check its portal", Silence::action);
    match filing {
        Door::Open | Door::Missing => format!("{label}: {action}"),
        Door::Late(d) => format!("{label}: {action}; {}", late("filing", d, input.today)),
        Door::Closed(l) => format!(
            "{label}; the filing window closed on {l}: call the payer or check its portal, and give it the \
             submission on record (the clearinghouse's acceptance report) as proof of timely filing"
        ),
    }
}

fn has_appeal_rights(input: &TriageInput<'_>) -> bool {
    input.appealable && input.remarks.no_appeal.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadlines::Deadline;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn the_last_open_day_is_unknown_when_any_door_has_no_outer_limit() {
        let certain = Deadline::exact(d(3, 1), String::new());
        let later = Deadline { date: d(2, 1), last: Some(d(6, 1)), basis: String::new() };
        let open = Deadline { date: d(1, 1), last: None, basis: String::new() };
        assert_eq!(last_open_day([&certain, &later]), Some(d(6, 1)));
        assert_eq!(last_open_day([&certain, &open]), None);
        assert_eq!(last_open_day(std::iter::empty()), None);
    }
}
