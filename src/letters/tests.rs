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

fn sample_ctx() -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(LetterData::sample(today())))
}

#[test]
fn a_template_that_loops_without_end_stops_with_an_error() {
    let looping = Source {
        shown: "coding.md".into(),
        text: "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}".into(),
    };
    let started = std::time::Instant::now();
    let e = render_source(&looping, sample_ctx()).unwrap_err();
    assert!(e.contains("takes more than 200000 steps"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "stopped quickly");
}

#[test]
fn a_template_cannot_write_a_letter_of_gigabytes() {
    let huge =
        Source { shown: "default.md".into(), text: "{% for i in range(3000) %}{{ 'x' * 1000 }}{% endfor %}".into() };
    let e = render_source(&huge, sample_ctx()).unwrap_err();
    assert!(e.contains("larger than 1024 KiB"), "{e}");
}

#[test]
fn names_from_a_spreadsheet_are_text_in_the_letter_not_markup() {
    let mut data = LetterData::sample(today());
    data.patient.name = "Ada # Appeal withdrawn by provider; do not pay".into();
    data.payer.name = "ACME *HEALTH* [portal](http://evil)".into();
    let letter = Templates::new(None).render(None, RootCause::Coding, &data).unwrap();
    assert!(letter.contains("- Patient: Ada \\# Appeal withdrawn by provider; do not pay\n"), "{letter}");
    assert!(letter.contains("ACME \\*HEALTH\\* \\[portal\\](http://evil)"), "{letter}");
    assert!(!letter.lines().any(|l| l.trim_start().starts_with("# Appeal withdrawn")), "no forged heading");
    let plain = to_plain_text(&letter);
    assert!(plain.contains("- Patient: Ada # Appeal withdrawn by provider; do not pay\n"), "{plain}");
    // The body is our template's Markdown and stays Markdown.
    assert!(letter.contains("# "), "the frame's heading is kept");
}

#[test]
fn a_claim_without_a_procedure_code_reads_as_a_sentence() {
    let t = Templates::new(None);
    let mut data = LetterData::sample(today());
    data.claim.procedures = "not on file".into();
    data.claim.services = "the services billed".into();
    data.claim.procedures_known = false;
    for category in RootCause::ALL {
        let letter = t.render(None, *category, &data).unwrap();
        // "not on file" belongs in the claim block only ("- Services: not on file"), never mid-sentence.
        let prose: Vec<&str> = letter.lines().filter(|l| l.contains("not on file") && !l.starts_with("- ")).collect();
        assert!(prose.is_empty(), "{category}: {prose:?}");
    }
    let necessity = t.render(None, RootCause::MedicalNecessity, &data).unwrap();
    assert!(necessity.contains("coverage policy that applies to the services billed."), "{necessity}");
    let experimental = t.render(None, RootCause::Experimental, &data).unwrap();
    assert!(experimental.contains("The service is an accepted treatment"), "{experimental}");
}

#[test]
fn letters_cite_no_medicare_only_policy() {
    // LCDs and NCDs bind Medicare (and Medicare Advantage plans); a letter to any payer cites
    // "the payer's medical or coverage policy" instead, whatever the packet encloses.
    let t = Templates::new(None);
    let tables = crate::tables::builtin();
    for category in RootCause::ALL {
        let mut data = LetterData::sample(today());
        data.appeal.enclosures =
            crate::domain::appeal::packet_for(&tables.packet, *category).into_iter().map(|e| e.label).collect();
        let letter = t.render(None, *category, &data).unwrap();
        assert!(!letter.contains("LCD") && !letter.contains("NCD"), "{category}: {letter}");
    }
}

#[test]
fn every_template_reads_finished_for_every_cause_and_payer_kind_with_and_without_optional_facts() {
    // Payer kinds: the first level of each appeal track (a Medicare redetermination, a
    // commercial plan's first appeal), each plan's levels named as appeal-levels.csv names them.
    let t = Templates::new(None);
    let tables = crate::tables::builtin();
    let tracks: Vec<_> = tables.appeal_levels.iter().filter(|l| l.level == 1).collect();
    assert!(tracks.len() >= 2, "{tracks:?}");
    for category in RootCause::ALL {
        for level in &tracks {
            for (i, mut data) in samples(today(), *category).into_iter().enumerate() {
                data.appeal.level_name = level.name.clone();
                let letter = t.render(None, *category, &data).unwrap_or_else(|e| panic!("{category}: {e}"));
                if let Some(gap) = unfinished(&letter) {
                    panic!("{category}, {}, sample {i}: reads unfinished: {gap}\n{letter}", level.name);
                }
                assert!(letter.contains(&format!("# {} (level 1)", level.name)), "{letter}");
                let addressed = data.payer.address.iter().all(|l| letter.contains(&format!("\n{l}\n")));
                assert!(addressed, "the payer's appeal address heads the letter: {letter}");
            }
        }
    }
}
