//! How a fixed claim goes back to the payer, and what it must carry to be matched to the
//! original (the sentence the fix dialog and the detail show).

use super::remarks::RemarkRules;
use super::vocab::{PlanType, Resubmit};
use super::workflow::WorkKind;

/// The kind of resubmission a fix needs.
/// - Rejections were never accepted: a new claim (frequency 1).
/// - A remark may demand a new claim (MA130, N142) or a replacement.
/// - Medicare fee-for-service professional claims are corrected by reopening (42 CFR 405.980;
///   domain.md: Part B corrections go through the MAC's reopening); institutional ones by an
///   adjustment bill, type xx7, within timely filing (CGS: adjustment claims are subject to the
///   one-year limit).
/// - Everyone else: a replacement claim (frequency 7 with REF*F8).
pub fn resubmit_for(kind: WorkKind, plan: PlanType, institutional: bool, remarks: &RemarkRules) -> Resubmit {
    if kind == WorkKind::Rejection {
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
}
