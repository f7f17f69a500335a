//! The National Provider Identifier's check digit: ten digits, the last a Luhn check digit
//! computed over the first nine with the prefix 80840 (CMS, "Requirements for National
//! Provider Identifier (NPI) and NPI Enumerator Check Digit Algorithm").

/// The check digit for nine digits, or `None` when `base` is not nine ASCII digits.
pub fn check_digit(base: &str) -> Option<u8> {
    if base.len() != 9 || !base.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut sum = 24; // what the doubled digits of the prefix 80840 contribute
    for (i, c) in base.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// Ten digits whose last is the check digit of the first nine.
pub fn is_valid(npi: &str) -> bool {
    npi.len() == 10 && check_digit(&npi[..9]).is_some_and(|d| npi.as_bytes()[9] == b'0' + d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cms_published_example() {
        // The CMS check-digit paper's example: 123456789 has check digit 3.
        assert_eq!(check_digit("123456789"), Some(3));
        assert!(is_valid("1234567893"));
        assert!(!is_valid("1234567890"));
        assert!(!is_valid("123456789") && !is_valid("12345678931") && !is_valid("12345678a3"));
        assert_eq!(check_digit("12345678"), None);
    }
}
