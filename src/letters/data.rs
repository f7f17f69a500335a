//! The data a letter template sees. Every field is always present (a missing value reads
//! "not on file"), so the strict engine fails only on a template's own mistakes.

use chrono::NaiveDate;
use serde::Serialize;

use super::PracticeProfile;
use crate::domain::appeal::COVER_LETTER;
use crate::domain::code::Rarc;
use crate::domain::money::Cents;
use crate::domain::tables::Tables;
use crate::store::appeals::AppealRecord;
use crate::store::detail::ItemDetail;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LetterData {
    pub today: String,
    pub practice: Practice,
    pub biller: Named,
    pub payer: Payer,
    pub patient: Patient,
    pub claim: Claim,
    pub denial: Denial,
    pub appeal: Appeal,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Named {
    pub name: String,
}

/// The practice as the letterhead and signature show it (optional keys empty when unset).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Practice {
    pub name: String,
    pub address: Vec<String>,
    pub phone: String,
    pub fax: String,
    pub npi: String,
    pub tin: String,
    /// Who signs and answers for the appeal: the profile's contact, else the biller.
    pub contact: String,
    pub title: String,
}

impl Practice {
    fn of(p: &PracticeProfile, biller: &str) -> Practice {
        let contact = PracticeProfile::text(&p.contact);
        Practice {
            name: PracticeProfile::text(&p.name),
            address: p.address_lines(),
            phone: PracticeProfile::text(&p.phone),
            fax: PracticeProfile::text(&p.fax),
            npi: PracticeProfile::text(&p.npi),
            tin: PracticeProfile::text(&p.tin),
            contact: if contact.is_empty() { biller.to_string() } else { contact },
            title: PracticeProfile::text(&p.title),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Payer {
    pub name: String,
    pub id: String,
    /// Where written appeals go (`payers.csv`'s `appeal_address`), line by line; empty when
    /// the table does not say.
    pub address: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Patient {
    pub name: String,
    pub first: String,
    pub last: String,
    pub member_id: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Claim {
    pub pcn: String,
    pub payer_claim_no: String,
    pub service_dates: String,
    /// The procedure codes, or "not on file" (for the claim block).
    pub procedures: String,
    /// For sentences: "procedure 99214", "procedures 99214, 36415" or "the services billed".
    pub services: String,
    pub procedures_known: bool,
    pub rendering: String,
    pub charge: String,
    pub paid: String,
    pub remit_date: String,
    /// Check or EFT trace number; empty when none.
    pub trace: String,
    /// CLP09: `1` original, `7` corrected.
    pub frequency: String,
    /// Authorization number on the claim; empty when none.
    pub prior_auth: String,
    /// Whether the payer paid anything on it (a primary payment, for COB letters).
    pub paid_before: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Denial {
    pub reason_code: String,
    pub label: String,
    /// Remark codes with their labels; empty when none.
    pub remarks: String,
    pub category: String,
    pub category_label: String,
    pub amount: String,
    /// An underpayment's short lines, each with its contracted rate, schedule and arithmetic;
    /// empty for a denial.
    pub contract: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Appeal {
    pub level: u8,
    pub level_name: String,
    /// Empty when no deadline is known, and when it has passed: the letter's "we are filing
    /// within the appeal window" must never be said of a window that closed.
    pub deadline: String,
    /// The ticked packet items sent with the letter.
    pub enclosures: Vec<String>,
}

/// What a letter is built from.
pub struct LetterInput<'a> {
    pub detail: &'a ItemDetail,
    pub appeal: Option<&'a AppealRecord>,
    pub tables: &'a Tables,
    pub practice: &'a PracticeProfile,
    pub biller: &'a str,
    pub today: NaiveDate,
    /// Where the appeal goes (the payer's `appeal_address`, or the biller's override).
    pub payer_address: Vec<String>,
}

const NOT_ON_FILE: &str = "not on file";

fn human(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// The procedures as a sentence names them.
fn services(procedures: &[String]) -> String {
    match procedures {
        [] => "the services billed".into(),
        [one] => format!("procedure {one}"),
        many => format!("procedures {}", many.join(", ")),
    }
}

fn or_not_on_file(s: Option<&str>) -> String {
    s.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(NOT_ON_FILE).to_string()
}

impl LetterData {
    pub fn build(i: &LetterInput<'_>) -> LetterData {
        let d = i.detail;
        let r = &d.row;
        let t = i.tables;
        // From the summary of every line (a claim can have thousands; the letter names the
        // span of dates and the distinct procedures).
        let sum = &d.line_summary;
        let mut dates: Vec<NaiveDate> = [sum.first_date, sum.last_date].into_iter().flatten().collect();
        dates.extend(r.service_date);
        dates.sort();
        dates.dedup();
        let service_dates = match (dates.first(), dates.last()) {
            (Some(a), Some(b)) if a != b => format!("{} to {}", human(*a), human(*b)),
            (Some(a), _) => human(*a),
            _ => NOT_ON_FILE.into(),
        };
        let mut procedures: Vec<String> = sum.procedures.clone();
        if procedures.is_empty() {
            procedures.extend(r.procedure.clone());
        }
        if sum.more_procedures > 0 {
            procedures.push(format!("and {} more", sum.more_procedures));
        }
        let remarks: Vec<String> = r
            .rarcs
            .split_whitespace()
            .map(|c| format!("{c} ({})", Rarc::new(c).map_or("unknown code", |x| t.rarc_label(x))))
            .collect();
        let category = r.category;
        let level = i.appeal.map_or(1, |a| a.level);
        let plan = r.plan_type;
        let track = Some(i.appeal.map_or_else(|| crate::domain::appeal::track_for(plan), |a| a.track));
        let level_name = t
            .appeal_levels
            .iter()
            .find(|l| Some(l.track) == track && l.level == level)
            .map_or_else(|| format!("Level {level} appeal"), |l| l.name.clone());
        let enclosures = i.appeal.map_or_else(Vec::new, |a| {
            a.packet
                .iter()
                .filter(|e| e.done && e.item != COVER_LETTER && e.item != "submission_receipt")
                .map(|e| e.label.clone())
                .collect()
        });
        LetterData {
            today: human(i.today),
            practice: Practice::of(i.practice, i.biller),
            biller: Named { name: i.biller.to_string() },
            payer: Payer {
                name: or_not_on_file(Some(&r.payer)),
                id: or_not_on_file(d.payer_ident.as_deref()),
                address: i.payer_address.clone(),
            },
            patient: Patient {
                name: format!("{} {}", r.patient_first, r.patient_last).trim().to_string(),
                first: r.patient_first.clone(),
                last: r.patient_last.clone(),
                member_id: or_not_on_file(d.member_id.as_deref()),
            },
            claim: Claim {
                pcn: r.pcn.clone(),
                payer_claim_no: or_not_on_file(r.payer_claim_no.as_deref()),
                service_dates,
                procedures: if procedures.is_empty() { NOT_ON_FILE.into() } else { procedures.join(", ") },
                services: services(&procedures),
                procedures_known: !procedures.is_empty(),
                rendering: or_not_on_file(d.rendering.as_deref()),
                charge: d.charge.to_string(),
                paid: d.paid.to_string(),
                remit_date: d.remit_date.map_or(NOT_ON_FILE.into(), human),
                trace: d.check_number.clone().unwrap_or_default(),
                frequency: d.frequency.clone().unwrap_or_else(|| "1".into()),
                prior_auth: d.prior_auth.clone().unwrap_or_default(),
                paid_before: d.paid > Cents::ZERO,
            },
            denial: Denial {
                reason_code: r.reason_code.clone(),
                label: t.reason_label(r.carc.as_deref(), &r.reason_code),
                remarks: remarks.join(", "),
                category: category.as_str().into(),
                category_label: t.category(category).map_or_else(|| category.as_str().into(), |c| c.label.clone()),
                amount: r.amount.to_string(),
                contract: d
                    .contract
                    .iter()
                    .map(|l| format!("{} (fee schedule {})", l.arithmetic().replacen("line", "Line", 1), l.source()))
                    .collect(),
            },
            appeal: Appeal {
                level,
                level_name,
                deadline: i.appeal.and_then(|a| a.deadline).filter(|d| *d >= i.today).map(human).unwrap_or_default(),
                enclosures,
            },
        }
    }
}

impl LetterData {
    /// A fictional claim with every field filled: for checking templates without a ledger.
    pub fn sample(today: NaiveDate) -> LetterData {
        let day = human(today);
        LetterData {
            today: day.clone(),
            practice: Practice::of(&PracticeProfile::sample(), "Dana Biller"),
            biller: Named { name: "Dana Biller".into() },
            payer: Payer {
                name: "AETNA".into(),
                id: "60054".into(),
                address: vec!["PO Box 00000".into(), "Anytown, ST 00000".into()],
            },
            patient: Patient {
                name: "Ada Sample".into(),
                first: "Ada".into(),
                last: "Sample".into(),
                member_id: "W000000000".into(),
            },
            claim: Claim {
                pcn: "SAMPLE1".into(),
                payer_claim_no: "AE000000000".into(),
                service_dates: day.clone(),
                procedures: "99214".into(),
                services: "procedure 99214".into(),
                procedures_known: true,
                rendering: "Adaeze Okafor 1042203186".into(),
                charge: "$240.00".into(),
                paid: "$0.00".into(),
                remit_date: day.clone(),
                trace: "EFT0000".into(),
                frequency: "1".into(),
                prior_auth: String::new(),
                paid_before: false,
            },
            denial: Denial {
                reason_code: "CO-50".into(),
                label: "Not medically necessary".into(),
                remarks: "N115 (decision based on a local coverage determination)".into(),
                category: "medical_necessity".into(),
                category_label: "Medical necessity / coverage".into(),
                amount: "$240.00".into(),
                contract: vec![
                    "Line 1 99214: contracted $130.00 x 1 = $130.00; allowed (AMT*B6) $104.00; short $26.00 \
                     (fee schedule fees.csv, effective from 2026-01-01)"
                        .into(),
                ],
            },
            appeal: Appeal {
                level: 1,
                level_name: "First-level appeal".into(),
                deadline: day,
                enclosures: vec!["Clinical notes supporting necessity".into()],
            },
        }
    }
}
