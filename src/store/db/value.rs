//! Values crossing the store's one interface, the same on SQLite and PostgreSQL: what a
//! parameter binds ([`ToValue`]) and what a column reads as ([`FromValue`]). The domain's words,
//! money and dates convert here once for both back ends.

use chrono::NaiveDate;

use crate::domain::money::Cents;
use crate::store::sql_types::{Day, DayText, iso};

/// A column value (SQLite's storage classes; PostgreSQL's types map onto them).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A value as read, borrowing text where the back end lets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl Value {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Int(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(s) => ValueRef::Text(s),
        }
    }
}

impl ValueRef<'_> {
    fn kind(self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Int(_) => "an integer",
            ValueRef::Real(_) => "a number",
            ValueRef::Text(_) => "text",
        }
    }
}

pub trait ToValue {
    fn to_value(&self) -> Value;

    /// The value as it already is, borrowed, when no conversion is needed (text, numbers, the
    /// domain's words): binding it copies nothing more. `None` when it has to be built (a
    /// date's text): [`ToValue::to_value`] builds it.
    fn value_ref(&self) -> Option<ValueRef<'_>> {
        None
    }
}

pub trait FromValue: Sized {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String>;
}

fn wrong<T>(v: ValueRef<'_>, want: &str) -> Result<T, String> {
    Err(format!("{} where {want} was expected", v.kind()))
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        (**self).value_ref()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        match self {
            None => Some(ValueRef::Null),
            Some(v) => v.value_ref(),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Text(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Text(self))
    }
}

impl FromValue for String {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(s) => Ok(s.to_string()),
            v => wrong(v, "text"),
        }
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(self.as_ref())
    }
}

impl FromValue for Value {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Int(n) => Value::Int(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(s) => Value::Text(s.to_string()),
        })
    }
}

macro_rules! integers {
    ($($t:ty),+) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }

            fn value_ref(&self) -> Option<ValueRef<'_>> {
                Some(ValueRef::Int(*self as i64))
            }
        }

        impl FromValue for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
                match v {
                    ValueRef::Int(n) => <$t>::try_from(n).map_err(|_| format!("{n} is out of range")),
                    v => wrong(v, "an integer"),
                }
            }
        }
    )+};
}

integers!(i64, i32, u32, u16, u8);

impl ToValue for u64 {
    fn to_value(&self) -> Value {
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Int(i64::try_from(*self).unwrap_or(i64::MAX)))
    }
}

impl FromValue for u64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Int(n) => u64::try_from(n).map_err(|_| format!("{n} is out of range")),
            v => wrong(v, "an integer"),
        }
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Int(i64::from(*self)))
    }
}

impl FromValue for bool {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Int(n) => Ok(n != 0),
            v => wrong(v, "a true/false integer"),
        }
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Real(*self))
    }
}

impl FromValue for f64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Real(x) => Ok(x),
            ValueRef::Int(n) => Ok(n as f64),
            v => wrong(v, "a number"),
        }
    }
}

impl ToValue for Cents {
    fn to_value(&self) -> Value {
        Value::Int(self.cents())
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Int(self.cents()))
    }
}

impl FromValue for Cents {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        i64::from_value(v).map(Cents)
    }
}

impl ToValue for NaiveDate {
    fn to_value(&self) -> Value {
        Value::Text(iso(*self))
    }
}

impl ToValue for DayText {
    fn to_value(&self) -> Value {
        Value::Text(self.as_str().to_string())
    }

    fn value_ref(&self) -> Option<ValueRef<'_>> {
        Some(ValueRef::Text(self.as_str()))
    }
}

impl FromValue for Day {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Day)
                .map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)")),
            v => wrong(v, "a date"),
        }
    }
}

impl FromValue for NaiveDate {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        Day::from_value(v).map(|d| d.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::PlanType;
    use crate::domain::workflow::WorkState;

    #[test]
    fn values_read_strictly() {
        assert_eq!(WorkState::from_value(WorkState::Resubmitted.to_value().as_ref()).unwrap(), WorkState::Resubmitted);
        assert!(WorkState::from_value(ValueRef::Text("maybe")).unwrap_err().contains("'maybe' is not a work state"));
        assert!(PlanType::from_value(ValueRef::Text("commerical")).is_err(), "no silent default");
        assert_eq!(Option::<NaiveDate>::from_value(ValueRef::Null).unwrap(), None);
        assert!(NaiveDate::from_value(ValueRef::Text("2026-13-01")).is_err());
        assert!(u32::from_value(ValueRef::Int(-1)).is_err());
        assert!(i64::from_value(ValueRef::Text("12")).is_err(), "text is not silently a number");
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(d.to_value(), Value::Text("2026-11-23".into()));
        assert_eq!(Cents::from_value(Cents(-1234).to_value().as_ref()).unwrap(), Cents(-1234));
        assert_eq!(Some(true).to_value(), Value::Int(1));
    }
}
