//! Snapshots of the owner's screens on the demo ledger (deterministic: fixed seed and day):
//! the RCA tab's week, another slice, the prevention dialog, and the KPI screen.

mod common;

use std::sync::Arc;

use overturn::domain::money::Cents;
use overturn::tui::action::Action;
use overturn::tui::app::{App, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};

fn demo_desk(w: u16, h: u16) -> (tempfile::TempDir, App, DeskIo) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let files = tmp.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let tables = overturn::tables::builtin();
    let mut settings = common::settings();
    settings.write_off_threshold = Cents(2500);
    overturn::generate::demo::build(&db, &files, &tables, &settings, 7).unwrap();
    let store = overturn::store::Store::open(&db).unwrap();
    let tables = Arc::new(tables);
    let mut io = DeskIo::new(store, tables.clone(), "owner".into(), common::today(), None)
        .with_fixed_now("2026-11-23T16:05:00Z");
    let mut app = App::new(common::today(), tables, Theme { color: false }, "demo.db".into(), true);
    dispatch(&mut app, &mut io, Action::Resize(w, h));
    start(&mut app, &mut io);
    dispatch(&mut app, &mut io, Action::GoTab(Tab::Rca));
    (tmp, app, io)
}

fn shots(name: &str, actions: &[Action]) {
    for (w, h) in common::desk::SIZES {
        let (_g, mut app, mut io) = demo_desk(w, h);
        common::desk::keys(&mut app, &mut io, actions);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), common::desk::screen(&app));
    }
}

#[test]
fn rca_week() {
    shots("rca_week", &[Action::RcaSelect(1)]);
}

#[test]
fn rca_by_provider_a_week_earlier() {
    shots("rca_provider_prev_week", &[Action::RcaWeek(-1), Action::RcaSlice(1), Action::RcaSlice(1)]);
}

#[test]
fn rca_prevention_dialog() {
    shots("rca_prevention_dialog", &[Action::StartPrevention]);
}

#[test]
fn kpi_screen() {
    shots("kpi_screen", &[Action::ToggleKpi]);
}
