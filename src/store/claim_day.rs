//! The claim rollup (`claim_day`): the owner's claim figures by remit day, payer, rendering
//! provider and place of service. An import adds each 835 claim to an in-memory tally and
//! writes the file's few rows once, before it commits; claims never change afterwards, so
//! the rollup stays exact. `claim_day.sql` rebuilds it from the claims.

use chrono::NaiveDate;

use super::StoreError;
use super::first_adjudication::FirstFacts;
use crate::domain::FastMap;
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;

/// Rebuilds the rollup from the claims (also run by the schema v6 migration).
pub const REBUILD: &str = include_str!("claim_day.sql");

/// A rollup row's provider and place as one text: the provider's length in bytes, a colon,
/// the provider, then the place. No separator a name could hold; looked up by a text built in
/// a buffer the tally keeps, so a claim counted on a row already tallied allocates nothing.
fn slice_key(out: &mut String, provider: &str, place: &str) {
    out.clear();
    // The length's digits, most significant first, without the formatter (a key per claim).
    let mut n = provider.len();
    loop {
        out.insert(0, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push(':');
    out.push_str(provider);
    out.push_str(place);
}

/// The provider and place of a [`slice_key`].
fn split_key(key: &str) -> (&str, &str) {
    let (len, rest) = key.split_once(':').unwrap_or(("0", key));
    let at = len.parse::<usize>().unwrap_or(0);
    match (rest.get(..at), rest.get(at..)) {
        (Some(provider), Some(place)) => (provider, place),
        _ => ("", rest),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    initial: i64,
    initial_charge: i64,
    initial_denied: i64,
    initial_denied_cents: i64,
    paid: i64,
    charge: i64,
    contractual: i64,
}

/// One file's additions to the rollup, written by [`ClaimDays::flush`].
#[derive(Debug, Default)]
pub struct ClaimDays {
    /// By remit day and payer, then by [`slice_key`].
    sums: FastMap<(NaiveDate, i64), FastMap<String, Sums>>,
    key: String,
}

/// The rendering provider as the owner's views name it: the remit's name, else the NPI.
fn provider(c: &RemitClaim) -> &str {
    c.rendering_name.as_deref().filter(|n| !n.is_empty()).or(c.rendering_npi.as_deref()).unwrap_or_default()
}

/// What the rollup counts of a claim.
pub struct DayFigures<'a> {
    pub provider: &'a str,
    pub place: &'a str,
    pub charge: Cents,
    pub paid: Cents,
}

impl<'a> DayFigures<'a> {
    pub fn of(c: &'a RemitClaim, place: &'a str) -> DayFigures<'a> {
        DayFigures { provider: provider(c), place, charge: c.charge, paid: c.paid }
    }
}

impl ClaimDays {
    /// Counts a claim just inserted (only 835 claims with a remit date count).
    pub fn add(
        &mut self,
        source: &str,
        remit_date: Option<NaiveDate>,
        payer_id: Option<i64>,
        first: &FirstFacts,
        c: &RemitClaim,
    ) {
        let place = c.facility_code.as_deref().unwrap_or_default();
        self.add_figures(source, remit_date, payer_id, first, DayFigures::of(c, place));
    }

    /// [`ClaimDays::add`] from a claim's figures (the claim itself already let go).
    pub fn add_figures(
        &mut self,
        source: &str,
        remit_date: Option<NaiveDate>,
        payer_id: Option<i64>,
        first: &FirstFacts,
        f: DayFigures<'_>,
    ) {
        let Some(remit_date) = remit_date.filter(|_| source == "835") else { return };
        slice_key(&mut self.key, f.provider, f.place);
        let slices = self.sums.entry((remit_date, payer_id.unwrap_or(0))).or_default();
        if !slices.contains_key(self.key.as_str()) {
            slices.insert(self.key.clone(), Sums::default());
        }
        let Some(s) = slices.get_mut(self.key.as_str()) else { return };
        if first.initial {
            s.initial += 1;
            s.initial_charge += f.charge.cents();
            s.initial_denied += i64::from(first.denied.is_some());
            s.initial_denied_cents += first.denied.map_or(0, Cents::cents);
        }
        s.paid += f.paid.cents();
        s.charge += f.charge.cents();
        s.contractual += first.contractual.cents();
    }

    /// Adds the tallies to the rollup (inside the import's transaction) and empties them.
    pub fn flush<'a>(&mut self, db: impl Into<super::db::Conn<'a>>) -> Result<(), StoreError> {
        let db = db.into();
        let sql = "INSERT INTO claim_day (remit_date, payer_id, provider, place, initial, initial_charge_cents,
             initial_denied, initial_denied_cents, paid_cents, charge_cents, contractual_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (remit_date, payer_id, provider, place) DO UPDATE SET
             initial = claim_day.initial + excluded.initial,
             initial_charge_cents = claim_day.initial_charge_cents + excluded.initial_charge_cents,
             initial_denied = claim_day.initial_denied + excluded.initial_denied,
             initial_denied_cents = claim_day.initial_denied_cents + excluded.initial_denied_cents,
             paid_cents = claim_day.paid_cents + excluded.paid_cents,
             charge_cents = claim_day.charge_cents + excluded.charge_cents,
             contractual_cents = claim_day.contractual_cents + excluded.contractual_cents";
        for ((remit_date, payer_id), slices) in self.sums.drain() {
            for (key, s) in slices {
                let (provider, place) = split_key(&key);
                db.execute(
                    sql,
                    &[
                        &remit_date,
                        &payer_id,
                        &provider,
                        &place,
                        &s.initial,
                        &s.initial_charge,
                        &s.initial_denied,
                        &s.initial_denied_cents,
                        &s.paid,
                        &s.charge,
                        &s.contractual,
                    ],
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_key_gives_back_its_provider_and_place_whatever_they_hold() {
        let cases =
            [("", ""), ("DR A", "11"), ("12:34", ":"), ("Ünïcode, Dr", "22"), ("x\u{1f}y", "1\u{0}2"), ("", "11")];
        let mut key = String::new();
        for (provider, place) in cases {
            slice_key(&mut key, provider, place);
            assert_eq!(split_key(&key), (provider, place), "{key:?}");
        }
        slice_key(&mut key, "AB", "1");
        let other = key.clone();
        slice_key(&mut key, "A", "B1");
        assert_ne!(key, other, "the provider's length keeps the two apart");
    }
}
