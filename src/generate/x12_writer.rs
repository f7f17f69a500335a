//! Writes X12 segments (`*` elements, `:` components, `~` + newline) and counts them for SE01.

use std::io::{self, Write};

use chrono::NaiveDate;

pub struct X12Writer<'a> {
    out: &'a mut dyn Write,
    /// Segments since the last `ST`, for SE01.
    pub in_txn: u64,
    pub bytes: u64,
}

impl<'a> X12Writer<'a> {
    pub fn new(out: &'a mut dyn Write) -> Self {
        X12Writer { out, in_txn: 0, bytes: 0 }
    }

    /// Writes one segment; trailing empty elements are dropped as X12 requires.
    pub fn seg(&mut self, elements: &[&str]) -> io::Result<()> {
        let used = elements.iter().rposition(|e| !e.is_empty()).map_or(0, |i| i + 1);
        let line = elements[..used].join("*");
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"~\n")?;
        self.in_txn += 1;
        self.bytes += line.len() as u64 + 2;
        Ok(())
    }

    /// The fixed-width ISA header and the GS that follows it.
    pub fn open_interchange(
        &mut self,
        control: u64,
        date: NaiveDate,
        gs08: &str,
        functional_id: &str,
    ) -> io::Result<()> {
        let yymmdd = date.format("%y%m%d").to_string();
        let ccyymmdd = date.format("%Y%m%d").to_string();
        let ctl = format!("{control:09}");
        self.seg(&[
            "ISA",
            "00",
            "          ",
            "00",
            "          ",
            "ZZ",
            "OVERTURNGEN    ",
            "ZZ",
            "PRACTICE       ",
            &yymmdd,
            "0800",
            "^",
            "00501",
            &ctl,
            "0",
            "P",
            ":",
        ])?;
        self.seg(&["GS", functional_id, "OVERTURNGEN", "PRACTICE", &ccyymmdd, "0800", &control.to_string(), "X", gs08])
    }

    pub fn close_interchange(&mut self, control: u64, transactions: u64) -> io::Result<()> {
        self.seg(&["GE", &transactions.to_string(), &control.to_string()])?;
        self.seg(&["IEA", "1", &format!("{control:09}")])
    }

    pub fn open_txn(&mut self, st01: &str, st02: &str, st03: &str) -> io::Result<()> {
        self.in_txn = 0;
        self.seg(&["ST", st01, st02, st03])
    }

    pub fn close_txn(&mut self, st02: &str) -> io::Result<()> {
        let n = self.in_txn + 1;
        self.seg(&["SE", &n.to_string(), st02])
    }
}

/// X12 decimal for cents: `150`, `150.5`, `-12.34`.
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    match a % 100 {
        0 => format!("{sign}{}", a / 100),
        c if c % 10 == 0 => format!("{sign}{}.{}", a / 100, c / 10),
        c => format!("{sign}{}.{c:02}", a / 100),
    }
}

pub fn d8(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_x12_form() {
        assert_eq!(amount(15000), "150");
        assert_eq!(amount(15050), "150.5");
        assert_eq!(amount(-1234), "-12.34");
        assert_eq!(amount(7), "0.07");
    }

    #[test]
    fn trailing_empty_elements_are_dropped() {
        let mut buf = Vec::new();
        let mut w = X12Writer::new(&mut buf);
        w.seg(&["SVC", "HC:99213", "100", "80", "", "1"]).unwrap();
        w.seg(&["CLP", "A", "1", "", ""]).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "SVC*HC:99213*100*80**1~\nCLP*A*1~\n");
    }
}
