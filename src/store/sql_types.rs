//! The domain's types as SQL values: enums are stored as their words and read back strictly (a
//! word the build does not know is an error naming the column's value, never a default), money
//! as integer cents, dates as ISO text.

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::db::{FromValue, ToValue, Value, ValueRef as DbValueRef};

use crate::domain::appeal::AppealStage;
use crate::domain::money::Cents;
use crate::domain::vocab::{Hardness, Path, PlanType, RootCause, Team, WorkType};
use crate::domain::workflow::{Queue, WorkKind, WorkState};

#[derive(Debug)]
struct Unknown(String, &'static str);

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}' is not a {} this build knows", self.0, self.1)
    }
}

impl std::error::Error for Unknown {}

macro_rules! sql_words {
    ($($t:ty => $what:literal),+ $(,)?) => {$(
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = v.as_str()?;
                <$t>::parse(text).ok_or_else(|| FromSqlError::Other(Box::new(Unknown(text.to_string(), $what))))
            }
        }

        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        // The same words through the store's one interface (both back ends).
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Text(self.as_str().to_string())
            }

            fn value_ref(&self) -> Option<DbValueRef<'_>> {
                Some(DbValueRef::Text(self.as_str()))
            }
        }

        impl FromValue for $t {
            fn from_value(v: DbValueRef<'_>) -> Result<Self, String> {
                match v {
                    DbValueRef::Text(s) => <$t>::parse(s).ok_or_else(|| Unknown(s.to_string(), $what).to_string()),
                    _ => Err(format!("a number or NULL where a {} was expected", $what)),
                }
            }
        }
    )+};
}

sql_words!(
    WorkKind => "work kind",
    WorkState => "work state",
    Queue => "queue",
    RootCause => "root cause",
    Team => "team",
    Path => "path",
    PlanType => "plan type",
    WorkType => "work type",
    Hardness => "hardness",
    AppealStage => "appeal stage",
);

impl FromSql for Cents {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        v.as_i64().map(Cents)
    }
}

impl ToSql for Cents {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.cents()))
    }
}

/// An error for a word this build does not know, read from a column by hand.
pub fn unknown(text: &str, what: &'static str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(Unknown(text.to_string(), what)))
}

/// An error for a NULL where a value is required.
pub fn missing(col: &str, what: &'static str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Null,
        Box::new(Unknown(format!("NULL in {col}"), what)),
    )
}

/// A date as the ledger stores it, `YYYY-MM-DD`, written digit by digit: the import formats
/// a few dates per claim, and chrono's general formatter costs about fifty times as much.
pub fn iso(d: NaiveDate) -> String {
    DayText::new(d).as_str().to_string()
}

/// A date's ledger text held without allocating (years 0 to 9999; any other through chrono),
/// to bind as it is.
pub enum DayText {
    Digits([u8; 10]),
    Other(String),
}

impl DayText {
    pub fn new(d: NaiveDate) -> DayText {
        use chrono::Datelike;
        let (y, m, day) = (d.year(), d.month(), d.day());
        if !(0..=9999).contains(&y) {
            return DayText::Other(d.to_string());
        }
        let y = y as u32;
        let digit = |n: u32| b'0' + n as u8;
        DayText::Digits([
            digit(y / 1000),
            digit(y / 100 % 10),
            digit(y / 10 % 10),
            digit(y % 10),
            b'-',
            digit(m / 10),
            digit(m % 10),
            b'-',
            digit(day / 10),
            digit(day % 10),
        ])
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Always ASCII digits and dashes.
            DayText::Digits(b) => std::str::from_utf8(b).unwrap_or_default(),
            DayText::Other(s) => s,
        }
    }
}

/// An optional date for a nullable column.
pub fn iso_opt(d: Option<NaiveDate>) -> Option<String> {
    d.map(iso)
}

/// A nullable ISO date column by name.
pub fn day(r: &rusqlite::Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<Day>>(col)?.map(|d| d.0))
}

/// An ISO date column; anything else is an error (NULL reads as `None` through `Option`).
pub struct Day(pub NaiveDate);

#[cfg(test)]
mod iso_tests {
    #[test]
    fn iso_days_match_chrono_everywhere_it_formats() {
        let mut d = chrono::NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        for _ in 0..60_000 {
            assert_eq!(super::iso(d), d.to_string());
            d += chrono::Duration::days(3);
        }
        let far = chrono::NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(super::iso(far), far.to_string());
    }
}

impl FromSql for Day {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = v.as_str()?;
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Day)
            .map_err(|_| FromSqlError::Other(Box::new(Unknown(text.to_string(), "date (YYYY-MM-DD)"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn words_read_back_strictly() {
        let c = Connection::open_in_memory().unwrap();
        let state: WorkState = c.query_row("SELECT ?1", [WorkState::Resubmitted], |r| r.get(0)).unwrap();
        assert_eq!(state, WorkState::Resubmitted);
        let e = c.query_row("SELECT 'maybe'", [], |r| r.get::<_, WorkState>(0)).unwrap_err();
        assert!(e.to_string().contains("'maybe' is not a work state this build knows"), "{e}");
        let plan = c.query_row("SELECT 'medicaid'", [], |r| r.get::<_, PlanType>(0)).unwrap();
        assert_eq!(plan, PlanType::Medicaid);
        assert!(c.query_row("SELECT 'commerical'", [], |r| r.get::<_, PlanType>(0)).is_err(), "no silent default");
        let d: Option<Day> = c.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert!(d.is_none());
        assert!(c.query_row("SELECT '2026-13-01'", [], |r| r.get::<_, Day>(0)).is_err());
        let cents: Cents = c.query_row("SELECT ?1", [Cents(1234)], |r| r.get(0)).unwrap();
        assert_eq!(cents, Cents(1234));
    }
}
