/* ui-form.c — line editor, forms, prompts and pick lists of the desk. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "text.h"
#include "ui-form.h"

/* ---------------------------------------------------------------- editor */

static void
line_reserve(ui_line *l, size_t extra)
{
	if (l->len + extra + 1 <= l->cap)
		return;
	size_t cap = l->cap ? l->cap : 32;
	while (cap < l->len + extra + 1)
		cap *= 2;
	l->text = xrealloc(l->text, cap * sizeof *l->text);
	l->cap = cap;
}

void
ui_line_set(ui_line *l, const char *utf8)
{
	size_t n;
	wchar_t *w = ui_wcs_from_utf8(utf8 ? utf8 : "", &n);
	size_t o = 0;

	/* keep only what the editor can show: no controls except newlines in areas */
	for (size_t i = 0; i < n; i++) {
		wchar_t c = w[i];
		if (c == L'\t')
			c = L' ';
		if (c == L'\n' && !l->multiline)
			c = L' ';
		if (c != L'\n' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)))
			continue;
		w[o++] = c;
	}
	w[o] = L'\0';
	free(l->text);
	l->text = w;
	l->len = o;
	l->cap = n + 1;
	l->cur = o;
	l->scroll = l->vscroll = 0;
	l->hscroll = 0;
}

char *
ui_line_get(const ui_line *l)
{
	return ui_utf8_from_wcs(l->text ? l->text : L"", l->len);
}

void
ui_line_free(ui_line *l)
{
	free(l->text);
	l->text = NULL;
	l->len = l->cap = l->cur = l->scroll = l->vscroll = 0;
	l->hscroll = 0;
}

static void
line_insert(ui_line *l, wchar_t c)
{
	line_reserve(l, 1);
	memmove(l->text + l->cur + 1, l->text + l->cur, (l->len - l->cur + 1) * sizeof *l->text);
	l->text[l->cur++] = c;
	l->len++;
}

static void
line_delete(ui_line *l, size_t at)
{
	if (at >= l->len)
		return;
	memmove(l->text + at, l->text + at + 1, (l->len - at) * sizeof *l->text);
	l->len--;
	if (l->cur > at)
		l->cur--;
}

static size_t
line_start(const ui_line *l, size_t i)
{
	while (i > 0 && l->text[i - 1] != L'\n')
		i--;
	return i;
}

static size_t
line_end(const ui_line *l, size_t i)
{
	while (i < l->len && l->text[i] != L'\n')
		i++;
	return i;
}

static int
span_width(const wchar_t *w, size_t from, size_t to)
{
	int cells = 0;
	for (size_t i = from; i < to; i++)
		cells += ui_wc_width(w[i]);
	return cells;
}

/* the index in the line starting at s whose column is at most col */
static size_t
index_at_col(const ui_line *l, size_t s, int col)
{
	size_t e = line_end(l, s), i = s;
	int used = 0;
	while (i < e && used + ui_wc_width(l->text[i]) <= col)
		used += ui_wc_width(l->text[i++]);
	return i;
}

