-- Overturn ledger, schema version 2: appeals carried to their outcome, write-off policy,
-- remits that answer earlier work, and outcomes that teach recoverability.

-- One row per appeal level. `state` is the stage (preparing, submitted, info_requested,
-- overturned, partial, upheld, escalated, withdrawn); the packet is a JSON checklist.
ALTER TABLE appeal ADD COLUMN track TEXT NOT NULL DEFAULT 'commercial';
ALTER TABLE appeal ADD COLUMN submitted_on TEXT;
ALTER TABLE appeal ADD COLUMN method TEXT;
ALTER TABLE appeal ADD COLUMN confirmation TEXT;
ALTER TABLE appeal ADD COLUMN followup_due TEXT;
ALTER TABLE appeal ADD COLUMN info_due TEXT;
ALTER TABLE appeal ADD COLUMN outcome_on TEXT;
ALTER TABLE appeal ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appeal ADD COLUMN packet TEXT NOT NULL DEFAULT '[]';
ALTER TABLE appeal ADD COLUMN packet_override TEXT;
ALTER TABLE appeal ADD COLUMN letter TEXT;
ALTER TABLE appeal ADD COLUMN letter_saved_on TEXT;
UPDATE appeal SET state = 'preparing' WHERE state = 'open';
UPDATE appeal SET track = 'medicare' WHERE work_item_id IN
    (SELECT id FROM work_item WHERE plan_type IN ('medicare', 'medicare_advantage'));
CREATE INDEX appeal_followup ON appeal(followup_due) WHERE state = 'submitted';

-- The current appeal of an item, what was recovered, and how often it came back denied.
ALTER TABLE work_item ADD COLUMN appeal_id INTEGER REFERENCES appeal(id);
ALTER TABLE work_item ADD COLUMN recovered_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_item ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_item ADD COLUMN close_note TEXT;
-- Set once a fix or an appeal was tried: such a denial's final state is an outcome to learn from.
ALTER TABLE work_item ADD COLUMN worked INTEGER NOT NULL DEFAULT 0;
UPDATE work_item SET worked = 1 WHERE decided_path IN ('fix', 'appeal') OR state IN ('resubmitted', 'appealed');
UPDATE work_item SET appeal_id =
    (SELECT max(a.id) FROM appeal a WHERE a.work_item_id = work_item.id AND a.state <> 'withdrawn')
    WHERE state = 'appealed';

-- The deadline order: soonest first, then the biggest dollars, in one index.
ALTER TABLE work_item ADD COLUMN due_rank TEXT GENERATED ALWAYS AS
    (coalesce(due_date, '9999-12-31') || printf('%013d', 9999999999999 - max(amount_cents, 0))) VIRTUAL;
DROP INDEX work_by_due;
CREATE INDEX work_by_due ON work_item(queue, due_rank, id);
-- Write-off totals by reason and period.
CREATE INDEX work_closed ON work_item(queue, close_reason, closed_on, amount_cents);

-- A corrected claim's REF*F8: the payer claim number of the claim it replaces.
ALTER TABLE claim ADD COLUMN original_ref TEXT;
-- Claim indexes are whole, not partial: proving a bound value non-null against a partial index
-- makes SQLite re-plan the statement at every bind, once per claim of an import.
DROP INDEX claim_by_payer_claim_no;
CREATE INDEX claim_by_payer_claim_no ON claim(payer_claim_no);

-- Worked denials per payer and root cause, and how many recovered money: recoverability
-- learns from these (smoothed toward the category prior while they are few).
CREATE TABLE outcome_stat (
    payer_id        INTEGER NOT NULL,
    category        TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    recovered       INTEGER NOT NULL,
    recovered_cents INTEGER NOT NULL,
    PRIMARY KEY (payer_id, category)
) STRICT;
INSERT INTO outcome_stat (payer_id, category, attempts, recovered, recovered_cents)
    SELECT coalesce(payer_id, 0), category, count(*), sum(recovered_cents > 0), sum(recovered_cents)
    FROM work_item WHERE worked = 1 AND kind = 'denial' AND state IN ('resolved', 'written_off')
    GROUP BY coalesce(payer_id, 0), category;
