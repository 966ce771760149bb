-- Each machine's history and repeat repairs.
--
-- The history of a serial number is read from the requests, ledger entries,
-- visits and complaints of that machine, newest first: these indexes let each
-- arm of the history query find the machine's rows without a scan.
CREATE INDEX IF NOT EXISTS request_serial ON request (serial, received_at);
CREATE INDEX IF NOT EXISTS visit_equipment ON visit (equipment_id, due_on);
CREATE INDEX IF NOT EXISTS complaint_ledger ON complaint (ledger_id);

-- A repeat repair (重复修理): the entry of this machine, closed within
-- repeat_days (a setting, default 90) before this entry's request was
-- received, whose fault category is the same. Set when the entry's fault
-- category is set or changed (the proposal), NULL when it is no repeat.
ALTER TABLE ledger ADD COLUMN repeat_of INTEGER REFERENCES ledger (id);
UPDATE ledger SET repeat_of = (
	SELECT p.id FROM request r
	JOIN request pr ON pr.serial = r.serial AND pr.id <> r.id
	JOIN ledger p ON p.request_id = pr.id
	WHERE r.id = ledger.request_id AND r.serial IS NOT NULL AND r.serial <> ''
	  AND p.fault_code = ledger.fault_code AND p.state = 'closed'
	  AND p.closed_at <= r.received_at
	  AND date(p.closed_at) >= date(r.received_at, '-' || coalesce(
	        (SELECT value FROM setting WHERE key = 'repeat_days'), '90') || ' days')
	ORDER BY p.closed_at DESC, p.id DESC LIMIT 1)
WHERE fault_code IS NOT NULL;
CREATE INDEX ledger_repeat ON ledger (repeat_of) WHERE repeat_of IS NOT NULL;
