/*
 * ui-quote.h — quotations (报价单) on the desk (ui-quote.c): what the Ledger
 * tab's Q opens for its selected entry.
 */
#ifndef SERVDESK_UI_QUOTE_H
#define SERVDESK_UI_QUOTE_H

#include "ui-pane.h"

/*
 * The quotations of entry regno: a menu of what can be done now (show
 * them, make one or a revision, send the draft, record the customer's
 * answer), then that.
 */
void ui_quote_entry(ui_ctx *c, const char *regno);

#endif
