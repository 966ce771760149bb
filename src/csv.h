/*
 * csv.h — RFC 4180 CSV over UTF-8 text in memory: a reader that reports the
 * line and field of every fault, and a writer that quotes only where needed.
 *
 * Reader rules: fields are separated by ',' and records end with CRLF or LF
 * (a lone CR is taken as a line end too). A field that starts with '"' is
 * quoted: it may hold commas, quotes written as "" and line ends (a CRLF
 * inside a quoted field is stored as LF). A quote inside an unquoted field, or
 * text after the closing quote of a quoted field, is an error. A NUL byte is
 * an error. A final line end is optional; a completely empty line at the end
 * of the file is not a record. Empty lines elsewhere are records with one
 * empty field (and so usually a "wrong number of fields" error for callers).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CSV_H
#define SERVDESK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "common.h"

typedef struct csv_reader csv_reader;

/*
 * Start reading the UTF-8 text data[0..len) (not copied: it must outlive the
 * reader). name is the file name used in error messages.
 */
csv_reader *csv_reader_new(const char *name, const char *data, size_t len);
void csv_reader_free(csv_reader *r);

/*
 * Read the next record. Returns 1 with *fields (array of NUL-terminated
 * strings owned by the reader, valid until the next call) and *nfields set;
 * 0 at the end of input; -1 on bad input, with err->status SD_DATAERR and
 * err->msg like
 *   "requests.csv: line 7, field 3: unterminated quoted field"
 * Lines are the physical line numbers where the record starts; fields count
 * from 1.
 */
int csv_next(csv_reader *r, char ***fields, size_t *nfields, sd_err *err);

/* Physical line number (1-based) at which the last record returned started. */
/* How far the reader has read (bytes of its text), and the text's length. */
size_t csv_pos(const csv_reader *r);
size_t csv_len(const csv_reader *r);
long csv_line(const csv_reader *r);

/* Append one field to b, quoting it if it holds ',', '"', CR, LF, or leading/trailing space. */
void csv_put_field(buf *b, const char *s);

/* Append a whole record (fields separated by ',', ending with CRLF). */
void csv_put_record(buf *b, const char *const *fields, size_t n);

#endif
