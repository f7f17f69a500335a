//! Tokenizer and envelope tests: every separator and layout case.

use super::*;

/// Reads every segment as `(id, elements joined by '|')`.
fn segments(bytes: &[u8]) -> Result<Vec<(String, String)>, X12Error> {
    let mut r = SegmentReader::new(bytes);
    let mut out = Vec::new();
    while let Some(seg) = r.next_segment()? {
        let els: Vec<String> = (1..=seg.len()).map(|i| seg.text(i).into_owned()).collect();
        out.push((seg.id().to_string(), els.join("|")));
    }
    Ok(out)
}

fn ids(bytes: &[u8]) -> Vec<String> {
    segments(bytes).unwrap().into_iter().map(|(id, _)| id).collect()
}

fn isa(el: char, rep: char, version: &str, comp: char, term: &str) -> String {
    let f = [
        "ISA",
        "00",
        "          ",
        "00",
        "          ",
        "ZZ",
        "SENDER         ",
        "ZZ",
        "RECEIVER       ",
        "260101",
        "1200",
    ];
    let mut s = f.join(&el.to_string());
    s.push_str(&format!("{el}{rep}{el}{version}{el}000000001{el}0{el}P{el}{comp}{term}"));
    s
}

const BODY: &str =
    "GS*HP*S*R*20260101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*10*C*CHK~SE*3*0001~GE*1*1~IEA*1*000000001~";

fn with(el: char, comp: char, term: &str, body: &str) -> String {
    let b = body.replace('*', &el.to_string()).replace('~', term);
    let rep = if el == '^' || comp == '^' { 'U' } else { '^' };
    format!("{}{}", isa(el, rep, "00501", comp, term), b)
}

