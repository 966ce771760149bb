/*
 * ui-summary.c — the summary pane (月度统计): the month's report as
 * `servdesk report monthly` builds it (the same document the printer and
 * the spreadsheet get, laid out by ui-doc.c), scrolling over the pane area,
 * with bar charts drawn in text where the report hints one. A share within
 * commitment below 100% carries the mark and the error style. The figures
 * are computed once per month shown and kept; r, a step to another month
 * and coming back to the tab compute them again. p prints the month's
 * report as `report monthly --print` does (PDF to the print command).
 */
#include "config.h"

#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "buf.h"
#include "complaint.h"
#include "report.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-doc.h"
#include "doc.h"

enum {
	ACT_PREV = 1, ACT_NEXT, ACT_GOTO, ACT_THIS, ACT_PRINT, ACT_RELOAD, ACT_UP, ACT_DOWN,
	ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END
};

static const ui_keydef summary_keys[] = {
	{ ACT_PREV, { UI_FK(KEY_LEFT), '[' }, "Left, [", N_("Prev month"), N_("the month before") },
	{ ACT_NEXT, { UI_FK(KEY_RIGHT), ']' }, "Right, ]", N_("Next month"), N_("the month after") },
	{ ACT_GOTO, { 'g' }, "g", N_("Month"), N_("go to a month (YYYY-MM)") },
	{ ACT_THIS, { 't' }, "t", NULL, N_("the current month") },
	{ ACT_PRINT, { 'p' }, "p", N_("Print"),
	  N_("print the month's report (the print command, as report monthly --print)") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("compute the figures again") },
	{ ACT_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, N_("scroll up a line") },
	{ ACT_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, N_("scroll down a line") },
	{ ACT_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("scroll up a page") },
	{ ACT_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f'), ' ' }, "PgDn, ^F, Space", NULL,
	  N_("scroll down a page") },
	{ ACT_HOME, { UI_FK(KEY_HOME) }, "Home", NULL, N_("the first section") },
	{ ACT_END, { UI_FK(KEY_END) }, "End", NULL, N_("the last section") },
};

typedef struct sumpane {
	char month[8];         /* the month shown */
	sd_doc *doc;           /* its figures as the report's document, when have */
	bool have;
	bool stale;            /* compute again before the next drawing */
	char reason[1024];     /* why there are no figures */
	int top;               /* first content line shown */
	int rows;              /* content rows at the last drawing */
	ui_doc_glyphs glyphs;  /* what the terminal's charset can show: bars, the mark */
} sumpane;

/* the content for a width of W cells */
static void
build(const sumpane *s, ui_doclines *L, int W)
{
	if (!s->have)
		ui_doc_para(L, W, UI_S_NORMAL, s->reason);
	else
		ui_doc_lines(s->doc, W, &s->glyphs, L);
}

/* ---------------------------------------------------------------- figures */

static void
forget(sumpane *s)
{
	doc_free(s->doc);
	s->doc = NULL;
	s->have = false;
}

/* Compute the figures of s->month (who may read reports only). */
static void
compute(ui_ctx *c, sumpane *s)
{
	sd_err err;
	sd_monthly m;

	forget(s);
	s->stale = false;
	s->reason[0] = '\0';
	sd_err_clear(&err);
	if (staff_permit(c->st, c->user, ACT_REPORT_READ, &err) != SD_OK) {
		snprintf(s->reason, sizeof s->reason, "%s", err.msg);
		return;
	}
	sd_err_clear(&err);
	memset(&m, 0, sizeof m);
	if (report_monthly(c->st, s->month, &m, &err) != SD_OK) {
		report_monthly_free(&m);
		snprintf(s->reason, sizeof s->reason, "%s",
		         err.msg[0] ? err.msg : _("the figures could not be computed"));
		return;
	}
	s->doc = report_monthly_doc(&m);
	report_monthly_free(&m);
	s->have = true;
}

