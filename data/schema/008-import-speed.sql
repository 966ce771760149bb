-- servdesk schema, migration 8: a request received in a month whose closing
-- figures the monthly summary keeps now drops them from the program (a plain
-- delete after the insert) instead of from a trigger on every insert, which
-- made each insert keep a statement journal and slowed imports threefold.
DROP TRIGGER IF EXISTS request_month_close;
