-- Overturn ledger, schema version 1.
-- Money columns are integer cents (*_cents). Dates are ISO text (YYYY-MM-DD); instants are
-- ISO UTC text (YYYY-MM-DDTHH:MM:SSZ).

CREATE TABLE import_batch (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('835', '277', 'csv')),
    isa13           TEXT,
    trn02           TEXT,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    tables_version  TEXT NOT NULL,
    claims          INTEGER NOT NULL DEFAULT 0,
    service_lines   INTEGER NOT NULL DEFAULT 0,
    adjustments     INTEGER NOT NULL DEFAULT 0,
    remarks         INTEGER NOT NULL DEFAULT 0,
    plb             INTEGER NOT NULL DEFAULT 0,
    reversals       INTEGER NOT NULL DEFAULT 0,
    statuses        INTEGER NOT NULL DEFAULT 0,
    denials         INTEGER NOT NULL DEFAULT 0,
    rejections      INTEGER NOT NULL DEFAULT 0,
    at_risk_cents   INTEGER NOT NULL DEFAULT 0,
    warnings        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A payer as seen in files, with the rule that applied when it was last seen.
CREATE TABLE payer (
    id              INTEGER PRIMARY KEY,
    payer_key       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    ident           TEXT,
    plan_type       TEXT NOT NULL,
    rule_source     TEXT NOT NULL,
    filing_limit    TEXT NOT NULL,
    appeal_window   TEXT NOT NULL,
    appeal_from     TEXT NOT NULL,
    mail_days       INTEGER NOT NULL,
    roll_forward    INTEGER NOT NULL
) STRICT;

-- One transaction set (835 payment, 277 acknowledgement) or one CSV payer group.
-- The UNIQUE key is the second duplicate guard after the file hash (payers reuse TRN02).
CREATE TABLE remit_txn (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    kind            TEXT NOT NULL,
    isa_sender      TEXT NOT NULL,
    isa13           TEXT NOT NULL,
    st02            TEXT NOT NULL,
    trace           TEXT NOT NULL,
    trace_origin    TEXT NOT NULL,
    payer_id        INTEGER REFERENCES payer(id),
    payment_cents   INTEGER,
    payment_method  TEXT,
    payment_date    TEXT,
    notice_date     TEXT,
    dedupe_key      TEXT UNIQUE
) STRICT;

CREATE TABLE claim (
    id                  INTEGER PRIMARY KEY,
    batch_id            INTEGER NOT NULL REFERENCES import_batch(id),
    txn_id              INTEGER REFERENCES remit_txn(id),
    payer_id            INTEGER REFERENCES payer(id),
    source              TEXT NOT NULL CHECK (source IN ('835', '277', 'csv')),
    pcn                 TEXT NOT NULL,
    payer_claim_no      TEXT,
    status_code         TEXT NOT NULL,
    charge_cents        INTEGER NOT NULL,
    paid_cents          INTEGER NOT NULL,
    patient_resp_cents  INTEGER NOT NULL,
    filing_indicator    TEXT,
    facility_code       TEXT,
    frequency_code      TEXT,
    service_from        TEXT,
    service_to          TEXT,
    patient_last        TEXT,
    patient_first       TEXT,
    member_id           TEXT,
    rendering_npi       TEXT,
    rendering_name      TEXT,
    remit_date          TEXT,
    check_number        TEXT,
    received_date       TEXT,
    prior_auth          TEXT,
    institutional       INTEGER NOT NULL DEFAULT 0,
    reverses_claim_id   INTEGER REFERENCES claim(id),
    reversed_by_claim_id INTEGER REFERENCES claim(id),
    last_status         TEXT,
    last_status_date    TEXT
) STRICT;
CREATE INDEX claim_by_pcn ON claim(pcn);
CREATE INDEX claim_by_payer_claim_no ON claim(payer_claim_no) WHERE payer_claim_no IS NOT NULL;
CREATE INDEX claim_by_batch ON claim(batch_id);

