//! A work item's letter: the one saved with its appeal, or a fresh one from the templates.

use chrono::NaiveDate;

use super::{LetterData, LetterInput, PracticeProfile, Templates};
use crate::domain::appeal::PacketEntry;
use crate::domain::payer_rules::resolve_rule;
use crate::domain::remit::PayerIdent;
use crate::domain::tables::Tables;
use crate::store::db::Conn;
use crate::store::detail::detail;

/// Who writes, and with which templates and tables.
pub struct LetterSetup<'a> {
    pub templates: &'a Templates,
    pub tables: &'a Tables,
    pub practice: &'a PracticeProfile,
    pub biller: &'a str,
    pub today: NaiveDate,
    /// Where the appeal goes, instead of the `payers.csv` row's `appeal_address`.
    pub payer_address: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    pub text: String,
    /// True when this is the letter saved with the appeal (not a fresh rendering).
    pub saved: bool,
    /// The appeal's level, when the item has an appeal.
    pub level: Option<u8>,
    /// The facts the letter was (or would be) rendered from: the PDF's address block,
    /// footer and enclosures page use them.
    pub data: LetterData,
    /// The current appeal's packet checklist (empty before an appeal is opened).
    pub packet: Vec<PacketEntry>,
}
/// The saved letter of the item's current appeal, else one rendered from the templates.
pub fn compose<'a>(db: impl Into<Conn<'a>>, id: i64, s: &LetterSetup<'_>) -> Result<Composed, String> {
    build(db.into(), id, s, false)
}

/// A letter rendered from the templates, even when one was saved (to start over).
pub fn compose_fresh<'a>(db: impl Into<Conn<'a>>, id: i64, s: &LetterSetup<'_>) -> Result<Composed, String> {
    build(db.into(), id, s, true)
}

fn build(conn: Conn<'_>, id: i64, s: &LetterSetup<'_>, fresh: bool) -> Result<Composed, String> {
    let d = detail(conn, id).map_err(|e| e.to_string())?.ok_or_else(|| format!("work item {id} does not exist"))?;
    if !d.row.kind.was_adjudicated() {
        return Err(format!("work item {id} is a rejection: rejections are fixed and resubmitted, not appealed"));
    }
    let current = d.row.appeal.as_ref().and_then(|b| d.appeals.iter().find(|a| a.id == b.id));
    if current.is_none() && !d.row.appealable {
        return Err(format!(
            "work item {id} ({}) is not appealable on {}: no letter",
            d.row.reason_code, d.row.plan_type
        ));
    }
    let payer = PayerIdent { name: d.row.payer.clone(), id: d.payer_ident.clone() };
    let key = resolve_rule(s.tables, &payer, None).key;
    let payer_address = s.payer_address.clone().unwrap_or_else(|| {
        let row = key.as_ref().and_then(|k| s.tables.payers.iter().find(|p| &p.key == k));
        row.map_or_else(Vec::new, |p| p.appeal_address.clone())
    });
    let data = LetterData::build(&LetterInput {
        detail: &d,
        appeal: current,
        tables: s.tables,
        practice: s.practice,
        biller: s.biller,
        today: s.today,
        payer_address,
    });
    let (level, packet) = (current.map(|a| a.level), current.map(|a| a.packet.clone()).unwrap_or_default());
    if let Some(text) = current.and_then(|a| a.letter.clone()).filter(|t| !fresh && !t.trim().is_empty()) {
        return Ok(Composed { text, saved: true, level, data, packet });
    }
    // Nothing unknown about the sender reaches a letter that can be saved or sent.
    if let Some(why) = s.practice.incomplete() {
        return Err(why);
    }
    let text = s.templates.render(key.as_deref(), d.row.category, &data)?;
    Ok(Composed { text, saved: false, level, data, packet })
}
