/*
 * out.h — what the command line writes: text in the terminal's encoding,
 * error lines, tables aligned by display width, JSON strings.
 *
 * Everything handed to these functions is UTF-8. Text for people (tables,
 * the text of `request show`, messages) is sanitised and converted to the
 * locale's charset (GB18030 in a zh_CN.GB18030 locale); JSON is always UTF-8.
 * No curses.
 */
#ifndef SERVDESK_OUT_H
#define SERVDESK_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "buf.h"
#include "common.h"

/*
 * Write the UTF-8 text s (len bytes) to fp, converted to the locale's charset
 * when that is GB18030 (characters it cannot hold become '?'). The text is
 * written as given to files and pipes (callers sanitise stored text for
 * people first); to a terminal it is made harmless on the way
 * (text_for_terminal: CSV and JSON shown, never raw escapes). Returns SD_OK,
 * or SD_IOERR if the write failed.
 */
int out_write(FILE *fp, const char *s, size_t len);

/* out_write of a printf-formatted UTF-8 string. */
int out_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Write raw bytes to fp without any conversion (JSON, exports in an
 * explicitly chosen encoding); to a terminal, made harmless first
 * (text_for_terminal). Returns SD_OK or SD_IOERR.
 */
int out_raw(FILE *fp, const char *s, size_t len);

/*
 * Print one error line on stderr: "servdesk: " followed by the formatted
 * message, sanitised (no control characters reach the terminal) and
 * converted to the locale's charset.
 */
void out_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like out_error, with "warning: " (translated) before the message. */
void out_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like out_error, for a note that is not an error ("imported 3 requests"). */
void out_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Text that comes from the system in the locale's charset (strerror, file
 * names) as UTF-8: converted from GB18030 in such a locale, copied
 * otherwise (invalid bytes are left for the sanitiser). Never NULL; free it.
 */
char *out_from_locale(const char *s);

/* Flush fp; SD_IOERR (with err filled, naming what) if anything failed. */
int out_flush(FILE *fp, const char *what, sd_err *err);

/* ---------------------------------------------------------------- tables */

typedef struct out_table out_table;

/*
 * A table of ncols columns with the given (translated, UTF-8) headers.
 * caps[i] is the largest width in cells of column i (0: no cap); caps may
 * be NULL. Headers are copied.
 */
out_table *out_table_new(size_t ncols, const char *const *headers, const int *caps);

/* Add a row of ncols cells (copied; NULL is an empty cell). */
void out_table_add(out_table *t, const char *const *cells);

/* Number of rows added. */
size_t out_table_rows(const out_table *t);

/*
 * Write the table to fp through out_write: a header line, then one line per
 * row. Each column is as wide as its widest cell (header included, up to its
 * cap); cells are sanitised and cut with an ellipsis where wider (text_fit),
 * columns are separated by two spaces, and lines carry no trailing spaces.
 * Returns SD_OK or SD_IOERR.
 */
int out_table_print(const out_table *t, FILE *fp);

void out_table_free(out_table *t);

/* ---------------------------------------------------------------- records */

/*
 * Append one "Label:  value" line of a record shown to people to b: the
 * label and a colon, then the value starting labw + 3 cells from the left
 * (labw: the width of the widest label, out_label_width), sanitised
 * (text_sanitize, newlines kept) with every continuation line indented to
 * the value's column. NULL is an empty value.
 */
void out_label_line(buf *b, const char *label, const char *value, int labw);

/* The width in cells of the widest of labels[0..n). */
int out_label_width(const char *const *labels, size_t n);

/* ---------------------------------------------------------------- JSON */

/*
 * JSON is written with the builder of json.h, which escapes strings in one
 * place (json_quote) and places commas and colons itself. These three are
 * json_quote and `"key":value` pieces, kept only for code written before the
 * builder; new code uses json.h.
 */
void out_json_str(buf *b, const char *s);
void out_json_kv(buf *b, const char *key, const char *value);
void out_json_kint(buf *b, const char *key, long long v);

#endif
