-- servdesk schema, migration 5: the follow-up visit schedule (回访/巡检计划).
-- The rules keep their parameters as a flat JSON object of whole numbers
-- ({"every_months":3}); servdesk reads them with a reader of its own.
-- A visit moved by hand (moved = 1) is no longer moved by re-planning;
-- done_at is when the outcome (done, missed, cancelled) was recorded.
ALTER TABLE visit ADD COLUMN moved INTEGER NOT NULL DEFAULT 0 CHECK (moved IN (0,1));
ALTER TABLE visit ADD COLUMN cancel_reason TEXT;
ALTER TABLE visit ADD COLUMN created_at TEXT;
ALTER TABLE visit ADD COLUMN created_by TEXT;
CREATE INDEX visit_due_on ON visit (due_on);
CREATE INDEX visit_engineer ON visit (engineer, due_on);
CREATE INDEX visit_customer ON visit (customer_id, due_on);
CREATE INDEX visit_done_at ON visit (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX request_visit ON request (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX ledger_closed ON ledger (closed_at) WHERE state = 'closed';

-- The rules of the service documents (all editable: servdesk visit rule set):
-- a phone follow-up one month after delivery (交货后一个月电话回访);
-- maintenance visits weekly in the first half year after commissioning,
-- then every three months (定期巡检); a satisfaction survey every twelve
-- months (满意度调查); key customers visited at least once a year
-- (关键用户关心计划); a quality follow-up call three working days after a
-- ledger entry closes (质量回访).
INSERT INTO visit_rule (code, kind, params, active) VALUES
  ('phone_followup', 'phone_followup', '{"months":1}', 1),
  ('maintenance', 'maintenance', '{"weekly_months":6,"every_months":3}', 1),
  ('survey', 'survey', '{"every_months":12}', 1),
  ('key_customer', 'key_customer', '{"every_months":12}', 1),
  ('quality_call', 'quality_call', '{"working_days":3}', 1);
