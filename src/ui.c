/*
 * ui.c — the desk's frame: terminal set-up and restore (also on fatal
 * signals), the screen layout, the tab line, status line and key bar, and the
 * main loop that hands keys to the current pane through its ops table.
 */
#include "config.h"

#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "buf.h"
#include "engineer.h"
#include "ledger.h"
#include "staff.h"
#include "text.h"
#include "ui.h"
#include "ui-repair.h"
#include "ui-return.h"
#include "ui-pane.h"
#include "ui-form.h"

/* Set while curses owns the terminal, so that a fatal signal restores it. */
static volatile sig_atomic_t curses_active;

enum { G_QUIT = 1000, G_HELP, G_REDRAW, G_NEXT_TAB, G_HISTORY };

static const ui_keydef global_keys_head[] = {
	{ G_HELP, { '?', UI_FK(KEY_F(1)) }, "F1, ?", N_("Help"), N_("help for this pane") },
};
static const ui_keydef global_keys_tail[] = {
	{ G_QUIT, { 'q', UI_FK(KEY_F(10)) }, "F10, q", N_("Quit"), N_("quit the desk") },
	{ G_REDRAW, { UI_CTRL('l') }, "^L", NULL, N_("redraw the screen") },
	{ G_NEXT_TAB, { UI_FK(KEY_F(6)) }, "F6", NULL, N_("next register (tab)") },
	{ G_HISTORY, { 'H' }, "H", NULL, N_("history of the selected record (the audit trail)") },
};

static void
fatal_signal(int sig)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
	                            SIGTERM, SIGHUP, SIGINT, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < SD_ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void
restore_at_exit(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

void
ui_message(ui_ctx *c, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	c->msg_error = error;
}

bool
ui_input_pending(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

int
ui_interrupt_check(void *arg)
{
	/* look at the terminal at most every 5 ms */
	static struct timespec last;
	struct timespec now;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 5000000L)
		return 0;
	last = now;
	return ui_input_pending() ? 1 : 0;
}

bool
ui_permitted(ui_ctx *c, enum sd_action action)
{
	sd_err err;

	sd_err_clear(&err);
	if (staff_permit(c->st, c->user, action, &err) == SD_OK)
		return true;
	ui_message(c, true, "%s", err.msg);
	return false;
}

/*
 * the engineers and supervisors of the staff list: logins and pick-list
 * lines (first the name, then the role: the lines are laid out in columns
 * once all are read)
 */
typedef struct staff_pick {
	char **logins;
	char **lines;
	char **roles;
	int n, cap;
} staff_pick;

static int
collect_engineer(const sd_staff *m, void *arg)
{
	staff_pick *p = arg;

	if (m->role != ROLE_ENGINEER && m->role != ROLE_SUPERVISOR)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->logins = xrealloc(p->logins, (size_t)p->cap * sizeof *p->logins);
		p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
		p->roles = xrealloc(p->roles, (size_t)p->cap * sizeof *p->roles);
	}
	p->logins[p->n] = xstrdup(m->login);
	p->lines[p->n] = text_sanitize(m->name ? m->name : "", false);
	p->roles[p->n] = xstrdup(staff_role_name(m->role));
	p->n++;
	return 0;
}

/* The lines as columns: name, login and role each padded to its widest, in display cells. */
static void
pick_columns(staff_pick *p)
{
	int nw = 0, lw = 0;

	for (int i = 0; i < p->n; i++) {
		int w = text_width(p->lines[i]);
		nw = w > nw ? w : nw;
		w = text_width(p->logins[i]);
		lw = w > lw ? w : lw;
	}
	for (int i = 0; i < p->n; i++) {
		size_t nsz = (size_t)nw * 4 + 8, lsz = (size_t)lw * 4 + 8;
		char *name = xmalloc(nsz), *login = xmalloc(lsz);
		buf b = { 0 };

		text_fit(name, nsz, p->lines[i], nw, true);
		text_fit(login, lsz, p->logins[i], lw, true);
		buf_printf(&b, "%s  %s  (%s)", name, login, p->roles[i]);
		free(p->lines[i]);
		p->lines[i] = buf_steal(&b);
		free(name);
		free(login);
	}
}

char *
ui_pick_engineer(ui_ctx *c, const char *title)
{
	return ui_pick_engineer_for(c, title, NULL);
}