/* Show month; the scroll position stays, so that months compare section by section. */
static void
show_month(ui_ctx *c, sumpane *s, const char *month)
{
	memcpy(s->month, month, 8);
	compute(c, s);
}

/* ---------------------------------------------------------------- pane */

/*
 * The first of the candidates (single characters, UTF-8; the last one ASCII)
 * that the terminal's charset can show: any in UTF-8; elsewhere one that
 * converts to at most two bytes, so that a GB18030 terminal shows it from
 * its GBK part (four-byte sequences often lack a glyph there).
 */
static const char *
glyph(const char *const *cand, size_t n)
{
	const char *cs = nl_langinfo(CODESET);
	const char *pick = cand[n - 1];
	iconv_t cd;

	if (strcmp(cs, "UTF-8") == 0)
		return cand[0];
	if ((cd = iconv_open(cs, "UTF-8")) == (iconv_t)-1)
		return pick;
	for (size_t i = 0; i + 1 < n; i++) {
		char out[16], *in = (char *)cand[i], *o = out;
		size_t inl = strlen(cand[i]), outl = sizeof out;

		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &inl, &o, &outl) != (size_t)-1 && inl == 0
		    && sizeof out - outl <= 2) {
			pick = cand[i];
			break;
		}
	}
	iconv_close(cd);
	return pick;
}

static int
pane_init(ui_ctx *c, void *priv)
{
	sumpane *s = priv;
	char now[17];

	(void)c;
	store_now(now);
	memcpy(s->month, now, 7);
	s->month[7] = '\0';
	s->stale = true;           /* computed when first shown */
	{
		/* full block; medium or dark shade; ballot x or multiplication sign */
		static const char *const full[] = { "\u2588", "#" };
		static const char *const mark[] = { "\u2717", "\u00d7", "!" };
		s->glyphs.bar = glyph(full, SD_ARRAY_LEN(full));
		s->glyphs.mark = glyph(mark, SD_ARRAY_LEN(mark));
	}
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	(void)c;
	forget(priv);
}

/*
 * Shown again (the tab chosen) or the terminal resized: a resize (the desk
 * asks for a full redraw first) keeps the figures; coming back to the tab
 * computes them again, since others may have changed the registers.
 */
static void
pane_reload(ui_ctx *c, void *priv)
{
	sumpane *s = priv;

	if (!c->redraw_all)
		s->stale = true;
}

static void
pane_draw(ui_ctx *c, void *priv)
{
	sumpane *s = priv;
	ui_rect r = c->area;
	ui_doclines L = { 0 };
	buf t = { 0 };
	char now[17];
	int rows, W = r.w - 2;

	if (s->stale)
		compute(c, s);
	ui_clear_rect(r, UI_S_NORMAL);
	if (r.h < 1 || W < 1)
		return;
	/* TRANSLATORS: the month, YYYY-MM. */
	buf_printf(&t, _("Monthly summary %s"), s->month);
	store_now(now);
	if (strncmp(now, s->month, 7) == 0)
		buf_printf(&t, "%s%s%s", text_paren_open(), _("so far"), text_paren_close());
	if (s->have) {
		int used = ui_put_text(r.y, r.x + 1, W, UI_S_HEADER, buf_str(&t));
		int sw = text_width(s->doc->site ? s->doc->site : "");
		if (used + 2 + sw <= W)
			ui_put_text(r.y, r.x + 1 + W - sw, sw, UI_S_NORMAL, s->doc->site);
	} else {
		ui_put_text(r.y, r.x + 1, W, UI_S_HEADER, buf_str(&t));
	}
	buf_free(&t);
	rows = r.h - 2;
	if (rows < 1)
		return;
	build(s, &L, W);
	if (s->top > (int)L.n - rows)
		s->top = (int)L.n - rows;
	if (s->top < 0)
		s->top = 0;
	s->rows = rows;
	ui_doc_draw(&L, s->top, rows, r.y + 1, r.x + 1, W);
	buf_printf(&t, _("lines %d-%d of %zu; Left/Right: month; Up/Down/PgUp/PgDn scroll"),
	           L.n ? s->top + 1 : 0, s->top + rows < (int)L.n ? s->top + rows : (int)L.n, L.n);
	ui_put(r.y + r.h - 1, r.x, r.w, UI_S_STATUS, buf_str(&t));
	buf_free(&t);
	ui_doclines_free(&L);
}