int
ui_line_key(ui_line *l, int key)
{
	if (!l->text)
		ui_line_set(l, "");
	switch (key) {
	case UI_FK(KEY_LEFT):
		if (l->cur > 0)
			l->cur--;
		return 0;
	case UI_FK(KEY_RIGHT):
		if (l->cur < l->len)
			l->cur++;
		return 0;
	case UI_FK(KEY_HOME):
	case UI_CTRL('a'):
		l->cur = l->multiline ? line_start(l, l->cur) : 0;
		return 0;
	case UI_FK(KEY_END):
	case UI_CTRL('e'):
		l->cur = l->multiline ? line_end(l, l->cur) : l->len;
		return 0;
	case UI_FK(KEY_BACKSPACE):
		if (l->cur == 0)
			return 0;
		line_delete(l, l->cur - 1);
		return 1;
	case UI_FK(KEY_DC):
	case UI_CTRL('d'):
		if (l->cur >= l->len)
			return 0;
		line_delete(l, l->cur);
		return 1;
	case UI_CTRL('u'): {
		size_t s = l->multiline ? line_start(l, l->cur) : 0;
		if (s == l->cur)
			return 0;
		memmove(l->text + s, l->text + l->cur, (l->len - l->cur + 1) * sizeof *l->text);
		l->len -= l->cur - s;
		l->cur = s;
		return 1;
	}
	case UI_FK(KEY_UP): {
		if (!l->multiline)
			return -1;
		size_t s = line_start(l, l->cur);
		if (s == 0)
			return -1;
		int col = span_width(l->text, s, l->cur);
		l->cur = index_at_col(l, line_start(l, s - 1), col);
		return 0;
	}
	case UI_FK(KEY_DOWN): {
		if (!l->multiline)
			return -1;
		size_t s = line_start(l, l->cur), e = line_end(l, l->cur);
		if (e >= l->len)
			return -1;
		int col = span_width(l->text, s, l->cur);
		l->cur = index_at_col(l, e + 1, col);
		return 0;
	}
	case '\r':
	case '\n':
	case UI_FK(KEY_ENTER):
		if (!l->multiline)
			return -1;
		line_insert(l, L'\n');
		return 1;
	default:
		break;
	}
	if (key & UI_KEYCODE)
		return -1;
	if (key == '\t')
		return -1;
	if (key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0) || key > 0x10FFFF)
		return -1;
	line_insert(l, (wchar_t)key);
	return 1;
}

/* the mark where a field's text goes on beyond what is shown */
static const wchar_t cut_mark = L'\u2026';

/*
 * Draw characters w[from..to) starting at cell `skip` of that span, in
 * cells. Where text is cut, a mark says so: at the left edge when skip > 0
 * or left is set (text before from is hidden), at the right edge when the
 * rest does not fit; the marks take cells from the text, never the cursor's
 * place (the callers keep the cursor off the cells of a mark).
 */
static void
draw_span(int y, int x, int cells, int style, const wchar_t *w, size_t from, size_t to, int skip,
          bool left)
{
	attr_t a = ui_style_attr(style);
	int col = 0, out = 0, mw = ui_wc_width(cut_mark);
	wchar_t seg[2] = { 0, 0 };
	bool right;

	ui_put(y, x, cells, style, "");
	if (y == LINES - 1 && x + cells >= COLS)
		cells = COLS - x - 1;
	if (mw < 1 || cells < 2 * mw + 1)
		mw = 0;
	attrset(a);
	left = mw && (left || (skip > 0 && span_width(w, from, to) > skip));
	if (left) {
		seg[0] = cut_mark;
		mvaddnwstr(y, x, seg, 1);
		out = mw;
		col = -mw;          /* the mark covers the first cells of the span */
	}
	right = mw && span_width(w, from, to) - skip - (left ? mw : 0) > cells - out;
	int room = right ? cells - mw : cells;
	for (size_t i = from; i < to && out < room; i++) {
		int cw = ui_wc_width(w[i]);
		if (col < skip) {
			if (col + cw > skip) {
				/* a wide character cut by the left edge: show a blank */
				out += col + cw - skip;
			}
			col += cw;
			continue;
		}
		if (out + cw > room)
			break;
		seg[0] = w[i];
		if (cw > 0)
			mvaddnwstr(y, x + out, seg, 1);
		out += cw;
		col += cw;
	}
	if (right) {
		seg[0] = cut_mark;
		mvaddnwstr(y, x + cells - mw, seg, 1);
	}
	attrset(A_NORMAL);
}

