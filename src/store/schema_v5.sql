-- Overturn ledger, schema version 5: the desk as a biller works it (issue 11).

-- Fixed and resubmitted items wait for the payer's answer in their own queue, out of the
-- working queues' counts and dollars (the queue_total triggers move their totals with them).
INSERT INTO queue_total (queue, items, amount_cents) VALUES ('waiting', 0, 0);
UPDATE work_item SET queue = 'waiting' WHERE state = 'resubmitted' AND queue IN ('rejections', 'denials');

-- The desk's view between runs (tab, sort, filter), per ledger.
CREATE TABLE desk_state (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) STRICT;

-- The people work is assigned to, spelled once: "DANA" assigns to an existing "dana", and
-- owner: filters match either (the desk offers these names).
CREATE TABLE owner (
    name    TEXT PRIMARY KEY COLLATE NOCASE
) STRICT;
INSERT OR IGNORE INTO owner (name) SELECT DISTINCT owner FROM work_item WHERE owner IS NOT NULL ORDER BY owner;

-- The words a work item's kind, state and queue may hold (SQLite cannot add a CHECK to an
-- existing table; these triggers check the same on every insert and update).
CREATE TRIGGER work_item_words_insert BEFORE INSERT ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;
CREATE TRIGGER work_item_words_update BEFORE UPDATE OF kind, state, queue ON work_item
    WHEN NEW.kind NOT IN ('rejection', 'denial')
      OR NEW.state NOT IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided')
      OR NEW.queue NOT IN ('rejections', 'denials', 'appeals', 'waiting', 'write-offs', 'done')
BEGIN SELECT RAISE(ABORT, 'work_item: kind, state or queue is not a word this ledger knows'); END;