/* The customer's appointed engineer (rank 1), then the deputy (2), first and marked; the others as listed. */
static void
appointed_first(ui_ctx *c, staff_pick *p, const char *customer)
{
	int at = 0;

	for (int rank = 1; rank <= 2; rank++) {
		for (int i = at; i < p->n; i++) {
			if (appointed_rank(c->st, customer, p->logins[i]) != rank)
				continue;
			buf b = { 0 };
			buf_printf(&b, "%s  [%s]", p->lines[i],
			           rank == 1 ? _("appointed engineer") : _("deputy engineer"));
			free(p->lines[i]);
			p->lines[i] = buf_steal(&b);
			/* move it up to position at, the others keep their order */
			char *l = p->logins[i], *t = p->lines[i];
			memmove(p->logins + at + 1, p->logins + at, (size_t)(i - at) * sizeof *p->logins);
			memmove(p->lines + at + 1, p->lines + at, (size_t)(i - at) * sizeof *p->lines);
			p->logins[at] = l;
			p->lines[at] = t;
			at++;
			break;
		}
	}
}

char *
ui_pick_engineer_for(ui_ctx *c, const char *title, const char *customer)
{
	staff_pick p = { NULL, NULL, NULL, 0, 0 };
	char *login = NULL;
	sd_err err;

	sd_err_clear(&err);
	if (staff_each(c->st, true, collect_engineer, &p, &err) != SD_OK && err.msg[0]) {
		ui_message(c, true, "%s", err.msg);
	} else if (p.n == 0) {
		ui_message(c, true, "%s",
		           _("No active engineer or supervisor on the staff list (servdesk staff add)."));
	} else {
		pick_columns(&p);
		if (customer && *customer)
			appointed_first(c, &p, customer);
		int k = ui_pick(c, title, p.lines, p.n);
		if (k < 0)
			ui_message(c, false, "%s", _("Cancelled."));
		else
			login = xstrdup(p.logins[k]);
	}
	for (int i = 0; i < p.n; i++) {
		free(p.logins[i]);
		free(p.lines[i]);
		free(p.roles[i]);
	}
	free(p.logins);
	free(p.lines);
	free(p.roles);
	return login;
}

static void
layout(ui_ctx *c)
{
	int H = LINES, W = COLS;

	c->too_small = W < UI_MIN_COLS || H < UI_MIN_ROWS;
	c->prompt_row = H - 2;
	c->keybar_row = H - 1;
	c->area = (ui_rect){ 1, 0, H - 3, W };
	if (c->too_small) {
		c->list = c->detail = (ui_rect){ 0, 0, 0, 0 };
		return;
	}
	if (W >= UI_WIDE_COLS) {
		int dw = W * 35 / 100;
		if (dw < 40)
			dw = 40;
		c->stacked = false;
		c->list = (ui_rect){ 1, 0, c->area.h, W - dw - 1 };
		c->detail = (ui_rect){ 1, W - dw, c->area.h, dw };
	} else {
		int lh = c->area.h * 55 / 100;
		if (lh < 3)
			lh = 3;
		c->stacked = true;
		c->list = (ui_rect){ 1, 0, lh, W };
		c->detail = (ui_rect){ 1 + lh + 1, 0, c->area.h - lh - 1, W };
	}
}

/* Draw the tab line; with hit_x >= 0 draw nothing and return the tab under column hit_x (-1 if none). */
static int
draw_tabs_at(ui_ctx *c, int hit_x)
{
	int w[UI_MAX_PANES], total = 0, x = 0;
	size_t first = 0;
	bool compact;

	for (size_t i = 0; i < c->npanes; i++) {
		buf b = { 0 };
		buf_printf(&b, " %s ", _(c->panes[i]->name));
		w[i] = text_width(buf_str(&b));
		buf_free(&b);
		total += w[i] + 1;
	}
	/*
	 * Wide enough: the program's name, then the tabs with a space between.
	 * Narrower: the tabs alone, side by side, starting late enough that the
	 * current one shows ("<" marks tabs left out on the left).
	 */
	compact = text_width("servdesk ") + total > COLS;
	if (compact) {
		int need = 0;

		for (size_t i = 0; i <= c->cur && i < c->npanes; i++)
			need += w[i];
		while (first < c->cur && need + (first > 0 ? 1 : 0) > COLS)
			need -= w[first++];
	}
	if (hit_x < 0)
		ui_put(0, 0, COLS, UI_S_TAB, "");
	if (!compact)
		x += hit_x < 0 ? ui_put_text(0, x, COLS - x, UI_S_TAB, "servdesk ") : text_width("servdesk ");
	else if (first > 0)
		x += hit_x < 0 ? ui_put_text(0, x, COLS - x, UI_S_TAB, "<") : 1;
	for (size_t i = first; i < c->npanes && x < COLS; i++) {
		buf b = { 0 };
		buf_printf(&b, " %s ", _(c->panes[i]->name));
		int wi = hit_x < 0 ? ui_put_text(0, x, COLS - x, i == c->cur ? UI_S_TAB_ACTIVE : UI_S_TAB,
		                                 buf_str(&b))
		                   : w[i];
		buf_free(&b);
		if (hit_x >= x && hit_x < x + wi)
			return (int)i;
		x += wi;
		if (!compact)
			x += hit_x < 0 ? ui_put_text(0, x, COLS - x, UI_S_TAB, " ") : 1;
	}
	return -1;
}

