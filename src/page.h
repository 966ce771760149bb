/*
 * page.h — printed pages of plain text: a fixed number of lines per page, a
 * page header and an optional footer that know the page number and the page
 * count, form feeds between pages, and tables whose rows are never split and
 * whose column heads are repeated at the top of the next page when a table
 * goes on there. Used by the text renderer of documents (doc_out.c).
 *
 * The document is collected first and laid out at the end (page_render),
 * when the page count is known. All text is UTF-8; each line is one line
 * (no newline inside). Columns are laid out by display width (text.h).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_PAGE_H
#define SERVDESK_PAGE_H

#include <stdbool.h>
#include "buf.h"

typedef struct page_doc page_doc;

/*
 * Writes the header or footer lines of page `page` (1-based) of `pages` to
 * out, each line ending in '\n'. It must write exactly the number of lines
 * given to page_new.
 */
typedef void (*page_deco_fn)(buf *out, long page, long pages, void *arg);

/*
 * A new document: `length` lines per page (header and footer included),
 * header_lines written by header on top of every page, footer_lines written
 * by footer at the bottom (0 and NULL: none). With pad, every page is filled
 * with empty lines up to the footer, so that each page has exactly `length`
 * lines; without, a page ends after its last line. length is raised to
 * header + footer + 3 lines where it is smaller. Never NULL.
 */
page_doc *page_new(int length, int header_lines, page_deco_fn header, int footer_lines,
                   page_deco_fn footer, bool pad, void *arg);
void page_free(page_doc *d);

/*
 * Add one line of text (copied). Outside a table it goes where it falls; a
 * blank line (page_line or page_keep_line) that would open a page is dropped.
 */
void page_line(page_doc *d, const char *line);

/*
 * Add one line that stays on the page of what follows it (a section title):
 * where the title, the table's heads and one row would not fit on the rest
 * of the page, they all go to the next page.
 */
void page_keep_line(page_doc *d, const char *line);

/*
 * Begin a table whose heads are the lines in heads (separated by '\n',
 * without a final newline; copied). The heads are written now and again at
 * the top of each page the table goes on to. page_table_end ends it.
 */
void page_table(page_doc *d, const char *heads);
void page_table_end(page_doc *d);

/* Add a row (one line) to the open table; it is never split from its heads. */
void page_row(page_doc *d, const char *line);

/* Start a new page (unless the current one is still empty). */
void page_break(page_doc *d);

/* The number of pages the document takes (after everything was added). */
long page_count(page_doc *d);

/*
 * Lay the document out into out (appended): pages separated by a form feed
 * ('\f' at the start of every page but the first), each line ending in '\n'.
 * An empty document is one page with header and footer.
 */
void page_render(page_doc *d, buf *out);

/*
 * Append to b the text s fitted to exactly `cells` display cells: cut with
 * an ellipsis where wider (text_fit), padded with spaces on the right (or,
 * with right, on the left). Stored text is sanitised on the way.
 */
void page_cell(buf *b, const char *s, int cells, bool right);

/* Append s centred in width cells (left-padded only; no trailing spaces). */
void page_center(buf *b, const char *s, int width);

#endif
