//! Short code newtypes (CARC, RARC, 277 category and status codes) and the macro that gives
//! our closed vocabularies one spelling in tables, the database and the CLI.

use std::fmt;

/// An ASCII code of at most eight bytes, stored inline (no allocation per adjustment).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ShortCode {
    len: u8,
    bytes: [u8; 8],
}

/// One word per code: the bytes after the code are zero and a code holds no zero byte, so the
/// bytes alone tell codes apart (a table lookup per adjustment hashed three pieces before).
impl std::hash::Hash for ShortCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from_le_bytes(self.bytes));
    }
}

impl ShortCode {
    /// Accepts 1-8 ASCII letters or digits; letters are upper-cased.
    pub fn new(text: &str) -> Option<ShortCode> {
        let t = text.trim();
        if t.is_empty() || t.len() > 8 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let mut bytes = [0u8; 8];
        for (slot, b) in bytes.iter_mut().zip(t.bytes()) {
            *slot = b.to_ascii_uppercase();
        }
        Some(ShortCode { len: t.len() as u8, bytes })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII alphanumerics are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

macro_rules! code_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub struct $name(pub ShortCode);

        impl $name {
            pub fn new(text: &str) -> Option<$name> {
                ShortCode::new(text).map($name)
            }
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

code_newtype!(
    /// Claim Adjustment Reason Code (CAS02/05/...): why the payer adjusted.
    Carc
);
impl Carc {
    /// The shape of a published CARC: 1-3 digits (`45`, `253`) or a letter and 1-2 digits
    /// (`A1`, `B13`, `P12`, `W1`). A group code (`PR`) in a reason slot is not one.
    pub fn well_formed(&self) -> bool {
        let b = self.as_str().as_bytes();
        match b {
            [] => false,
            [first, rest @ ..] if first.is_ascii_digit() => rest.len() < 3 && rest.iter().all(u8::is_ascii_digit),
            [first, rest @ ..] => {
                first.is_ascii_uppercase() && (1..=2).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit)
            }
        }
    }
}

code_newtype!(
    /// Remittance Advice Remark Code (LQ02, MOA/MIA remark elements): the payer's extra detail.
    Rarc
);
code_newtype!(
    /// 277 claim status category code (STC01-1), e.g. `A7`.
    StcCategory
);
code_newtype!(
    /// 277 claim status code (STC01-2), e.g. `562`.
    StatusCode
);
code_newtype!(
    /// 277 entity identifier code (STC01-3), e.g. `85` billing provider.
    EntityCode
);

/// Declares a closed vocabulary as an enum with one canonical snake_case spelling.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                $name::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(t))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            /// Strict: a word this build does not know is an error, never a default.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("'{text}' is not a {} this build knows", stringify!($name)))
                })
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// CAS01 claim adjustment group code.
    GroupCode {
        Co => "CO",
        Pr => "PR",
        Oa => "OA",
        Pi => "PI",
        Cr => "CR",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_normalise_and_validate() {
        assert_eq!(Carc::new(" 45 ").unwrap().as_str(), "45");
        assert_eq!(Rarc::new("ma130").unwrap().as_str(), "MA130");
        assert!(Carc::new("").is_none());
        assert!(Carc::new("4 5").is_none());
        assert!(Carc::new("123456789").is_none());
        assert!(Carc::new("A-1").is_none());
    }

    #[test]
    fn carcs_have_the_published_shape() {
        for ok in ["1", "45", "253", "A1", "B13", "P12", "W1", "Y3"] {
            assert!(Carc::new(ok).unwrap().well_formed(), "{ok}");
        }
        for bad in ["PR", "CO", "1234", "A123", "AB1", "N290"] {
            assert!(!Carc::new(bad).unwrap().well_formed(), "{bad}");
        }
    }

    #[test]
    fn group_codes_round_trip() {
        for g in GroupCode::ALL {
            assert_eq!(GroupCode::parse(g.as_str()), Some(*g));
        }
        assert_eq!(GroupCode::parse("co"), Some(GroupCode::Co));
        assert_eq!(GroupCode::parse("XX"), None);
    }
}