static void
draw_tabs(ui_ctx *c)
{
	draw_tabs_at(c, -1);
}

/* Show pane i, reloaded: others may have changed the register meanwhile. */
static void
switch_tab(ui_ctx *c, size_t i)
{
	if (i >= c->npanes || i == c->cur)
		return;
	c->cur = i;
	c->detail_focus = false;
	if (c->panes[i]->reload)
		c->panes[i]->reload(c, c->privs[i]);
}

/*
 * The entries overdue now, as the overdue list marks them: counted again
 * after a change made at this desk, and at least every 30 s for the changes
 * of others and the time that passes.
 */
static long
overdue_count(ui_ctx *c)
{
	struct timespec ts;
	long changes = sqlite3_total_changes(store_db(c->st));
	long per[CLOCK_COUNT], n = 0;
	char now[17];
	sd_time t;
	sd_err err;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (c->overdue_when > 0 && changes == c->overdue_changes && ts.tv_sec - c->overdue_when < 30)
		return c->overdue;
	store_now(now);
	c->overdue = time_parse(now, &t) && ledger_overdue_now(c->st, t, per, &n, &err) == SD_OK ? n : -1;
	c->overdue_changes = changes;
	c->overdue_when = ts.tv_sec > 0 ? ts.tv_sec : 1;
	return c->overdue;
}

const char *
ui_sep_item(void)
{
	return text_sep_item();
}

const char *
ui_sep_clause(void)
{
	return text_sep_clause();
}

static void
draw_status(ui_ctx *c)
{
	buf left = { 0 };
	int y = c->prompt_row, mw = 0;

	if (y < 1)
		return;
	buf_puts(&left, c->user);
	if (c->user_name)
		buf_printf(&left, " %s", c->user_name);
	if (c->user_role >= 0)
		buf_printf(&left, "%s%s%s", text_paren_open(), staff_role_name(c->user_role), text_paren_close());
	else
		buf_printf(&left, "%s%s%s", text_paren_open(), _("not on the staff list"), text_paren_close());
	if (c->panes[c->cur]->describe) {
		buf_puts(&left, " | ");
		c->panes[c->cur]->describe(c, c->privs[c->cur], &left);
	}
	/* last, so that the pane's own state keeps its place */
	long overdue = c->st ? overdue_count(c) : -1;
	if (overdue > 0) {
		buf_puts(&left, " | ");
		/* TRANSLATORS: the number of ledger entries past a due time now. */
		buf_printf(&left, ngettext("!! %ld entry overdue", "!! %ld entries overdue", (unsigned long)overdue),
		           overdue);
	}
	long waiting = ui_inbox_waiting(c);
	if (waiting > 0) {
		buf_puts(&left, " | ");
		/* TRANSLATORS: the number of faxes and scans waiting in the inbox. */
		buf_printf(&left, ngettext("inbox: %ld waiting", "inbox: %ld waiting", (unsigned long)waiting), waiting);
	}
	if (c->calendar_note)
		buf_printf(&left, " | %s", c->calendar_note);
	if (c->msg[0]) {
		/* the message before the context: it may leave the login alone */
		int cap = COLS - 14 > COLS * 2 / 3 ? COLS - 14 : COLS * 2 / 3;
		mw = text_width(c->msg) + 1;
		if (mw > cap)
			mw = cap;
	}
	ui_put(y, 0, COLS - mw, UI_S_STATUS, buf_str(&left));
	if (mw > 0) {
		ui_put(y, COLS - mw, 1, UI_S_STATUS, " ");
		ui_put(y, COLS - mw + 1, mw - 1, c->msg_error ? UI_S_ERROR : UI_S_STATUS, c->msg);
	}
	buf_free(&left);
}

