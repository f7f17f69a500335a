//! Key flows of the RCA tab: the week picker, clusters, slices, opening a cluster's items,
//! prevention actions and the KPI screen. Included by `desk_keys.rs` (coverage check).

use super::*;
use overturn::domain::filter::QueueFilter;
use overturn::domain::rca::{Intake, Slice, WeekItem, summarize};
use overturn::domain::vocab::RootCause;
use overturn::domain::week::Week;
use overturn::domain::workflow::{Queue, WorkKind};
use overturn::report::RcaReport;

fn item(category: RootCause, dollars: i64, queue: Queue) -> WeekItem {
    WeekItem {
        category,
        amount: Cents(dollars * 100),
        kind: WorkKind::Denial,
        queue,
        intake: Intake::Era835,
        payer: "AETNA".into(),
        procedure: "99213".into(),
        provider: "OKAFOR".into(),
        location: "11 Office".into(),
        carc: "CO-197".into(),
        work_type: "research".into(),
    }
}

/// A loaded week: authorization leads (its items are in Appeals), then coding.
pub fn report(week: Week) -> RcaReport {
    let items = [
        item(RootCause::Authorization, 500, Queue::Appeals),
        item(RootCause::Coding, 200, Queue::Denials),
        item(RootCause::Coding, 100, Queue::Denials),
    ];
    RcaReport {
        practice: None,
        week,
        claims: 30,
        denied_claims: 3,
        summary: summarize(&items, &Default::default(), 8),
        notes: vec![],
        labels: Default::default(),
        outliers: vec![],
        prevention: vec![],
    }
}

pub(super) fn the_weekly_review() {
    let mut a = app(3);
    let (_, fx) = press(&mut a, ch('7'));
    let last = Week::parse("2026-W47").unwrap();
    assert_eq!(fx, vec![Effect::LoadRca { week: last }], "the last full week by default");
    // Keys that need the week refuse while it loads, and say why.
    assert_eq!(press(&mut a, key(KeyCode::Enter)).0, Action::Refused("the week is still loading".into()));
    // The current week is the newest: ] refuses. [ and ] move the week; arrows change tabs here too.
    update(&mut a, Action::RcaWeek(1));
    assert_eq!(press(&mut a, ch(']')).0, Action::Refused("this week is the latest there is".into()));
    assert_eq!(press(&mut a, ch('[')).1, vec![Effect::LoadRca { week: last }]);
    assert_eq!(press(&mut a, ch('[')).1, vec![Effect::LoadRca { week: last.prev() }]);
    press(&mut a, ch(']'));
    assert_eq!(a.rca.week, last);
    update(&mut a, Action::RcaLoaded(Box::new(report(last))));
    assert_eq!(press(&mut a, key(KeyCode::Esc)).0, Action::Refused("nothing to close here (q quits)".into()));
    press(&mut a, ch('['));
    assert_eq!(press(&mut a, ch('t')).1, vec![], "back to a week already read: nothing to load");
    // Clusters: j/k move within the two; Enter opens the selected one's items where most are.
    press(&mut a, ch('j'));
    press(&mut a, key(KeyCode::Down));
    assert_eq!(a.rca.selected, 1, "stops at the last cluster");
    press(&mut a, ch('k'));
    press(&mut a, key(KeyCode::Up));
    assert_eq!(a.rca.selected, 0);
    assert_eq!(press(&mut a, ch('s')).0, Action::RcaSlice(1));
    assert_eq!(a.rca.slice, Slice::Procedure);
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(a.tab, Tab::Appeals);
    let want = QueueFilter { categories: vec![RootCause::Authorization], week: Some(last), ..QueueFilter::default() };
    assert_eq!(a.views[Tab::Appeals.index()].filter, want);
    assert!(matches!(&fx[..], [Effect::LoadPage { tab: Tab::Appeals, .. }, Effect::Count { .. }]), "{fx:?}");
    // Back on the RCA tab: Tab and S-Tab still switch tabs.
    press(&mut a, ch('7'));
    press(&mut a, key(KeyCode::Tab));
    assert_eq!(a.tab, Tab::Rejections);
    press(&mut a, ch('7'));
    press(&mut a, key(KeyCode::BackTab));
    assert_eq!(a.tab, Tab::Unanswered);
    press(&mut a, ch('7'));
    // A prevention action on the cluster: what, who, from.
    press(&mut a, ch('j'));
    press(&mut a, ch('P'));
    assert!(matches!(a.dialog.as_ref().map(|d| &d.kind), Some(Kind::Prevention { category: RootCause::Coding, .. })));
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![], "nothing typed yet");
    assert_eq!(a.dialog.as_ref().and_then(|d| d.problem.clone()).as_deref(), Some("say what changed upstream"));
    for c in "Scrubber edit for modifiers".chars() {
        update(&mut a, Action::Input(c));
    }
    update(&mut a, Action::DialogSwitchField);
    for c in "Coder".chars() {
        update(&mut a, Action::Input(c));
    }
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    let [Effect::RecordPrevention(p)] = &fx[..] else { panic!("{fx:?}") };
    assert_eq!(
        (p.category, p.what.as_str(), p.who.as_str(), p.from),
        (RootCause::Coding, "Scrubber edit for modifiers", "Coder", today())
    );
    assert_eq!(update(&mut a, Action::PreventionRecorded("saved".into())), vec![Effect::LoadRca { week: last }]);
    assert!(a.dialog.is_none());
    // The KPI screen: the 13 weeks to the week shown; cluster keys say why they do not apply.
    let (_, fx) = press(&mut a, ch('K'));
    let from: NaiveDate = "2026-08-24".parse().unwrap();
    assert_eq!(fx, vec![Effect::LoadKpi { from, to: last.sunday() }]);
    assert_eq!(press(&mut a, ch('s')).0, Action::Refused("the KPI screen is up: K goes back to the clusters".into()));
    press(&mut a, ch('K'));
    assert!(!a.rca.kpi_open);
    // Esc and q leave the KPI screen; q quits only from the top.
    press(&mut a, ch('K'));
    assert_eq!(press(&mut a, key(KeyCode::Esc)).0, Action::CloseInner);
    assert!(!a.rca.kpi_open);
    press(&mut a, ch('K'));
    assert_eq!(press(&mut a, ch('q')).0, Action::CloseInner);
    assert!(!a.rca.kpi_open && !a.quit);
    press(&mut a, key(KeyCode::Right));
    assert_eq!(a.tab, Tab::Rejections, "→ changes tabs on every tab");
    press(&mut a, key(KeyCode::Left));
    press(&mut a, ch('h'));
    press(&mut a, ch('l'));
    assert_eq!(a.tab, Tab::Rca);
    // g: type a week or a date; G: the latest week with data.
    press(&mut a, ch('g'));
    for c in "2011-03-22".chars() {
        press(&mut a, ch(c));
    }
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    let w2011 = Week::parse("2011-W12").unwrap();
    assert_eq!((a.rca.week, fx), (w2011, vec![Effect::LoadRca { week: w2011 }]));
    assert!(a.dialog.is_none());
    press(&mut a, ch('g'));
    for c in "2030-W01".chars() {
        press(&mut a, ch(c));
    }
    press(&mut a, key(KeyCode::Enter));
    assert_eq!(a.dialog.as_ref().and_then(|d| d.problem.clone()).as_deref(), Some("2030-W01 has not started yet"));
    press(&mut a, key(KeyCode::Esc));
    assert_eq!(press(&mut a, ch('G')).1, vec![Effect::LoadLatestWeek]);
    update(&mut a, Action::RcaGoTo(last));
    assert_eq!(a.rca.week, last);
}
