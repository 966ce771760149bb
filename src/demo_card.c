/* demo_card.c — the demonstration's maintenance items, service cards and charges by cause. */
#include "config.h"

#include <stdlib.h>

#include "demo_card.h"
#include "ledger.h"

struct open_items {
	int pos[32];
	int n;
};

static int
open_item(const sd_ledger_item *it, void *arg)
{
	struct open_items *o = arg;

	if (it->state == ITEM_OPEN && o->n < 32)
		o->pos[o->n++] = it->pos;
	return 0;
}

int
demo_settle_items(store *st, const char *regno, sd_err *err)
{
	struct open_items o = { .n = 0 };
	sd_ledger l = { .mode = -1 };
	int rc;

	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK ||
	    (rc = ledger_item_each(st, regno, open_item, &o, err)) != SD_OK) {
		ledger_free(&l);
		return rc;
	}
	for (int i = 0; i < o.n && rc == SD_OK; i++)
		rc = ledger_item_settle(st, regno, o.pos[i], ITEM_DONE,
		                        l.solution && *l.solution ? l.solution : "已按方案处理", -1, err);
	ledger_free(&l);
	return rc;
}
