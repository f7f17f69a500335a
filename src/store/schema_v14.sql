-- Version 14: the rule an item was triaged by (the payer's rule and its published sources,
-- about 500 bytes, the same for every item of a payer and filing indicator) is stored once in
-- rule_text, and a new item refers to it by rule_id (its rule_source left empty). Items written
-- before keep their text in rule_source; readers take rule_text's when there is one.
CREATE TABLE rule_text (
    id      INTEGER PRIMARY KEY,
    text    TEXT NOT NULL UNIQUE
) STRICT;

ALTER TABLE work_item ADD COLUMN rule_id INTEGER REFERENCES rule_text(id);

-- A claim's packed document (store/claim_body_text.rs) is written in its own row: one b-tree
-- insert per claim instead of two. Claims written before keep theirs in claim_body.
ALTER TABLE claim ADD COLUMN body TEXT;
