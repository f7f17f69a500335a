//! The PostgreSQL import's answers to the claim inventory from claims still held in its claim
//! batch (see [`super::claim_batch`]). A remitted claim answers the submitted claims it names
//! (see [`super::submitted::remitted`]); one that resolves no no-response item needs nothing
//! but its claim's id, so its answer waits beside the claim and the batch's answers are
//! written together, one UPDATE per thousand, as the claim-by-claim updates in file order
//! would leave them: a submitted claim keeps the first answer that names it.

use chrono::NaiveDate;

use super::StoreError;
use super::db::{Conn, PgConn, ToValue, Value, refs};

type Res<T> = Result<T, StoreError>;

/// Answers written per UPDATE (5 parameters each, well under PostgreSQL's 65,535).
const PER_UPDATE: usize = 1000;

/// A held claim's answer to the submitted claims it names.
pub struct HeldAnswer {
    /// The claim's place in the batch.
    pub claim: usize,
    pub pcn: String,
    pub payer_claim_no: Option<String>,
    pub on: NaiveDate,
}

/// Writes `answers` (in file order) once their claims have the ids `claim_ids` (in batch
/// order); returns how many submitted claims they answered.
pub fn write(pg: &PgConn, answers: &mut Vec<HeldAnswer>, claim_ids: &[i64]) -> Res<u64> {
    let mut answered = 0;
    for (n, chunk) in std::mem::take(answers).chunks(PER_UPDATE).enumerate() {
        answered += update(pg, chunk, n * PER_UPDATE, claim_ids)?;
    }
    Ok(answered)
}

fn update(pg: &PgConn, answers: &[HeldAnswer], first: usize, claim_ids: &[i64]) -> Res<u64> {
    let mut values = Vec::with_capacity(answers.len() * 5);
    let mut rows = Vec::with_capacity(answers.len());
    for (i, a) in answers.iter().enumerate() {
        let claim = claim_ids.get(a.claim).ok_or_else(|| StoreError::new("a held answer lost its claim"))?;
        let p = i * 5;
        rows.push(format!(
            "(?{}::bigint, ?{}::text, ?{}::text, ?{}::text, ?{}::bigint)",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5
        ));
        values.extend([
            Value::Int((first + i) as i64),
            Value::Text(a.pcn.clone()),
            a.payer_claim_no.clone().map_or(Value::Null, Value::Text),
            a.on.to_value(),
            Value::Int(*claim),
        ]);
    }
    // Each submitted claim takes the earliest answer that names it and was sent after it.
    let sql = format!(
        "WITH a(ord, pcn, payer_claim_no, remit_on, claim_id) AS (VALUES {})
         UPDATE submitted_claim s SET remitted_on = m.remit_on, remit_claim_id = m.claim_id
         FROM (SELECT DISTINCT ON (id) id, remit_on, claim_id
               FROM (SELECT t.id, a.ord, a.remit_on, a.claim_id FROM a JOIN submitted_claim t ON t.pcn = a.pcn
                     WHERE t.remitted_on IS NULL AND t.submitted_on <= a.remit_on
                     UNION ALL
                     SELECT t.id, a.ord, a.remit_on, a.claim_id FROM a JOIN submitted_claim t
                       ON t.payer_claim_no = a.payer_claim_no
                     WHERE t.remitted_on IS NULL AND t.submitted_on <= a.remit_on) named
               ORDER BY id, ord) m
         WHERE s.id = m.id",
        rows.join(", ")
    );
    Ok(Conn::Postgres(pg).execute(&sql, &refs(&values))? as u64)
}
