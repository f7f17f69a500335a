//! The code tables and payer rules: built into the binary from `assets/`, each replaceable by a
//! file of the same name in the config directory.

mod appeals;
mod choices;
mod codes;
mod csv_rows;
mod owner;
mod parse;

use std::path::{Path, PathBuf};

pub use csv_rows::TableError;

use crate::domain::tables::Tables;

/// Every table file shipped in `assets/`, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("carc.csv", include_str!("../../assets/carc.csv")),
    ("rarc.csv", include_str!("../../assets/rarc.csv")),
    ("groups.csv", include_str!("../../assets/groups.csv")),
    ("claim-status.csv", include_str!("../../assets/claim-status.csv")),
    ("stc-categories.csv", include_str!("../../assets/stc-categories.csv")),
    ("status-codes.csv", include_str!("../../assets/status-codes.csv")),
    ("entities.csv", include_str!("../../assets/entities.csv")),
    ("categories.csv", include_str!("../../assets/categories.csv")),
    ("plan-types.csv", include_str!("../../assets/plan-types.csv")),
    ("payers.csv", include_str!("../../assets/payers.csv")),
    ("writeoff-reasons.csv", include_str!("../../assets/writeoff-reasons.csv")),
    ("fix-fields.csv", include_str!("../../assets/fix-fields.csv")),
    ("appeal-levels.csv", include_str!("../../assets/appeal-levels.csv")),
    ("packet.csv", include_str!("../../assets/packet.csv")),
    ("kpi-targets.csv", include_str!("../../assets/kpi-targets.csv")),
    ("places.csv", include_str!("../../assets/places.csv")),
];

/// Where each table's text came from.
struct Source {
    name: &'static str,
    /// Shown in errors: the override's path or `assets/NAME (built in)`.
    shown: String,
    text: String,
    overridden: bool,
}

fn sources(config_dir: Option<&Path>) -> Result<Vec<Source>, TableError> {
    let mut out = Vec::with_capacity(EMBEDDED.len());
    for (name, builtin) in EMBEDDED {
        let candidate: Option<PathBuf> = config_dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let source = match candidate {
            Some(path) => {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| TableError {
                    file: shown.clone(),
                    line: None,
                    column: None,
                    reason: format!("cannot read: {e}"),
                })?;
                Source { name, shown, text, overridden: true }
            }
            None => Source {
                name,
                shown: format!("assets/{name} (built in)"),
                text: builtin.to_string(),
                overridden: false,
            },
        };
        out.push(source);
    }
    Ok(out)
}

/// Loads every table, preferring overrides found in `config_dir`.
pub fn load(config_dir: Option<&Path>) -> Result<Tables, TableError> {
    let mut t = Tables::default();
    for s in sources(config_dir)? {
        let f = s.shown.as_str();
        macro_rules! into {
            ($parser:ident, $field:ident) => {
                into!(parse, $parser, $field)
            };
            ($module:ident, $parser:ident, $field:ident) => {{
                let (version, rows) = $module::$parser(f, &s.text)?;
                t.$field = rows;
                version
            }};
        }
        let version = match s.name {
            "carc.csv" => into!(codes, carcs, carcs),
            "rarc.csv" => into!(codes, rarcs, rarcs),
            "groups.csv" => into!(labels, groups),
            "claim-status.csv" => into!(labels, claim_statuses),
            "stc-categories.csv" => into!(stc_categories, stc_categories),
            "status-codes.csv" => into!(status_codes, status_codes),
            "entities.csv" => into!(entities, entities),
            "categories.csv" => into!(categories, categories),
            "plan-types.csv" => into!(plan_types, plans),
            "payers.csv" => into!(payers, payers),
            "writeoff-reasons.csv" => into!(choices, writeoff_reasons, writeoff_reasons),
            "fix-fields.csv" => into!(choices, fix_fields, fix_fields),
            "appeal-levels.csv" => into!(appeals, appeal_levels, appeal_levels),
            "packet.csv" => into!(appeals, packet, packet),
            "kpi-targets.csv" => into!(owner, kpi_targets, kpi_targets),
            "places.csv" => into!(labels, places),
            other => unreachable!("table {other} has no parser"),
        };
        let mark = if s.overridden { "+override" } else { "" };
        t.versions.push(format!("{}@{version}{mark}", s.name.trim_end_matches(".csv")));
    }
    Ok(t)
}

/// The built-in tables only (tests, demos, and when no config directory exists).
pub fn builtin() -> Tables {
    load(None).expect("the tables shipped in assets/ parse (checked by tests)")
}

/// Names of the tables that `config_dir` overrides.
pub fn overridden(config_dir: &Path) -> Vec<&'static str> {
    EMBEDDED.iter().map(|(n, _)| *n).filter(|n| config_dir.join(n).is_file()).collect()
}

#[cfg(test)]
mod tests;
