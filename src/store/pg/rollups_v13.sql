-- Version 13 on PostgreSQL (SQLite: no change). A changed or deleted work item's rollups are
-- counted once per transaction, at its commit, instead of once per row as it changes.
-- PostgreSQL writes a new version of a row for every update and, within one transaction,
-- cannot prune the ones that transaction itself left behind: the row trigger of
-- rollups_v10.sql updated the same queue_total row once per item, so a transaction changing
-- many items walked a longer chain of that row's versions with every item (an import
-- resolving 19,770 no-response items spent 1.7 ms per item there; a bulk write-off of
-- thousands the same). Now the row trigger appends what it would have counted (the row out,
-- the row in, and which rollups move) to work_item_delta, and one deferred trigger folds the
-- transaction's rows into the rollups, grouped, when it commits. The sums are the row
-- trigger's: the same columns decide which rollups move. Readers in other transactions see
-- the rollups only committed, as before; the transaction itself sees them folded only at its
-- commit (or at SET CONSTRAINTS ALL IMMEDIATE).

-- One row per counted change, only inside the transaction that made it (unlogged: it never
-- outlives its transaction; each transaction sees and folds only its own rows).
CREATE UNLOGGED TABLE work_item_delta (
    sign                 BIGINT NOT NULL,
    totals               BOOLEAN NOT NULL,
    slices               BOOLEAN NOT NULL,
    weeks                BOOLEAN NOT NULL,
    kind                 TEXT COLLATE "C" NOT NULL,
    state                TEXT COLLATE "C" NOT NULL,
    queue                TEXT COLLATE "C" NOT NULL,
    opened_on            TEXT COLLATE "C" NOT NULL,
    decided_on           TEXT COLLATE "C",
    closed_on            TEXT COLLATE "C",
    recovered_cents      BIGINT NOT NULL,
    amount_cents         BIGINT NOT NULL,
    denied_cents         BIGINT NOT NULL,
    service_date         TEXT COLLATE "C",
    close_reason         TEXT COLLATE "C",
    payer_name           TEXT COLLATE "C" NOT NULL,
    category             TEXT COLLATE "C" NOT NULL,
    procedure_code       TEXT COLLATE "C",
    provider             TEXT COLLATE "C" NOT NULL,
    place                TEXT COLLATE "C",
    group_code           TEXT COLLATE "C",
    carc                 TEXT COLLATE "C",
    reason_code          TEXT COLLATE "C" NOT NULL,
    intake               TEXT COLLATE "C" NOT NULL,
    work_type            TEXT COLLATE "C" NOT NULL
);

-- One row per transaction with deltas to fold: its insert queues the fold for the commit.
CREATE UNLOGGED TABLE rollup_pending (since TIMESTAMPTZ NOT NULL DEFAULT now());

