/*
 * ledger.c — the after-sales ledger: lifecycle steps (one transaction each,
 * with an event, the stored due times and an audit row), the service-level
 * clocks, charges and payments, keyset paging, the policy table, and the
 * listings of charge lines, payments, policy rows and fault categories.
 *
 * The lifecycle is the table `steps` below: for each step, the states it is
 * allowed in (a refusal message for every other state) and the state it
 * leads to. States only move forward, so a step allowed in a later state
 * (assigning another engineer after the proposal) leaves the state as is.
 *
 * Times of the dated steps form a chain: received <= solution proposed <=
 * arrived on site <= cleared <= confirmed <= closed. Signatures (take,
 * assign) are dated now and may not precede the receipt. A step dated
 * before the receipt or before the previous step of the chain is refused.
 * Clearing the fault and declaring the entry unresolvable end an open
 * pause; an entry declared unresolvable stops its unfinished clocks at that
 * moment (met or missed by then).
 *
 * Every event records the engineer on the entry once the step is recorded
 * (for an assignment, the engineer assigned): the assignment history. The
 * counted steps (the solution first proposed, the arrival, the clearing, the
 * close) also keep that engineer on the entry (proposed_engineer, ...), so
 * the monthly summary credits the engineer of the time, not of today.
 *
 * Transactions: a step opens its own transaction; if the caller already
 * holds one (the demonstration data), it runs inside a savepoint of it.
 *
 * The calendar in force is kept with the store (store_attach), reloaded when
 * the setting calendar_file or the file's modification time changes, and
 * released when the store closes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "csvtab.h"
#include "contract.h"
#include "customer.h"
#include "history.h"
#include "doc.h"
#include "ledger.h"
#include "money.h"
#include "staff.h"
#include "text.h"
#include "valid.h"

/* ---------------------------------------------------------------- codes */

static const struct {
	const char *code, *name, *zh;
} state_codes[LS_COUNT] = {
	[LS_REGISTERED]   = { "registered",   N_("registered"),            "已登记" },
	[LS_ASSIGNED]     = { "assigned",     N_("assigned"),              "已分派" },
	[LS_PROPOSED]     = { "proposed",     N_("solution proposed"),     "已提出方案" },
	[LS_IN_SERVICE]   = { "in_service",   N_("in service"),            "服务中" },
	[LS_AWAITING]     = { "awaiting",     N_("awaiting confirmation"), "待用户确认" },
	[LS_CLOSED]       = { "closed",       N_("closed"),                "已关闭" },
	[LS_UNRESOLVABLE] = { "unresolvable", N_("unresolvable"),          "无法解决" },
};

static const struct {
	const char *code, *name;
	const char *alias[5];
} mode_codes[MODE_COUNT] = {
	[MODE_ONSITE] = { "onsite", N_("on site"),        { "现场", "现场服务", "on-site", "on site", NULL } },
	[MODE_REMOTE] = { "remote", N_("remote login"),   { "远程登录", "远程", "remote login", NULL } },
	[MODE_EMAIL]  = { "email",  N_("e-mail"),         { "电子邮件", "邮件", "e-mail", NULL } },
	[MODE_PHONE]  = { "phone",  N_("phone guidance"), { "电话指导", "电话", "phone guidance", NULL } },
};

static const struct {
	const char *code, *name;
	const char *alias[4];
} how_codes[HOW_COUNT] = {
	[HOW_PHONE] = { "phone", N_("phone"),                     { "电话", "telephone", NULL } },
	[HOW_FAX]   = { "fax",   N_("fax"),                       { "传真", NULL } },
	[HOW_CARD]  = { "card",  N_("signed on the service card"), { "服务卡签字", "服务卡", "签字", "service card" } },
};

const char *
ledger_state_code(int s)
{
	return s >= 0 && s < LS_COUNT ? state_codes[s].code : "";
}

const char *
ledger_event_name(const char *kind)
{
	static const struct {
		const char *code, *name;
	} kinds[] = {
		{ "take", N_("taken in") }, { "assign", N_("assigned") },
		{ "propose", N_("solution proposed") }, { "contact", N_("first contact") },
		{ "plan_visit", N_("visit planned") }, { "plan", N_("visit planned") },
		{ "visit", N_("visit planned") }, { "arrive", N_("arrived") },
		{ "clear", N_("fault cleared") }, { "confirm", N_("confirmed") },
		{ "close", N_("closed") }, { "unresolvable", N_("unresolvable") },
		{ "pause", N_("clocks paused") }, { "resume", N_("clocks resumed") },
		{ "diagnose", N_("diagnosed") }, { "escalate", N_("escalated") },
		{ "charge", N_("charge") }, { "payment", N_("payment") },
		{ "item", N_("item settled") }, { "card", N_("service card signed") },
		{ "card_in", N_("service card back at the office") },
	};

	if (!kind)
		return "";
	for (size_t i = 0; i < SD_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].code, kind) == 0)
			return _(kinds[i].name);
	return kind;
}

const char *
ledger_state_name(int s)
{
	return s >= 0 && s < LS_COUNT ? _(state_codes[s].name) : "";
}

int
ledger_state_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < LS_COUNT; i++)
		if (strcasecmp(s, state_codes[i].code) == 0 || strcmp(s, state_codes[i].zh) == 0 ||
		    strcmp(s, _(state_codes[i].name)) == 0 || strcasecmp(s, state_codes[i].name) == 0)
			return i;
	return -1;
}

const char *
ledger_mode_code(int m)
{
	return m >= 0 && m < MODE_COUNT ? mode_codes[m].code : "";
}

const char *
ledger_mode_name(int m)
{
	return m >= 0 && m < MODE_COUNT ? _(mode_codes[m].name) : "";
}

