/*
 * ledger_doc.h — a ledger entry as a document (doc.h): the request, the
 * entry, its clocks, charges and payments, history, repair orders and loan
 * unit, and the service card, built once for `servdesk ledger show` in every
 * format and for the desk's Ledger tab.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_LEDGER_DOC_H
#define SERVDESK_LEDGER_DOC_H

#include "common.h"
#include "doc.h"
#include "sla.h"
#include "store.h"

/*
 * The document of entry regno with its clocks as at now (SD_NO_TIME: the
 * store's clock). *out is the new document (doc_free), NULL on error
 * (SD_DATAERR when regno has no ledger entry).
 *
 * Sections (JSON members): "request" (customer, requester, phone, serial,
 * model, appointed; table "items"), "entry" (the fields and signatures;
 * table "clocks"), "money" (cost, billed, received, outstanding; tables
 * "charges" and "payments"), "history" (table "events"), "repairs" (tables
 * "orders" and "loan", only when the entry has any) and "card" (only when a
 * service card is recorded). The register number is the document's fact
 * "regno".
 */
int ledger_entry_doc(store *st, const char *regno, sd_time now, sd_doc **out, sd_err *err);

/*
 * The appointed engineer and deputy of customer as one line for people
 * ("login (name), deputy login (name)"), newly allocated; NULL when none.
 */
char *ledger_appointed_line(store *st, const char *customer);

#endif