void
ui_line_draw(ui_line *l, int y, int x, int rows, int w, int style,
             bool focus, int *cy, int *cx)
{
	int mw = ui_wc_width(cut_mark);

	if (!l->text)
		ui_line_set(l, "");
	if (w < 1 || rows < 1)
		return;
	if (mw < 1 || w < 2 * mw + 1 + 2)
		mw = 0;
	if (!l->multiline) {
		/*
		 * Keep the cursor in view, showing as much as fits; a mark where
		 * text is cut at either edge, the cursor never on one.
		 */
		int tw = w - 1;
		if (l->cur < l->scroll)
			l->scroll = l->cur;
		for (;;) {
			int lm = l->scroll > 0 ? mw : 0;
			int rm = span_width(l->text, l->scroll, l->len) + lm > w - 1 ? mw : 0;
			tw = w - 1 - lm - rm;
			if (l->scroll < l->cur && span_width(l->text, l->scroll, l->cur) > tw) {
				l->scroll++;
				continue;
			}
			/* back while all the rest fits, its own left mark included */
			if (l->scroll > 0 &&
			    span_width(l->text, l->scroll - 1, l->len) + (l->scroll > 1 ? mw : 0) <= w - 1) {
				l->scroll--;
				continue;
			}
			break;
		}
		int lm = l->scroll > 0 ? mw : 0;
		ui_put(y, x, w, style, "");
		if (lm) {
			attrset(ui_style_attr(style));
			wchar_t seg[2] = { cut_mark, 0 };
			mvaddnwstr(y, x, seg, 1);
			attrset(A_NORMAL);
		}
		draw_span(y, x + lm, w - lm, style, l->text, l->scroll, l->len, 0, false);
		if (focus && cy && cx) {
			*cy = y;
			*cx = x + lm + span_width(l->text, l->scroll, l->cur);
		}
		return;
	}
/* text area: lines of the text, scrolled to keep the cursor in view */
	size_t curline = 0, s = 0;
	for (size_t i = 0; i < l->cur; i++)
		if (l->text[i] == L'\n')
			curline++;
	int col = span_width(l->text, line_start(l, l->cur), l->cur);
	if (curline < l->vscroll)
		l->vscroll = curline;
	if (curline >= l->vscroll + (size_t)rows)
		l->vscroll = curline - (size_t)rows + 1;
	/* the cursor off the cells of the marks at either edge of a cut line */
	if (col < l->hscroll + (l->hscroll ? mw : 0))
		l->hscroll = col - mw > 0 ? col - mw : 0;
	if (col > l->hscroll + w - 1)
		l->hscroll = col - w + 1;
	int linew = span_width(l->text, line_start(l, l->cur), line_end(l, l->cur));
	if (linew - l->hscroll > w && col > l->hscroll + w - 1 - mw)
		l->hscroll = col - w + 1 + mw;
	/* skip to the first line shown */
	for (size_t ln = 0; ln < l->vscroll && s <= l->len; ln++)
		s = line_end(l, s) + 1;
	for (int r = 0; r < rows; r++) {
		if (s <= l->len) {
			size_t e = line_end(l, s);
			draw_span(y + r, x, w, style, l->text, s, e, l->hscroll, false);
			s = e + 1;
		} else {
			ui_put(y + r, x, w, style, "");
		}
	}
	if (focus && cy && cx) {
		*cy = y + (int)(curline - l->vscroll);
		*cx = x + col - l->hscroll;
	}
}

/* ---------------------------------------------------------------- forms */

void
ui_form_init(ui_form *form, const char *title)
{
	memset(form, 0, sizeof *form);
	form->title = xstrdup(title);
}

void
ui_form_free(ui_form *form)
{
	for (size_t i = 0; i < form->n; i++) {
		free(form->f[i].code);
		free(form->f[i].label);
		ui_line_free(&form->f[i].ed);
		free(form->f[i].theirs);
	}
	free(form->f);
	free(form->title);
	memset(form, 0, sizeof *form);
}

