-- The rollups' triggers on PostgreSQL: the same sums as SQLite's triggers (schema_v1.sql ..
-- schema_v10.sql: work_totals_*, rca_week_*, rca_*_update, appeal_day_*, biller_day_insert,
-- work_item_claim_facts), written once per row change as "take the old row out, put the new
-- one in". SQLite's word checks on work_item are CHECK constraints here.

ALTER TABLE work_item ADD CHECK (state IN ('open', 'resubmitted', 'appealed', 'written_off', 'resolved', 'voided'));
ALTER TABLE work_item ADD CHECK (queue IN ('rejections', 'denials', 'unanswered', 'appeals', 'waiting', 'write-offs', 'done'));

-- The Monday of the week holding an ISO day (SQLite: date(d, '-6 days', 'weekday 1')).
CREATE FUNCTION overturn_week(day text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(date_trunc('week', day::date), 'YYYY-MM-DD')
$$;

-- Days between two ISO days; NULL when either is missing.
CREATE FUNCTION overturn_days(later text, earlier text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT (later::date - earlier::date)::bigint
$$;

-- queue_total, work_day, open_day, writeoff_day and category_day for one row, counted `sign` times.
CREATE FUNCTION overturn_work_totals(w work_item, sign bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    closed boolean := w.state IN ('resolved', 'written_off');
BEGIN
    UPDATE queue_total SET items = items + sign, amount_cents = amount_cents + sign * w.amount_cents
        WHERE queue = w.queue;
    IF w.kind = 'denial' THEN
        INSERT INTO work_day AS d (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                                   recovered_cents, written_off_cents)
        VALUES (w.opened_on, sign,
                sign * (w.decided_on IS NOT NULL)::int,
                sign * coalesce(overturn_days(w.decided_on, w.opened_on), 0),
                sign * (closed AND w.closed_on IS NOT NULL)::int,
                sign * (CASE WHEN closed THEN coalesce(overturn_days(w.closed_on, w.opened_on), 0) ELSE 0 END),
                sign * coalesce((closed AND overturn_days(w.closed_on, w.opened_on) <= 30)::int, 0),
                sign * (CASE WHEN w.state = 'resolved' THEN w.recovered_cents ELSE 0 END),
                sign * (CASE WHEN w.state = 'written_off' THEN w.amount_cents ELSE 0 END))
        ON CONFLICT (opened_on) DO UPDATE SET items = d.items + excluded.items, decided = d.decided + excluded.decided,
            decision_days = d.decision_days + excluded.decision_days, resolved = d.resolved + excluded.resolved,
            resolution_days = d.resolution_days + excluded.resolution_days, within_30 = d.within_30 + excluded.within_30,
            recovered_cents = d.recovered_cents + excluded.recovered_cents,
            written_off_cents = d.written_off_cents + excluded.written_off_cents;
    END IF;
    IF w.queue IN ('rejections', 'denials', 'appeals', 'waiting') THEN
        INSERT INTO open_day AS o (age_from, items, amount_cents)
        VALUES (coalesce(w.service_date, w.opened_on), sign, sign * w.amount_cents)
        ON CONFLICT (age_from) DO UPDATE SET items = o.items + excluded.items,
            amount_cents = o.amount_cents + excluded.amount_cents;
    END IF;
    IF w.queue = 'write-offs' THEN
        INSERT INTO writeoff_day AS x (close_reason, closed_on, kind, items, amount_cents)
        VALUES (coalesce(w.close_reason, ''), coalesce(w.closed_on, ''), w.kind, sign, sign * w.amount_cents)
        ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = x.items + excluded.items,
            amount_cents = x.amount_cents + excluded.amount_cents;
    END IF;
    IF w.kind <> 'no_response' THEN
        INSERT INTO category_day AS c (opened_on, category, items, denied_cents)
        VALUES (w.opened_on, w.category, sign, sign * w.denied_cents)
        ON CONFLICT (opened_on, category) DO UPDATE SET items = c.items + excluded.items,
            denied_cents = c.denied_cents + excluded.denied_cents;
    END IF;
END $$;

-- slice_week for one row, counted `sign` times (no-response items are not denials).
CREATE FUNCTION overturn_slice_week(w work_item, sign bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO slice_week AS s (week, slice, value, category, items, denied_cents, era_denials)
    SELECT overturn_week(w.opened_on), v.slice, v.value, w.category, sign, sign * w.denied_cents,
           sign * (w.kind = 'denial' AND w.intake NOT IN ('277', 'csv'))::int
    FROM (VALUES
        ('payer', coalesce(w.payer_name, '')),
        ('procedure', coalesce(w.procedure_code, '')),
        ('provider', coalesce(w.provider, '')),
        ('location', coalesce(w.place, '')),
        ('carc', coalesce(w.group_code || '-' || w.carc, w.carc, w.reason_code, '')),
        ('source', w.intake),
        ('work_type', w.work_type)) AS v (slice, value)
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = s.items + excluded.items,
        denied_cents = s.denied_cents + excluded.denied_cents, era_denials = s.era_denials + excluded.era_denials;
END $$;

CREATE FUNCTION overturn_queue_week(w work_item, sign bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO queue_week AS q (week, category, kind, queue, items)
    VALUES (overturn_week(w.opened_on), w.category, w.kind, w.queue, sign)
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = q.items + excluded.items;
END $$;

-- appeal_day for one appeal of an item (its payer and root cause), counted `sign` times, once
-- it has an outcome.
CREATE FUNCTION overturn_appeal_day(a appeal, payer text, cause text, sign bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF a.outcome_on IS NOT NULL AND a.state IN ('overturned', 'partial', 'upheld', 'escalated') THEN
        INSERT INTO appeal_day AS d (outcome_on, payer_name, category, decided, won)
        VALUES (a.outcome_on, payer, cause, sign, sign * (a.state IN ('overturned', 'partial'))::int)
        ON CONFLICT (outcome_on, payer_name, category) DO UPDATE SET decided = d.decided + excluded.decided,
            won = d.won + excluded.won;
    END IF;
END $$;

CREATE FUNCTION overturn_work_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    a appeal;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM overturn_work_totals(NEW, 1);
        IF NEW.kind <> 'no_response' THEN
            PERFORM overturn_slice_week(NEW, 1);
            PERFORM overturn_queue_week(NEW, 1);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM overturn_work_totals(OLD, -1);
        IF OLD.kind <> 'no_response' THEN
            PERFORM overturn_slice_week(OLD, -1);
            PERFORM overturn_queue_week(OLD, -1);
        END IF;
        RETURN NULL;
    END IF;
    -- An update: each rollup moves the row when a column it sums by or of changed.
    IF (OLD.kind, OLD.state, OLD.queue, OLD.opened_on, OLD.decided_on, OLD.closed_on, OLD.recovered_cents,
        OLD.amount_cents, OLD.service_date, OLD.close_reason, OLD.payer_name, OLD.category, OLD.denied_cents)
       IS DISTINCT FROM
       (NEW.kind, NEW.state, NEW.queue, NEW.opened_on, NEW.decided_on, NEW.closed_on, NEW.recovered_cents,
        NEW.amount_cents, NEW.service_date, NEW.close_reason, NEW.payer_name, NEW.category, NEW.denied_cents) THEN
        PERFORM overturn_work_totals(OLD, -1);
        PERFORM overturn_work_totals(NEW, 1);
    END IF;
    IF (OLD.payer_name, OLD.category) IS DISTINCT FROM (NEW.payer_name, NEW.category) THEN
        FOR a IN SELECT * FROM appeal WHERE work_item_id = NEW.id LOOP
            PERFORM overturn_appeal_day(a, OLD.payer_name, OLD.category, -1);
            PERFORM overturn_appeal_day(a, NEW.payer_name, NEW.category, 1);
        END LOOP;
    END IF;
    IF OLD.kind <> 'no_response' AND NEW.kind <> 'no_response' THEN
        IF (OLD.opened_on, OLD.category, OLD.kind, OLD.queue)
           IS DISTINCT FROM (NEW.opened_on, NEW.category, NEW.kind, NEW.queue) THEN
            PERFORM overturn_queue_week(OLD, -1);
            PERFORM overturn_queue_week(NEW, 1);
        END IF;
        IF (OLD.opened_on, OLD.category, OLD.denied_cents, OLD.kind, OLD.intake, OLD.payer_name, OLD.procedure_code,
            OLD.provider, OLD.place, OLD.group_code, OLD.carc, OLD.reason_code, OLD.work_type)
           IS DISTINCT FROM
           (NEW.opened_on, NEW.category, NEW.denied_cents, NEW.kind, NEW.intake, NEW.payer_name, NEW.procedure_code,
            NEW.provider, NEW.place, NEW.group_code, NEW.carc, NEW.reason_code, NEW.work_type) THEN
            PERFORM overturn_slice_week(OLD, -1);
            PERFORM overturn_slice_week(NEW, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER work_item_rollups AFTER INSERT OR UPDATE OR DELETE ON work_item
    FOR EACH ROW EXECUTE FUNCTION overturn_work_item_changed();

-- A work item moved to another claim takes that claim's intake, provider and place.
CREATE FUNCTION overturn_claim_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE work_item SET intake = c.source, provider = coalesce(nullif(c.rendering_name, ''), c.rendering_npi, ''),
        place = c.facility_code
    FROM claim c WHERE c.id = NEW.claim_id AND work_item.id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER work_item_claim_facts AFTER UPDATE OF claim_id ON work_item
    FOR EACH ROW EXECUTE FUNCTION overturn_claim_facts();

CREATE FUNCTION overturn_appeal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    w work_item;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT * INTO w FROM work_item WHERE id = OLD.work_item_id;
        IF FOUND THEN
            PERFORM overturn_appeal_day(OLD, w.payer_name, w.category, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT * INTO w FROM work_item WHERE id = NEW.work_item_id;
        IF FOUND THEN
            PERFORM overturn_appeal_day(NEW, w.payer_name, w.category, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER appeal_day_insert_delete AFTER INSERT OR DELETE ON appeal
    FOR EACH ROW EXECUTE FUNCTION overturn_appeal_changed();
CREATE TRIGGER appeal_day_update AFTER UPDATE OF state, outcome_on, work_item_id ON appeal
    FOR EACH ROW EXECUTE FUNCTION overturn_appeal_changed();

-- Each biller's decisions per day, from the event log.
CREATE FUNCTION overturn_biller_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.work_item_id IS NOT NULL AND NEW.action IN ('fix', 'appeal', 'close', 'submit', 'outcome') THEN
        INSERT INTO biller_day AS b (day, actor, decisions) VALUES (substr(NEW.at, 1, 10), NEW.actor, 1)
        ON CONFLICT (day, actor) DO UPDATE SET decisions = b.decisions + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER biller_day_insert AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION overturn_biller_day();
