/*
 * csvtab.h — what the CSV importers and exporters of the registers share.
 *
 * An importer describes its file with a table of known columns (English code
 * as exported, Chinese titles accepted on import). csvtab reads the whole
 * file, converts it to UTF-8 (enc.h), maps the header row onto the table and
 * hands out the records with the number of fields checked; the importer
 * turns each record into its own record type and runs its own transaction.
 * Every error names the file and line, and the field where there is one:
 *   "FILE: line L, field F: problem"   (F as written in the file's header)
 *   "FILE: line L: problem"
 *
 * An exporter writes through a csvtab_writer: RFC 4180 records (csv.h),
 * UTF-8 with a BOM or GB18030, converted and written in chunks.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CSVTAB_H
#define SERVDESK_CSVTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "common.h"
#include "csv.h"
#include "enc.h"
#include "valid.h"

/*
 * One known column. A table is an array of these ended by an entry whose
 * code is NULL; a column is named by its index in the table.
 */
typedef struct csvtab_column {
	const char *code;         /* English header, as exported; matched ignoring ASCII case */
	const char *zh[3];        /* Chinese titles accepted on import (exact match), NULL-padded */
	bool required;            /* the header must have it */
	const char *label;        /* the core's untranslated label for the field, as in its
	                             messages "label: problem" (csvtab_core_error); NULL if none */
} csvtab_column;

/* The column index that names the first numbered extra column (csvtab_row_error). */
#define CSVTAB_EXTRA (-1)

/*
 * Recognises a numbered extra column (such as "item3") by its trimmed header
 * name: returns its number (1 or more), or 0 if name is not one.
 */
typedef long (*csvtab_extra_fn)(const char *name);

/* How a file's columns map to the known ones. */
typedef struct csvtab_layout {
	const csvtab_column *cols; /* the table */
	size_t ncols;              /* fields per record */
	char **names;              /* header names as written (trimmed), for messages */
	int *where;                /* per known column: its file column, -1 if absent */
	size_t *extra;             /* file columns of the numbered extra columns, by number */
	long *extrano;             /* their numbers, ascending */
	size_t nextra;
} csvtab_layout;

/* ASCII-only case-insensitive equality of two strings (other bytes must be equal). */
bool csvtab_caseeq(const char *a, const char *b);

/*
 * Map the header record f[0..n) (read at line `line` of path) onto the table
 * cols into *l (which must be zeroed; free it with csvtab_layout_free even on
 * failure). Names are trimmed; a name that matches no column and is not an
 * extra column (extra may be NULL: none) is refused, as is a second column
 * for the same known column or extra number, then a missing required column,
 * in that order. Returns SD_OK, or SD_DATAERR with err like
 *   "FILE: line 1, field 型号X: unknown column"
 *   "FILE: line 1: missing required column serial"
 */
int csvtab_read_header(csvtab_layout *l, const csvtab_column *cols, csvtab_extra_fn extra,
                       const char *path, long line, char **f, size_t n, sd_err *err);

/* Free what csvtab_read_header allocated and zero *l. */
void csvtab_layout_free(csvtab_layout *l);

/* The field of known column c in record f, or NULL if the file has no such column. */
const char *csvtab_value(const csvtab_layout *l, char **f, int c);

/* The field of known column c in record f, trimmed, "" if absent; malloc'd. */
char *csvtab_trimmed(const csvtab_layout *l, char **f, int c);

/*
 * Record SD_DATAERR in err: "path: line L, field F: problem", F being the
 * file's header name of known column c (its code if the file lacks it), or
 * of the first extra column for CSVTAB_EXTRA. Returns SD_DATAERR.
 */
int csvtab_row_error(const csvtab_layout *l, const char *path, long line, int c,
                     const char *problem, sd_err *err);

/*
 * Report a core module's verdict verr (status rc) on line `line`: if rc is
 * SD_DATAERR and verr->msg reads "label: problem" with the translated label
 * of a column, as csvtab_row_error against that column; otherwise
 * "path: line L: message" with status rc. verr may be err itself. Returns rc
 * (SD_DATAERR in the first case).
 */
int csvtab_core_error(const csvtab_layout *l, const char *path, long line, int rc,
                      const sd_err *verr, sd_err *err);

/* ---------------------------------------------------------------- reading a file */

/*
 * What an import reads of one record before it gives up, in bytes as they
 * are in the file: a field can hold at most SD_TEXT_MAX characters of at
 * most 4 bytes each (valid.h), between quotes; a record at most 1 MiB.
 * A file is refused ("path: line L, field F: ...") as soon as it passes
 * either, or holds a NUL byte, so memory stays bounded whatever it holds.
 */
#define CSVTAB_FIELD_MAX_BYTES (4 * SD_TEXT_MAX + 16)
#define CSVTAB_RECORD_MAX_BYTES (1 << 20)

