//! Validation of one denials-spreadsheet row into typed values, naming the column at fault.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::RowError;
use crate::domain::code::{Carc, GroupCode, Rarc};
use crate::domain::money::Cents;
use crate::domain::vocab::PlanType;

/// The columns of `assets/denials-template.csv`, in order.
pub const COLUMNS: &[&str] = &[
    "patient_control_number",
    "payer_claim_number",
    "payer_name",
    "payer_id",
    "plan_type",
    "patient_last_name",
    "patient_first_name",
    "member_id",
    "date_of_service",
    "procedure_code",
    "modifiers",
    "units",
    "rendering_npi",
    "rendering_name",
    "place_of_service",
    "charge",
    "paid",
    "group_code",
    "carc",
    "rarcs",
    "denied_amount",
    "denial_date",
];

pub const REQUIRED: &[&str] =
    &["patient_control_number", "payer_name", "date_of_service", "charge", "carc", "denied_amount", "denial_date"];

/// One valid row.
#[derive(Debug, Clone, PartialEq)]
pub struct DenialRow {
    pub pcn: String,
    pub payer_claim_no: Option<String>,
    pub payer_name: String,
    pub payer_id: Option<String>,
    pub plan_type: Option<PlanType>,
    pub patient_last: String,
    pub patient_first: String,
    pub member_id: Option<String>,
    pub service_date: NaiveDate,
    pub procedure: String,
    pub modifiers: Vec<String>,
    pub units: Option<f64>,
    pub rendering_npi: Option<String>,
    pub rendering_name: Option<String>,
    pub place_of_service: Option<String>,
    pub charge: Cents,
    pub paid: Cents,
    pub group: GroupCode,
    pub carc: Carc,
    pub rarcs: Vec<Rarc>,
    pub denied: Cents,
    pub denial_date: NaiveDate,
}

/// ISO `2026-11-23` or US `11/23/2026` (what Excel exports).
pub fn parse_date(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(t, "%m/%d/%Y").ok())
        .and_then(crate::import::plausible)
}

fn list(t: &str) -> impl Iterator<Item = &str> {
    t.split([' ', ';', ':', ',']).map(str::trim).filter(|s| !s.is_empty())
}

/// Cell access by column name; collects every problem in the row.
pub struct Cells<'a> {
    pub row: u64,
    pub get: &'a dyn Fn(&str) -> &'a str,
    pub errors: Vec<RowError>,
}

impl<'a> Cells<'a> {
    fn bad(&mut self, column: &str, reason: impl Into<String>) {
        self.errors.push(RowError { row: self.row, column: column.to_string(), reason: reason.into() });
    }

    /// The cell as one line: control characters (line breaks typed into a cell, escape
    /// sequences) become spaces, so a cell can never forge a row or a line of a letter.
    fn text(&self, column: &str) -> Cow<'a, str> {
        crate::text::flatten((self.get)(column).trim())
    }

    fn opt(&self, column: &str) -> Option<String> {
        Some(self.text(column).to_string()).filter(|s| !s.is_empty())
    }

    fn required(&mut self, column: &str) -> String {
        let t = self.text(column);
        if t.is_empty() {
            self.bad(column, "is required");
        }
        t.to_string()
    }

    fn date(&mut self, column: &str) -> NaiveDate {
        let t = self.text(column);
        parse_date(&t).unwrap_or_else(|| {
            let why = if t.is_empty() {
                "is required"
            } else {
                "is not a date in the years 1900-2199 (use YYYY-MM-DD or MM/DD/YYYY)"
            };
            self.bad(column, why);
            NaiveDate::MIN
        })
    }

    fn money(&mut self, column: &str, required: bool) -> Cents {
        let t = self.text(column);
        if t.is_empty() {
            if required {
                self.bad(column, "is required");
            }
            return Cents::ZERO;
        }
        match Cents::parse_human(&t) {
            Ok(c) if c.cents() < 0 => {
                self.bad(column, "must not be negative");
                c
            }
            Ok(c) => c,
            Err(e) => {
                self.bad(column, format!("{e} (write amounts like 1234.56)"));
                Cents::ZERO
            }
        }
    }

    /// Validates the whole row; `Err` lists every bad cell.
    pub fn parse(mut self) -> Result<DenialRow, Vec<RowError>> {
        let pcn = self.required("patient_control_number");
        let payer_name = self.required("payer_name");
        let service_date = self.date("date_of_service");
        let denial_date = self.date("denial_date");
        let charge = self.money("charge", true);
        let paid = self.money("paid", false);
        let denied = self.money("denied_amount", true);
        let carc_text = self.text("carc");
        let carc = Carc::new(&carc_text).filter(Carc::well_formed);
        if carc.is_none() {
            self.bad("carc", if carc_text.is_empty() { "is required" } else { "is not a reason code" });
        }
        let group_text = self.text("group_code");
        let group = if group_text.is_empty() { Some(GroupCode::Co) } else { GroupCode::parse(&group_text) };
        if group.is_none() {
            self.bad("group_code", "must be CO, PR, OA, PI or CR");
        }
        let plan_text = self.text("plan_type");
        let plan_type = PlanType::parse(&plan_text);
        if !plan_text.is_empty() && plan_type.is_none() {
            let names: Vec<&str> = PlanType::ALL.iter().map(|p| p.as_str()).collect();
            self.bad("plan_type", format!("must be one of {}", names.join(", ")));
        }
        let mut rarcs = Vec::new();
        for code in list(&self.text("rarcs")) {
            match Rarc::new(code) {
                Some(r) => rarcs.push(r),
                None => self.bad("rarcs", "holds something that is not a remark code"),
            }
        }
        let units_text = self.text("units");
        let units = units_text.parse::<f64>().ok().filter(|u| u.is_finite() && *u >= 0.0);
        if !units_text.is_empty() && units.is_none() {
            self.bad("units", "is not a number");
        }
        let npi = self.opt("rendering_npi");
        if npi.as_ref().is_some_and(|n| n.len() != 10 || !n.bytes().all(|b| b.is_ascii_digit())) {
            self.bad("rendering_npi", "must be 10 digits");
        }
        if denied > charge && !self.errors.iter().any(|e| e.column == "charge" || e.column == "denied_amount") {
            self.bad("denied_amount", "is more than the charge");
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(DenialRow {
            pcn,
            payer_claim_no: self.opt("payer_claim_number"),
            payer_name,
            payer_id: self.opt("payer_id"),
            plan_type,
            patient_last: self.text("patient_last_name").to_string(),
            patient_first: self.text("patient_first_name").to_string(),
            member_id: self.opt("member_id"),
            service_date,
            procedure: self.text("procedure_code").to_string(),
            modifiers: list(&self.text("modifiers")).map(str::to_string).collect(),
            units,
            rendering_npi: npi,
            rendering_name: self.opt("rendering_name"),
            place_of_service: self.opt("place_of_service"),
            charge,
            paid,
            group: group.unwrap_or(GroupCode::Co),
            carc: carc.expect("checked above"),
            rarcs,
            denied,
            denial_date,
        })
    }
}
