//! No input makes the importer panic: random bytes, real files cut at every point, real files
//! with bytes flipped. Refused files leave the ledger unchanged.

mod common;

use overturn::import::{ParseOnly, ReadOptions, detect_kind, importer_for};
use proptest::prelude::*;

/// Detects and parses `bytes` the way an import does; Ok or a located error, never a panic.
fn parse(bytes: &[u8]) -> Result<u64, String> {
    let kind = detect_kind(&bytes[..bytes.len().min(64 * 1024)])?;
    let mut sink = ParseOnly::default();
    let mut warnings = Vec::new();
    let mut input = bytes;
    importer_for(kind).read(&mut input, &mut sink, ReadOptions::default(), &mut warnings).map_err(|e| e.to_string())?;
    Ok(sink.claims)
}

fn small_samples() -> Vec<Vec<u8>> {
    let mut out = vec![
        std::fs::read(common::fixture("remits-a.835")).unwrap(),
        std::fs::read(common::fixture("acks-a.277")).unwrap(),
        std::fs::read(common::fixture("denials.csv")).unwrap(),
    ];
    if let Some(dir) = common::samples() {
        for sub in ["835", "277"] {
            for e in std::fs::read_dir(dir.join(sub)).unwrap() {
                let bytes = std::fs::read(e.unwrap().path()).unwrap();
                if bytes.len() < 25_000 {
                    out.push(bytes);
                }
            }
        }
    }
    out
}

#[test]
fn every_cut_of_every_small_file_is_handled() {
    let mut refused = 0;
    for file in small_samples() {
        for cut in (0..file.len()).step_by(3) {
            if parse(&file[..cut]).is_err() {
                refused += 1;
            }
        }
    }
    assert!(refused > 1000, "most cuts of an X12 file are refused: {refused}");
}

#[test]
fn a_cut_x12_file_is_never_imported_in_part() {
    let file = std::fs::read(common::fixture("remits-a.835")).unwrap();
    let whole = parse(&file).unwrap();
    let end = file.windows(4).position(|w| w == b"IEA*").unwrap();
    for cut in 0..end {
        assert!(parse(&file[..cut]).is_err(), "cut at {cut} of {} must be refused", file.len());
    }
    assert_eq!(whole, 6);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn x12_looking_noise_never_panics(body in "[A-Z0-9*:~^|\n\r ]{0,600}") {
        let isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261101*1200*^*00501*000000001*0*P*:~";
        let _ = parse(format!("{isa}GS*HP*A*B*20261101*1200*1*X*005010X221A1~ST*835*0001~{body}").as_bytes());
        let _ = parse(format!("ST*277*0001~{body}").as_bytes());
    }

    #[test]
    fn flipped_bytes_in_real_files_never_panic(pick in 0usize..64, flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let files = small_samples();
        let mut file = files[pick % files.len()].clone();
        for (i, b) in flips {
            let at = i.index(file.len().max(1));
            if let Some(slot) = file.get_mut(at) {
                *slot = b;
            }
        }
        let _ = parse(&file);
    }
}

#[test]
fn a_refused_cut_leaves_the_ledger_unchanged() {
    common::on_both("a_refused_cut_leaves_the_ledger_unchanged", |store, dir| {
        common::import(store, &common::fixture("remits-b.835"));
        let before = common::table_counts(store);
        let file = std::fs::read(common::fixture("remits-a.835")).unwrap();
        for cut in (50..file.len() - 20).step_by(97) {
            let p = dir.join(format!("cut{cut}.835"));
            std::fs::write(&p, &file[..cut]).unwrap();
            let r = common::import(store, &p);
            assert!(r.error.is_some(), "cut at {cut}");
            assert_eq!(common::table_counts(store), before, "cut at {cut}");
        }
    });
}
