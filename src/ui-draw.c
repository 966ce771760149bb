/* ui-draw.c — text, colours and key tables on the desk's screen. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "text.h"
#include "ui-draw.h"

/* colour pair numbers for the styles that have a colour */
enum { PAIR_TAB = 1, PAIR_HEADER, PAIR_SELECTED, PAIR_VOID, PAIR_URGENT,
       PAIR_STATUS, PAIR_ERROR, PAIR_KEY, PAIR_FOCUS };

/* per style: monochrome attributes, and colour pair (0: none) */
static const struct {
	attr_t mono;
	short pair;
	attr_t colour_extra;
} style_table[UI_S_COUNT] = {
	[UI_S_NORMAL]     = { A_NORMAL, 0, A_NORMAL },
	[UI_S_TAB]        = { A_NORMAL, PAIR_TAB, A_NORMAL },
	[UI_S_TAB_ACTIVE] = { A_REVERSE | A_BOLD, 0, A_REVERSE | A_BOLD },
	[UI_S_HEADER]     = { A_BOLD | A_UNDERLINE, PAIR_HEADER, A_BOLD },
	[UI_S_SELECTED]   = { A_REVERSE, PAIR_SELECTED, A_NORMAL },
	[UI_S_VOID]       = { A_DIM, PAIR_VOID, A_DIM },      /* quiet; see void_attr */
	[UI_S_URGENT]     = { A_BOLD, PAIR_URGENT, A_BOLD },
	[UI_S_STATUS]     = { A_REVERSE, PAIR_STATUS, A_NORMAL },
	[UI_S_ERROR]      = { A_REVERSE | A_BOLD, PAIR_ERROR, A_BOLD },
	[UI_S_KEY]        = { A_REVERSE, PAIR_KEY, A_NORMAL },
	[UI_S_LABEL]      = { A_BOLD, 0, A_BOLD },
	[UI_S_FIELD]      = { A_UNDERLINE, 0, A_UNDERLINE },
	[UI_S_FOCUS]      = { A_REVERSE, PAIR_FOCUS, A_NORMAL },
};

/*
 * Finished and inactive rows are quiet, never red (red is for what needs
 * action): grey where the terminal has 256 colours, else the terminal's own
 * colour dimmed.
 */
static bool void_grey;

static bool
colours_on(void)
{
	return has_colors() && COLOR_PAIRS > PAIR_FOCUS && getenv("NO_COLOR") == NULL;
}

void
ui_draw_init_colours(void)
{
	if (!has_colors() || getenv("NO_COLOR"))
		return;
	if (start_color() == ERR)
		return;
	use_default_colors();
	if (COLOR_PAIRS <= PAIR_FOCUS)
		return;
	init_pair(PAIR_TAB, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_HEADER, COLOR_CYAN, -1);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	void_grey = COLORS >= 256;
	init_pair(PAIR_VOID, void_grey ? 244 : -1, -1);
	init_pair(PAIR_URGENT, COLOR_RED, -1);
	init_pair(PAIR_STATUS, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_KEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_FOCUS, COLOR_BLACK, COLOR_YELLOW);
}

attr_t
ui_style_attr(int style)
{
	if (style < 0 || style >= UI_S_COUNT)
		return A_NORMAL;
	if (style == UI_S_VOID && void_grey && colours_on())
		return COLOR_PAIR(PAIR_VOID);
	if (style_table[style].pair && colours_on())
		return COLOR_PAIR(style_table[style].pair) | style_table[style].colour_extra;
	return style_table[style].mono;
}

wchar_t *
ui_wcs_from_utf8(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0, i = 0, o = 0;
	wchar_t *w = xmalloc((n + 1) * sizeof *w);

	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		w[o++] = (wchar_t)cp;
		i += (size_t)k;
	}
	w[o] = L'\0';
	if (len)
		*len = o;
	return w;
}

char *
ui_utf8_from_wcs(const wchar_t *w, size_t n)
{
	buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		char out[4];
		int k = utf8_encode((uint32_t)w[i], out);
		if (k <= 0)
			k = utf8_encode(0xFFFD, out);
		buf_append(&b, out, (size_t)k);
	}
	return buf_steal(&b);
}

int
ui_wc_width(wchar_t c)
{
	int w = text_cp_width((uint32_t)c);
	return w < 0 ? 1 : w;
}

/* draw an already sanitised and fitted UTF-8 string */
static void
put_fitted(int y, int x, const char *fitted, attr_t a)
{
	size_t n;
	wchar_t *w = ui_wcs_from_utf8(fitted, &n);
	int maxw = COLS - x;

	attrset(a);
	/* never write into the bottom-right cell (it would scroll) */
	if (y == LINES - 1)
		maxw--;
	if (maxw > 0 && n > 0) {
		/* keep within maxw cells */
		int used = 0;
		size_t k = 0;
		while (k < n && used + ui_wc_width(w[k]) <= maxw)
			used += ui_wc_width(w[k++]);
		if (k > 0)
			mvaddnwstr(y, x, w, (int)k);
	}
	attrset(A_NORMAL);
	free(w);
}

