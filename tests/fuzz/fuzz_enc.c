/*
 * fuzz_enc.c — fuzz target for the encoding layer (src/enc.h) and for what
 * makes text harmless on a terminal (text_sanitize, text_fit in src/text.h).
 *
 * Invariants checked on every input:
 *  - detection (auto) either fails with one line naming the file, line and
 *    byte offset, or gives valid UTF-8 (NUL bytes aside) and says which
 *    encoding it found; a UTF-8 input is taken as UTF-8, unchanged;
 *  - UTF-8 -> GB18030 -> UTF-8 gives back the UTF-8 exactly, wherever the
 *    first conversion succeeds; GB18030 -> UTF-8 -> GB18030 gives back the
 *    input bytes;
 *  - enc_from_utf8 accepts exactly the valid UTF-8;
 *  - sanitised text holds no C0 control (but LF where asked), no DEL, no C1
 *    control and no bidirectional override, and is valid UTF-8; text_fit
 *    never exceeds its width or its buffer.
 * A broken invariant aborts.
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "enc.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(c) \
	do { \
		if (!(c)) { \
			fprintf(stderr, "fuzz_enc: invariant failed: %s (line %d)\n", #c, __LINE__); \
			abort(); \
		} \
	} while (0)

static bool
same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* UTF-8 with NUL bytes allowed (the CSV reader refuses those later). */
static bool
utf8_valid_nul(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\0') {
			if (!utf8_valid(s + start, i - start, NULL))
				return false;
			start = i + 1;
		}
	}
	return true;
}

static bool
has_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* No byte of s may reach a terminal as a control or an override. */
static void
check_harmless(const char *s, bool keep_newlines)
{
	size_t n = strlen(s);

	FUZZ_ASSERT(utf8_valid(s, n, NULL));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		FUZZ_ASSERT(c >= 0x20 || (keep_newlines && c == '\n'));
		FUZZ_ASSERT(c != 0x7f);
		/* C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		FUZZ_ASSERT(!(c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9F));
		/* U+202A..U+202E: E2 80 AA..AE; U+2066..U+2069: E2 81 A6..A9 */
		if (c == 0xE2 && i + 2 < n) {
			unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
			FUZZ_ASSERT(!(c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE));
			FUZZ_ASSERT(!(c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9));
		}
	}
}

static void
check_terminal(const char *in, size_t size)
{
	char *s = xstrndup(in, size);   /* up to the first NUL, as C strings are */
	char *t;
	char out[20 * 4 + 8];
	int cells = (int)(size % 20);
	int w;

	t = text_sanitize(s, false);
	check_harmless(t, false);
	free(t);
	t = text_sanitize(s, true);
	check_harmless(t, true);
	free(t);
	w = text_fit(out, (size_t)cells * 4 + 8, s, cells, size % 2 == 0);
	FUZZ_ASSERT(w >= 0 && w <= cells);
	FUZZ_ASSERT(strlen(out) < (size_t)cells * 4 + 8);
	check_harmless(out, false);
	FUZZ_ASSERT(text_width(out) == w);
	free(s);
}

static void
check_detection(const char *in, size_t size)
{
	char *u = NULL;
	size_t ulen = 0;
	sd_encoding used = ENC_AUTO;
	sd_err err;

	sd_err_clear(&err);
	if (enc_to_utf8("fuzz.csv", in, size, ENC_AUTO, &u, &ulen, &used, &err) != SD_OK) {
		FUZZ_ASSERT(err.status == SD_DATAERR);
		FUZZ_ASSERT(strncmp(err.msg, "fuzz.csv: line ", 15) == 0);
		FUZZ_ASSERT(strstr(err.msg, "offset") != NULL);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		/* refused input is neither UTF-8 nor GB18030 */
		FUZZ_ASSERT(!utf8_valid_nul(in, size));
		return;
	}
	FUZZ_ASSERT(used == ENC_UTF8 || used == ENC_GB18030);
	FUZZ_ASSERT(utf8_valid_nul(u, ulen));
	FUZZ_ASSERT(u[ulen] == '\0');
	if (utf8_valid_nul(in, size)) {
		/* UTF-8 stays UTF-8, unchanged but for the BOM */
		FUZZ_ASSERT(used == ENC_UTF8);
		if (has_bom(in, size))
			FUZZ_ASSERT(same(in + 3, size - 3, u, ulen));
		else
			FUZZ_ASSERT(same(in, size, u, ulen));
	}
	free(u);
}

/* GB18030 bytes -> UTF-8 -> GB18030 bytes: the same bytes. */
static void
check_gb_round_trip(const char *in, size_t size)
{
	char *u = NULL, *g = NULL;
	size_t ulen = 0, glen = 0;
	sd_err err;

	sd_err_clear(&err);
	if (enc_to_utf8("fuzz.csv", in, size, ENC_GB18030, &u, &ulen, NULL, &err) != SD_OK) {
		FUZZ_ASSERT(err.status == SD_DATAERR);
		return;
	}
	FUZZ_ASSERT(utf8_valid_nul(u, ulen));
	if (enc_from_utf8(u, ulen, ENC_GB18030, &g, &glen, &err) == SD_OK) {
		if (!has_bom(in, size))
			FUZZ_ASSERT(same(in, size, g, glen));
		free(g);
	}
	free(u);
}

/* UTF-8 -> GB18030 -> UTF-8: the same UTF-8. */
static void
check_utf8_round_trip(const char *in, size_t size)
{
	char *g = NULL, *u = NULL, *c = NULL;
	size_t glen = 0, ulen = 0, clen = 0;
	sd_err err;
	bool valid = utf8_valid_nul(in, size);

	sd_err_clear(&err);
	if (enc_from_utf8(in, size, ENC_UTF8, &c, &clen, &err) == SD_OK) {
		FUZZ_ASSERT(same(in, size, c, clen));
		free(c);
	} else {
		FUZZ_ASSERT(err.status == SD_DATAERR);
		FUZZ_ASSERT(!valid);
	}
	sd_err_clear(&err);
	if (enc_from_utf8(in, size, ENC_GB18030, &g, &glen, &err) != SD_OK) {
		FUZZ_ASSERT(err.status == SD_DATAERR);
		return;
	}
	FUZZ_ASSERT(valid);
	/* (a UTF-8 BOM becomes U+FEFF in GB18030, and comes back) */
	FUZZ_ASSERT(enc_to_utf8("fuzz.csv", g, glen, ENC_GB18030, &u, &ulen, NULL, &err) == SD_OK);
	FUZZ_ASSERT(same(in, size, u, ulen));
	free(g);
	free(u);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	static bool init;

	if (!init) {
		/* widths as on the desk: CJK two cells */
		setlocale(LC_CTYPE, "C.UTF-8");
		init = true;
	}
	check_detection(in, size);
	check_gb_round_trip(in, size);
	check_utf8_round_trip(in, size);
	check_terminal(in, size);
	return 0;
}
