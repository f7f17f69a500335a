//! The store writes parameters as SQLite does (`?1`, `?2`, or `?` in order); PostgreSQL numbers
//! them `$1`, `$2`. Rewritten once per statement (statements are cached), outside quoted text.

pub fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // Quoted text or a quoted name: copied as is (a doubled quote stays inside).
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                }
                next = digits.parse::<u32>().unwrap_or(next) + 1;
                out.push('$');
                out.push_str(&digits);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn numbered_and_bare_marks_become_dollars_outside_quotes() {
        assert_eq!(to_postgres("SELECT a FROM t WHERE b = ?1 AND c = ?12"), "SELECT a FROM t WHERE b = $1 AND c = $12");
        assert_eq!(to_postgres("INSERT INTO t VALUES (?, ?, ?)"), "INSERT INTO t VALUES ($1, $2, $3)");
        assert_eq!(to_postgres("SELECT '?1 it''s ?' || ?1, \"odd?name\""), "SELECT '?1 it''s ?' || $1, \"odd?name\"");
        assert_eq!(to_postgres("SELECT ?2, ?1, ?2"), "SELECT $2, $1, $2");
    }
}
