-- servdesk schema, migration 6: the monthly summary (月度统计) and the
-- per-customer yearly report read a month (or a year) of time-stamped
-- records; every read is a range on an indexed time column, so a report
-- costs the same in the first month and after years of data.

-- When a request was voided: a request voided after the end of a month
-- still counts as received in that month. Requests voided before this
-- migration take the time of their audit row, else their time of receipt.
ALTER TABLE request ADD COLUMN voided_at TEXT;
UPDATE request SET voided_at = coalesce(
	(SELECT min(a.at) FROM audit a WHERE a.tbl = 'request' AND a.rowkey = request.regno
	 AND a.action = 'void'), received_at)
WHERE status = 'void';

-- Covering indexes: a month's figures are read from the index alone.
CREATE INDEX IF NOT EXISTS request_customer_received ON request (customer, received_at);
CREATE INDEX IF NOT EXISTS request_voided ON request (coalesce(voided_at, received_at), received_at)
  WHERE status = 'void';
CREATE INDEX IF NOT EXISTS ledger_proposed_at ON ledger (proposed_at, engineer, fault_code, respond_due,
  request_id) WHERE proposed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_arrived_at ON ledger (arrived_at, engineer, onsite_due, request_id)
  WHERE arrived_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_cleared_at ON ledger (cleared_at, engineer, clear_due, request_id)
  WHERE cleared_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_closed_at ON ledger (closed_at, state, engineer) WHERE closed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ledger_engineer_at ON ledger (engineer_at, engineer) WHERE engineer_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS complaint_closed_at ON complaint (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS charge_at ON charge (at, kind, amount_fen, billed_fen);
CREATE INDEX IF NOT EXISTS payment_received_at ON payment (received_at, amount_fen);
CREATE INDEX IF NOT EXISTS stock_move_month ON stock_move (at, part_id, kind, qty, cost_fen);
CREATE INDEX IF NOT EXISTS visit_customer_due ON visit (customer_id, due_on);

-- What each month closed with, derived from time-stamped records: the stock
-- per part (quantity and book value: the sum of quantity x unit cost carried
-- by each movement) and the running counts of requests received, voided and
-- finished (closed or unresolvable) since the beginning, from which the
-- entries carried over at a month's end follow. A report keeps them for
-- months that have ended and starts the next month from them, so it reads
-- one month of records. Month 'YYYY-MM'. Derived data: not audited.
CREATE TABLE stock_close (
  month     TEXT NOT NULL,
  part_id   INTEGER NOT NULL REFERENCES part (id),
  qty       INTEGER NOT NULL,
  value_fen INTEGER NOT NULL,
  PRIMARY KEY (month, part_id)
) WITHOUT ROWID;
CREATE TABLE month_close (
  month       TEXT PRIMARY KEY,
  computed_at TEXT NOT NULL,
  requests    INTEGER NOT NULL,
  voided      INTEGER NOT NULL,
  finished    INTEGER NOT NULL
) WITHOUT ROWID;

-- A record dated in a month already kept (a request entered with an earlier
-- time of receipt, an import) drops that month and the later ones: the next
-- report computes them again.
CREATE TRIGGER request_month_close AFTER INSERT ON request
BEGIN DELETE FROM month_close WHERE month >= substr(NEW.received_at, 1, 7); END;
CREATE TRIGGER request_void_month_close AFTER UPDATE OF status, voided_at ON request
BEGIN DELETE FROM month_close WHERE month >= substr(coalesce(NEW.voided_at, NEW.received_at), 1, 7); END;
CREATE TRIGGER ledger_month_close AFTER UPDATE OF closed_at ON ledger WHEN NEW.closed_at IS NOT NULL
BEGIN DELETE FROM month_close WHERE month >= substr(NEW.closed_at, 1, 7); END;
CREATE TRIGGER stock_move_month_close AFTER INSERT ON stock_move
BEGIN DELETE FROM month_close WHERE month >= substr(NEW.at, 1, 7); END;
