/*
 * ui-contract.h — the desk's service contracts, opened from the Customers
 * tab (ui-customer.c): the customer's contracts, a form to add one, and the
 * warranties and contracts ending within 90 days.
 */
#ifndef SERVDESK_UI_CONTRACT_H
#define SERVDESK_UI_CONTRACT_H

#include "ui-pane.h"

/* The contracts of customer in a text view (anyone on the staff list). */
void ui_contract_list(ui_ctx *c, const char *customer);
/* The form adding a contract for customer (a supervisor). */
void ui_contract_add(ui_ctx *c, const char *customer);
/* The warranties and contracts ending from today to 90 days ahead. */
void ui_contract_expiring(ui_ctx *c);

#endif