int
ledger_mode_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < MODE_COUNT; i++) {
		if (strcasecmp(s, mode_codes[i].code) == 0 || strcmp(s, _(mode_codes[i].name)) == 0)
			return i;
		for (int j = 0; j < 5 && mode_codes[i].alias[j]; j++)
			if (strcasecmp(s, mode_codes[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

const char *
ledger_how_code(int h)
{
	return h >= 0 && h < HOW_COUNT ? how_codes[h].code : "";
}

const char *
ledger_how_name(int h)
{
	return h >= 0 && h < HOW_COUNT ? _(how_codes[h].name) : "";
}

int
ledger_how_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < HOW_COUNT; i++) {
		if (strcasecmp(s, how_codes[i].code) == 0 || strcmp(s, _(how_codes[i].name)) == 0)
			return i;
		for (int j = 0; j < 4 && how_codes[i].alias[j]; j++)
			if (strcasecmp(s, how_codes[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

/* ---------------------------------------------------------------- the lifecycle table */

enum step {
	STEP_ASSIGN, STEP_PROPOSE, STEP_CONTACT, STEP_PLAN, STEP_ARRIVE, STEP_CLEAR,
	STEP_CONFIRM, STEP_CLOSE, STEP_UNRESOLVABLE, STEP_PAUSE, STEP_RESUME, STEP_DIAGNOSE,
	STEP_ESCALATE, STEP_ITEM, STEP_CARD, STEP_COUNT
};

/* Refusals shared by several steps. */
#define R_NO_ENGINEER N_("no engineer is assigned yet")
#define R_NO_SOLUTION N_("the entry has no solution yet")
#define R_NOT_CLEARED N_("the fault has not been cleared yet")
#define R_CLEARED     N_("the fault is already cleared; the entry awaits the user's confirmation")

static const struct {
	const char *kind;                 /* ledger_event kind and audit action */
	int to;                           /* the state it leads to (states only move forward), -1 none */
	const char *refuse[LS_COUNT];     /* NULL: allowed in that state; closed states refuse all */
} steps[STEP_COUNT] = {
	[STEP_ASSIGN] = { "assign", LS_ASSIGNED, {
		[LS_AWAITING] = R_CLEARED } },
	[STEP_PROPOSE] = { "propose", LS_PROPOSED, {
		[LS_REGISTERED] = R_NO_ENGINEER,
		[LS_IN_SERVICE] = N_("the engineer is already at work; the solution can no longer be changed"),
		[LS_AWAITING] = R_CLEARED } },
	[STEP_CONTACT] = { "contact", -1, {
		[LS_AWAITING] = R_CLEARED } },
	[STEP_PLAN] = { "plan_visit", -1, {
		[LS_REGISTERED] = R_NO_ENGINEER,
		[LS_ASSIGNED] = N_("the entry has no solution yet (a visit is planned for on-site service)"),
		[LS_IN_SERVICE] = N_("the engineer has already arrived on site"),
		[LS_AWAITING] = R_CLEARED } },
	[STEP_ARRIVE] = { "arrive", LS_IN_SERVICE, {
		[LS_REGISTERED] = R_NO_SOLUTION,
		[LS_ASSIGNED] = R_NO_SOLUTION,
		[LS_IN_SERVICE] = N_("the arrival on site is already recorded"),
		[LS_AWAITING] = R_CLEARED } },
	[STEP_CLEAR] = { "clear", LS_AWAITING, {
		[LS_REGISTERED] = R_NO_SOLUTION,
		[LS_ASSIGNED] = R_NO_SOLUTION,
		[LS_AWAITING] = N_("the fault is already recorded as cleared") } },
	[STEP_CONFIRM] = { "confirm", -1, {
		[LS_REGISTERED] = R_NOT_CLEARED,
		[LS_ASSIGNED] = R_NOT_CLEARED,
		[LS_PROPOSED] = R_NOT_CLEARED,
		[LS_IN_SERVICE] = R_NOT_CLEARED } },
	[STEP_CLOSE] = { "close", LS_CLOSED, {
		[LS_REGISTERED] = R_NO_SOLUTION,
		[LS_ASSIGNED] = R_NO_SOLUTION,
		[LS_PROPOSED] = R_NOT_CLEARED,
		[LS_IN_SERVICE] = R_NOT_CLEARED } },
	[STEP_UNRESOLVABLE] = { "unresolvable", LS_UNRESOLVABLE, { NULL } },
	[STEP_PAUSE] = { "pause", -1, {
		[LS_AWAITING] = N_("the fault is cleared; no clock is running") } },
	[STEP_RESUME] = { "resume", -1, { NULL } },
	[STEP_DIAGNOSE] = { "diagnose", -1, {
		[LS_REGISTERED] = R_NO_ENGINEER,
		[LS_AWAITING] = R_CLEARED } },
	[STEP_ESCALATE] = { "escalate", -1, {
		[LS_PROPOSED] = N_("a solution is already proposed; there is nothing to escalate"),
		[LS_IN_SERVICE] = N_("a solution is already proposed; there is nothing to escalate"),
		[LS_AWAITING] = R_CLEARED } },
	[STEP_ITEM] = { "item", -1, {
		[LS_REGISTERED] = R_NO_ENGINEER } },
	[STEP_CARD] = { "card", -1, {
		[LS_REGISTERED] = R_NOT_CLEARED,
		[LS_ASSIGNED] = R_NOT_CLEARED,
		[LS_PROPOSED] = R_NOT_CLEARED,
		[LS_IN_SERVICE] = R_NOT_CLEARED } },
};

/* ---------------------------------------------------------------- small helpers */

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

static char *
col_dup(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? xstrdup(s) : NULL;
}

static void
col_copy(sqlite3_stmt *q, int i, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	snprintf(out, size, "%s", s ? s : "");
}

static void
bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the after-sales ledger"), err);
}

/* Run a statement that returns no rows; SD_OK or the failure. */
static int
run(store *st, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* Stored time text to minutes; SD_NO_TIME when empty or malformed. */
static sd_time
tparse(const char *s)
{
	sd_time t;

	return s && *s && time_parse(s, &t) ? t : SD_NO_TIME;
}

static void
tformat(sd_time t, char out[17])
{
	if (t == SD_NO_TIME)
		out[0] = '\0';
	else
		time_format(t, out);
}

static void
bind_time(sqlite3_stmt *q, int i, sd_time t)
{
	char s[17];

	if (t == SD_NO_TIME) {
		sqlite3_bind_null(q, i);
		return;
	}
	time_format(t, s);
	sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
}

/* A text field: required or not, valid UTF-8, at most max characters, single line unless multiline. */
static int
check_text(const char *s, const char *label, bool required, sd_text_kind kind, sd_err *err)
{
	if (blank(s)) {
		if (required)
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("required"));
		return SD_OK;
	}
	return valid_text(s, label, kind, err);
}

/*
 * at NULL or "" means now; otherwise a time "YYYY-MM-DD HH:MM" of something
 * that happened (not in the future, not before 2000: valid.h).
 */
static int
parse_at(const char *at, char out[17], const char *label, sd_err *err)
{
	if (!at || !*at) {
		store_now(out);
		return SD_OK;
	}
	if (!intake_parse_time(at, out))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label,
		                  _("expected a date and time like 2026-11-24 09:30"));
	return valid_time_happened(out, label, err);
}

/* A planned time: like parse_at, but within the planning horizon instead. */
static int
parse_planned(store *st, const char *at, char out[17], const char *label, sd_err *err)
{
	if (!at || !*at) {
		store_now(out);
		return SD_OK;
	}
	if (!intake_parse_time(at, out))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label,
		                  _("expected a date and time like 2026-11-24 09:30"));
	return valid_time_planned(st, out, label, err);
}

/* Refuse at before ref (when ref is set): "label: AT is before WHAT (REF)". */
static int
not_before(const char *at, const char *ref, const char *label, const char *what, sd_err *err)
{
	if (ref && ref[0] && strcmp(at, ref) < 0)
		/* TRANSLATORS: field, the time given, the earlier event, its time. */
		return sd_err_set(err, SD_DATAERR, _("%s: %s is before %s (%s)"), label, at, what, ref);
	return SD_OK;
}

/* The latest time of the chain of dated steps of l (received, proposed, arrived, cleared, confirmed). */
static const char *
chain_last(const sd_ledger *l, const char **what)
{
	const char *t = l->received_at;

	*what = _("the request was received");
	if (strcmp(l->proposed_at, t) > 0)
		t = l->proposed_at, *what = _("the solution was proposed");
	if (strcmp(l->arrived_at, t) > 0)
		t = l->arrived_at, *what = _("the engineer arrived on site");
	if (strcmp(l->cleared_at, t) > 0)
		t = l->cleared_at, *what = _("the fault was cleared");
	if (strcmp(l->confirmed_at, t) > 0)
		t = l->confirmed_at, *what = _("the user confirmed");
	return t;
}

/*
 * An active staff member who may sign; with engineer, one whose role is
 * engineer or supervisor. Fills name (malloc'd) if not NULL.
 */
static int
check_signer(store *st, const char *login, bool engineer, const char *label, char **name, sd_err *err)
{
	sd_staff s;
	sd_err miss;

	if (blank(login))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("required"));
	if (staff_get(st, login, &s, &miss) != SD_OK)
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not on the staff list"), label, login);
	if (!s.active) {
		staff_free(&s);
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not an active staff member"), label, login);
	}
	if (engineer && s.role != ROLE_ENGINEER && s.role != ROLE_SUPERVISOR) {
		int rc = sd_err_set(err, SD_DATAERR, _("%s: %s is not an engineer or supervisor (%s)"),
		                    label, login, staff_role_name(s.role));
		staff_free(&s);
		return rc;
	}
	if (name)
		*name = xstrdup(s.name);
	staff_free(&s);
	return SD_OK;
}

/* ---------------------------------------------------------------- the calendar registry */

struct calendar_entry {
	char *path;          /* store_path when loaded */
	char *source;        /* the setting calendar_file ("" = built-in) */
	long long mtime;     /* the file's modification time when loaded */
	workcal *cal;
	char digest[17];     /* hex of workcal_digest */
};

static long long
file_mtime(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_mtime : -1;
}

static void
calendar_entry_free(void *data)
{
	struct calendar_entry *e = data;

	free(e->path);
	free(e->source);
	workcal_free(e->cal);
	free(e);
}

#define CALENDAR_SLOT "ledger.calendar"

/* The calendar of st, (re)loaded as needed, without the digest check. */
static struct calendar_entry *
calendar_entry(store *st, sd_err *err)
{
	struct calendar_entry *e = NULL;
	char *source = store_setting(st, "calendar_file", "");
	const char *path = store_path(st) ? store_path(st) : "";
	long long mtime = *source ? file_mtime(source) : 0;

	e = store_attached(st, CALENDAR_SLOT);
	if (e && strcmp(e->path, path) == 0 && strcmp(e->source, source) == 0 && e->mtime == mtime) {
		free(source);
		return e;
	}
	workcal *cal = NULL;
	int rc;
	if (*source)
		rc = workcal_load(source, &cal, err);
	else
		rc = workcal_parse(_("built-in calendar"), workcal_builtin_text(), &cal, err);
	if (rc != SD_OK) {
		free(source);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	store_attach(st, CALENDAR_SLOT, e, calendar_entry_free);
	e->path = xstrdup(path);
	e->source = source;
	e->mtime = mtime;
	e->cal = cal;
	snprintf(e->digest, sizeof e->digest, "%016llx", (unsigned long long)workcal_digest(cal));
	return e;
}

static int recompute(store *st, const workcal *cal, const char *digest, long *count, sd_err *err);

const workcal *
ledger_calendar(store *st, sd_err *err)
{
	struct calendar_entry *e = calendar_entry(st, err);
	char *stored;

	if (!e)
		return NULL;
	stored = store_setting(st, "calendar_digest", "");
	if (strcmp(stored, e->digest) != 0) {
		sd_err quiet;
		long n;

		/* A busy or read-only database keeps its due times until the next change. */
		recompute(st, e->cal, e->digest, &n, &quiet);
	}
	free(stored);
	return e->cal;
}

bool
ledger_calendar_runs_out(store *st, sd_date today, sd_date *last, sd_err *err)
{
	const workcal *cal = ledger_calendar(st, err);

	*last = 0;
	if (cal == NULL)
		return false;
	sd_err_clear(err);
	*last = workcal_last_day(cal);
	return *last == 0 || *last - today <= LEDGER_CALENDAR_WARN_DAYS;
}

/* ---------------------------------------------------------------- loading */

void
ledger_free(sd_ledger *l)
{
	free(l->customer);
	free(l->serial);
	free(l->first_item);
	free(l->responsible);
	free(l->engineer);
	free(l->fault_code);
	free(l->solution);
	free(l->confirmed_by);
	free(l->unresolvable_reason);
	free(l->diagnosis);
	free(l->escalated_to);
	free(l->escalation_note);
	memset(l, 0, sizeof *l);
	l->mode = -1;
	l->confirmed_how = -1;
}

static const char ledger_cols[] =
	"l.id, r.regno, l.state, l.version, r.received_at, r.priority, r.customer, r.serial, "
	"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), "
	"l.responsible, l.responsible_at, l.engineer, l.engineer_at, l.service_mode, l.fault_code, "
	"l.solution, l.proposed_at, l.first_contact_at, l.planned_visit_at, l.arrived_at, "
	"l.cleared_at, l.confirmed_by, l.confirmed_at, l.confirmed_how, l.closed_at, "
	"l.unresolvable_reason, "
	"EXISTS (SELECT 1 FROM clock_pause p WHERE p.ledger_id = l.id AND p.to_at IS NULL), "
	"l.reply_due, l.respond_due, l.diagnose_due, l.onsite_due, l.clear_due, l.escalate_due, "
	"l.diagnosed_at, l.diagnosis, l.escalated_at, l.escalated_to, l.escalation_note, "
	"(SELECT pr.regno FROM ledger p JOIN request pr ON pr.id = p.request_id WHERE p.id = l.repeat_of)";

static void
read_ledger(sqlite3_stmt *q, sd_ledger *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(q, 0);
	col_copy(q, 1, l->regno, sizeof l->regno);
	l->state = ledger_state_parse((const char *)sqlite3_column_text(q, 2));
	l->version = sqlite3_column_int(q, 3);
	col_copy(q, 4, l->received_at, sizeof l->received_at);
	l->priority = sqlite3_column_int(q, 5);
	l->customer = col_dup(q, 6);
	l->serial = col_dup(q, 7);
	l->first_item = col_dup(q, 8);
	l->responsible = col_dup(q, 9);
	col_copy(q, 10, l->responsible_at, sizeof l->responsible_at);
	l->engineer = col_dup(q, 11);
	col_copy(q, 12, l->engineer_at, sizeof l->engineer_at);
	l->mode = sqlite3_column_type(q, 13) == SQLITE_NULL ? -1
	        : ledger_mode_parse((const char *)sqlite3_column_text(q, 13));
	l->fault_code = col_dup(q, 14);
	l->solution = col_dup(q, 15);
	col_copy(q, 16, l->proposed_at, sizeof l->proposed_at);
	col_copy(q, 17, l->first_contact_at, sizeof l->first_contact_at);
	col_copy(q, 18, l->planned_visit_at, sizeof l->planned_visit_at);
	col_copy(q, 19, l->arrived_at, sizeof l->arrived_at);
	col_copy(q, 20, l->cleared_at, sizeof l->cleared_at);
	l->confirmed_by = col_dup(q, 21);
	col_copy(q, 22, l->confirmed_at, sizeof l->confirmed_at);
	l->confirmed_how = sqlite3_column_type(q, 23) == SQLITE_NULL ? -1
	                 : ledger_how_parse((const char *)sqlite3_column_text(q, 23));
	col_copy(q, 24, l->closed_at, sizeof l->closed_at);
	l->unresolvable_reason = col_dup(q, 25);
	l->paused = sqlite3_column_int(q, 26) != 0;
	for (int c = 0; c < CLOCK_COUNT; c++)
		l->due[c] = tparse((const char *)sqlite3_column_text(q, 27 + c));
	col_copy(q, 27 + CLOCK_COUNT, l->diagnosed_at, sizeof l->diagnosed_at);
	l->diagnosis = col_dup(q, 28 + CLOCK_COUNT);
	col_copy(q, 29 + CLOCK_COUNT, l->escalated_at, sizeof l->escalated_at);
	l->escalated_to = col_dup(q, 30 + CLOCK_COUNT);
	l->escalation_note = col_dup(q, 31 + CLOCK_COUNT);
	col_copy(q, 32 + CLOCK_COUNT, l->repeat_of, sizeof l->repeat_of);
}

int
ledger_get(store *st, const char *regno, sd_ledger *out, sd_err *err)
{
	char sql[1024];
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	out->mode = -1;
	out->confirmed_how = -1;
	snprintf(sql, sizeof sql,
	         "SELECT %s FROM request r JOIN ledger l ON l.request_id = r.id WHERE r.regno = ?",
	         ledger_cols);
	if (!(q = store_prepare(st, sql, err)))
		return err->status;
	sqlite3_bind_text(q, 1, regno ? regno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_ledger(q, out);
		sqlite3_reset(q);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	if (!(q = store_prepare(st, "SELECT 1 FROM request WHERE regno = ?", err)))
		return err->status;
	sqlite3_bind_text(q, 1, regno ? regno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return sd_err_set(err, SD_DATAERR, _("%s has not been taken into the ledger"), regno);
	return sd_err_set(err, SD_DATAERR, _("no request with register number %s"), regno ? regno : "");
}

/* The entry's row as JSON (audit trail), malloc'd or NULL. */
static char *
ledger_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('regno', r.regno, 'state', l.state, 'responsible', l.responsible, "
		"'responsible_at', l.responsible_at, 'engineer', l.engineer, 'engineer_at', l.engineer_at, "
		"'service_mode', l.service_mode, 'fault_code', l.fault_code, 'solution', l.solution, "
		"'proposed_at', l.proposed_at, 'first_contact_at', l.first_contact_at, "
		"'planned_visit_at', l.planned_visit_at, 'arrived_at', l.arrived_at, "
		"'cleared_at', l.cleared_at, 'confirmed_by', l.confirmed_by, 'confirmed_at', l.confirmed_at, "
		"'confirmed_how', l.confirmed_how, 'closed_at', l.closed_at, "
		"'unresolvable_reason', l.unresolvable_reason, 'diagnosed_at', l.diagnosed_at, "
		"'diagnosis', l.diagnosis, 'escalated_at', l.escalated_at, 'escalated_to', l.escalated_to, "
		"'escalation_note', l.escalation_note, 'reply_due', l.reply_due, 'respond_due', l.respond_due, "
		"'diagnose_due', l.diagnose_due, 'onsite_due', l.onsite_due, 'clear_due', l.clear_due, "
		"'escalate_due', l.escalate_due, 'next_due', l.next_due, "
		"'card_signed_by', l.card_signed_by, 'card_signed_at', l.card_signed_at, "
		"'card_opinion', l.card_opinion, 'card_rating', l.card_rating, 'card_due', l.card_due, "
		"'card_in_at', l.card_in_at, 'card_in_by', l.card_in_by, "
		"'version', l.version) "
		"FROM ledger l JOIN request r ON r.id = l.request_id WHERE l.id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

/* Who changed entry regno last, and when (from the audit trail). */
static void
last_change(store *st, const char *regno, char *out, size_t size)
{
	char who[64], at[32];

	if (store_last_change(st, "ledger", regno, who, sizeof who, at, sizeof at))
		snprintf(out, size, "%s %s", who, at);
	else
		snprintf(out, size, "%s", _("by someone else"));
}

/* ---------------------------------------------------------------- policy */

/* The policy's duration columns, in the order of enum sla_clock (fixed SQL, no user text). */
#define POLICY_COLS "reply_in, respond_in, diagnose_in, onsite_in, clear_in, escalate_in"

/* Read the durations of a policy row from columns first.. of q; SD_DATAERR if one is unreadable. */
static int
read_policy(sqlite3_stmt *q, int first, sla_policy *out, sd_err *err)
{
	for (int c = 0; c < CLOCK_COUNT; c++) {
		const char *v = (const char *)sqlite3_column_text(q, first + c);
		if (!sla_dur_parse(v, &out->d[c]))
			return sd_err_set(err, SD_DATAERR, _("service-level policy: %s: unreadable duration '%s'"),
			                  sla_clock_name(c), v ? v : "");
	}
	return SD_OK;
}

/* The policy row for priority and region; *which: 2 regional row, 1 default row, 0 none (all off). */
static int
policy_lookup(store *st, int priority, const char *region, sla_policy *out, int *which, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	*which = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 && blank(region))
			continue;
		q = store_prepare(st, pass == 0
			? "SELECT " POLICY_COLS " FROM sla_policy WHERE priority = ? AND region = ?"
			: "SELECT " POLICY_COLS " FROM sla_policy WHERE priority = ? AND region IS NULL", err);
		if (!q)
			return err->status;
		sqlite3_bind_int(q, 1, priority);
		if (pass == 0)
			sqlite3_bind_text(q, 2, region, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			rc = read_policy(q, 0, out, err);
			*which = pass == 0 ? 2 : 1;
			sqlite3_reset(q);
			return rc;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return store_fail(st, rc, _("reading the service-level policy"), err);
	}
	return SD_OK;
}

int
ledger_office_hours(store *st, sla_hours *out)
{
	char *v = store_setting(st, "office_hours", "");
	bool ok = sla_hours_parse(v, out);

	free(v);
	if (!ok)
		*out = SLA_ALL_DAY;
	return ok;
}

int
ledger_policy(store *st, int priority, const char *region, sla_policy *out, sd_err *err)
{
	int which;

	sd_err_clear(err);
	return policy_lookup(st, priority, region, out, &which, err);
}

/* The region of the customer named name (malloc'd), or NULL. */
static char *
customer_region(store *st, const char *name)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT region FROM customer WHERE name = ?", NULL);
	char *region = NULL;

	if (!q || !name)
		return NULL;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		region = col_dup(q, 0);
	sqlite3_reset(q);
	return region;
}

/* ---------------------------------------------------------------- clocks */

struct pauses {
	sla_pause *v;
	char **reasons;
	size_t n;
};

static void
pauses_free(struct pauses *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->reasons[i]);
	free(p->reasons);
	free(p->v);
	memset(p, 0, sizeof *p);
}

static int
load_pauses(store *st, long long id, struct pauses *p, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT from_at, to_at, reason FROM clock_pause WHERE ledger_id = ? ORDER BY from_at, id", err);
	int rc;

	memset(p, 0, sizeof *p);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
		p->reasons = xrealloc(p->reasons, (p->n + 1) * sizeof *p->reasons);
		p->reasons[p->n] = col_dup(q, 2);
		p->v[p->n].from = tparse((const char *)sqlite3_column_text(q, 0));
		p->v[p->n].to = tparse((const char *)sqlite3_column_text(q, 1));
		p->v[p->n].reason = p->reasons[p->n];
		p->n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		pauses_free(p);
		return store_fail(st, rc, _("reading the clock pauses"), err);
	}
	return SD_OK;
}

/* What stops each clock, for the explanation. */
static const char *
clock_done_what(int clock)
{
	switch (clock) {
	case CLOCK_REPLY:    return _("first contact with the customer");
	case CLOCK_RESPOND:  return _("solution proposed");
	case CLOCK_DIAGNOSE: return _("diagnosis recorded");
	case CLOCK_ONSITE:   return _("arrived on site");
	default:             return _("fault cleared");
	}
}

/* The times of the steps that stop clocks. */
enum { T_CONTACT, T_PROPOSED, T_DIAGNOSED, T_ARRIVED, T_CLEARED, T_ESCALATED, T_COUNT };

static sd_time
tmin(sd_time a, sd_time b)
{
	if (a == SD_NO_TIME)
		return b;
	if (b == SD_NO_TIME)
		return a;
	return a < b ? a : b;
}

/*
 * When clock c stopped (SD_NO_TIME: not yet), given the step times and its
 * due time. The first reply is the first contact, or a solution proposed or
 * an arrival on site, which imply one. The escalation: a solution before any
 * escalation stops it; an escalation in time turns it into the expert
 * group's clock, stopped by the solution (its due time then runs from the
 * escalation); an escalation after the due time stops it, late.
 */
static sd_time
clock_done(int c, const sd_time t[T_COUNT], sd_time due)
{
	switch (c) {
	case CLOCK_REPLY:    return tmin(t[T_CONTACT], tmin(t[T_PROPOSED], t[T_ARRIVED]));
	case CLOCK_RESPOND:  return t[T_PROPOSED];
	case CLOCK_DIAGNOSE: return t[T_DIAGNOSED];
	case CLOCK_ONSITE:   return t[T_ARRIVED];
	case CLOCK_CLEAR:    return t[T_CLEARED];
	case CLOCK_ESCALATE:
		if (t[T_ESCALATED] != SD_NO_TIME &&
		    (t[T_PROPOSED] == SD_NO_TIME || t[T_PROPOSED] > t[T_ESCALATED]))
			return due != SD_NO_TIME && t[T_ESCALATED] > due ? t[T_ESCALATED] : t[T_PROPOSED];
		return t[T_PROPOSED];
	default:
		return SD_NO_TIME;
	}
}

static void
step_times(const sd_ledger *l, sd_time t[T_COUNT])
{
	t[T_CONTACT] = tparse(l->first_contact_at);
	t[T_PROPOSED] = tparse(l->proposed_at);
	t[T_DIAGNOSED] = tparse(l->diagnosed_at);
	t[T_ARRIVED] = tparse(l->arrived_at);
	t[T_CLEARED] = tparse(l->cleared_at);
	t[T_ESCALATED] = tparse(l->escalated_at);
}

const char *
ledger_clock_state_name(const sd_ledger *l, int clock, int state)
{
	if (clock == CLOCK_ESCALATE && l && !l->escalated_at[0] && !l->proposed_at[0] &&
	    (state == SLA_NEAR || state == SLA_OVERDUE))
		return _("to escalate");
	return sla_state_name(state);
}

static void
explain_policy(buf *ex, const sd_ledger *l, const char *region, const sla_policy *p, int which,
               const sla_hours *hours, long long contract_id, const bool by_contract[CLOCK_COUNT])
{
	char hs[16];

	if (which == 2)
		/* TRANSLATORS: priority, region. */
		buf_printf(ex, _("policy: P%d, region %s (the region's own row)\n"), l->priority, region);
	else if (which == 1 && !blank(region))
		buf_printf(ex, _("policy: P%d, default row (region %s has no row of its own)\n"), l->priority, region);
	else if (which == 1)
		buf_printf(ex, _("policy: P%d, default row (customer's region unknown)\n"), l->priority);
	else
		buf_printf(ex, _("policy: no row for P%d: no commitments\n"), l->priority);
	if (contract_id > 0)
		/* TRANSLATORS: contract number, priority. */
		buf_printf(ex, _("service contract %lld in force on the day of receipt: its own P%d levels "
		                 "for the clocks it names, the policy's for the others\n"),
		           contract_id, l->priority);
	if (which == 0 && contract_id <= 0)
		return;
	for (int c = 0; c < CLOCK_COUNT; c++) {
		char d[80];

		sla_dur_describe(p->d[c], d, sizeof d);
		if (by_contract[c])
			/* TRANSLATORS: clock name, the commitment described, contract number, priority. */
			buf_printf(ex, _("  %s: %s (contract #%lld, P%d)\n"), sla_clock_name(c), d, contract_id,
			           l->priority);
		else
			/* TRANSLATORS: clock name, the commitment described. */
			buf_printf(ex, _("  %s: %s\n"), sla_clock_name(c), d);
	}
	sla_hours_format(*hours, hs);
	if (hs[0])
		/* TRANSLATORS: office hours, e.g. 08:30-17:30. */
		buf_printf(ex, _("  office hours %s on working days (for working time)\n"), hs);
}

/*
 * The clocks of l at now: state and due per clock, computed by sla_due with
 * the policy of its priority and customer's region, its pauses and cal.
 */
static int
entry_clocks(store *st, const workcal *cal, const sd_ledger *l, sd_time now, long warn,
             int state[CLOCK_COUNT], sd_time due[CLOCK_COUNT], buf *ex, sd_err *err)
{
	sla_policy pol;
	sla_hours hours;
	struct pauses ps;
	sd_time start = tparse(l->received_at), done[CLOCK_COUNT];
	char *region = customer_region(st, l->customer);
	int which, rc;
	bool dues_stored = false;

	for (int c = 0; c < CLOCK_COUNT; c++)
		dues_stored = dues_stored || l->due[c] != SD_NO_TIME;
	ledger_office_hours(st, &hours);

	if ((rc = policy_lookup(st, l->priority, region, &pol, &which, err)) != SD_OK) {
		free(region);
		return rc;
	}
	/* a service contract in force on the day of receipt: its own levels for the clocks it names */
	bool by_contract[CLOCK_COUNT];
	sla_dur kd[CLOCK_COUNT];
	long long kid = 0;
	if ((rc = contract_levels_in_force(st, l->serial, l->customer, start == SD_NO_TIME ? SD_DATE_NONE
	                                   : time_date(start), l->priority, by_contract, kd, &kid,
	                                   err)) != SD_OK) {
		free(region);
		return rc;
	}
	for (int c = 0; c < CLOCK_COUNT; c++)
		if (by_contract[c])
			pol.d[c] = kd[c];
	if ((rc = load_pauses(st, l->id, &ps, err)) != SD_OK) {
		free(region);
		return rc;
	}
	if (ex)
		explain_policy(ex, l, region, &pol, which, &hours, kid, by_contract);
	free(region);
	sd_time t[T_COUNT];
	step_times(l, t);
	bool unresolvable = l->state == LS_UNRESOLVABLE;
	for (int c = 0; c < CLOCK_COUNT; c++) {
		long budget = sla_budget(&pol, c);
		bool stopped_by_close = false;
		char ds[17], ts[17], dur[48];

		due[c] = SD_NO_TIME;
		state[c] = SLA_NONE;
		if (ex)
			buf_printf(ex, "\n[%s]\n", sla_clock_name(c));
		if (budget <= 0 || start == SD_NO_TIME) {
			if (ex)
				buf_printf(ex, "%s\n", _("no commitment"));
			continue;
		}
		if (c == CLOCK_ONSITE && l->mode >= 0 && l->mode != MODE_ONSITE) {
			if (ex)
				buf_printf(ex, _("not applicable: the service mode is %s\n"), ledger_mode_name(l->mode));
			continue;
		}
		/* The escalation's first due time decides whether it came in time (pauses count as for the others). */
		sd_time first_due = SD_NO_TIME;
		for (int pass = 0; pass < 2; pass++) {
			sd_time from = start;
			if (pass == 1) {
				/* Escalated in time: the expert group's solution is due the same commitment after it. */
				if (c != CLOCK_ESCALATE || t[T_ESCALATED] == SD_NO_TIME || first_due == SD_NO_TIME ||
				    t[T_ESCALATED] > first_due ||
				    (t[T_PROPOSED] != SD_NO_TIME && t[T_PROPOSED] <= t[T_ESCALATED]))
					break;
				from = t[T_ESCALATED];
				if (ex) {
					tformat(t[T_ESCALATED], ts);
					/* TRANSLATORS: when, to whom. */
					buf_printf(ex, _("escalated in time at %s to %s; the solution is now due as follows\n"),
					           ts, l->escalated_to ? l->escalated_to : "");
				}
			}
			if (c != CLOCK_ESCALATE)
				done[c] = clock_done(c, t, SD_NO_TIME);
			else
				done[c] = pass == 0 ? tmin(t[T_ESCALATED], t[T_PROPOSED]) : t[T_PROPOSED];
			if (done[c] == SD_NO_TIME && unresolvable) {
				done[c] = tparse(l->closed_at);
				stopped_by_close = true;
			}
			/* A clock that stopped is not held by a pause left open after it. */
			sla_pause *pv = xcalloc(ps.n ? ps.n : 1, sizeof *pv);
			for (size_t i = 0; i < ps.n; i++) {
				pv[i] = ps.v[i];
				if (done[c] != SD_NO_TIME && (pv[i].to == SD_NO_TIME || pv[i].to > done[c]))
					pv[i].to = pv[i].from < done[c] ? done[c] : pv[i].from;
			}
			sla_due_dur(cal, &hours, from, pol.d[c], pv, ps.n, &due[c], ex);
			free(pv);
			if (pass == 0)
				first_due = due[c];
		}
		/*
		 * A clock that has stopped keeps the due time it stopped against
		 * (none, if it had no commitment then), once the entry's due times
		 * have been stored.
		 */
		if (done[c] != SD_NO_TIME && !stopped_by_close && dues_stored && due[c] != l->due[c]) {
			due[c] = l->due[c];
			if (ex)
				buf_printf(ex, "%s\n", _("due time kept from when the clock stopped"));
		}
		if (c == CLOCK_ESCALATE && !stopped_by_close)
			done[c] = clock_done(c, t, due[c]);
		if (c == CLOCK_ESCALATE && ex && done[c] != SD_NO_TIME && done[c] == t[T_ESCALATED] &&
		    done[c] > due[c]) {
			tformat(t[T_ESCALATED], ts);
			buf_printf(ex, _("escalated late at %s to %s\n"), ts, l->escalated_to ? l->escalated_to : "");
		}
		state[c] = sla_state(due[c], done[c], now, warn);
		if (!ex)
			continue;
		tformat(due[c], ds);
		tformat(done[c], ts);
		const char *what = stopped_by_close ? _("declared unresolvable")
		                 : c != CLOCK_ESCALATE ? clock_done_what(c)
		                 : done[c] == t[T_ESCALATED] ? _("escalated") : _("solution proposed");
		bool to_escalate = c == CLOCK_ESCALATE && !l->escalated_at[0] && !l->proposed_at[0];
		switch (state[c]) {
		case SLA_MET:
			/* TRANSLATORS: what stopped the clock, when. */
			buf_printf(ex, _("met: %s at %s\n"), what, ts);
			break;
		case SLA_MISSED:
			sla_minutes_format(done[c] - due[c], dur, sizeof dur);
			/* TRANSLATORS: what stopped the clock, when, how late. */
			buf_printf(ex, _("missed: %s at %s, %s late\n"), what, ts, dur);
			break;
		case SLA_OVERDUE:
			sla_minutes_format(now - due[c], dur, sizeof dur);
			if (to_escalate)
				/* TRANSLATORS: how long past the due time. */
				buf_printf(ex, _("to escalate: no solution and no escalation, overdue by %s\n"), dur);
			else
				buf_printf(ex, _("overdue by %s\n"), dur);
			break;
		case SLA_NEAR:
			sla_minutes_format(due[c] - now, dur, sizeof dur);
			if (to_escalate)
				/* TRANSLATORS: the time left. */
				buf_printf(ex, _("to escalate unless a solution comes: %s left\n"), dur);
			else
				buf_printf(ex, _("due soon: %s left\n"), dur);
			break;
		case SLA_RUNNING:
			sla_minutes_format(due[c] - now, dur, sizeof dur);
			buf_printf(ex, _("running: %s left\n"), dur);
			break;
		case SLA_PAUSED:
			buf_printf(ex, "%s\n", _("paused: no due time while the clock stands still"));
			break;
		}
	}
	pauses_free(&ps);
	return SD_OK;
}

static long
warn_minutes(store *st)
{
	long w = store_setting_int(st, "sla_warn_minutes", 120);
	return w >= 0 ? w : 120;
}

static sd_time
now_time(void)
{
	char now[17];

	store_now(now);
	return tparse(now);
}

int
ledger_clocks(store *st, const sd_ledger *l, sd_time now, int state[CLOCK_COUNT],
              sd_time due[CLOCK_COUNT], buf *explain, sd_err *err)
{
	const workcal *cal;

	sd_err_clear(err);
	if (!(cal = ledger_calendar(st, err)))
		return err->status;
	return entry_clocks(st, cal, l, now, warn_minutes(st), state, due, explain, err);
}

/* Compute and store the due times of entry regno (inside the open transaction). */
static int
store_dues(store *st, const workcal *cal, const char *regno, sd_err *err)
{
	sd_ledger l = { .mode = -1 };
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT], next = SD_NO_TIME;
	sqlite3_stmt *q;
	int rc;

	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	if ((rc = entry_clocks(st, cal, &l, now_time(), 0, state, due, NULL, err)) != SD_OK) {
		ledger_free(&l);
		return rc;
	}
	bool open = l.state != LS_CLOSED && l.state != LS_UNRESOLVABLE;
	for (int c = 0; c < CLOCK_COUNT; c++)
		if (open && due[c] != SD_NO_TIME &&
		    (state[c] == SLA_RUNNING || state[c] == SLA_NEAR || state[c] == SLA_OVERDUE) &&
		    (next == SD_NO_TIME || due[c] < next))
			next = due[c];
	q = store_prepare(st, "UPDATE ledger SET reply_due = ?, respond_due = ?, diagnose_due = ?, "
	                      "onsite_due = ?, clear_due = ?, escalate_due = ?, "
	                      "next_due = ? WHERE id = ?", err);
	if (!q) {
		ledger_free(&l);
		return err->status;
	}
	for (int c = 0; c < CLOCK_COUNT; c++)
		bind_time(q, c + 1, due[c]);
	bind_time(q, CLOCK_COUNT + 1, next);
	sqlite3_bind_int64(q, CLOCK_COUNT + 2, l.id);
	ledger_free(&l);
	return run(st, q, err);
}

/*
 * Recompute the stored due times with cal of the open entries a change
 * feeds: the entry of request request_id (> 0), else those of the requests
 * of customer (not NULL), else every open entry, and then record digest (if
 * not NULL). In the caller's transaction, or one of its own.
 */
static int
recompute_some(store *st, const workcal *cal, long long request_id, const char *customer,
               const char *digest, long *count, sd_err *err)
{
	sqlite3_stmt *q;
	char **regnos = NULL;
	size_t n = 0;
	bool nested;
	int rc;

	*count = 0;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	/* A statement of its own: store_dues uses the cached ones. */
	rc = sqlite3_prepare_v2(store_db(st),
		request_id > 0
		? "SELECT r.regno FROM ledger l JOIN request r ON r.id = l.request_id "
		  "WHERE l.state NOT IN ('closed', 'unresolvable') AND r.id = ?1"
		: customer
		? "SELECT r.regno FROM request r JOIN ledger l ON l.request_id = r.id "
		  "WHERE l.state NOT IN ('closed', 'unresolvable') AND r.customer = ?2 ORDER BY l.id"
		: "SELECT r.regno FROM ledger l JOIN request r ON r.id = l.request_id "
		  "WHERE l.state NOT IN ('closed', 'unresolvable') ORDER BY l.id", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		rc = fail(st, rc, err);
		goto out;
	}
	if (request_id > 0)
		sqlite3_bind_int64(q, 1, request_id);
	else if (customer)
		sqlite3_bind_text(q, 2, customer, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		regnos = xrealloc(regnos, (n + 1) * sizeof *regnos);
		regnos[n++] = col_dup(q, 0);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		rc = fail(st, rc, err);
		goto out;
	}
	rc = SD_OK;
	for (size_t i = 0; i < n && rc == SD_OK; i++)
		rc = store_dues(st, cal, regnos[i], err);
	if (rc == SD_OK && digest)
		rc = store_set_setting(st, "calendar_digest", digest, err);
out:
	for (size_t i = 0; i < n; i++)
		free(regnos[i]);
	free(regnos);
	if (rc != SD_OK) {
		store_change_rollback(st, nested);
		return rc;
	}
	if ((rc = store_change_commit(st, nested, err)) == SD_OK)
		*count = (long)n;
	return rc;
}

/* Recompute the stored due times of every open entry with cal; record digest. */
static int
recompute(store *st, const workcal *cal, const char *digest, long *count, sd_err *err)
{
	return recompute_some(st, cal, 0, NULL, digest, count, err);
}

int
ledger_dues_refresh(store *st, long long request_id, const char *customer, long *count,
                    sd_err *err)
{
	struct calendar_entry *e;
	long n = 0;
	int rc;

	sd_err_clear(err);
	if (count)
		*count = 0;
	if (!(e = calendar_entry(st, err)))
		return err->status;
	/* Every entry: the calendar in force is then the one recorded. */
	rc = recompute_some(st, e->cal, request_id, customer,
	                    request_id <= 0 && !customer ? e->digest : NULL, &n, err);
	if (count)
		*count = n;
	return rc;
}

int
ledger_recompute(store *st, long *count, sd_err *err)
{
	int rc;

	/* every open entry: a change of policy or calendar */
	if ((rc = staff_permit_self(st, ACT_POLICY_CHANGE, err)) != SD_OK)
		return rc;
	return ledger_dues_refresh(st, 0, NULL, count, err);
}

int
ledger_explain(store *st, const char *regno, buf *out, sd_err *err)
{
	sd_ledger l = { .mode = -1 };
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT];
	char now[17];
	int rc;

	sd_err_clear(err);
	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	store_now(now);
	/* TRANSLATORS: register number, customer, state. */
	buf_printf(out, _("%s  %s  (%s)\n"), l.regno, l.customer ? l.customer : "", ledger_state_name(l.state));
	buf_printf(out, _("received %s, priority P%d; service mode %s\n"), l.received_at, l.priority,
	           l.mode >= 0 ? ledger_mode_name(l.mode) : _("not chosen yet"));
	if (l.fault_code && *l.fault_code) {
		char *name = ledger_fault_name(st, l.fault_code);

		if (ledger_fault_maker(st, l.fault_code) == 0)
			/* TRANSLATORS: the fault category's code and name. */
			buf_printf(out, _("fault category %s %s: not the maker's responsibility; its charges are "
			                  "payable inside the warranty too\n"), l.fault_code, name ? name : "");
		else
			/* TRANSLATORS: the fault category's code and name. */
			buf_printf(out, _("fault category %s %s: the maker's responsibility; the warranty tier decides "
			                  "who pays\n"), l.fault_code, name ? name : "");
		free(name);
	}
	buf_printf(out, _("as of %s (warning margin %ld min)\n"), now, warn_minutes(st));
	rc = ledger_clocks(st, &l, tparse(now), state, due, out, err);
	ledger_free(&l);
	return rc;
}

/* ---------------------------------------------------------------- steps */

struct step_ctx {
	sd_ledger cur;          /* the entry as it was when the step began */
	const workcal *cal;
	char *old_json;
	bool nested;
};

static void
step_abort(store *st, struct step_ctx *cx)
{
	store_change_rollback(st, cx->nested);
	free(cx->old_json);
	ledger_free(&cx->cur);
}

/*
 * Begin step s on entry regno: the calendar, the transaction, the entry,
 * the version check and the lifecycle table. On failure nothing is open.
 */
static int
step_begin(store *st, const char *regno, int s, int expected_version, struct step_ctx *cx, sd_err *err)
{
	int rc;

	memset(cx, 0, sizeof *cx);
	cx->cur.mode = -1;
	if (!(cx->cal = ledger_calendar(st, err)))
		return err->status;
	if ((rc = store_change_begin(st, &cx->nested, err)) != SD_OK)
		return rc;
	if ((rc = ledger_get(st, regno, &cx->cur, err)) != SD_OK)
		goto out;
	if (expected_version >= 0 && cx->cur.version != expected_version) {
		char who[160];

		last_change(st, cx->cur.regno, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                cx->cur.regno, who);
		goto out;
	}
	if (cx->cur.state == LS_CLOSED) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is closed; no further steps can be recorded"), cx->cur.regno);
		goto out;
	}
	if (cx->cur.state == LS_UNRESOLVABLE) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was closed as unresolvable; no further steps can be recorded"), cx->cur.regno);
		goto out;
	}
	if (cx->cur.state < 0 || steps[s].refuse[cx->cur.state]) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), cx->cur.regno,
		                cx->cur.state < 0 ? _("unknown state") : _(steps[s].refuse[cx->cur.state]));
		goto out;
	}
	cx->old_json = ledger_json(st, cx->cur.id);
	return SD_OK;
