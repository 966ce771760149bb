/*
 * demo_card.h — the demonstration register's maintenance items, service
 * cards and faults outside the maker's responsibility.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_DEMO_CARD_H
#define SERVDESK_DEMO_CARD_H

#include "common.h"
#include "store.h"

/* Settle every open item of entry regno as done with the entry's solution (before its clearing). */
int demo_settle_items(store *st, const char *regno, sd_err *err);

#endif
