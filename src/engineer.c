/*
 * engineer.c — the customer's appointed engineer and deputy: reading,
 * setting under the customer's consent rule, audited.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "engineer.h"
#include "staff.h"
#include "text.h"
#include "valid.h"

void
appointed_free(sd_appointed *a)
{
	free(a->engineer);
	free(a->deputy);
	free(a->agreed_by);
	memset(a, 0, sizeof *a);
}

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static bool
same(const char *a, const char *b)
{
	if (blank(a) || blank(b))
		return blank(a) && blank(b);
	return strcmp(a, b) == 0;
}

int
appointed_get(store *st, const char *customer, sd_appointed *out, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	sd_err_clear(err);
	if (!(q = store_prepare(st, "SELECT engineer, deputy, engineer_agreed_by, version FROM customer "
	                            "WHERE name = ?", err)))
		return err->status;
	sqlite3_bind_text(q, 1, customer ? customer : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->engineer = store_col_dup(q, 0);
		out->deputy = store_col_dup(q, 1);
		out->agreed_by = store_col_dup(q, 2);
		out->version = sqlite3_column_int(q, 3);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc == SQLITE_DONE)
		return sd_err_set(err, SD_DATAERR, _("customer: %s is not on the customer list"),
		                  customer ? customer : "");
	return store_fail(st, rc, _("reading the customers"), err);
}

/* login is an active engineer or supervisor; SD_DATAERR naming the field otherwise. */
static int
check_engineer(store *st, const char *login, const char *label, sd_err *err)
{
	sd_staff s;
	sd_err miss;

	if (staff_get(st, login, &s, &miss) != SD_OK)
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not on the staff list"), label, login);
	int role = s.role;
	bool active = s.active;
	staff_free(&s);
	if (!active)
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not an active staff member"), label, login);
	if (role != ROLE_ENGINEER && role != ROLE_SUPERVISOR)
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not an engineer or supervisor (%s)"),
		                  label, login, staff_role_name(role));
	return SD_OK;
}

static char *
appoint_json(store *st, const char *customer)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('name', name, 'engineer', engineer, 'deputy', deputy, "
		"'agreed_by', engineer_agreed_by) FROM customer WHERE name = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

int
appointed_set(store *st, const char *customer, int version, const char *engineer,
              const char *deputy, const char *agreed_by, sd_err *err)
{
	sd_appointed cur;
	char *old = NULL, *new = NULL;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err)) != SD_OK)
		return rc;
	if (!blank(engineer) && (rc = check_engineer(st, engineer, _("appointed engineer"), err)) != SD_OK)
		return rc;
	if (!blank(deputy) && (rc = check_engineer(st, deputy, _("deputy engineer"), err)) != SD_OK)
		return rc;
	if (!blank(engineer) && same(engineer, deputy))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("deputy engineer"),
		                  _("must be someone other than the appointed engineer"));
	if (!blank(agreed_by) && (rc = valid_text(agreed_by, _("agreed by"), SD_TEXT_NAME, err)) != SD_OK)
		return rc;
	/* inside the caller's transaction (the demonstration data) or one of its own */
	bool own_tx = sqlite3_get_autocommit(store_db(st)) != 0;
	memset(&cur, 0, sizeof cur);
	if (own_tx && (rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = appointed_get(st, customer, &cur, err)) != SD_OK)
		goto fail;
	if (version > 0 && cur.version != version) {
		char who[128];

		customer_last_change(st, "customer", customer, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                customer, who);
		goto fail;
	}
	bool replaced = !blank(cur.engineer) && !same(cur.engineer, engineer);
	if (replaced && blank(agreed_by)) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("agreed by: replacing the appointed engineer %s needs the customer's consent: name who agreed"),
		                cur.engineer);
		goto fail;
	}
	old = appoint_json(st, customer);
	q = store_prepare(st, "UPDATE customer SET engineer = ?, deputy = ?, "
	                      "engineer_agreed_by = CASE WHEN ? THEN ? ELSE engineer_agreed_by END, "
	                      "version = version + 1 WHERE name = ?", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	if (!blank(engineer))
		sqlite3_bind_text(q, 1, engineer, -1, SQLITE_TRANSIENT);
	if (!blank(deputy))
		sqlite3_bind_text(q, 2, deputy, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 3, replaced);
	if (!blank(agreed_by))
		sqlite3_bind_text(q, 4, agreed_by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 5, customer, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = store_fail(st, rc, _("saving a customer"), err);
		goto fail;
	}
	new = appoint_json(st, customer);
	if ((rc = store_audit(st, "customer", customer, "appoint", old, new, err)) != SD_OK)
		goto fail;
	free(old);
	free(new);
	appointed_free(&cur);
	return own_tx ? store_commit(st, err) : SD_OK;
fail:
	if (own_tx)
		store_rollback(st);
	free(old);
	free(new);
	appointed_free(&cur);
	return rc ? rc : SD_INTERNAL;
}

int
appointed_rank(store *st, const char *customer, const char *login)
{
	sd_appointed a;
	sd_err e;
	int rank = 0;

	if (!login || appointed_get(st, customer, &a, &e) != SD_OK)
		return 0;
	if (a.engineer && strcmp(a.engineer, login) == 0)
		rank = 1;
	else if (a.deputy && strcmp(a.deputy, login) == 0)
		rank = 2;
	appointed_free(&a);
	return rank;
}