out:
	step_abort(st, cx);
	return rc;
}

/*
 * The notes servdesk writes itself into an entry's history are kept as a
 * marker (RS), a note code and its arguments, each after a US, and put into
 * words when read (ledger_history), in the reader's language: an entry
 * worked in one language reads in the other. Codes among the arguments
 * (service mode, how the user confirmed, an item's state) are kept as codes.
 * Notes typed by people are kept as typed (they never hold a control
 * character).
 */
#define NOTE_RS '\x1e'
#define NOTE_US '\x1f'

static void
note_begin(buf *b, const char *code)
{
	buf_reset(b);
	buf_putc(b, NOTE_RS);
	buf_puts(b, code);
}

static void
note_arg(buf *b, const char *arg)
{
	buf_putc(b, NOTE_US);
	for (const char *p = arg ? arg : ""; *p; p++)
		if (*p != NOTE_RS && *p != NOTE_US)
			buf_putc(b, *p);
}

static void
note_arg_int(buf *b, long v)
{
	char n[24];

	snprintf(n, sizeof n, "%ld", v);
	note_arg(b, n);
}

static int tier_of(const char *code);

/* A charge line's note in words: cost type, amount, service date, tier code,
 * amount billed, contract, free repair (0/1), which free repair, of how many,
 * the fault category that made it payable, the note typed. */