CREATE FUNCTION overturn_work_delta(w work_item, sign bigint, totals boolean, slices boolean, weeks boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_item_delta VALUES (sign, totals, slices, weeks, w.kind, w.state, w.queue, w.opened_on,
        w.decided_on, w.closed_on, w.recovered_cents, w.amount_cents, w.denied_cents, w.service_date,
        w.close_reason, w.payer_name, w.category, w.procedure_code, w.provider, w.place, w.group_code, w.carc,
        w.reason_code, w.intake, w.work_type);
    -- The first delta of the transaction queues the fold (the setting is the transaction's own
    -- and is undone with it, as the pending row is).
    IF current_setting('overturn.rollups_pending', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('overturn.rollups_pending', 'yes', true);
        INSERT INTO rollup_pending DEFAULT VALUES;
    END IF;
END $$;

-- The row trigger of rollups_v10.sql, deciding as it did which rollups move, recording instead
-- of applying. (Appeals' outcomes still move at once: rare, one per item.)
CREATE OR REPLACE FUNCTION overturn_work_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    a appeal;
    totals boolean;
    slices boolean;
    weeks boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM overturn_work_delta(NEW, 1, true, NEW.kind <> 'no_response', NEW.kind <> 'no_response');
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM overturn_work_delta(OLD, -1, true, OLD.kind <> 'no_response', OLD.kind <> 'no_response');
        RETURN NULL;
    END IF;
    totals := (OLD.kind, OLD.state, OLD.queue, OLD.opened_on, OLD.decided_on, OLD.closed_on, OLD.recovered_cents,
               OLD.amount_cents, OLD.service_date, OLD.close_reason, OLD.payer_name, OLD.category, OLD.denied_cents)
              IS DISTINCT FROM
              (NEW.kind, NEW.state, NEW.queue, NEW.opened_on, NEW.decided_on, NEW.closed_on, NEW.recovered_cents,
               NEW.amount_cents, NEW.service_date, NEW.close_reason, NEW.payer_name, NEW.category, NEW.denied_cents);
    IF (OLD.payer_name, OLD.category) IS DISTINCT FROM (NEW.payer_name, NEW.category) THEN
        FOR a IN SELECT * FROM appeal WHERE work_item_id = NEW.id LOOP
            PERFORM overturn_appeal_day(a, OLD.payer_name, OLD.category, -1);
            PERFORM overturn_appeal_day(a, NEW.payer_name, NEW.category, 1);
        END LOOP;
    END IF;
    weeks := OLD.kind <> 'no_response' AND NEW.kind <> 'no_response'
             AND (OLD.opened_on, OLD.category, OLD.kind, OLD.queue)
                 IS DISTINCT FROM (NEW.opened_on, NEW.category, NEW.kind, NEW.queue);
    slices := OLD.kind <> 'no_response' AND NEW.kind <> 'no_response'
              AND (OLD.opened_on, OLD.category, OLD.denied_cents, OLD.kind, OLD.intake, OLD.payer_name,
                   OLD.procedure_code, OLD.provider, OLD.place, OLD.group_code, OLD.carc, OLD.reason_code,
                   OLD.work_type)
                  IS DISTINCT FROM
                  (NEW.opened_on, NEW.category, NEW.denied_cents, NEW.kind, NEW.intake, NEW.payer_name,
                   NEW.procedure_code, NEW.provider, NEW.place, NEW.group_code, NEW.carc, NEW.reason_code,
                   NEW.work_type);
    IF totals OR slices OR weeks THEN
        PERFORM overturn_work_delta(OLD, -1, totals, slices, weeks);
        PERFORM overturn_work_delta(NEW, 1, totals, slices, weeks);
    END IF;
    RETURN NULL;
END $$;

-- The transaction's deltas into the rollups: the sums of overturn_work_totals,
-- overturn_slice_week and overturn_queue_week, each row counted `sign` times, grouped. Rows
-- are written in key order, so two billers' commits lock shared rollup rows in one order.
CREATE FUNCTION overturn_rollups_fold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t record;
BEGIN
    PERFORM set_config('overturn.rollups_pending', '', true);
    DELETE FROM rollup_pending;

    FOR t IN SELECT queue, sum(sign) AS items, sum(sign * amount_cents) AS amount_cents
             FROM work_item_delta WHERE totals GROUP BY queue ORDER BY queue LOOP
        UPDATE queue_total SET items = items + t.items, amount_cents = amount_cents + t.amount_cents
            WHERE queue = t.queue;
    END LOOP;

    INSERT INTO work_day AS d (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
                               recovered_cents, written_off_cents)
    SELECT opened_on, sum(sign),
           sum(sign * (decided_on IS NOT NULL)::int),
           sum(sign * coalesce(overturn_days(decided_on, opened_on), 0)),
           sum(sign * (state IN ('resolved', 'written_off') AND closed_on IS NOT NULL)::int),
           sum(sign * CASE WHEN state IN ('resolved', 'written_off')
                           THEN coalesce(overturn_days(closed_on, opened_on), 0) ELSE 0 END),
           sum(sign * coalesce((state IN ('resolved', 'written_off')
                                AND overturn_days(closed_on, opened_on) <= 30)::int, 0)),
           sum(sign * CASE WHEN state = 'resolved' THEN recovered_cents ELSE 0 END),
           sum(sign * CASE WHEN state = 'written_off' THEN amount_cents ELSE 0 END)
    FROM work_item_delta WHERE totals AND kind = 'denial' GROUP BY opened_on ORDER BY opened_on
    ON CONFLICT (opened_on) DO UPDATE SET items = d.items + excluded.items, decided = d.decided + excluded.decided,
        decision_days = d.decision_days + excluded.decision_days, resolved = d.resolved + excluded.resolved,
        resolution_days = d.resolution_days + excluded.resolution_days, within_30 = d.within_30 + excluded.within_30,
        recovered_cents = d.recovered_cents + excluded.recovered_cents,
        written_off_cents = d.written_off_cents + excluded.written_off_cents;

    INSERT INTO open_day AS o (age_from, items, amount_cents)
    SELECT coalesce(service_date, opened_on), sum(sign), sum(sign * amount_cents)
    FROM work_item_delta WHERE totals AND queue IN ('rejections', 'denials', 'appeals', 'waiting')
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (age_from) DO UPDATE SET items = o.items + excluded.items,
        amount_cents = o.amount_cents + excluded.amount_cents;

    INSERT INTO writeoff_day AS x (close_reason, closed_on, kind, items, amount_cents)
    SELECT coalesce(close_reason, ''), coalesce(closed_on, ''), kind, sum(sign), sum(sign * amount_cents)
    FROM work_item_delta WHERE totals AND queue = 'write-offs'
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (close_reason, closed_on, kind) DO UPDATE SET items = x.items + excluded.items,
        amount_cents = x.amount_cents + excluded.amount_cents;

    INSERT INTO category_day AS c (opened_on, category, items, denied_cents)
    SELECT opened_on, category, sum(sign), sum(sign * denied_cents)
    FROM work_item_delta WHERE totals AND kind <> 'no_response' GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (opened_on, category) DO UPDATE SET items = c.items + excluded.items,
        denied_cents = c.denied_cents + excluded.denied_cents;

    INSERT INTO slice_week AS s (week, slice, value, category, items, denied_cents, era_denials)
    SELECT overturn_week(w.opened_on), v.slice, v.value, w.category, sum(w.sign), sum(w.sign * w.denied_cents),
           sum(w.sign * (w.kind = 'denial' AND w.intake NOT IN ('277', 'csv'))::int)
    FROM work_item_delta AS w CROSS JOIN LATERAL (VALUES
        ('payer', coalesce(w.payer_name, '')),
        ('procedure', coalesce(w.procedure_code, '')),
        ('provider', coalesce(w.provider, '')),
        ('location', coalesce(w.place, '')),
        ('carc', coalesce(w.group_code || '-' || w.carc, w.carc, w.reason_code, '')),
        ('source', w.intake),
        ('work_type', w.work_type)) AS v (slice, value)
    WHERE w.slices
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = s.items + excluded.items,
        denied_cents = s.denied_cents + excluded.denied_cents, era_denials = s.era_denials + excluded.era_denials;

    INSERT INTO queue_week AS q (week, category, kind, queue, items)
    SELECT overturn_week(opened_on), category, kind, queue, sum(sign)
    FROM work_item_delta WHERE weeks GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = q.items + excluded.items;

    DELETE FROM work_item_delta;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER rollups_fold AFTER INSERT ON rollup_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION overturn_rollups_fold();

-- A biller's import asks the server to count the tables it grows (see store::claim_batch):
-- ANALYZE is the table owner's on PostgreSQL 15, so the ledger's owner lends it through this
-- function (only ANALYZE of the ledger's own tables, nothing a caller passes in; the search
-- path is fixed so no caller's temporary table stands in for the ledger's).
CREATE FUNCTION overturn_count_import_tables() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    ANALYZE public.claim (pcn, payer_claim_no, source, status_code, payer_id, reversed_by_claim_id);
    ANALYZE public.claim_body (claim_id);
    ANALYZE public.work_item (claim_id, kind, state, queue);
END $$;
REVOKE ALL ON FUNCTION overturn_count_import_tables() FROM PUBLIC;

-- Roles already granted as billers (they change work items) get the same on the new tables.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT DISTINCT grantee::text AS role FROM information_schema.role_table_grants
             WHERE table_schema = 'public' AND table_name = 'work_item' AND privilege_type = 'UPDATE'
               AND grantee::text <> current_user LOOP
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON work_item_delta, rollup_pending TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION overturn_count_import_tables() TO %I', r.role);
    END LOOP;
END $$;
