//! Known answers for the weekly review: ranking and its ties, shares, leaders, slices,
//! outliers, and prevention before/after.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::domain::week::Week;

fn item(category: RootCause, dollars: i64, payer: &str, provider: &str) -> WeekItem {
    WeekItem {
        category,
        amount: Cents(dollars * 100),
        kind: WorkKind::Denial,
        queue: Queue::Denials,
        intake: Intake::Era835,
        payer: payer.into(),
        procedure: "99213".into(),
        provider: provider.into(),
        location: "11 Office".into(),
        carc: "CO-197".into(),
        work_type: "obtain_authorization".into(),
    }
}

fn tally(count: u64, dollars: i64) -> Tally {
    Tally { count, cents: Cents(dollars * 100) }
}

#[test]
fn clusters_rank_by_dollars_then_count_then_name() {
    let ranked = rank_clusters(vec![
        (RootCause::Coding, tally(2, 500)),
        (RootCause::Authorization, tally(9, 900)),
        (RootCause::Eligibility, tally(3, 500)),
        (RootCause::Bundling, tally(3, 500)),
        (RootCause::Duplicate, tally(50, 100)),
    ]);
    let order: Vec<RootCause> = ranked.iter().map(|r| r.0).collect();
    // $900 first; three at $500: more items first (3 > 2), then by name (bundling < eligibility).
    assert_eq!(
        order,
        [
            RootCause::Authorization,
            RootCause::Bundling,
            RootCause::Eligibility,
            RootCause::Coding,
            RootCause::Duplicate
        ]
    );
}

#[test]
fn the_week_keeps_three_clusters_with_shares_trend_and_leaders() {
    let mut items = vec![
        item(RootCause::Authorization, 400, "AETNA", "OKAFOR"),
        item(RootCause::Authorization, 100, "CIGNA", "OKAFOR"),
        item(RootCause::Authorization, 100, "CIGNA", "VARGAS"),
        item(RootCause::Eligibility, 250, "AETNA", "VARGAS"),
        item(RootCause::Coding, 150, "AETNA", "VARGAS"),
        item(RootCause::Bundling, 50, "AETNA", "VARGAS"),
    ];
    items[1].queue = Queue::Appeals;
    items[2].queue = Queue::Appeals;
    let trend = HashMap::from([(RootCause::Authorization, vec![tally(1, 10), tally(2, 20)])]);
    let s = summarize(&items, &trend, 3);
    assert_eq!(s.total, tally(6, 1050));
    assert_eq!(s.clusters.len(), 3);
    let auth = &s.clusters[0];
    assert_eq!((auth.category, auth.tally), (RootCause::Authorization, tally(3, 600)));
    assert_eq!(auth.share_permille, 571); // 600 / 1050
    assert_eq!(auth.trend, vec![tally(1, 10), tally(2, 20), Tally::default(), tally(3, 600)]);
    // Aetna leads on dollars ($400) although Cigna has more items.
    assert_eq!(auth.leaders[0], (Slice::Payer, "AETNA".to_string(), tally(1, 400)));
    assert_eq!(auth.leaders[2], (Slice::Provider, "OKAFOR".to_string(), tally(2, 500)));
    // Two of its three items are in Appeals: Enter opens that tab.
    assert_eq!(auth.queue, Queue::Appeals);
    assert_eq!(s.clusters[1].category, RootCause::Eligibility);
    assert_eq!(s.clusters[2].category, RootCause::Coding);
    assert_eq!(s.clusters[2].trend.len(), 4);
    let payers = s.slice(Slice::Payer);
    assert_eq!(payers[0].value, "AETNA");
    assert_eq!(payers[0].tally, tally(4, 850));
    assert_eq!(payers[0].top_category, RootCause::Authorization);
    assert_eq!(payers[1].share_permille, 190); // 200 / 1050
    assert_eq!(s.slice(Slice::Source)[0].value, "835");
}

#[test]
fn an_empty_week_has_no_clusters() {
    let s = summarize(&[], &HashMap::new(), 8);
    assert!(s.clusters.is_empty());
    assert_eq!(s.total, Tally::default());
    assert_eq!(share_permille(Cents(5), Cents(0)), 0);
}

fn peers(slice: Slice, claims: &[(&str, u64)]) -> Vec<PeerClaims> {
    claims.iter().map(|(w, c)| PeerClaims { slice, who: w.to_string(), claims: *c }).collect()
}

