/*
 * test_po.c — the Chinese catalogue reads as Chinese: no ASCII comma,
 * semicolon, colon or parenthesis next to a CJK character in any msgstr
 * (full-width ，；：（） there), and every msgstr is valid UTF-8.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "common.h"
#include "text.h"

static bool
cjk(uint32_t c)
{
	return text_cp_width(c) == 2;
}

static bool
ascii_punct(uint32_t c)
{
	return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
}

/* The code points of a msgstr's text (quotes and escapes of the .po undone enough for this). */
static size_t
decode(const char *s, uint32_t *out, size_t cap)
{
	size_t n = 0;

	while (*s && n < cap) {
		uint32_t c;
		int l = utf8_decode(s, strlen(s), &c);
		assert_true(l > 0);
		out[n++] = c;
		s += l;
	}
	return n;
}

static void
test_full_width_punctuation(void **state)
{
	(void)state;
	const char *top = getenv("top_srcdir");
	char path[4096], line[8192];
	buf msg = { 0 };
	bool in_str = false;
	int bad = 0, entries = 0;
	long lineno = 0, start = 0;

	snprintf(path, sizeof path, "%s/po/zh_CN.po", top ? top : ".");
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	for (;;) {
		char *got = fgets(line, sizeof line, fp);
		lineno++;
		bool cont = got && line[0] == '"' && in_str;
		if (in_str && !cont) {
			/* the msgstr ends: check it */
			static uint32_t cp[8192];
			size_t n = decode(buf_str(&msg), cp, SD_ARRAY_LEN(cp));
			entries++;
			for (size_t i = 0; i + 1 < n; i++) {
				if ((ascii_punct(cp[i]) && cjk(cp[i + 1])) || (cjk(cp[i]) && ascii_punct(cp[i + 1]))) {
					print_message("%s:%ld: ASCII punctuation beside Chinese: %s\n", path, start,
					              buf_str(&msg));
					bad++;
					break;
				}
			}
			in_str = false;
			buf_reset(&msg);
		}
		if (!got)
			break;
		const char *q = NULL;
		if (strncmp(line, "msgstr ", 7) == 0 || strncmp(line, "msgstr[", 7) == 0) {
			q = strchr(line, '"');
			in_str = true;
			start = lineno;
		} else if (cont) {
			q = line;
		}
		if (q) {
			const char *e = strrchr(q, '"');
			if (e > q)
				buf_append(&msg, q + 1, (size_t)(e - q - 1));
		}
	}
	fclose(fp);
	buf_free(&msg);
	assert_true(entries > 1000);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_width_punctuation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
