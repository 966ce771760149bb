/* ui-textview.c — a scrollable text over the pane area. */
#include "config.h"

#include "common.h"
#include "buf.h"
#include "ui-textview.h"

/* the keys of the text view (for its key bar) */
static const ui_keydef view_keys[] = {
	{ 1, { 0x1b, 'q', 'x' }, "Esc, q, x", N_("Close"), N_("close the view") },
	{ 2, { UI_FK(KEY_NPAGE), ' ' }, "PgDn, Space", N_("Down"), N_("page down") },
	{ 3, { UI_FK(KEY_PPAGE) }, "PgUp", N_("Up"), N_("page up") },
	{ 4, { UI_FK(KEY_HOME), 'g' }, "Home, g", N_("Top"), N_("first line") },
	{ 5, { UI_FK(KEY_END), 'G' }, "End, G", N_("End"), N_("last line") },
};

/* draw the view with its first line *top (clamped and written back) */
static void
draw(ui_ctx *c, const char *title, const char *text, int *top)
{
	ui_rect r = c->area;
	char **lines;
	size_t n;
	buf foot = { 0 };

	ui_clear_rect(r, UI_S_NORMAL);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, title);
	n = ui_wrap(text, r.w - 2, &lines);
	int rows = r.h - 2;
	if (*top > (int)n - rows)
		*top = (int)n - rows;
	if (*top < 0)
		*top = 0;
	for (int i = 0; i < rows && *top + i < (int)n; i++)
		ui_put(r.y + 1 + i, r.x + 1, r.w - 2, UI_S_NORMAL, lines[*top + i]);
	buf_printf(&foot, _("lines %d-%d of %zu; Up/Down/PgUp/PgDn scroll, Esc closes"),
	           n ? *top + 1 : 0, *top + rows < (int)n ? *top + rows : (int)n, n);
	ui_put(r.y + r.h - 1, r.x, r.w, UI_S_STATUS, buf_str(&foot));
	buf_free(&foot);
	ui_lines_free(lines);
	ui_draw_keybar(c->keybar_row, view_keys, SD_ARRAY_LEN(view_keys));
}

void
ui_textview_run(ui_ctx *c, const char *title, const char *text)
{
	int top = 0;

	for (;;) {
		ui_redraw(c);
		if (c->too_small || c->area.h < 3 || c->area.w < 10) {
			refresh();
		} else {
			draw(c, title, text, &top);
			curs_set(0);
			refresh();
		}
		int k = ui_getkey();
		int page = c->area.h > 4 ? c->area.h - 3 : 1;
		switch (k) {
		case UI_FK(KEY_UP):
		case 'k':
			top--;
			break;
		case UI_FK(KEY_DOWN):
		case 'j':
			top++;
			break;
		case UI_FK(KEY_PPAGE):
		case UI_CTRL('b'):
			top -= page;
			break;
		case UI_FK(KEY_NPAGE):
		case UI_CTRL('f'):
		case ' ':
			top += page;
			break;
		case UI_FK(KEY_HOME):
		case 'g':
			top = 0;
			break;
		case UI_FK(KEY_END):
		case 'G':
			top = 1 << 28;
			break;
		case UI_FK(KEY_RESIZE):
		case UI_CTRL('l'):
			c->redraw_all = true;
			break;
		case 0x1b:
		case 'q':
		case 'x':
		case '\r':
		case UI_FK(KEY_ENTER):
		case UI_CTRL('c'):
			return;
		default:
			break;
		}
		if (top < 0)
			top = 0;
	}
}
