//! Every real 835 and 277 file in `../shared/samples` imports with exactly the reference
//! counts of `expected.jsonl`; a file marked truncated is refused and leaves no trace.

mod common;

use std::collections::HashMap;

use common::{import, ledger, samples, table_counts};

#[derive(Debug)]
struct Expected {
    claims: u64,
    svc: u64,
    cas_triplets: u64,
    plb: u64,
    reversals: u64,
    rejected_claims: u64,
    truncated: bool,
}

fn expected(dir: &std::path::Path) -> HashMap<String, Expected> {
    let text = std::fs::read_to_string(dir.join("expected.jsonl")).expect("expected.jsonl beside the samples");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {l}"));
            let e = Expected {
                claims: n("claims"),
                svc: n("svc"),
                cas_triplets: n("cas_triplets"),
                plb: n("plb"),
                reversals: n("reversals"),
                rejected_claims: n("rejected_claims"),
                truncated: v["truncated"].as_bool().unwrap(),
            };
            (v["file"].as_str().unwrap().to_string(), e)
        })
        .collect()
}

#[test]
fn every_sample_matches_its_reference_counts() {
    let Some(dir) = samples() else {
        eprintln!("../shared/samples is absent: conformance test skipped");
        return;
    };
    let want = expected(&dir);
    let mut checked = 0;
    let mut failures = Vec::new();
    for sub in ["835", "277"] {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let e = want.get(&name).unwrap_or_else(|| panic!("{name} has no line in expected.jsonl"));
            let (_guard, mut store) = ledger();
            let before = table_counts(&store);
            let r = import(&mut store, &path);
            checked += 1;
            if e.truncated {
                match &r.error {
                    Some(msg) if msg.contains("cut short") => {}
                    other => failures.push(format!("{name}: truncated file must be refused, got {other:?}")),
                }
                if table_counts(&store) != before {
                    failures.push(format!("{name}: refused file changed the database"));
                }
                continue;
            }
            if let Some(err) = &r.error {
                failures.push(format!("{name}: {err}"));
                continue;
            }
            let got = (
                r.counts.claims,
                r.counts.service_lines,
                r.counts.adjustments,
                r.counts.plb,
                r.counts.reversals,
                r.rejections,
            );
            let exp = (e.claims, e.svc, e.cas_triplets, e.plb, e.reversals, e.rejected_claims);
            if got != exp {
                failures
                    .push(format!("{name}: (claims, svc, cas, plb, reversals, rejected) = {got:?}, expected {exp:?}"));
            }
        }
    }
    assert_eq!(checked, want.len(), "every expected file was found and checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_samples_together_in_one_ledger() {
    let Some(dir) = samples() else {
        eprintln!("../shared/samples is absent: skipped");
        return;
    };
    common::on_both("all_samples_together_in_one_ledger", |store, _| {
        let (mut imported, mut duplicates) = (0, Vec::new());
        for sub in ["835", "277"] {
            let mut files: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for path in files {
                let r = import(store, &path);
                if r.error.is_none() {
                    imported += 1;
                }
                if r.duplicate {
                    duplicates.push(path.file_name().unwrap().to_string_lossy().to_string());
                }
            }
        }
        assert_eq!(imported, 29, "all but the truncated file import into one ledger");
        // emedny_sample.txt, multi-line-not-delimited.edi, profee.edi and profee-multiple.edi (156
        // copies) are one remittance (ISA13 006000600, TRN02 10100000000) in four encodings: the
        // ledger keeps its 3 claims once. 479 CLP segments in all, 9 + 465 of them repeats.
        assert_eq!(duplicates, ["multi-line-not-delimited.edi", "profee-multiple.edi", "profee.edi"]);
        let claims = common::scalar(store, "SELECT count(*) FROM claim WHERE source = '835'");
        assert_eq!(claims, 470);
        let rejections = common::scalar(store, "SELECT count(*) FROM work_item WHERE kind = 'rejection'");
        assert_eq!(rejections, 1);
    });
}