#[test]
fn standard_separators_single_line() {
    let text = with('*', ':', "~", BODY);
    assert_eq!(ids(text.as_bytes()), ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"]);
    let mut r = SegmentReader::new(text.as_bytes());
    let seg = r.next_segment().unwrap().unwrap();
    assert_eq!(seg.seps, Separators { element: b'*', component: b':', repetition: Some(b'^'), segment: b'~' });
    assert_eq!(seg.text(13), "000000001");
    assert_eq!(seg.text(16), ":");
}

#[test]
fn newline_after_each_terminator_and_crlf() {
    for nl in ["~\n", "~\r\n", "~\n\n"] {
        let text = with('*', ':', "~", BODY).replace('~', nl);
        assert_eq!(ids(text.as_bytes()).len(), 7, "layout {nl:?}");
    }
}

#[test]
fn newline_is_the_terminator_when_isa_says_so() {
    let text = with('*', ':', "\n", BODY);
    let segs = segments(text.as_bytes()).unwrap();
    assert_eq!(segs.len(), 7);
    assert_eq!(segs[3], ("BPR".to_string(), "I|10|C|CHK".to_string()));
    // CRLF line ends with a newline terminator: the CR is not part of the data.
    let crlf = with('*', ':', "\r\n", BODY);
    let segs = segments(crlf.as_bytes()).unwrap();
    assert_eq!(segs[3].1, "I|10|C|CHK");
}

#[test]
fn newline_terminator_with_tilde_opening_each_segment() {
    // The "\n~" layout: ISA16 is followed by a newline, and every later line starts with "~".
    let text = with('|', '^', "\n", BODY).replace('\n', "\n~");
    let text = text.trim_end_matches('~');
    let segs = segments(text.as_bytes()).unwrap();
    assert_eq!(segs.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"]);
    assert_eq!(segs[3].1, "I|10|C|CHK");
}

#[test]
fn other_element_and_component_separators() {
    for (el, comp) in [('|', '^'), ('*', '>'), ('^', '|'), ('!', ':')] {
        let body = BODY.replace("BPR*I*10*C*CHK", "SVC*HC:99213:25*10*5");
        let text = with(el, comp, "~", &body.replace(':', &comp.to_string()));
        let mut r = SegmentReader::new(text.as_bytes());
        let mut found = false;
        while let Some(seg) = r.next_segment().unwrap() {
            if seg.is("SVC") {
                assert_eq!(seg.component(1, 2), "99213", "{el} {comp}");
                assert_eq!(seg.component(1, 3), "25");
                found = true;
            }
        }
        assert!(found);
    }
}

#[test]
fn isa_headers_that_are_not_fixed_width() {
    // 72 characters: short sender fields.
    let short = "ISA*00* *00* *ZZ*NVMED *ZZ*99999999*180613*1230*^*00501*100000300*0*P*:~";
    assert_eq!(short.len(), 72);
    let text = format!("{short}{BODY}");
    assert_eq!(ids(text.as_bytes()).len(), 7);
    // 104 characters: a longer receiver field.
    let long =
        "ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID   *230101*0000*U*00501*000000001*0*P*:~";
    assert_eq!(long.len(), 104);
    assert_eq!(ids(format!("{long}{BODY}").as_bytes()).len(), 7);
}

#[test]
fn repetition_separator_only_from_00501() {
    let first =
        |t: String| SegmentReader::new(std::io::Cursor::new(t.into_bytes())).next_segment().unwrap().unwrap().seps;
    assert_eq!(first(isa('*', '^', "00501", ':', "~")).repetition, Some(b'^'));
    assert_eq!(first(isa('*', 'U', "00401", ':', "~")).repetition, None);
    assert_eq!(first(isa('*', '^', "00401", ':', "~")).repetition, None);
    assert_eq!(first(isa('*', 'U', "00501", ':', "~")).repetition, None);
}

#[test]
fn bom_and_indentation_are_tolerated() {
    let indented = with('*', ':', "~", BODY).replace('~', "~\r\n    ");
    let text = format!("\u{feff}  {indented}");
    assert_eq!(ids(text.as_bytes()).len(), 7);
}

#[test]
fn several_interchanges_each_with_its_own_separators() {
    let a = with('*', ':', "~", BODY);
    let b = with('|', '^', "\n", BODY);
    let text = format!("{a}\n{b}");
    let mut r = SegmentReader::new(text.as_bytes());
    let mut seps = Vec::new();
    while let Some(seg) = r.next_segment().unwrap() {
        if seg.is("BPR") {
            assert_eq!(seg.text(2), "10");
            seps.push(seg.seps.element);
        }
    }
    assert_eq!(seps, [b'*', b'|']);
}

#[test]
fn a_file_may_start_at_st_without_an_envelope() {
    let text = "ST*835*1234~BPR*I*1*C*CHK~CLP*A*1*10*5~SVC*HC>99213>25*10*5~SE*5*1234~";
    let mut r = SegmentReader::new(text.as_bytes());
    let mut comp = None;
    while let Some(seg) = r.next_segment().unwrap() {
        if seg.is("SVC") {
            comp = Some(seg.seps.component);
            assert_eq!(seg.component(1, 2), "99213");
        }
    }
    assert_eq!(comp, Some(b'>'));
    let newline = "ST*835*1\nBPR*I*1*C*CHK\nSE*3*1\n";
    assert_eq!(ids(newline.as_bytes()), ["ST", "BPR", "SE"]);
}

#[test]
fn segments_across_buffer_boundaries() {
    // Far more than one 64 KiB window of segments.
    let mut text = isa('*', '^', "00501", ':', "~\n");
    text.push_str("GS*HP*S*R*20260101*1200*1*X*005010X221A1~\nST*835*0001~\n");
    for i in 0..20_000 {
        text.push_str(&format!("REF*EV*{i:08}~\n"));
    }
    text.push_str("SE*20002*0001~\nGE*1*1~\nIEA*1*000000001~\n");
    let segs = segments(text.as_bytes()).unwrap();
    assert_eq!(segs.len(), 20_006);
    assert_eq!(segs[20_002].1, "EV|00019999");
}

#[test]
fn garbage_gives_located_errors() {
    let e = segments(b"hello, this is not X12").unwrap_err();
    assert!(e.reason.contains("not an X12 file"), "{e}");
    let text = with('*', ':', "~", BODY).replace("BPR*", "bp r*");
    let e = segments(text.as_bytes()).unwrap_err();
    assert_eq!(e.segment, 4);
    assert!(e.to_string().starts_with("segment 4 at byte 1"), "{e}");
    assert!(e.reason.contains("2-3 character identifier"), "{e}");
    let e = segments(b"ISA*00*  *00").unwrap_err();
    assert!(e.reason.contains("ISA header is cut short"), "{e}");
    let no_term = format!("{}GS*{}", isa('*', '^', "00501", ':', "~"), "X".repeat(70_000));
    let e = segments(no_term.as_bytes()).unwrap_err();
    assert!(e.reason.contains("no segment terminator"), "{e}");
    assert!(segments(b"").unwrap().is_empty());
}

struct Collect(Vec<String>);

impl TransactionHandler for Collect {
    fn accepts(&self, st01: &str) -> bool {
        st01 == "835"
    }
    fn begin(&mut self, ctx: &TxnContext, _: &Segment<'_>) -> Result<(), X12Error> {
        self.0.push(format!("begin {} {}", ctx.st02, ctx.isa13));
        Ok(())
    }
    fn segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.0.push(seg.id().to_string());
        Ok(())
    }
    fn end(&mut self, _: &Segment<'_>) -> Result<(), X12Error> {
        self.0.push("end".into());
        Ok(())
    }
}

fn run(text: &str) -> (Result<u64, X12Error>, Vec<String>, Vec<String>) {
    let mut h = Collect(Vec::new());
    let mut warnings = Vec::new();
    let r = walk(&mut SegmentReader::new(text.as_bytes()), &mut h, &mut warnings);
    (r, h.0, warnings)
}

#[test]
fn envelope_walk_hands_over_inner_segments() {
    let (r, seen, warnings) = run(&with('*', ':', "~", BODY));
    assert_eq!(r, Ok(1));
    assert_eq!(seen, ["begin 0001 000000001", "BPR", "end"]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn count_and_control_mismatches_are_warnings() {
    let text = with('*', ':', "~", BODY).replace("SE*3*0001", "SE*9*0002").replace("GE*1*1", "GE*2*7");
    let (r, _, warnings) = run(&text);
    assert_eq!(r, Ok(1));
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(warnings[0].contains("SE01 says 9 segments, counted 3"), "{warnings:?}");
    assert!(warnings[1].contains("SE02 does not match its ST02"), "{warnings:?}");
}

#[test]
fn missing_trailers_mean_the_file_was_cut_short() {
    let full = with('*', ':', "~", BODY);
    let cut = &full[..full.find("SE*").unwrap()];
    let (r, _, _) = run(cut);
    let e = r.unwrap_err();
    assert_eq!((e.segment, e.id.as_deref()), (3, Some("ST")));
    assert!(e.reason.contains("transaction set 0001 has no SE trailer: the file was cut short"), "{e}");
    let no_iea = &full[..full.find("IEA*").unwrap()];
    let e = run(no_iea).0.unwrap_err();
    assert!(e.reason.contains("interchange 000000001 has no IEA trailer"), "{e}");
    let joined = full.replace("SE*3*0001~", "");
    let e = run(&joined).0.unwrap_err();
    assert!(e.reason.contains("no SE trailer"), "{e}");
    // Cut inside the final IEA: its control number (or count) is incomplete.
    for cut in ["IEA*1*0", "IEA*1*00000", "IEA*1", "IEA*"] {
        let text = format!("{}{cut}", &full[..full.find("IEA*").unwrap()]);
        let e = run(&text).0.unwrap_err();
        assert!(e.reason.contains("the file ends inside its IEA trailer"), "{cut}: {e}");
    }
    // A whole IEA without its terminator is complete; a terminated mismatch is only a warning
    // (de-identified real files carry one).
    let (r, _, _) = run(full.trim_end_matches('~'));
    assert_eq!(r, Ok(1));
    let (r, _, warnings) = run(&full.replace("IEA*1*000000001~", "IEA*1*999999999~"));
    assert_eq!(r, Ok(1));
    assert!(warnings.iter().any(|w| w.contains("IEA02 does not match its ISA13")), "{warnings:?}");
}

#[test]
fn unsupported_sets_and_stray_segments_are_refused() {
    let e = run(&with('*', ':', "~", BODY).replace("ST*835", "ST*837")).0.unwrap_err();
    assert!(e.reason.contains("transaction set type '837' is not supported"), "{e}");
    let stray = with('*', ':', "~", BODY).replace("ST*835*0001~", "BPR*I~ST*835*0001~");
    let e = run(&stray).0.unwrap_err();
    assert!(e.reason.contains("outside a transaction set"), "{e}");
    let e = run(&with('*', ':', "~", "GS*HP~GE*0*1~IEA*1*000000001~")).0.unwrap_err();
    assert!(e.reason.contains("no transaction set"), "{e}");
}

#[test]
fn money_and_dates() {
    assert_eq!(date("20240229"), chrono::NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(date("20230229"), None);
    assert_eq!(date("2024-01-01"), None);
    assert_eq!(date("99990628"), None, "years past 2199 are typing errors");
    assert_eq!(date("18991231"), None);
    assert!(date("19000101").is_some() && date("21991231").is_some());
    for bad in ["20241301", "20240001", "20240100", "20240431", "2024011", "202401011", "2024+101", " 2024010"] {
        assert_eq!(date(bad), None, "{bad}");
    }
    assert_eq!(date(" 20241231 "), chrono::NaiveDate::from_ymd_opt(2024, 12, 31), "padding is trimmed");
    let (a, b) = period("20240101-20240105");
    assert_eq!((a.unwrap().to_string(), b.unwrap().to_string()), ("2024-01-01".into(), "2024-01-05".into()));
}
