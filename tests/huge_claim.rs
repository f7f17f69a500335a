//! A claim with 20,000 service lines imports, and its detail, the desk's first frame with the
//! detail beside the table, and its letter take time linear in what they show (the detail pages
//! 200 lines at a time). The budgets are generous: they catch work that grows with the square
//! of the line count (9.5 s at 5,000 lines before), not small regressions (see benches/).

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{remit, write};
use overturn::letters::{LetterSetup, Templates, compose};
use overturn::store::detail::{DETAIL_LINES, detail};
use overturn::tui::action::Action;
use overturn::tui::app::{App, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};

const LINES: usize = 20_000;
const BUDGET: Duration = Duration::from_secs(2);

/// One claim, every line denied CO-50 ($10 each) with a remark, procedure codes cycling
/// through 300 values.
fn huge_claim() -> String {
    let mut c = vec![format!(
        "CLP*HUGE1*4*{total}*0**12*PAYER123456~NM1*QC*1*DOE*JANE****MI*M123~DTM*232*20261001",
        total = LINES * 10
    )];
    for i in 0..LINES {
        c.push(format!("SVC*HC:{}*10*0**1~DTM*472*20261001~CAS*CO*50*10~LQ*HE*N115", 90_000 + i % 300));
    }
    remit(901, "20261101", "AETNA", "60054", &[&c.join("~")])
}

#[test]
fn a_twenty_thousand_line_claim_stays_responsive() {
    for engine in common::engines("a_twenty_thousand_line_claim_stays_responsive") {
        let common::Engine { ledger: mut store, dir, database: _database, note: _note } = engine;
        responsive(&mut store, dir.path());
        desk_pages_the_lines(store);
    }
}

/// The import, the detail and the letter.
fn responsive(store: &mut overturn::store::backend::Backend, dir: &std::path::Path) {
    let file = write(dir, "huge.835", &huge_claim());
    let r = common::import(store, &file);
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(r.counts.service_lines, LINES as u64);
    let id: i64 = common::scalar(store, "SELECT id FROM work_item WHERE kind = 'denial'");

    let t = Instant::now();
    let d = detail(store.db(), id).unwrap().unwrap();
    assert!(t.elapsed() < BUDGET, "detail took {:?}", t.elapsed());
    assert_eq!(d.lines.len() as i64, DETAIL_LINES, "one window of lines");
    assert_eq!(d.line_summary.count, LINES as i64);
    assert!(d.lines.iter().all(|l| l.adjustments.len() == 1 && l.remarks == ["N115"]), "each line its own rows");
    assert_eq!(d.line_summary.procedures.len(), 20);
    assert_eq!(d.line_summary.more_procedures, 280);

    let t = Instant::now();
    let setup = LetterSetup {
        templates: &Templates::new(None),
        tables: &overturn::tables::builtin(),
        practice: &overturn::letters::PracticeProfile::sample(),
        biller: "dana",
        today: common::today(),
        payer_address: None,
    };
    let letter = compose(store.db(), id, &setup).unwrap();
    assert!(t.elapsed() < BUDGET, "letter took {:?}", t.elapsed());
    assert!(letter.text.contains("90000, 90001"), "the distinct procedures");
    assert!(letter.text.contains("and 280 more"), "named up to 20, then counted");
    assert!(letter.text.len() < 20_000, "a letter, not a dump of 20,000 lines");
}

/// The desk's first frame with the detail beside the table, and its windows of lines.
fn desk_pages_the_lines(store: overturn::store::backend::Backend) {
    // The desk at 160 columns shows the detail beside the table from the first frame.
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(store, tables.clone(), "dana".into(), common::today(), None);
    let mut app = App::new(common::today(), tables, Theme { color: false }, "t.db".into(), false);
    let t = Instant::now();
    dispatch(&mut app, &mut io, Action::Resize(160, 40));
    start(&mut app, &mut io);
    let first = common::desk::screen(&app);
    assert!(t.elapsed() < BUDGET, "first frame took {:?}", t.elapsed());
    assert_eq!(app.tab, Tab::Denials);
    assert!(first.contains("lines 1-200 of 20000 shown: ] next lines, [ previous"), "{first}");

    // ] and [ walk the windows.
    dispatch(&mut app, &mut io, Action::OpenDetail);
    dispatch(&mut app, &mut io, Action::DetailLines(1));
    assert_eq!(app.detail.as_ref().map(|d| d.lines_from), Some(201));
    assert!(common::desk::screen(&app).contains("lines 201-400 of 20000"));
    dispatch(&mut app, &mut io, Action::DetailLines(-1));
    assert_eq!(app.detail.as_ref().map(|d| (d.lines_from, d.lines[0].line_no)), Some((1, 1)));
}

#[test]
fn a_claim_past_the_segment_limit_is_refused_naming_it() {
    use overturn::import::era835::MAX_CLAIM_SEGMENTS;
    let mut c = vec!["CLP*BIG*4*10*0**12*P1~NM1*QC*1*DOE*JANE****MI*M1".to_string()];
    c.extend((0..=MAX_CLAIM_SEGMENTS / 2).map(|_| "SVC*HC:99213*1*0**1~DTM*472*20261001".to_string()));
    common::on_both("a_claim_past_the_segment_limit_is_refused_naming_it", |store, dir| {
        let file = write(dir, "big.835", &remit(902, "20261101", "AETNA", "60054", &[&c.join("~")]));
        let r = common::import(store, &file);
        let e = r.error.unwrap_or_default();
        assert!(e.contains("more than 250000 segments"), "{e}");
        assert_eq!(common::scalar(store, "SELECT count(*) FROM claim"), 0, "nothing half-written");
    });
}
