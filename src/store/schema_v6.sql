-- Schema v6: a claim's service lines, adjustments and remarks become one packed JSON document
-- per claim (store/claim_body.rs describes the keys). They are only ever read whole for one
-- claim; a row and index entries per line, adjustment and remark made an import write five
-- rows for every paid claim. Older ledgers' rows are packed here, in line and id order.

CREATE TABLE claim_body (
    claim_id    INTEGER PRIMARY KEY REFERENCES claim(id),
    body        TEXT NOT NULL
);

INSERT INTO claim_body (claim_id, body)
SELECT c.id, json_object(
    'a', json(coalesce((SELECT json_group_array(json_object('g', a.group_code, 'c', a.carc, 'm', a.amount_cents,
            'q', a.quantity) ORDER BY a.id) FROM adjustment a WHERE a.claim_id = c.id AND a.line_id IS NULL), '[]')),
    'r', json(coalesce((SELECT json_group_array(json_object('s', r.source, 'c', r.code) ORDER BY r.id)
            FROM remark r WHERE r.claim_id = c.id AND r.line_id IS NULL), '[]')),
    'l', json(coalesce((SELECT json_group_array(json_object('q', nullif(l.qualifier, ''), 'p', nullif(l.procedure_code, ''),
            'md', l.modifiers, 'rv', l.revenue_code, 'u', l.units, 'ch', l.charge_cents, 'pd', l.paid_cents,
            'al', l.allowed_cents, 'f', l.service_from, 't', l.service_to, 'n', l.control_no,
            'a', json(coalesce((SELECT json_group_array(json_object('g', a.group_code, 'c', a.carc,
                    'm', a.amount_cents, 'q', a.quantity) ORDER BY a.id) FROM adjustment a WHERE a.line_id = l.id), '[]')),
            'r', json(coalesce((SELECT json_group_array(json_object('s', r.source, 'c', r.code) ORDER BY r.id)
                    FROM remark r WHERE r.line_id = l.id), '[]'))) ORDER BY l.line_no)
            FROM service_line l WHERE l.claim_id = c.id), '[]')))
FROM claim c
WHERE EXISTS (SELECT 1 FROM service_line WHERE claim_id = c.id)
   OR EXISTS (SELECT 1 FROM adjustment WHERE claim_id = c.id)
   OR EXISTS (SELECT 1 FROM remark WHERE claim_id = c.id);

DROP TABLE remark;
DROP TABLE adjustment;
DROP TABLE service_line;

-- The owner's claim figures by remit day, payer, rendering provider and place of service: first
-- adjudications and their denials (denial rates, outlier denominators) and every 835 claim's
-- money (net collection rate). Claims never change once imported, so the import adds its
-- file's sums once, at the end; the figures read a few rows a day instead of every claim.
-- payer_id 0: no payer; place '': none.
CREATE TABLE claim_day (
    remit_date              TEXT NOT NULL,
    payer_id                INTEGER NOT NULL,
    provider                TEXT NOT NULL,
    place                   TEXT NOT NULL,
    initial                 INTEGER NOT NULL,
    initial_charge_cents    INTEGER NOT NULL,
    initial_denied          INTEGER NOT NULL,
    initial_denied_cents    INTEGER NOT NULL,
    paid_cents              INTEGER NOT NULL,
    charge_cents            INTEGER NOT NULL,
    contractual_cents       INTEGER NOT NULL,
    PRIMARY KEY (remit_date, payer_id, provider, place)
) WITHOUT ROWID, STRICT;

-- Read from claim_day now; nothing searches claims by batch.
DROP INDEX claim_remitted;
DROP INDEX claim_by_batch;

