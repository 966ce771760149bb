-- servdesk schema, migration 12: commitments as contracts write them. Each
-- clock of a policy row has its own duration and counting, stored as written
-- on the command line: '30m' / '2h' (elapsed, round the clock), '8wh' / '90wm'
-- (working time, inside the office hours when a site set them), '2wd' (the
-- same time of day on the Nth working day after), or 'off'. New clocks:
-- reply (first contact), diagnose (finding recorded) and escalate (handed to
-- the expert group when no solution came in time).
ALTER TABLE sla_policy ADD COLUMN reply_in TEXT NOT NULL DEFAULT 'off';
ALTER TABLE sla_policy ADD COLUMN respond_in TEXT NOT NULL DEFAULT 'off';
ALTER TABLE sla_policy ADD COLUMN diagnose_in TEXT NOT NULL DEFAULT 'off';
ALTER TABLE sla_policy ADD COLUMN onsite_in TEXT NOT NULL DEFAULT 'off';
ALTER TABLE sla_policy ADD COLUMN clear_in TEXT NOT NULL DEFAULT 'off';
ALTER TABLE sla_policy ADD COLUMN escalate_in TEXT NOT NULL DEFAULT 'off';

-- The policy as it was, counted as it was: hours and days (24 h each) of
-- working days, or of calendar time for a row that counted every minute. No
-- open entry changes its due time on upgrade.
UPDATE sla_policy SET
  respond_in = CASE WHEN respond_hours > 0
    THEN respond_hours || CASE WHEN calendar_time THEN 'h' ELSE 'wh' END ELSE 'off' END,
  onsite_in = CASE WHEN onsite_hours > 0
    THEN onsite_hours || CASE WHEN calendar_time THEN 'h' ELSE 'wh' END ELSE 'off' END,
  clear_in = CASE WHEN clear_days > 0
    THEN (clear_days * 24) || CASE WHEN calendar_time THEN 'h' ELSE 'wh' END ELSE 'off' END;

-- A new database (no ledger entry yet, the policy as shipped) gets the
-- commitments of the service documents: 30 minutes to a first reply and one
-- hour to a solution round the clock for P1 (7x24, 节假日照常服务), escalation
-- to the expert group after one hour, on site within 24 hours, cleared
-- within 2 working days. Site choices where the documents are silent: P2
-- reply 1 h and solution 2 h; P3 and P4 as before, in working time.
UPDATE sla_policy SET
  reply_in = CASE priority WHEN 1 THEN '30m' WHEN 2 THEN '1h' ELSE 'off' END,
  respond_in = CASE priority WHEN 1 THEN '1h' WHEN 2 THEN '2h' WHEN 3 THEN '4wh' ELSE '8wh' END,
  onsite_in = CASE priority WHEN 1 THEN '24h' WHEN 2 THEN '24h' WHEN 3 THEN '48wh' ELSE 'off' END,
  clear_in = CASE priority WHEN 1 THEN '2wd' WHEN 2 THEN '2wd' WHEN 3 THEN '5wd' ELSE '10wd' END,
  escalate_in = CASE priority WHEN 1 THEN '1h' ELSE 'off' END
WHERE NOT EXISTS (SELECT 1 FROM ledger)
  AND NOT EXISTS (SELECT 1 FROM sla_policy
                  WHERE region IS NOT NULL
                     OR (priority, respond_hours, onsite_hours, clear_days, calendar_time) NOT IN
                        (VALUES (1, 1, 24, 2, 0), (2, 2, 24, 2, 0), (3, 4, 48, 5, 0), (4, 8, 0, 10, 0)));

ALTER TABLE sla_policy DROP COLUMN respond_hours;
ALTER TABLE sla_policy DROP COLUMN onsite_hours;
ALTER TABLE sla_policy DROP COLUMN clear_days;
ALTER TABLE sla_policy DROP COLUMN calendar_time;

-- The new clocks' stored due times, and the steps that stop them.
ALTER TABLE ledger ADD COLUMN reply_due TEXT;
ALTER TABLE ledger ADD COLUMN diagnose_due TEXT;
ALTER TABLE ledger ADD COLUMN escalate_due TEXT;
ALTER TABLE ledger ADD COLUMN diagnosed_at TEXT;
ALTER TABLE ledger ADD COLUMN diagnosis TEXT;
ALTER TABLE ledger ADD COLUMN escalated_at TEXT;
ALTER TABLE ledger ADD COLUMN escalated_to TEXT REFERENCES staff (login);
ALTER TABLE ledger ADD COLUMN escalation_note TEXT;

-- The monthly summary finds the clocks that stopped in a month through these.
CREATE INDEX ledger_first_contact_at ON ledger (first_contact_at) WHERE first_contact_at IS NOT NULL;
CREATE INDEX ledger_diagnosed_at ON ledger (diagnosed_at) WHERE diagnosed_at IS NOT NULL;
CREATE INDEX ledger_escalated_at ON ledger (escalated_at) WHERE escalated_at IS NOT NULL;
