//! The owner's tables: KPI benchmark targets and location names.

use super::csv_rows::{one_of, read_table};
use super::parse::Parsed;
use crate::domain::kpi::{Better, KpiKey, KpiTarget};

pub fn kpi_targets(file: &str, text: &str) -> Parsed<Vec<KpiTarget>> {
    let t = read_table(file, text, &["kpi", "target", "better", "source"])?;
    let mut out: Vec<KpiTarget> = Vec::new();
    for r in &t.rows {
        let key = r.parsed("kpi", KpiKey::parse, &one_of(KpiKey::ALL.iter().map(|k| k.as_str())))?;
        if out.iter().any(|k| k.key == key) {
            return Err(r.error("kpi", format!("{key} has two rows")));
        }
        out.push(KpiTarget {
            key,
            target: r.opt_parsed(
                "target",
                |v| v.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0),
                "a number",
            )?,
            better: r.parsed(
                "better",
                |v| match v.to_ascii_lowercase().as_str() {
                    "lower" => Some(Better::Lower),
                    "higher" => Some(Better::Higher),
                    _ => None,
                },
                "lower or higher",
            )?,
            source: r.text("source").to_string(),
        });
    }
    Ok((t.version, out))
}
