-- servdesk schema, migration 2: the after-sales ledger's clocks, charges
-- that record what the customer pays, complaint numbers, and the defaults
-- the service documents promise.

-- Due times of the three commitments, as sla_due() computed them at the last
-- change (recomputed when the calendar or the policy changes), and the
-- earliest due time of the clocks still running, for the overdue list.
ALTER TABLE ledger ADD COLUMN respond_due TEXT;
ALTER TABLE ledger ADD COLUMN onsite_due TEXT;
ALTER TABLE ledger ADD COLUMN clear_due TEXT;
ALTER TABLE ledger ADD COLUMN next_due TEXT;
CREATE INDEX ledger_next_due ON ledger (next_due) WHERE next_due IS NOT NULL;

-- amount_fen is the cost of the line; billed_fen what the customer pays under
-- the tier that applied on the service date.
ALTER TABLE charge ADD COLUMN billed_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE charge ADD COLUMN who TEXT;
ALTER TABLE charge ADD COLUMN at TEXT;
ALTER TABLE payment ADD COLUMN who TEXT;

ALTER TABLE complaint ADD COLUMN received_by TEXT;
ALTER TABLE complaint ADD COLUMN closed_by TEXT;
CREATE INDEX complaint_received ON complaint (received_at);

CREATE INDEX charge_ledger ON charge (ledger_id);
CREATE INDEX payment_ledger ON payment (ledger_id);
CREATE INDEX clock_pause_ledger ON clock_pause (ledger_id);
CREATE INDEX downtime_equipment ON downtime (equipment_id);

-- Service levels from the service documents: respond within 1 hour, on site
-- within 24 hours, fault cleared within 2 working days; lower priorities
-- looser. A site edits these rows (servdesk policy set).
INSERT INTO sla_policy (priority, region, respond_hours, onsite_hours, clear_days, calendar_time) VALUES
  (1, NULL, 1, 24, 2, 0),
  (2, NULL, 2, 24, 2, 0),
  (3, NULL, 4, 48, 5, 0),
  (4, NULL, 8, 0, 10, 0);

INSERT INTO fault_category (code, name) VALUES
  ('mech', '机械故障'),
  ('elec', '电气故障'),
  ('ctrl', '控制系统/软件故障'),
  ('install', '安装调试问题'),
  ('part', '备件质量问题'),
  ('usage', '操作使用问题'),
  ('other', '其他');
