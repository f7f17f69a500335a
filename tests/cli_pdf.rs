//! PDF letters and packets as a user makes them: `overturn letter ID --format pdf -o`,
//! `overturn packet ID -o` and the day's batch `letter --all --due-within DAYS -o DIR`. The
//! text is read back from the file; where poppler-utils is installed (CI installs it) the
//! pages are also read by pdftotext and rendered by pdftoppm.

mod common;

use std::path::Path;
use std::process::Command;

use common::cli::{appeal, ledger_with, mode, overturn, practice_config, stderr, stdout};
use common::pdf_text;

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// The first page as pdftoppm renders it at 30 dpi: its pixels, RGB.
struct Rendered {
    pixels: Vec<[u8; 3]>,
}

impl Rendered {
    /// Pixels that are not (near) white: ink on the page.
    fn ink(&self) -> usize {
        self.pixels.iter().filter(|p| p.iter().any(|&c| c < 200)).count()
    }

    /// Blue pixels (the accent colour, antialiased at the edges of text).
    fn bluish(&self) -> usize {
        self.pixels.iter().filter(|p| i32::from(p[2]) - i32::from(p[0]) > 50).count()
    }

    /// Pixels close to `rgb`.
    fn near(&self, rgb: [u8; 3]) -> usize {
        self.pixels.iter().filter(|p| p.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) < 24)).count()
    }
}

fn first_page(pdf: &Path) -> Rendered {
    // Binary PPM (P6) on standard output: a short text header, then RGB bytes.
    let out = Command::new("pdftoppm").args(["-r", "30", "-f", "1", "-l", "1"]).arg(pdf).output().unwrap();
    assert!(out.status.success());
    let bytes = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P6", "255"), "{fields:?}");
    let pixels = bytes[at + 1..].chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect::<Vec<_>>();
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    assert_eq!(pixels.len(), w * h);
    Rendered { pixels }
}

fn item(home: &Path) -> (overturn::store::Store, String) {
    practice_config(home);
    let store = ledger_with(home, &[("A105", appeal())]);
    let id = common::scalar(&store, "SELECT work_item_id FROM appeal").to_string();
    (store, id)
}

