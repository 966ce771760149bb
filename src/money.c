/*
 * money.c — amounts in integer fen: parsing and formatting without floating
 * point (see money.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

/* The largest amount accepted, in fen (well inside int64_t). */
#define MONEY_MAX_FEN ((int64_t)999999999999999999LL)

bool
money_parse(const char *s, int64_t *fen)
{
	bool neg = false;
	int64_t v = 0;
	int ndigits = 0;        /* digits before the point */
	int group = -1;         /* digits since the last comma, -1: no comma seen */
	int first_group = 0;    /* digits before the first comma */

	if (s == NULL)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	/* The integer part, with optional thousands commas every three digits. */
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (v > (MONEY_MAX_FEN / 100 - (*s - '0')) / 10)
				return false;
			v = v * 10 + (*s - '0');
			ndigits++;
			if (group >= 0)
				group++;
			else
				first_group++;
		} else if (*s == ',') {
			if (ndigits == 0 || (group >= 0 && group != 3))
				return false;
			if (group < 0 && first_group > 3)
				return false;
			group = 0;
		} else {
			break;
		}
	}
	if (group >= 0 && group != 3)
		return false;
	v *= 100;
	if (*s == '.') {
		int nd = 0;
		s++;
		while (*s >= '0' && *s <= '9') {
			if (nd == 0)
				v += (*s - '0') * 10;
			else if (nd == 1)
				v += *s - '0';
			nd++;
			s++;
		}
		if (nd == 0 || nd > 2)
			return false;
	} else if (ndigits == 0) {
		return false;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return false;
	*fen = neg ? -v : v;
	return true;
}

void
money_format(int64_t fen, char out[32])
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, 32, "%s%llu.%02u", fen < 0 ? "-" : "",
	         (unsigned long long)(a / 100), (unsigned)(a % 100));
}
