//! [`Value`] on PostgreSQL's wire: a parameter binds as whatever type the server inferred for
//! it (a `bigint` column, an `integer` LIMIT, text), and a column reads from the types the
//! ledger's SQL produces, `numeric` sums included.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use super::value::Value;

type Failed = Box<dyn Error + Sync + Send>;

fn mismatch(value: &Value, ty: &Type) -> Failed {
    format!("cannot bind {value:?} as PostgreSQL type {ty}").into()
}

fn is_text(ty: &Type) -> bool {
    matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN)
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Failed> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                _ if is_text(ty) => n.to_string().as_str().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                _ if is_text(ty) => x.to_string().as_str().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Text(s) => match *ty {
                _ if is_text(ty) => s.as_str().to_sql(ty, out),
                Type::INT8 => s.parse::<i64>().map_err(|_| mismatch(self, ty))?.to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column read from PostgreSQL.
pub struct PgValue(pub Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Failed> {
        let v = match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::NUMERIC => numeric(raw)?,
            _ if is_text(ty) => Value::Text(String::from_sql(ty, raw)?),
            _ => return Err(format!("a PostgreSQL {ty} column, which the ledger does not use").into()),
        };
        Ok(PgValue(v))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Failed> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// `numeric` in its binary form (base-10000 digits): `sum()` of a bigint column is one. Whole
/// values read as integers, others as numbers.
fn numeric(raw: &[u8]) -> Result<Value, Failed> {
    let word = |i: usize| -> Result<u16, Failed> {
        raw.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]])).ok_or_else(|| "a short numeric".into())
    };
    let (ndigits, weight, sign, scale) = (word(0)? as usize, word(2)? as i16, word(4)?, word(6)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let digits: Vec<i64> = (0..ndigits).map(|i| word(8 + 2 * i).map(i64::from)).collect::<Result<_, _>>()?;
    let negative = sign == 0x4000;
    let whole = scale == 0 && (weight as i64) >= (ndigits as i64) - 1;
    if whole {
        let mut n: i128 = 0;
        for (i, d) in digits.iter().enumerate() {
            let exponent = i64::from(weight) - i as i64;
            n += i128::from(*d) * 10_000i128.pow(exponent as u32);
        }
        let n = if negative { -n } else { n };
        return i64::try_from(n).map(Value::Int).map_err(|_| "a numeric beyond 64-bit integers".into());
    }
    let mut x = 0f64;
    for (i, d) in digits.iter().enumerate() {
        x += *d as f64 * 10_000f64.powi(i32::from(weight) - i as i32);
    }
    Ok(Value::Real(if negative { -x } else { x }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(ndigits: u16, weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits, weight as u16, sign, scale].iter().chain(digits) {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    }

    #[test]
    fn numerics_read_as_integers_when_whole() {
        // 123,456,789 = 1|2345|6789 in base 10,000.
        assert_eq!(numeric(&encode(3, 2, 0, 0, &[1, 2345, 6789])).unwrap(), Value::Int(123_456_789));
        // 50,000 = 5|0000, trailing zero digits left out.
        assert_eq!(numeric(&encode(1, 1, 0, 0, &[5])).unwrap(), Value::Int(50_000));
        assert_eq!(numeric(&encode(1, 0, 0x4000, 0, &[42])).unwrap(), Value::Int(-42));
        assert_eq!(numeric(&encode(0, 0, 0, 0, &[])).unwrap(), Value::Int(0));
        // 2.5 = 2 . 5000
        assert_eq!(numeric(&encode(2, 0, 0, 1, &[2, 5000])).unwrap(), Value::Real(2.5));
        assert!(numeric(&[0, 1]).is_err());
    }
}
