-- Rebuilds claim_day from the claims (the schema v6 migration and the rollup test run it).
DELETE FROM claim_day;
INSERT INTO claim_day (remit_date, payer_id, provider, place, initial, initial_charge_cents, initial_denied,
                       initial_denied_cents, paid_cents, charge_cents, contractual_cents)
SELECT remit_date, coalesce(payer_id, 0), coalesce(nullif(rendering_name, ''), rendering_npi, ''),
       coalesce(facility_code, ''), sum(initial), sum(CASE WHEN initial = 1 THEN charge_cents ELSE 0 END),
       sum(CASE WHEN initial = 1 THEN initial_denied ELSE 0 END),
       sum(CASE WHEN initial = 1 THEN initial_denied_cents ELSE 0 END),
       sum(paid_cents), sum(charge_cents), sum(contractual_cents)
FROM claim WHERE source = '835' AND remit_date IS NOT NULL
GROUP BY 1, 2, 3, 4;