CREATE TABLE service_line (
    id              INTEGER PRIMARY KEY,
    claim_id        INTEGER NOT NULL REFERENCES claim(id),
    line_no         INTEGER NOT NULL,
    qualifier       TEXT,
    procedure_code  TEXT,
    modifiers       TEXT,
    revenue_code    TEXT,
    units           REAL,
    charge_cents    INTEGER NOT NULL,
    paid_cents      INTEGER NOT NULL,
    allowed_cents   INTEGER,
    service_from    TEXT,
    service_to      TEXT,
    control_no      TEXT
) STRICT;
CREATE INDEX line_by_claim ON service_line(claim_id);

-- CAS triplets at claim level (line_id NULL) or line level.
CREATE TABLE adjustment (
    id              INTEGER PRIMARY KEY,
    claim_id        INTEGER NOT NULL REFERENCES claim(id),
    line_id         INTEGER REFERENCES service_line(id),
    group_code      TEXT NOT NULL,
    carc            TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL,
    quantity        REAL
) STRICT;
CREATE INDEX adjustment_by_claim ON adjustment(claim_id);

-- Every remark code: LQ (line), MOA and MIA (claim), CSV.
CREATE TABLE remark (
    id              INTEGER PRIMARY KEY,
    claim_id        INTEGER NOT NULL REFERENCES claim(id),
    line_id         INTEGER REFERENCES service_line(id),
    source          TEXT NOT NULL,
    code            TEXT NOT NULL
) STRICT;
CREATE INDEX remark_by_claim ON remark(claim_id);

-- PLB: one row per adjustment pair.
CREATE TABLE provider_adjustment (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    txn_id          INTEGER REFERENCES remit_txn(id),
    provider_id     TEXT NOT NULL,
    fiscal_date     TEXT,
    reason_code     TEXT NOT NULL,
    reference       TEXT,
    amount_cents    INTEGER NOT NULL
) STRICT;

-- Every claim-level status from a 277 (acknowledgement or status response).
CREATE TABLE claim_status (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
    claim_id        INTEGER REFERENCES claim(id),
    source          TEXT NOT NULL CHECK (source IN ('277CA', '277')),
    pcn             TEXT NOT NULL,
    payer_claim_no  TEXT,
    category        TEXT NOT NULL,
    status_code     TEXT,
    entity_code     TEXT,
    status_date     TEXT,
    amount_cents    INTEGER NOT NULL,
    effect          TEXT NOT NULL
) STRICT;
CREATE INDEX claim_status_by_pcn ON claim_status(pcn);

