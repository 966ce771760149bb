/*
 * ui-doc.h — a document (doc.h) laid out for the desk: styled lines of a
 * given width that a pane scrolls over. Section headings, figures (labels
 * aligned, values right-aligned), tables (columns fitted to the width,
 * dropped from the right when even the narrowest layout does not fit), bar
 * charts where the document hints one, and notes wrapped as Chinese text is.
 * Every value is sanitised; widths are display cells.
 */
#ifndef SERVDESK_UI_DOC_H
#define SERVDESK_UI_DOC_H

#include <stddef.h>
#include "doc.h"

/* one piece of a line: text in a style (UI_S_*) */
typedef struct ui_dseg {
	char *s;
	int style;
} ui_dseg;

typedef struct ui_dline {
	ui_dseg *seg;
	size_t n;
} ui_dline;

typedef struct ui_doclines {
	ui_dline *v;
	size_t n, cap;
} ui_doclines;

/* What the terminal's charset can show (see the summary pane's choice). */
typedef struct ui_doc_glyphs {
	const char *bar;       /* one cell of a bar */
	const char *mark;      /* a missed commitment */
} ui_doc_glyphs;

/* Append the lines of d laid out in W cells to L (the title and facts are the pane's). */
void ui_doc_lines(const sd_doc *d, int W, const ui_doc_glyphs *g, ui_doclines *L);

/* Append a paragraph wrapped to W cells in style. */
void ui_doc_para(ui_doclines *L, int W, int style, const char *text);

/* Draw lines top.. of L into rows rows from (y, x), each at most W cells. */
void ui_doc_draw(const ui_doclines *L, int top, int rows, int y, int x, int W);

void ui_doclines_free(ui_doclines *L);

#endif
