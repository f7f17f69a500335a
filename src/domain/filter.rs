//! The desk's filter line: free text plus `payer:`, `carc:`, `cat:`, `owner:`, `cpt:`,
//! `provider:`, `state:`, `due:<7`, `amt:>500`, `week:2026-W47` terms. Parsing is pure; the store turns it into SQL.

use std::fmt;

use super::money::Cents;
use super::vocab::RootCause;
use super::week::Week;
use super::workflow::WorkState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Less,
    More,
    Equal,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Less => "<",
            Cmp::More => ">",
            Cmp::Equal => "=",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Words matched against patient name, claim numbers and payer.
    pub text: Vec<String>,
    /// Part of a payer's name, or its identifier.
    pub payer: Option<String>,
    /// `(group, carc)`: `carc:197` or `carc:CO-197`.
    pub carc: Option<(Option<String>, String)>,
    pub categories: Vec<RootCause>,
    /// `owner:none` means unassigned.
    pub owner: Option<String>,
    pub cpt: Option<String>,
    /// Rendering provider NPI or part of the name.
    pub provider: Option<String>,
    /// Days to the working deadline.
    pub due: Option<(Cmp, i64)>,
    pub amount: Option<(Cmp, Cents)>,
    /// Received (remit or acknowledgement date) in this ISO week.
    pub week: Option<Week>,
    pub state: Option<StateFilter>,
}

/// `state:open`, `state:again` (denied again after it was worked), `state:resub`...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Is(WorkState),
    /// Open again after a repeat denial.
    Again,
}

impl StateFilter {
    fn parse(v: &str) -> Option<StateFilter> {
        Some(match v.to_ascii_lowercase().as_str() {
            "again" | "repeat" => StateFilter::Again,
            "resub" => StateFilter::Is(WorkState::Resubmitted),
            "appeal" => StateFilter::Is(WorkState::Appealed),
            "w/off" | "woff" | "writtenoff" => StateFilter::Is(WorkState::WrittenOff),
            other => StateFilter::Is(WorkState::parse(other)?),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::Again => "again",
            StateFilter::Is(s) => s.as_str(),
        }
    }
}

/// Bounds of the numeric terms: beyond them a term means nothing a queue could hold.
const MAX_DAYS: i64 = 36_500;
const MAX_CENTS: i64 = 100_000_000_000;

const KEYS: &str = "payer:, carc:, cat:, owner:, cpt:, provider:, state:, due:<N, amt:>N, week:2026-W47";

fn comparison(v: &str) -> Option<(Cmp, &str)> {
    match v.as_bytes().first()? {
        b'<' => Some((Cmp::Less, &v[1..])),
        b'>' => Some((Cmp::More, &v[1..])),
        b'=' => Some((Cmp::Equal, &v[1..])),
        _ => Some((Cmp::Equal, v)),
    }
}

impl QueueFilter {
    pub fn is_empty(&self) -> bool {
        *self == QueueFilter::default()
    }

