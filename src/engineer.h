/*
 * engineer.h — the engineer appointed to each customer (指派一位工程师专门
 * 负责) and a deputy: who they are, the rule that replacing an appointed
 * engineer needs the customer's consent (人员替换需…认可), and the order in
 * which an assignment proposes engineers.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_ENGINEER_H
#define SERVDESK_ENGINEER_H

#include "common.h"
#include "store.h"

typedef struct sd_appointed {
	char *engineer;      /* staff login, NULL if none */
	char *deputy;        /* staff login, NULL if none */
	char *agreed_by;     /* who agreed for the customer to the last replacement, NULL if none */
	int version;         /* the customer's version as read */
} sd_appointed;

void appointed_free(sd_appointed *a);

/* The appointed engineer and deputy of customer (by name); SD_DATAERR if there is no such customer. */
int appointed_get(store *st, const char *customer, sd_appointed *out, sd_err *err);

/*
 * Appoint engineer and deputy (staff logins of active engineers or
 * supervisors, different from each other; NULL or "" for none) to customer.
 * version is the customer's version as read (0: no check). Replacing or
 * removing an engineer who was appointed needs agreed_by, who agreed for the
 * customer (SD_DATAERR otherwise); it is stored, shown and audited. The
 * deputy changes without consent. ACT_CUSTOMER_CHANGE; one transaction with
 * its audit row (table customer, action "appoint"), or part of the caller's
 * (which rolls back the whole on an error).
 */
int appointed_set(store *st, const char *customer, int version, const char *engineer,
                  const char *deputy, const char *agreed_by, sd_err *err);

/*
 * Is login the appointed engineer (1) or the deputy (2) of customer (by
 * name)? 0 if neither, or on any error.
 */
int appointed_rank(store *st, const char *customer, const char *login);

#endif
