/*
 * ui-inbox.c — the fax inbox pane (收件箱): the received faxes and scanned
 * letters waiting to be registered, oldest first, kept up to date while the
 * desk is open (inotify on the inbox directories, and a look every few
 * seconds where inotify cannot see: a network share). `a` opens the request
 * form filled from the item and saving registers it with its original; `d`
 * discards it with a reason; `v` shows the original page by page (chafa, in
 * ASCII characters) or runs the viewer setting's command; `p` prints it.
 * The core decides everything (inbox.h); this file draws and asks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "common.h"
#include "buf.h"
#include "inbox.h"
#include "intake.h"
#include "priv.h"
#include "report.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"

enum { ACT_REGISTER = UI_LIST_ACTIONS, ACT_DISCARD, ACT_VIEW, ACT_PRINT, ACT_RELOAD };

static const ui_keydef inbox_keys[] = {
	{ ACT_REGISTER, { 'a', UI_FK(KEY_F(3)) }, "F3, a", N_("Register"),
	  N_("register the selected fax as a request, its original attached") },
	{ ACT_DISCARD, { 'd', UI_FK(KEY_F(8)) }, "F8, d", N_("Discard"),
	  N_("discard the selected fax, with a reason (the original is kept)") },
	{ ACT_VIEW, { 'v' }, "v", N_("View"), N_("show the original page by page") },
	{ ACT_PRINT, { 'p' }, "p", N_("Print"), N_("print the original with the print command") },
	UI_LIST_KEYS(N_("previous fax"), N_("next fax"), N_("first fax"), N_("last fax")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("look in the inbox directories again") },
};

/* One row: an item and its place in the list. */
typedef struct irow {
	int i;
	sd_inbox_item it;
} irow;

typedef struct ipane {
	ui_list list;           /* the waiting items: a window of irow */
	irow det;
	bool have_det;
} ipane;

