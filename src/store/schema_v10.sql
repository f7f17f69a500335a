-- Schema v10: claims the payer never answered become work (issue 16). A submitted claim (837)
-- with no 277CA acceptance, or no remit, after its waits is a no-response item in its own
-- queue, worked against the filing deadline it is racing, followed up with the payer, and
-- resolved by the answer when it comes. Its claim row is the 837's (source '837').
--
-- Widening the CHECKs and guarding the rollup triggers change nothing stored, so the
-- definitions are edited in place as SQLite documents (sqlite.org/lang_altertable.html,
-- "making other kinds of table schema changes"), as in v9. The upgrade test checks every
-- edit took.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''rejection'', ''denial'', ''underpayment''))',
                  'CHECK (kind IN (''rejection'', ''denial'', ''underpayment'', ''no_response''))')
WHERE type = 'table' AND name = 'work_item';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (source IN (''835'', ''277'', ''csv''))', 'CHECK (source IN (''835'', ''277'', ''csv'', ''837''))')
WHERE type = 'table' AND name = 'claim';
-- Submitted claims may also come from a practice-management export (kind 'claims').
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''835'', ''277'', ''csv'', ''fees'', ''837''))',
                  'CHECK (kind IN (''835'', ''277'', ''csv'', ''fees'', ''837'', ''claims''))')
WHERE type = 'table' AND name = 'import_batch';
-- A claim nobody answered is not a denial: the root-cause rollups (the RCA tab, its trends and
-- the weekly review) leave no-response items out. The queue, write-off and aging totals keep
-- them (they are open work, and a write-off is a write-off).
UPDATE sqlite_schema
SET sql = replace(replace(sql,
        'VALUES (NEW.opened_on, NEW.category, 1, 1 * NEW.denied_cents)',
        'SELECT NEW.opened_on, NEW.category, 1, 1 * NEW.denied_cents WHERE NEW.kind <> ''no_response'''),
        'VALUES (OLD.opened_on, OLD.category, -1, -1 * OLD.denied_cents)',
        'SELECT OLD.opened_on, OLD.category, -1, -1 * OLD.denied_cents WHERE OLD.kind <> ''no_response''')
WHERE type = 'trigger' AND name IN ('work_totals_insert', 'work_totals_update', 'work_totals_delete');
UPDATE sqlite_schema
SET sql = replace(sql, 'AFTER INSERT ON work_item BEGIN', 'AFTER INSERT ON work_item WHEN NEW.kind <> ''no_response'' BEGIN')
WHERE type = 'trigger' AND name = 'rca_week_insert';
UPDATE sqlite_schema
SET sql = replace(sql, 'AFTER DELETE ON work_item BEGIN', 'AFTER DELETE ON work_item WHEN OLD.kind <> ''no_response'' BEGIN')
WHERE type = 'trigger' AND name = 'rca_week_delete';
UPDATE sqlite_schema
SET sql = replace(replace(sql, '    WHEN OLD.opened_on IS NOT NEW.opened_on',
                          '    WHEN OLD.kind <> ''no_response'' AND NEW.kind <> ''no_response'' AND (OLD.opened_on IS NOT NEW.opened_on'),
                  char(10) || 'BEGIN', ')' || char(10) || 'BEGIN')
WHERE type = 'trigger' AND name IN ('rca_queue_update', 'rca_slice_update');
PRAGMA writable_schema = RESET;

DROP TRIGGER work_item_words_insert;
DROP TRIGGER work_item_words_update;
CREATE TRIGGER work_item_words_insert BEFORE INSERT ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial', 'underpayment', 'no_response')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'unanswered', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;
CREATE TRIGGER work_item_words_update BEFORE UPDATE OF kind, state, queue ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial', 'underpayment', 'no_response')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'unanswered', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;

INSERT INTO queue_total (queue, items, amount_cents) VALUES ('unanswered', 0, 0);

-- The claim row a no-response item stands on, and the patient's name from the 837 (loop
-- 2010CA, else the subscriber).
ALTER TABLE submitted_claim ADD COLUMN claim_id INTEGER REFERENCES claim(id);
ALTER TABLE submitted_claim ADD COLUMN patient_last TEXT;
ALTER TABLE submitted_claim ADD COLUMN patient_first TEXT;
CREATE INDEX submitted_by_claim ON submitted_claim(claim_id) WHERE claim_id IS NOT NULL;
-- The payer's claim number from the 277CA that accepted the claim: a later 835 may name the
-- claim by it alone (a payer can cut the patient control number short).
ALTER TABLE submitted_claim ADD COLUMN payer_claim_no TEXT;
CREATE INDEX submitted_by_payer_claim ON submitted_claim(payer_claim_no) WHERE payer_claim_no IS NOT NULL;
-- The KPIs' claims submitted in a period (the initial denial rate's denominator).
CREATE INDEX submitted_by_day ON submitted_claim(submitted_on, frequency, charge_cents);
-- One no-response item per claim and silence (no acknowledgement, no remit).
CREATE UNIQUE INDEX work_no_response ON work_item(claim_id, reason_code) WHERE kind = 'no_response';
