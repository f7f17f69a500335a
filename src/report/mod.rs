//! The owner's reports: the weekly root-cause review and the KPI report, built once from the
//! ledger and shown by the desk or written as Markdown, CSV, JSON or PDF by `overturn report`.

mod kpi;
mod kpi_pdf;
mod kpi_text;
mod rca;
mod rca_pdf;
mod rca_text;

pub use kpi::{KpiReport, build_kpi};
pub use kpi_pdf::kpi_pdf;
pub use kpi_text::{kpi_csv, kpi_markdown};
pub use rca::{ClusterNote, PreventionView, RcaReport, build_rca};
pub use rca_pdf::rca_pdf;
pub use rca_text::{rca_csv, rca_markdown};

/// Per mille as a percentage with one decimal.
pub fn percent(permille: u32) -> String {
    format!("{:.1}%", f64::from(permille) / 10.0)
}

/// A Markdown table cell: pipes and line breaks would break the table.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "/").replace(['\n', '\r'], " ")
}

/// Block characters for a sparkline, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A one-line chart of `values`, scaled to the largest (a zero is the lowest bar).
pub fn sparkline(values: &[u64]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values.iter().map(|v| BARS[((v * 7 + max / 2) / max).min(7) as usize]).collect()
}

/// A table for CSV output: which columns hold numbers (the rest are text, guarded against
/// spreadsheet formulas when written).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    pub header: Vec<&'static str>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn sparklines_scale_to_the_largest_value() {
        assert_eq!(super::sparkline(&[0, 1, 2, 4, 8]), "▁▂▃▅█");
        assert_eq!(super::sparkline(&[0, 0]), "▁▁");
        assert_eq!(super::sparkline(&[]), "");
    }
}
