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