static void
charge_words(store *st, const char *const *a, buf *out)
{
	int cost = warranty_cost_parse(a[0]), tier = tier_of(a[3]);
	long long contract = atoll(a[5]);

	/* TRANSLATORS: cost type, amount, service date, tier, amount billed. */
	buf_printf(out, _("%s %s on %s, %s: billed %s"), cost >= 0 ? warranty_cost_name(cost) : a[0], a[1], a[2],
	           tier != TIER_UNKNOWN || strcmp(a[3], warranty_tier_code(TIER_UNKNOWN)) == 0 ?
	           warranty_tier_name(tier) : a[3], a[4]);
	if (contract > 0) {
		buf_puts(out, _(" ("));
		contract_cover_text(out, contract, atoi(a[6]) != 0);
		if (atoi(a[6]) != 0)
			/* TRANSLATORS: which free repair, of how many. */
			buf_printf(out, _(", %d of %d"), atoi(a[7]), atoi(a[8]));
		buf_puts(out, _(")"));
	}
	if (a[9][0]) {
		buf_puts(out, _(" ("));
		ledger_cause_text(st, out, a[9]);
		buf_puts(out, _(")"));
	}
	if (a[10][0])
		buf_printf(out, " — %s", a[10]);
}

/* A stored note in words (appended to out). */
static void
note_words(store *st, const char *stored, buf *out)
{
	const char *a[12] = { 0 };
	char *copy, *p;
	int n = 0;

	if (!stored || stored[0] != NOTE_RS) {
		buf_puts(out, stored ? stored : "");
		return;
	}
	copy = xstrdup(stored + 1);
	for (p = copy; n < 12; ) {
		char *us = strchr(p, NOTE_US);

		a[n++] = p;
		if (!us)
			break;
		*us = '\0';
		p = us + 1;
	}
	for (int i = n; i < 12; i++)
		a[i] = "";
	if (strcmp(a[0], "responsible") == 0)
		/* TRANSLATORS: login, name. */
		buf_printf(out, _("responsible: %s (%s)"), a[1], a[2]);
	else if (strcmp(a[0], "engineer") == 0)
		buf_printf(out, _("engineer: %s (%s)"), a[1], a[2]);
	else if (strcmp(a[0], "proposal") == 0) {
		int m = ledger_mode_parse(a[1]);

		/* TRANSLATORS: service mode, solution. */
		buf_printf(out, _("%s: %s"), m >= 0 ? ledger_mode_name(m) : a[1], a[2]);
	} else if (strcmp(a[0], "confirmed") == 0) {
		int h = ledger_how_parse(a[2]);

		/* TRANSLATORS: the user's name, how. */
		buf_printf(out, _("%s (%s)"), a[1], h >= 0 ? ledger_how_name(h) : a[2]);
	} else if (strcmp(a[0], "item") == 0) {
		int is = ledger_item_state_parse(a[2]);

		/* TRANSLATORS: item number, outcome, what was done or why. */
		buf_printf(out, _("item %s %s: %s"), a[1], is >= 0 ? ledger_item_state_name(is) : a[2], a[3]);
	} else if (strcmp(a[0], "card") == 0)
		/* TRANSLATORS: who signed, the rating, the opinion, the day the card is due back. */
		buf_printf(out, _("signed by %s, rating %s: %s; due back by %s"), a[1], a[2], a[3], a[4]);
	else if (strcmp(a[0], "card_late") == 0)
		/* TRANSLATORS: the day it was due back. */
		buf_printf(out, _("late: due back by %s"), a[1]);
	else if (strcmp(a[0], "card_in_time") == 0)
		/* TRANSLATORS: the day it was due back. */
		buf_printf(out, _("in time: due back by %s"), a[1]);
	else if (strcmp(a[0], "charge") == 0)
		charge_words(st, a + 1, out);
	else if (strcmp(a[0], "escalated") == 0) {
		/* TRANSLATORS: login, name, then the note (may be empty). */
		buf_printf(out, _("escalated to %s (%s)"), a[1], a[2]);
		if (a[3][0])
			buf_printf(out, "%s%s", text_sep_note(), a[3]);
	} else if (strcmp(a[0], "payment") == 0)
		buf_printf(out, _("received %s"), a[1]);
	else if (strcmp(a[0], "payment_invoice") == 0)
		/* TRANSLATORS: amount, invoice number. */
		buf_printf(out, _("received %s, invoice %s"), a[1], a[2]);
	else
		/* a note of a later servdesk: its arguments as they are */
		for (int i = 1; i < n; i++)
			buf_printf(out, "%s%s", i > 1 ? " " : "", a[i]);
	free(copy);
}

static int
add_event(store *st, long long id, const char *at, const char *kind, const char *note, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO ledger_event (ledger_id, at, who, kind, note, engineer) "
		"VALUES (?1, ?2, ?3, ?4, ?5, (SELECT engineer FROM ledger WHERE id = ?1))", err);

	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
	bind_opt_text(q, 5, note);
	return run(st, q, err);
}

/*
 * Finish step s: the new state (forward only), the version, the event, the
 * due times, the audit row, and the commit. On failure everything is undone.
 */
static int
step_finish(store *st, struct step_ctx *cx, int s, const char *at, const char *note, sd_err *err)
{
	int to = steps[s].to;
	int state = to > cx->cur.state ? to : cx->cur.state;
	sqlite3_stmt *q = store_prepare(st, "UPDATE ledger SET state = ?, version = version + 1 WHERE id = ?", err);
	char *new_json = NULL;
	int rc;

	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, ledger_state_code(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, cx->cur.id);
	if ((rc = run(st, q, err)) != SD_OK ||
	    (rc = add_event(st, cx->cur.id, at, steps[s].kind, note, err)) != SD_OK ||
	    (rc = store_dues(st, cx->cal, cx->cur.regno, err)) != SD_OK)
		goto out;
	new_json = ledger_json(st, cx->cur.id);
	if ((rc = store_audit(st, "ledger", cx->cur.regno, steps[s].kind, cx->old_json, new_json, err)) != SD_OK)
		goto out;
	free(new_json);
	free(cx->old_json);
	cx->old_json = NULL;
	rc = store_change_commit(st, cx->nested, err);
	ledger_free(&cx->cur);
	return rc;
out:
	free(new_json);
	step_abort(st, cx);
	return rc ? rc : SD_INTERNAL;
}

/* Run an UPDATE of the entry inside a step; on failure the step is aborted. */
static int
step_update(store *st, struct step_ctx *cx, sqlite3_stmt *q, sd_err *err)
{
	int rc = q ? run(st, q, err) : err->status;

	if (rc != SD_OK)
		step_abort(st, cx);
	return rc;
}

int
ledger_take(store *st, const char *regno, const char *responsible, sd_err *err)
{
	const char *who = responsible && *responsible ? responsible : store_user(st);
	const workcal *cal;
	sd_request req;
	sqlite3_stmt *q;
	char now[17], *name = NULL, *json = NULL;
	bool nested;
	long long id;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_TAKE, err)) != SD_OK)
		return rc;
	if ((rc = check_signer(st, who, false, _("responsible"), &name, err)) != SD_OK)
		return rc;
	if (!(cal = ledger_calendar(st, err))) {
		free(name);
		return err->status;
	}
	store_now(now);
	intake_request_init(&req);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK) {
		free(name);
		return rc;
	}
	if ((rc = intake_get(st, regno, &req, err)) != SD_OK)
		goto out;
	if (req.status == RS_VOID) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is void and cannot be taken into the ledger"), regno);
		goto out;
	}
	if (!(q = store_prepare(st, "SELECT state FROM ledger WHERE request_id = ?", err))) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, 1, req.id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is already in the ledger (%s)"), regno,
		                ledger_state_name(ledger_state_parse((const char *)sqlite3_column_text(q, 0))));
		sqlite3_reset(q);
		goto out;
	}
	sqlite3_reset(q);
	if ((rc = not_before(now, req.received_at, _("responsible"), _("the request was received"), err)) != SD_OK)
		goto out;
	q = store_prepare(st, "INSERT INTO ledger (request_id, state, responsible, responsible_at) "
	                      "VALUES (?, 'registered', ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, 1, req.id);
	sqlite3_bind_text(q, 2, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK)
		goto out;
	id = sqlite3_last_insert_rowid(store_db(st));
	buf note = { 0 };
	note_begin(&note, "responsible");
	note_arg(&note, who);
	note_arg(&note, name);
	rc = add_event(st, id, now, "take", buf_str(&note), err);
	buf_free(&note);
	if (rc != SD_OK || (rc = store_dues(st, cal, regno, err)) != SD_OK)
		goto out;
	json = ledger_json(st, id);
	if ((rc = store_audit(st, "ledger", regno, "take", NULL, json, err)) != SD_OK)
		goto out;
	free(json);
	free(name);
	intake_request_free(&req);
	return store_change_commit(st, nested, err);
out:
	store_change_rollback(st, nested);
	free(json);
	free(name);
	intake_request_free(&req);
	return rc ? rc : SD_INTERNAL;
}

int
ledger_assign(store *st, const char *regno, const char *engineer, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char now[17], *name = NULL;
	buf note = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_signer(st, engineer, true, _("engineer"), &name, err)) != SD_OK)
		return rc;
	store_now(now);
	if ((rc = step_begin(st, regno, STEP_ASSIGN, expected_version, &cx, err)) != SD_OK)
		goto done;
	if ((rc = not_before(now, cx.cur.received_at, _("engineer"), _("the request was received"), err)) != SD_OK) {
		step_abort(st, &cx);
		goto done;
	}
	sqlite3_stmt *q = store_prepare(st, "UPDATE ledger SET engineer = ?, engineer_at = ? WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, engineer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 3, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		goto done;
	note_begin(&note, "engineer");
	note_arg(&note, engineer);
	note_arg(&note, name);
	rc = step_finish(st, &cx, STEP_ASSIGN, now, buf_str(&note), err);
done:
	buf_free(&note);
	free(name);
	return rc;
}

int
ledger_fault_each(store *st, int (*fn)(const char *code, const char *name, void *arg),
                  void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	rc = sqlite3_prepare_v2(store_db(st), "SELECT code, name FROM fault_category ORDER BY code",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the fault categories"), err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((ret = fn((const char *)sqlite3_column_text(q, 0),
		              (const char *)sqlite3_column_text(q, 1), arg)) != SD_OK)
			break;
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the fault categories"), err);
	sqlite3_finalize(q);
	return ret;
}

int
ledger_fault_maker(store *st, const char *code)
{
	sqlite3_stmt *q;
	int maker = -1;

	if (!code || !*code || !(q = store_prepare(st, "SELECT maker FROM fault_category WHERE code = ?", NULL)))
		return -1;
	sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		maker = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	return maker;
}

void
ledger_cause_text(store *st, buf *b, const char *cause)
{
	char *name;

	if (!cause || !*cause)
		return;
	name = ledger_fault_name(st, cause);
	/* TRANSLATORS: the fault category's code and name. */
	buf_printf(b, _("payable: %s %s is not the maker's responsibility"), cause, name ? name : "");
	free(name);
}

char *
ledger_fault_name(store *st, const char *code)
{
	sqlite3_stmt *q;
	char *name = NULL;

	if (!code || !*code || !(q = store_prepare(st, "SELECT name FROM fault_category WHERE code = ?", NULL)))
		return NULL;
	sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		name = col_dup(q, 0);
	sqlite3_reset(q);
	return name;
}

/* Does the fault category code exist? */
static bool
fault_known(store *st, const char *code)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM fault_category WHERE code = ?", NULL);
	bool ok = false;

	if (!q)
		return false;
	sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
	ok = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return ok;
}

static int
add_code(const char *code, const char *name, void *arg)
{
	buf *b = arg;

	(void)name;
	if (b->len)
		buf_puts(b, text_sep_item());
	buf_puts(b, code);
	return 0;
}

/* Refuse an unknown fault code, naming the known ones; SD_DATAERR. */
static int
fault_unknown(store *st, const char *code, sd_err *err)
{
	buf known = { 0 };
	int rc;

	if ((rc = ledger_fault_each(st, add_code, &known, err)) != SD_OK) {
		buf_free(&known);
		return rc;
	}
	/* TRANSLATORS: the code given, then the known codes separated by commas. */
	rc = sd_err_set(err, SD_DATAERR, _("fault category: unknown code '%s' (known: %s)"),
	                code, known.len ? buf_str(&known) : _("none defined"));
	buf_free(&known);
	return rc;
}

int
ledger_propose(store *st, const char *regno, int mode, const char *solution,
               const char *fault_code, const char *at, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17];
	buf note = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if (mode < 0 || mode >= MODE_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("service mode"),
		                  _("must be on site, remote login, e-mail or phone guidance"));
	if ((rc = check_text(solution, _("solution"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = parse_at(at, when, _("proposed at"), err)) != SD_OK)
		return rc;
	if (!blank(fault_code) && !fault_known(st, fault_code))
		return fault_unknown(st, fault_code, err);
	if ((rc = step_begin(st, regno, STEP_PROPOSE, expected_version, &cx, err)) != SD_OK)
		return rc;
	/* A revision keeps the time of the first proposal (the response). */
	if ((rc = not_before(when, cx.cur.received_at, _("proposed at"), _("the request was received"), err)) ||
	    (rc = not_before(when, cx.cur.proposed_at, _("proposed at"), _("the solution was first proposed"), err))) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE ledger SET service_mode = ?, solution = ?, fault_code = coalesce(?, fault_code), "
		"proposed_engineer = CASE WHEN proposed_at IS NULL THEN engineer ELSE proposed_engineer END, "
		"proposed_at = coalesce(proposed_at, ?), "
		"planned_visit_at = CASE WHEN ? = 'onsite' THEN planned_visit_at END WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, ledger_mode_code(mode), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, solution, -1, SQLITE_TRANSIENT);
		bind_opt_text(q, 3, blank(fault_code) ? NULL : fault_code);
		sqlite3_bind_text(q, 4, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 5, ledger_mode_code(mode), -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 6, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	/* The fault category is known from the proposal on: is it a repeat repair? */
	if ((rc = history_repeat_mark(st, cx.cur.id, err)) != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	note_begin(&note, "proposal");
	note_arg(&note, ledger_mode_code(mode));
	note_arg(&note, solution);
	rc = step_finish(st, &cx, STEP_PROPOSE, when, buf_str(&note), err);
	buf_free(&note);
	return rc;
}

static int items_refuse_open(store *st, const sd_ledger *l, sd_err *err);
static bool card_recorded(store *st, long long id);

/* Record a time column of the entry (contact, planned visit, arrival, clearing) as step s. */
static int
timed_step(store *st, const char *regno, int s, const char *at, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17];
	const char *label, *column, *what, *eng_column = NULL;
	const char *ref;
	int rc;

	switch (s) {
	case STEP_CONTACT: label = _("first contact"); column = "first_contact_at"; break;
	case STEP_PLAN:    label = _("planned visit"); column = "planned_visit_at"; break;
	case STEP_ARRIVE:
		label = _("arrived at"); column = "arrived_at"; eng_column = "arrived_engineer";
		break;
	default:
		label = _("cleared at"); column = "cleared_at"; eng_column = "cleared_engineer";
		break;
	}
	sd_err_clear(err);
	if ((rc = s == STEP_PLAN ? parse_planned(st, at, when, label, err)
	                         : parse_at(at, when, label, err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, s, expected_version, &cx, err)) != SD_OK)
		return rc;
	const sd_ledger *l = &cx.cur;
	switch (s) {
	case STEP_CONTACT:
		if (l->first_contact_at[0]) {
			rc = sd_err_set(err, SD_DATAERR, _("%s: the first contact is already recorded (%s)"),
			                l->regno, l->first_contact_at);
			break;
		}
		rc = not_before(when, l->received_at, label, _("the request was received"), err);
		break;
	case STEP_PLAN:
	case STEP_ARRIVE:
		if (l->mode != MODE_ONSITE) {
			rc = sd_err_set(err, SD_DATAERR, _("%s: only for on-site service (this entry: %s)"),
			                label, ledger_mode_name(l->mode));
			break;
		}
		if (s == STEP_PLAN)
			rc = not_before(when, l->received_at, label, _("the request was received"), err);
		else
			rc = not_before(when, l->proposed_at, label, _("the solution was proposed"), err);
		break;
	case STEP_CLEAR:
		if (l->mode == MODE_ONSITE && !l->arrived_at[0]) {
			rc = sd_err_set(err, SD_DATAERR, _("%s: the engineer has not arrived on site yet"), l->regno);
			break;
		}
		ref = chain_last(l, &what);
		if ((rc = not_before(when, ref, label, what, err)) == SD_OK)
			rc = items_refuse_open(st, l, err);
		break;
	}
	if (rc != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	/* the engineer on the entry is the one credited with an arrival or a clearing */
	char sql[160];
	if (eng_column)
		snprintf(sql, sizeof sql, "UPDATE ledger SET %s = ?, %s = engineer WHERE id = ?", column, eng_column);
	else
		snprintf(sql, sizeof sql, "UPDATE ledger SET %s = ? WHERE id = ?", column);
	sqlite3_stmt *q = store_prepare(st, sql, err);
	if (q) {
		sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	if (s == STEP_CLEAR && cx.cur.paused) {
		/* Clearing the fault ends the pause (not before it began). */
		q = store_prepare(st, "UPDATE clock_pause SET to_at = max(from_at, ?) "
		                      "WHERE ledger_id = ? AND to_at IS NULL", err);
		if (q) {
			sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(q, 2, cx.cur.id);
		}
		if ((rc = step_update(st, &cx, q, err)) != SD_OK)
			return rc;
	}
	if (s != STEP_PLAN)
		return step_finish(st, &cx, s, when, NULL, err);
	/* The plan is recorded now; the note says for when. */
	char now[17];
	store_now(now);
	return step_finish(st, &cx, s, now, when, err);
}

int
ledger_contact(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_LEDGER_WORK, err);

	return rc != SD_OK ? rc : timed_step(st, regno, STEP_CONTACT, at, expected_version, err);
}

int
ledger_plan_visit(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_LEDGER_WORK, err);

	return rc != SD_OK ? rc : timed_step(st, regno, STEP_PLAN, at, expected_version, err);
}

int
ledger_arrive(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_LEDGER_WORK, err);

	return rc != SD_OK ? rc : timed_step(st, regno, STEP_ARRIVE, at, expected_version, err);
}

int
ledger_clear(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_LEDGER_WORK, err);

	return rc != SD_OK ? rc : timed_step(st, regno, STEP_CLEAR, at, expected_version, err);
}

