-- Fewer indexes on the request register, for faster imports.
--
-- Three indexes began with the customer: (customer, id), (customer, serial,
-- received_at) and (customer, received_at). Every query that picks a
-- customer's requests also bounds or orders them by the time received (the
-- likely duplicate within its window, the customer's year, the monthly
-- summary), so (customer, received_at) serves them all; the other two cost
-- every new request two more index entries, a sixth of an import's write.
DROP INDEX IF EXISTS request_customer;
DROP INDEX IF EXISTS request_dup;
CREATE INDEX IF NOT EXISTS request_customer_received ON request (customer, received_at);