CREATE TABLE work_item (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('rejection', 'denial')),
    state               TEXT NOT NULL,
    queue               TEXT NOT NULL,
    claim_id            INTEGER NOT NULL REFERENCES claim(id),
    batch_id            INTEGER NOT NULL REFERENCES import_batch(id),
    payer_id            INTEGER REFERENCES payer(id),
    -- Copied from payer.name so the queue can be sorted by payer through an index.
    payer_name          TEXT NOT NULL DEFAULT '',
    reason_code         TEXT NOT NULL,
    group_code          TEXT,
    carc                TEXT,
    rarcs               TEXT,
    status_code         TEXT,
    entity_code         TEXT,
    category            TEXT NOT NULL,
    work_type           TEXT NOT NULL,
    team                TEXT NOT NULL,
    hardness            TEXT NOT NULL,
    appealable          INTEGER NOT NULL,
    caqh                INTEGER,
    amount_cents        INTEGER NOT NULL,
    service_date        TEXT,
    procedure_code      TEXT,
    filing_deadline     TEXT,
    filing_basis        TEXT,
    appeal_deadline     TEXT,
    appeal_basis        TEXT,
    rule_source         TEXT NOT NULL,
    plan_type           TEXT NOT NULL,
    due_date            TEXT,
    -- Sort key: items without a deadline sort last.
    due_key             TEXT GENERATED ALWAYS AS (coalesce(due_date, '9999-12-31')) VIRTUAL,
    urgency_permille    INTEGER NOT NULL,
    recover_permille    INTEGER NOT NULL,
    priority            INTEGER NOT NULL,
    priority_as_of      TEXT NOT NULL,
    suggested_path      TEXT NOT NULL,
    path_reason         TEXT NOT NULL,
    decided_path        TEXT,
    decided_on          TEXT,
    close_reason        TEXT,
    owner               TEXT,
    opened_on           TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    closed_on           TEXT
) STRICT;
-- Every queue order is (queue, key, id) in one direction, so pages continue by keyset.
CREATE INDEX work_by_priority ON work_item(queue, priority DESC, id DESC);
CREATE INDEX work_by_amount ON work_item(queue, amount_cents DESC, id DESC);
CREATE INDEX work_by_due ON work_item(queue, due_key, id);
CREATE INDEX work_by_opened ON work_item(queue, opened_on, id);
CREATE INDEX work_by_payer_name ON work_item(queue, payer_name, id);
-- The common filters, in priority order; amount_cents rides along so a filtered count and
-- its dollars are read from the index alone.
CREATE INDEX work_by_payer ON work_item(queue, payer_id, priority DESC, id DESC, amount_cents);
CREATE INDEX work_by_category ON work_item(queue, category, priority DESC, id DESC, amount_cents);
CREATE INDEX work_by_carc ON work_item(queue, carc, priority DESC, id DESC, amount_cents);
CREATE INDEX work_by_owner ON work_item(queue, owner, priority DESC, id DESC, amount_cents);
CREATE INDEX work_by_claim ON work_item(claim_id);
CREATE INDEX work_open_due ON work_item(due_date) WHERE queue <> 'done';

-- Items and dollars per queue, kept by triggers: tab titles without counting a million rows.
CREATE TABLE queue_total (
    queue           TEXT PRIMARY KEY,
    items           INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL
) STRICT;
INSERT INTO queue_total (queue, items, amount_cents) VALUES
    ('rejections', 0, 0), ('denials', 0, 0), ('appeals', 0, 0), ('write-offs', 0, 0), ('done', 0, 0);
CREATE TRIGGER queue_total_insert AFTER INSERT ON work_item BEGIN
    UPDATE queue_total SET items = items + 1, amount_cents = amount_cents + NEW.amount_cents WHERE queue = NEW.queue;
END;
CREATE TRIGGER queue_total_update AFTER UPDATE OF queue, amount_cents ON work_item BEGIN
    UPDATE queue_total SET items = items - 1, amount_cents = amount_cents - OLD.amount_cents WHERE queue = OLD.queue;
    UPDATE queue_total SET items = items + 1, amount_cents = amount_cents + NEW.amount_cents WHERE queue = NEW.queue;
END;
CREATE TRIGGER queue_total_delete AFTER DELETE ON work_item BEGIN
    UPDATE queue_total SET items = items - 1, amount_cents = amount_cents - OLD.amount_cents WHERE queue = OLD.queue;
END;

-- Appeals opened from the desk (level 1 here; later levels, packets and outcomes build on it).
CREATE TABLE appeal (
    id              INTEGER PRIMARY KEY,
    work_item_id    INTEGER NOT NULL REFERENCES work_item(id),
    level           INTEGER NOT NULL,
    opened_on       TEXT NOT NULL,
    deadline        TEXT,
    state           TEXT NOT NULL,
    withdrawn_on    TEXT
) STRICT;
CREATE INDEX appeal_by_item ON appeal(work_item_id);

-- The audit trail: append-only, enforced by triggers.
CREATE TABLE event (
    id              INTEGER PRIMARY KEY,
    work_item_id    INTEGER REFERENCES work_item(id),
    batch_id        INTEGER REFERENCES import_batch(id),
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    before_state    TEXT,
    after_state     TEXT,
    detail          TEXT
) STRICT;
CREATE INDEX event_by_item ON event(work_item_id, id);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- Small settings the ledger keeps for itself (e.g. the date priorities were last refreshed).
CREATE TABLE ledger_meta (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) STRICT;