static void
draw_keybar(ui_ctx *c)
{
	const ui_pane_ops *p = c->panes[c->cur];
	ui_keydef all[64];
	size_t n = 0;

	for (size_t i = 0; i < SD_ARRAY_LEN(global_keys_head) && n < SD_ARRAY_LEN(all); i++)
		all[n++] = global_keys_head[i];
	for (size_t i = 0; i < p->nkeys && n < SD_ARRAY_LEN(all); i++)
		all[n++] = p->keys[i];
	for (size_t i = 0; i < SD_ARRAY_LEN(global_keys_tail) && n < SD_ARRAY_LEN(all); i++)
		all[n++] = global_keys_tail[i];
	ui_draw_keybar(c->keybar_row, all, n);
}

void
ui_redraw(ui_ctx *c)
{
	layout(c);
	if (c->redraw_all) {
		clearok(curscr, TRUE);
		c->redraw_all = false;
	}
	erase();
	curs_set(0);
	if (c->too_small) {
		char **lines;
		size_t n = ui_wrap(_("terminal too small"), COLS > 1 ? COLS - 1 : 1, &lines);
		for (size_t i = 0; i < n && (int)i < LINES; i++)
			ui_put((int)i, 0, COLS, UI_S_NORMAL, lines[i]);
		ui_lines_free(lines);
		refresh();
		return;
	}
	draw_tabs(c);
	if (c->stacked) {
		attrset(A_NORMAL);
		mvhline(c->list.y + c->list.h, 0, ACS_HLINE, COLS);
	} else {
		attrset(A_NORMAL);
		mvvline(c->list.y, c->list.w, ACS_VLINE, c->list.h);
	}
	c->panes[c->cur]->draw(c, c->privs[c->cur]);
	draw_status(c);
	draw_keybar(c);
	refresh();
}

/* Repaint the desk under the help overlay; false when the screen is too small. */
static bool
redraw_for_help(void *arg)
{
	ui_ctx *c = arg;

	ui_redraw(c);
	return !c->too_small;
}

static void
show_help(ui_ctx *c)
{
	const ui_pane_ops *p = c->panes[c->cur];
	ui_keydef tail[SD_ARRAY_LEN(global_keys_tail)];
	size_t nt = 0;

	/* only the keys that work here: H where the pane has records with a history */
	for (size_t i = 0; i < SD_ARRAY_LEN(global_keys_tail); i++)
		if (global_keys_tail[i].action != G_HISTORY || p->record)
			tail[nt++] = global_keys_tail[i];
	ui_keyhelp sec[3] = {
		{ N_("Everywhere"), global_keys_head, SD_ARRAY_LEN(global_keys_head) },
		{ p->name, p->keys, p->nkeys },
		{ N_("Everywhere"), tail, nt },
	};
	ui_help_run(&c->area, sec, SD_ARRAY_LEN(sec), redraw_for_help, c);
}

/* The history of the current pane's selected record. */
static void
show_history(ui_ctx *c)
{
	const ui_pane_ops *p = c->panes[c->cur];
	const char *table = NULL;
	buf key = { 0 };

	if (p->record(c, c->privs[c->cur], &table, &key))
		ui_history_run(c, table, buf_str(&key));
	else
		ui_message(c, true, "%s", _("Nothing selected."));
	buf_free(&key);
}

static void
handle_mouse(ui_ctx *c)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || c->too_small)
		return;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return;
	if (ev.y == 0) {
		int t = draw_tabs_at(c, ev.x);
		if (t >= 0)
			switch_tab(c, (size_t)t);
		return;
	}
	if (ev.y >= c->area.y && ev.y < c->area.y + c->area.h && c->panes[c->cur]->click)
		c->panes[c->cur]->click(c, c->privs[c->cur], ev.y, ev.x);
}

/* The working-day calendar runs out soon, or ran out: a note for the status line. */
static void
calendar_note(ui_ctx *c)
{
	sd_err err;
	sd_date last;
	char d[11];
	buf b = { 0 };

	sd_err_clear(&err);
	if (!ledger_calendar_runs_out(c->st, store_today(), &last, &err))
		return;
	date_format(last, d);
	if (last == 0)
		buf_puts(&b, _("the calendar covers no year"));
	else
		buf_printf(&b, last < store_today() ? _("calendar ended %s") : _("calendar ends %s"), d);
	c->calendar_note = buf_steal(&b);
}

static void
who_is_working(ui_ctx *c)
{
	sd_staff s = { 0 };
	sd_err err;

	c->user = xstrdup(store_user(c->st));
	c->user_role = -1;
	sd_err_clear(&err);
	if (staff_get(c->st, c->user, &s, &err) == SD_OK) {
		c->user_name = text_sanitize(s.name ? s.name : "", false);
		c->user_role = s.role;
		c->user_active = s.active;
		staff_free(&s);
	}
	calendar_note(c);
}

