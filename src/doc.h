/*
 * doc.h — a document built once and rendered per format.
 *
 * Every printable or exportable piece of servdesk (the monthly summary, a
 * customer's year, the stocktake sheet, a ledger entry, the repair order, the
 * quotation, the service report) is built as an sd_doc by the code that owns
 * its figures, and written by one renderer per format: paginated text (80 or
 * 132 columns), CSV, JSON, XLSX and PDF. The builders copy every string they
 * are given; all text is UTF-8 (the caller converts the encoding of text and
 * CSV afterwards, as before).
 *
 * A document is a title, the site's name (the page header's right side), a
 * few facts about the whole document (doc_meta: the month, the customer), and
 * a list of sections. A section has a key (its name in CSV and JSON), a
 * heading for people, and blocks:
 *
 *   - figures: labelled single values ("Received in the month  12"), each with
 *     its own key and type; JSON writes them as members of the section's
 *     object, CSV as "section,figure,value" rows;
 *   - a table: typed columns and rows of cells; JSON writes an array of
 *     objects, CSV a header row and one row per row;
 *   - a note: a paragraph for people (text, PDF, XLSX); machine formats skip
 *     it unless it has a key.
 *
 * A column or a figure can be for people only (a translated name beside a
 * code) or for machines only (the code itself). Values are typed, never
 * pre-formatted: a count, money in fen, a share (numerator and denominator),
 * a duration in minutes, a date or a time, or text. A cell can be empty (no
 * value: "-" for people, null in JSON, empty in CSV) and can carry the mark of
 * a missed commitment. A table can carry a chart hint: bars of one numeric
 * column against a label column, drawn by the formats that draw.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_DOC_H
#define SERVDESK_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "common.h"

/* ---------------------------------------------------------------- values */

enum doc_type {
	DOC_TEXT,      /* s */
	DOC_COUNT,     /* n: a whole number */
	DOC_MONEY,     /* n: fen; people see yuan with two decimals */
	DOC_SHARE,     /* n / d as a percentage with `decimals` places; d == 0: empty */
	DOC_RATIO,     /* n / d as a plain number with `decimals` places; d == 0: empty */
	DOC_MINUTES,   /* n: a duration in minutes; people see h:mm */
	DOC_DATE,      /* s: YYYY-MM-DD */
	DOC_TIME,      /* s: YYYY-MM-DD HH:MM */
};

/* True for the types people read as numbers (right-aligned, numeric cells). */
bool doc_type_numeric(enum doc_type t);

typedef struct doc_cell {
	bool empty;          /* no value */
	bool blank;          /* with empty: shown as nothing rather than "-" (a cell left open) */
	bool mark;           /* a missed commitment */
	long long n, d;      /* COUNT, MONEY, MINUTES: n; SHARE, RATIO: n / d */
	char *s;             /* TEXT, DATE, TIME (owned; NULL is empty) */
} doc_cell;

/* Cell constructors (strings are copied when the cell is added). */
doc_cell doc_text(const char *s);         /* NULL: empty */
doc_cell doc_count(long long n);
doc_cell doc_money(int64_t fen);
doc_cell doc_share(long long n, long long d);   /* d <= 0: empty */
doc_cell doc_ratio(long long n, long long d);   /* d <= 0: empty */
doc_cell doc_minutes(long minutes);       /* < 0: empty */
doc_cell doc_date(const char *s);         /* NULL or "": empty */
doc_cell doc_time(const char *s);         /* NULL or "": empty */
doc_cell doc_empty(void);
doc_cell doc_blank(void);                 /* empty, and people see nothing (not "-") */
doc_cell doc_marked(doc_cell c, bool mark);

/*
 * The cell as people read it, UTF-8, appended to b: text as is (not yet
 * sanitised), counts in digits, money as yuan with two decimals, shares as
 * "75.0%", durations as "h:mm", empty as "-" (blank: nothing). The mark is not included
 * (each renderer draws it its own way). `decimals` applies to SHARE and RATIO.
 */
void doc_cell_format(buf *b, const doc_cell *c, enum doc_type t, int decimals);

/* ---------------------------------------------------------------- structure */

enum {
	DOC_PEOPLE = 1u << 0,    /* only in text, PDF and XLSX */
	DOC_MACHINE = 1u << 1,   /* only in CSV and JSON */
	DOC_MARKS = 1u << 2,     /* cells can carry the mark: CSV and JSON add "<key>_missed" */
	DOC_RIGHT = 1u << 3,     /* a text column people read right-aligned ("3/4") */
};

typedef struct doc_col {
	char *key;               /* CSV header / JSON member name */
	char *head;              /* heading for people (translated) */
	enum doc_type type;
	int decimals;            /* SHARE and RATIO */
	int w80, w132;           /* width in cells in 80- and 132-column text; 0: not shown there */
	unsigned flags;          /* DOC_PEOPLE, DOC_MACHINE, or 0 for both */
} doc_col;

typedef struct doc_figure {
	char *key;
	char *label;             /* for people (translated) */
	enum doc_type type;
	int decimals;
	unsigned flags;
	doc_cell value;
} doc_figure;