-- The owner's work figures kept as they change. work_day: denials by the day they were opened,
-- with how many were decided and closed, in how many days, within 30 days, and the money
-- recovered and written off (decision speed, resolution and the period's outcomes). open_day:
-- open items and dollars by the day their age counts from (the date of service, else the day
-- opened), for A/R aging. writeoff_day: written-off items and dollars by reason, day closed and
-- kind (the Write-offs tab's totals, the period's write-offs). category_day: every item and its
-- denied dollars by the day opened and root cause (the RCA tab's weekly trends and prevention
-- volumes). The queue totals' triggers now keep these too, one trigger program
-- per change; rows can reach zero and stay (a rebuild drops them, which sums the same).
CREATE TABLE work_day (
    opened_on           TEXT PRIMARY KEY,
    items               INTEGER NOT NULL,
    decided             INTEGER NOT NULL,
    decision_days       INTEGER NOT NULL,
    resolved            INTEGER NOT NULL,
    resolution_days     INTEGER NOT NULL,
    within_30           INTEGER NOT NULL,
    recovered_cents     INTEGER NOT NULL,
    written_off_cents   INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
CREATE TABLE open_day (
    age_from            TEXT PRIMARY KEY,
    items               INTEGER NOT NULL,
    amount_cents        INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE writeoff_day (
    close_reason        TEXT NOT NULL,
    closed_on           TEXT NOT NULL,
    kind                TEXT NOT NULL,
    items               INTEGER NOT NULL,
    amount_cents        INTEGER NOT NULL,
    PRIMARY KEY (close_reason, closed_on, kind)
) WITHOUT ROWID, STRICT;
-- Written off in a period now reads writeoff_day.
DROP INDEX work_written_off;

CREATE TABLE category_day (
    opened_on           TEXT NOT NULL,
    category            TEXT NOT NULL,
    items               INTEGER NOT NULL,
    denied_cents        INTEGER NOT NULL,
    PRIMARY KEY (opened_on, category)
) WITHOUT ROWID, STRICT;
-- The week's items are found by the day opened; the wide index that also served the weekly
-- totals gives way to a narrow one.
DROP INDEX work_by_week;
CREATE INDEX work_by_opened_on ON work_item(opened_on);

DROP TRIGGER queue_total_insert;
DROP TRIGGER queue_total_update;
DROP TRIGGER queue_total_delete;
CREATE TRIGGER work_totals_insert AFTER INSERT ON work_item BEGIN
    UPDATE queue_total SET items = items + 1, amount_cents = amount_cents + NEW.amount_cents WHERE queue = NEW.queue;
    INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                          recovered_cents, written_off_cents)
    SELECT NEW.opened_on, 1, 1 * (NEW.decided_on IS NOT NULL),
           1 * coalesce(CAST(round(julianday(NEW.decided_on) - julianday(NEW.opened_on)) AS INTEGER), 0),
           1 * (NEW.state IN ('resolved', 'written_off') AND NEW.closed_on IS NOT NULL),
           1 * (CASE WHEN NEW.state IN ('resolved', 'written_off')
                  THEN coalesce(CAST(round(julianday(NEW.closed_on) - julianday(NEW.opened_on)) AS INTEGER), 0) ELSE 0 END),
           1 * coalesce(NEW.state IN ('resolved', 'written_off') AND julianday(NEW.closed_on) - julianday(NEW.opened_on) <= 30, 0),
           1 * (CASE WHEN NEW.state = 'resolved' THEN NEW.recovered_cents ELSE 0 END),
           1 * (CASE WHEN NEW.state = 'written_off' THEN NEW.amount_cents ELSE 0 END)
    WHERE NEW.kind = 'denial'
    ON CONFLICT (opened_on) DO UPDATE SET items = items + excluded.items, decided = decided + excluded.decided,
        decision_days = decision_days + excluded.decision_days, resolved = resolved + excluded.resolved,
        resolution_days = resolution_days + excluded.resolution_days, within_30 = within_30 + excluded.within_30,
        recovered_cents = recovered_cents + excluded.recovered_cents,
        written_off_cents = written_off_cents + excluded.written_off_cents;
    INSERT INTO open_day (age_from, items, amount_cents)
    SELECT coalesce(NEW.service_date, NEW.opened_on), 1, 1 * NEW.amount_cents
    WHERE NEW.queue IN ('rejections', 'denials', 'appeals', 'waiting')
    ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items, amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO writeoff_day (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(NEW.close_reason, ''), coalesce(NEW.closed_on, ''), NEW.kind, 1, 1 * NEW.amount_cents
    WHERE NEW.queue = 'write-offs'
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = items + excluded.items,
        amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO category_day (opened_on, category, items, denied_cents)
    VALUES (NEW.opened_on, NEW.category, 1, 1 * NEW.denied_cents)
    ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents;
END;
CREATE TRIGGER work_totals_update AFTER UPDATE OF kind, state, queue, opened_on, decided_on, closed_on, recovered_cents,
    amount_cents, service_date, close_reason, payer_name, category, denied_cents ON work_item BEGIN
    UPDATE queue_total SET items = items - 1, amount_cents = amount_cents - OLD.amount_cents WHERE queue = OLD.queue;
    UPDATE queue_total SET items = items + 1, amount_cents = amount_cents + NEW.amount_cents WHERE queue = NEW.queue;
    INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                          recovered_cents, written_off_cents)
    SELECT OLD.opened_on, -1, -1 * (OLD.decided_on IS NOT NULL),
           -1 * coalesce(CAST(round(julianday(OLD.decided_on) - julianday(OLD.opened_on)) AS INTEGER), 0),
           -1 * (OLD.state IN ('resolved', 'written_off') AND OLD.closed_on IS NOT NULL),
           -1 * (CASE WHEN OLD.state IN ('resolved', 'written_off')
                  THEN coalesce(CAST(round(julianday(OLD.closed_on) - julianday(OLD.opened_on)) AS INTEGER), 0) ELSE 0 END),
           -1 * coalesce(OLD.state IN ('resolved', 'written_off') AND julianday(OLD.closed_on) - julianday(OLD.opened_on) <= 30, 0),
           -1 * (CASE WHEN OLD.state = 'resolved' THEN OLD.recovered_cents ELSE 0 END),
           -1 * (CASE WHEN OLD.state = 'written_off' THEN OLD.amount_cents ELSE 0 END)
    WHERE OLD.kind = 'denial'
    ON CONFLICT (opened_on) DO UPDATE SET items = items + excluded.items, decided = decided + excluded.decided,
        decision_days = decision_days + excluded.decision_days, resolved = resolved + excluded.resolved,
        resolution_days = resolution_days + excluded.resolution_days, within_30 = within_30 + excluded.within_30,
        recovered_cents = recovered_cents + excluded.recovered_cents,
        written_off_cents = written_off_cents + excluded.written_off_cents;
    INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                          recovered_cents, written_off_cents)
    SELECT NEW.opened_on, 1, 1 * (NEW.decided_on IS NOT NULL),
           1 * coalesce(CAST(round(julianday(NEW.decided_on) - julianday(NEW.opened_on)) AS INTEGER), 0),
           1 * (NEW.state IN ('resolved', 'written_off') AND NEW.closed_on IS NOT NULL),
           1 * (CASE WHEN NEW.state IN ('resolved', 'written_off')
                  THEN coalesce(CAST(round(julianday(NEW.closed_on) - julianday(NEW.opened_on)) AS INTEGER), 0) ELSE 0 END),
           1 * coalesce(NEW.state IN ('resolved', 'written_off') AND julianday(NEW.closed_on) - julianday(NEW.opened_on) <= 30, 0),
           1 * (CASE WHEN NEW.state = 'resolved' THEN NEW.recovered_cents ELSE 0 END),
           1 * (CASE WHEN NEW.state = 'written_off' THEN NEW.amount_cents ELSE 0 END)
    WHERE NEW.kind = 'denial'
    ON CONFLICT (opened_on) DO UPDATE SET items = items + excluded.items, decided = decided + excluded.decided,
        decision_days = decision_days + excluded.decision_days, resolved = resolved + excluded.resolved,
        resolution_days = resolution_days + excluded.resolution_days, within_30 = within_30 + excluded.within_30,
        recovered_cents = recovered_cents + excluded.recovered_cents,
        written_off_cents = written_off_cents + excluded.written_off_cents;
    INSERT INTO open_day (age_from, items, amount_cents)
    SELECT coalesce(OLD.service_date, OLD.opened_on), -1, -1 * OLD.amount_cents
    WHERE OLD.queue IN ('rejections', 'denials', 'appeals', 'waiting')
    ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items, amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO open_day (age_from, items, amount_cents)
    SELECT coalesce(NEW.service_date, NEW.opened_on), 1, 1 * NEW.amount_cents
    WHERE NEW.queue IN ('rejections', 'denials', 'appeals', 'waiting')
    ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items, amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO writeoff_day (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(OLD.close_reason, ''), coalesce(OLD.closed_on, ''), OLD.kind, -1, -1 * OLD.amount_cents
    WHERE OLD.queue = 'write-offs'
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = items + excluded.items,
        amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO writeoff_day (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(NEW.close_reason, ''), coalesce(NEW.closed_on, ''), NEW.kind, 1, 1 * NEW.amount_cents
    WHERE NEW.queue = 'write-offs'
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = items + excluded.items,
        amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT a.outcome_on, OLD.payer_name, OLD.category, -1 * count(*), -1 * sum(a.state IN ('overturned', 'partial'))
    FROM appeal a WHERE a.work_item_id = OLD.id AND a.outcome_on IS NOT NULL AND a.state IN ('overturned', 'partial', 'upheld', 'escalated')
      AND (OLD.payer_name IS NOT NEW.payer_name OR OLD.category IS NOT NEW.category)
    GROUP BY a.outcome_on
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT a.outcome_on, NEW.payer_name, NEW.category, 1 * count(*), 1 * sum(a.state IN ('overturned', 'partial'))
    FROM appeal a WHERE a.work_item_id = NEW.id AND a.outcome_on IS NOT NULL AND a.state IN ('overturned', 'partial', 'upheld', 'escalated')
      AND (OLD.payer_name IS NOT NEW.payer_name OR OLD.category IS NOT NEW.category)
    GROUP BY a.outcome_on
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
    INSERT INTO category_day (opened_on, category, items, denied_cents)
    VALUES (OLD.opened_on, OLD.category, -1, -1 * OLD.denied_cents)
    ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents;
    INSERT INTO category_day (opened_on, category, items, denied_cents)
    VALUES (NEW.opened_on, NEW.category, 1, 1 * NEW.denied_cents)
    ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents;
END;
CREATE TRIGGER work_totals_delete AFTER DELETE ON work_item BEGIN
    UPDATE queue_total SET items = items - 1, amount_cents = amount_cents - OLD.amount_cents WHERE queue = OLD.queue;
    INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                          recovered_cents, written_off_cents)
    SELECT OLD.opened_on, -1, -1 * (OLD.decided_on IS NOT NULL),
           -1 * coalesce(CAST(round(julianday(OLD.decided_on) - julianday(OLD.opened_on)) AS INTEGER), 0),
           -1 * (OLD.state IN ('resolved', 'written_off') AND OLD.closed_on IS NOT NULL),
           -1 * (CASE WHEN OLD.state IN ('resolved', 'written_off')
                  THEN coalesce(CAST(round(julianday(OLD.closed_on) - julianday(OLD.opened_on)) AS INTEGER), 0) ELSE 0 END),
           -1 * coalesce(OLD.state IN ('resolved', 'written_off') AND julianday(OLD.closed_on) - julianday(OLD.opened_on) <= 30, 0),
           -1 * (CASE WHEN OLD.state = 'resolved' THEN OLD.recovered_cents ELSE 0 END),
           -1 * (CASE WHEN OLD.state = 'written_off' THEN OLD.amount_cents ELSE 0 END)
    WHERE OLD.kind = 'denial'
    ON CONFLICT (opened_on) DO UPDATE SET items = items + excluded.items, decided = decided + excluded.decided,
        decision_days = decision_days + excluded.decision_days, resolved = resolved + excluded.resolved,
        resolution_days = resolution_days + excluded.resolution_days, within_30 = within_30 + excluded.within_30,
        recovered_cents = recovered_cents + excluded.recovered_cents,
        written_off_cents = written_off_cents + excluded.written_off_cents;
    INSERT INTO open_day (age_from, items, amount_cents)
    SELECT coalesce(OLD.service_date, OLD.opened_on), -1, -1 * OLD.amount_cents
    WHERE OLD.queue IN ('rejections', 'denials', 'appeals', 'waiting')
    ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items, amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO writeoff_day (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(OLD.close_reason, ''), coalesce(OLD.closed_on, ''), OLD.kind, -1, -1 * OLD.amount_cents
    WHERE OLD.queue = 'write-offs'
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = items + excluded.items,
        amount_cents = amount_cents + excluded.amount_cents;
    INSERT INTO category_day (opened_on, category, items, denied_cents)
    VALUES (OLD.opened_on, OLD.category, -1, -1 * OLD.denied_cents)
    ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents;
END;

-- Appeal decisions by the day decided and the item's payer and root cause (the overturn rate
-- and its breakdowns), kept by the appeal's triggers and moved by the work item's when its
-- payer or root cause changes; decisions per biller by day, kept as decision events are
-- appended (events are never changed or removed).
CREATE TABLE appeal_day (
    outcome_on          TEXT NOT NULL,
    payer_name          TEXT NOT NULL,
    category            TEXT NOT NULL,
    decided             INTEGER NOT NULL,
    won                 INTEGER NOT NULL,
    PRIMARY KEY (outcome_on, payer_name, category)
) WITHOUT ROWID, STRICT;
CREATE TRIGGER appeal_day_insert AFTER INSERT ON appeal BEGIN
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT NEW.outcome_on, w.payer_name, w.category, 1, 1 * (NEW.state IN ('overturned', 'partial'))
    FROM work_item w WHERE w.id = NEW.work_item_id AND NEW.outcome_on IS NOT NULL AND NEW.state IN ('overturned', 'partial', 'upheld', 'escalated')
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
END;
CREATE TRIGGER appeal_day_update AFTER UPDATE OF state, outcome_on, work_item_id ON appeal BEGIN
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT OLD.outcome_on, w.payer_name, w.category, -1, -1 * (OLD.state IN ('overturned', 'partial'))
    FROM work_item w WHERE w.id = OLD.work_item_id AND OLD.outcome_on IS NOT NULL AND OLD.state IN ('overturned', 'partial', 'upheld', 'escalated')
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT NEW.outcome_on, w.payer_name, w.category, 1, 1 * (NEW.state IN ('overturned', 'partial'))
    FROM work_item w WHERE w.id = NEW.work_item_id AND NEW.outcome_on IS NOT NULL AND NEW.state IN ('overturned', 'partial', 'upheld', 'escalated')
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
END;
CREATE TRIGGER appeal_day_delete AFTER DELETE ON appeal BEGIN
    INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
    SELECT OLD.outcome_on, w.payer_name, w.category, -1, -1 * (OLD.state IN ('overturned', 'partial'))
    FROM work_item w WHERE w.id = OLD.work_item_id AND OLD.outcome_on IS NOT NULL AND OLD.state IN ('overturned', 'partial', 'upheld', 'escalated')
    ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = decided + excluded.decided,
        won = won + excluded.won;
END;

CREATE TABLE biller_day (
    day                 TEXT NOT NULL,
    actor               TEXT NOT NULL,
    decisions           INTEGER NOT NULL,
    PRIMARY KEY (day, actor)
) WITHOUT ROWID, STRICT;
CREATE TRIGGER biller_day_insert AFTER INSERT ON event
    WHEN NEW.work_item_id IS NOT NULL AND NEW.action IN ('fix', 'appeal', 'close', 'submit', 'outcome')
BEGIN
    INSERT INTO biller_day (day, actor, decisions) VALUES (substr(NEW.at, 1, 10), NEW.actor, 1)
    ON CONFLICT (day, actor) DO UPDATE SET decisions = decisions + 1;
END;
