//! The desk's paper against a real ledger: x / X write a private PDF into the letters folder
//! (never over a file there), and a desk without the practice's details asks for them, saves
//! them into config.toml beside the user's own settings, and then writes the packet.

mod common;

use std::sync::Arc;

use common::cli::{appeal, ledger_with, mode};
use overturn::letters::{PracticeProfile, Templates};
use overturn::tui::action::Action;
use overturn::tui::effect::{Effect, PaperJob};
use overturn::tui::io::DeskIo;

#[test]
fn a_packet_from_the_desk_after_asking_for_the_practice() {
    let home = tempfile::tempdir().unwrap();
    let store = ledger_with(home.path(), &[("A105", appeal())]);
    let id = common::scalar(&store, "SELECT work_item_id FROM appeal");
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "# mine\nbiller_name = \"Dana\"\n").unwrap();
    let letters = home.path().join("letters");
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(store, tables, "dana".into(), common::today(), None)
        .with_letters(Templates::default(), PracticeProfile::default())
        .with_paper(letters.clone(), Some(config.clone()));

    let asked = io.run(Effect::WritePdf { id, packet: true });
    let [Action::PracticeNeeded { missing, id: asked_id, job: PaperJob::PacketPdf }] = asked.as_slice() else {
        panic!("{asked:?}")
    };
    assert_eq!(
        (missing.as_slice(), *asked_id),
        (&["name", "address", "phone", "npi", "tin", "fax", "contact", "title"][..], id)
    );
    assert!(!letters.exists(), "nothing is written before the practice is known");
    // The letter editor asks too (a fresh letter needs the letterhead).
    assert!(matches!(
        io.run(Effect::LoadLetter { id, fresh: false }).as_slice(),
        [Action::PracticeNeeded { job: PaperJob::Edit, .. }]
    ));

    let values = vec![
        ("name", "Harbor Clinic".to_string()),
        ("address", "9 Pier St\nBath, ME 04530".to_string()),
        ("phone", "(207) 555-0100".to_string()),
        ("npi", "1234567893".to_string()),
        ("tin", "98-7654321".to_string()),
    ];
    let saved = io.run(Effect::SavePractice { values, then: Some((id, PaperJob::PacketPdf)) });
    assert!(
        matches!(saved.as_slice(), [Action::PracticeSaved { then: Some((_, PaperJob::PacketPdf)), .. }]),
        "{saved:?}"
    );
    let text = std::fs::read_to_string(config.join("config.toml")).unwrap();
    assert!(text.starts_with("# mine\nbiller_name = \"Dana\"\n\n[practice]\nname = \"Harbor Clinic\"\n"), "{text}");
    assert_eq!(mode(&config.join("config.toml")), 0o600);

    for expected in [format!("packet-{id}-level1.pdf"), format!("packet-{id}-level1-2.pdf")] {
        let done = io.run(Effect::WritePdf { id, packet: true });
        let [Action::PdfWritten(said)] = done.as_slice() else { panic!("{done:?}") };
        assert!(said.starts_with(&format!("wrote {expected} in ")), "{said}");
        assert!(
            said.contains("no appeal address in payers.csv") && said.contains("letter not saved yet (L)"),
            "{said}"
        );
        let file = letters.join(&expected);
        assert_eq!(mode(&file), 0o600);
        let pdf = common::pdf_text(&std::fs::read(&file).unwrap());
        assert!(
            pdf.starts_with("Appeal submission\n") && pdf.contains("Harbor Clinic\n9 Pier St\nBath, ME 04530"),
            "{pdf}"
        );
    }
    assert_eq!(mode(&letters), 0o700, "the letters folder it made is private");
    let letter = io.run(Effect::WritePdf { id, packet: false });
    assert!(
        matches!(letter.as_slice(), [Action::PdfWritten(s)] if s.starts_with(&format!("wrote appeal-{id}-level1.pdf")))
    );
    assert!(matches!(io.run(Effect::LoadLetter { id, fresh: false }).as_slice(), [Action::LetterLoaded { .. }]));
}

#[test]
fn a_rejection_has_no_letter_to_print() {
    let home = tempfile::tempdir().unwrap();
    let store = ledger_with(home.path(), &[]);
    let acks = common::cli::overturn(home.path()).arg("import").arg(common::fixture("acks-a.277")).output().unwrap();
    assert!(acks.status.success());
    let rejection = common::scalar(&store, "SELECT min(id) FROM work_item WHERE kind = 'rejection'");
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(store, tables, "dana".into(), common::today(), None)
        .with_letters(Templates::default(), PracticeProfile::sample())
        .with_paper(home.path().join("letters"), None);
    let out = io.run(Effect::WritePdf { id: rejection, packet: false });
    assert!(
        matches!(out.as_slice(), [Action::Failed(why)] if why.contains("rejections are fixed and resubmitted")),
        "{out:?}"
    );
    assert!(!home.path().join("letters").exists());
}
