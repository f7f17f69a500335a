//! Triage of one new work item: its deadlines, the path we suggest and why, and its priority.

use chrono::NaiveDate;

use super::code::Rarc;
use super::deadlines::Deadline;
use super::money::Cents;
use super::payer_rules::ResolvedRule;
use super::priority::{PriorityFactors, urgency};
use super::vocab::Path;
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
    pub rarc_path: Option<(Path, Rarc)>,
    pub service_date: Option<NaiveDate>,
    pub notice_date: Option<NaiveDate>,
    pub rule: &'a ResolvedRule,
    pub recoverability: u32,
    pub write_off_threshold: Cents,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    pub filing: Option<Deadline>,
    pub appeal: Option<Deadline>,
    /// The deadline the suggested path works against.
    pub due: Option<NaiveDate>,
    pub path: Path,
    pub path_reason: String,
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

pub fn triage(input: &TriageInput<'_>) -> Triage {
    let filing = input.service_date.map(|d| input.rule.rule.filing_deadline(d));
    // A rejection was never filed, so it has no appeal: its clock is the filing deadline.
    let appeal = match input.kind {
        WorkKind::Rejection => None,
        WorkKind::Denial if input.appealable => input.rule.rule.appeal_deadline(input.notice_date, input.service_date),
        WorkKind::Denial => None,
    };
    let filing_date = filing.as_ref().map(|d| d.date);
    let appeal_date = appeal.as_ref().map(|d| d.date);
    let (path, path_reason) = suggest_path(input, filing_date, appeal_date);
    let due = working_deadline(path, filing_date, appeal_date);
    let factors = PriorityFactors {
        at_risk: input.at_risk,
        urgency: urgency(due, input.today),
        recoverability: input.recoverability,
    };
    Triage { filing, appeal, due, path, path_reason, factors }
}

fn suggest_path(input: &TriageInput<'_>, filing: Option<NaiveDate>, appeal: Option<NaiveDate>) -> (Path, String) {
    let code = input.reason_code;
    let today = input.today;
    if input.kind == WorkKind::Rejection {
        return match filing {
            Some(f) if f < today => {
                (Path::Close, format!("filing deadline passed on {f}: the claim can no longer be filed"))
            }
            _ => (Path::Fix, format!("{code} rejected before adjudication: correct and resubmit within 24 hours")),
        };
    }
    if input.at_risk < input.write_off_threshold {
        return (
            Path::Close,
            format!("{} at risk is below the {} write-off threshold", input.at_risk, input.write_off_threshold),
        );
    }
    if let Some((p, rarc)) = input.rarc_path {
        let why = match p {
            Path::Fix => {
                format!("{rarc}: unprocessable as sent, correct and resubmit (no appeal rights)")
            }
            Path::Close => format!("{rarc}: the payer allows no appeal of this decision"),
            Path::Appeal => format!("{rarc}: the payer invites an appeal"),
        };
        return (p, why);
    }
    match input.default_path {
        Path::Appeal if !input.appealable => {
            (Path::Close, format!("{code} {} is not appealable on this plan ({})", input.reason_label, input.rule.plan))
        }
        Path::Appeal => match appeal {
            Some(a) if a < today => (Path::Close, format!("appeal window closed on {a}")),
            _ => (Path::Appeal, format!("{code} {}: appeal with supporting documentation", input.reason_label)),
        },
        Path::Fix => match filing {
            Some(f) if f < today => match appeal {
                Some(a) if a >= today => (Path::Appeal, format!("filing deadline passed on {f}; appeal instead")),
                _ => (Path::Close, format!("filing deadline passed on {f}")),
            },
            _ => (Path::Fix, format!("{code} {}: correct the claim and resubmit", input.reason_label)),
        },
        Path::Close => (
            Path::Close,
            format!("{code} {}: rarely recoverable, close unless records show otherwise", input.reason_label),
        ),
    }
}
