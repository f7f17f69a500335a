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
