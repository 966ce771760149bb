-- servdesk schema, migration 15: the request search by servdesk's own
-- tokenizer (src/search_tok.c, registered on every connection servdesk
-- opens): Chinese text as bigrams (the last character of a run alone),
-- Latin words and numbers whole, so that a search of one or two characters
-- uses the index like a longer one (the trigram index could not). No
-- column sizes: servdesk never ranks the matches.
--
-- The table is still maintained by servdesk's own code (intake.c writes the
-- row with the request, in the same transaction), never by triggers: a
-- connection without the tokenizer (the sqlite3 shell) may still change the
-- request tables; `servdesk check` tells when the index no longer matches.
-- The rebuild copies the text the old index kept (customer, requester,
-- phone, serial and items of each request); servdesk shows its progress.
CREATE VIRTUAL TABLE request_search USING fts5 (body, tokenize = 'servdesk', columnsize = 0);
INSERT INTO request_search (rowid, body) SELECT rowid, body FROM request_fts ORDER BY rowid;
DROP TABLE request_fts;
ALTER TABLE request_search RENAME TO request_fts;
