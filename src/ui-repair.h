/*
 * ui-repair.h — factory repair orders (返厂维修) and loan units (备用机) on
 * the desk (ui-repair.c): the Factory pane, and what the Ledger tab opens
 * for its selected entry.
 */
#ifndef SERVDESK_UI_REPAIR_H
#define SERVDESK_UI_REPAIR_H

#include "ui-pane.h"

/* The form that opens a repair order for entry regno (the product's serial offered). */
void ui_repair_open(ui_ctx *c, const char *regno, const char *serial);

/* The repair orders and the loan unit out of entry regno, in a text view. */
void ui_repair_entry(ui_ctx *c, const char *regno);

/* Lend a loan unit to entry regno, or take back the one it has out (asks). */
void ui_repair_loan(ui_ctx *c, const char *regno);

/* The Factory pane: the products at the factory (or every order) and the loan units out. */
extern const ui_pane_ops ui_repair_pane;

#endif