int
ledger_confirm(store *st, const char *regno, const char *by, int how, const char *at,
               int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17];
	const char *what, *ref;
	buf note = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(by, _("confirmed by"), true, SD_TEXT_NAME, err)) != SD_OK)
		return rc;
	if (how < 0 || how >= HOW_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("confirmed how"),
		                  _("must be phone, fax or signed on the service card"));
	if ((rc = parse_at(at, when, _("confirmed at"), err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_CONFIRM, expected_version, &cx, err)) != SD_OK)
		return rc;
	if (cx.cur.confirmed_at[0]) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: already confirmed by %s (%s, %s)"), cx.cur.regno,
		                cx.cur.confirmed_by ? cx.cur.confirmed_by : "", ledger_how_name(cx.cur.confirmed_how),
		                cx.cur.confirmed_at);
		step_abort(st, &cx);
		return rc;
	}
	ref = chain_last(&cx.cur, &what);
	if ((rc = not_before(when, ref, _("confirmed at"), what, err)) != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE ledger SET confirmed_by = ?, confirmed_how = ?, confirmed_at = ? WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, by, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, ledger_how_code(how), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 4, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	note_begin(&note, "confirmed");
	note_arg(&note, by);
	note_arg(&note, ledger_how_code(how));
	rc = step_finish(st, &cx, STEP_CONFIRM, when, buf_str(&note), err);
	buf_free(&note);
	return rc;
}

int
ledger_close(store *st, const char *regno, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char now[17];
	const char *what, *ref;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	store_now(now);
	if ((rc = step_begin(st, regno, STEP_CLOSE, expected_version, &cx, err)) != SD_OK)
		return rc;
	if (cx.cur.mode == MODE_ONSITE && !card_recorded(st, cx.cur.id)) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s: on-site service needs the customer's signed service card before the entry is "
		                  "closed (servdesk ledger card)"), cx.cur.regno);
		step_abort(st, &cx);
		return rc;
	}
	if (cx.cur.mode != MODE_ONSITE && !cx.cur.confirmed_at[0]) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s: service by %s needs the user's confirmation before the entry is closed"),
		                cx.cur.regno, ledger_mode_name(cx.cur.mode));
		step_abort(st, &cx);
		return rc;
	}
	ref = chain_last(&cx.cur, &what);
	if ((rc = not_before(now, ref, _("closed at"), what, err)) != SD_OK ||
	    (rc = items_refuse_open(st, &cx.cur, err)) != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st, "UPDATE ledger SET closed_at = ?, closed_engineer = engineer "
	                                    "WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	return step_finish(st, &cx, STEP_CLOSE, now, NULL, err);
}

int
ledger_unresolvable(store *st, const char *regno, const char *reason, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char now[17];
	const char *what, *ref;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(reason, _("reason explained to the user"), true, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	store_now(now);
	if ((rc = step_begin(st, regno, STEP_UNRESOLVABLE, expected_version, &cx, err)) != SD_OK)
		return rc;
	ref = chain_last(&cx.cur, &what);
	if ((rc = not_before(now, ref, _("closed at"), what, err)) != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE ledger SET closed_at = ?, closed_engineer = engineer, unresolvable_reason = ? "
		"WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 3, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	q = store_prepare(st, "UPDATE clock_pause SET to_at = max(from_at, ?) "
	                      "WHERE ledger_id = ? AND to_at IS NULL", err);
	if (q) {
		sqlite3_bind_text(q, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	/* the items still open end unresolvable, with the same reason */
	q = store_prepare(st,
		"INSERT OR REPLACE INTO item_settle (request_id, pos, text, state, note, who, at) "
		"SELECT i.request_id, i.pos, i.text, 'unresolvable', ?1, ?2, ?3 "
		"FROM ledger l JOIN request_item i ON i.request_id = l.request_id "
		"LEFT JOIN item_settle s ON s.request_id = i.request_id AND s.pos = i.pos AND s.text = i.text "
		"WHERE l.id = ?4 AND s.pos IS NULL", err);
	if (q) {
		sqlite3_bind_text(q, 1, reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, store_user(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 4, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	return step_finish(st, &cx, STEP_UNRESOLVABLE, now, reason, err);
}

/* The open pause of entry id: its start into from (or "" when none). */
static void
open_pause(store *st, long long id, char from[17], char **reason)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT from_at, reason FROM clock_pause WHERE ledger_id = ? AND to_at IS NULL "
		"ORDER BY from_at DESC LIMIT 1", NULL);

	from[0] = '\0';
	if (reason)
		*reason = NULL;
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		col_copy(q, 0, from, 17);
		if (reason)
			*reason = col_dup(q, 1);
	}
	sqlite3_reset(q);
}

/* The end of the latest closed pause of entry id, or "". */
static void
last_pause_end(store *st, long long id, char out[17])
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT max(to_at) FROM clock_pause WHERE ledger_id = ? AND to_at IS NOT NULL", NULL);

	out[0] = '\0';
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		col_copy(q, 0, out, 17);
	sqlite3_reset(q);
}

int
ledger_pause(store *st, const char *regno, const char *reason, const char *at,
             int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17], from[17], last[17], *why = NULL;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(reason, _("pause reason"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = parse_at(at, when, _("paused at"), err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_PAUSE, expected_version, &cx, err)) != SD_OK)
		return rc;
	open_pause(st, cx.cur.id, from, &why);
	last_pause_end(st, cx.cur.id, last);
	if (from[0])
		rc = sd_err_set(err, SD_DATAERR, _("%s: the clocks are already paused since %s (%s)"),
		                cx.cur.regno, from, why ? why : "");
	else if (!(rc = not_before(when, cx.cur.received_at, _("paused at"), _("the request was received"), err)))
		rc = not_before(when, last, _("paused at"), _("the last pause ended"), err);
	free(why);
	if (rc != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO clock_pause (ledger_id, from_at, to_at, reason) VALUES (?, ?, NULL, ?)", err);
	if (q) {
		sqlite3_bind_int64(q, 1, cx.cur.id);
		sqlite3_bind_text(q, 2, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, reason, -1, SQLITE_TRANSIENT);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	return step_finish(st, &cx, STEP_PAUSE, when, reason, err);
}

int
ledger_diagnose(store *st, const char *regno, const char *finding, const char *at,
                int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17];
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(finding, _("finding"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = parse_at(at, when, _("diagnosed at"), err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_DIAGNOSE, expected_version, &cx, err)) != SD_OK)
		return rc;
	if (cx.cur.diagnosed_at[0])
		rc = sd_err_set(err, SD_DATAERR, _("%s: the diagnosis is already recorded (%s)"),
		                cx.cur.regno, cx.cur.diagnosed_at);
	else
		rc = not_before(when, cx.cur.received_at, _("diagnosed at"), _("the request was received"), err);
	if (rc != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st, "UPDATE ledger SET diagnosed_at = ?, diagnosis = ? WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, finding, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 3, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	return step_finish(st, &cx, STEP_DIAGNOSE, when, finding, err);
}

int
ledger_escalate(store *st, const char *regno, const char *to, const char *note, const char *at,
                int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17], *name = NULL;
	buf ev = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(note, _("note"), false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = parse_at(at, when, _("escalated at"), err)) != SD_OK ||
	    (rc = check_signer(st, to, true, _("escalated to"), &name, err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_ESCALATE, expected_version, &cx, err)) != SD_OK) {
		free(name);
		return rc;
	}
	if (cx.cur.escalated_at[0])
		rc = sd_err_set(err, SD_DATAERR, _("%s: already escalated to %s (%s)"), cx.cur.regno,
		                cx.cur.escalated_to ? cx.cur.escalated_to : "", cx.cur.escalated_at);
	else
		rc = not_before(when, cx.cur.received_at, _("escalated at"), _("the request was received"), err);
	if (rc != SD_OK) {
		free(name);
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE ledger SET escalated_at = ?, escalated_to = ?, escalation_note = ? WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, to, -1, SQLITE_TRANSIENT);
		bind_opt_text(q, 3, blank(note) ? NULL : note);
		sqlite3_bind_int64(q, 4, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK) {
		free(name);
		return rc;
	}
	note_begin(&ev, "escalated");
	note_arg(&ev, to);
	note_arg(&ev, name);
	note_arg(&ev, blank(note) ? "" : note);
	free(name);
	rc = step_finish(st, &cx, STEP_ESCALATE, when, buf_str(&ev), err);
	buf_free(&ev);
	return rc;
}

int
ledger_resume(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17], from[17];
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = parse_at(at, when, _("resumed at"), err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_RESUME, expected_version, &cx, err)) != SD_OK)
		return rc;
	open_pause(st, cx.cur.id, from, NULL);
	if (!from[0])
		rc = sd_err_set(err, SD_DATAERR, _("%s: the clocks are not paused"), cx.cur.regno);
	else
		rc = not_before(when, from, _("resumed at"), _("the pause began"), err);
	if (rc != SD_OK) {
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE clock_pause SET to_at = ? WHERE ledger_id = ? AND to_at IS NULL", err);
	if (q) {
		sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	return step_finish(st, &cx, STEP_RESUME, when, NULL, err);
}

/* ---------------------------------------------------------------- charges and payments */

/* The ledger id and the request's serial (malloc'd or NULL) of entry regno. */
static int
entry_ids(store *st, const char *regno, long long *id, char **serial, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT l.id, r.serial FROM request r JOIN ledger l ON l.request_id = r.id WHERE r.regno = ?", err);
	int rc;

	if (serial)
		*serial = NULL;
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, regno ? regno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		if (serial)
			*serial = col_dup(q, 1);
		sqlite3_reset(q);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	sd_ledger l = { .mode = -1 };
	rc = ledger_get(st, regno, &l, err);   /* the precise message */
	ledger_free(&l);
	return rc != SD_OK ? rc : SD_INTERNAL;
}

static bool
equipment_known(store *st, const char *serial)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM equipment WHERE serial = ?", NULL);
	bool known;

	if (!q || blank(serial))
		return false;
	sqlite3_bind_text(q, 1, serial, -1, SQLITE_TRANSIENT);
	known = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return known;
}

/* A parts credit that mirrors the line of the issue it gives back. */
struct mirror {
	int tier;
	int64_t billed_fen;     /* <= 0 */
};

static int add_charge(store *st, const char *regno, int cost, int64_t amount_fen,
                      const char *service_on, const char *note, long long move_id,
                      const struct mirror *mir, sd_err *err);

static int
amount_ok(int64_t amount_fen, sd_err *err)
{
	if (amount_fen < 0 || amount_fen > INT64_C(100000000000))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("amount"),
		                  _("must be zero or more (at most 1,000,000,000.00)"));
	return SD_OK;
}

int
ledger_charge(store *st, const char *regno, int cost, int64_t amount_fen,
              const char *service_on, const char *note, sd_err *err)
{
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if (amount_ok(amount_fen, err) != SD_OK)
		return err->status;
	return add_charge(st, regno, cost, amount_fen, service_on, note, 0, NULL, err);
}

int
ledger_charge_issue(store *st, const char *regno, int64_t amount_fen, const char *note,
                    long long move_id, sd_err *err)
{
	int rc;

	sd_err_clear(err);
	/* the store charges parts it gives out: a storekeeper may */
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if (amount_ok(amount_fen, err) != SD_OK)
		return err->status;
	return add_charge(st, regno, COST_PARTS, amount_fen, "", note, move_id, NULL, err);
}

