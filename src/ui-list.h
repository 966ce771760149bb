/*
 * ui-list.h — the list part and the detail part that the desk's panes share.
 *
 * The list pages through a register: only a window of up to UI_LIST_MAX rows
 * around the screen is held, fetched by keyset paging (PAGE_FIRST, PAGE_LAST,
 * PAGE_AFTER, PAGE_BEFORE of intake.h) with the interrupt check on, so that
 * a key pressed during a slow query cancels it; the query is redone when the
 * desk is idle. It keeps the selected row on the screen, moves by rows and
 * pages (fetching more rows at the edges of the window), reloads around the
 * row shown after a change or a resize, and selects a row by a mouse click.
 *
 * A pane describes its rows by a table of callbacks (ui_list_ops) over
 * opaque row storage of a given size; it keeps its columns, the drawing of a
 * row, its detail and its actions. The detail part shows lines the pane
 * builds (ui_dlines) and scrolls them when it has the focus.
 */
#ifndef SERVDESK_UI_LIST_H
#define SERVDESK_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "intake.h"
#include "ui-pane.h"

#define UI_LIST_MAX 400    /* rows held around the screen */
#define UI_COLS_MAX 12     /* columns of a list */

/* ---------------------------------------------------------------- columns */

/* Where the columns of a list stand (cells relative to the list's left edge). */
typedef struct ui_cols {
	int n;                  /* columns */
	int x[UI_COLS_MAX];     /* left cell of each */
	int w[UI_COLS_MAX];     /* cells of each; 0: not shown */
	unsigned right;         /* bit i: column i is right-aligned (its heading too) */
} ui_cols;

/*
 * Choose the columns that fit in width cells. Column i takes w[i] cells, or
 * minw[i] where w[i] is 0 (the flexible columns); columns stand one cell
 * apart. While they do not fit, the columns in drop[0..ndrop) are left off
 * in that order. Sets on[0..n) and returns the cells left over (0 or more),
 * for the pane to share out among its flexible columns.
 */
int ui_cols_fit(int n, const int *w, const int *minw, const int *drop, size_t ndrop,
                int width, bool *on);

/*
 * Fill L with n columns of w[i] cells where on[i] (0 cells where not), one
 * cell apart, from cell 0. L->right is cleared.
 */
void ui_cols_place(ui_cols *L, int n, const int *w, const bool *on);

/*
 * Draw text in column col of L on screen row y of the list rectangle r with
 * style (ui_put: sanitised, cut, padded; right-aligned where L->right says
 * so). Nothing if the column is not shown; cut at the right edge of r.
 */
void ui_cols_cell(const ui_cols *L, ui_rect r, int y, int col, int style, const char *text);

/* The widest of name(0..n-1) in display cells. */
int ui_max_name_width(const char *(*name)(int), int n);

/* ---------------------------------------------------------------- detail lines */

/* One line of a detail part, with its style (enum ui_style). */
typedef struct ui_dline {
	char *text;             /* UTF-8, owned */
	int style;
} ui_dline;

typedef struct ui_dlines {
	ui_dline *l;
	size_t n, cap;
} ui_dlines;

/* Append line (taken over: malloc'd UTF-8) with style. */
void ui_dl_add(ui_dlines *d, char *line, int style);

/*
 * Append "label value": the label fitted to lw cells (at most 60), then the
 * value wrapped to the rest of width under itself. Nothing for a NULL or
 * empty value.
 */
void ui_dl_field(ui_dlines *d, int lw, int width, const char *label, const char *value);

/* Append a heading line (style UI_S_HEADER), after a blank line unless first. */
void ui_dl_heading(ui_dlines *d, const char *title);

/*
 * Add one paragraph of text (sanitised) wrapped to width cells as Chinese
 * text is broken (text_line_break): its first line indented by lead cells,
 * the others by indent cells (a hanging indent where indent > lead).
 */
void ui_dl_hang(ui_dlines *d, int width, int lead, int indent, const char *text);

/* Free the lines and empty d. */
void ui_dl_free(ui_dlines *d);

