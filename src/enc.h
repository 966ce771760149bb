/*
 * enc.h — character encodings at the edges: files and terminals in UTF-8 or
 * GB18030 (which includes GBK and GB2312) to and from servdesk's internal
 * UTF-8, through the C library's iconv.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_ENC_H
#define SERVDESK_ENC_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"

typedef enum sd_encoding {
	ENC_AUTO = 0,   /* detect: BOM -> UTF-8; valid UTF-8 -> UTF-8; else strict GB18030 */
	ENC_UTF8,
	ENC_GB18030
} sd_encoding;

/*
 * Parse an encoding name as given on the command line: "auto", "utf-8"/"utf8",
 * "gb18030" (also "gbk", "gb2312", "cp936", which are subsets read as
 * GB18030), case-insensitive. Returns 0 and sets *out, or -1 if unknown.
 */
int enc_parse(const char *name, sd_encoding *out);

/* Canonical name of an encoding: "auto", "utf-8", "gb18030". */
const char *enc_name(sd_encoding enc);

/*
 * Convert a whole input buffer (file contents) to UTF-8.
 * enc may be ENC_AUTO: a UTF-8 BOM selects UTF-8, valid UTF-8 selects UTF-8,
 * otherwise strict GB18030 is tried. A leading UTF-8 BOM is always dropped.
 * On success returns SD_OK, sets *out (malloc'd, NUL-terminated) and *outlen,
 * and *used (if not NULL) to the encoding found.
 * On bad input returns SD_DATAERR, and err->msg names `name` (the file name),
 * the line (1-based, counted in the input) and the byte offset of the first
 * invalid or truncated sequence, e.g.
 *   "orders.csv: line 3: invalid GB18030 byte sequence at byte offset 57"
 * NUL bytes are left in the output; the CSV reader refuses them with line and
 * field.
 */
int enc_to_utf8(const char *name, const char *in, size_t inlen, sd_encoding enc,
                char **out, size_t *outlen, sd_encoding *used, sd_err *err);

/*
 * enc_to_utf8 for a file too large to hold: fd (a regular file) is read in
 * chunks from its start, every byte passed to feed first (if not NULL; its
 * error ends the reading, as the file's limits do). If the file is UTF-8,
 * nothing is written: *skip is the length of its BOM (0 or 3) and *outlen
 * the length of the text after it, to be read from the file itself. If it is
 * GB18030, its UTF-8 text is written to out_fd (*skip 0, *outlen its
 * length). The errors and their messages are enc_to_utf8's, the same line
 * and byte offset; and SD_IOERR "name: cannot read: reason".
 */
typedef int (*enc_feed_fn)(void *arg, const char *d, size_t n, sd_err *err);
int enc_file_to_utf8(const char *name, int fd, sd_encoding enc, enc_feed_fn feed, void *arg,
                     int out_fd, size_t *skip, size_t *outlen, sd_encoding *used, sd_err *err);

/*
 * Convert valid UTF-8 to enc (ENC_UTF8 copies; ENC_GB18030 converts every
 * Unicode scalar value, four-byte sequences included). Returns SD_OK with a
 * malloc'd *out and *outlen, or SD_DATAERR if the input is not valid UTF-8.
 */
int enc_from_utf8(const char *in, size_t inlen, sd_encoding enc,
                  char **out, size_t *outlen, sd_err *err);

/*
 * The terminal's side: is the locale's charset (nl_langinfo(CODESET)) one
 * that needs conversion from UTF-8 (GB18030, GBK, GB2312)? Call after
 * setlocale(). Returns the encoding to write to the terminal: ENC_GB18030 for
 * those charsets, ENC_UTF8 for everything else (UTF-8, and ASCII locales,
 * where UTF-8 passes through unchanged).
 */
sd_encoding enc_locale(void);

/*
 * Convert a string from the locale's charset to UTF-8 (command-line
 * arguments). Returns a malloc'd string, or NULL if the bytes are invalid in
 * that charset.
 */
char *enc_locale_to_utf8(const char *s);

/*
 * Convert UTF-8 to the locale's charset for output; returns malloc'd string.
 * Characters the charset cannot hold become '?'. Never NULL.
 */
char *enc_utf8_to_locale(const char *s);

#endif
