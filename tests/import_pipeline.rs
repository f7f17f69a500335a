//! The parser runs on its own thread and hands records to the writer: a failure while writing
//! stops the parser, names where it happened (without patient data), and leaves the ledger as
//! it was; a file with many transaction sets and claims arrives whole and in order.

mod common;

fn claim(i: usize) -> String {
    format!(
        "CLP*PC{i}*4*100*0**CI*PAY{i}*11*1~NM1*QC*1*DOE*JANE****MI*M{i}~SVC*HC:99213*100*0**1~DTM*472*20261001~CAS*CO*50*100"
    )
}

#[test]
fn a_write_failure_mid_file_names_the_claim_and_changes_nothing() {
    let (g, mut store) = common::ledger();
    let claims: Vec<String> = (1..=700).map(claim).collect();
    let refs: Vec<&str> = claims.iter().map(String::as_str).collect();
    let file = common::write(g.path(), "p.835", &common::remit(41, "20261101", "AETNA", "60054", &refs));
    // The ledger refuses claim 650: by then the parser has handed over batches beyond it.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON claim WHEN NEW.pcn = 'PC650'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        )
        .unwrap();
    let before = common::table_counts(&store);
    let schema = |store: &overturn::store::Store| {
        common::text(
            store,
            "SELECT group_concat(name || ':' || sql, '|') FROM (SELECT * FROM sqlite_schema ORDER BY name)",
        )
    };
    let schema_before = schema(&store);
    let r = common::import(&mut store, &file);
    let e = r.error.expect("the import fails");
    // The triggers an import sets aside are back, and CHECK constraints are on again.
    assert_eq!(schema(&store), schema_before);
    assert_eq!(common::scalar(&store, "PRAGMA ignore_check_constraints"), 0);
    assert_eq!(common::scalar(&store, "PRAGMA foreign_keys"), 1, "enforced again after a failed import");
    assert!(e.contains("transaction set 0001, claim 650") && e.contains("refused for the test"), "{e}");
    assert!(!e.contains("DOE") && !e.contains("PC650"), "no patient data in the error: {e}");
    assert_eq!(common::table_counts(&store), before);
    store.conn().execute_batch("DROP TRIGGER refuse").unwrap();
    let schema_before = schema(&store);
    let r = common::import(&mut store, &file);
    assert_eq!((r.error, r.counts.claims, r.denials), (None, 700, 700));
    assert_eq!(schema(&store), schema_before);
    assert_eq!(common::scalar(&store, "PRAGMA ignore_check_constraints"), 0);
    let bad = store.conn().execute("UPDATE claim SET source = 'fax' WHERE pcn = 'PC1'", []);
    assert!(bad.is_err(), "the claim table's CHECK holds after an import");
    // Foreign keys too: the import wrote with them unenforced, and left every reference whole.
    assert_eq!(common::scalar(&store, "PRAGMA foreign_keys"), 1);
    let dangling = store.conn().execute("UPDATE claim SET txn_id = 999999 WHERE pcn = 'PC1'", []);
    assert!(dangling.is_err(), "a reference to no payment is refused after an import");
    assert_eq!(common::scalar(&store, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // Every claim in file order, each with its own line.
    let order = common::text(&store, "SELECT group_concat(pcn, ' ') FROM (SELECT pcn FROM claim ORDER BY id)");
    assert_eq!(order, (1..=700).map(|i| format!("PC{i}")).collect::<Vec<_>>().join(" "));
    assert_eq!(common::body(&store, "PC700").lines.len(), 1);
}

#[test]
fn a_refused_transaction_set_header_is_reported_at_its_segment() {
    // The answer to "is this payment new?" travels back to the parser, so an error there is
    // located in the file like any parse error.
    let (g, mut store) = common::ledger();
    let file = common::write(g.path(), "h.835", &common::remit(42, "20261101", "AETNA", "60054", &[&claim(1)]));
    store
        .conn()
        .execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON remit_txn BEGIN SELECT RAISE(ABORT, 'no payments'); END")
        .unwrap();
    let e = common::import(&mut store, &file).error.expect("the import fails");
    assert!(e.contains("no payments") && e.contains("segment"), "{e}");
}

#[test]
fn a_write_failure_mid_file_on_postgresql_names_the_claim_and_changes_nothing() {
    // The same refusal on PostgreSQL, where claims go to the server a thousand at a time by
    // COPY: the batch is written while the parser is at claim 1000, and the error still names
    // claim 650. A refusal not tied to one claim's row names the claims written together.
    for mut engine in common::engines("a_write_failure_mid_file_on_postgresql_names_the_claim_and_changes_nothing") {
        let store = &mut engine.ledger;
        if store.db().dialect() != overturn::store::db::Dialect::Postgres {
            continue;
        }
        let claims: Vec<String> = (1..=1500).map(claim).collect();
        let refs: Vec<&str> = claims.iter().map(String::as_str).collect();
        let file = common::write(engine.dir.path(), "p.835", &common::remit(41, "20261101", "AETNA", "60054", &refs));
        let refuse = |table: &str, when: &str| {
            format!(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN IF {when} THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
                 CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse();"
            )
        };
        store.db().execute_batch(&refuse("claim", "NEW.pcn = 'PC650'")).unwrap();
        let before = common::table_counts(store);
        let e = common::import(store, &file).error.expect("the import fails");
        assert!(e.contains("transaction set 0001, claim 650: ") && e.contains("refused for the test"), "{e}");
        assert!(!e.contains("claim 1000"), "not the claim the parser was at: {e}");
        assert!(!e.contains("DOE") && !e.contains("PC650"), "no patient data in the error: {e}");
        assert_eq!(common::table_counts(store), before);
        store.db().execute_batch("DROP TRIGGER refuse ON claim; DROP FUNCTION refuse()").unwrap();
        // The work held beside a batch's claims is written with them.
        store.db().execute_batch(&refuse("work_item", "true")).unwrap();
        let e = common::import(store, &file).error.expect("the import fails");
        assert!(e.contains("transaction set 0001, claims 1-1000 (written together): "), "{e}");
        assert_eq!(common::table_counts(store), before);
        store.db().execute_batch("DROP TRIGGER refuse ON work_item").unwrap();
        let r = common::import(store, &file);
        assert_eq!((r.error, r.counts.claims, r.denials), (None, 1500, 1500));
        let order = common::joined(store, "SELECT pcn FROM claim ORDER BY id", " ");
        assert_eq!(order, (1..=1500).map(|i| format!("PC{i}")).collect::<Vec<_>>().join(" "));
        assert_eq!(common::body(store, "PC1500").lines.len(), 1);
        let bad = store.db().execute("UPDATE claim SET source = 'fax' WHERE pcn = 'PC1'", &[]);
        assert!(bad.is_err(), "the claim table's CHECK holds after an import");
    }
}

#[test]
fn a_warning_names_the_claim_by_its_place_in_its_transaction_set() {
    // Two interchanges, two claims each; the second one's second claim has an unknown code on
    // a paid line: "claim 2" of its transaction set, as the parser counts, not claim 4 of the
    // file.
    common::on_both("a_warning_names_the_claim_by_its_place_in_its_transaction_set", |store, dir| {
        let paid = |pcn: &str, carc: &str| {
            format!(
                "CLP*{pcn}*1*100*95**CI*P{pcn}*11*1~NM1*QC*1*DOE*JANE****MI*M1~SVC*HC:99213*100*95**1~\
                 DTM*472*20261001~CAS*CO*{carc}*5"
            )
        };
        let first = common::remit(51, "20261101", "AETNA", "60054", &[&paid("W1", "45"), &paid("W2", "45")]);
        let second = common::remit(52, "20261102", "AETNA", "60054", &[&paid("W3", "45"), &paid("W4", "Z99")]);
        let file = common::write(dir, "two.835", &format!("{first}{second}"));
        let r = common::import(store, &file);
        assert_eq!(r.error, None);
        let warnings = r.warnings.join("\n");
        assert!(warnings.contains("transaction set 0001, claim 2: CARC Z99 is not in the code table"), "{warnings}");
        assert!(!warnings.contains("claim 4"), "{warnings}");
    });
}

#[test]
fn a_claim_seen_before_in_its_own_file_or_an_earlier_one_is_no_first_adjudication() {
    // The first file into a new ledger finds repeats among its own claims without asking the
    // ledger (`store::seen_filter`); later files ask it. Both must agree on the same facts.
    let (g, mut store) = common::ledger();
    let (c1, c2) = (claim(1), claim(2));
    let first = common::remit(61, "20261101", "AETNA", "60054", &[&c1, &c2, &c1]);
    let r = common::import(&mut store, &common::write(g.path(), "a.835", &first));
    assert_eq!((r.error, r.counts.claims), (None, 3));
    let again = common::remit(62, "20261102", "AETNA", "60054", &[&c2]);
    assert_eq!(common::import(&mut store, &common::write(g.path(), "b.835", &again)).error, None);
    let other_payer = common::remit(63, "20261103", "CIGNA", "62308", &[&c1]);
    assert_eq!(common::import(&mut store, &common::write(g.path(), "c.835", &other_payer)).error, None);
    let initial = common::joined(&store, "SELECT pcn || ':' || initial FROM claim ORDER BY id", " ");
    assert_eq!(initial, "PC1:1 PC2:1 PC1:0 PC2:0 PC1:1");
    let denied = common::scalar(&store, "SELECT sum(initial_denied) FROM claim");
    assert_eq!(denied, 3, "each claim's first adjudication counts its denial once");
}

#[test]
fn a_denial_triaged_while_the_file_is_read_takes_what_the_ledger_learned_of_its_payer() {
    // Denials are triaged on the parsing thread (`ledger::pretriage`); only the payer's learned
    // recoverability comes from the ledger, and the item must carry it, not the prior.
    let (g, mut store) = common::ledger();
    let first = common::remit(71, "20261101", "AETNA", "60054", &[&claim(1)]);
    assert_eq!(common::import(&mut store, &common::write(g.path(), "a.835", &first)).error, None);
    let row = "SELECT recover_permille || ' ' || priority || ' ' || urgency_permille || ' ' || due_date || ' ' \
               || suggested_path FROM work_item WHERE id = (SELECT max(id) FROM work_item)";
    let before = common::text(&store, row);
    let prior = common::scalar(&store, "SELECT recover_permille FROM work_item");
    // Nine of ten appeals of this payer's denials in this category were won.
    store
        .conn()
        .execute_batch(
            "INSERT INTO outcome_stat (payer_id, category, attempts, recovered, recovered_cents)
             SELECT payer_id, category, 10, 9, 90000 FROM work_item",
        )
        .unwrap();
    let (payer, category) = (
        common::scalar(&store, "SELECT payer_id FROM work_item"),
        common::text(&store, "SELECT category FROM work_item"),
    );
    let learned = overturn::store::outcome_stats::learned(store.db(), Some(payer), &category, prior as u32).unwrap();
    assert!(i64::from(learned) > prior, "the outcomes raise it: {learned} against {prior}");
    let second = common::remit(72, "20261101", "AETNA", "60054", &[&claim(2)]);
    assert_eq!(common::import(&mut store, &common::write(g.path(), "b.835", &second)).error, None);
    let after = common::text(&store, row);
    let (b, a): (Vec<&str>, Vec<&str>) = (before.split(' ').collect(), after.split(' ').collect());
    assert_eq!(a[0], learned.to_string(), "{after}");
    assert!(a[1].parse::<i64>().unwrap() > b[1].parse::<i64>().unwrap(), "a likelier recovery ranks higher");
    assert_eq!(a[2..], b[2..], "the same denial on the same day: the same urgency, deadline and path");
}
