use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn every_shipped_template_renders_for_every_category() {
    let t = Templates::new(None);
    for category in RootCause::ALL {
        let mut data = LetterData::sample(today());
        data.denial.category = category.as_str().into();
        for (prior_auth, paid_before, frequency) in [("", false, "1"), ("AUTH77", true, "7")] {
            data.claim.prior_auth = prior_auth.into();
            data.claim.paid_before = paid_before;
            data.claim.frequency = frequency.into();
            let letter = t.render(None, *category, &data).unwrap_or_else(|e| panic!("{category}: {e}"));
            assert!(!letter.contains("{{") && !letter.contains("{%"), "{category}: unrendered markup");
            assert!(letter.contains("Ada Sample") && letter.contains("AE000000000"), "{category}");
            assert!(letter.contains("To the appeals reviewer:"), "{category}: the frame is there");
        }
    }
    // Every body file is used by some category or is the default.
    for (name, _) in BUILTIN {
        let stem = name.trim_end_matches(".md");
        assert!(
            matches!(stem, "letter" | "default") || RootCause::parse(stem).is_some(),
            "{name} is not named after a root cause"
        );
    }
}

#[test]
fn category_bodies_argue_their_cause() {
    let t = Templates::new(None);
    let data = LetterData::sample(today());
    let auth = t.render(None, RootCause::Authorization, &data).unwrap();
    assert!(auth.contains("lack of authorization"), "{auth}");
    let other = t.render(None, RootCause::PatientResponsibility, &data).unwrap();
    assert!(other.contains("We believe the\ndenial is in error"), "falls back to default.md: {other}");
    let mut with_auth = data.clone();
    with_auth.claim.prior_auth = "AUTH77".into();
    assert!(
        t.render(None, RootCause::Authorization, &with_auth).unwrap().contains("Authorization AUTH77 was obtained")
    );
}

#[test]
fn a_missing_field_is_an_error_not_a_blank() {
    let src = Source { shown: "x.md".into(), text: "Dear {{ payer.name }},\nClaim {{ claim.nonexistent }}\n".into() };
    let e =
        render_source(&src, minijinja::Value::from(minijinja::value::Serde(LetterData::sample(today())))).unwrap_err();
    assert!(e.starts_with("letter template x.md line 2: `Claim {{ claim.nonexistent }}`: undefined value"), "{e}");
    assert!(!e.contains("Ada"), "no patient data in errors: {e}");
    let cond = Source { shown: "y.md".into(), text: "{% if claim.prior_authorisation %}x{% endif %}".into() };
    assert!(
        render_source(&cond, minijinja::Value::from(minijinja::value::Serde(LetterData::sample(today())))).is_err()
    );
}

#[test]
fn overrides_come_from_the_config_dir_per_payer_first() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("aetna")).unwrap();
    std::fs::write(templates.join("coding.md"), "PRACTICE coding body for {{ payer.name }}").unwrap();
    std::fs::write(templates.join("aetna/coding.md"), "AETNA coding body").unwrap();
    let t = Templates::new(Some(dir.path().to_path_buf()));
    let data = LetterData::sample(today());
    assert!(t.render(Some("aetna"), RootCause::Coding, &data).unwrap().contains("AETNA coding body"));
    assert!(t.render(Some("cigna"), RootCause::Coding, &data).unwrap().contains("PRACTICE coding body for AETNA"));
    assert!(t.render(None, RootCause::Bundling, &data).unwrap().contains("separate and distinct"), "built in");
    assert_eq!(
        t.body(Some("aetna"), RootCause::Coding).unwrap().shown,
        templates.join("aetna/coding.md").display().to_string()
    );
}
