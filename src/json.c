/*
 * json.c — the JSON writer (json.h).
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <string.h>

#include "json.h"
#include "money.h"
#include "text.h"

void
json_quote(buf *b, const char *s)
{
	size_t n, i = 0;

	if (!s) {
		buf_puts(b, "null");
		return;
	}
	n = strlen(s);
	buf_putc(b, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int len;

		if (c < 0x80) {
			switch (c) {
			case '"':  buf_puts(b, "\\\""); break;
			case '\\': buf_puts(b, "\\\\"); break;
			case '\n': buf_puts(b, "\\n"); break;
			case '\r': buf_puts(b, "\\r"); break;
			case '\t': buf_puts(b, "\\t"); break;
			default:
				if (c < 0x20 || c == 0x7f)
					buf_printf(b, "\\u%04x", c);
				else
					buf_putc(b, (char)c);
			}
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len <= 0) {
			buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
			buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			buf_append(b, s + i, (size_t)len);
		i += (size_t)len;
	}
	buf_putc(b, '"');
}

void
json_start(sd_json *j, buf *out)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->first[0] = true;
}

/* Before a value: the comma that separates it from the one before. */
static void
sep(sd_json *j)
{
	if (j->keyed) {
		j->keyed = false;
		return;
	}
	if (!j->first[j->depth])
		buf_putc(j->out, ',');
	if (j->lines[j->depth])
		buf_putc(j->out, '\n');
	j->first[j->depth] = false;
}

void
json_key(sd_json *j, const char *key)
{
	sep(j);
	json_quote(j->out, key);
	buf_putc(j->out, ':');
	j->keyed = true;
}

static void
begin(sd_json *j, char c)
{
	sep(j);
	buf_putc(j->out, c);
	if (j->depth < JSON_DEPTH - 1)
		j->depth++;
	j->close[j->depth] = c == '{' ? '}' : ']';
	j->first[j->depth] = true;
	j->lines[j->depth] = false;
}

void
json_obj(sd_json *j)
{
	begin(j, '{');
}

void
json_arr(sd_json *j)
{
	begin(j, '[');
}

void
json_arr_lines(sd_json *j)
{
	begin(j, '[');
	j->lines[j->depth] = true;
}

void
json_end(sd_json *j)
{
	if (j->depth == 0)
		return;
	if (j->lines[j->depth] && !j->first[j->depth])
		buf_putc(j->out, '\n');
	buf_putc(j->out, j->close[j->depth]);
	j->depth--;
	j->keyed = false;
}

void
json_str(sd_json *j, const char *s)
{
	sep(j);
	json_quote(j->out, s);
}

void
json_int(sd_json *j, long long v)
{
	sep(j);
	buf_printf(j->out, "%lld", v);
}

void
json_bool(sd_json *j, bool v)
{
	sep(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
json_null(sd_json *j)
{
	sep(j);
	buf_puts(j->out, "null");
}

void
json_raw(sd_json *j, const char *text)
{
	sep(j);
	buf_puts(j->out, text);
}

void
json_kstr(sd_json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void
json_kint(sd_json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kbool(sd_json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_kmoney(sd_json *j, const char *key, int64_t fen)
{
	char m[32];

	money_format(fen, m);
	json_kstr(j, key, m);
}
