/* staff.c — the staff list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "intake.h"
#include "staff.h"
#include "text.h"
#include "valid.h"

static const struct {
	const char *code;
	const char *name;      /* translated on use */
	const char *zh;        /* accepted when parsing */
} roles[ROLE_COUNT] = {
	[ROLE_OPERATOR]    = { "operator",    N_("operator"),    "前台" },
	[ROLE_STOREKEEPER] = { "storekeeper", N_("storekeeper"), "库管" },
	[ROLE_ENGINEER]    = { "engineer",    N_("engineer"),    "工程师" },
	[ROLE_SUPERVISOR]  = { "supervisor",  N_("supervisor"),  "主管" },
};

const char *
staff_role_code(int role)
{
	return role >= 0 && role < ROLE_COUNT ? roles[role].code : "";
}

const char *
staff_role_name(int role)
{
	return role >= 0 && role < ROLE_COUNT ? _(roles[role].name) : "";
}

int
staff_role_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcasecmp(s, roles[i].code) == 0 || strcmp(s, roles[i].zh) == 0 ||
		    strcmp(s, _(roles[i].name)) == 0)
			return i;
	return -1;
}

void
staff_free(sd_staff *s)
{
	free(s->login);
	free(s->name);
	free(s->phone);
	memset(s, 0, sizeof *s);
}

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static void
read_row(sqlite3_stmt *q, sd_staff *out)
{
	out->login = xstrdup((const char *)sqlite3_column_text(q, 0));
	out->name = xstrdup((const char *)sqlite3_column_text(q, 1));
	out->phone = xstrdup((const char *)sqlite3_column_text(q, 2));
	out->role = staff_role_parse((const char *)sqlite3_column_text(q, 3));
	out->active = sqlite3_column_int(q, 4) != 0;
}

/* The stored row of login as JSON (malloc'd), or NULL if there is none. */
static char *
row_json(store *st, const char *login, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT json_object('login', login, 'name', name, "
	                                "'phone', phone, 'role', role, 'active', active) "
	                                "FROM staff WHERE login = ?", err);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return json;
}

static bool
same_text(const char *a, const char *b)
{
	if (blank(a) || blank(b))
		return blank(a) && blank(b);
	return strcmp(a, b) == 0;
}

/* Active supervisors other than login. */
static int
other_supervisors(store *st, const char *login)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM staff WHERE role = 'supervisor' "
	                                "AND active = 1 AND login <> ?", NULL);
	int n = 0;

	if (!q)
		return 0;
	sqlite3_bind_text(q, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	return n;
}

bool
staff_last_supervisor(store *st, const char *login)
{
	sd_staff cur;
	bool last;

	if (!login || staff_get(st, login, &cur, NULL) != SD_OK)
		return false;
	last = cur.active && cur.role == ROLE_SUPERVISOR && other_supervisors(st, login) == 0;
	staff_free(&cur);
	return last;
}

