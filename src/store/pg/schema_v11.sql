-- Version 11 on PostgreSQL (SQLite: schema_v11.sql): every change to a work item counts up its
-- version, so a decision made on what a biller saw is refused once someone else changed it.
ALTER TABLE work_item ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION overturn_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;

-- The same columns as SQLite's trigger: what a biller decides on, not the priority rescoring.
CREATE TRIGGER work_item_version BEFORE UPDATE OF kind, state, queue, claim_id, owner, decided_path, decided_on,
    close_reason, close_note, closed_on, due_date, amount_cents, recovered_cents, appeal_id, worked ON work_item
    FOR EACH ROW EXECUTE FUNCTION overturn_version();