int
ledger_credit_return(store *st, const char *regno, long long issue_move_id, int64_t amount_fen,
                     const char *note, long long return_move_id, sd_err *err)
{
	sqlite3_stmt *q;
	struct mirror mir = { .tier = TIER_UNKNOWN };
	char issued_on[11] = "";
	bool found = false;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if (amount_ok(amount_fen, err) != SD_OK)
		return err->status;
	/* The issue's own line: its tier and the share of it the customer was billed. */
	q = store_prepare(st, "SELECT amount_fen, billed_fen, tier FROM charge "
	                      "WHERE move_id = ? AND kind = 'parts' AND amount_fen >= 0 "
	                      "ORDER BY id LIMIT 1", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, issue_move_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		int64_t issued = sqlite3_column_int64(q, 0), billed = sqlite3_column_int64(q, 1);

		found = true;
		mir.tier = tier_of((const char *)sqlite3_column_text(q, 2));
		if (issued <= 0 || billed == 0)
			mir.billed_fen = 0;
		else if (billed == issued)
			mir.billed_fen = -amount_fen;
		else
			mir.billed_fen = -(int64_t)(((__int128)billed * amount_fen * 2 + issued) / (2 * issued));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	if (found)
		return add_charge(st, regno, COST_PARTS, -amount_fen, "", note, return_move_id, &mir, err);
	/* An issue whose line cannot be found: decided as on the day of the issue. */
	q = store_prepare(st, "SELECT substr(at, 1, 10) FROM stock_move WHERE id = ?", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, issue_move_id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(issued_on, sizeof issued_on, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return add_charge(st, regno, COST_PARTS, -amount_fen, issued_on, note, return_move_id, NULL, err);
}

/*
 * Who pays a line of cost type cost on day on for entry id (its equipment
 * serial, NULL when none): a contract's cover, its free repairs, then the
 * tier -- which does not exempt damage outside the maker's responsibility
 * (the entry's fault category). contract_billing takes a free repair when
 * one is used: the caller's transaction decides whether that stays.
 */
static int
decide_payer(store *st, long long id, const char *serial, sd_date on, int cost, sd_ledger_payer *out,
             sd_err *err)
{
	warranty_status ws;
	sd_cover cover = { 0 };
	bool known = equipment_known(st, serial), by_cause = false, charged = true;
	char *fault = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	out->tier = TIER_UNKNOWN;
	if (cost < 0 || cost >= COST_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("cost type"),
		                  _("must be labour, travel, lodging or parts"));
	if (known) {
		if ((rc = equipment_warranty(st, serial, on, &ws, NULL, err)) != SD_OK)
			return rc;
		out->tier = ws.tier;
	}
	sqlite3_stmt *qf = store_prepare(st, "SELECT fault_code FROM ledger WHERE id = ?", err);
	if (!qf)
		return err->status;
	sqlite3_bind_int64(qf, 1, id);
	if (sqlite3_step(qf) == SQLITE_ROW)
		fault = col_dup(qf, 0);
	sqlite3_reset(qf);
	bool maker = ledger_fault_maker(st, fault) != 0;
	if (known) {
		warranty_status by = ws;

		by.charged[cost] = warranty_charged_for_cause(&ws, cost, maker, &by_cause);
		ws = by;
	}
	if (by_cause)
		snprintf(out->cause, sizeof out->cause, "%s", fault);
	free(fault);
	if ((rc = contract_billing(st, id, known ? serial : NULL, on, cost, known ? &ws : NULL,
	                           &charged, &cover, err)) != SD_OK)
		return rc;
	if (!charged || cover.contract_id > 0)
		out->cause[0] = '\0';
	out->charged = charged;
	out->contract_id = cover.contract_id;
	out->free_repair = cover.free_repair;
	out->repair_no = cover.repair_no;
	out->free_repairs = cover.free_repairs;
	return SD_OK;
}

int
ledger_charge_payer(store *st, const char *regno, int cost, sd_date on, sd_ledger_payer *out, sd_err *err)
{
	char *serial = NULL;
	long long id;
	bool nested;
	int rc;

	memset(out, 0, sizeof *out);
	out->tier = TIER_UNKNOWN;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = entry_ids(st, regno, &id, &serial, err)) == SD_OK)
		rc = decide_payer(st, id, serial, on, cost, out, err);
	/* a forecast: a free repair it would take is not kept */
	store_change_rollback(st, nested);
	free(serial);
	return rc;
}

/* A charge line of any sign (a credit is negative); the callers check the amount. */
static int
add_charge(store *st, const char *regno, int cost, int64_t amount_fen,
           const char *service_on, const char *note, long long move_id,
           const struct mirror *mir, sd_err *err)
{
	char day[11], now[17], amount[32], billed_s[32];
	sd_cover cover = { 0 };
	sd_date on;
	char *serial = NULL, *json = NULL;
	long long id;
	bool nested;
	int rc, tier = TIER_UNKNOWN;
	bool charged = true;
	int64_t billed;
	char cause[24] = "";
	buf ev = { 0 };

	sd_err_clear(err);
	if (cost < 0 || cost >= COST_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("cost type"),
		                  _("must be labour, travel, lodging or parts"));
	if ((rc = check_text(note, _("note"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	store_now(now);
	if (service_on && *service_on) {
		if (!date_parse(service_on, &on))
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("service date"),
			                  _("expected a date like 2026-11-24"));
		if ((rc = valid_date_happened(on, _("service date"), err)) != SD_OK)
			return rc;
	} else {
		now[10] = '\0';
		date_parse(now, &on);
		store_now(now);
	}
	date_format(on, day);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = entry_ids(st, regno, &id, &serial, err)) != SD_OK)
		goto out;
	if (mir) {
		tier = mir->tier;
	} else {
		sd_ledger_payer pay;

		if ((rc = decide_payer(st, id, serial, on, cost, &pay, err)) != SD_OK)
			goto out;
		tier = pay.tier;
		charged = pay.charged;
		cover.contract_id = pay.contract_id;
		cover.free_repair = pay.free_repair;
		cover.repair_no = pay.repair_no;
		cover.free_repairs = pay.free_repairs;
		snprintf(cause, sizeof cause, "%s", pay.cause);
	}
	billed = mir ? mir->billed_fen : charged ? amount_fen : 0;
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO charge (ledger_id, kind, amount_fen, tier, service_on, note, billed_fen, who, at, "
		"move_id, contract_id, free_repair, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, warranty_cost_code(cost), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, amount_fen);
	sqlite3_bind_text(q, 4, warranty_tier_code(tier), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, day, -1, SQLITE_TRANSIENT);
	bind_opt_text(q, 6, blank(note) ? NULL : note);
	sqlite3_bind_int64(q, 7, billed);
	sqlite3_bind_text(q, 8, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 9, now, -1, SQLITE_TRANSIENT);
	if (move_id > 0)
		sqlite3_bind_int64(q, 10, move_id);
	else
		sqlite3_bind_null(q, 10);
	if (cover.contract_id > 0)
		sqlite3_bind_int64(q, 11, cover.contract_id);
	else
		sqlite3_bind_null(q, 11);
	sqlite3_bind_int(q, 12, cover.free_repair);
	bind_opt_text(q, 13, cause[0] ? cause : NULL);
	if ((rc = run(st, q, err)) != SD_OK)
		goto out;
	long long cid = sqlite3_last_insert_rowid(store_db(st));
	money_format(amount_fen, amount);
	money_format(billed, billed_s);
	/* kept as codes: it reads in the reader's language (note_words) */
	note_begin(&ev, "charge");
	note_arg(&ev, warranty_cost_code(cost));
	note_arg(&ev, amount);
	note_arg(&ev, day);
	note_arg(&ev, warranty_tier_code(tier));
	note_arg(&ev, billed_s);
	note_arg_int(&ev, cover.contract_id > 0 ? (long)cover.contract_id : 0);
	note_arg_int(&ev, cover.free_repair);
	note_arg_int(&ev, cover.repair_no);
	note_arg_int(&ev, cover.free_repairs);
	note_arg(&ev, cause);
	note_arg(&ev, blank(note) ? "" : note);
	if ((rc = add_event(st, id, now, "charge", buf_str(&ev), err)) != SD_OK)
		goto out;
	q = store_prepare(st, "SELECT json_object('regno', ?, 'kind', kind, 'amount_fen', amount_fen, "
	                      "'billed_fen', billed_fen, 'tier', tier, 'service_on', service_on, 'note', note, "
	                      "'contract_id', contract_id, 'free_repair', free_repair, 'cause', cause) "
	                      "FROM charge WHERE id = ?", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, cid);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = col_dup(q, 0);
	sqlite3_reset(q);
	if ((rc = store_audit(st, "charge", regno, "insert", NULL, json, err)) != SD_OK)
		goto out;
	free(json);
	free(serial);
	buf_free(&ev);
	return store_change_commit(st, nested, err);
out:
	store_change_rollback(st, nested);
	free(json);
	free(serial);
	buf_free(&ev);
	return rc ? rc : SD_INTERNAL;
}

int
ledger_payment(store *st, const char *regno, int64_t amount_fen, const char *invoice_no, sd_err *err)
{
	char now[17], amount[32];
	char *json = NULL;
	long long id;
	bool nested;
	int rc;
	buf ev = { 0 };

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if (amount_fen <= 0 || amount_fen > INT64_C(100000000000))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("amount"),
		                  _("must be more than zero (at most 1,000,000,000.00)"));
	if ((rc = check_text(invoice_no, _("invoice number"), false, SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	store_now(now);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		goto out;
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO payment (ledger_id, amount_fen, invoice_no, received_at, who) VALUES (?, ?, ?, ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, amount_fen);
	bind_opt_text(q, 3, blank(invoice_no) ? NULL : invoice_no);
	sqlite3_bind_text(q, 4, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 5, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK)
		goto out;
	money_format(amount_fen, amount);
	note_begin(&ev, blank(invoice_no) ? "payment" : "payment_invoice");
	note_arg(&ev, amount);
	if (!blank(invoice_no))
		note_arg(&ev, invoice_no);
	if ((rc = add_event(st, id, now, "payment", buf_str(&ev), err)) != SD_OK)
		goto out;
	q = store_prepare(st, "SELECT json_object('regno', ?, 'amount_fen', ?, 'invoice_no', ?, 'received_at', ?)", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, amount_fen);
	bind_opt_text(q, 3, blank(invoice_no) ? NULL : invoice_no);
	sqlite3_bind_text(q, 4, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = col_dup(q, 0);
	sqlite3_reset(q);
	if ((rc = store_audit(st, "payment", regno, "insert", NULL, json, err)) != SD_OK)
		goto out;
	free(json);
	buf_free(&ev);
	return store_change_commit(st, nested, err);
out:
	store_change_rollback(st, nested);
	free(json);
	buf_free(&ev);
	return rc ? rc : SD_INTERNAL;
}

int
ledger_history(store *st, const char *regno, int (*fn)(const sd_ledger_event *e, void *arg),
               void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	long long id;
	int rc, ret = SD_OK;
	buf words = { 0 };

	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	/* A statement of its own: fn may use the store's cached statements. */
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT at, who, kind, note FROM ledger_event WHERE ledger_id = ? ORDER BY at, id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_ledger_event e;
		const char *note = (const char *)sqlite3_column_text(q, 3);

		col_copy(q, 0, e.at, sizeof e.at);
		e.who = (const char *)sqlite3_column_text(q, 1);
		e.kind = (const char *)sqlite3_column_text(q, 2);
		buf_reset(&words);
		note_words(st, note, &words);
		e.note = buf_str(&words);
		if ((ret = fn(&e, arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_finalize(q);
	buf_free(&words);
	return ret;
}

/* The enum value of a stored tier code; TIER_UNKNOWN if it is none of them. */
static int
tier_of(const char *code)
{
	for (int t = 0; t < TIER_COUNT; t++)
		if (code && strcmp(code, warranty_tier_code(t)) == 0)
			return t;
	return TIER_UNKNOWN;
}

/* The enum value of a stored cost kind; -1 if it is none of them. */
static int
cost_of(const char *code)
{
	for (int k = 0; k < COST_COUNT; k++)
		if (code && strcmp(code, warranty_cost_code(k)) == 0)
			return k;
	return -1;
}

static const char *
col_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

int
ledger_charge_each(store *st, const char *regno,
                   int (*fn)(const sd_ledger_charge *c, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	long long id;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	/* A statement of its own: fn may use the store's cached statements. */
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT id, kind, amount_fen, billed_fen, tier, service_on, note, who, at, "
		"coalesce(contract_id, 0), free_repair, "
		"(SELECT l.card_in_at IS NOT NULL FROM ledger l WHERE l.id = charge.ledger_id), cause "
		"FROM charge WHERE ledger_id = ? ORDER BY coalesce(at, ''), id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the charges"), err);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_ledger_charge c;

		c.id = sqlite3_column_int64(q, 0);
		c.cost = cost_of((const char *)sqlite3_column_text(q, 1));
		c.amount_fen = sqlite3_column_int64(q, 2);
		c.billed_fen = sqlite3_column_int64(q, 3);
		c.tier = tier_of((const char *)sqlite3_column_text(q, 4));
		col_copy(q, 5, c.service_on, sizeof c.service_on);
		c.note = col_text(q, 6);
		c.who = col_text(q, 7);
		col_copy(q, 8, c.at, sizeof c.at);
		c.contract_id = sqlite3_column_int64(q, 9);
		c.free_repair = sqlite3_column_int(q, 10) != 0;
		/* travel is reimbursed only against the service card back at the office */
		c.reimbursable = c.cost == COST_TRAVEL ? sqlite3_column_int(q, 11) != 0 : -1;
		col_copy(q, 12, c.cause, sizeof c.cause);
		if ((ret = fn(&c, arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the charges"), err);
	sqlite3_finalize(q);
	return ret;
}

int
ledger_payment_each(store *st, const char *regno,
                    int (*fn)(const sd_ledger_payment *p, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	long long id;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT id, amount_fen, invoice_no, who, received_at "
		"FROM payment WHERE ledger_id = ? ORDER BY received_at, id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the payments"), err);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_ledger_payment p;

		p.id = sqlite3_column_int64(q, 0);
		p.amount_fen = sqlite3_column_int64(q, 1);
		p.invoice_no = col_text(q, 2);
		p.who = col_text(q, 3);
		col_copy(q, 4, p.at, sizeof p.at);
		if ((ret = fn(&p, arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the payments"), err);
	sqlite3_finalize(q);
	return ret;
}

int
ledger_totals(store *st, const char *regno, int64_t *cost_fen, int64_t *billed_fen,
              int64_t *received_fen, sd_err *err)
{
	sqlite3_stmt *q;
	long long id;
	int rc;

	sd_err_clear(err);
	*cost_fen = *billed_fen = *received_fen = 0;
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	q = store_prepare(st,
		"SELECT (SELECT coalesce(sum(amount_fen), 0) FROM charge WHERE ledger_id = ?1), "
		"(SELECT coalesce(sum(billed_fen), 0) FROM charge WHERE ledger_id = ?1), "
		"(SELECT coalesce(sum(amount_fen), 0) FROM payment WHERE ledger_id = ?1)", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*cost_fen = sqlite3_column_int64(q, 0);
		*billed_fen = sqlite3_column_int64(q, 1);
		*received_fen = sqlite3_column_int64(q, 2);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the charges"), err);
}

/* ---------------------------------------------------------------- lists */

void
ledger_query_init(sd_ledger_query *q)
{
	memset(q, 0, sizeof *q);
	q->state = -1;
	q->desc = true;
}

void
ledger_row_free(sd_ledger_row *r)
{
	free(r->customer);
	free(r->engineer);
	free(r->first_item);
	memset(r, 0, sizeof *r);
}

/* The worse of two clock states for a list's mark. */
static int
state_rank(int s)
{
	switch (s) {
	case SLA_OVERDUE: return 6;
	case SLA_NEAR:    return 5;
	case SLA_MISSED:  return 4;
	case SLA_PAUSED:  return 3;
	case SLA_RUNNING: return 2;
	case SLA_MET:     return 1;
	default:          return 0;
	}
}

/*
 * The worst clock state of a row from its stored due times and done times
 * (the same rule as entry_clocks: an unresolvable entry's clocks stopped
 * when it was declared so; a clock without a stored due time is paused
 * when a pause is open, else has no commitment).
 */
static int
row_worst(int lstate, const sd_time due[CLOCK_COUNT], const sd_time done_in[CLOCK_COUNT],
          sd_time closed, bool paused, sd_time now, long warn)
{
	int worst = SLA_NONE;

	for (int c = 0; c < CLOCK_COUNT; c++) {
		sd_time done = done_in[c];
		int s;

		if (done == SD_NO_TIME && lstate == LS_UNRESOLVABLE)
			done = closed;
		if (due[c] == SD_NO_TIME)
			s = done == SD_NO_TIME && paused && lstate != LS_CLOSED && lstate != LS_UNRESOLVABLE
			    ? SLA_PAUSED : SLA_NONE;
		else
			s = sla_state(due[c], done, now, warn);
		if (state_rank(s) > state_rank(worst))
			worst = s;
	}
	return worst;
}

int
ledger_page(store *st, const sd_ledger_query *q, enum sd_page_from from,
            const sd_ledger_row *anchor, int limit, sd_ledger_row *rows, int *n, sd_err *err)
{
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	/* The overdue list runs most urgent first, straight off the next_due index. */
	bool asc = q->due_only ? !backward : q->desc ? backward : !backward;
	const char *k1 = q->due_only ? "l.next_due" : "r.month";
	const char *k2 = q->due_only ? "l.id" : "r.seq";
	buf sql = { 0 };
	sqlite3_stmt *s;
	char now[17], limit_s[17];
	sd_time tnow;
	long warn = warn_minutes(st);
	int rc = SQLITE_DONE, count = 0, i;

	*n = 0;
	sd_err_clear(err);
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && !anchor)
		return sd_err_set(err, SD_INTERNAL, "ledger_page: no anchor");
	if (limit <= 0)
		return SD_OK;
	/* Brings the stored due times up to date if the calendar changed. */
	if (!ledger_calendar(st, err))
		return err->status;
	store_now(now);
	tnow = tparse(now);
	time_format(tnow + warn, limit_s);

	buf_puts(&sql,
		"SELECT l.id, r.regno, l.state, r.priority, l.service_mode, r.customer, l.engineer, "
		"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), "
		"l.reply_due, l.respond_due, l.diagnose_due, l.onsite_due, l.clear_due, l.escalate_due, "
		"l.next_due, l.first_contact_at, l.proposed_at, l.diagnosed_at, l.arrived_at, l.cleared_at, "
		"l.escalated_at, l.closed_at, "
		"EXISTS (SELECT 1 FROM clock_pause p WHERE p.ledger_id = l.id AND p.to_at IS NULL), ");
	buf_printf(&sql, "%s, %s, l.repeat_of IS NOT NULL ", k1, k2);
	if (q->due_only)
		/* Only the entries near or past a commitment, from the partial index on next_due. */
		buf_puts(&sql, "FROM ledger l INDEXED BY ledger_next_due CROSS JOIN request r ON r.id = l.request_id "
		               "WHERE l.next_due IS NOT NULL AND l.next_due <= :due");
	else
		buf_puts(&sql, "FROM request r JOIN ledger l ON l.request_id = r.id WHERE 1");
	if (q->state >= 0 && q->state < LS_COUNT)
		buf_puts(&sql, " AND l.state = :state");
	if (q->open_only)
		buf_puts(&sql, " AND l.state NOT IN ('closed', 'unresolvable')");
	if (q->engineer && *q->engineer)
		buf_puts(&sql, " AND l.engineer = :engineer");
	/* The list of register numbers walks the request's (month, seq) index; the overdue list does not. */
	intake_search_where(st, q->search, !q->due_only, &sql);
	if (from == PAGE_AFTER || from == PAGE_BEFORE)
		buf_printf(&sql, " AND (%s, %s) %s (:a1, :a2)", k1, k2, asc ? ">" : "<");
	buf_printf(&sql, " ORDER BY %s %s, %s %s LIMIT :limit", k1, asc ? "ASC" : "DESC", k2, asc ? "ASC" : "DESC");

	s = store_prepare(st, sql.data, err);
	buf_free(&sql);
	if (!s)
		return err->status;
	if ((i = sqlite3_bind_parameter_index(s, ":due")))
		sqlite3_bind_text(s, i, limit_s, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(s, ":state")))
		sqlite3_bind_text(s, i, ledger_state_code(q->state), -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":engineer")))
		sqlite3_bind_text(s, i, q->engineer, -1, SQLITE_TRANSIENT);
	intake_search_bind(s, q->search);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":a1"), anchor->key_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":a2"), anchor->key_num);
	}
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), limit);

	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_ledger_row *row = &rows[count++];
		sd_time due[CLOCK_COUNT], done[CLOCK_COUNT];

		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(s, 0);
		col_copy(s, 1, row->regno, sizeof row->regno);
		row->state = ledger_state_parse((const char *)sqlite3_column_text(s, 2));
		row->priority = sqlite3_column_int(s, 3);
		row->mode = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1
		          : ledger_mode_parse((const char *)sqlite3_column_text(s, 4));
		row->customer = col_dup(s, 5);
		row->engineer = col_dup(s, 6);
		row->first_item = col_dup(s, 7);
		/* columns: 8.. the due times, then next_due, the step times, closed_at, paused, the keys */
		enum { C_DUE = 8, C_NEXT = C_DUE + CLOCK_COUNT, C_T = C_NEXT + 1, C_CLOSED = C_T + T_COUNT,
		       C_PAUSED, C_K1, C_K2 };
		sd_time t[T_COUNT];
		for (int k = 0; k < T_COUNT; k++)
			t[k] = tparse((const char *)sqlite3_column_text(s, C_T + k));
		row->next_due = tparse((const char *)sqlite3_column_text(s, C_NEXT));
		row->next_clock = -1;
		for (int c = 0; c < CLOCK_COUNT; c++) {
			due[c] = tparse((const char *)sqlite3_column_text(s, C_DUE + c));
			done[c] = clock_done(c, t, due[c]);
			/* on a tie the escalation is named: it asks for an action */
			if (row->next_due != SD_NO_TIME && due[c] == row->next_due && done[c] == SD_NO_TIME &&
			    (row->next_clock < 0 || c == CLOCK_ESCALATE))
				row->next_clock = c;
		}
		row->to_escalate = row->next_clock == CLOCK_ESCALATE && t[T_ESCALATED] == SD_NO_TIME &&
		                   t[T_PROPOSED] == SD_NO_TIME;
		row->worst = row_worst(row->state, due, done, tparse((const char *)sqlite3_column_text(s, C_CLOSED)),
		                       sqlite3_column_int(s, C_PAUSED) != 0, tnow, warn);
		col_copy(s, C_K1, row->key_text, sizeof row->key_text);
		row->key_num = sqlite3_column_int64(s, C_K2);
		row->repeat = sqlite3_column_int(s, C_K2 + 1) != 0;
	}
	if (count < limit && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		for (int k = 0; k < count; k++)
			ledger_row_free(&rows[k]);
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	}
	sqlite3_reset(s);
	if (backward) {
		for (int a = 0, b = count - 1; a < b; a++, b--) {
			sd_ledger_row t = rows[a];
			rows[a] = rows[b];
			rows[b] = t;
		}
	}
	*n = count;
	return SD_OK;
}

int
ledger_overdue_now(store *st, sd_time now, long per_clock[CLOCK_COUNT], long *entries, sd_err *err)
{
	sqlite3_stmt *q;
	char nows[17];
	int rc;

	sd_err_clear(err);
	for (int c = 0; c < CLOCK_COUNT; c++)
		per_clock[c] = 0;
	*entries = 0;
	if (!ledger_calendar(st, err))
		return err->status;
	time_format(now, nows);
	/* next_due is the earliest due time of the clocks running: an overdue entry has it before now */
	q = store_prepare(st,
		"SELECT l.reply_due, l.respond_due, l.diagnose_due, l.onsite_due, l.clear_due, l.escalate_due, "
		"l.first_contact_at, l.proposed_at, l.diagnosed_at, l.arrived_at, l.cleared_at, l.escalated_at "
		"FROM ledger l INDEXED BY ledger_next_due "
		"WHERE l.next_due IS NOT NULL AND l.next_due < ? AND l.state NOT IN ('closed', 'unresolvable')", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, nows, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_time t[T_COUNT];
		bool any = false;

		for (int k = 0; k < T_COUNT; k++)
			t[k] = tparse((const char *)sqlite3_column_text(q, CLOCK_COUNT + k));
		for (int c = 0; c < CLOCK_COUNT; c++) {
			sd_time due = tparse((const char *)sqlite3_column_text(q, c));
			if (due != SD_NO_TIME && now > due && clock_done(c, t, due) == SD_NO_TIME) {
				per_clock[c]++;
				any = true;
			}
		}
		*entries += any;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	return SD_OK;
}

/* ---------------------------------------------------------------- policy changes */

/* The policy row as JSON for the audit trail (fixed SQL). */
static const char policy_json_sql[] =
	"SELECT json_object('priority', priority, 'region', region, 'reply', reply_in, "
	"'respond', respond_in, 'diagnose', diagnose_in, 'onsite', onsite_in, 'clear', clear_in, "
	"'escalate', escalate_in) FROM sla_policy WHERE priority = ? AND region IS ?";

int
ledger_policy_set(store *st, int priority, const char *region, const sla_policy *p, sd_err *err)
{
	const char *reg = blank(region) ? NULL : region;
	struct calendar_entry *e;
	sqlite3_stmt *q;
	char key[160], v[CLOCK_COUNT][24];
	char *old_json = NULL, *new_json = NULL;
	bool nested;
	long n;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_POLICY_CHANGE, err)) != SD_OK)
		return rc;
	if (priority < 1 || priority > 4)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("priority"), _("must be P1, P2, P3 or P4"));
	if (!p)
		return sd_err_set(err, SD_INTERNAL, "ledger_policy_set: no policy");
	for (int c = 0; c < CLOCK_COUNT; c++) {
		sla_dur chk;
		sla_dur_format(p->d[c], v[c], sizeof v[c]);
		if (p->d[c].count != SLA_OFF && (!sla_dur_parse(v[c], &chk) || chk.count != p->d[c].count ||
		                                 chk.amount != p->d[c].amount))
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), sla_clock_name(c),
			                  _("must be minutes (30m), hours (2h), working hours (8wh), working days (2wd) "
			                    "or off, at most a year"));
	}
	if ((rc = check_text(reg, _("region"), false, SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	if (!(e = calendar_entry(st, err)))
		return err->status;
	if (reg)
		snprintf(key, sizeof key, "P%d %s", priority, reg);
	else
		snprintf(key, sizeof key, "P%d", priority);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, policy_json_sql, err))) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int(q, 1, priority);
	bind_opt_text(q, 2, reg);
	if (sqlite3_step(q) == SQLITE_ROW)
		old_json = col_dup(q, 0);
	sqlite3_reset(q);
	if (!old_json) {
		q = store_prepare(st, "INSERT INTO sla_policy (priority, region) VALUES (?1, ?2)", err);
		if (!q) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_int(q, 1, priority);
		bind_opt_text(q, 2, reg);
		if ((rc = run(st, q, err)) != SD_OK)
			goto out;
	}
	for (int c = 0; c < CLOCK_COUNT; c++) {
		char sql[128];
		/* the column name comes from the fixed list of clock codes */
		snprintf(sql, sizeof sql, "UPDATE sla_policy SET %s_in = ?3 WHERE priority = ?1 AND region IS ?2",
		         sla_clock_code(c));
		if (!(q = store_prepare(st, sql, err))) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_int(q, 1, priority);
		bind_opt_text(q, 2, reg);
		sqlite3_bind_text(q, 3, v[c], -1, SQLITE_TRANSIENT);
		if ((rc = run(st, q, err)) != SD_OK)
			goto out;
	}
	if (!(q = store_prepare(st, policy_json_sql, err))) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int(q, 1, priority);
	bind_opt_text(q, 2, reg);
	if (sqlite3_step(q) == SQLITE_ROW)
		new_json = col_dup(q, 0);
	sqlite3_reset(q);
	if ((rc = store_audit(st, "sla_policy", key, old_json ? "update" : "insert", old_json, new_json, err)) != SD_OK)
		goto out;
	if ((rc = recompute(st, e->cal, e->digest, &n, err)) != SD_OK)
		goto out;
	free(old_json);
	free(new_json);
	return store_change_commit(st, nested, err);
