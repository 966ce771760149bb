/*
 * ui-appoint.h — the customer's appointed engineer at the desk: the form that
 * appoints him and a deputy (the customer's consent named when he is
 * replaced), and the line the customer's detail shows.
 */
#ifndef SERVDESK_UI_APPOINT_H
#define SERVDESK_UI_APPOINT_H

#include <stdbool.h>
#include "ui-pane.h"

/* The form for customer; true if saved (the status line says so either way). */
bool ui_appoint(ui_ctx *c, const char *customer);

/* "name (login); deputy name (login); replacement agreed by X", malloc'd; NULL if none appointed. */
char *ui_appointed_line(ui_ctx *c, const char *customer);

#endif