void
ui_put(int y, int x, int cells, int style, const char *s)
{
	char *out;
	size_t sz;

	if (cells <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (cells > COLS - x)
		cells = COLS - x;
	sz = (size_t)cells * 4 + 8;
	out = xmalloc(sz);
	text_fit(out, sz, s ? s : "", cells, true);
	put_fitted(y, x, out, ui_style_attr(style));
	free(out);
}

int
ui_put_text(int y, int x, int cells, int style, const char *s)
{
	char *out;
	size_t sz;
	int used;

	if (cells <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (cells > COLS - x)
		cells = COLS - x;
	sz = (size_t)cells * 4 + 8;
	out = xmalloc(sz);
	used = text_fit(out, sz, s ? s : "", cells, false);
	put_fitted(y, x, out, ui_style_attr(style));
	free(out);
	return used;
}

void
ui_clear_rect(ui_rect r, int style)
{
	for (int i = 0; i < r.h; i++)
		ui_put(r.y + i, r.x, r.w, style, "");
}

void
ui_frame(ui_rect r, const char *title)
{
	if (r.h < 2 || r.w < 2)
		return;
	attrset(A_NORMAL);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	if (r.y + r.h - 1 < LINES)
		mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	if (!(r.y + r.h == LINES && r.x + r.w == COLS))
		mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	if (title && *title && r.w > 6) {
		ui_put_text(r.y, r.x + 2, 1, UI_S_HEADER, " ");
		int used = ui_put_text(r.y, r.x + 3, r.w - 6, UI_S_HEADER, title);
		ui_put_text(r.y, r.x + 3 + used, 1, UI_S_HEADER, " ");
	}
}

size_t
ui_wrap(const char *s, int cells, char ***lines)
{
	char *clean = text_sanitize(s ? s : "", true);
	size_t n = 0, cap = 8;
	char **out = xmalloc(cap * sizeof *out);
	const char *p = clean;

	if (cells < 1)
		cells = 1;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *q = line;

		/* broken as Chinese text is (text_line_break); an empty line stays */
		do {
			size_t next, k = text_line_break(q, cells, &next);
			if (n + 2 > cap) {
				cap *= 2;
				out = xrealloc(out, cap * sizeof *out);
			}
			out[n++] = xstrndup(q, k);
			q += next ? next : strlen(q);
		} while (*q);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	out[n] = NULL;
	free(clean);
	*lines = out;
	return n;
}

void
ui_lines_free(char **lines)
{
	if (!lines)
		return;
	for (char **p = lines; *p; p++)
		free(*p);
	free(lines);
}

/* ---------------------------------------------------------------- keys */

int
ui_getkey(void)
{
	wint_t wc;
	int r = get_wch(&wc);

	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES)
		return UI_FK((int)wc);
	/* some terminals send these as characters */
	if (wc == 0x7f || wc == 0x08)
		return UI_FK(KEY_BACKSPACE);
	return (int)wc;
}

int
ui_key_action(const ui_keydef *table, size_t n, int key)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < SD_ARRAY_LEN(table[i].keys); k++)
			if (table[i].keys[k] && table[i].keys[k] == key)
				return table[i].action;
	return -1;
}

void
ui_draw_keybar(int y, const ui_keydef *table, size_t n)
{
	char key[64][16];
	int w[64], total = 0, x = 0;
	bool show[64];
	size_t m = n < 64 ? n : 64, first = m, last = m;

	if (y < 0 || y >= LINES)
		return;
	ui_put(y, 0, COLS, UI_S_NORMAL, "");
	for (size_t i = 0; i < m; i++) {
		const char *name = table[i].keyname, *sp;
		size_t kl;

		show[i] = table[i].bar != NULL;
		if (!show[i])
			continue;
		/* the bar shows the first key name only ("F2" of "F2, a") */
		sp = strstr(name, ", ");
		kl = sp ? (size_t)(sp - name) : strlen(name);
		if (kl >= sizeof key[i])
			kl = sizeof key[i] - 1;
		memcpy(key[i], name, kl);
		key[i][kl] = '\0';
		w[i] = text_width(key[i]) + text_width(text_gettext_ctx(table[i].bar)) + 1;
		total += w[i];
		if (first == m)
			first = i;
		last = i;
	}
	/*
	 * Too narrow for all: whole entries go, the last in the table first
	 * (the tables list the most used first), but the first (help) and the
	 * last (the way out) stay while anything can; a label is never cut.
	 */
	for (size_t i = last; total > COLS && i < m && i > first; i--) {
		if (!show[i] || i == last)
			continue;
		show[i] = false;
		total -= w[i];
	}
	for (size_t i = m; total > COLS && i-- > 0;) {
		if (!show[i])
			continue;
		show[i] = false;
		total -= w[i];
	}
	for (size_t i = 0; i < m; i++) {
		if (!show[i])
			continue;
		x += ui_put_text(y, x, COLS - x, UI_S_KEY, key[i]);
		x += ui_put_text(y, x, COLS - x, UI_S_NORMAL, text_gettext_ctx(table[i].bar));
		x += 1;
	}
}