out:
	store_change_rollback(st, nested);
	free(old_json);
	free(new_json);
	return rc ? rc : SD_INTERNAL;
}

static void
hours_json(const char *hs, char *out, size_t size)
{
	if (hs[0])
		snprintf(out, size, "{\"office_hours\":\"%s\"}", hs);
	else
		snprintf(out, size, "{\"office_hours\":null}");
}

int
ledger_office_hours_set(store *st, const sla_hours *hours, sd_err *err)
{
	struct calendar_entry *e;
	char hs[16], *old;
	bool nested;
	long n;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_POLICY_CHANGE, err)) != SD_OK)
		return rc;
	if (hours && (hours->open < 0 || hours->close > 1440 || hours->open >= hours->close))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("office hours"),
		                  _("must be HH:MM-HH:MM, opening before closing"));
	if (hours)
		sla_hours_format(*hours, hs);
	else
		hs[0] = '\0';
	if (!(e = calendar_entry(st, err)))
		return err->status;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	old = store_setting(st, "office_hours", "");
	char oj[64], nj[64], os[16];
	sla_hours oh;
	/* both values in the checked form "HH:MM-HH:MM" (or none): safe inside JSON quotes */
	os[0] = '\0';
	if (sla_hours_parse(old, &oh))
		sla_hours_format(oh, os);
	free(old);
	hours_json(os, oj, sizeof oj);
	hours_json(hs, nj, sizeof nj);
	if ((rc = store_set_setting(st, "office_hours", hs, err)) != SD_OK ||
	    (rc = store_audit(st, "setting", "office_hours", "update", oj, nj, err)) != SD_OK ||
	    (rc = recompute(st, e->cal, e->digest, &n, err)) != SD_OK) {
		store_change_rollback(st, nested);
		return rc;
	}
	return store_change_commit(st, nested, err);
}