static ui_field *
form_new_field(ui_form *form, int kind, const char *code, const char *label)
{
	if (form->n == form->cap) {
		form->cap = form->cap ? form->cap * 2 : 16;
		form->f = xrealloc(form->f, form->cap * sizeof *form->f);
	}
	ui_field *f = &form->f[form->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->code = xstrdup(code);
	f->label = xstrdup(label);
	return f;
}

size_t
ui_form_add_text(ui_form *form, const char *code, const char *label, const char *value)
{
	ui_field *f = form_new_field(form, UI_FIELD_TEXT, code, label);
	ui_line_set(&f->ed, value);
	return form->n - 1;
}

size_t
ui_form_add_area(ui_form *form, const char *code, const char *label, const char *value)
{
	ui_field *f = form_new_field(form, UI_FIELD_AREA, code, label);
	f->ed.multiline = true;
	ui_line_set(&f->ed, value);
	return form->n - 1;
}

size_t
ui_form_add_choice(ui_form *form, const char *code, const char *label,
                   const char **choices, int nchoices, int choice)
{
	ui_field *f = form_new_field(form, UI_FIELD_CHOICE, code, label);
	f->choices = choices;
	f->nchoices = nchoices;
	f->choice = choice >= 0 && choice < nchoices ? choice : 0;
	return form->n - 1;
}

size_t
ui_form_find(const ui_form *form, const char *code)
{
	for (size_t i = 0; i < form->n; i++)
		if (strcmp(form->f[i].code, code) == 0)
			return i;
	return (size_t)-1;
}

char *
ui_form_value(const ui_form *form, size_t i)
{
	if (i >= form->n)
		return xstrdup("");
	return ui_line_get(&form->f[i].ed);
}

void
ui_form_focus_code(ui_form *form, const char *code)
{
	for (size_t i = 0; code && i < form->n; i++)
		if (!form->f[i].hidden && strcmp(form->f[i].code, code) == 0) {
			form->focus = i;
			return;
		}
}

char *
ui_form_text(const ui_form *form, const char *code)
{
	char *v = ui_form_value(form, ui_form_find(form, code)), *t = text_trim(v);

	free(v);
	return t;
}

int
ui_form_choice(const ui_form *form, const char *code)
{
	size_t i = ui_form_find(form, code);
	return i == (size_t)-1 ? -1 : form->f[i].choice;
}

int
ui_form_fail(ui_form *form, const char *code, const char *msg)
{
	snprintf(form->msg, sizeof form->msg, "%s", msg);
	form->msg_error = true;
	ui_form_focus_code(form, code);
	return SD_DATAERR;
}

void
ui_form_theirs(ui_form *form, size_t i, const char *value)
{
	if (i >= form->n)
		return;
	free(form->f[i].theirs);
	form->f[i].theirs = NULL;
	if (value) {
		/* one line: the lines of a text area joined */
		buf b = { 0 };
		for (const char *p = value; *p; p++)
			buf_putc(&b, *p == '\n' ? ' ' : *p);
		form->f[i].theirs = buf_steal(&b);
	}
}

static bool
same_value(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

void
ui_form_merge(ui_form *form, const char *const *codes, const char *const *was,
              const char *const *now, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = ui_form_find(form, codes[k]);
		if (i == (size_t)-1)
			continue;
		ui_field *f = &form->f[i];
		char *mine;
		if (f->kind == UI_FIELD_CHOICE) {
			mine = xstrdup(f->nchoices ? f->choices[f->choice] : "");
		} else {
			char *v = ui_line_get(&f->ed);
			mine = text_trim(v);
			free(v);
		}
		if (same_value(was[k], now[k])) {
			ui_form_theirs(form, i, NULL);
		} else if (same_value(mine, was[k])) {
			if (f->kind == UI_FIELD_CHOICE) {
				for (int c = 0; c < f->nchoices; c++)
					if (same_value(f->choices[c], now[k]))
						f->choice = c;
			} else {
				ui_line_set(&f->ed, now[k] ? now[k] : "");
			}
			ui_form_theirs(form, i, NULL);
		} else {
			ui_form_theirs(form, i, now[k] && *now[k] ? now[k] : "-");
		}
		free(mine);
	}
}

/* rows a field's editor takes on the screen */
static int
editor_rows(const ui_field *f)
{
	if (f->hidden)
		return 0;
	if (f->kind != UI_FIELD_AREA)
		return 1;
	int lines = 1;
	for (size_t i = 0; i < f->ed.len; i++)
		if (f->ed.text[i] == L'\n')
			lines++;
	if (lines < 2)
		lines = 2;
	if (lines > 5)
		lines = 5;
	return lines;
}

/* rows a field takes: its editor, and the other person's value under it */
static int
field_rows(const ui_field *f)
{
	return editor_rows(f) + (f->theirs && !f->hidden ? 1 : 0);
}

static const ui_keydef form_keys[] = {
	{ 1, { UI_FK(KEY_F(2)), UI_CTRL('s') }, "F2, ^S", N_("Save"), N_("save") },
	{ 2, { UI_FK(KEY_F(3)), UI_CTRL('n') }, "F3, ^N", N_("Item+"), N_("add another maintenance item") },
	{ 3, { 0x1b }, "Esc", N_("Cancel"), N_("cancel (asks if anything changed)") },
	{ 4, { '\t', UI_FK(KEY_DOWN) }, "Tab, Down", N_("Next"), N_("next field (Down: next line in a text area)") },
	{ 5, { UI_FK(KEY_BTAB), UI_FK(KEY_UP) }, "S-Tab, Up", NULL, N_("previous field") },
	{ 6, { ' ' }, "Left/Right, Space", NULL, N_("change a choice") },
	{ 7, { UI_FK(KEY_F(1)) }, "F1", N_("Help"), N_("this help") },
};

/* The form's keys: F3 (another item) only where the form can add a field. */
static size_t
form_keyset(const ui_form *form, ui_keydef out[SD_ARRAY_LEN(form_keys)])
{
	size_t n = 0;

	for (size_t i = 0; i < SD_ARRAY_LEN(form_keys); i++)
		if (form_keys[i].action != 2 || form->add)
			out[n++] = form_keys[i];
	return n;
}

static void
form_draw(ui_ctx *c, ui_form *form)
{
	ui_rect r = c->area;
	int lw = 0, cy = -1, cx = -1;

	ui_redraw(c);
	if (r.h < 3 || r.w < 10) {
		refresh();
		return;
	}
	ui_clear_rect(r, UI_S_NORMAL);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, form->title);
	for (size_t i = 0; i < form->n; i++) {
		int w = text_width(form->f[i].label);
		if (w > lw)
			lw = w;
	}
	if (lw > r.w / 3)
		lw = r.w / 3;
	int fx = r.x + lw + 2, fw = r.w - lw - 3;
	int avail = r.h - 2;
	/* keep the focused field in view */
	if (form->focus < form->top)
		form->top = form->focus;
	for (;;) {
		int used = 0;
		for (size_t i = form->top; i <= form->focus && i < form->n; i++)
			used += field_rows(&form->f[i]);
		if (used <= avail || form->top >= form->focus)
			break;
		form->top++;
	}
	int y = r.y + 1;
	for (size_t i = form->top; i < form->n; i++) {
		ui_field *f = &form->f[i];
		int rows = field_rows(f);
		bool focus = i == form->focus;
		if (f->hidden)
			continue;
		if (y + rows > r.y + 1 + avail) {
			if (y < r.y + 1 + avail)
				ui_put(y, r.x, r.w, UI_S_NORMAL, "  ...");
			break;
		}
		ui_put(y, r.x + 1, lw, UI_S_LABEL, f->label);
		int style = focus ? UI_S_FOCUS : UI_S_FIELD;
		if (f->kind == UI_FIELD_CHOICE) {
			buf b = { 0 };
			buf_printf(&b, "< %s >", f->nchoices ? f->choices[f->choice] : "");
			int used = ui_put_text(y, fx, fw, style, buf_str(&b));
			if (focus) {
				cy = y;
				cx = fx + (used > 0 ? 2 : 0);
			}
			buf_free(&b);
		} else {
			ui_line_draw(&f->ed, y, fx, editor_rows(f), fw, style, focus, &cy, &cx);
		}
		if (f->theirs) {
			buf b = { 0 };
			/* TRANSLATORS: under a field: the value someone else saved meanwhile. */
			buf_printf(&b, _("now: %s"), f->theirs);
			ui_put(y + rows - 1, fx, fw, UI_S_ERROR, buf_str(&b));
			buf_free(&b);
		}
		y += rows;
	}
	ui_put(r.y + r.h - 1, r.x, r.w, form->msg_error ? UI_S_ERROR : UI_S_NORMAL, form->msg);
	ui_keydef keys[SD_ARRAY_LEN(form_keys)];
	ui_draw_keybar(c->keybar_row, keys, form_keyset(form, keys));
	if (cy >= 0 && cx >= 0 && cy < LINES && cx < COLS) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
	refresh();
}

