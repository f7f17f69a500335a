-- Schema v6: a claim's service lines, adjustments and remarks become one packed JSON document
-- per claim (store/claim_body.rs describes the keys). They are only ever read whole for one
-- claim; a row and index entries per line, adjustment and remark made an import write five
-- rows for every paid claim. Older ledgers' rows are packed here, in line and id order.

CREATE TABLE claim_body (
    claim_id    INTEGER PRIMARY KEY REFERENCES claim(id),
    body        TEXT NOT NULL
);

INSERT INTO claim_body (claim_id, body)
SELECT c.id, json_object(
    'a', json(coalesce((SELECT json_group_array(json_object('g', a.group_code, 'c', a.carc, 'm', a.amount_cents,
            'q', a.quantity) ORDER BY a.id) FROM adjustment a WHERE a.claim_id = c.id AND a.line_id IS NULL), '[]')),
    'r', json(coalesce((SELECT json_group_array(json_object('s', r.source, 'c', r.code) ORDER BY r.id)
            FROM remark r WHERE r.claim_id = c.id AND r.line_id IS NULL), '[]')),
    'l', json(coalesce((SELECT json_group_array(json_object('q', nullif(l.qualifier, ''), 'p', nullif(l.procedure_code, ''),
            'md', l.modifiers, 'rv', l.revenue_code, 'u', l.units, 'ch', l.charge_cents, 'pd', l.paid_cents,
            'al', l.allowed_cents, 'f', l.service_from, 't', l.service_to, 'n', l.control_no,
            'a', json(coalesce((SELECT json_group_array(json_object('g', a.group_code, 'c', a.carc,
                    'm', a.amount_cents, 'q', a.quantity) ORDER BY a.id) FROM adjustment a WHERE a.line_id = l.id), '[]')),
            'r', json(coalesce((SELECT json_group_array(json_object('s', r.source, 'c', r.code) ORDER BY r.id)
                    FROM remark r WHERE r.line_id = l.id), '[]'))) ORDER BY l.line_no)
            FROM service_line l WHERE l.claim_id = c.id), '[]')))
FROM claim c
WHERE EXISTS (SELECT 1 FROM service_line WHERE claim_id = c.id)
   OR EXISTS (SELECT 1 FROM adjustment WHERE claim_id = c.id)
   OR EXISTS (SELECT 1 FROM remark WHERE claim_id = c.id);

DROP TABLE remark;
DROP TABLE adjustment;
DROP TABLE service_line;

-- The owner's claim figures by remit day, payer, rendering provider and place of service: first
-- adjudications and their denials (denial rates, outlier denominators) and every 835 claim's
-- money (net collection rate). Claims never change once imported, so the import adds its
-- file's sums once, at the end; the figures read a few rows a day instead of every claim.
-- payer_id 0: no payer; place '': none.
CREATE TABLE claim_day (
    remit_date              TEXT NOT NULL,
    payer_id                INTEGER NOT NULL,
    provider                TEXT NOT NULL,
    place                   TEXT NOT NULL,
    initial                 INTEGER NOT NULL,
    initial_charge_cents    INTEGER NOT NULL,
    initial_denied          INTEGER NOT NULL,
    initial_denied_cents    INTEGER NOT NULL,
    paid_cents              INTEGER NOT NULL,
    charge_cents            INTEGER NOT NULL,
    contractual_cents       INTEGER NOT NULL,
    PRIMARY KEY (remit_date, payer_id, provider, place)
) WITHOUT ROWID, STRICT;

-- Read from claim_day now; nothing searches claims by batch.
DROP INDEX claim_remitted;
DROP INDEX claim_by_batch;
