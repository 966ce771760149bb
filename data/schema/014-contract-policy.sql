-- servdesk schema, migration 14: a contract's own service levels. While a
-- contract runs, the clocks it names for a priority replace the policy's
-- for the equipment it covers ("1小时内响应", "24小时内到达现场",
-- "2个工作日内排除故障"); the clocks it does not name keep the policy's.
-- due_in is written as the policy's durations are: '30m', '4h', '8wh',
-- '1wd' or 'off'. Existing contracts have no row and change no due time.
CREATE TABLE contract_level (
  contract_id  INTEGER NOT NULL REFERENCES contract (id),
  priority     INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
  clock        TEXT NOT NULL
               CHECK (clock IN ('reply','respond','diagnose','onsite','clear','escalate')),
  due_in       TEXT NOT NULL,
  PRIMARY KEY (contract_id, priority, clock)
) WITHOUT ROWID;