int
ledger_policy_each(store *st,
                   int (*fn)(int priority, const char *region, const sla_policy *p, void *arg),
                   void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT priority, region, " POLICY_COLS " "
		"FROM sla_policy ORDER BY region IS NOT NULL, region, priority", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the service-level policy"), err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sla_policy p;

		if ((ret = read_policy(q, 2, &p, err)) != SD_OK)
			break;
		if ((ret = fn(sqlite3_column_int(q, 0), (const char *)sqlite3_column_text(q, 1), &p,
		              arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_fail(st, rc, _("reading the service-level policy"), err);
	sqlite3_finalize(q);
	return ret;
}

/* ---------------------------------------------------------------- export */

/* The columns of the ledger export, titled as in the after-sales ledger (售后记录表). */
static const char *const export_heads[] = {
	"登记号", "收件时间", "客户", "设备序列号", "优先级", "状态", "负责人", "责任工程师",
	"服务形式", "故障类别", "解决方案", "提出方案时间", "首次联系时间", "计划到场时间",
	"到场时间", "故障排除时间", "用户确认人", "确认时间", "确认方式", "关闭时间",
	"不能解决原因",
	/* each clock's due time and its state at the time of the export, by the clock's code */
	"reply_due", "reply_state", "respond_due", "respond_state", "diagnose_due", "diagnose_state",
	"onsite_due", "onsite_state", "clear_due", "clear_state", "escalate_due", "escalate_state",
	"成本(元)", "应收(元)", "已收(元)"
};
/* The columns of the export: 21 read as they are, the clocks, the money. */
#define EXPORT_PLAIN 21
#define EXPORT_MONEY (EXPORT_PLAIN + 2 * CLOCK_COUNT)

/* The stored code looked up in a table of codes; its fixed Chinese name, or the code. */
static const char *
export_state(const char *code)
{
	for (int s = 0; code && s < LS_COUNT; s++)
		if (strcmp(code, state_codes[s].code) == 0)
			return state_codes[s].zh;
	return code;
}

static const char *
export_mode(const char *code)
{
	for (int m = 0; code && m < MODE_COUNT; m++)
		if (strcmp(code, mode_codes[m].code) == 0)
			return mode_codes[m].alias[0];
	return code;
}

static const char *
export_how(const char *code)
{
	for (int h = 0; code && h < HOW_COUNT; h++)
		if (strcmp(code, how_codes[h].code) == 0)
			return how_codes[h].alias[0];
	return code;
}

#define EXPORT_SELECT \
	"SELECT r.regno, r.received_at, r.customer, r.serial, r.priority, l.state, l.responsible, " \
	"l.engineer, l.service_mode, coalesce(f.name, l.fault_code), l.solution, l.proposed_at, " \
	"l.first_contact_at, l.planned_visit_at, l.arrived_at, l.cleared_at, l.confirmed_by, " \
	"l.confirmed_at, l.confirmed_how, l.closed_at, l.unresolvable_reason, " \
	"(SELECT coalesce(sum(amount_fen), 0) FROM charge c WHERE c.ledger_id = l.id), " \
	"(SELECT coalesce(sum(billed_fen), 0) FROM charge c WHERE c.ledger_id = l.id), " \
	"(SELECT coalesce(sum(amount_fen), 0) FROM payment p WHERE p.ledger_id = l.id) "

int
ledger_export(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	csvtab_writer w;
	sqlite3_stmt *q;
	char from[17] = "", to[17] = "";
	bool by_month = month && *month;
	int rc = SQLITE_DONE, ret = SD_OK;

	const workcal *cal;
	sd_time now = now_time();
	long warn = warn_minutes(st);

	_Static_assert(SD_ARRAY_LEN(export_heads) == EXPORT_MONEY + 3, "export columns");
	csvtab_writer_start(&w, out, enc, count, err);
	/* the calendar first: bringing stale due times up to date writes */
	if (!(cal = ledger_calendar(st, err)))
		return csvtab_writer_end(&w, err ? err->status : SD_INTERNAL, count);
	csvtab_put_record(&w, export_heads, SD_ARRAY_LEN(export_heads));
	if (by_month) {
		int y = atoi(month) / 100, m = atoi(month) % 100;
		char d[11];

		date_format(date_from_ymd(y, m, 1), d);
		snprintf(from, sizeof from, "%s 00:00", d);
		date_format(date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1), d);
		snprintf(to, sizeof to, "%s 00:00", d);
	}
	/* by month: the requests received in it, through their index; else every entry */
	q = store_prepare(st, by_month
		? EXPORT_SELECT "FROM request r JOIN ledger l ON l.request_id = r.id "
		  "LEFT JOIN fault_category f ON f.code = l.fault_code "
		  "WHERE r.received_at >= ?1 AND r.received_at < ?2 ORDER BY r.received_at, r.id"
		: EXPORT_SELECT "FROM ledger l JOIN request r ON r.id = l.request_id "
		  "LEFT JOIN fault_category f ON f.code = l.fault_code ORDER BY l.id", err);
	if (!q)
		return csvtab_writer_end(&w, err ? err->status : SD_INTERNAL, count);
	if (by_month) {
		sqlite3_bind_text(q, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, to, -1, SQLITE_STATIC);
	}
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *v[SD_ARRAY_LEN(export_heads)];
		char prio[4], money[3][32], dues[CLOCK_COUNT][17];
		int state[CLOCK_COUNT];
		sd_time due[CLOCK_COUNT];
		sd_ledger l;

		for (int c = 0; c < EXPORT_PLAIN; c++)
			v[c] = (const char *)sqlite3_column_text(q, c);
		snprintf(prio, sizeof prio, "P%d", sqlite3_column_int(q, 4));
		v[4] = prio;
		v[5] = export_state(v[5]);
		v[8] = export_mode(v[8]);
		v[18] = export_how(v[18]);
		/* the clocks as the lists and the desk show them now (the stored due times) */
		if ((ret = ledger_get(st, v[0], &l, err)) != SD_OK)
			break;
		ret = entry_clocks(st, cal, &l, now, warn, state, due, NULL, err);
		ledger_free(&l);
		if (ret != SD_OK)
			break;
		for (int c = 0; c < CLOCK_COUNT; c++) {
			tformat(due[c], dues[c]);
			v[EXPORT_PLAIN + 2 * c] = dues[c];
			v[EXPORT_PLAIN + 2 * c + 1] = sla_state_code(state[c]);
		}
		for (int k = 0; k < 3; k++) {
			money_format(sqlite3_column_int64(q, EXPORT_PLAIN + k), money[k]);
			v[EXPORT_MONEY + k] = money[k];
		}
		csvtab_put_record(&w, v, SD_ARRAY_LEN(export_heads));
		ret = csvtab_row_done(&w);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the ledger"), err);
	sqlite3_reset(q);
	return csvtab_writer_end(&w, ret, count);
}

/* ---------------------------------------------------------------- maintenance items */

static const struct {
	const char *code;
	const char *alias[3];   /* Chinese words a person may type */
} item_states[ITEM_COUNT] = {
	[ITEM_OPEN] = { "open", { "未处理", NULL } },
	[ITEM_DONE] = { "done", { "已完成", "完成", NULL } },
	[ITEM_NOTOURS] = { "notours", { "非我方责任", "非我方", NULL } },
	[ITEM_UNRESOLVABLE] = { "unresolvable", { "无法解决", NULL } },
};

const char *
ledger_item_state_code(int s)
{
	return s >= 0 && s < ITEM_COUNT ? item_states[s].code : "";
}

const char *
ledger_item_state_name(int s)
{
	switch (s) {
	case ITEM_OPEN: return C_("maintenance item", "open");
	case ITEM_DONE: return C_("maintenance item", "done");
	case ITEM_NOTOURS: return C_("maintenance item", "not ours");
	case ITEM_UNRESOLVABLE: return C_("maintenance item", "unresolvable");
	}
	return "";
}

int
ledger_item_state_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (strcasecmp(s, item_states[i].code) == 0 || strcmp(s, ledger_item_state_name(i)) == 0)
			return i;
		for (int j = 0; j < 3 && item_states[i].alias[j]; j++)
			if (strcmp(s, item_states[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

/* The items of ledger entry id with their settlement, in order (a statement of its own). */
#define ITEM_SQL \
	"SELECT i.pos, i.text, s.state, s.note, s.who, s.at " \
	"FROM ledger l JOIN request_item i ON i.request_id = l.request_id " \
	"LEFT JOIN item_settle s ON s.request_id = i.request_id AND s.pos = i.pos AND s.text = i.text " \
	"WHERE l.id = ? ORDER BY i.pos"

static int
item_state_of(const char *code)
{
	for (int i = 1; i < ITEM_COUNT; i++)
		if (code && strcmp(code, item_states[i].code) == 0)
			return i;
	return ITEM_OPEN;
}

static int
items_of(store *st, long long id, int (*fn)(const sd_ledger_item *it, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	rc = sqlite3_prepare_v2(store_db(st), ITEM_SQL, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_ledger_item it;
		const char *t;

		it.pos = sqlite3_column_int(q, 0);
		t = (const char *)sqlite3_column_text(q, 1);
		it.text = t ? t : "";
		it.state = sqlite3_column_type(q, 2) == SQLITE_NULL ? ITEM_OPEN
		           : item_state_of((const char *)sqlite3_column_text(q, 2));
		t = (const char *)sqlite3_column_text(q, 3);
		it.note = t ? t : "";
		t = (const char *)sqlite3_column_text(q, 4);
		it.who = t ? t : "";
		col_copy(q, 5, it.at, sizeof it.at);
		if ((ret = fn(&it, arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_finalize(q);
	return ret;
}

int
ledger_item_each(store *st, const char *regno, int (*fn)(const sd_ledger_item *it, void *arg),
                 void *arg, sd_err *err)
{
	long long id;
	int rc;

	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	return items_of(st, id, fn, arg, err);
}

struct item_count {
	int total, open;
	buf names;          /* the open ones: "2 (text)", ... */
};

static int
count_item(const sd_ledger_item *it, void *arg)
{
	struct item_count *c = arg;

	c->total++;
	if (it->state == ITEM_OPEN) {
		char shortened[128];

		c->open++;
		text_fit(shortened, sizeof shortened, it->text, 24, false);
		if (c->names.len)
			buf_puts(&c->names, _(", "));
		/* TRANSLATORS: item number, the item's text (shortened). */
		buf_printf(&c->names, _("%d (%s)"), it->pos, shortened);
	}
	return 0;
}

int
ledger_item_counts(store *st, const char *regno, int *total, int *open, sd_err *err)
{
	struct item_count c = { 0 };
	long long id;
	int rc;

	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	rc = items_of(st, id, count_item, &c, err);
	buf_free(&c.names);
	*total = c.total;
	*open = c.open;
	return rc;
}

/* Refuse (SD_DATAERR) a clearing or closing of entry l while items are open, naming them. */
static int
items_refuse_open(store *st, const sd_ledger *l, sd_err *err)
{
	struct item_count c = { 0 };
	int rc = items_of(st, l->id, count_item, &c, err);

	if (rc == SD_OK && c.open > 0)
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s: maintenance items still open: %s; settle each first (servdesk ledger item)"),
		                l->regno, buf_str(&c.names));
	buf_free(&c.names);
	return rc;
}

int
ledger_item_settle(store *st, const char *regno, int pos, int state, const char *note,
                   int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char now[17];
	char *text = NULL, *old_state = NULL;
	long long request_id = 0;
	buf ev = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if (state <= ITEM_OPEN || state >= ITEM_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("item outcome"),
		                  _("must be done, notours or unresolvable"));
	if ((rc = check_text(note, state == ITEM_DONE ? _("what was done")
	                           : state == ITEM_NOTOURS ? _("why it is not ours") : _("reason"),
	                     true, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	store_now(now);
	if ((rc = step_begin(st, regno, STEP_ITEM, expected_version, &cx, err)) != SD_OK)
		return rc;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT i.request_id, i.text, s.state FROM ledger l "
		"JOIN request_item i ON i.request_id = l.request_id AND i.pos = ?2 "
		"LEFT JOIN item_settle s ON s.request_id = i.request_id AND s.pos = i.pos AND s.text = i.text "
		"WHERE l.id = ?1", err);
	if (!q) {
		rc = err->status;
		step_abort(st, &cx);
		return rc;
	}
	sqlite3_bind_int64(q, 1, cx.cur.id);
	sqlite3_bind_int(q, 2, pos);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		request_id = sqlite3_column_int64(q, 0);
		text = col_dup(q, 1);
		old_state = col_dup(q, 2);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			int total = 0, open = 0;
			struct item_count c = { 0 };

			if (items_of(st, cx.cur.id, count_item, &c, err) == SD_OK)
				total = c.total, open = c.open;
			buf_free(&c.names);
			(void)open;
			rc = total == 0
			     ? sd_err_set(err, SD_DATAERR, _("%s: the request has no maintenance items"), cx.cur.regno)
			     : sd_err_set(err, SD_DATAERR, _("%s: no item %d (items 1 to %d)"), cx.cur.regno, pos,
			                  total);
		} else {
			rc = store_fail(st, rc, _("reading the after-sales ledger"), err);
		}
		goto fail;
	}
	if (old_state) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: item %d is already settled (%s)"), cx.cur.regno, pos,
		                ledger_item_state_name(item_state_of(old_state)));
		goto fail;
	}
	q = store_prepare(st, "INSERT OR REPLACE INTO item_settle (request_id, pos, text, state, note, who, at) "
	                      "VALUES (?, ?, ?, ?, ?, ?, ?)", err);
	if (q) {
		sqlite3_bind_int64(q, 1, request_id);
		sqlite3_bind_int(q, 2, pos);
		sqlite3_bind_text(q, 3, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 4, ledger_item_state_code(state), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, note, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 6, store_user(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 7, now, -1, SQLITE_TRANSIENT);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		goto out;
	note_begin(&ev, "item");
	note_arg_int(&ev, pos);
	note_arg(&ev, ledger_item_state_code(state));
	note_arg(&ev, note);
	rc = step_finish(st, &cx, STEP_ITEM, now, buf_str(&ev), err);
	goto out;
fail:
	step_abort(st, &cx);
out:
	free(text);
	free(old_state);
	buf_free(&ev);
	return rc;
}

/* ---------------------------------------------------------------- the service card */

void
ledger_card_free(sd_ledger_card *c)
{
	free(c->opinion);
	memset(c, 0, sizeof *c);
}

static bool
card_recorded(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT card_signed_at IS NOT NULL FROM ledger WHERE id = ?", NULL);
	bool yes = false;

	if (!q)
		return false;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		yes = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	return yes;
}

sd_date
ledger_card_due(const workcal *cal, sd_date signed_on, int card_days)
{
	sd_date d = signed_on;

	for (int n = 0; n < card_days; ) {
		d++;
		if (!cal || workcal_is_workday(cal, d))
			n++;
	}
	return d;
}

/* Today's date as the store's clock has it. */
static sd_date
today_date(void)
{
	char now[17];
	sd_date d = 0;

	store_now(now);
	now[10] = '\0';
	date_parse(now, &d);
	return d;
}

int
ledger_card_get(store *st, const char *regno, sd_ledger_card *out, sd_err *err)
{
	long long id;
	int rc;

	memset(out, 0, sizeof *out);
	sd_err_clear(err);
	if ((rc = entry_ids(st, regno, &id, NULL, err)) != SD_OK)
		return rc;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT card_signed_by, card_signed_at, card_opinion, card_rating, card_due, card_in_at, card_in_by "
		"FROM ledger WHERE id = ?", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 1) != SQLITE_NULL) {
		out->recorded = true;
		col_copy(q, 0, out->signed_by, sizeof out->signed_by);
		col_copy(q, 1, out->signed_at, sizeof out->signed_at);
		out->opinion = col_dup(q, 2);
		out->rating = sqlite3_column_int(q, 3);
		col_copy(q, 4, out->due, sizeof out->due);
		col_copy(q, 5, out->in_at, sizeof out->in_at);
		col_copy(q, 6, out->in_by, sizeof out->in_by);
		if (out->due[0]) {
			char today[11];

			date_format(today_date(), today);
			out->late = out->in_at[0] ? strncmp(out->in_at, out->due, 10) > 0 : strcmp(today, out->due) > 0;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	return SD_OK;
}

int
ledger_card(store *st, const char *regno, const char *signed_by, const char *signed_at,
            const char *opinion, int rating, int expected_version, sd_err *err)
{
	struct step_ctx cx;
	char when[17], due[11];
	sd_date on;
	buf note = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = check_text(signed_by, _("signed by"), true, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = check_text(opinion, _("customer's opinion"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_rating(rating, _("rating"), err)) != SD_OK ||
	    (rc = parse_at(signed_at, when, _("signed at"), err)) != SD_OK)
		return rc;
	if ((rc = step_begin(st, regno, STEP_CARD, expected_version, &cx, err)) != SD_OK)
		return rc;
	if (cx.cur.mode != MODE_ONSITE) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: the service card is for on-site service (this entry: %s)"),
		                cx.cur.regno, ledger_mode_name(cx.cur.mode));
		goto fail;
	}
	if (card_recorded(st, cx.cur.id)) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: the service card is already recorded"), cx.cur.regno);
		goto fail;
	}
	if ((rc = not_before(when, cx.cur.cleared_at, _("signed at"), _("the fault was cleared"), err)) != SD_OK)
		goto fail;
	snprintf(due, sizeof due, "%.10s", when);
	date_parse(due, &on);
	date_format(ledger_card_due(cx.cal, on, (int)store_setting_int(st, "card_days", LEDGER_CARD_DAYS_DEFAULT)),
	            due);
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE ledger SET card_signed_by = ?1, card_signed_at = ?2, card_opinion = ?3, card_rating = ?4, "
		"card_due = ?5, confirmed_by = coalesce(confirmed_by, ?1), "
		"confirmed_how = coalesce(confirmed_how, 'card'), confirmed_at = coalesce(confirmed_at, ?2) "
		"WHERE id = ?6", err);
	if (q) {
		sqlite3_bind_text(q, 1, signed_by, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, opinion, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 4, rating);
		sqlite3_bind_text(q, 5, due, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 6, cx.cur.id);
	}
	if ((rc = step_update(st, &cx, q, err)) != SD_OK)
		return rc;
	note_begin(&note, "card");
	note_arg(&note, signed_by);
	note_arg_int(&note, rating);
	note_arg(&note, opinion);
	note_arg(&note, due);
	rc = step_finish(st, &cx, STEP_CARD, when, buf_str(&note), err);
	buf_free(&note);
	return rc;
fail:
	step_abort(st, &cx);
	return rc;
}

int
ledger_card_in(store *st, const char *regno, const char *at, int expected_version, sd_err *err)
{
	sd_ledger l = { .mode = -1 };
	sd_ledger_card card;
	char when[17], who[160];
	char *old_json = NULL, *new_json = NULL;
	bool nested;
	buf note = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = parse_at(at, when, _("card back at"), err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	memset(&card, 0, sizeof card);
	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK ||
	    (rc = ledger_card_get(st, regno, &card, err)) != SD_OK)
		goto out;
	if (expected_version >= 0 && l.version != expected_version) {
		last_change(st, l.regno, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                l.regno, who);
		goto out;
	}
	if (!card.recorded) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: no service card is recorded (servdesk ledger card)"), l.regno);
		goto out;
	}
	if (card.in_at[0]) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: the service card is already back (%s, %s)"), l.regno,
		                card.in_at, card.in_by);
		goto out;
	}
	if ((rc = not_before(when, card.signed_at, _("card back at"), _("the card was signed"), err)) != SD_OK)
		goto out;
	old_json = ledger_json(st, l.id);
	sqlite3_stmt *q = store_prepare(st, "UPDATE ledger SET card_in_at = ?, card_in_by = ?, "
	                                    "version = version + 1 WHERE id = ?", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, l.id);
	if ((rc = run(st, q, err)) != SD_OK)
		goto out;
	note_begin(&note, strncmp(when, card.due, 10) > 0 ? "card_late" : "card_in_time");
	note_arg(&note, card.due);
	if ((rc = add_event(st, l.id, when, "card_in", buf_str(&note), err)) != SD_OK)
		goto out;
	new_json = ledger_json(st, l.id);
	if ((rc = store_audit(st, "ledger", l.regno, "card_in", old_json, new_json, err)) != SD_OK)
		goto out;
	rc = store_change_commit(st, nested, err);
	goto done;
out:
	store_change_rollback(st, nested);
done:
	free(old_json);
	free(new_json);
	buf_free(&note);
	ledger_card_free(&card);
	ledger_free(&l);
	return rc;
}

int
ledger_cards_out(store *st, sd_date today, bool overdue_only, const char *engineer,
                 int (*fn)(const sd_card_out *c, void *arg), void *arg, sd_err *err)
{
	char day[11];
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	date_format(today, day);
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT r.regno, coalesce(l.engineer, ''), r.customer, l.card_signed_at, l.card_due, "
		"max(0, julianday(?1) - julianday(l.card_due)) "
		"FROM ledger l JOIN request r ON r.id = l.request_id "
		"WHERE l.card_due IS NOT NULL AND l.card_in_at IS NULL "
		"AND (?2 = 0 OR l.card_due < ?1) AND (?3 IS NULL OR l.engineer = ?3) "
		"ORDER BY coalesce(l.engineer, ''), l.card_due, r.regno", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_bind_text(q, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, overdue_only);
	bind_opt_text(q, 3, engineer);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_card_out c;

		c.regno = (const char *)sqlite3_column_text(q, 0);
		c.engineer = (const char *)sqlite3_column_text(q, 1);
		c.customer = col_text(q, 2);
		col_copy(q, 3, c.signed_at, sizeof c.signed_at);
		col_copy(q, 4, c.due, sizeof c.due);
		c.days_late = sqlite3_column_int(q, 5);
		if ((ret = fn(&c, arg)) != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_fail(st, rc, _("reading the after-sales ledger"), err);
	sqlite3_finalize(q);
	return ret;
}

void
ledger_card_text(buf *b, const sd_ledger_card *c)
{
	if (!c->recorded)
		return;
	/* TRANSLATORS: who signed, when, the rating (1-5), the customer's opinion. */
	buf_printf(b, _("signed by %s, %s, rating %d: %s"), c->signed_by, c->signed_at, c->rating,
	           c->opinion ? c->opinion : "");
	buf_putc(b, '\n');
	if (c->in_at[0])
		/* TRANSLATORS: when the card came back, who received it, the day it was due. */
		buf_printf(b, c->late ? _("back at the office %s (%s), late: due by %s")
		                      : _("back at the office %s (%s), due by %s"), c->in_at, c->in_by, c->due);
	else
		/* TRANSLATORS: the day the card is due back at the office. */
		buf_printf(b, c->late ? _("not back at the office; it was due by %s") : _("due back at the office by %s"),
		           c->due);
}

const char *
ledger_reimburse_name(int reimbursable)
{
	if (reimbursable < 0)
		return "";
	return reimbursable ? _("yes") : _("awaiting the card");
}

int
ledger_cards_month(store *st, const char *from, const char *to, sd_card_month *out, sd_err *err)
{
	char end_on[11];
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(end_on, sizeof end_on, "%.10s", to);
	q = store_prepare(st,
		"SELECT "
		"(SELECT count(*) FROM ledger WHERE card_signed_at >= ?1 AND card_signed_at < ?2), "
		"(SELECT coalesce(sum(card_rating), 0) FROM ledger WHERE card_signed_at >= ?1 AND card_signed_at < ?2), "
		"(SELECT count(*) FROM ledger WHERE card_in_at >= ?1 AND card_in_at < ?2), "
		"(SELECT count(*) FROM ledger WHERE card_in_at >= ?1 AND card_in_at < ?2 "
		" AND substr(card_in_at, 1, 10) > card_due), "
		"(SELECT count(*) FROM ledger WHERE card_signed_at < ?2 AND card_due < ?3 "
		" AND (card_in_at IS NULL OR card_in_at >= ?2))", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, end_on, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->signed_n = sqlite3_column_int64(q, 0);
		out->rating_sum = sqlite3_column_int64(q, 1);
		out->returned = sqlite3_column_int64(q, 2);
		out->returned_late = sqlite3_column_int64(q, 3);
		out->out_overdue = sqlite3_column_int64(q, 4);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the after-sales ledger"), err);
	return SD_OK;
}

void
ledger_cards_month_doc(sd_doc *d, int n, const sd_card_month *c)
{
	buf title = { 0 };

	if (n > 0)
		/* TRANSLATORS: the section's number. */
		buf_printf(&title, _("%d. Service cards"), n);
	else
		buf_puts(&title, _("Service cards"));
	doc_section_add(d, "cards", buf_str(&title));
	buf_free(&title);
	doc_figure_add(d, "signed", _("Signed in the month"), DOC_COUNT, 0, 0, doc_count(c->signed_n));
	doc_figure_add(d, "rating", _("Average rating (1-5)"), DOC_RATIO, 1, 0, doc_ratio(c->rating_sum, c->signed_n));
	doc_figure_add(d, "returned", _("Back at the office"), DOC_COUNT, 0, 0, doc_count(c->returned));
	doc_figure_add(d, "returned_late", _("  of them late"), DOC_COUNT, 0, 0, doc_count(c->returned_late));
	doc_figure_add(d, "out_overdue", _("Overdue at the month's end"), DOC_COUNT, 0, 0, doc_count(c->out_overdue));
}
