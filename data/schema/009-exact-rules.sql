-- servdesk schema, migration 9: exact rules.
-- A parts charge line names the stock movement it bills (move_id), so that a
-- return credits exactly what its issue billed (cost and who paid), whatever
-- the date of the return. Existing issue lines are matched to their movement
-- by entry, time and amount.
ALTER TABLE charge ADD COLUMN move_id INTEGER REFERENCES stock_move (id);
UPDATE charge SET move_id = (
	SELECT m.id FROM stock_move m
	WHERE m.ledger_id = charge.ledger_id AND m.kind = 'issue' AND m.at = charge.at
	  AND -m.qty * m.cost_fen = charge.amount_fen
	ORDER BY m.id LIMIT 1)
WHERE kind = 'parts' AND amount_fen >= 0;
CREATE INDEX charge_move ON charge (move_id) WHERE move_id IS NOT NULL;

-- What a request's channel, priority and customer were until a change, so
-- that a month's report counts them as they stood at the month's end (the
-- engineer's history is kept in ledger_event the same way). A row holds the
-- values in force before until_at; a request without a row at or after a
-- month's end stood then as it stands now. Seeded from the audit trail of
-- the requests' edits.
CREATE TABLE request_was (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES request (id),
  until_at   TEXT NOT NULL,
  channel    TEXT NOT NULL,
  priority   INTEGER NOT NULL,
  customer   TEXT NOT NULL
);
INSERT INTO request_was (request_id, until_at, channel, priority, customer)
SELECT r.id, a.at, json_extract(a.old, '$.channel'), json_extract(a.old, '$.priority'),
       json_extract(a.old, '$.customer')
FROM audit a JOIN request r ON r.regno = a.rowkey
WHERE a.tbl = 'request' AND a.action = 'update' AND a.old IS NOT NULL AND a.new IS NOT NULL
  AND json_valid(a.old) AND json_valid(a.new)
  AND json_extract(a.old, '$.channel') IS NOT NULL AND json_extract(a.old, '$.priority') IS NOT NULL
  AND json_extract(a.old, '$.customer') IS NOT NULL
  AND (json_extract(a.old, '$.channel') IS NOT json_extract(a.new, '$.channel')
    OR json_extract(a.old, '$.priority') IS NOT json_extract(a.new, '$.priority')
    OR json_extract(a.old, '$.customer') IS NOT json_extract(a.new, '$.customer'))
ORDER BY a.id;
CREATE INDEX request_was_until ON request_was (request_id, until_at, id);

-- When a visit was recorded missed: a later outcome (done) leaves it, so the
-- month it was missed in still counts it as missed. Seeded from the visits
-- missed now and, for those done since, from the audit trail of the miss.
ALTER TABLE visit ADD COLUMN missed_at TEXT;
UPDATE visit SET missed_at = done_at WHERE status = 'missed';
UPDATE visit SET missed_at = (SELECT min(a.at) FROM audit a WHERE a.tbl = 'visit'
	AND a.rowkey = CAST(visit.id AS TEXT) AND a.action = 'miss')
WHERE status <> 'missed';
