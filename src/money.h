/*
 * money.h — amounts of money in integer fen (1/100 yuan): parsing what a
 * person types ("12", "12.5", "1,234.56", "-3.20") and formatting for people
 * ("1234.56") without floating point.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_MONEY_H
#define SERVDESK_MONEY_H

#include <stdbool.h>
#include <stdint.h>

/* Parse yuan with at most two decimals (thousands commas allowed); false if invalid or out of range. */
bool money_parse(const char *s, int64_t *fen);

/* Format fen as yuan with two decimals ("-3.20", "1234.56"); out needs 32 bytes. */
void money_format(int64_t fen, char out[32]);

#endif
