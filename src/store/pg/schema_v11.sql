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

-- Other desks learn that the ledger changed: one notification per committed statement that
-- changed work items or appeals (PostgreSQL folds repeats within a transaction into one),
-- the counterpart of SQLite's data_version that a desk on a file polls.
CREATE FUNCTION overturn_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('overturn_ledger', '');
    RETURN NULL;
END $$;

CREATE TRIGGER work_item_notify AFTER INSERT OR UPDATE OR DELETE ON work_item
    FOR EACH STATEMENT EXECUTE FUNCTION overturn_notify();
CREATE TRIGGER appeal_notify AFTER INSERT OR UPDATE OR DELETE ON appeal
    FOR EACH STATEMENT EXECUTE FUNCTION overturn_notify();