static void
form_move(ui_form *form, int dir)
{
	size_t i = form->focus;
	for (size_t k = 0; k < form->n; k++) {
		if (dir > 0)
			i = (i + 1) % form->n;
		else
			i = (i + form->n - 1) % form->n;
		if (!form->f[i].hidden) {
			form->focus = i;
			return;
		}
	}
}

static bool
form_ask(ui_ctx *c, ui_form *form, const char *question)
{
	snprintf(form->msg, sizeof form->msg, "%s", question);
	form->msg_error = true;
	form_draw(c, form);
	for (;;) {
		int k = ui_getkey();
		if (k == UI_FK(KEY_RESIZE)) {
			form_draw(c, form);
			continue;
		}
		form->msg[0] = '\0';
		form->msg_error = false;
		return k == 'y' || k == 'Y';
	}
}

bool
ui_form_run(ui_ctx *c, ui_form *form)
{
	if (form->n == 0)
		return false;
	if (form->f[form->focus].hidden)
		form_move(form, 1);
	for (;;) {
		if (!ui_input_pending())
			form_draw(c, form);
		int key = ui_getkey();
		if (key < 0)
			continue;
		ui_field *f = &form->f[form->focus];
		int act = ui_key_action(form_keys, SD_ARRAY_LEN(form_keys), key);

		if (key == UI_FK(KEY_RESIZE)) {
			c->redraw_all = true;
			continue;
		}
		if (key == UI_CTRL('l')) {
			clearok(curscr, TRUE);
			continue;
		}
		/* the focused editor sees the key first (Enter, Up/Down in areas) */
		if (f->kind != UI_FIELD_CHOICE && act != 1 && act != 2 && act != 3 && act != 7
		    && key != '\t' && key != UI_FK(KEY_BTAB)) {
			int r = ui_line_key(&f->ed, key);
			if (r == 1)
				form->dirty = true;
			if (r >= 0)
				continue;
		}
		if (f->kind == UI_FIELD_CHOICE && f->nchoices > 0) {
			int d = 0;
			if (key == UI_FK(KEY_RIGHT) || key == ' ')
				d = 1;
			else if (key == UI_FK(KEY_LEFT))
				d = f->nchoices - 1;
			if (d) {
				f->choice = (f->choice + d) % f->nchoices;
				form->dirty = true;
				if (form->changed)
					form->changed(form, form->arg);
				continue;
			}
		}
		if (key == '\r' || key == '\n' || key == UI_FK(KEY_ENTER)) {
			form_move(form, 1);
			continue;
		}
		switch (act) {
		case 1:
			form->msg[0] = '\0';
			form->msg_error = false;
			if (!form->save || form->save(form, form->arg) == SD_OK)
				return true;
			if (form->focus >= form->n || form->f[form->focus].hidden)
				form_move(form, 1);
			break;
		case 2:
			if (form->add) {
				form->add(form, form->arg);
				form->dirty = true;
			}
			break;
		case 3:
			if (!form->dirty || form_ask(c, form, _("Discard the changes? (y/n)")))
				return false;
			break;
		case 4:
			form_move(form, 1);
			break;
		case 5:
			form_move(form, -1);
			break;
		case 7: {
			ui_keydef keys[SD_ARRAY_LEN(form_keys)];
			ui_keyhelp h = { N_("Form"), keys, form_keyset(form, keys) };
			ui_help_run(&c->area, &h, 1, NULL, NULL);
			break;
		}
		default:
			break;
		}
	}
}

