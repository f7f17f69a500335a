//! The claim loop of an 835: CLP, CAS, SVC, remarks, dates, names, and the PLB after it.

use super::Handler;
use crate::domain::code::{Carc, GroupCode, Rarc};
use crate::domain::remit::{Adjustment, ProviderAdjustment, Remark, RemarkSource, RemitClaim, ServiceLine};
use crate::import::x12::{self, Segment, X12Error, money, money_or_zero};

impl Handler<'_> {
    pub(super) fn start_claim(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.flush_claim(seg)?;
        let pcn = seg.text(1);
        if pcn.is_empty() {
            return Err(seg.error("CLP01 patient control number is empty"));
        }
        let status = seg.text(2);
        if status.is_empty() {
            return Err(seg.error("CLP02 claim status is empty"));
        }
        self.counts.claims += 1;
        if status == "22" {
            self.counts.reversals += 1;
        }
        let filing_indicator = seg.opt(6);
        self.txn.claim = Some(RemitClaim {
            pcn: pcn.into_owned(),
            status: status.into_owned(),
            charge: x12::amount_or_warn(seg, 3, "total claim charge", &mut self.warnings)?,
            paid: x12::amount_or_warn(seg, 4, "claim payment amount", &mut self.warnings)?,
            patient_resp: money_or_zero(seg, 5, "patient responsibility")?,
            institutional: filing_indicator.as_deref() == Some("MA"),
            filing_indicator,
            payer_claim_no: seg.opt(7),
            facility_code: seg.opt(8).or_else(|| self.txn.facility.clone()),
            frequency: seg.opt(9),
            ..RemitClaim::default()
        });
        Ok(())
    }

    pub(super) fn adjustments(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let group_text = seg.text(1);
        let group = GroupCode::parse(&group_text)
            .ok_or_else(|| seg.error("CAS01 is not a claim adjustment group code (CO, PR, OA, PI, CR)"))?;
        let mut found = Vec::new();
        for k in 0..6 {
            let (r, a, q) = (2 + 3 * k, 3 + 3 * k, 4 + 3 * k);
            let reason = seg.text(r);
            if reason.is_empty() {
                if !seg.text(a).is_empty() {
                    return Err(seg.error(format!("CAS{a:02} has an amount but CAS{r:02} has no reason code")));
                }
                continue;
            }
            let carc = Carc::new(&reason).ok_or_else(|| seg.error(format!("CAS{r:02} is not a valid reason code")))?;
            if !carc.well_formed() {
                self.warnings.push(format!(
                    "segment {} (CAS): CAS{r:02} '{carc}' is not a claim adjustment reason code; kept as an unknown \
                     code for review",
                    seg.number
                ));
            }
            let amount = money(seg, a, "adjustment amount")?;
            let qt = seg.text(q);
            let quantity = if qt.is_empty() { None } else { qt.parse::<f64>().ok() };
            if !qt.is_empty() && quantity.is_none() {
                self.warnings
                    .push(format!("segment {} (CAS): CAS{q:02} quantity is not a number; ignored", seg.number));
            }
            found.push(Adjustment { group, carc, amount, quantity });
        }
        self.counts.adjustments += found.len() as u64;
        let claim = self.claim_mut(seg)?;
        match claim.lines.last_mut() {
            Some(line) => line.adjustments.extend(found),
            None => claim.adjustments.extend(found),
        }
        Ok(())
    }

    pub(super) fn remarks(
        &mut self,
        seg: &Segment<'_>,
        elements: &[usize],
        source: RemarkSource,
    ) -> Result<(), X12Error> {
        let mut found = Vec::new();
        for &n in elements {
            let t = seg.text(n);
            if t.is_empty() {
                continue;
            }
            match Rarc::new(&t) {
                Some(code) => found.push(Remark { source, code }),
                None => self.warnings.push(format!(
                    "segment {} ({}): {}{n:02} is not a valid remark code; ignored",
                    seg.number,
                    seg.id(),
                    seg.id()
                )),
            }
        }
        self.counts.remarks += found.len() as u64;
        let claim = self.claim_mut(seg)?;
        match (source, claim.lines.last_mut()) {
            (RemarkSource::Lq { .. }, Some(line)) => line.remarks.extend(found),
            _ => claim.remarks.extend(found),
        }
        Ok(())
    }

    pub(super) fn service_line(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let mut parts = seg.components(1).map(|c| c.trim().to_string());
        let qualifier = parts.next().unwrap_or_default();
        let procedure = parts.next().unwrap_or_default();
        let modifiers: Vec<String> = parts.take(4).filter(|m| !m.is_empty()).collect();
        let units_text = seg.text(5);
        let line = ServiceLine {
            revenue_code: if qualifier == "NU" { Some(procedure.clone()) } else { seg.opt(4) },
            qualifier,
            procedure,
            modifiers,
            units: if units_text.is_empty() { Some(1.0) } else { units_text.parse().ok() },
            charge: x12::amount_or_warn(seg, 2, "line charge", &mut self.warnings)?,
            paid: x12::amount_or_warn(seg, 3, "line payment", &mut self.warnings)?,
            ..ServiceLine::default()
        };
        self.counts.service_lines += 1;
        let claim = self.claim_mut(seg)?;
        claim.institutional |= line.revenue_code.is_some();
        claim.lines.push(line);
        Ok(())
    }

    pub(super) fn claim_segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let mut warn = Vec::new();
        let claim = self.claim_mut(seg)?;
        match (seg.id(), claim.lines.last_mut()) {
            ("NM1", _) => name(claim, seg),
            ("DTM", None) => {
                let d = x12::opt_date(seg, 2, &mut warn);
                match &*seg.text(1) {
                    "232" => claim.statement_from = d,
                    "233" => claim.statement_to = d,
                    "050" => claim.received = d,
                    _ => {}
                }
            }
            ("DTM", Some(line)) => {
                let (from, to) = match &*seg.text(5) {
                    "RD8" => x12::period(&seg.text(6)),
                    _ => {
                        let d = x12::opt_date(seg, 2, &mut warn);
                        (d, d)
                    }
                };
                match &*seg.text(1) {
                    "472" => (line.date_from, line.date_to) = (from, to),
                    "150" => line.date_from = from,
                    "151" => line.date_to = from,
                    _ => {}
                }
            }
            ("REF", None) if seg.text(1) == "G1" => claim.prior_auth = seg.opt(2),
            ("REF", None) if seg.text(1) == "F8" => claim.original_ref = seg.opt(2),
            ("REF", Some(line)) if seg.text(1) == "6R" => line.control_no = seg.opt(2),
            ("REF", Some(_)) if seg.text(1) == "G1" && claim.prior_auth.is_none() => claim.prior_auth = seg.opt(2),
            ("AMT", Some(line)) if seg.text(1) == "B6" => line.allowed = money(seg, 2, "allowed amount").ok(),
            _ => {}
        }
        self.warnings.append(&mut warn);
        Ok(())
    }
}

