/*
 * ui-appoint.c — the form that appoints a customer's engineer and deputy,
 * and the detail's line about them. The rules are engineer.c's: active
 * engineers or supervisors, two different people, and the customer's
 * consent (who agreed) when an appointed engineer is replaced.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engineer.h"
#include "staff.h"
#include "text.h"
#include "ui-appoint.h"
#include "ui-form.h"
#include "ui-pane.h"

typedef struct people {
	char **logins;          /* [0] is NULL: nobody */
	const char **names;     /* the choices: "(none)", "name (login)" */
	int n, cap;
} people;

static int
collect(const sd_staff *m, void *arg)
{
	people *p = arg;
	buf b = { 0 };

	if (m->role != ROLE_ENGINEER && m->role != ROLE_SUPERVISOR)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->logins = xrealloc(p->logins, (size_t)p->cap * sizeof *p->logins);
		p->names = xrealloc(p->names, (size_t)p->cap * sizeof *p->names);
	}
	if (m->name && *m->name && strcmp(m->name, m->login) != 0)
		buf_printf(&b, _("%s (%s)"), m->name, m->login);
	else
		buf_puts(&b, m->login);
	p->logins[p->n] = xstrdup(m->login);
	p->names[p->n] = text_sanitize(buf_str(&b), false);
	p->n++;
	buf_free(&b);
	return 0;
}

static void
people_free(people *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->logins[i]);
		free((char *)p->names[i]);
	}
	free(p->logins);
	free(p->names);
}

/* index of login in p, 0 (nobody) if none or not listed */
static int
index_of(const people *p, const char *login)
{
	for (int i = 1; login && i < p->n; i++)
		if (strcmp(p->logins[i], login) == 0)
			return i;
	return 0;
}

typedef struct job {
	ui_ctx *c;
	const char *customer;
	const people *p;
	int version;
} job;

static const char *
field_of(const char *msg)
{
	const struct { const char *label, *code; } map[] = {
		{ _("appointed engineer"), "engineer" }, { _("deputy engineer"), "deputy" },
		{ _("agreed by"), "agreed_by" },
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(map); i++) {
		size_t k = strlen(map[i].label);
		if (strncmp(msg, map[i].label, k) == 0 && msg[k] == ':')
			return map[i].code;
	}
	return NULL;
}

static int
save(ui_form *form, void *arg)
{
	job *j = arg;
	char *agreed = ui_form_text(form, "agreed_by");
	sd_err err;

	sd_err_clear(&err);
	int rc = appointed_set(j->c->st, j->customer, j->version, j->p->logins[ui_form_choice(form, "engineer")],
	                       j->p->logins[ui_form_choice(form, "deputy")], agreed, &err);
	free(agreed);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, field_of(err.msg), err.msg);
}

bool
ui_appoint(ui_ctx *c, const char *customer)
{
	people p = { NULL, NULL, 0, 0 };
	sd_appointed a;
	sd_err err;
	ui_form form;
	char title[256];
	bool saved;

	sd_err_clear(&err);
	if (appointed_get(c->st, customer, &a, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	/* the first choice: nobody */
	p.cap = 16;
	p.logins = xcalloc((size_t)p.cap, sizeof *p.logins);
	p.names = xcalloc((size_t)p.cap, sizeof *p.names);
	p.names[0] = xstrdup(_("(none)"));
	p.n = 1;
	if (staff_each(c->st, true, collect, &p, &err) != SD_OK && err.msg[0]) {
		ui_message(c, true, "%s", err.msg);
		people_free(&p);
		appointed_free(&a);
		return false;
	}
	job j = { c, customer, &p, a.version };
	char *clean = text_sanitize(customer, false);
	snprintf(title, sizeof title, _("Appointed engineer of %s"), clean);
	free(clean);
	ui_form_init(&form, title);
	form.save = save;
	form.arg = &j;
	ui_form_add_choice(&form, "engineer", _("Appointed engineer"), p.names, p.n, index_of(&p, a.engineer));
	ui_form_add_choice(&form, "deputy", _("Deputy engineer"), p.names, p.n, index_of(&p, a.deputy));
	ui_form_add_text(&form, "agreed_by", _("Agreed by (customer, when replacing)"), "");
	form.focus = ui_form_find(&form, "engineer");
	saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (saved)
		ui_message(c, false, "%s", _("Saved the appointed engineer."));
	else
		ui_message(c, false, "%s", _("Cancelled."));
	people_free(&p);
	appointed_free(&a);
	return saved;
}


char *
ui_appointed_line(ui_ctx *c, const char *customer)
{
	sd_appointed a;
	sd_err err;
	buf b = { 0 };

	sd_err_clear(&err);
	if (appointed_get(c->st, customer, &a, &err) != SD_OK)
		return NULL;
	if (a.engineer)
		staff_label(c->st, a.engineer, &b);
	if (a.deputy) {
		buf_puts(&b, b.len ? "; " : "");
		buf_printf(&b, "%s ", _("deputy"));
		staff_label(c->st, a.deputy, &b);
	}
	if (a.agreed_by)
		buf_printf(&b, "; %s %s", _("replacement agreed by"), a.agreed_by);
	appointed_free(&a);
	return b.len ? buf_steal(&b) : (buf_free(&b), NULL);
}