/* Print the month's report as `report monthly --print` does (PDF); the result to the status line. */
static void
do_print(ui_ctx *c, sumpane *s)
{
	sd_err err;
	long pages = 0;
	int rc, devnull, out = -1, errfd = -1;

	if (!ui_permitted(c, ACT_REPORT_READ))
		return;
	compute(c, s);     /* what is printed is what the screen then shows */
	if (!s->have) {
		ui_message(c, true, "%s", s->reason);
		return;
	}
	/* what the command says must not land on the desk's screen */
	fflush(NULL);
	if ((devnull = open("/dev/null", O_WRONLY)) >= 0) {
		out = dup(STDOUT_FILENO);
		errfd = dup(STDERR_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	sd_err_clear(&err);
	rc = report_print_doc(c->st, s->doc, &pages, &err);
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (errfd >= 0) {
		dup2(errfd, STDERR_FILENO);
		close(errfd);
	}
	if (rc != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, ngettext("Printed the summary of %s (%ld page).",
		                              "Printed the summary of %s (%ld pages).", (unsigned long)pages),
		           s->month, pages);
	c->redraw_all = true;
}

static void
do_goto(ui_ctx *c, sumpane *s)
{
	char *text = NULL, month[8];

	if (!ui_prompt(c, _("Month (YYYY-MM): "), s->month, NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (!report_parse_month(text, month))
		ui_message(c, true, _("invalid month '%s' (expected YYYY-MM)"), text);
	else
		show_month(c, s, month);
	free(text);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	sumpane *s = priv;
	int act = ui_key_action(summary_keys, SD_ARRAY_LEN(summary_keys), key);
	int page = s->rows > 1 ? s->rows - 1 : 1;
	char month[8], step[8];

	switch (act) {
	case ACT_PREV:
	case ACT_NEXT:
		report_month_step(s->month, act == ACT_PREV ? -1 : 1, step);
		if (!report_parse_month(step, month)) {
			ui_message(c, true, _("invalid month '%s' (expected YYYY-MM)"), step);
			break;
		}
		show_month(c, s, month);
		break;
	case ACT_THIS: {
		char now[17];
		store_now(now);
		memcpy(month, now, 7);
		month[7] = '\0';
		show_month(c, s, month);
		break;
	}
	case ACT_GOTO:
		do_goto(c, s);
		break;
	case ACT_PRINT:
		do_print(c, s);
		break;
	case ACT_RELOAD:
		compute(c, s);
		break;
	case ACT_UP:
		s->top--;
		break;
	case ACT_DOWN:
		s->top++;
		break;
	case ACT_PGUP:
		s->top -= page;
		break;
	case ACT_PGDN:
		s->top += page;
		break;
	case ACT_HOME:
		s->top = 0;
		break;
	case ACT_END:
		s->top = 1 << 28;
		break;
	default:
		return false;
	}
	if (s->top < 0)
		s->top = 0;
	return true;
}

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	sumpane *s = priv;

	(void)c;
	buf_printf(b, _("month %s"), s->month);
}

const ui_pane_ops ui_summary_pane = {
	.name = N_("Summary"),
	.priv_size = sizeof(sumpane),
	.init = pane_init,
	.done = pane_done,
	.reload = pane_reload,
	.draw = pane_draw,
	.key = pane_key,
	.click = NULL,
	.describe = pane_describe,
	.idle = NULL,
	.keys = summary_keys,
	.nkeys = SD_ARRAY_LEN(summary_keys),
	.record = NULL,
};
