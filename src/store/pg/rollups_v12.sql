-- Version 12 on PostgreSQL (SQLite: no change): new work items are counted into the rollups
-- once per statement, grouped, from the rows the statement added (a transition table), the
-- sums the row trigger of rollups_v10.sql adds for each new row. An import that loads a
-- thousand items with one COPY updates each rollup row once instead of a thousand times.
-- Updates and deletes (a biller's decisions: one item at a time) keep the row trigger.
DROP TRIGGER work_item_rollups ON work_item;
CREATE TRIGGER work_item_rollups AFTER UPDATE OR DELETE ON work_item
    FOR EACH ROW EXECUTE FUNCTION overturn_work_item_changed();

CREATE FUNCTION overturn_work_items_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE queue_total AS q SET items = q.items + n.items, amount_cents = q.amount_cents + n.amount_cents
    FROM (SELECT queue, count(*) AS items, sum(amount_cents)::bigint AS amount_cents FROM added GROUP BY queue) AS n
    WHERE q.queue = n.queue;

    INSERT INTO work_day AS d (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                               recovered_cents, written_off_cents)
    SELECT opened_on, count(*),
           sum((decided_on IS NOT NULL)::int),
           sum(coalesce(overturn_days(decided_on, opened_on), 0)),
           sum((state IN ('resolved', 'written_off') AND closed_on IS NOT NULL)::int),
           sum(CASE WHEN state IN ('resolved', 'written_off')
                    THEN coalesce(overturn_days(closed_on, opened_on), 0) ELSE 0 END),
           sum(coalesce((state IN ('resolved', 'written_off') AND overturn_days(closed_on, opened_on) <= 30)::int, 0)),
           sum(CASE WHEN state = 'resolved' THEN recovered_cents ELSE 0 END),
           sum(CASE WHEN state = 'written_off' THEN amount_cents ELSE 0 END)
    FROM added WHERE kind = 'denial' GROUP BY opened_on
    ON CONFLICT (opened_on) DO UPDATE SET items = d.items + excluded.items, decided = d.decided + excluded.decided,
        decision_days = d.decision_days + excluded.decision_days, resolved = d.resolved + excluded.resolved,
        resolution_days = d.resolution_days + excluded.resolution_days, within_30 = d.within_30 + excluded.within_30,
        recovered_cents = d.recovered_cents + excluded.recovered_cents,
        written_off_cents = d.written_off_cents + excluded.written_off_cents;

    INSERT INTO open_day AS o (age_from, items, amount_cents)
    SELECT coalesce(service_date, opened_on), count(*), sum(amount_cents)
    FROM added WHERE queue IN ('rejections', 'denials', 'appeals', 'waiting')
    GROUP BY coalesce(service_date, opened_on)
    ON CONFLICT (age_from) DO UPDATE SET items = o.items + excluded.items,
        amount_cents = o.amount_cents + excluded.amount_cents;

    INSERT INTO writeoff_day AS x (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(close_reason, ''), coalesce(closed_on, ''), kind, count(*), sum(amount_cents)
    FROM added WHERE queue = 'write-offs'
    GROUP BY coalesce(close_reason, ''), coalesce(closed_on, ''), kind
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = x.items + excluded.items,
        amount_cents = x.amount_cents + excluded.amount_cents;

    INSERT INTO category_day AS c (opened_on, category, items, denied_cents)
    SELECT opened_on, category, count(*), sum(denied_cents)
    FROM added WHERE kind <> 'no_response' GROUP BY opened_on, category
    ON CONFLICT (opened_on, category) DO UPDATE SET items = c.items + excluded.items,
        denied_cents = c.denied_cents + excluded.denied_cents;

    INSERT INTO slice_week AS s (week, slice, value, category, items, denied_cents, era_denials)
    SELECT overturn_week(w.opened_on), v.slice, v.value, w.category, count(*), sum(w.denied_cents),
           sum((w.kind = 'denial' AND w.intake NOT IN ('277', 'csv'))::int)
    FROM added AS w CROSS JOIN LATERAL (VALUES
        ('payer', coalesce(w.payer_name, '')),
        ('procedure', coalesce(w.procedure_code, '')),
        ('provider', coalesce(w.provider, '')),
        ('location', coalesce(w.place, '')),
        ('carc', coalesce(w.group_code || '-' || w.carc, w.carc, w.reason_code, '')),
        ('source', w.intake),
        ('work_type', w.work_type)) AS v (slice, value)
    WHERE w.kind <> 'no_response'
    GROUP BY overturn_week(w.opened_on), v.slice, v.value, w.category
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = s.items + excluded.items,
        denied_cents = s.denied_cents + excluded.denied_cents, era_denials = s.era_denials + excluded.era_denials;

    INSERT INTO queue_week AS q (week, category, kind, queue, items)
    SELECT overturn_week(opened_on), category, kind, queue, count(*)
    FROM added WHERE kind <> 'no_response' GROUP BY overturn_week(opened_on), category, kind, queue
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = q.items + excluded.items;
    RETURN NULL;
END $$;

CREATE TRIGGER work_item_rollups_added AFTER INSERT ON work_item REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION overturn_work_items_added();
