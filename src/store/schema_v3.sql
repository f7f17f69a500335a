-- Overturn ledger, schema version 3: the owner's weekly root-cause review and KPIs.

-- Upstream changes the owner made against a root cause, to see whether they worked.
CREATE TABLE prevention (
    id              INTEGER PRIMARY KEY,
    category        TEXT NOT NULL,
    what            TEXT NOT NULL,
    who             TEXT NOT NULL,
    effective_on    TEXT NOT NULL,
    recorded_on     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
) STRICT;

-- A week's items and dollars per root cause, and weekly trends, from the index alone.
CREATE INDEX work_by_week ON work_item(opened_on, category, amount_cents);
-- Claims adjudicated in a period (denial rates).
CREATE INDEX claim_by_remit_date ON claim(remit_date);
-- First-pass acknowledgements in a period (clean-claim rate).
CREATE INDEX claim_status_by_date ON claim_status(status_date);
-- Appeal decisions in a period (overturn rate).
CREATE INDEX appeal_by_outcome ON appeal(outcome_on);
-- Decisions per biller per day.
CREATE INDEX event_by_time ON event(at);
-- Open A/R by age of service (KPI aging buckets), from the index alone.
CREATE INDEX work_aging ON work_item(queue, service_date, amount_cents);
