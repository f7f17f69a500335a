-- Schema v9: contracted rates and the short payments found against them, and the claims the
-- practice submitted (issue 16).
--
-- A work item may now be an underpayment and a batch a fee schedule. SQLite cannot alter a
-- CHECK constraint; widening one (allowing one more word) changes nothing stored, so the table
-- definitions are edited in place as SQLite documents for removing or loosening constraints
-- (sqlite.org/lang_altertable.html, "making other kinds of table schema changes"), and the
-- schema is reloaded. The migration test checks both definitions took the new word.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''rejection'', ''denial''))', 'CHECK (kind IN (''rejection'', ''denial'', ''underpayment''))')
WHERE type = 'table' AND name = 'work_item';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''835'', ''277'', ''csv''))', 'CHECK (kind IN (''835'', ''277'', ''csv'', ''fees'', ''837''))')
WHERE type = 'table' AND name = 'import_batch';
PRAGMA writable_schema = RESET;

DROP TRIGGER work_item_words_insert;
DROP TRIGGER work_item_words_update;
CREATE TRIGGER work_item_words_insert BEFORE INSERT ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial', 'underpayment')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;
CREATE TRIGGER work_item_words_update BEFORE UPDATE OF kind, state, queue ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial', 'underpayment')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;

-- One contracted rate per row of a fee schedule: for the payer named by its id (as remits
-- carry it) or its name, a procedure code, a modifier ('' for any) and the dates of service it
-- covers. A later schedule's row for the same payer, code, modifier and start date supersedes
-- the earlier one (kept, marked with the batch that superseded it, and an event says so).
CREATE TABLE fee_rate (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    row_no          INTEGER NOT NULL,
    payer_ident     TEXT NOT NULL,
    payer_name      TEXT NOT NULL,
    procedure       TEXT NOT NULL,
    modifier        TEXT NOT NULL,
    rate_cents      INTEGER NOT NULL CHECK (rate_cents > 0),
    effective_from  TEXT NOT NULL,
    effective_to    TEXT,
    superseded_by   INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX fee_rate_current ON fee_rate(procedure, modifier, effective_from) WHERE superseded_by IS NULL;

-- The KPIs' underpaid dollars found (by day opened) and recovered (by day closed) read only
-- the underpayments.
CREATE INDEX work_underpaid_opened ON work_item(opened_on, denied_cents) WHERE kind = 'underpayment';
CREATE INDEX work_underpaid_closed ON work_item(closed_on, state, recovered_cents) WHERE kind = 'underpayment';

-- The claim inventory: every claim of the 837s the practice imported, with when the payer
-- first acknowledged (277CA accepted), rejected, and answered it on an 835 (matched by the
-- patient control number). Lines are kept packed as JSON, as the remits' are.
CREATE TABLE submitted_claim (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    pcn             TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    original_ref    TEXT,
    institutional   INTEGER NOT NULL,
    payer_name      TEXT NOT NULL,
    payer_ident     TEXT,
    filing_indicator TEXT,
    member_id       TEXT,
    billing_npi     TEXT,
    rendering_npi   TEXT,
    facility_code   TEXT,
    charge_cents    INTEGER NOT NULL,
    service_from    TEXT,
    service_to      TEXT,
    submitted_on    TEXT NOT NULL,
    lines           TEXT NOT NULL,
    acknowledged_on TEXT,
    rejected_on     TEXT,
    remitted_on     TEXT,
    remit_claim_id  INTEGER REFERENCES claim(id)
) STRICT;
CREATE INDEX submitted_by_pcn ON submitted_claim(pcn);
CREATE INDEX submitted_unanswered ON submitted_claim(submitted_on) WHERE remitted_on IS NULL;
CREATE INDEX submitted_by_remit ON submitted_claim(remitted_on, submitted_on) WHERE remitted_on IS NOT NULL;

-- The lines of an underpayment item and the arithmetic behind each: the rate it was held to,
-- rate x units, what the payer allowed and from where, and the shortfall.
CREATE TABLE short_line (
    work_item_id    INTEGER NOT NULL REFERENCES work_item(id),
    line_no         INTEGER NOT NULL,
    procedure       TEXT NOT NULL,
    modifiers       TEXT NOT NULL,
    units           REAL NOT NULL,
    fee_rate_id     INTEGER NOT NULL REFERENCES fee_rate(id),
    rate_cents      INTEGER NOT NULL,
    expected_cents  INTEGER NOT NULL,
    allowed_cents   INTEGER NOT NULL,
    allowed_from    TEXT NOT NULL,
    short_cents     INTEGER NOT NULL,
    PRIMARY KEY (work_item_id, line_no)
) WITHOUT ROWID, STRICT;
