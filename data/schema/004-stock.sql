-- servdesk schema, migration 4: the spare-parts store's edits and lists.
-- The journal (stock_move) is append-only: triggers refuse any change or
-- deletion of a movement; a wrong movement is corrected by a new one.
ALTER TABLE part ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX part_low ON part (part_no) WHERE on_hand <= reorder_point AND active = 1;
CREATE INDEX stock_move_ledger ON stock_move (ledger_id, part_id) WHERE ledger_id IS NOT NULL;
CREATE TRIGGER stock_move_no_update BEFORE UPDATE ON stock_move
BEGIN SELECT RAISE(ABORT, 'the stock journal is append-only'); END;
CREATE TRIGGER stock_move_no_delete BEFORE DELETE ON stock_move
BEGIN SELECT RAISE(ABORT, 'the stock journal is append-only'); END;
