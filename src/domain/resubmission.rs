//! How a fixed claim goes back to the payer, and what it must carry to be matched to the
//! original (the sentence the fix dialog and the detail show).

use chrono::NaiveDate;

use super::remarks::RemarkRules;
use super::vocab::{PlanType, Resubmit};
use super::workflow::WorkKind;

/// The kind of resubmission a fix needs.
/// - Rejections were never accepted, and a claim the payer never answered is not on its file:
///   a new claim (frequency 1).
/// - A remark may demand a new claim (MA130, N142) or a replacement.
/// - Medicare fee-for-service professional claims are corrected by reopening (42 CFR 405.980;
///   domain.md: Part B corrections go through the MAC's reopening); institutional ones by an
///   adjustment bill, type xx7, within timely filing (CGS: adjustment claims are subject to the
///   one-year limit).
/// - Everyone else: a replacement claim (frequency 7 with REF*F8).
pub fn resubmit_for(kind: WorkKind, plan: PlanType, institutional: bool, remarks: &RemarkRules) -> Resubmit {
    // A claim the payer has no record of is sent again as a new claim, like a rejected one.
    if matches!(kind, WorkKind::Rejection | WorkKind::NoResponse) {
        return Resubmit::New;
    }
    if let Some((r, _)) = remarks.resubmit {
        return r;
    }
    match plan {
        PlanType::Medicare if !institutional => Resubmit::Reopening,
        _ => Resubmit::Replacement,
    }
}

/// Days after a fix is sent by which its answer should be in, and why:
/// - a rejection's corrected claim: its 277CA acknowledgement, normally within a day or two of
///   submission (a practice default of 7 days leaves room for weekends and clearinghouse queues);
/// - a denial's corrected claim or reopening: payment of a clean claim, which Medicare makes within
///   30 days of receipt (Medicare Claims Processing Manual, Pub. 100-04, ch. 1 sec. 80.2.1.1,
///   payment ceiling); commercial prompt-pay laws mostly fall within 15-45 days.
pub fn answer_expected(kind: WorkKind) -> (i64, &'static str) {
    match kind {
        WorkKind::Rejection | WorkKind::NoResponse => {
            (7, "a 277CA acknowledgement normally arrives within a day or two (practice default: 7 days)")
        }
        WorkKind::Denial | WorkKind::Underpayment => {
            (30, "clean claims are paid within 30 days of receipt (MCPM ch. 1 sec. 80.2.1.1)")
        }
    }
}

/// The date to expect the payer's answer to a fix sent on `sent`: the expected days, or the
/// filing window's aim date when that comes first (the biller checks before the window closes).
pub fn expect_answer_by(kind: WorkKind, sent: NaiveDate, filing_aim: Option<NaiveDate>) -> NaiveDate {
    let by = sent + chrono::Duration::days(answer_expected(kind).0);
    filing_aim.filter(|aim| *aim > sent && *aim < by).unwrap_or(by)
}

/// What to send, in the biller's words.
pub fn instruction(how: Resubmit, institutional: bool, payer_claim_no: Option<&str>, remarks: &RemarkRules) -> String {
    let why = remarks.resubmit.filter(|(r, _)| *r == how).map(|(_, code)| format!(" ({code})")).unwrap_or_default();
    match how {
        Resubmit::New => {
            format!("submit a new claim (frequency code 1){why}: the payer holds no processed claim to replace")
        }
        Resubmit::Reopening => format!(
            "request a reopening from the Medicare contractor (portal or phone) within 1 year of the initial \
             determination{why}; a corrected claim would deny as a duplicate"
        ),
        Resubmit::Replacement if institutional => match payer_claim_no {
            Some(n) => format!("send an adjustment bill (type of bill xx7){why} with the original claim number {n}"),
            None => format!(
                "send an adjustment bill (type of bill xx7){why}; the remit gave no claim number, ask the payer"
            ),
        },
        Resubmit::Replacement => match payer_claim_no {
            Some(n) => format!("send a corrected claim: frequency code 7 with payer claim number {n}{why}"),
            None => format!(
                "send a corrected claim: frequency code 7{why}; the remit gave no payer claim number, ask the payer"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::code::Rarc;

    #[test]
    fn the_resubmission_follows_kind_remark_and_plan() {
        let none = RemarkRules::default();
        assert_eq!(resubmit_for(WorkKind::Rejection, PlanType::Medicare, false, &none), Resubmit::New);
        // 42 CFR 405.980: Medicare Part B clerical errors are reopened, not rebilled.
        assert_eq!(resubmit_for(WorkKind::Denial, PlanType::Medicare, false, &none), Resubmit::Reopening);
        // Part A: bill type xx7 within timely filing (CGS timely filing page).
        assert_eq!(resubmit_for(WorkKind::Denial, PlanType::Medicare, true, &none), Resubmit::Replacement);
        assert_eq!(resubmit_for(WorkKind::Denial, PlanType::Commercial, false, &none), Resubmit::Replacement);
        // MA130 (X12 RARC list): unprocessable, submit a new claim; the remark wins over the plan.
        let ma130 = RemarkRules { resubmit: Some((Resubmit::New, Rarc::new("MA130").unwrap())), ..none };
        assert_eq!(resubmit_for(WorkKind::Denial, PlanType::Medicare, false, &ma130), Resubmit::New);
        assert!(instruction(Resubmit::New, false, Some("X1"), &ma130).contains("frequency code 1) (MA130)"));
    }

    #[test]
    fn instructions_name_what_the_claim_must_carry() {
        let none = RemarkRules::default();
        assert_eq!(
            instruction(Resubmit::Replacement, false, Some("AE100"), &none),
            "send a corrected claim: frequency code 7 with payer claim number AE100"
        );
        assert!(instruction(Resubmit::Replacement, true, Some("DCN9"), &none).contains("type of bill xx7"));
        assert!(instruction(Resubmit::Reopening, false, None, &none).contains("reopening"));
        assert!(instruction(Resubmit::Replacement, false, None, &none).contains("ask the payer"));
    }

    #[test]
    fn a_fix_expects_its_answer_by_the_earlier_of_the_usual_days_and_the_filing_aim() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // MCPM ch. 1 sec. 80.2.1.1: clean claims paid within 30 days of receipt.
        assert_eq!(expect_answer_by(WorkKind::Denial, d("2026-11-02"), None), d("2026-12-02"));
        assert_eq!(expect_answer_by(WorkKind::Rejection, d("2026-11-02"), Some(d("2027-01-01"))), d("2026-11-09"));
        // The filing window's aim comes first: check before it closes.
        assert_eq!(expect_answer_by(WorkKind::Denial, d("2026-11-02"), Some(d("2026-11-20"))), d("2026-11-20"));
        // An aim already passed does not pull the date back.
        assert_eq!(expect_answer_by(WorkKind::Denial, d("2026-11-02"), Some(d("2026-10-01"))), d("2026-12-02"));
    }
}