    /// Parses the filter line; the error says which term is wrong and why.
    pub fn parse(line: &str) -> Result<QueueFilter, String> {
        let mut f = QueueFilter::default();
        for term in line.split_whitespace() {
            let Some((key, value)) = term.split_once(':') else {
                f.text.push(term.to_string());
                continue;
            };
            let bad = |why: &str| format!("'{term}': {why}");
            if value.is_empty() {
                return Err(bad("needs a value after the colon"));
            }
            match key.to_ascii_lowercase().as_str() {
                "payer" => f.payer = Some(value.to_string()),
                "carc" => {
                    let v = value.to_ascii_uppercase();
                    f.carc = Some(match v.split_once('-') {
                        Some((g, c)) => (Some(g.to_string()), c.to_string()),
                        None => (None, v),
                    });
                }
                "cat" | "category" => {
                    // A prefix (`cat:co` matches three) or several joined by `|` (the canonical form).
                    let mut found: Vec<RootCause> = Vec::new();
                    for part in value.to_ascii_lowercase().split('|') {
                        let matched: Vec<RootCause> =
                            RootCause::ALL.iter().copied().filter(|c| c.as_str().starts_with(part)).collect();
                        if part.is_empty() || matched.is_empty() {
                            return Err(bad("no root-cause category starts with that"));
                        }
                        for c in matched {
                            if !found.contains(&c) {
                                found.push(c);
                            }
                        }
                    }
                    f.categories = found;
                }
                "owner" => f.owner = Some(value.to_string()),
                "cpt" | "proc" => f.cpt = Some(value.to_ascii_uppercase()),
                "provider" | "prov" => f.provider = Some(value.to_string()),
                "due" => {
                    let (cmp, n) = comparison(value).ok_or_else(|| bad("use due:<7, due:>30 or due:0"))?;
                    let days = n.parse::<i64>().map_err(|_| bad("days must be a whole number"))?;
                    if days.abs() > MAX_DAYS {
                        return Err(bad("days must be within 100 years (36500)"));
                    }
                    f.due = Some((cmp, days));
                }
                "amt" | "amount" => {
                    let (cmp, n) = comparison(value).ok_or_else(|| bad("use amt:>500 or amt:<25"))?;
                    let cents =
                        Cents::parse_human(n).map_err(|_| bad("the amount must be dollars, like 500 or 24.99"))?;
                    if cents.cents().abs() > MAX_CENTS {
                        return Err(bad("the amount must be under $1,000,000,000"));
                    }
                    f.amount = Some((cmp, cents));
                }
                "week" => f.week = Some(Week::parse(value).map_err(|e| bad(&e))?),
                "state" => f.state = Some(StateFilter::parse(value).ok_or_else(|| {
                    bad("use state:open, state:again, state:resub, state:appealed, state:written_off or state:resolved")
                })?),
                other => return Err(format!("unknown filter '{other}:' (use {KEYS}, or plain words)")),
            }
        }
        Ok(f)
    }
}

impl fmt::Display for QueueFilter {
    /// The canonical form shown in the header.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &self.payer {
            parts.push(format!("payer:{p}"));
        }
        if let Some((g, c)) = &self.carc {
            parts.push(match g {
                Some(g) => format!("carc:{g}-{c}"),
                None => format!("carc:{c}"),
            });
        }
        if !self.categories.is_empty() {
            let names: Vec<&str> = self.categories.iter().map(|c| c.as_str()).collect();
            parts.push(format!("cat:{}", names.join("|")));
        }
        for (key, v) in [("owner", &self.owner), ("cpt", &self.cpt), ("provider", &self.provider)] {
            if let Some(v) = v {
                parts.push(format!("{key}:{v}"));
            }
        }
        if let Some((c, d)) = self.due {
            parts.push(format!("due:{}{d}", c.symbol()));
        }
        if let Some((c, a)) = self.amount {
            parts.push(format!("amt:{}{}", c.symbol(), a.to_decimal_string()));
        }
        if let Some(w) = self.week {
            parts.push(format!("week:{w}"));
        }
        if let Some(st) = self.state {
            parts.push(format!("state:{}", st.as_str()));
        }
        parts.extend(self.text.iter().cloned());
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_term() {
        let f = QueueFilter::parse(
            "payer:aetna carc:CO-197 cat:elig owner:dana cpt:99213 provider:okafor due:<7 amt:>500 smith",
        )
        .unwrap();
        assert_eq!(f.payer.as_deref(), Some("aetna"));
        assert_eq!(f.carc, Some((Some("CO".into()), "197".into())));
        assert_eq!(f.categories, vec![RootCause::Eligibility]);
        assert_eq!(f.owner.as_deref(), Some("dana"));
        assert_eq!(f.cpt.as_deref(), Some("99213"));
        assert_eq!(f.provider.as_deref(), Some("okafor"));
        assert_eq!(f.due, Some((Cmp::Less, 7)));
        assert_eq!(f.amount, Some((Cmp::More, Cents(50_000))));
        let w = QueueFilter::parse("cat:coding week:2026-W47").unwrap();
        assert_eq!(w.week.map(|w| w.monday().to_string()).as_deref(), Some("2026-11-16"));
        assert_eq!(w.to_string(), "cat:coding week:2026-W47");
        assert!(QueueFilter::parse("week:47").unwrap_err().contains("2026-W47"));
        assert_eq!(f.text, vec!["smith".to_string()]);
        assert_eq!(
            f.to_string(),
            "payer:aetna carc:CO-197 cat:eligibility owner:dana cpt:99213 provider:okafor due:<7 amt:>500.00 smith"
        );
    }

    #[test]
    fn category_prefixes_may_match_several() {
        let f = QueueFilter::parse("cat:co").unwrap();
        assert_eq!(f.categories, vec![RootCause::Coding, RootCause::CoordinationOfBenefits, RootCause::Contractual]);
        assert_eq!(QueueFilter::parse("carc:16").unwrap().carc, Some((None, "16".into())));
    }

    #[test]
    fn errors_name_the_term() {
        assert_eq!(
            QueueFilter::parse("colour:red").unwrap_err(),
            "unknown filter 'colour:' (use payer:, carc:, cat:, owner:, cpt:, provider:, state:, due:<N, amt:>N, week:2026-W47, or plain words)"
        );
        assert_eq!(QueueFilter::parse("due:<soon").unwrap_err(), "'due:<soon': days must be a whole number");
        assert_eq!(
            QueueFilter::parse("amt:>lots").unwrap_err(),
            "'amt:>lots': the amount must be dollars, like 500 or 24.99"
        );
        assert_eq!(QueueFilter::parse("cat:zzz").unwrap_err(), "'cat:zzz': no root-cause category starts with that");
        assert_eq!(QueueFilter::parse("payer:").unwrap_err(), "'payer:': needs a value after the colon");
        assert!(QueueFilter::parse("   ").unwrap().is_empty());
        assert!(QueueFilter::parse("state:maybe").unwrap_err().contains("use state:open"));
    }

    #[test]
    fn states_parse_with_the_desk_words() {
        assert_eq!(QueueFilter::parse("state:again").unwrap().state, Some(StateFilter::Again));
        assert_eq!(QueueFilter::parse("state:resub").unwrap().state, Some(StateFilter::Is(WorkState::Resubmitted)));
        assert_eq!(QueueFilter::parse("STATE:Open").unwrap().to_string(), "state:open");
    }
}