int
ui_draw_help(ui_rect r, const ui_keyhelp *sections, size_t nsections,
             const char *footer, int *top)
{
	int keyw = 4, lines = 0, y, line, inner, hidden, textw;
	ui_rect box;

	box.w = r.w - 4 > 76 ? 76 : r.w - 4;
	if (box.w < 10)
		box.w = r.w;
	for (size_t s = 0; s < nsections; s++)
		for (size_t i = 0; i < sections[s].n; i++) {
			int w = text_width(sections[s].table[i].keyname);
			if (w > keyw)
				keyw = w;
		}
	if (keyw > box.w / 3)
		keyw = box.w / 3;
	/* the text beside the key column, wrapped as Chinese text is, its lines under each other */
	textw = box.w - keyw - 5;
	if (textw < 1)
		textw = 1;
	for (size_t s = 0; s < nsections; s++) {
		lines += 1;
		for (size_t i = 0; i < sections[s].n; i++) {
			char **wl;
			size_t nl = ui_wrap(_(sections[s].table[i].help), textw, &wl);
			lines += nl ? (int)nl : 1;
			ui_lines_free(wl);
		}
	}
	/* frame (2) and the footer row (1) around the lines */
	box.h = lines + 3 < r.h ? lines + 3 : r.h;
	box.y = r.y + (r.h - box.h) / 2;
	box.x = r.x + (r.w - box.w) / 2;
	inner = box.h - 3;
	if (inner < 0)
		inner = 0;
	hidden = lines - inner;
	if (hidden < 0)
		hidden = 0;
	if (*top > hidden)
		*top = hidden;
	if (*top < 0)
		*top = 0;
	ui_clear_rect(box, UI_S_NORMAL);
	ui_frame(box, _("Help"));
	y = box.y + 1;
	line = 0;
	for (size_t s = 0; s < nsections; s++) {
		if (line >= *top && y < box.y + 1 + inner)
			ui_put(y++, box.x + 2, box.w - 4, UI_S_HEADER, _(sections[s].heading));
		line++;
		for (size_t i = 0; i < sections[s].n; i++) {
			char **wl;
			size_t nl = ui_wrap(_(sections[s].table[i].help), textw, &wl);
			for (size_t j = 0; j < (nl ? nl : 1); j++, line++) {
				if (line < *top || y >= box.y + 1 + inner)
					continue;
				ui_put(y, box.x + 2, keyw, UI_S_LABEL, j ? "" : sections[s].table[i].keyname);
				ui_put(y, box.x + 3 + keyw, textw, UI_S_NORMAL, nl ? wl[j] : "");
				y++;
			}
			ui_lines_free(wl);
		}
	}
	if (footer && box.h > 2) {
		buf b = { 0 };
		buf_puts(&b, footer);
		if (*top < hidden)
			buf_printf(&b, "  %s", _("(more: Down, PgDn)"));
		ui_put(box.y + box.h - 2, box.x + 2, box.w - 4, UI_S_NORMAL, buf_str(&b));
		buf_free(&b);
	}
	return hidden;
}

bool
ui_help_run(const ui_rect *r, const ui_keyhelp *sections, size_t nsections,
            bool (*redraw)(void *arg), void *arg)
{
	int top = 0;

	for (;;) {
		if (redraw && !redraw(arg))
			return false;
		int hidden = ui_draw_help(*r, sections, nsections,
		                          _("Any other key closes the help."), &top);
		curs_set(0);
		refresh();
		int k = ui_getkey();
		if (k == UI_FK(KEY_DOWN) || k == 'j')
			top++;
		else if (k == UI_FK(KEY_UP) || k == 'k')
			top--;
		else if (k == UI_FK(KEY_NPAGE) || k == ' ')
			top += 10;
		else if (k == UI_FK(KEY_PPAGE))
			top -= 10;
		else if (k == UI_FK(KEY_HOME))
			top = 0;
		else if (k == UI_FK(KEY_END))
			top = hidden;
		else if (k != UI_FK(KEY_RESIZE))
			return true;
	}
}
