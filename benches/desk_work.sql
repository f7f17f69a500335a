-- The desk benchmark's ledger: every tenth item appealed, every tenth written off.
INSERT INTO appeal (work_item_id, level, track, opened_on, deadline, state, packet, submitted_on, method, followup_due)
SELECT id, 1, CASE WHEN plan_type IN ('medicare', 'medicare_advantage') THEN 'medicare' ELSE 'commercial' END,
       '2026-11-10', appeal_deadline,
       CASE id % 3 WHEN 0 THEN 'preparing' WHEN 1 THEN 'submitted' ELSE 'upheld' END,
       '[{"item":"denial_notice","label":"Denial notice","required":true,"done":true},'
           || '{"item":"claim_detail","label":"Claim detail","required":true,"done":false}]',
       CASE WHEN id % 3 = 1 THEN '2026-11-12' END,
       CASE WHEN id % 3 = 1 THEN 'portal' END,
       CASE WHEN id % 3 = 1 THEN date('2026-11-12', '+' || (id % 30) || ' days') END
FROM work_item WHERE id % 10 = 3;
UPDATE appeal SET outcome_on = '2026-11-20' WHERE state = 'upheld';
UPDATE work_item SET state = 'appealed', queue = 'appeals', worked = 1,
       appeal_id = (SELECT a.id FROM appeal a WHERE a.work_item_id = work_item.id),
       due_date = coalesce((SELECT a.followup_due FROM appeal a WHERE a.work_item_id = work_item.id), due_date)
WHERE id % 10 = 3;
UPDATE work_item SET state = 'written_off', queue = 'write-offs',
       close_reason = CASE id % 3 WHEN 0 THEN 'timely_filing' WHEN 1 THEN 'non_covered' ELSE 'appeal_exhausted' END,
       closed_on = date('2026-11-23', '-' || (id % 90) || ' days')
WHERE id % 10 = 7;
