-- Version 11: every change to a work item counts up its version, so a decision made on what a
-- biller saw is refused when someone else (another desk on this file, a team member on a
-- shared PostgreSQL ledger) changed the item since, instead of writing over their work.
ALTER TABLE work_item ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Any update that leaves the version as it was counts it up (the counting update itself sets
-- only the version, which no other trigger watches).
CREATE TRIGGER work_item_version AFTER UPDATE ON work_item WHEN NEW.version = OLD.version
BEGIN
    UPDATE work_item SET version = OLD.version + 1 WHERE id = NEW.id;
END;