/* A CSV file being imported. */
typedef struct csvtab_file {
	const char *path;     /* as given (not copied) */
	char *text;           /* the whole file in UTF-8, when it is not a regular file */
	void *map;            /* else its UTF-8 text mapped (the file, or a converted copy) */
	size_t map_len, released;   /* the mapping's length; what has been given back */
	csv_reader *rd;
	csvtab_layout l;      /* the header's layout */
} csvtab_file;

/*
 * Open the file path (within the limits above), convert it from enc (ENC_AUTO
 * detects) to UTF-8 and read its header against cols and extra
 * (csvtab_read_header). A regular file is read in pieces and never held
 * whole, however large (its UTF-8 text is mapped: the file itself, or a
 * converted copy in an unlinked temporary file); a pipe is read into memory.
 * Returns
 * SD_OK with *cf ready for csvtab_next, or on failure (nothing left to free):
 * SD_NOINPUT "path: cannot open: reason", SD_IOERR "path: cannot read:
 * reason", enc_to_utf8's errors, csv_next's SD_DATAERR, SD_DATAERR
 * "path: line 1: no header row" for an empty file, or the header's errors.
 */
int csvtab_open(csvtab_file *cf, const char *path, sd_encoding enc, const csvtab_column *cols,
                csvtab_extra_fn extra, sd_err *err);

/*
 * The next record: 1 with *f (owned by the reader, valid until the next
 * call) and *line (where it starts); 0 at the end; -1 with err filled
 * (SD_DATAERR: csv_next's faults, or "path: line L: N fields, but the header
 * has M").
 */
int csvtab_next(csvtab_file *cf, char ***f, long *line, sd_err *err);

/* Free what csvtab_open allocated; harmless on a zeroed or closed *cf. */
void csvtab_close(csvtab_file *cf);

/* ---------------------------------------------------------------- keys seen */

/* The keys (names, numbers) met so far in a file, with their lines. Zero it to start. */
typedef struct csvtab_seen {
	char **key;           /* open addressing; NULL is a free slot */
	long *line;
	size_t cap, n;
} csvtab_seen;

/* The line of key if already seen; else records key with line (> 0) and returns 0. */
long csvtab_seen_add(csvtab_seen *s, const char *key, long line);

/* Free the keys and zero *s. */
void csvtab_seen_free(csvtab_seen *s);

/*
 * Refuse a key (of known column c) already met on an earlier line of the
 * file: SD_DATAERR "path: line L, field F: KEY is already on line P".
 * SD_OK if new, and for an empty key (which is not recorded).
 */
int csvtab_key_once(const csvtab_layout *l, csvtab_seen *seen, const char *path, long line,
                    int c, const char *key, sd_err *err);

/* ---------------------------------------------------------------- field helpers */

/*
 * A yes/no field: 1 for 1, yes, y, true, 是; 0 for 0, no, n, false, 否
 * (ASCII case ignored, surrounding spaces trimmed); `empty` for an empty
 * field; -1 for anything else.
 */
int csvtab_parse_flag(const char *s, int empty);

/* Replace *dst (malloc'd or NULL) by a copy of v when the file has the column (v not NULL). */
void csvtab_take(char **dst, const char *v);

/* ---------------------------------------------------------------- export */

/* An export in progress. */
typedef struct csvtab_writer {
	FILE *out;
	sd_encoding enc;      /* ENC_UTF8 or ENC_GB18030 */
	buf csv;              /* UTF-8 records not yet written */
	long rows;            /* records counted by csvtab_row_done */
	sd_err *err;
} csvtab_writer;

/*
 * Start an export to out in enc (ENC_GB18030, else UTF-8 with a BOM): clears
 * err, sets *count (if not NULL) to 0 and puts the BOM. Nothing is written
 * to out before csvtab_row_done or csvtab_writer_end. Files and pipes get
 * the data byte for byte; a terminal gets it made harmless
 * (text_for_terminal), never raw escape sequences.
 */
void csvtab_writer_start(csvtab_writer *w, FILE *out, sd_encoding enc, long *count, sd_err *err);

/*
 * Put the header record: the codes of the table cols, then, if numbered is
 * not NULL, the columns numbered1 .. numbered<nnumbered>.
 */
void csvtab_put_header(csvtab_writer *w, const csvtab_column *cols, const char *numbered,
                       size_t nnumbered);

/* Put one record of n fields (NULL is an empty field). */
void csvtab_put_record(csvtab_writer *w, const char *const *v, size_t n);

/*
 * After a record: count it and, once 64 KiB have gathered, convert and write
 * them. SD_OK, or enc_from_utf8's error, or SD_IOERR "cannot write the
 * export: reason".
 */
int csvtab_row_done(csvtab_writer *w);

/*
 * Finish the export begun with status rc: if rc is SD_OK, convert and write
 * what is left and flush out (failures as for csvtab_row_done); free the
 * writer; on success set *count (if not NULL) to the records counted.
 * Returns the final status.
 */
int csvtab_writer_end(csvtab_writer *w, int rc, long *count);

#endif