#[test]
fn a_provider_at_three_times_the_peer_median_is_flagged() {
    let mut items = Vec::new();
    // HOLLOWAY: 6 coding denials of 40 claims (15%); peers 2/40, 1/40, 2/40 (median 5%): 3.0x.
    for (who, n) in [("HOLLOWAY", 6), ("OKAFOR", 2), ("VARGAS", 1), ("DUBOIS", 2)] {
        for _ in 0..n {
            items.push(item(RootCause::Coding, 100, "AETNA", who));
        }
    }
    let claims = peers(Slice::Provider, &[("HOLLOWAY", 40), ("OKAFOR", 40), ("VARGAS", 40), ("DUBOIS", 40)]);
    let found = outliers(&items, &claims);
    assert_eq!(found.len(), 1, "{found:?}");
    let o = &found[0];
    assert_eq!((o.who.as_str(), o.category, o.denials, o.claims, o.peers), ("HOLLOWAY", RootCause::Coding, 6, 40, 3));
    assert_eq!(o.peer_median.cmp_to(&Ratio::new(1, 20)), std::cmp::Ordering::Equal);
    assert_eq!(o.explain(), "6 of 40 claims (15.0%) vs peers' median 5.0% (3 peers, 3.0x)");

    // Most peers had none (median 0%): the pooled peer rate is the reference.
    let mut sparse: Vec<WeekItem> = (0..3).map(|_| item(RootCause::Coding, 100, "AETNA", "MANY")).collect();
    sparse.push(item(RootCause::Coding, 100, "AETNA", "P1"));
    let claims3 = peers(Slice::Provider, &[("MANY", 100), ("P1", 40), ("P2", 40), ("P3", 40)]);
    // 3% against a pooled 1 of 120 (0.8%): 3.6x, flagged.
    let found3 = outliers(&sparse, &claims3);
    assert_eq!(found3.len(), 1);
    assert_eq!(found3[0].explain(), "3 of 100 claims (3.0%) vs peers' median 0.0%, pooled 0.8% (3 peers, 3.6x)");
    // With 200 claims it is 1.5%: under 3x the pooled rate.
    let claims4 = peers(Slice::Provider, &[("MANY", 200), ("P1", 40), ("P2", 40), ("P3", 40)]);
    assert!(outliers(&sparse, &claims4).is_empty());

    // One denial fewer is 2.5x: not flagged.
    let first = items.iter().position(|i| &*i.provider == "HOLLOWAY").unwrap();
    items.remove(first);
    assert!(outliers(&items, &claims).is_empty());
}

#[test]
fn outliers_need_enough_claims_denials_and_peers() {
    let items: Vec<WeekItem> = (0..3).map(|_| item(RootCause::Coding, 100, "AETNA", "SMALL")).collect();
    // Too few claims to compare.
    assert!(outliers(&items, &peers(Slice::Provider, &[("SMALL", 9), ("A", 50), ("B", 50)])).is_empty());
    // Enough: the peers had none (median 0%), three denials is a pattern.
    let found = outliers(&items, &peers(Slice::Provider, &[("SMALL", 10), ("A", 50), ("B", 50)]));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].explain(), "3 of 10 claims (30.0%) vs peers' median 0.0% (2 peers)");
    // Only one peer: no median to speak of.
    assert!(outliers(&items, &peers(Slice::Provider, &[("SMALL", 10), ("A", 50)])).is_empty());
    // Rejections and spreadsheet rows do not count against the 835 denominator.
    let mut csv = items.clone();
    csv.iter_mut().for_each(|i| i.intake = Intake::Csv);
    assert!(outliers(&csv, &peers(Slice::Provider, &[("SMALL", 10), ("A", 50), ("B", 50)])).is_empty());
}

#[test]
fn medians_of_even_counts_average_the_middle_two() {
    let m = Ratio::median(vec![Ratio::new(1, 10), Ratio::new(3, 10), Ratio::new(1, 5), Ratio::new(9, 10)]).unwrap();
    assert_eq!(m.percent(), Some(25.0));
    assert_eq!(Ratio::median(vec![]), None);
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn prevention_compares_full_weeks_on_either_side() {
    let shown = Week::parse("2026-W47").unwrap();
    // Took effect on a Wednesday of W44: W44 counts on neither side.
    let (before, after) = before_after_weeks(d(2026, 10, 28), shown);
    assert_eq!(before.len(), WINDOW_WEEKS);
    assert_eq!(before.first().unwrap().to_string(), "2026-W36");
    assert_eq!(before.last().unwrap().to_string(), "2026-W43");
    let names: Vec<String> = after.iter().map(|w| w.to_string()).collect();
    assert_eq!(names, ["2026-W45", "2026-W46", "2026-W47"]);
    // On a Monday the week itself is after.
    let (_, after) = before_after_weeks(d(2026, 11, 16), shown);
    assert_eq!(after, vec![shown]);
    // Not in effect yet by the week shown.
    let (_, after) = before_after_weeks(d(2026, 11, 17), shown);
    assert!(after.is_empty());
}

#[test]
fn the_prevented_rate_is_the_drop_in_weekly_volume() {
    let ba = BeforeAfter {
        before: vec![tally(12, 1200), tally(8, 800)],
        after: vec![tally(5, 500), tally(4, 400), tally(6, 600)],
    };
    // 10/wk before, 5/wk after: 50% prevented.
    assert_eq!(ba.prevented_permille(), Some(500));
    assert_eq!(ba.dollars_per_week(), (Some(Cents(100_000)), Some(Cents(50_000))));
    assert_eq!(ba.explain(), "10.0/wk before -> 5.0/wk after, 50% fewer");
    let worse = BeforeAfter { before: vec![tally(4, 0)], after: vec![tally(6, 0)] };
    assert_eq!(worse.prevented_permille(), Some(-500));
    assert_eq!(worse.explain(), "4.0/wk before -> 6.0/wk after, 50% more");
    let waiting = BeforeAfter { before: vec![tally(4, 0)], after: vec![] };
    assert_eq!(waiting.prevented_permille(), None);
    assert!(waiting.explain().ends_with("no full week after it yet"));
    assert_eq!(BeforeAfter { before: vec![Tally::default()], after: vec![tally(1, 1)] }.prevented_permille(), None);
}

#[test]
fn the_tally_hasher_is_fnv_1a() {
    use std::hash::Hasher;
    // Published FNV-1a 64-bit test vectors (Fowler/Noll/Vo): "a" and "foobar".
    let hash = |s: &str| {
        let mut h = super::Fnv::default();
        h.write(s.as_bytes());
        h.finish()
    };
    assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
}
