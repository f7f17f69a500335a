-- Version 11: every change to a work item counts up its version, so a decision made on what a
-- biller saw is refused when someone else (another desk on this file, a team member on a
-- shared PostgreSQL ledger) changed the item since, instead of writing over their work.
ALTER TABLE work_item ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- An update of what a biller decides on (the item's state, queue, owner, path, dates, dollars,
-- appeal, claim) counts it up. Rescoring priorities does not: a desk's rows stay decidable
-- after the midnight rescoring. The counting update sets only the version, which no other
-- trigger watches.
CREATE TRIGGER work_item_version AFTER UPDATE OF kind, state, queue, claim_id, owner, decided_path, decided_on,
    close_reason, close_note, closed_on, due_date, amount_cents, recovered_cents, appeal_id, worked ON work_item
    WHEN NEW.version = OLD.version
BEGIN
    UPDATE work_item SET version = OLD.version + 1 WHERE id = NEW.id;
END;