#[test]
fn a_letter_as_pdf_carries_letterhead_address_claim_pages_and_enclosures() {
    let home = tempfile::tempdir().unwrap();
    let (_store, id) = item(home.path());
    let file = home.path().join("letter.pdf");
    let out = overturn(home.path())
        .args(["letter", &id, "--format", "pdf", "--to", "Attn: Appeals|PO Box 14463|Lexington, KY 40512", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600, "letters carry patient data: owner only");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"));
    let text = pdf_text(&bytes);
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"));
    // In reading order: letterhead, date, the payer's appeal address, the claim block, body, closing.
    let order = [
        "Riverbend Family Medicine",
        "120 River Road",
        "NPI 1234567893, TIN 12-3456789",
        "November 23, 2026",
        "Attn: Appeals",
        "Lexington, KY 40512",
        "First-level appeal (level 1)",
        "Our account number: A105",
        "To the appeals reviewer:",
        "Sincerely,",
        "Enclosures",
    ];
    let places: Vec<usize> = order.iter().map(|n| at(n)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "out of order: {order:?} at {places:?}\n{text}");
    let pages = text.matches("Page ").count();
    assert!(pages >= 2 && text.contains(&format!("Page {pages} of {pages}")), "{text}");
    assert!(text.lines().filter(|l| l.contains("claim A105")).count() >= pages, "every page names its claim");
    assert!(!text.contains("[practice") && !text.contains("{{"), "{text}");
    assert!(stderr(&out).contains("note: required packet items not ticked"), "{}", stderr(&out));

    // A PDF never goes to the terminal; an existing file is not replaced without --force.
    let out = overturn(home.path()).args(["letter", &id, "--format", "pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("a PDF goes to a file: add -o FILE.pdf"));
    let again = overturn(home.path()).args(["letter", &id, "--format", "pdf", "-o"]).arg(&file).output().unwrap();
    assert!(stderr(&again).contains("already exists; add --force"), "{}", stderr(&again));

    if tool("pdftotext") && tool("pdftoppm") {
        let t = Command::new("pdftotext").args(["-layout"]).arg(&file).arg("-").output().unwrap();
        let read = String::from_utf8_lossy(&t.stdout).to_string();
        assert!(read.contains("Riverbend Family Medicine") && read.contains("PO Box 14463"), "{read}");
        let page = first_page(&file);
        assert!(page.ink() > 1000, "a rendered page with text is not blank ({} pixels of ink)", page.ink());
        assert!(page.bluish() > 20, "the letterhead's name is in the accent colour ({})", page.bluish());
    }
}

#[test]
fn no_pdf_while_the_profile_is_incomplete() {
    let home = tempfile::tempdir().unwrap();
    let (_store, id) = item(home.path());
    std::fs::write(home.path().join("config/config.toml"), "practice_name = \"Riverbend\"\n").unwrap();
    for args in [vec!["letter", &id, "--format", "pdf", "-o"], vec!["packet", &id, "-o"]] {
        let file = home.path().join("x.pdf");
        let out = overturn(home.path()).args(&args).arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains("set address, phone, npi, tin under [practice]"), "{}", stderr(&out));
        assert!(!file.exists(), "nothing is written");
    }
}

#[test]
fn a_packet_has_a_cover_sheet_with_its_contents_then_the_letter() {
    let home = tempfile::tempdir().unwrap();
    let (store, id) = item(home.path());
    // The packet's denial notice is ticked: it is listed as enclosed, on the cover and last page.
    let packet: String = store.conn().query_row("SELECT packet FROM appeal", [], |r| r.get(0)).unwrap();
    let ticked = packet.replacen("\"done\":false", "\"done\":true", 1);
    store.conn().execute("UPDATE appeal SET packet = ?1", [&ticked]).unwrap();
    let file = home.path().join("packet.pdf");
    let out = overturn(home.path()).args(["packet", &id, "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600);
    let text = pdf_text(&std::fs::read(&file).unwrap());
    let cover_end = text.find("Page 1 of").unwrap();
    let cover = &text[..cover_end];
    for needle in ["Appeal submission", "TO", "FROM", "REGARDING", "CONTENTS", "Appeal letter (1 page)", "CONFIDENTIAL"]
    {
        assert!(cover.contains(needle), "{needle:?} not on the cover:\n{cover}");
    }
    assert!(cover.contains("Riverbend Family Medicine") && cover.contains("our account number: A105"), "{cover}");
    let first_item: serde_json::Value = serde_json::from_str(&ticked).unwrap();
    let label = first_item[0]["label"].as_str().unwrap();
    assert!(cover.contains(label), "the ticked item is in the contents: {label}\n{cover}");
    let last = &text[text.rfind("Enclosures").unwrap()..];
    assert!(last.contains(label) && last.contains("1 item enclosed."), "{last}");
    assert!(stderr(&out).contains("note: no appeal address for"), "{}", stderr(&out));
}

#[test]
fn the_days_batch_writes_one_letter_per_appeal_being_prepared() {
    let home = tempfile::tempdir().unwrap();
    practice_config(home.path());
    let store = ledger_with(home.path(), &[("A105", appeal()), ("A100", appeal())]);
    let ids: Vec<i64> = {
        let mut s = store.conn().prepare("SELECT work_item_id FROM appeal ORDER BY work_item_id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let dir = home.path().join("batch");
    let out = overturn(home.path()).args(["letter", "--all", "--format", "pdf", "-o"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 letters written to"), "{}", stdout(&out));
    assert_eq!(mode(&dir), 0o700, "the folder it made is private");
    for id in &ids {
        let f = dir.join(format!("appeal-{id}.pdf"));
        assert_eq!(mode(&f), 0o600);
        assert!(pdf_text(&std::fs::read(&f).unwrap()).contains("First-level appeal (level 1)"));
    }
    // Run again: the letters are there; nothing is replaced without --force, and it says so.
    let out = overturn(home.path()).args(["letter", "--all", "--format", "pdf", "-o"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists; add --force"), "{}", stderr(&out));
    // Due within 0 days: neither appeal's deadline is that close.
    let out = overturn(home.path())
        .args(["letter", "--all", "--due-within", "0", "-o"])
        .arg(home.path().join("none"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("no appeal being prepared due within 0 days"), "{}", stdout(&out));
    assert!(!home.path().join("none").exists());
}

#[test]
fn the_payers_table_gives_the_appeal_address() {
    let home = tempfile::tempdir().unwrap();
    let (_store, id) = item(home.path());
    let builtin = overturn::tables::EMBEDDED.iter().find(|(n, _)| *n == "payers.csv").unwrap().1;
    let mut own = String::new();
    for line in builtin.lines() {
        match line.strip_prefix("aetna,").and_then(|_| line.strip_suffix(",,")) {
            // The address is the column before the two wait columns.
            Some(head) => own.push_str(&format!("{head}\"Attn: Aetna appeals|PO Box 99999|Anytown, ST 00001\",,")),
            None => own.push_str(line),
        }
        own.push('\n');
    }
    assert!(own.contains("|PO Box 99999|"), "the sample payer row is Aetna's");
    std::fs::write(home.path().join("config/payers.csv"), own).unwrap();
    let file = home.path().join("l.pdf");
    let out = overturn(home.path()).args(["letter", &id, "--format", "pdf", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&std::fs::read(&file).unwrap());
    assert!(text.contains("Attn: Aetna appeals\nPO Box 99999\nAnytown, ST 00001"), "{text}");
    assert!(!stderr(&out).contains("no appeal address"), "{}", stderr(&out));
}

#[test]
fn the_owners_reports_as_pdf_say_what_the_markdown_says_with_charts() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "practice_name = \"Riverbend Family Medicine\"\n").unwrap();
    assert!(overturn(home.path()).arg("demo").output().unwrap().status.success());
    let db = home.path().join("data/demo.db");
    let json = overturn(home.path()).arg("--db").arg(&db).args(["report", "rca", "--format", "json"]).output().unwrap();
    let r: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();

    let file = home.path().join("rca.pdf");
    let out = overturn(home.path())
        .arg("--db")
        .arg(&db)
        .args(["report", "rca", "--format", "pdf", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600);
    let bytes = std::fs::read(&file).unwrap();
    let text = pdf_text(&bytes);
    assert!(
        text.starts_with("Weekly root-cause review: 2026-W47\nRiverbend Family Medicine | 16-22 Nov 2026\n"),
        "{text}"
    );
    // The top three, each with its dollars and its weekly counts, as the JSON has them.
    for c in r["summary"]["clusters"].as_array().unwrap() {
        let weekly: Vec<String> = c["trend"].as_array().unwrap().iter().map(|t| t["count"].to_string()).collect();
        assert!(text.contains(&format!("Items per week, oldest first: {}", weekly.join(", "))), "{weekly:?}\n{text}");
    }
    assert!(text.contains("Denied dollars by root cause") && text.contains("Prevention actions"), "{text}");
    // Every slice with its leading value, as the JSON ranks them.
    for slice in r["summary"]["slices"].as_array().unwrap() {
        // A long value is cut to its column with "...": its start, then the count on the next line.
        let first = &slice[1][0];
        let value: String = first["value"].as_str().unwrap().chars().take(14).collect();
        let lines: Vec<&str> = text.lines().collect();
        let count = first["tally"]["count"].to_string();
        let found = lines.windows(2).any(|w| w[0].starts_with(&value) && w[1] == count);
        assert!(found, "{value:?} with {count} not in\n{text}");
    }
    let pages = text.matches("Page ").count();
    assert!((1..=2).contains(&pages), "one or two printed pages, not {pages}");
    // Bars and trend columns are filled rectangles in the accent colour.
    let drawn = String::from_utf8_lossy(&bytes);
    assert!(drawn.matches(" re\n").count() >= 3 * 9, "the charts are drawn as vector shapes");
    assert!(drawn.contains("0.13 0.33 0.58 rg"), "the top causes are in colour");

    let kpi = home.path().join("kpi.pdf");
    let out = overturn(home.path())
        .arg("--db")
        .arg(&db)
        .args(["report", "kpi", "--format", "pdf", "-o"])
        .arg(&kpi)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&std::fs::read(&kpi).unwrap());
    let md = stdout(&overturn(home.path()).arg("--db").arg(&db).args(["report", "kpi"]).output().unwrap());
    let rate = md
        .lines()
        .find(|l| l.starts_with("| Initial denial rate (claims) |"))
        .unwrap()
        .split('|')
        .nth(2)
        .unwrap()
        .trim()
        .to_string();
    assert!(text.contains(&format!("Initial denial rate (claims)\n{rate}\n")), "{rate}\n{text}");
    for needle in
        ["Initial denial rate by week", "Open A/R on 2026-11-23 by age of service (days)", "120+ days", "By payer"]
    {
        assert!(text.contains(needle), "{needle:?}\n{text}");
    }
    let out = overturn(home.path()).arg("--db").arg(&db).args(["report", "kpi", "--format", "pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a PDF is not written to the terminal");

    if tool("pdftoppm") {
        // The bar chart and the trend columns render in the accent colour (the text in it is
        // small): a few hundred pixels of it at 30 dpi.
        let page = first_page(&file);
        assert!(page.ink() > 2000, "the first page is not blank");
        assert!(
            page.near([33, 84, 148]) > 300,
            "the charts are on the page ({} accent pixels)",
            page.near([33, 84, 148])
        );
    }
}

#[test]
fn the_profiles_signature_image_is_placed_under_the_closing() {
    let home = tempfile::tempdir().unwrap();
    let (_store, id) = item(home.path());
    let config = home.path().join("config/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::copy(common::fixture("signature.jpg"), home.path().join("config/signature.jpg")).unwrap();
    // A relative path is under the config folder.
    std::fs::write(&config, format!("{text}signature = \"signature.jpg\"\n")).unwrap();
    let file = home.path().join("signed.pdf");
    let out = overturn(home.path()).args(["letter", &id, "--format", "pdf", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&file).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/DCTDecode") && raw.contains("/Width 384") && raw.contains("/Height 125"),
        "the JPEG is embedded"
    );
    assert_eq!(raw.matches("/Im1 Do").count(), 1, "drawn once, under Sincerely");
    if tool("pdftoppm") {
        assert!(first_page(&file).ink() > 1000);
    }
    // A signature that is not a JPEG is named, and nothing is written.
    std::fs::write(home.path().join("config/signature.jpg"), b"\x89PNG\r\n\x1a\n").unwrap();
    let bad = home.path().join("bad.pdf");
    let out = overturn(home.path()).args(["letter", &id, "--format", "pdf", "-o"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("signature.jpg ([practice] signature) is not a JPEG image"), "{}", stderr(&out));
    assert!(!bad.exists());
}

#[test]
fn a_letter_never_says_it_is_within_a_window_that_has_closed() {
    let home = tempfile::tempdir().unwrap();
    let (store, id) = item(home.path());
    let deadline: String = store.conn().query_row("SELECT deadline FROM appeal", [], |r| r.get(0)).unwrap();
    let on = |today: &str| {
        let out = overturn(home.path()).env("OVERTURN_TODAY", today).args(["letter", &id, "--fresh"]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let within = on(&deadline);
    assert!(within.contains("We are filing within the\nappeal window, which ends on"), "{within}");
    let late = chrono::NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").unwrap() + chrono::Duration::days(1);
    let after = on(&late.to_string());
    assert!(!after.contains("We are filing within"), "{after}");
    assert!(after.contains("Please reprocess the claim and pay the amount in dispute."), "{after}");
}
