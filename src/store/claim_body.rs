//! A claim's service lines, adjustments and remarks, stored as one packed document in the
//! claim's row (`claim.body`, schema v14; the text is [`super::claim_body_text`]'s). Claims
//! written before keep theirs, as JSON, in the `claim_body` table. They are read whole, only
//! for one claim's detail, its letter and matching a later answer to its lines; nothing
//! searches them across claims. One row per claim
//! instead of a row (and index entries) per line, adjustment and remark is what lets a
//! 100,000-claim remit import in about a second.
//!
//! Line numbers are positions (the first line is 1); amounts are integer cents. Schema v6 built
//! JSON documents (short keys, `YYYY-MM-DD` dates) from the row tables of older ledgers.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::domain::remit::{Adjustment, Remark, RemitClaim, ServiceLine};

fn is_empty<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// The packed document: claim-level adjustments and remarks, then the lines with theirs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimBody<'a> {
    #[serde(rename = "a", default, skip_serializing_if = "is_empty")]
    pub adjustments: Vec<BodyAdjustment<'a>>,
    #[serde(rename = "r", default, skip_serializing_if = "is_empty")]
    pub remarks: Vec<BodyRemark<'a>>,
    #[serde(rename = "l", default, skip_serializing_if = "is_empty")]
    pub lines: Vec<BodyLine<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyAdjustment<'a> {
    /// Group code (CO, PR, OA, PI, CR).
    #[serde(rename = "g")]
    pub group: Cow<'a, str>,
    #[serde(rename = "c")]
    pub carc: Cow<'a, str>,
    /// Cents.
    #[serde(rename = "m")]
    pub amount: i64,
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyRemark<'a> {
    /// Where the remark came from (LQ, MOA, MIA).
    #[serde(rename = "s")]
    pub source: Cow<'a, str>,
    #[serde(rename = "c")]
    pub code: Cow<'a, str>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyLine<'a> {
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Cow<'a, str>>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Cow<'a, str>>,
    /// Space-separated.
    #[serde(rename = "md", default, skip_serializing_if = "Option::is_none")]
    pub modifiers: Option<Cow<'a, str>>,
    #[serde(rename = "rv", default, skip_serializing_if = "Option::is_none")]
    pub revenue_code: Option<Cow<'a, str>>,
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub units: Option<f64>,
    #[serde(rename = "ch")]
    pub charge: i64,
    #[serde(rename = "pd")]
    pub paid: i64,
    #[serde(rename = "al", default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<i64>,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub control_no: Option<Cow<'a, str>>,
    #[serde(rename = "a", default, skip_serializing_if = "is_empty")]
    pub adjustments: Vec<BodyAdjustment<'a>>,
    #[serde(rename = "r", default, skip_serializing_if = "is_empty")]
    pub remarks: Vec<BodyRemark<'a>>,
}

fn adjustments(list: &[Adjustment]) -> Vec<BodyAdjustment<'_>> {
    list.iter()
        .map(|a| BodyAdjustment {
            group: Cow::Borrowed(a.group.as_str()),
            carc: Cow::Borrowed(a.carc.as_str()),
            amount: a.amount.cents(),
            quantity: a.quantity,
        })
        .collect()
}

fn remarks(list: &[Remark]) -> Vec<BodyRemark<'_>> {
    list.iter()
        .map(|r| BodyRemark { source: Cow::Borrowed(r.source.as_str()), code: Cow::Borrowed(r.code.as_str()) })
        .collect()
}

fn text(s: &str) -> Option<Cow<'_, str>> {
    (!s.is_empty()).then_some(Cow::Borrowed(s))
}

fn line(l: &ServiceLine) -> BodyLine<'_> {
    BodyLine {
        qualifier: text(&l.qualifier),
        procedure: text(&l.procedure),
        modifiers: (!l.modifiers.is_empty()).then(|| Cow::Owned(l.modifiers.join(" "))),
        revenue_code: l.revenue_code.as_deref().map(Cow::Borrowed),
        units: l.units,
        charge: l.charge.cents(),
        paid: l.paid.cents(),
        allowed: l.allowed.map(|a| a.cents()),
        from: l.date_from,
        to: l.date_to,
        control_no: l.control_no.as_deref().map(Cow::Borrowed),
        adjustments: adjustments(&l.adjustments),
        remarks: remarks(&l.remarks),
    }
}

impl<'a> ClaimBody<'a> {
    /// The document of a remitted claim, borrowing its text.
    pub fn of(c: &'a RemitClaim) -> ClaimBody<'a> {
        ClaimBody {
            adjustments: adjustments(&c.adjustments),
            remarks: remarks(&c.remarks),
            lines: c.lines.iter().map(line).collect(),
        }
    }
}

/// The claim's document as stored (`None`: nothing to pack). Pure: the import packs claims on
/// its parsing thread, so the writing thread only stores them.
pub fn pack(c: &RemitClaim) -> Option<String> {
    if c.adjustments.is_empty() && c.remarks.is_empty() && c.lines.is_empty() {
        return None;
    }
    Some(super::claim_body_text::encode(&ClaimBody::of(c)))
}

impl ClaimBody<'_> {
    /// The service lines as the remit gave them (codes the ledger cannot read back are left
    /// out of the line's adjustments).
    pub fn service_lines(&self) -> Vec<ServiceLine> {
        use crate::domain::code::{Carc, GroupCode};
        use crate::domain::money::Cents;
        let owned = |s: &Option<Cow<'_, str>>| s.as_deref().unwrap_or("").to_string();
        self.lines
            .iter()
            .map(|l| ServiceLine {
                qualifier: owned(&l.qualifier),
                procedure: owned(&l.procedure),
                modifiers: l.modifiers.as_deref().unwrap_or("").split_whitespace().map(str::to_string).collect(),
                revenue_code: l.revenue_code.as_deref().map(str::to_string),
                units: l.units,
                charge: Cents(l.charge),
                paid: Cents(l.paid),
                allowed: l.allowed.map(Cents),
                date_from: l.from,
                date_to: l.to,
                control_no: l.control_no.as_deref().map(str::to_string),
                adjustments: l
                    .adjustments
                    .iter()
                    .filter_map(|a| {
                        Some(Adjustment {
                            group: GroupCode::parse(&a.group)?,
                            carc: Carc::new(&a.carc)?,
                            amount: Cents(a.amount),
                            quantity: a.quantity,
                        })
                    })
                    .collect(),
                remarks: Vec::new(),
            })
            .collect()
    }
}

/// The claim's document (empty when it has none).
pub fn read<'a>(db: impl Into<super::db::Conn<'a>>, claim_id: i64) -> Result<ClaimBody<'static>, StoreError> {
    // The claim's own, else one written before version 14.
    let sql = "SELECT coalesce(c.body, (SELECT b.body FROM claim_body b WHERE b.claim_id = c.id)) FROM claim c
               WHERE c.id = ?1";
    let stored: Option<String> = db.into().query_opt(sql, &[&claim_id], |r| r.get(0))?.flatten();
    let damaged = |e: String| StoreError::new(format!("the stored lines of claim {claim_id} are damaged: {e}"));
    match stored {
        None => Ok(ClaimBody::default()),
        Some(j) if j.starts_with('{') => serde_json::from_str(&j).map_err(|e| damaged(e.to_string())),
        Some(packed) => super::claim_body_text::decode(&packed).map_err(damaged),
    }
}
