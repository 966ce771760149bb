-- servdesk schema, migration 19: a complaint is handled as a process. The
-- cause and who is responsible for it (department and person), the severity
-- (general, serious, major: serious and major need a supervisor's approval
-- before they close), the corrective action and its check, the customer's
-- claim and its settlement (fen), an escalation to the general manager, the
-- first-reply clock (due time stored when the complaint is received, stopped
-- by the first reply) and a version for the optimistic check on edits.
-- Existing complaints stay valid: general, version 1, no clock.
ALTER TABLE complaint ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE complaint ADD COLUMN severity TEXT NOT NULL DEFAULT 'general'
  CHECK (severity IN ('general', 'serious', 'major'));
ALTER TABLE complaint ADD COLUMN cause TEXT;
ALTER TABLE complaint ADD COLUMN department TEXT;
ALTER TABLE complaint ADD COLUMN responsible TEXT;
ALTER TABLE complaint ADD COLUMN approved_by TEXT;
ALTER TABLE complaint ADD COLUMN approved_at TEXT;
ALTER TABLE complaint ADD COLUMN approval_note TEXT;
ALTER TABLE complaint ADD COLUMN corrective TEXT;
ALTER TABLE complaint ADD COLUMN verified_by TEXT;
ALTER TABLE complaint ADD COLUMN verified_at TEXT;
ALTER TABLE complaint ADD COLUMN verify_result TEXT;
ALTER TABLE complaint ADD COLUMN claim_fen INTEGER CHECK (claim_fen IS NULL OR claim_fen >= 0);
ALTER TABLE complaint ADD COLUMN settled_fen INTEGER CHECK (settled_fen IS NULL OR settled_fen >= 0);
ALTER TABLE complaint ADD COLUMN settled_on TEXT;
ALTER TABLE complaint ADD COLUMN gm_escalated_on TEXT;
ALTER TABLE complaint ADD COLUMN gm_outcome TEXT;
ALTER TABLE complaint ADD COLUMN reply_due TEXT;
ALTER TABLE complaint ADD COLUMN replied_at TEXT;

-- The progress log: dated entries, who wrote them, append-only like the
-- audit trail. Kind 'reply' is a reply to the customer (the first one stops
-- the reply clock); 'note' any other step of the handling.
CREATE TABLE complaint_progress (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaint (id),
  at           TEXT NOT NULL,
  by_login     TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('note', 'reply')),
  text         TEXT NOT NULL
);
CREATE INDEX complaint_progress_of ON complaint_progress (complaint_id, at, id);
CREATE TRIGGER complaint_progress_no_update BEFORE UPDATE ON complaint_progress
BEGIN SELECT RAISE(ABORT, 'the complaint progress log is append-only'); END;
CREATE TRIGGER complaint_progress_no_delete BEFORE DELETE ON complaint_progress
BEGIN SELECT RAISE(ABORT, 'the complaint progress log is append-only'); END;
CREATE TRIGGER complaint_progress_no_replace BEFORE INSERT ON complaint_progress
WHEN EXISTS (SELECT 1 FROM complaint_progress WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the complaint progress log is append-only'); END;

-- The engineer appointed to each customer and a deputy (staff logins of
-- active engineers or supervisors, checked by servdesk when they are set).
ALTER TABLE customer ADD COLUMN engineer TEXT;
ALTER TABLE customer ADD COLUMN deputy TEXT;
-- Who agreed for the customer when the appointed engineer was last replaced.
ALTER TABLE customer ADD COLUMN engineer_agreed_by TEXT;
