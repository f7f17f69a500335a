//! What a claim-level 277 status means: a front-end rejection to work, an acceptance that
//! closes an earlier rejection, or only news about the claim.

use super::remit::{ClaimStatusRecord, StatusDetail, StatusSource};
use super::tables::Tables;
use super::vocab::{RootCause, StcEffect, Team, WorkType};

#[derive(Debug, Clone, PartialEq)]
pub struct RejectionFinding {
    /// The first rejecting status composite.
    pub status: StatusDetail,
    pub category: RootCause,
    pub team: Team,
    pub work_type: WorkType,
}

impl RejectionFinding {
    /// `A7:562:85` style code for lists and filters.
    pub fn reason_code(&self) -> String {
        status_code_text(&self.status)
    }
}

pub fn status_code_text(s: &StatusDetail) -> String {
    let mut t = s.category.to_string();
    if let Some(c) = s.code {
        t.push(':');
        t.push_str(c.as_str());
    }
    if let Some(e) = s.entity {
        if s.code.is_none() {
            t.push(':');
        }
        t.push(':');
        t.push_str(e.as_str());
    }
    t
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatusOutcome {
    /// A 277CA rejected the claim before adjudication: it becomes rejection work.
    Rejected(RejectionFinding),
    /// A 277CA accepted the claim: any open rejection for it is resolved.
    Accepted(StatusDetail),
    /// Status news only (277 status responses, pending, finalized): update the claim.
    Informational(StatusDetail),
}

/// Decides what one claim-level status record means for the desk.
pub fn assess_status(rec: &ClaimStatusRecord, tables: &Tables) -> Option<StatusOutcome> {
    let first = rec.statuses.first()?.clone();
    if rec.source == StatusSource::Status277 {
        return Some(StatusOutcome::Informational(first));
    }
    let effect = |s: &StatusDetail| tables.stc_effect(s.category);
    if let Some(rej) = rec.statuses.iter().find(|s| effect(s) == StcEffect::Reject) {
        return Some(StatusOutcome::Rejected(rejection_finding(rej.clone(), tables)));
    }
    if let Some(acc) = rec.statuses.iter().find(|s| effect(s) == StcEffect::Accept) {
        return Some(StatusOutcome::Accepted(acc.clone()));
    }
    Some(StatusOutcome::Informational(first))
}

fn rejection_finding(status: StatusDetail, tables: &Tables) -> RejectionFinding {
    let code_info = status.code.and_then(|c| tables.status_codes.get(&c));
    let entity_cat = status.entity.and_then(|e| tables.entities.get(e.as_str())).map(|(_, cat)| *cat);
    let category = match code_info {
        Some(info) if info.entity_dependent => entity_cat.unwrap_or(info.category),
        Some(info) => info.category,
        None => entity_cat.unwrap_or(RootCause::ClaimData),
    };
    let (team, work_type) =
        tables.category(category).map_or((Team::BillingOps, WorkType::CorrectResubmit), |c| (c.team, c.work_type));
    RejectionFinding { status, category, team, work_type: fix_work(work_type) }
}

/// A rejection is always corrected and resubmitted; keep a more specific first step
/// (verify eligibility, credentialing) when the category names one.
fn fix_work(w: WorkType) -> WorkType {
    match w {
        WorkType::VerifyEligibility | WorkType::Credentialing | WorkType::UpdateCob | WorkType::CodingReview => w,
        _ => WorkType::CorrectResubmit,
    }
}
