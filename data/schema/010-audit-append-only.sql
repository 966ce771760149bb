-- servdesk schema, migration 10: the audit trail is append-only, like the
-- stock journal: triggers refuse any change or deletion of an audit row,
-- and an insert that would replace one (REPLACE deletes without firing the
-- delete trigger). A wrong change is corrected by a new one, audited in turn.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
