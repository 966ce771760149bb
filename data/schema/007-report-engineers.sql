-- servdesk schema, migration 7: the monthly summary credits each entry to the
-- engineer responsible when the counted step happened, from time-stamped
-- records, and reads each clock of a month from one index alone.

-- The engineer on the entry once a step was recorded (for an assignment, the
-- engineer assigned): the assignment history. Earlier assignments take the
-- engineer from their audit row (same entry, same minute), else, for the
-- entry's last assignment, the engineer on the entry now.
ALTER TABLE ledger_event ADD COLUMN engineer TEXT;
UPDATE ledger_event SET engineer = coalesce(
	(SELECT json_extract(a.new, '$.engineer') FROM audit a
	 WHERE a.tbl = 'ledger' AND a.action = 'assign' AND a.at = ledger_event.at
	   AND a.rowkey = (SELECT r.regno FROM ledger l JOIN request r ON r.id = l.request_id
	                   WHERE l.id = ledger_event.ledger_id)
	 ORDER BY a.id DESC LIMIT 1),
	(SELECT l.engineer FROM ledger l WHERE l.id = ledger_event.ledger_id
	   AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.ledger_id = ledger_event.ledger_id
	                   AND e.kind = 'assign' AND e.id > ledger_event.id)))
WHERE kind = 'assign';
-- Entries given an engineer without an assignment event (loaded directly):
-- the assignment they record, at engineer_at.
INSERT INTO ledger_event (ledger_id, at, who, kind, note, engineer)
SELECT l.id, l.engineer_at, coalesce(l.responsible, l.engineer), 'assign', NULL, l.engineer
FROM ledger l
WHERE l.engineer IS NOT NULL AND l.engineer_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.ledger_id = l.id AND e.kind = 'assign');
-- The other steps: the engineer of the last assignment recorded before them.
UPDATE ledger_event SET engineer =
	(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger_event.ledger_id
	 AND e.kind = 'assign' AND e.id < ledger_event.id ORDER BY e.id DESC LIMIT 1)
WHERE kind <> 'assign';
CREATE INDEX ledger_event_assign ON ledger_event (at, engineer, ledger_id, kind) WHERE kind = 'assign';

-- The engineer responsible at each counted step, fixed when the step is
-- recorded: the solution first proposed, the arrival on site, the fault
-- cleared, the entry closed (or declared unresolvable). Earlier steps take the
-- engineer of the last assignment at or before the step, else of the first
-- assignment, else the engineer on the entry now.
ALTER TABLE ledger ADD COLUMN proposed_engineer TEXT;
ALTER TABLE ledger ADD COLUMN arrived_engineer TEXT;
ALTER TABLE ledger ADD COLUMN cleared_engineer TEXT;
ALTER TABLE ledger ADD COLUMN closed_engineer TEXT;
UPDATE ledger SET
	proposed_engineer = CASE WHEN proposed_at IS NOT NULL THEN coalesce(
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 AND e.at <= ledger.proposed_at ORDER BY e.at DESC, e.id DESC LIMIT 1),
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 ORDER BY e.at, e.id LIMIT 1), engineer) END,
	arrived_engineer = CASE WHEN arrived_at IS NOT NULL THEN coalesce(
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 AND e.at <= ledger.arrived_at ORDER BY e.at DESC, e.id DESC LIMIT 1),
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 ORDER BY e.at, e.id LIMIT 1), engineer) END,
	cleared_engineer = CASE WHEN cleared_at IS NOT NULL THEN coalesce(
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 AND e.at <= ledger.cleared_at ORDER BY e.at DESC, e.id DESC LIMIT 1),
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 ORDER BY e.at, e.id LIMIT 1), engineer) END,
	closed_engineer = CASE WHEN closed_at IS NOT NULL THEN coalesce(
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 AND e.at <= ledger.closed_at ORDER BY e.at DESC, e.id DESC LIMIT 1),
		(SELECT e.engineer FROM ledger_event e WHERE e.ledger_id = ledger.id AND e.kind = 'assign'
		 ORDER BY e.at, e.id LIMIT 1), engineer) END
WHERE engineer IS NOT NULL;

-- The request's time of receipt and priority, copied to its entry so that a
-- clock is read without a lookup per row; triggers keep the copy.
ALTER TABLE ledger ADD COLUMN request_received_at TEXT;
ALTER TABLE ledger ADD COLUMN request_priority INTEGER;
UPDATE ledger SET (request_received_at, request_priority) =
	(SELECT r.received_at, r.priority FROM request r WHERE r.id = ledger.request_id);
CREATE TRIGGER ledger_request_copy AFTER INSERT ON ledger
BEGIN
	UPDATE ledger SET (request_received_at, request_priority) =
		(SELECT r.received_at, r.priority FROM request r WHERE r.id = NEW.request_id)
	WHERE id = NEW.id;
END;
CREATE TRIGGER request_ledger_copy AFTER UPDATE OF received_at, priority ON request
BEGIN
	UPDATE ledger SET request_received_at = NEW.received_at, request_priority = NEW.priority
	WHERE request_id = NEW.id;
END;

-- Covering indexes of the month's steps (they replace those of migration 6).
DROP INDEX IF EXISTS ledger_proposed_at;
DROP INDEX IF EXISTS ledger_arrived_at;
DROP INDEX IF EXISTS ledger_cleared_at;
DROP INDEX IF EXISTS ledger_closed_at;
DROP INDEX IF EXISTS ledger_engineer_at;
CREATE INDEX ledger_proposed_month ON ledger (proposed_at, request_received_at, request_priority,
  respond_due, proposed_engineer, fault_code) WHERE proposed_at IS NOT NULL;
CREATE INDEX ledger_arrived_month ON ledger (arrived_at, request_received_at, request_priority,
  onsite_due, arrived_engineer) WHERE arrived_at IS NOT NULL;
CREATE INDEX ledger_cleared_month ON ledger (cleared_at, request_received_at, request_priority,
  clear_due, cleared_engineer) WHERE cleared_at IS NOT NULL;
CREATE INDEX ledger_closed_month ON ledger (closed_at, state, closed_engineer) WHERE closed_at IS NOT NULL;

-- The charges of a kind in a month: one range of the index for each kind.
CREATE INDEX charge_kind_at ON charge (kind, at, amount_fen, billed_fen);

-- What a month closed with also keeps the parts issued and returned in the
-- month and the cost of the issues minus the returns, read with the
-- movements the stock rolls forward by. The months kept so far lack them:
-- they are dropped, and the next report computes them again.
ALTER TABLE month_close ADD COLUMN parts_issued INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_close ADD COLUMN parts_returned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_close ADD COLUMN parts_cost_fen INTEGER NOT NULL DEFAULT 0;
DELETE FROM stock_close;
DELETE FROM month_close;