/// NM1 in the claim loop: patient (QC), insured (IL), rendering provider (82).
fn name(claim: &mut RemitClaim, seg: &Segment<'_>) {
    match &*seg.text(1) {
        "QC" => {
            claim.patient.last = seg.text(3).into_owned();
            claim.patient.first = seg.text(4).into_owned();
            if claim.member_id.is_none() {
                claim.member_id = seg.opt(9);
            }
        }
        "IL" => claim.member_id = seg.opt(9).or(claim.member_id.take()),
        "82" => {
            let mut n = seg.text(3).into_owned();
            let first = seg.text(4);
            if !first.is_empty() {
                n.push_str(", ");
                n.push_str(&first);
            }
            claim.rendering_name = (!n.is_empty()).then_some(n);
            claim.rendering_npi = (seg.text(8) == "XX").then(|| seg.opt(9)).flatten();
        }
        _ => {}
    }
}

impl Handler<'_> {
    pub(super) fn plb(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.flush_claim(seg)?;
        self.counts.plb += 1;
        let provider_id = seg.text(1).into_owned();
        let fiscal_date = x12::opt_date(seg, 2, &mut self.warnings);
        for n in (3..=13).step_by(2) {
            if seg.text(n).is_empty() {
                continue;
            }
            let adj = ProviderAdjustment {
                provider_id: provider_id.clone(),
                fiscal_date,
                reason: seg.component(n, 1),
                reference: Some(seg.component(n, 2)).filter(|r| !r.is_empty()),
                amount: money(seg, n + 1, "provider adjustment amount")?,
            };
            if !self.txn.skipping {
                self.sink.provider_adjustment(adj).map_err(|e| seg.error(e))?;
            }
        }
        Ok(())
    }
}
