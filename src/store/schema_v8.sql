-- Schema v8: the week's root-cause review reads weekly rollups instead of the week's items.
-- slice_week: per week (its Monday), slice, value as the item holds it ('' for none) and root
-- cause, the items, their denied dollars and how many are denials that came on an 835 (the
-- outliers' numerator). queue_week: items per week, root cause, kind and queue (where a
-- cluster is worked). Triggers keep both in step with every insert, update and delete of a
-- work item, in the same transaction; an import sets the insert trigger aside and adds its new
-- items' tallies before it commits (store/work_tally.rs). rca_week.sql rebuilds both. Rows can
-- reach zero and stay; the review leaves them out.
CREATE TABLE slice_week (
    week                TEXT NOT NULL,
    slice               TEXT NOT NULL,
    value               TEXT NOT NULL,
    category            TEXT NOT NULL,
    items               INTEGER NOT NULL,
    denied_cents        INTEGER NOT NULL,
    era_denials         INTEGER NOT NULL,
    PRIMARY KEY (week, slice, value, category)
) WITHOUT ROWID, STRICT;
CREATE TABLE queue_week (
    week                TEXT NOT NULL,
    category            TEXT NOT NULL,
    kind                TEXT NOT NULL,
    queue               TEXT NOT NULL,
    items               INTEGER NOT NULL,
    PRIMARY KEY (week, category, kind, queue)
) WITHOUT ROWID, STRICT;
CREATE TRIGGER rca_week_insert AFTER INSERT ON work_item BEGIN
    INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
    SELECT date(NEW.opened_on, '-6 days', 'weekday 1'), s.column1, s.column2, NEW.category, 1, 1 * NEW.denied_cents,
           1 * (NEW.kind = 'denial' AND NEW.intake NOT IN ('277', 'csv'))
    FROM (VALUES
        ('payer', coalesce(NEW.payer_name, '')),
        ('procedure', coalesce(NEW.procedure_code, '')),
        ('provider', coalesce(NEW.provider, '')),
        ('location', coalesce(NEW.place, '')),
        ('carc', coalesce(NEW.group_code || '-' || NEW.carc, NEW.carc, NEW.reason_code, '')),
        ('source', NEW.intake),
        ('work_type', NEW.work_type)) AS s WHERE true
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials;
    INSERT INTO queue_week (week, category, kind, queue, items)
    VALUES (date(NEW.opened_on, '-6 days', 'weekday 1'), NEW.category, NEW.kind, NEW.queue, 1)
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items;
END;
CREATE TRIGGER rca_week_delete AFTER DELETE ON work_item BEGIN
    INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
    SELECT date(OLD.opened_on, '-6 days', 'weekday 1'), s.column1, s.column2, OLD.category, -1, -1 * OLD.denied_cents,
           -1 * (OLD.kind = 'denial' AND OLD.intake NOT IN ('277', 'csv'))
    FROM (VALUES
        ('payer', coalesce(OLD.payer_name, '')),
        ('procedure', coalesce(OLD.procedure_code, '')),
        ('provider', coalesce(OLD.provider, '')),
        ('location', coalesce(OLD.place, '')),
        ('carc', coalesce(OLD.group_code || '-' || OLD.carc, OLD.carc, OLD.reason_code, '')),
        ('source', OLD.intake),
        ('work_type', OLD.work_type)) AS s WHERE true
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials;
    INSERT INTO queue_week (week, category, kind, queue, items)
    VALUES (date(OLD.opened_on, '-6 days', 'weekday 1'), OLD.category, OLD.kind, OLD.queue, -1)
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items;
END;
-- A decision moves an item between queues: only its queue row moves.
CREATE TRIGGER rca_queue_update AFTER UPDATE OF opened_on, category, kind, queue ON work_item
    WHEN OLD.opened_on IS NOT NEW.opened_on OR OLD.category IS NOT NEW.category OR OLD.kind IS NOT NEW.kind OR OLD.queue IS NOT NEW.queue
BEGIN
    INSERT INTO queue_week (week, category, kind, queue, items)
    VALUES (date(OLD.opened_on, '-6 days', 'weekday 1'), OLD.category, OLD.kind, OLD.queue, -1)
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items;
    INSERT INTO queue_week (week, category, kind, queue, items)
    VALUES (date(NEW.opened_on, '-6 days', 'weekday 1'), NEW.category, NEW.kind, NEW.queue, 1)
    ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items;
END;
CREATE TRIGGER rca_slice_update AFTER UPDATE OF opened_on, category, denied_cents, kind, intake, payer_name, procedure_code, provider, place, group_code, carc, reason_code, work_type ON work_item
    WHEN OLD.opened_on IS NOT NEW.opened_on OR OLD.category IS NOT NEW.category OR OLD.denied_cents IS NOT NEW.denied_cents OR OLD.kind IS NOT NEW.kind OR OLD.intake IS NOT NEW.intake OR OLD.payer_name IS NOT NEW.payer_name OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.provider IS NOT NEW.provider OR OLD.place IS NOT NEW.place OR OLD.group_code IS NOT NEW.group_code OR OLD.carc IS NOT NEW.carc OR OLD.reason_code IS NOT NEW.reason_code OR OLD.work_type IS NOT NEW.work_type
BEGIN
    INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
    SELECT date(OLD.opened_on, '-6 days', 'weekday 1'), s.column1, s.column2, OLD.category, -1, -1 * OLD.denied_cents,
           -1 * (OLD.kind = 'denial' AND OLD.intake NOT IN ('277', 'csv'))
    FROM (VALUES
        ('payer', coalesce(OLD.payer_name, '')),
        ('procedure', coalesce(OLD.procedure_code, '')),
        ('provider', coalesce(OLD.provider, '')),
        ('location', coalesce(OLD.place, '')),
        ('carc', coalesce(OLD.group_code || '-' || OLD.carc, OLD.carc, OLD.reason_code, '')),
        ('source', OLD.intake),
        ('work_type', OLD.work_type)) AS s WHERE true
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials;
    INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
    SELECT date(NEW.opened_on, '-6 days', 'weekday 1'), s.column1, s.column2, NEW.category, 1, 1 * NEW.denied_cents,
           1 * (NEW.kind = 'denial' AND NEW.intake NOT IN ('277', 'csv'))
    FROM (VALUES
        ('payer', coalesce(NEW.payer_name, '')),
        ('procedure', coalesce(NEW.procedure_code, '')),
        ('provider', coalesce(NEW.provider, '')),
        ('location', coalesce(NEW.place, '')),
        ('carc', coalesce(NEW.group_code || '-' || NEW.carc, NEW.carc, NEW.reason_code, '')),
        ('source', NEW.intake),
        ('work_type', NEW.work_type)) AS s WHERE true
    ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
        denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials;
END;
-- The review no longer reads the week's items: the day opened needs no more than itself.
DROP INDEX work_by_opened_on;
CREATE INDEX work_by_opened_on ON work_item(opened_on);