/* ---------------------------------------------------------------- prompts */

static void
prompt_draw(ui_ctx *c, const char *label, ui_line *l)
{
	int y = c->prompt_row;
	int lw;

	if (y < 0 || y >= LINES)
		return;
	ui_put(y, 0, COLS, UI_S_NORMAL, "");
	lw = ui_put_text(y, 0, COLS / 2, UI_S_LABEL, label);
	if (COLS - lw - 2 >= 1) {
		int cy = -1, cx = -1;
		ui_line_draw(l, y, lw + 1, 1, COLS - lw - 2, UI_S_NORMAL, true, &cy, &cx);
		if (cy >= 0 && cx < COLS) {
			curs_set(1);
			move(cy, cx);
		}
	}
	refresh();
}

bool
ui_prompt(ui_ctx *c, const char *label, const char *initial,
          void (*live)(ui_ctx *c, const char *text, void *arg), void *arg,
          char **out)
{
	ui_line l = { 0 };
	bool ok = false, changed = false;

	ui_line_set(&l, initial ? initial : "");
	ui_redraw(c);
	prompt_draw(c, label, &l);
	for (;;) {
		int key = ui_getkey();
		if (key < 0)
			continue;
		if (key == UI_FK(KEY_RESIZE)) {
			ui_redraw(c);
			prompt_draw(c, label, &l);
			continue;
		}
		if (key == 0x1b || key == UI_CTRL('c') || key == UI_CTRL('g')) {
			ok = false;
			break;
		}
		if (key == '\r' || key == '\n' || key == UI_FK(KEY_ENTER)) {
			ok = true;
			break;
		}
		if (ui_line_key(&l, key) == 1)
			changed = true;
		/* read what is already waiting (fast typing, pastes) before acting */
		if (ui_input_pending())
			continue;
		if (changed && live) {
			char *t = ui_line_get(&l);
			live(c, t, arg);
			free(t);
			changed = false;
		}
		ui_redraw(c);
		prompt_draw(c, label, &l);
	}
	if (ok && out)
		*out = ui_line_get(&l);
	ui_line_free(&l);
	curs_set(0);
	return ok;
}

