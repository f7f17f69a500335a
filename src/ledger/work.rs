//! Opening a work item: triage (deadlines, path, priority), insert, and the audit event.

use chrono::NaiveDate;

use crate::domain::code::Rarc;
use crate::domain::money::Cents;
use crate::domain::payer_rules::ResolvedRule;
use crate::domain::triage::{TriageInput, triage};
use crate::domain::vocab::{Hardness, Path, RootCause, Team, WorkType};
use crate::domain::workflow::{WorkKind, WorkState};
use crate::store::StoreError;
use crate::store::work_items::{self, NewWorkItem};

use super::sink::LedgerSink;

/// A classified denial or rejection, ready for triage.
pub(super) struct NewItem<'a> {
    pub kind: WorkKind,
    pub claim_id: i64,
    pub payer_id: Option<i64>,
    pub reason_code: &'a str,
    pub reason_label: &'a str,
    pub group_code: Option<&'a str>,
    pub carc: Option<&'a str>,
    pub rarcs: &'a str,
    pub status_code: Option<&'a str>,
    pub entity_code: Option<&'a str>,
    pub category: RootCause,
    pub work_type: WorkType,
    pub team: Team,
    pub hardness: Hardness,
    pub appealable: bool,
    pub caqh: Option<u8>,
    pub default_path: Path,
    pub rarc_path: Option<(Path, Rarc)>,
    pub amount: Cents,
    pub service_date: Option<NaiveDate>,
    pub notice_date: Option<NaiveDate>,
    pub procedure_code: Option<&'a str>,
    pub rule: &'a ResolvedRule,
    /// `835`, `277`, `csv`: named in the creation event.
    pub source_label: &'a str,
}

impl LedgerSink<'_> {
    pub(super) fn open_item(&mut self, n: &NewItem<'_>) -> Result<i64, StoreError> {
        let prior = self.tables.category(n.category).map_or(400, |c| c.recoverability);
        let input = TriageInput {
            kind: n.kind,
            at_risk: n.amount,
            reason_code: n.reason_code,
            reason_label: n.reason_label,
            default_path: n.default_path,
            appealable: n.appealable,
            rarc_path: n.rarc_path,
            service_date: n.service_date,
            notice_date: n.notice_date,
            rule: n.rule,
            recoverability: prior,
            write_off_threshold: self.ctx.write_off_threshold,
            today: self.ctx.today,
        };
        let tri = triage(&input);
        let id = work_items::insert_work_item(
            self.conn,
            &NewWorkItem {
                kind: n.kind,
                claim_id: n.claim_id,
                batch_id: self.ctx.batch_id,
                payer_id: n.payer_id,
                reason_code: n.reason_code,
                group_code: n.group_code,
                carc: n.carc,
                rarcs: n.rarcs,
                status_code: n.status_code,
                entity_code: n.entity_code,
                category: n.category,
                work_type: n.work_type,
                team: n.team,
                hardness: n.hardness,
                appealable: n.appealable,
                caqh: n.caqh,
                amount: n.amount,
                service_date: n.service_date,
                procedure_code: n.procedure_code,
                rule_source: &n.rule.source,
                triage: &tri,
                opened_on: n.notice_date.unwrap_or(self.ctx.today).min(self.ctx.today),
                today: self.ctx.today,
                created_at: &self.ctx.now,
            },
        )?;
        let detail = format!(
            "{} {} from {} file {}; suggested {}: {}",
            n.kind, n.reason_code, n.source_label, self.ctx.file_name, tri.path, tri.path_reason
        );
        self.event(id, "created", None, Some(WorkState::Open.as_str()), &detail)?;
        Ok(id)
    }
}
