/*
 * json.h — the one JSON writer of servdesk: string literals escaped in one
 * place, and a builder that places the commas and colons itself.
 *
 *   sd_json j;
 *   json_start(&j, out);
 *   json_obj(&j);
 *   json_key(&j, "month");  json_str(&j, "2026-10");
 *   json_key(&j, "rows");   json_arr(&j);  json_int(&j, 3);  json_end(&j);
 *   json_end(&j);
 *
 * writes {"month":"2026-10","rows":[3]}. Everything is UTF-8.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_JSON_H
#define SERVDESK_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include "buf.h"

/*
 * Append s to b as a JSON string literal (with quotes), or `null` when s is
 * NULL. Quotes and backslashes are escaped; newline, carriage return and tab
 * as \n \r \t; other control characters, DEL, C1 controls and U+2028/U+2029
 * as \u escapes; invalid UTF-8 bytes become \ufffd, so the result is always
 * valid JSON in valid UTF-8.
 */
void json_quote(buf *b, const char *s);

#define JSON_DEPTH 32

typedef struct sd_json {
	buf *out;
	int depth;
	bool first[JSON_DEPTH];   /* nothing written yet at this level */
	char close[JSON_DEPTH];   /* the bracket that closes this level */
	bool lines[JSON_DEPTH];   /* an array of one element a line */
	bool keyed;               /* a key was written; its value comes next */
} sd_json;

/* Start writing JSON appended to out. */
void json_start(sd_json *j, buf *out);

/* A member name inside an object; the next value is its value. */
void json_key(sd_json *j, const char *key);

/* Values (after json_key inside an object, or as an element of an array). */
void json_obj(sd_json *j);               /* { ... json_end */
void json_arr(sd_json *j);               /* [ ... json_end */
void json_arr_lines(sd_json *j);         /* [ with each element on a line of its own: "[\n{},\n{}\n]" */
void json_end(sd_json *j);               /* closes the innermost object or array */
void json_str(sd_json *j, const char *s);        /* NULL: null */
void json_int(sd_json *j, long long v);
void json_bool(sd_json *j, bool v);
void json_null(sd_json *j);
void json_raw(sd_json *j, const char *text);    /* a value already written as JSON (a number, an object) */

/* A member in one call: json_key followed by the value. */
void json_kstr(sd_json *j, const char *key, const char *s);
void json_kint(sd_json *j, const char *key, long long v);
void json_kbool(sd_json *j, const char *key, bool v);
void json_kmoney(sd_json *j, const char *key, int64_t fen);   /* yuan, two decimals, as a string */

#endif
