//! Any spreadsheet and any config file: imported or refused with a message naming the row (or
//! the file and line), never a panic, never a half-written ledger.

mod common;

use proptest::prelude::*;

const HEADER: &str = "patient_control_number,payer_name,patient_last_name,date_of_service,charge,carc,denied_amount,denial_date,rarcs,plan_type,units,rendering_npi";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "P1",
            "AETNA",
            "2026-10-01",
            "11/30/2026",
            "99990628",
            "100",
            "-5",
            "1e308",
            "50",
            "CO-50",
            "PR",
            "N290 MA130",
            "medicare",
            "2.5",
            "1234567890",
            "",
            "\"quoted, comma\"",
            "=cmd()",
            "\u{1b}[2J",
            "NaN",
        ])
        .prop_map(str::to_string),
        "[^\"\r\n]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, .. ProptestConfig::default() })]

    #[test]
    fn any_spreadsheet_imports_or_names_the_row(rows in prop::collection::vec(prop::collection::vec(cell(), 12), 0..6), skip in any::<bool>()) {
        let (g, mut store) = common::ledger();
        let body: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        let file = common::write(g.path(), "sheet.csv", &format!("{HEADER}\n{}\n", body.join("\n")));
        let before = common::table_counts(&store);
        let mut s = common::settings();
        s.skip_bad_rows = skip;
        let r = common::import_with(&mut store, &file, &s);
        if let Some(e) = &r.error {
            prop_assert!(e.contains("row ") || e.contains("header") || e.contains("not"), "{e}");
            prop_assert_eq!(common::table_counts(&store), before, "a refused file changes nothing");
        }
    }

    #[test]
    fn any_config_file_loads_or_names_the_file(bytes in prop::collection::vec(any::<u8>(), 0..200), toml_ish in "[a-z_ =\"0-9.\\[\\]\n#$-]{0,80}") {
        for content in [bytes, toml_ish.into_bytes()] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("config.toml"), &content).unwrap();
            match overturn::config::Config::load(Some(dir.path())) {
                Ok(c) => {
                    let _ = (c.write_off_threshold(), c.idle_lock(), c.actor());
                }
                Err(e) => prop_assert!(e.contains("config.toml"), "{e}"),
            }
        }
    }
}
