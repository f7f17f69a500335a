-- Rebuilds the work rollups from the work items, appeals and events (the schema v6 migration and the rollup test
-- run it). The triggers in schema v6 keep them in step with every insert, update and delete.
DELETE FROM work_day;
INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                      recovered_cents, written_off_cents)
SELECT opened_on, count(*), count(decided_on),
       coalesce(sum(CAST(round(julianday(decided_on) - julianday(opened_on)) AS INTEGER)), 0),
       count(CASE WHEN state IN ('resolved', 'written_off') THEN closed_on END),
       coalesce(sum(CASE WHEN state IN ('resolved', 'written_off')
                    THEN CAST(round(julianday(closed_on) - julianday(opened_on)) AS INTEGER) END), 0),
       count(CASE WHEN state IN ('resolved', 'written_off') AND julianday(closed_on) - julianday(opened_on) <= 30
                  THEN 1 END),
       coalesce(sum(CASE WHEN state = 'resolved' THEN recovered_cents END), 0),
       coalesce(sum(CASE WHEN state = 'written_off' THEN amount_cents END), 0)
FROM work_item WHERE kind = 'denial' GROUP BY opened_on;
DELETE FROM open_day;
INSERT INTO open_day (age_from, items, amount_cents)
SELECT coalesce(service_date, opened_on), count(*), sum(amount_cents) FROM work_item
WHERE queue IN ('rejections', 'denials', 'appeals', 'waiting') GROUP BY 1;
DELETE FROM writeoff_day;
INSERT INTO writeoff_day (close_reason, closed_on, kind, items, amount_cents)
SELECT coalesce(close_reason, ''), coalesce(closed_on, ''), kind, count(*), sum(amount_cents) FROM work_item
WHERE queue = 'write-offs' GROUP BY 1, 2, 3;
DELETE FROM appeal_day;
INSERT INTO appeal_day (outcome_on, payer_name, category, decided, won)
SELECT a.outcome_on, w.payer_name, w.category, count(*), sum(a.state IN ('overturned', 'partial'))
FROM appeal a JOIN work_item w ON w.id = a.work_item_id
WHERE a.outcome_on IS NOT NULL AND a.state IN ('overturned', 'partial', 'upheld', 'escalated') GROUP BY 1, 2, 3;
DELETE FROM biller_day;
INSERT INTO biller_day (day, actor, decisions)
SELECT substr(at, 1, 10), actor, count(*) FROM event
WHERE work_item_id IS NOT NULL AND action IN ('fix', 'appeal', 'close', 'submit', 'outcome') GROUP BY 1, 2;
DELETE FROM category_day;
INSERT INTO category_day (opened_on, category, items, denied_cents)
SELECT opened_on, category, count(*), sum(denied_cents) FROM work_item WHERE kind <> 'no_response' GROUP BY 1, 2;
