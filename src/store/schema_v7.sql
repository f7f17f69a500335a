-- Schema v7: the week's root-cause review reads one index. A work item keeps the facts of its
-- current claim that the review slices by (how it arrived, the rendering provider, the place
-- of service), kept in step by a trigger whenever the item moves to another claim (a
-- corrected or reprocessed claim answering it); the index on the day opened carries every
-- column the review reads, so a week is one range of one index instead of a row and a claim
-- per item.
ALTER TABLE work_item ADD COLUMN intake TEXT NOT NULL DEFAULT '';
ALTER TABLE work_item ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE work_item ADD COLUMN place TEXT;
UPDATE work_item SET intake = c.source, provider = coalesce(nullif(c.rendering_name, ''), c.rendering_npi, ''),
    place = c.facility_code
FROM claim c WHERE c.id = work_item.claim_id;
CREATE TRIGGER work_item_claim_facts AFTER UPDATE OF claim_id ON work_item BEGIN
    UPDATE work_item SET intake = c.source, provider = coalesce(nullif(c.rendering_name, ''), c.rendering_npi, ''),
        place = c.facility_code
    FROM claim c WHERE c.id = NEW.claim_id AND work_item.id = NEW.id;
END;
DROP INDEX work_by_opened_on;
CREATE INDEX work_by_opened_on ON work_item(opened_on, category, denied_cents, kind, queue, intake, payer_name,
    procedure_code, provider, place, group_code, carc, reason_code, work_type);

-- Counting a decision no longer builds a temporary index for the list of decision words on
-- every event appended (an IN list of more than two words does).
DROP TRIGGER biller_day_insert;
CREATE TRIGGER biller_day_insert AFTER INSERT ON event
    WHEN NEW.work_item_id IS NOT NULL AND (NEW.action = 'fix' OR NEW.action = 'appeal' OR NEW.action = 'close'
        OR NEW.action = 'submit' OR NEW.action = 'outcome')
BEGIN
    INSERT INTO biller_day (day, actor, decisions) VALUES (substr(NEW.at, 1, 10), NEW.actor, 1)
    ON CONFLICT (day, actor) DO UPDATE SET decisions = decisions + 1;
END;