_Static_assert(offsetof(ipane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- the watch */

/* One watch for the desk, whichever pane is shown: the status line counts the waiting items. */
static struct {
	bool started;
	int fd;                 /* inotify, or -1 */
	char *dirs_text;        /* the inbox_dir setting the watches are for */
	unsigned long long sig; /* the directories' names, sizes and times, summed up */
	long long last;         /* monotonic seconds of the last look */
	long waiting;           /* -1 until counted */
	bool changed;           /* the list should be read again */
} watch = { .fd = -1, .waiting = -1 };

enum { POLL_SECONDS = 3 };

static long long
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A signature of what the directories hold: changes when a file comes, goes or grows. */
static unsigned long long
dirs_signature(char **dirs, int n)
{
	unsigned long long h = 1469598103934665603ULL;

	for (int d = 0; d < n; d++) {
		DIR *dp = opendir(dirs[d]);
		struct dirent *de;

		if (!dp)
			continue;
		while ((de = readdir(dp)) != NULL) {
			buf p = { 0 };
			struct stat sb;
			unsigned long long x = 0;

			if (de->d_name[0] == '.')
				continue;
			buf_printf(&p, "%s/%s", dirs[d], de->d_name);
			if (stat(buf_str(&p), &sb) == 0)
				x = (unsigned long long)sb.st_size * 31 + (unsigned long long)sb.st_mtime;
			for (const char *s = de->d_name; *s; s++)
				x = x * 131 + (unsigned char)*s;
			h += x * 1099511628211ULL;   /* order-free: readdir's order may change */
			buf_free(&p);
		}
		closedir(dp);
	}
	return h;
}

/* Watch the directories of the setting (again when it changed). */
static void
watch_dirs(char **dirs, int n, const char *text)
{
	if (watch.dirs_text && strcmp(watch.dirs_text, text) == 0)
		return;
	free(watch.dirs_text);
	watch.dirs_text = xstrdup(text);
	if (watch.fd >= 0)
		close(watch.fd);
	watch.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	for (int d = 0; d < n && watch.fd >= 0; d++)
		inotify_add_watch(watch.fd, dirs[d], IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
		                                     IN_CREATE | IN_ATTRIB);
	watch.sig = 0;
}

/* Did inotify see anything (drained)? */
static bool
watch_events(void)
{
	char b[4096];
	bool any = false;

	if (watch.fd < 0)
		return false;
	while (read(watch.fd, b, sizeof b) > 0)
		any = true;
	return any;
}

void
ui_inbox_tick(ui_ctx *c)
{
	char **dirs = NULL, *text = NULL;
	int n = 0;
	long long now = mono_now();
	bool events;
	sd_err err;

	sd_err_clear(&err);
	events = watch_events();
	if (watch.started && !events && now - watch.last < POLL_SECONDS)
		return;
	watch.started = true;
	watch.last = now;
	if (inbox_dirs(c->st, &dirs, &n, &err) != SD_OK)
		return;
	if (store_setting_get(c->st, "inbox_dir", &text, &err) == SD_OK)
		watch_dirs(dirs, n, text ? text : "");
	free(text);
	unsigned long long sig = dirs_signature(dirs, n);
	inbox_dirs_free(dirs, n);
	if (sig != watch.sig || events) {
		int added = 0;

		watch.sig = sig;
		if (inbox_scan(c->st, &added, &err) == SD_OK)
			watch.changed = true;
	}
	long w = 0;
	if (inbox_count_new(c->st, &w, &err) == SD_OK) {
		if (w != watch.waiting)
			watch.changed = true;
		watch.waiting = w;
	}
}

long
ui_inbox_waiting(ui_ctx *c)
{
	(void)c;
	return watch.waiting;
}

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rowsp, int *n, sd_err *err)
{
	const irow *a = anchor;
	irow *rows = rowsp;
	sd_inbox_item *v = NULL;
	int total = 0, first, last, rc;

	(void)owner;
	*n = 0;
	if ((rc = inbox_list(c->st, IB_NEW, &v, &total, err)) != SD_OK)
		return rc;
	switch (from) {
	case PAGE_FIRST:
		first = 0;
		last = limit < total ? limit : total;
		break;
	case PAGE_LAST:
		first = total - limit > 0 ? total - limit : 0;
		last = total;
		break;
	case PAGE_AFTER:
		first = a ? a->i + 1 : 0;
		last = first + limit < total ? first + limit : total;
		break;
	default:
		last = a ? (a->i < total ? a->i : total) : 0;
		first = last - limit > 0 ? last - limit : 0;
		break;
	}
	for (int i = 0; i < total; i++) {
		if (i >= first && i < last) {
			rows[*n].i = i;
			rows[*n].it = v[i];   /* taken over */
			(*n)++;
		} else {
			inbox_item_free(&v[i]);
		}
	}
	free(v);
	return SD_OK;
}

static void
free_row(void *row)
{
	irow *r = row;

	inbox_item_free(&r->it);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const irow *r = rowp;

	snprintf(scratch, size, "%lld", r->it.id);
	return scratch;
}

static void
drop_detail(void *owner)
{
	ipane *s = owner;

	if (s->have_det)
		free_row(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	s->list.dscroll = 0;
}

/* ---------------------------------------------------------------- list */

enum { COL_ARRIVED, COL_PAGES, COL_SENDER, COL_NAME, COL_N };

static const char *const heads[COL_N] = {
	[COL_ARRIVED] = N_("Arrival"), [COL_PAGES] = N_("Pages"), [COL_SENDER] = N_("Sender"),
	[COL_NAME] = N_("File"),
};

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_ARRIVED] = 16, [COL_PAGES] = 5, [COL_SENDER] = 20 };
	int minw[COL_N] = { [COL_NAME] = 10 };
	static const int drop_order[] = { COL_NAME, COL_SENDER };
	bool on[COL_N];
	int extra;

	(void)owner;
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_NAME] = minw[COL_NAME] + extra;
	ui_cols_place(L, COL_N, w, on);
	L->right |= 1u << COL_PAGES;
}