static int
check_fields(const sd_staff *s, sd_err *err)
{
	int rc;

	if (blank(s->login))
		return sd_err_set(err, SD_DATAERR, _("login: required"));
	if ((rc = valid_text(s->login, _("login"), SD_TEXT_LOGIN, err)) != SD_OK)
		return rc;
	if (blank(s->name))
		return sd_err_set(err, SD_DATAERR, _("name: required"));
	if ((rc = valid_text(s->name, C_("person", "name"), SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = valid_text(s->phone, _("phone"), SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	if (s->role < 0 || s->role >= ROLE_COUNT)
		return sd_err_set(err, SD_DATAERR, _("role: must be operator, storekeeper, engineer or supervisor"));
	return SD_OK;
}

int
staff_edit(store *st, const sd_staff *before, const sd_staff *s, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;
	sd_staff cur;
	bool have_cur;
	char *oldj = NULL, *newj = NULL;

	if ((rc = staff_permit_self(st, ACT_STAFF_CHANGE, err)) != SD_OK)
		return rc;
	if ((rc = check_fields(s, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	/* Read again inside the write lock: another desk may have changed the row. */
	have_cur = staff_get(st, s->login, &cur, NULL) == SD_OK;
	if (before && (!have_cur || !same_text(cur.name, before->name) ||
	               !same_text(cur.phone, before->phone) || cur.role != before->role ||
	               cur.active != before->active)) {
		if (have_cur)
			sd_err_set(err, SD_DATAERR,
			           _("%s was changed meanwhile by someone else; now: %s, %s, %s, %s; not saved"),
			           s->login, cur.name, cur.phone ? cur.phone : "-", staff_role_name(cur.role),
			           cur.active ? _("active") : _("inactive"));
		else
			sd_err_set(err, SD_DATAERR, _("%s is not on the staff list"), s->login);
		goto fail;
	}
	if (have_cur && cur.active && cur.role == ROLE_SUPERVISOR &&
	    (!s->active || s->role != ROLE_SUPERVISOR) && other_supervisors(st, s->login) == 0) {
		sd_err_set(err, SD_DATAERR,
		           _("%s is the last active supervisor and cannot be deactivated or given another role; make someone else supervisor first"),
		           s->login);
		goto fail;
	}
	if (have_cur)
		oldj = row_json(st, s->login, err);
	q = store_prepare(st,
		"INSERT INTO staff (login, name, phone, role, active) VALUES (?1, ?2, ?3, ?4, ?5) "
		"ON CONFLICT (login) DO UPDATE SET name = ?2, phone = ?3, role = ?4, active = ?5", err);
	if (!q)
		goto fail;
	sqlite3_bind_text(q, 1, s->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, s->name, -1, SQLITE_STATIC);
	if (!blank(s->phone))
		sqlite3_bind_text(q, 3, s->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, roles[s->role].code, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, s->active ? 1 : 0);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, _("saving a staff member"), err);
		goto fail;
	}
	newj = row_json(st, s->login, err);
	rc = store_audit(st, "staff", s->login, have_cur ? "update" : "insert", oldj, newj, err);
	if (rc != SD_OK)
		goto fail;
	if (have_cur)
		staff_free(&cur);
	free(oldj);
	free(newj);
	return store_commit(st, err);
fail:
	if (have_cur)
		staff_free(&cur);
	free(oldj);
	free(newj);
	store_rollback(st);
	return err && err->status ? err->status : SD_INTERNAL;
}

int
staff_put(store *st, const sd_staff *s, sd_err *err)
{
	return staff_edit(st, NULL, s, err);
}

int
staff_page(store *st, int from, const char *anchor, int limit, sd_staff *rows, int *n,
           sd_err *err)
{
	static const char *const sql[] = {
		[PAGE_FIRST] = "SELECT login, name, phone, role, active FROM staff "
		               "ORDER BY login ASC LIMIT ?2",
		[PAGE_LAST] = "SELECT login, name, phone, role, active FROM staff "
		              "ORDER BY login DESC LIMIT ?2",
		[PAGE_AFTER] = "SELECT login, name, phone, role, active FROM staff "
		               "WHERE login > ?1 ORDER BY login ASC LIMIT ?2",
		[PAGE_BEFORE] = "SELECT login, name, phone, role, active FROM staff "
		                "WHERE login < ?1 ORDER BY login DESC LIMIT ?2",
	};
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, count = 0;

	*n = 0;
	if (from < PAGE_FIRST || from > PAGE_BEFORE)
		return sd_err_set(err, SD_INTERNAL, "staff_page: bad direction");
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && !anchor)
		return sd_err_set(err, SD_INTERNAL, "staff_page: no anchor");
	if (limit <= 0)
		return SD_OK;
	if (!(q = store_prepare(st, sql[from], err)))
		return err ? err->status : SD_INTERNAL;
	if (anchor)
		sqlite3_bind_text(q, 1, anchor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, limit);
	while (count < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_row(q, &rows[count++]);
	sqlite3_reset(q);
	if (count < limit && rc != SQLITE_DONE) {
		for (int i = 0; i < count; i++)
			staff_free(&rows[i]);
		if (rc == SQLITE_INTERRUPT)
			return sd_err_set(err, SD_INTERNAL, "interrupted");
		return store_fail(st, rc, _("reading the staff list"), err);
	}
	if (from == PAGE_LAST || from == PAGE_BEFORE)
		for (int i = 0, j = count - 1; i < j; i++, j--) {
			sd_staff t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	*n = count;
	return SD_OK;
}

int
staff_get(store *st, const char *login, sd_staff *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT login, name, phone, role, active FROM staff WHERE login = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_row(q, out);
		sqlite3_reset(q);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the staff list"), err);
	return sd_err_set(err, SD_DATAERR, _("%s is not on the staff list"), login);
}

void
staff_label(store *st, const char *login, buf *out)
{
	sd_staff m;
	sd_err err;

	if (!login || !*login)
		return;
	memset(&m, 0, sizeof m);
	if (staff_get(st, login, &m, &err) == SD_OK && m.name && *m.name && strcmp(m.name, login) != 0)
		buf_printf(out, _("%s (%s)"), m.name, login);
	else
		buf_puts(out, login);
	staff_free(&m);
}

void
staff_label_login(store *st, const char *login, buf *out)
{
	sd_staff m;
	sd_err err;

	if (!login || !*login)
		return;
	if (staff_get(st, login, &m, &err) == SD_OK) {
		buf_printf(out, _("%s (%s)"), login, m.name ? m.name : "");
		staff_free(&m);
	} else {
		buf_puts(out, login);
	}
}

int
staff_each(store *st, bool active_only, int (*fn)(const sd_staff *s, void *arg),
           void *arg, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT login, name, phone, role, active FROM staff WHERE active OR NOT ? ORDER BY login", err);
	int rc, ret = SD_OK;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int(q, 1, active_only);
	/* Collect first: fn may itself use the store. */
	sd_staff *list = NULL;
	size_t n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		read_row(q, &list[n++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the staff list"), err);
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK)
			ret = fn(&list[i], arg);
		staff_free(&list[i]);
	}
	free(list);
	return ret;
}

bool
staff_can_receive(store *st, const char *login)
{
	sd_staff s;
	bool ok;

	if (!login || staff_get(st, login, &s, NULL) != SD_OK)
		return false;
	ok = s.active && (s.role == ROLE_ENGINEER || s.role == ROLE_SUPERVISOR);
	staff_free(&s);
	return ok;
}

int
staff_count(store *st, long *n, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM staff", err);
	int rc;

	*n = 0;
	if (!q)
		return err && err->status ? err->status : SD_INTERNAL;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the staff list"), err);
	return SD_OK;
}

/* Roles allowed for each action (bit per enum sd_role). */
static const unsigned action_roles[ACT_COUNT] = {
	[ACT_REQUEST_ADD]    = 0xf,
	[ACT_REQUEST_EDIT]   = 0xf,
	[ACT_REQUEST_HAND]   = 0xf,
	[ACT_REQUEST_VOID]   = 1u << ROLE_OPERATOR | 1u << ROLE_SUPERVISOR,
	[ACT_REQUEST_IMPORT] = 1u << ROLE_OPERATOR | 1u << ROLE_SUPERVISOR,
	[ACT_STAFF_CHANGE]   = 1u << ROLE_SUPERVISOR,
	[ACT_CUSTOMER_CHANGE] = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_LEDGER_TAKE]    = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_LEDGER_WORK]    = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_COMPLAINT]      = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_POLICY_CHANGE]  = 1u << ROLE_SUPERVISOR,
	[ACT_STOCK_MOVE]     = 1u << ROLE_STOREKEEPER | 1u << ROLE_SUPERVISOR,
	[ACT_PART_CHANGE]    = 1u << ROLE_STOREKEEPER | 1u << ROLE_SUPERVISOR,
	[ACT_ADMIN]          = 1u << ROLE_SUPERVISOR,
	[ACT_VISIT_PLAN]     = 1u << ROLE_SUPERVISOR,
	[ACT_VISIT_WORK]     = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_VISIT_CALL]     = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_REPORT_READ]    = 0xf,
	[ACT_LOOK]           = 0xf,
	[ACT_CONTRACT_CHANGE] = 1u << ROLE_SUPERVISOR,
	[ACT_CONTRACT_READ]  = 0xf,
	[ACT_REPAIR_RECEIVE] = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_REPAIR_WORK]    = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_LOAN]           = 1u << ROLE_STOREKEEPER | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_COMPLAINT_HANDLE] = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_COMPLAINT_APPROVE] = 1u << ROLE_SUPERVISOR,
	[ACT_INSTALL_PLAN]   = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_INSTALL_WORK]   = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_RETURN_RAISE]   = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_RETURN_APPROVE] = 1u << ROLE_SUPERVISOR,
	[ACT_RETURN_CARRY]   = 1u << ROLE_STOREKEEPER | 1u << ROLE_SUPERVISOR,
	[ACT_QUOTE_MAKE]     = 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
	[ACT_QUOTE_ANSWER]   = 1u << ROLE_OPERATOR | 1u << ROLE_ENGINEER | 1u << ROLE_SUPERVISOR,
};

