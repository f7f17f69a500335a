//! What the remark codes on a denial say about its way out: a path they dictate, no appeal
//! rights, and how a corrected claim must be sent. The rules are data (`rarc.csv`).

use super::code::Rarc;
use super::tables::Tables;
use super::vocab::{Path, Resubmit};

/// The remark-driven rules of one work item; each names the remark that set it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemarkRules {
    /// A remark that dictates the path (MA130: fix).
    pub path: Option<(Path, Rarc)>,
    /// A remark that says the decision cannot be appealed (MA130, N211, MA44, N704).
    pub no_appeal: Option<Rarc>,
    /// A remark that says how to resubmit (MA130, N142: a new claim, not a replacement).
    pub resubmit: Option<(Resubmit, Rarc)>,
}

impl RemarkRules {
    /// The rules of `remarks`, the first remark setting each rule winning (remarks come most
    /// specific first: the line's, then the claim's).
    pub fn of(remarks: &[Rarc], tables: &Tables) -> RemarkRules {
        let mut out = RemarkRules::default();
        for code in remarks {
            let Some(info) = tables.rarc(*code) else { continue };
            if out.path.is_none() {
                out.path = info.path.map(|p| (p, *code));
            }
            if out.no_appeal.is_none() && info.no_appeal {
                out.no_appeal = Some(*code);
            }
            if out.resubmit.is_none() {
                out.resubmit = info.resubmit.map(|r| (r, *code));
            }
        }
        out
    }

    /// The rules of a space-separated remark list as the ledger keeps it.
    pub fn of_text(remarks: &str, tables: &Tables) -> RemarkRules {
        let codes: Vec<Rarc> = remarks.split_whitespace().filter_map(Rarc::new).collect();
        RemarkRules::of(&codes, tables)
    }

    /// The sentence the desk shows when an appeal is refused for a remark.
    pub fn no_appeal_text(&self, tables: &Tables) -> Option<String> {
        let code = self.no_appeal?;
        Some(format!("{code} {}", tables.rarc_label(code)))
    }
}