enum doc_block_kind { DOC_FIGURES, DOC_TABLE, DOC_NOTE };

typedef struct doc_chart {
	bool on;
	size_t label_col;        /* the column naming each bar */
	size_t value_col;        /* the numeric column the bars measure */
	char *title;             /* translated; NULL: the value column's heading */
} doc_chart;

typedef struct doc_block {
	enum doc_block_kind kind;
	char *key;               /* CSV/JSON name; NULL for figures (members of the section) and notes */
	char *heading;           /* optional line for people above the block */
	/* DOC_FIGURES */
	doc_figure *figs;
	size_t nfigs, figcap;
	/* DOC_TABLE */
	doc_col *cols;
	size_t ncols;
	doc_cell *cells;         /* nrows * ncols, row by row */
	size_t nrows, rowcap;
	size_t foot;             /* the last `foot` rows close the table for people (totals,
	                            "other ..."): text, PDF, XLSX; CSV and JSON give them as figures */
	doc_chart chart;
	/* DOC_NOTE */
	char *text;              /* may hold newlines */
	bool legend;             /* says what the mark means: people see the mark before it */
} doc_block;

typedef struct doc_section {
	char *key;
	char *heading;           /* translated; NULL: no heading */
	doc_block *blocks;
	size_t nblocks, cap;
} doc_section;

typedef struct doc_meta {
	char *key;
	char *label;
	doc_cell value;
	enum doc_type type;
} doc_meta;

typedef struct sd_doc {
	char *kind;              /* "monthly", "customer_year", "stocktake", ... (JSON "document") */
	char *title;             /* translated */
	char *site;              /* the site's name, the page header's right side */
	bool landscape;          /* PDF: A4 landscape (wide tables) */
	doc_meta *meta;
	size_t nmeta, metacap;
	doc_section *sections;
	size_t nsections, cap;
} sd_doc;

sd_doc *doc_new(const char *kind, const char *title, const char *site);
void doc_free(sd_doc *d);

/* A fact about the whole document (JSON top level, CSV "document" rows, the PDF/XLSX cover lines). */
void doc_add_meta(sd_doc *d, const char *key, const char *label, enum doc_type type, doc_cell value);

/* Start a new section; later blocks go into it. Returns it. */
doc_section *doc_section_add(sd_doc *d, const char *key, const char *heading);

/* The section blocks are added to (the last one; a section "main" is made if none). */
doc_section *doc_current(sd_doc *d);

/* A figures block in the current section; figures are added to the last figures block. */
doc_block *doc_figures(sd_doc *d, const char *heading);
void doc_figure_add(sd_doc *d, const char *key, const char *label, enum doc_type type, int decimals,
                    unsigned flags, doc_cell value);

/*
 * A table in the current section with ncols columns (copied). Rows are added
 * with doc_row: exactly ncols cells, whose strings are copied.
 */
doc_block *doc_table(sd_doc *d, const char *key, const char *heading, const doc_col *cols, size_t ncols);
void doc_row(doc_block *t, const doc_cell *cells);

/* A closing row for people (doc_block.foot), added after every doc_row. */
void doc_row_foot(doc_block *t, const doc_cell *cells);

/* Bars of value_col labelled by label_col, for the formats that draw. */
void doc_chart_hint(doc_block *t, size_t label_col, size_t value_col, const char *title);

/* A paragraph for people in the current section (key NULL: people only). */
doc_block *doc_note(sd_doc *d, const char *key, const char *text);

/* A note for people saying what the mark of a missed commitment means ("a commitment was missed"). */
doc_block *doc_legend(sd_doc *d, const char *text);

/* A note's text as people read it with mark as the renderer draws it (newly allocated). */
char *doc_note_text(const doc_block *b, const char *mark);

/* The cell at row r, column c of a table. */
const doc_cell *doc_at(const doc_block *t, size_t r, size_t c);

/* ---------------------------------------------------------------- rendering */

#define DOC_PAGE_LINES 66         /* text: the default page length */

enum doc_format { DOCF_TEXT, DOCF_CSV, DOCF_JSON, DOCF_XLSX, DOCF_PDF };

typedef struct doc_opts {
	enum doc_format format;
	int width;               /* text: 80 or 132 */
	int page_lines;          /* text: lines per page (0: DOC_PAGE_LINES) */
	const char *mark;        /* the mark people see for a missed commitment ("*" when NULL) */
	long *pages;             /* text and PDF: if not NULL, set to the pages written */
} doc_opts;

/*
 * Write d in o->format, appended to out (UTF-8 text for text, CSV and JSON;
 * the bytes of the file for XLSX and PDF). SD_OK, or an error in err (a
 * renderer that cannot run: SD_INTERNAL / SD_IOERR with what failed).
 */
int doc_render(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);

/* The renderers (doc_render dispatches). */
int doc_render_text(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
int doc_render_csv(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
int doc_render_json(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
int doc_render_xlsx(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
int doc_render_pdf(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);

#endif
