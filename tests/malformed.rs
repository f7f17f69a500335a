//! Bad input: each case gives an error naming the segment, byte offset and reason, and the
//! ledger stays exactly as it was.

mod common;

use common::{fixture, import, table_counts};

/// Imports `body` (written to a temp file) into a ledger that already holds other work, on
/// each back end: refused with the same words on both, the ledger as it was.
fn refused(body: &[u8]) -> String {
    let mut said: Vec<String> = Vec::new();
    common::on_both("malformed::refused", |store, dir| {
        import(store, &fixture("acks-a.277"));
        let before = table_counts(store);
        let path = dir.join("bad.835");
        std::fs::write(&path, body).unwrap();
        let r = import(store, &path);
        assert_eq!(table_counts(store), before, "a refused file must not change the ledger");
        assert!(!r.duplicate);
        said.push(r.error.expect("the file must be refused"));
    });
    assert!(said.windows(2).all(|w| w[0] == w[1]), "{said:?}");
    said.remove(0)
}

fn good() -> String {
    std::fs::read_to_string(fixture("remits-a.835")).unwrap()
}

fn segment_no(text: &str, at: &str) -> usize {
    text[..text.find(at).unwrap()].matches("~\n").count() + 1
}

#[test]
fn truncated_transaction_set() {
    let t = good();
    let cut = &t[..t.find("SE*").unwrap()];
    let e = refused(cut.as_bytes());
    let st = t.find("\nST*").unwrap() + 1;
    assert_eq!(
        e,
        format!(
            "segment 3 (ST) at byte {st}: transaction set 0001 has no SE trailer: the file was cut short (it ends at byte {})",
            cut.len()
        )
    );
}

#[test]
fn truncated_in_the_middle_of_a_claim() {
    let t = good();
    let at = t.find("CAS*CO*16").unwrap();
    let cut = &t[..at + 5];
    let e = refused(cut.as_bytes());
    let n = segment_no(&t, "CAS*CO*16");
    assert_eq!(
        e,
        format!(
            "segment {n} (CAS) at byte {at}: the file ends inside this segment (at byte {}): it was cut short",
            at + 5
        )
    );
}

#[test]
fn missing_interchange_trailer() {
    let t = good();
    let e = refused(&t.as_bytes()[..t.find("IEA*").unwrap()]);
    assert!(e.starts_with("segment 1 (ISA) at byte 0: interchange 000000101 has no IEA trailer"), "{e}");
}

#[test]
fn garbled_segment_identifier() {
    let t = good().replace("CLP*A102", "C#P*A102");
    let e = refused(t.as_bytes());
    let n = segment_no(&t, "C#P*A102");
    assert_eq!(
        e,
        format!(
            "segment {n} at byte {}: garbled data: a segment must start with a 2-3 character identifier",
            t.find("C#P").unwrap()
        )
    );
}

#[test]
fn bad_amount_in_the_last_claim_rolls_back_the_earlier_ones() {
    let t = good().replace("CLP*A105*4*300*", "CLP*A105*4*3.0.0*");
    let e = refused(t.as_bytes());
    let n = segment_no(&t, "CLP*A105");
    assert_eq!(
        e,
        format!(
            "segment {n} (CLP) at byte {}: CLP03 total claim charge: amount is not a number",
            t.find("CLP*A105").unwrap()
        )
    );
}

#[test]
fn bad_adjustment_group() {
    let t = good().replace("CAS*CO*27*220", "CAS*XY*27*220");
    let e = refused(t.as_bytes());
    assert!(e.ends_with("CAS01 is not a claim adjustment group code (CO, PR, OA, PI, CR)"), "{e}");
    assert!(e.starts_with(&format!("segment {} (CAS)", segment_no(&t, "CAS*XY"))), "{e}");
}

#[test]
fn adjustment_amount_without_reason() {
    let t = good().replace("CAS*CO*197*180", "CAS*CO**180");
    let e = refused(t.as_bytes());
    assert!(e.ends_with("CAS03 has an amount but CAS02 has no reason code"), "{e}");
}

#[test]
fn unsupported_transaction_set() {
    let e = refused(good().replace("ST*835", "ST*834").as_bytes());
    assert_eq!(
        e,
        "X12 transaction set '834' is not supported: Overturn imports 835 remits, 277 acknowledgements and 837 claims"
    );
}

#[test]
fn not_x12_at_all() {
    assert!(refused(b"Dear biller,\nplease find attached...\n").starts_with("not an X12 835, 277 or 837 file"));
    assert_eq!(refused(b""), "the file is empty");
    assert!(refused(b"ISA*00*    *00*").contains("ISA header is cut short or malformed"));
    let e = refused(&[0xff, 0xfe, 0x00, 0x41, 0x42]);
    assert!(e.starts_with("not an X12 835, 277 or 837 file"), "{e}");
}

#[test]
fn a_second_interchange_cut_short_refuses_the_whole_file() {
    let t = good();
    let second = t.replace("000000101", "000000109").replace("EFT9001", "EFT9009");
    let joined = format!("{t}{}", &second[..second.find("PLB").unwrap()]);
    let e = refused(joined.as_bytes());
    assert!(e.contains("has no SE trailer"), "{e}");
}
