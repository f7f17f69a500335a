use super::appeals as parse_appeals;
use super::*;
use crate::domain::code::{Carc, Rarc, StatusCode, StcCategory};
use crate::domain::deadlines::{Period, Window};
use crate::domain::vocab::{Path as WorkPath, PlanType, RootCause, StcEffect};

fn carc(c: &str) -> Carc {
    Carc::new(c).unwrap()
}

#[test]
fn shipped_tables_parse_and_cover_the_common_codes() {
    let t = builtin();
    // The X12 lists as published through 2019, deactivated codes included.
    assert!(t.carcs.len() >= 390, "{} CARCs", t.carcs.len());
    assert!(t.rarcs.len() >= 1080, "{} RARCs", t.rarcs.len());
    assert_eq!(t.versions.len(), EMBEDDED.len());
    assert!(t.versions.iter().all(|v| v.contains("@2026.1")), "{:?}", t.versions);
    for code in ["4", "16", "18", "22", "27", "29", "45", "50", "96", "97", "197", "204", "252", "253"] {
        assert!(t.carc(carc(code)).is_some(), "CARC {code} missing");
    }
    for code in ["MA130", "N706", "N130", "M15", "N290", "MA04"] {
        assert!(t.rarc(Rarc::new(code).unwrap()).is_some(), "RARC {code} missing");
    }
}

#[test]
fn contractual_and_cost_share_codes_are_not_denials() {
    let t = builtin();
    for code in ["45", "1", "2", "3", "23", "42", "253"] {
        assert!(!t.carc(carc(code)).unwrap().denial, "CARC {code} must not be a denial");
    }
    for code in ["16", "18", "27", "29", "50", "96", "97", "197"] {
        assert!(t.carc(carc(code)).unwrap().denial, "CARC {code} must be a denial");
    }
}

#[test]
fn domain_starter_map_is_respected() {
    let t = builtin();
    let cat = |c: &str| t.carc(carc(c)).unwrap().category;
    for c in ["27", "31", "140", "177"] {
        assert_eq!(cat(c), RootCause::Eligibility, "{c}");
    }
    for c in ["15", "197", "198"] {
        assert_eq!(cat(c), RootCause::Authorization, "{c}");
    }
    for c in ["4", "5", "6", "7", "9", "11", "16", "146"] {
        assert_eq!(cat(c), RootCause::Coding, "{c}");
    }
    assert_eq!(cat("97"), RootCause::Bundling);
    assert_eq!(cat("18"), RootCause::Duplicate);
    assert_eq!(cat("55"), RootCause::Experimental);
    assert_eq!(cat("29"), RootCause::TimelyFiling);
    assert_eq!(cat("22"), RootCause::CoordinationOfBenefits);
    assert_eq!(cat("147"), RootCause::RateNotOnFile);
    assert_eq!(cat("138"), RootCause::AppealProcedure);
    for c in ["17", "226"] {
        assert_eq!(cat(c), RootCause::MissingDocumentation, "{c}");
    }
    let n706 = t.rarc(Rarc::new("N706").unwrap()).unwrap();
    assert_eq!(n706.category, Some(RootCause::MissingDocumentation));
    assert_eq!(t.rarc(Rarc::new("MA130").unwrap()).unwrap().path, Some(WorkPath::Fix));
}

#[test]
fn medicare_defaults_and_277_categories() {
    let t = builtin();
    let m = t.plan_defaults(PlanType::Medicare).unwrap();
    assert_eq!(m.rule.appeal, Window::exact(Period::Days(120)));
    assert_eq!(m.rule.mail_days, 5);
    assert_eq!(m.rule.filing, Window::exact(Period::Months(12)));
    assert!(m.not_appealable.contains(&carc("29")));
    let c = t.plan_defaults(PlanType::Commercial).unwrap().rule;
    assert_eq!(c.appeal, Window { aim: Period::Days(180), last: Some(Period::Months(12)) });
    assert_eq!(t.plan_for_filing_code("MB"), Some(PlanType::Medicare));
    assert_eq!(t.plan_for_filing_code("16"), Some(PlanType::MedicareAdvantage));
    assert_eq!(t.plan_for_filing_code("CI"), Some(PlanType::Commercial));
    for (code, effect) in [
        ("A3", StcEffect::Reject),
        ("A4", StcEffect::Reject),
        ("A6", StcEffect::Reject),
        ("A7", StcEffect::Reject),
        ("A8", StcEffect::Reject),
        ("A2", StcEffect::Accept),
        ("F2", StcEffect::Finalized),
    ] {
        assert_eq!(t.stc_effect(StcCategory::new(code).unwrap()), effect, "{code}");
    }
    assert!(t.status_codes.get(&StatusCode::new("562").unwrap()).unwrap().entity_dependent);
}

#[test]
fn an_override_in_the_config_dir_replaces_the_builtin_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rarc.csv"),
        "# version: local-1\ncode,category,path,label\nZZ9,coding,,Our own remark\n",
    )
    .unwrap();
    let t = load(Some(dir.path())).unwrap();
    assert_eq!(t.rarcs.len(), 1);
    assert_eq!(t.rarc(Rarc::new("ZZ9").unwrap()).unwrap().label, "Our own remark");
    assert!(t.versions.contains(&"rarc@local-1+override".to_string()), "{:?}", t.versions);
    assert!(t.carcs.len() >= 80, "other tables stay built in");
    assert_eq!(overridden(dir.path()), vec!["rarc.csv"]);
}

