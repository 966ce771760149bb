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

/*
 * The customer's signed service card of on-site entry regno, signed now by
 * the requester, with an opinion and a rating picked from the register
 * number (the demonstration stays the same every time).
 */
int demo_card_sign(store *st, const char *regno, const char *requester, sd_err *err);

/* How many days after its closing the card of entry regno comes back to the office (1 to 9). */
int demo_card_back_days(const char *regno);

/*
 * The demonstration's own examples, now (store_now), in the caller's
 * transaction: an entry with one maintenance item done and one open, and an
 * on-site entry whose fault was misuse (操作使用问题), on equipment inside
 * its warranty: its labour is charged all the same, and its signed card is
 * overdue at the office. Another customer than the one the reports' examples
 * follow.
 */
int demo_card_extra(store *st, sd_err *err);

#endif
