-- Overturn ledger, schema version 4: advice a biller can trust (issue 9).

-- Every window has an aim date (filing_deadline, appeal_deadline) and a last possible date
-- (NULL: no published outer limit). last_date is the last day any way out stays open (NULL:
-- unknown), which decides whether the door has closed. Items of earlier versions were computed
-- with one exact date per window, so their last dates are those dates until re-triaged.
ALTER TABLE work_item ADD COLUMN filing_last TEXT;
ALTER TABLE work_item ADD COLUMN appeal_last TEXT;
ALTER TABLE work_item ADD COLUMN last_date TEXT;
-- The service lines (line numbers, space-separated) an item covers; NULL: the whole claim.
ALTER TABLE work_item ADD COLUMN lines TEXT;
-- How a fix goes back to the payer: new, replacement or reopening.
ALTER TABLE work_item ADD COLUMN resubmit TEXT;
UPDATE work_item SET filing_last = filing_deadline, appeal_last = appeal_deadline,
    last_date = CASE
        WHEN filing_deadline IS NULL THEN appeal_deadline
        WHEN appeal_deadline IS NULL THEN filing_deadline
        ELSE max(filing_deadline, appeal_deadline) END;
CREATE INDEX work_open_last ON work_item(last_date) WHERE queue <> 'done';
-- The dollars denied when the item opened: the owner's past weeks read these, so fixes,
-- partial payments and repeat denials never rewrite them (amount_cents is what is still at risk).
ALTER TABLE work_item ADD COLUMN denied_cents INTEGER NOT NULL DEFAULT 0;
UPDATE work_item SET denied_cents = amount_cents + CASE WHEN state = 'resolved' THEN 0 ELSE recovered_cents END;
-- The week's clusters and trends read (opened_on, category, denied_cents); the KPIs' decision
-- and resolution times for the denials opened in a period read the rest, from the index alone.
DROP INDEX work_by_week;
CREATE INDEX work_by_week ON work_item(opened_on, category, denied_cents, kind, state, decided_on, closed_on,
    recovered_cents, amount_cents);
INSERT INTO ledger_meta (key, value) VALUES ('retriage_pending', '4')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- The first adjudication of each claim, fixed when its remit is imported: the initial denial
-- rate counts each claim once, as that remit adjudicated it, whatever happens later.
-- initial = 1 for a claim's first adjudication (not a reversal, a correction or a later remit of
-- the same claim); initial_denied_cents = the dollars that remit denied. contractual_cents =
-- the contractual (not denied) CO adjustments, for the net collection rate.
ALTER TABLE claim ADD COLUMN initial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claim ADD COLUMN initial_denied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claim ADD COLUMN initial_denied_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claim ADD COLUMN contractual_cents INTEGER NOT NULL DEFAULT 0;
UPDATE claim SET initial = 1 WHERE source = '835' AND status_code <> '22' AND reverses_claim_id IS NULL
    AND coalesce(frequency_code, '1') NOT IN ('7', '8')
    AND NOT EXISTS (SELECT 1 FROM claim e WHERE e.pcn = claim.pcn AND e.id < claim.id AND e.source = '835'
                    AND e.status_code <> '22' AND coalesce(e.payer_id, 0) = coalesce(claim.payer_id, 0));
-- Best effort for older ledgers: the denial items created with the claim's own file.
UPDATE claim SET initial_denied_cents = coalesce((SELECT sum(w.amount_cents + w.recovered_cents) FROM work_item w
        WHERE w.kind = 'denial' AND w.batch_id = claim.batch_id
          AND w.claim_id IN (SELECT c2.id FROM claim c2 WHERE c2.pcn = claim.pcn)), 0)
    WHERE initial = 1;
UPDATE claim SET initial_denied = 1 WHERE initial = 1 AND (initial_denied_cents > 0 OR EXISTS
    (SELECT 1 FROM work_item w WHERE w.kind = 'denial' AND w.batch_id = claim.batch_id AND w.claim_id = claim.id));
UPDATE claim SET contractual_cents = coalesce((SELECT sum(a.amount_cents) FROM adjustment a
        WHERE a.claim_id = claim.id AND a.group_code = 'CO' AND a.carc = '45'), 0)
    WHERE source = '835';
-- The owner's figures for a period read claims by remit date from this index alone: first
-- adjudications by payer (denial rates) and every 835 claim's money (net collection rate). It
-- replaces version 3's narrower index on remit_date.
DROP INDEX claim_by_remit_date;
CREATE INDEX claim_remitted ON claim(remit_date, source, initial, payer_id, charge_cents, paid_cents,
    contractual_cents, initial_denied, initial_denied_cents);
-- A claim's lines, adjustments and remarks a page at a time: a claim can carry thousands of
-- lines, and the detail and letters read a window of them (or the claim-level rows) by range.
DROP INDEX line_by_claim;
CREATE INDEX line_by_claim ON service_line(claim_id, line_no);
DROP INDEX adjustment_by_claim;
CREATE INDEX adjustment_by_claim ON adjustment(claim_id, line_id);
DROP INDEX remark_by_claim;
CREATE INDEX remark_by_claim ON remark(claim_id, line_id);
-- Denial dollars written off in a period, by the day they were closed.
CREATE INDEX work_written_off ON work_item(closed_on, kind, amount_cents) WHERE queue = 'write-offs';

-- 277CA A0 (forwarded) and A1 (received) are receipts, not acceptances.
UPDATE claim_status SET effect = 'receipt' WHERE category IN ('A0', 'A1') AND effect = 'accept';

-- The audit trail cannot be rewritten by INSERT OR REPLACE either.
CREATE TRIGGER event_no_replace BEFORE INSERT ON event
    WHEN EXISTS (SELECT 1 FROM event e WHERE e.id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