static const char *
empty_text(void *owner)
{
	(void)owner;
	return _("(no fax waiting: the inbox directories are in the setting inbox_dir)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const irow *row = rowp;
	int st = selected ? UI_S_SELECTED : UI_S_NORMAL;
	char pages[16] = "";

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	if (row->it.pages > 0)
		snprintf(pages, sizeof pages, "%d", row->it.pages);
	ui_cols_cell(L, r, y, COL_ARRIVED, st, row->it.arrived_at);
	ui_cols_cell(L, r, y, COL_PAGES, st, pages);
	ui_cols_cell(L, r, y, COL_SENDER, st, row->it.sender ? row->it.sender : "");
	ui_cols_cell(L, r, y, COL_NAME, st, row->it.name);
}

/* ---------------------------------------------------------------- detail */

static bool
load_detail(ui_ctx *c, void *owner)
{
	ipane *s = owner;
	const irow *sel = ui_list_selected(&s->list);
	char id[24];
	sd_err err;

	if (!sel) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && s->det.it.id == sel->it.id)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	snprintf(id, sizeof id, "%lld", sel->it.id);
	if (inbox_find(c->st, id, &s->det.it, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->det.i = sel->i;
	s->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const ipane *s = owner;
	const sd_inbox_item *it = &s->det.it;
	const char *const labels[] = {
		_("No."), _("Arrival"), _("Pages"), _("Sender"), _("File"), _("Type"), _("Size"), _("SHA-256"),
		_("State")
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char t[64];

	if (!s->have_det)
		return;
	snprintf(t, sizeof t, "%lld", it->id);
	ui_dl_field(d, lw, width, labels[0], t);
	ui_dl_field(d, lw, width, labels[1], it->arrived_at);
	snprintf(t, sizeof t, "%d", it->pages);
	ui_dl_field(d, lw, width, labels[2], it->pages > 0 ? t : "");
	ui_dl_field(d, lw, width, labels[3], it->sender ? it->sender : "");
	ui_dl_field(d, lw, width, labels[4], it->path);
	ui_dl_field(d, lw, width, labels[5], it->mime);
	snprintf(t, sizeof t, "%lld", it->size);
	ui_dl_field(d, lw, width, labels[6], t);
	ui_dl_field(d, lw, width, labels[7], it->hash);
	ui_dl_field(d, lw, width, labels[8], inbox_state_name(it->state));
}

/* ---------------------------------------------------------------- viewing, printing */

/* Run the viewer setting's command on a private copy of the file, the desk suspended. */
static bool
run_viewer(ui_ctx *c, const char *viewer, const char *path)
{
	char tmpl[] = "/tmp/servdesk-view-XXXXXX";
	char *data = NULL;
	size_t len = 0;
	sd_err err;
	int fd, status = -1;
	pid_t pid;

	sd_err_clear(&err);
	if (att_read_all(path, &data, &len, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return true;
	}
	/* the copy is the user's, readable by them alone, written with their group */
	priv_user_begin();
	fd = mkstemp(tmpl);
	priv_user_end();
	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		ui_message(c, true, _("cannot write %s: %s"), tmpl, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmpl);
		}
		free(data);
		return true;
	}
	close(fd);
	free(data);
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		priv_drop();
		execl("/bin/sh", "sh", "-c", "$SERVDESK_VIEWER \"$1\"", "sh", tmpl, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	reset_prog_mode();
	c->redraw_all = true;
	unlink(tmpl);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ui_message(c, true, _("the viewer command failed: %s"), viewer);
	return true;
}

void
ui_view_original(ui_ctx *c, const char *path, const char *mime, int pages)
{
	char *viewer = NULL;
	int page = 0;
	sd_err err;

	sd_err_clear(&err);
	if (store_setting_get(c->st, "viewer", &viewer, &err) == SD_OK && viewer) {
		setenv("SERVDESK_VIEWER", viewer, 1);
		run_viewer(c, viewer, path);
		unsetenv("SERVDESK_VIEWER");
		free(viewer);
		return;
	}
	if (pages < 1)
		pages = 1;
	for (;;) {
		ui_rect r = c->area;
		char **lines = NULL;
		buf head = { 0 };
		int key;

		ui_clear_rect(r, UI_S_NORMAL);
		/* TRANSLATORS: page i of n; the keys to turn the pages and to go back. */
		buf_printf(&head, _("Page %d of %d  (Space/PgDn next, b/PgUp previous, q back)"), page + 1, pages);
		ui_put(r.y, r.x, r.w, UI_S_HEADER, buf_str(&head));
		buf_free(&head);
		sd_err_clear(&err);
		if (att_page_text(path, mime, page, r.w, r.h - 1, &lines, &err) != SD_OK) {
			ui_message(c, true, "%s", err.msg);
			return;
		}
		for (int y = 0; lines[y]; y++) {
			ui_put(r.y + 1 + y, r.x, r.w, UI_S_NORMAL, lines[y]);
			free(lines[y]);
		}
		free(lines);
		refresh();
		key = ui_getkey();
		if (key == ' ' || key == UI_FK(KEY_NPAGE) || key == UI_FK(KEY_DOWN) || key == 'n') {
			if (page + 1 < pages)
				page++;
		} else if (key == 'b' || key == UI_FK(KEY_PPAGE) || key == UI_FK(KEY_UP)) {
			if (page > 0)
				page--;
		} else if (key != UI_FK(KEY_RESIZE) && key >= 0) {
			break;
		}
	}
	c->redraw_all = true;
}

static void
do_print(ui_ctx *c, const sd_inbox_item *it)
{
	char *data = NULL;
	size_t len = 0;
	sd_err err;

	sd_err_clear(&err);
	if (att_read_all(it->path, &data, &len, &err) != SD_OK || report_print(c->st, data, len, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Sent %s to the printer."), it->name);
	free(data);
}

/* ---------------------------------------------------------------- changes */

static void
do_register(ui_ctx *c, ipane *s)
{
	sd_request r;
	char regno[24] = "";

	if (!ui_list_selection(&s->list, c, true, _("No fax selected.")) || !s->have_det)
		return;
	intake_request_init(&r);
	inbox_prefill(&s->det.it, &r);
	if (ui_intake_register_item(c, s->det.it.id, &r, regno))
		/* TRANSLATORS: the new request's register number. */
		ui_message(c, false, _("Registered %s with its original."), regno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	intake_request_free(&r);
	drop_detail(s);
	watch.last = 0;
	ui_inbox_tick(c);
	ui_list_reload(&s->list, c);
}

typedef struct discard_job {
	ui_ctx *c;
	long long id;
} discard_job;

static int
discard_save(ui_form *form, void *arg)
{
	discard_job *job = arg;
	char *v = ui_form_text(form, "reason");
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = inbox_discard(job->c->st, job->id, v ? v : "", &err);
	free(v);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, "reason", err.msg);
}

static void
do_discard(ui_ctx *c, ipane *s)
{
	ui_form form;
	discard_job job;

	if (!ui_list_selection(&s->list, c, true, _("No fax selected.")) || !s->have_det)
		return;
	job.c = c;
	job.id = s->det.it.id;
	ui_form_init(&form, _("Discard the fax"));
	form.save = discard_save;
	form.arg = &job;
	ui_form_add_text(&form, "reason", _("Reason"), "");
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Discarded %s."), s->det.it.name);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(s);
	watch.last = 0;
	ui_inbox_tick(c);
	ui_list_reload(&s->list, c);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	(void)priv;
	(void)c;
	buf_puts(b, _("faxes and scans waiting, oldest first"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(irow),
	.fetch = fetch_rows,
	.free_row = free_row,
	.ident = row_ident,
	.forget = drop_detail,
	.heads = heads,
	.layout = layout_columns,
	.draw_row = draw_row,
	.empty = empty_text,
	.load = load_detail,
	.build = build_detail,
};

static int
pane_init(ui_ctx *c, void *priv)
{
	ipane *s = priv;

	ui_inbox_tick(c);
	ui_list_init(&s->list, &list_ops, s);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	ipane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	if (watch.fd >= 0)
		close(watch.fd);
	watch.fd = -1;
	free(watch.dirs_text);
	watch.dirs_text = NULL;
}

static void
pane_idle(ui_ctx *c, void *priv)
{
	ipane *s = priv;

	if (watch.changed) {
		watch.changed = false;
		drop_detail(s);
		ui_list_reload(&s->list, c);
	}
	ui_list_pane_idle(c, priv);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	ipane *s = priv;
	int act = ui_key_action(inbox_keys, SD_ARRAY_LEN(inbox_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		watch.last = 0;
		watch.sig = 0;
		ui_inbox_tick(c);
		ui_list_reload(&s->list, c);
		break;
	case ACT_REGISTER:
		if (ui_permitted(c, ACT_REQUEST_ADD))
			do_register(c, s);
		break;
	case ACT_DISCARD:
		if (ui_permitted(c, ACT_REQUEST_VOID))
			do_discard(c, s);
		break;
	case ACT_VIEW:
		if (ui_list_selection(&s->list, c, true, _("No fax selected.")) && s->have_det)
			ui_view_original(c, s->det.it.path, s->det.it.mime, s->det.it.pages);
		break;
	case ACT_PRINT:
		if (ui_list_selection(&s->list, c, true, _("No fax selected.")) && s->have_det)
			do_print(c, &s->det.it);
		break;
	default:
		return false;
	}
	return true;
}

const ui_pane_ops ui_inbox_pane = {
	.name = N_("Inbox"),
	.priv_size = sizeof(ipane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = pane_idle,
	.keys = inbox_keys,
	.nkeys = SD_ARRAY_LEN(inbox_keys),
	.record = NULL,
};