int
ui_run(store *st, sd_err *err)
{
	ui_ctx ctx;
	ui_ctx *c = &ctx;
	SCREEN *scr;
	int rc = SD_OK;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return sd_err_set(err, SD_USAGE, "%s",
		                  _("the desk needs a terminal; give a command (see --help)"));
	/* someone not on the staff list gets nothing, unless the supervisor lets guests look */
	if ((rc = staff_permit(st, store_user(st), ACT_LOOK, err)) != SD_OK)
		return rc;
	memset(c, 0, sizeof *c);
	c->st = st;
	who_is_working(c);
	c->panes[c->npanes++] = &ui_intake_pane;
	c->panes[c->npanes++] = &ui_ledger_pane;
	c->panes[c->npanes++] = &ui_customer_pane;
	c->panes[c->npanes++] = &ui_complaint_pane;
	c->panes[c->npanes++] = &ui_stock_pane;
	c->panes[c->npanes++] = &ui_visit_pane;
	c->panes[c->npanes++] = &ui_staff_pane;
	c->panes[c->npanes++] = &ui_summary_pane;
	c->panes[c->npanes++] = &ui_settings_pane;
	c->panes[c->npanes++] = &ui_repair_pane;
	c->panes[c->npanes++] = &ui_return_pane;
	c->panes[c->npanes++] = &ui_inbox_pane;
	c->panes[c->npanes++] = &ui_install_pane;

	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		free(c->user);
		free(c->user_name);
		free(c->calendar_note);
		return sd_err_set(err, SD_USAGE, _("cannot use the terminal type '%s'"),
		                  getenv("TERM") ? getenv("TERM") : "");
	}
	curses_active = 1;
	install_handlers();
	atexit(restore_at_exit);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	ui_draw_init_colours();
	layout(c);

	for (size_t i = 0; i < c->npanes; i++) {
		c->privs[i] = xcalloc(1, c->panes[i]->priv_size);
		if (c->panes[i]->init(c, c->privs[i]) != SD_OK)
			c->msg_error = true;
	}
	/* not on the staff list, or no longer active: read-only, and how to change that */
	long nstaff = 0;

	if (!c->msg[0] && staff_count(c->st, &nstaff, NULL) == SD_OK && nstaff > 0) {
		if (c->user_role < 0)
			ui_message(c, true, _("Read-only: %s is not on the staff list; ask a supervisor to run: servdesk staff add %s --name NAME --role ROLE"),
			           c->user, c->user);
		else if (!c->user_active)
			ui_message(c, true, _("Read-only: %s is no longer active on the staff list"), c->user);
	}

	while (!c->quit) {
		const ui_pane_ops *p = c->panes[c->cur];
		void *priv = c->privs[c->cur];

		if (!ui_input_pending()) {
			ui_inbox_tick(c);
			if (p->idle && !c->too_small)
				p->idle(c, priv);
			ui_redraw(c);
		}
		/* wake every few seconds: faxes arrive while the desk waits for a key */
		timeout(2000);
		int key = ui_getkey();
		timeout(-1);
		if (key < 0)
			continue;
		if (key == UI_FK(KEY_RESIZE)) {
			c->redraw_all = true;
			layout(c);
			if (p->reload && !c->too_small)
				p->reload(c, priv);
			continue;
		}
		if (key == UI_FK(KEY_MOUSE)) {
			handle_mouse(c);
			continue;
		}
		c->msg[0] = '\0';
		c->msg_error = false;
		int act = ui_key_action(global_keys_tail, SD_ARRAY_LEN(global_keys_tail), key);
		if (act < 0)
			act = ui_key_action(global_keys_head, SD_ARRAY_LEN(global_keys_head), key);
		if (act == G_QUIT || key == UI_CTRL('c')) {
			c->quit = true;
			continue;
		}
		if (act == G_REDRAW) {
			c->redraw_all = true;
			continue;
		}
		if (c->too_small)
			continue;
		if (act == G_HELP) {
			show_help(c);
			continue;
		}
		if (act == G_NEXT_TAB) {
			switch_tab(c, (c->cur + 1) % c->npanes);
			continue;
		}
		if (act == G_HISTORY && p->record) {
			show_history(c);
			continue;
		}
		p->key(c, priv, key);
	}

	for (size_t i = 0; i < c->npanes; i++) {
		if (c->panes[i]->done)
			c->panes[i]->done(c, c->privs[i]);
		free(c->privs[i]);
	}
	curses_active = 0;
	endwin();
	delscreen(scr);
	free(c->user);
	free(c->user_name);
	free(c->calendar_note);
	sd_err_clear(err);
	return rc;
}
