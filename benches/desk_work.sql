-- The desk benchmark's ledger: every tenth item appealed, every tenth written off, with the
-- decisions (events) and dates the owner's KPIs read.
INSERT INTO appeal (work_item_id, level, track, opened_on, deadline, state, packet, submitted_on, method, followup_due)
SELECT id, 1, CASE WHEN plan_type IN ('medicare', 'medicare_advantage') THEN 'medicare' ELSE 'commercial' END,
       date(opened_on, '+' || (id % 10) || ' days'), appeal_deadline,
       CASE id % 3 WHEN 0 THEN 'preparing' WHEN 1 THEN 'submitted' ELSE 'upheld' END,
       '[{"item":"denial_notice","label":"Denial notice","required":true,"done":true},'
           || '{"item":"claim_detail","label":"Claim detail","required":true,"done":false}]',
       CASE WHEN id % 3 = 1 THEN min(date(opened_on, '+12 days'), '2026-11-23') END,
       CASE WHEN id % 3 = 1 THEN 'portal' END,
       CASE WHEN id % 3 = 1 THEN date(min(date(opened_on, '+12 days'), '2026-11-23'), '+' || (id % 30) || ' days') END
FROM work_item WHERE id % 10 = 3;
UPDATE appeal SET outcome_on = min(date(opened_on, '+40 days'), '2026-11-22') WHERE state = 'upheld';
UPDATE work_item SET state = 'appealed', queue = 'appeals', worked = 1, decided_path = 'appeal',
       decided_on = date(opened_on, '+' || (id % 10) || ' days'),
       appeal_id = (SELECT a.id FROM appeal a WHERE a.work_item_id = work_item.id),
       due_date = coalesce((SELECT a.followup_due FROM appeal a WHERE a.work_item_id = work_item.id), due_date)
WHERE id % 10 = 3;
UPDATE work_item SET state = 'written_off', queue = 'write-offs', decided_path = 'close',
       close_reason = CASE id % 3 WHEN 0 THEN 'timely_filing' WHEN 1 THEN 'non_covered' ELSE 'appeal_exhausted' END,
       decided_on = min(date(opened_on, '+' || (id % 40) || ' days'), '2026-11-23'),
       closed_on = min(date(opened_on, '+' || (id % 40) || ' days'), '2026-11-23')
WHERE id % 10 = 7;
-- One decision event per worked item, by three billers.
INSERT INTO event (work_item_id, at, actor, action)
SELECT id, decided_on || 'T10:00:00Z', 'biller' || (id % 3), decided_path FROM work_item WHERE decided_on IS NOT NULL;