/* The label width of a detail: the widest of labels[0..n), at most width / 3. */
int ui_dl_label_width(const char *const *labels, size_t n, int width);

/* ---------------------------------------------------------------- the list */

/*
 * The list's own actions. A pane binds them in its key table (UI_LIST_KEYS)
 * and numbers its other actions from UI_LIST_ACTIONS.
 */
enum ui_list_action {
	UI_LIST_UP = 1, UI_LIST_DOWN, UI_LIST_PGUP, UI_LIST_PGDN, UI_LIST_HOME, UI_LIST_END,
	UI_LIST_DETAIL, UI_LIST_ACTIONS
};

/* The key table entries of the list's actions, with the pane's N_() words for its rows. */
#define UI_LIST_KEYS(prev, next, first, last) \
	{ UI_LIST_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, prev }, \
	{ UI_LIST_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, next }, \
	{ UI_LIST_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("page up") }, \
	{ UI_LIST_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f') }, "PgDn, ^F", NULL, N_("page down") }, \
	{ UI_LIST_HOME, { UI_FK(KEY_HOME), 'g' }, "Home, g", NULL, first }, \
	{ UI_LIST_END, { UI_FK(KEY_END), 'G' }, "End, G", NULL, last }, \
	{ UI_LIST_DETAIL, { '\r', '\t', UI_FK(KEY_ENTER) }, "Enter, Tab", NULL, \
	  N_("scroll the detail (Tab or Esc returns to the list)") }

/*
 * What a pane tells the list about its rows. owner is the pane's state,
 * given to ui_list_init; rows are opaque blocks of row_size bytes.
 */
typedef struct ui_list_ops {
	size_t row_size;
	/*
	 * Fetch up to limit rows in list order relative to anchor (a row of the
	 * list; NULL for PAGE_FIRST and PAGE_LAST) into rows (zeroed), the count
	 * into *n, as intake_page does. Returns SD_OK, or a status with err set
	 * (SD_INTERNAL "interrupted" when a key cancelled the query).
	 */
	int (*fetch)(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor,
	             int limit, void *rows, int *n, sd_err *err);
	/* Free what a row holds (not the row's storage). */
	void (*free_row)(void *row);
	/*
	 * The identity of a row, to keep it selected across reloads: a string
	 * that lives as long as the row, or written into scratch (size bytes).
	 */
	const char *(*ident)(const void *row, char *scratch, size_t size);
	/* Drop what the pane holds about the selected row (its detail); may be NULL. */
	void (*forget)(void *owner);
	/* The N_() column headings (as many as layout gives columns). */
	const char *const *heads;
	/* Lay out the columns for a list width cells wide. */
	void (*layout)(void *owner, int width, ui_cols *L);
	/*
	 * Draw row on screen row y of the list rectangle r in the columns L;
	 * selected: the row is the selected one. The row's whole width is the
	 * pane's to fill (background included).
	 */
	void (*draw_row)(void *owner, const void *row, bool selected, int y, ui_rect r,
	                 const ui_cols *L);
	/* The (translated) line shown when the list is empty. */
	const char *(*empty)(void *owner);
	/*
	 * Load the selected row in full unless it is loaded (a failure goes to
	 * the status line); false if there is none to show.
	 */
	bool (*load)(ui_ctx *c, void *owner);
	/* Append the detail lines of the row loaded, for width cells, to d. */
	void (*build)(const void *owner, int width, ui_dlines *d);
} ui_list_ops;

/* A list and its detail part. Fields are read by the panes; the functions change them. */
typedef struct ui_list {
	const ui_list_ops *ops;
	void *owner;            /* the pane's state: the callbacks' owner */
	unsigned char *win;     /* UI_LIST_MAX rows, in list order */
	unsigned char *tmp;     /* room for one fetch: UI_LIST_MAX / 2 + 1 rows */
	int n;                  /* rows in win */
	int sel;                /* selected row in win (-1: none) */
	int top;                /* first row shown */
	bool stale;             /* a query was interrupted: redo `redo` when idle */
	int redo;               /* what to redo (private) */
	int dscroll;            /* detail scroll offset (lines); 0 when the pane drops its detail */
	int dlines;             /* detail lines at the last draw */
} ui_list;

/* Set up an empty list (nothing is fetched) of the rows ops describes for owner. */
void ui_list_init(ui_list *l, const ui_list_ops *ops, void *owner);

/* Free the rows held and the list's storage. */
void ui_list_free(ui_list *l);

/* Row i of the window (0 <= i < l->n). */
void *ui_list_row(const ui_list *l, int i);

/* The selected row, or NULL if none. */
void *ui_list_selected(const ui_list *l);

/* Rows the list part shows at once (its height less the heading; at least 1). */
int ui_list_visible(const ui_ctx *c);

/*
 * Load the first page (last false) or the last page of the list and select
 * its first or last row. If a key cancels the query, it is redone when idle;
 * a failure is reported on the status line and the window stays as it was.
 */
void ui_list_load_edge(ui_list *l, ui_ctx *c, bool last);

/* Move the selection by delta rows, fetching rows beyond the window. */
void ui_list_move(ui_list *l, ui_ctx *c, int delta);

/*
 * Reload the window around the rows shown (after a change or a resize),
 * keeping the selected row selected where it is still in the list; calls
 * ops->forget first.
 */
void ui_list_reload(ui_list *l, ui_ctx *c);

/*
 * Load the list from the top and select the row whose identity is ident,
 * scanning a bounded number of rows (calls ops->forget first). Returns false
 * if it was not found (not in the list as filtered, or too far down).
 */
bool ui_list_find(ui_list *l, ui_ctx *c, const char *ident);

/*
 * Load the window from anchor (a row, possibly made up, that the pane's
 * fetch can page from: the row before it first, so that Up works at once)
 * and select the row whose identity is ident (calls ops->forget first).
 * Returns false if that row is not in the list, or if the query was
 * cancelled (the list is then loaded from the top when idle).
 */
bool ui_list_find_at(ui_list *l, ui_ctx *c, const void *anchor, const char *ident);

/*
 * Load the selected row in full (ops->load), read again from the database
 * if fresh (ops->forget first: another desk may have changed it). Returns
 * false with none (a message) on the status line if no row is selected.
 */
bool ui_list_selection(ui_list *l, ui_ctx *c, bool fresh, const char *none);

/* Redo an interrupted query (the pane's idle operation). */
void ui_list_idle(ui_list *l, ui_ctx *c);

/* Forget the detail, take the focus from it and load the list from the top (a new filter). */
void ui_list_refilter(ui_list *l, ui_ctx *c);

/*
 * Incremental search: ask for the text on the status line, the list loaded
 * from the top after each change. *search (malloc'd, NULL for none) is the
 * text in force, which fetch is to use; Esc clears it.
 */
void ui_list_search(ui_list *l, ui_ctx *c, char **search);

/* Draw the list part in c->list and the detail part in c->detail. */
void ui_list_draw(ui_list *l, ui_ctx *c);

/*
 * Handle a key of the list or of the detail part. act is the action the
 * pane's key table binds to key (or -1). Keys go to the detail part while it
 * has the focus (scrolling; Tab, Esc, Enter and Left return to the list).
 * Returns true if used.
 */
bool ui_list_key(ui_list *l, ui_ctx *c, int key, int act);

/* A mouse click at screen (y, x): select a row of the list, or focus the detail. */
void ui_list_click(ui_list *l, ui_ctx *c, int y, int x);

/*
 * The pane operations (ui_pane_ops) reload, idle, draw and click of a pane
 * whose private state begins with its ui_list: ui_list_reload, ui_list_idle,
 * ui_list_draw and ui_list_click on that list.
 */
void ui_list_pane_reload(ui_ctx *c, void *priv);
void ui_list_pane_idle(ui_ctx *c, void *priv);
void ui_list_pane_draw(ui_ctx *c, void *priv);
void ui_list_pane_click(ui_ctx *c, void *priv, int y, int x);

#endif
