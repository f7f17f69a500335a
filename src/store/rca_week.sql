-- Rebuilds the weekly review rollups from the work items (the schema v8 migration and the
-- rollup test run it): one pass over the items per slice. Claims the payer never answered
-- (no-response items, schema v10) are not denials: the review leaves them out.
DELETE FROM slice_week;
INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
SELECT week, slice, value, category, count(*), sum(denied_cents), sum(era)
FROM (
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'payer' AS slice, coalesce(payer_name, '') AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'procedure' AS slice, coalesce(procedure_code, '') AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'provider' AS slice, coalesce(provider, '') AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'location' AS slice, coalesce(place, '') AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'carc' AS slice, coalesce(group_code || '-' || carc, carc, reason_code, '') AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'source' AS slice, intake AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response'
    UNION ALL
    SELECT date(opened_on, '-6 days', 'weekday 1') AS week, 'work_type' AS slice, work_type AS value, category, denied_cents,
           (kind = 'denial' AND intake NOT IN ('277', 'csv')) AS era FROM work_item WHERE kind <> 'no_response')
GROUP BY 1, 2, 3, 4;
DELETE FROM queue_week;
INSERT INTO queue_week (week, category, kind, queue, items)
SELECT date(opened_on, '-6 days', 'weekday 1'), category, kind, queue, count(*) FROM work_item WHERE kind <> 'no_response' GROUP BY 1, 2, 3, 4;
