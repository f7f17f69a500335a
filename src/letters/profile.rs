//! The practice profile (`[practice]` in config.toml): who the letter is from. Payers ask for
//! the billing provider's name, address, phone, NPI and TIN on an appeal, so a letter is not
//! rendered while any of them is unknown; fax, contact, title and signature are optional.

use serde::Deserialize;

/// What versions before the practice profile wrote where the practice's name was unknown:
/// letters saved then may still carry it.
pub const OLD_PLACEHOLDER: &str = "[practice name: set practice_name in config.toml]";

/// Why a letter's text cannot go to a payer, when it cannot.
pub fn unsendable(text: &str) -> Option<String> {
    text.contains(OLD_PLACEHOLDER).then(|| {
        "the letter still says \"[practice name: ...]\": set [practice] in config.toml and start over from \
         the template (Ctrl-R in the letter editor, or overturn letter ID --fresh)"
            .to_string()
    })
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PracticeProfile {
    pub name: Option<String>,
    /// Lines separated by newlines.
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    /// The billing NPI.
    pub npi: Option<String>,
    pub tin: Option<String>,
    /// Who answers for the appeal (else the biller).
    pub contact: Option<String>,
    pub title: Option<String>,
    /// An image of the signature (a path); the PDF letters will use it.
    pub signature: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PracticeProfile {
    /// The keys a letter needs that are not set, in the order config.toml lists them.
    pub fn missing(&self) -> Vec<&'static str> {
        let required = [
            ("name", &self.name),
            ("address", &self.address),
            ("phone", &self.phone),
            ("npi", &self.npi),
            ("tin", &self.tin),
        ];
        required.into_iter().filter(|(_, v)| given(v).is_none()).map(|(k, _)| k).collect()
    }

    /// Why a letter cannot be rendered yet, when it cannot (what to do first: it must fit a
    /// status line).
    pub fn incomplete(&self) -> Option<String> {
        let missing = self.missing();
        (!missing.is_empty()).then(|| {
            format!(
                "no letter yet: set {} under [practice] in config.toml (a payer needs them on an appeal; \
                 `overturn info` shows the profile)",
                missing.join(", ")
            )
        })
    }

    pub fn text(v: &Option<String>) -> String {
        given(v).unwrap_or_default().to_string()
    }

    pub fn address_lines(&self) -> Vec<String> {
        given(&self.address)
            .map_or_else(Vec::new, |a| a.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
    }

    /// A fictional practice with every key set: the demo ledger and template checks.
    pub fn sample() -> PracticeProfile {
        let s = |v: &str| Some(v.to_string());
        PracticeProfile {
            name: s("Riverbend Family Medicine"),
            address: s("120 River Road, Suite 4\nSpringfield, IL 62701"),
            phone: s("(217) 555-0142"),
            fax: s("(217) 555-0143"),
            npi: s("1234567893"),
            tin: s("12-3456789"),
            contact: s("Dana Biller"),
            title: s("Billing Manager"),
            signature: None,
        }
    }

    /// One line per key for `overturn info`.
    pub fn describe(&self) -> Vec<String> {
        let show = |k: &str, v: &Option<String>| {
            format!("{k:<10}{}", given(v).map_or("(not set)".to_string(), |s| s.replace('\n', " / ")))
        };
        vec![
            show("name", &self.name),
            show("address", &self.address),
            show("phone", &self.phone),
            show("fax", &self.fax),
            show("npi", &self.npi),
            show("tin", &self.tin),
            show("contact", &self.contact),
            show("title", &self.title),
            show("signature", &self.signature),
        ]
    }
}