int
ui_ask_key(ui_ctx *c, const char *question)
{
	for (;;) {
		ui_redraw(c);
		if (c->prompt_row >= 0 && c->prompt_row < LINES)
			ui_put(c->prompt_row, 0, COLS, UI_S_ERROR, question);
		refresh();
		int k = ui_getkey();
		if (k == UI_FK(KEY_RESIZE) || k < 0)
			continue;
		return k;
	}
}

bool
ui_confirm(ui_ctx *c, const char *question)
{
	int k = ui_ask_key(c, question);

	return k == 'y' || k == 'Y';
}

/* The pick list's keys: its key bar while it is open. */
static const ui_keydef pick_keys[] = {
	{ 1, { '\r', UI_FK(KEY_ENTER) }, "Enter", N_("Pick"), N_("pick the selected line") },
	{ 2, { UI_FK(KEY_UP), UI_FK(KEY_DOWN) }, "Up/Down, k/j", N_("Move"), N_("move the selection") },
	{ 3, { 0x1b, 'q' }, "Esc, q", N_("Cancel"), N_("cancel") },
};

int
ui_pick(ui_ctx *c, const char *title, char *const *items, int n)
{
	int sel = 0, top = 0;

	if (n <= 0)
		return -1;
	for (;;) {
		ui_redraw(c);
		ui_rect r = c->area, box;
		int w = text_width(title) + 4;
		for (int i = 0; i < n; i++)
			if (text_width(items[i]) + 4 > w)
				w = text_width(items[i]) + 4;
		box.w = w < r.w ? w : r.w;
		box.h = n + 2 < r.h ? n + 2 : r.h;
		box.y = r.y + (r.h - box.h) / 2;
		box.x = r.x + (r.w - box.w) / 2;
		int rows = box.h - 2;
		if (rows < 1) {
			rows = 1;
		}
		if (sel < top)
			top = sel;
		if (sel >= top + rows)
			top = sel - rows + 1;
		ui_clear_rect(box, UI_S_NORMAL);
		ui_frame(box, title);
		for (int i = 0; i < rows && top + i < n; i++)
			ui_put(box.y + 1 + i, box.x + 1, box.w - 2,
			       top + i == sel ? UI_S_SELECTED : UI_S_NORMAL, items[top + i]);
		ui_draw_keybar(c->keybar_row, pick_keys, SD_ARRAY_LEN(pick_keys));
		curs_set(0);
		refresh();
		int k = ui_getkey();
		switch (k) {
		case UI_FK(KEY_UP):
		case 'k':
			if (sel > 0)
				sel--;
			break;
		case UI_FK(KEY_DOWN):
		case 'j':
			if (sel < n - 1)
				sel++;
			break;
		case UI_FK(KEY_HOME):
			sel = 0;
			break;
		case UI_FK(KEY_END):
			sel = n - 1;
			break;
		case '\r':
		case '\n':
		case UI_FK(KEY_ENTER):
			return sel;
		case 0x1b:
		case 'q':
		case UI_CTRL('c'):
			return -1;
		default:
			break;
		}
	}
}
