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
