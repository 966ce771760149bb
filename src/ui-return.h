/*
 * ui-return.h — returns and exchanges (退换货) on the desk (ui-return.c):
 * the Returns pane, and what the Ledger tab opens for its selected entry.
 */
#ifndef SERVDESK_UI_RETURN_H
#define SERVDESK_UI_RETURN_H

#include "ui-pane.h"

/*
 * Raise a return or exchange for entry regno (a form: kind, product,
 * quantity, cause, text), or, when the entry has some, pick one of them to
 * read its notice, or raise another.
 */
void ui_return_entry(ui_ctx *c, const char *regno);

/* The same for complaint id (the part number it names offered in a new one). */
void ui_return_complaint(ui_ctx *c, long long id, const char *part_no);

/* The Returns pane: the returns and exchanges not yet closed (or all), approval and the steps. */
extern const ui_pane_ops ui_return_pane;

#endif