#[test]
fn a_bad_override_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("categories.csv");
    let builtin_text = EMBEDDED.iter().find(|(n, _)| *n == "categories.csv").unwrap().1;
    std::fs::write(
        &path,
        builtin_text.replace("coding,Coding,coding,coding_review,700", "coding,Coding,coders,coding_review,700"),
    )
    .unwrap();
    let err = load(Some(dir.path())).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with(&path.display().to_string()), "{text}");
    assert!(text.contains("line 8, column team: 'coders' is not valid"), "{text}");
}

#[test]
fn header_and_duplicate_errors_are_clear() {
    let err = codes::rarcs("rarc.csv", "code,label\nN1,x\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("header must be 'code,category,path,no_appeal,resubmit,alert,status,start,stop,label'"),
        "{err}"
    );
    let err = codes::rarcs("rarc.csv", "code,category,path,label\nN1,,,a\nN1,,,b\n").unwrap_err();
    assert_eq!(err.to_string(), "rarc.csv line 3, column code: N1 is listed twice");
    let err = parse::payers(
        "payers.csv",
        "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note\nx,,,,90d,,,,\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs a payer_id or a name_contains"), "{err}");
    let err = parse::payers(
        "payers.csv",
        "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note\nx,1,,,90x,,,,\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("column filing_limit: '90x' is not valid"), "{err}");
}

#[test]
fn payer_rules_written_before_the_follow_up_columns_still_read() {
    let old =
        "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note\nx,1,,,90d,,,,\n";
    let (_, rows) = parse::payers("payers.csv", old).unwrap();
    assert_eq!(rows[0].followup_mail_days, None);
    let new = "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note,\
               followup_portal_days,followup_mail_days\nx,1,,,90d,,,,,21,45\n";
    let (_, rows) = parse::payers("payers.csv", new).unwrap();
    assert_eq!((rows[0].followup_portal_days, rows[0].followup_mail_days), (Some(21), Some(45)));
    let wrong = "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note,\
                 followup_mail_days,followup_portal_days\nx,1,,,90d,,,,,21,45\n";
    let err = parse::payers("payers.csv", wrong).unwrap_err();
    assert!(
        err.to_string().contains(
            "(optionally then followup_portal_days,followup_mail_days,appeal_address,ack_wait_days,remit_wait_days)"
        ),
        "{err}"
    );
    // 2026.12: where appeals go, lines separated by |.
    let with_address = "key,payer_id,name_contains,plan_type,filing_limit,appeal_window,appeal_from,mail_days,note,\
                        followup_portal_days,followup_mail_days,appeal_address\nx,1,,,90d,,,,,,,\"Appeals | PO Box 1 |\
                        Town, ST 00000\"\n";
    let (_, rows) = parse::payers("payers.csv", with_address).unwrap();
    assert_eq!(rows[0].appeal_address, vec!["Appeals", "PO Box 1", "Town, ST 00000"]);
    assert!(builtin().payers.iter().all(|p| p.appeal_address.is_empty()), "the shipped table names no address");
}

#[test]
fn appeal_levels_and_packet_parse_with_their_rules() {
    let t = builtin();
    let medicare: Vec<_> = t.appeal_levels.iter().filter(|l| l.track.as_str() == "medicare").collect();
    assert_eq!(medicare.len(), 5);
    assert_eq!(medicare[1].window, Some(Period::Days(180)));
    // CMS-4209-N (90 FR 55869): $190 / $1,900 for 2025, $200 / $1,960 from 2026-01-01.
    let on = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let cents = crate::domain::money::Cents;
    assert_eq!(medicare[2].min_amount_on(on("2025-12-31")), Some((2025, cents(19_000))));
    assert_eq!(medicare[2].min_amount_on(on("2026-01-01")), Some((2026, cents(20_000))));
    assert_eq!(medicare[4].min_amount_on(on("2025-06-30")), Some((2025, cents(190_000))));
    assert_eq!(medicare[4].min_amount_on(on("2027-03-01")), Some((2026, cents(196_000))), "latest known year");
    assert!(t.packet.iter().any(|p| p.category == Some(RootCause::Authorization) && p.required));
    let gap =
        "track,level,name,window,mail_days,min_amount\ncommercial,1,A,,0,\ncommercial,3,C,60d,0,\nmedicare,1,R,,5,\n";
    let err = parse_appeals::appeal_levels("appeal-levels.csv", gap).unwrap_err();
    assert!(err.to_string().contains("commercial levels must run 1, 2, 3"), "{err}");
    let no_window =
        "track,level,name,window,mail_days,min_amount\ncommercial,1,A,,0,\ncommercial,2,B,,0,\nmedicare,1,R,,5,\n";
    let err = parse_appeals::appeal_levels("appeal-levels.csv", no_window).unwrap_err();
    assert_eq!(err.to_string(), "appeal-levels.csv line 3, column window: levels after the first need a window");
    let bad = "category,item,label,required\n*,a,A,yes\ncodng,b,B,yes\n";
    let err = parse_appeals::packet("packet.csv", bad).unwrap_err();
    assert!(err.to_string().starts_with("packet.csv line 3, column category: 'codng' is not valid"), "{err}");
}