/* Does the supervisor let people not on the staff list look (setting guest_read)? */
static int
guests_may_look(store *st, bool *yes, sd_err *err)
{
	char *v = NULL;
	int rc = store_setting_get(st, "guest_read", &v, err);

	*yes = rc == SD_OK && v && strcmp(v, "yes") == 0;
	free(v);
	return rc;
}

int
staff_permit(store *st, const char *login, enum sd_action action, sd_err *err)
{
	sd_staff s;
	sd_err e;
	long n;
	int rc;
	bool guests;

	if (action < 0 || action >= ACT_COUNT)
		return sd_err_set(err, SD_INTERNAL, "staff_permit: unknown action");
	/* a new database: anyone may add the first people, and there is nothing to see */
	if (action == ACT_STAFF_CHANGE || action == ACT_LOOK) {
		if ((rc = staff_count(st, &n, err)) != SD_OK)
			return rc;
		if (n == 0)
			return SD_OK;
	}
	sd_err_clear(&e);
	if (!login || !*login)
		rc = SD_DATAERR;
	else if ((rc = staff_get(st, login, &s, &e)) != SD_OK && rc != SD_DATAERR) {
		/* a read error decides nothing */
		if (err)
			*err = e;
		return rc;
	}
	if (rc != SD_OK) {
		if (action == ACT_LOOK) {
			if ((rc = guests_may_look(st, &guests, err)) != SD_OK)
				return rc;
			if (guests)
				return SD_OK;
		}
		return sd_err_set(err, SD_NOPERM,
		                  _("not permitted: %s is not on the staff list; a supervisor can add you with: servdesk staff add %s --name NAME --role ROLE"),
		                  login ? login : "", login ? login : "LOGIN");
	}
	if (!s.active) {
		if (action == ACT_LOOK && (rc = guests_may_look(st, &guests, err)) != SD_OK)
			;
		else if (action == ACT_LOOK && guests)
			rc = SD_OK;
		else
			rc = sd_err_set(err, SD_NOPERM, _("not permitted: %s is no longer active on the staff list"),
			                login);
	} else if (!(action_roles[action] & (1u << s.role)))
		rc = sd_err_set(err, SD_NOPERM, _("not permitted for the role %s"), staff_role_name(s.role));
	else
		rc = SD_OK;
	staff_free(&s);
	return rc;
}

int
staff_permit_self(store *st, enum sd_action action, sd_err *err)
{
	return staff_permit(st, store_user(st), action, err);
}
