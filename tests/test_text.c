/*
 * test_text.c — UTF-8, display widths, cutting, sanitising (text.c) and
 * encodings (enc.c).
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "enc.h"
#include "text.h"

/* ---------------------------------------------------------------- UTF-8 */

static void
test_utf8_decode(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		int ret;
		uint32_t cp;
	} cases[] = {
		{"A", 1, 1, 0x41},
		{"\xc2\xa9", 2, 2, 0xA9},
		{"\xe4\xb8\xad", 3, 3, 0x4E2D},          /* 中 */
		{"\xe3\x90\x80", 3, 3, 0x3400},          /* 㐀 */
		{"\xf0\xa0\xae\xb7", 4, 4, 0x20BB7},     /* 𠮷 */
		{"\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF},
		{"\xc0\x80", 2, -1, 0},                  /* overlong NUL */
		{"\xc1\xbf", 2, -1, 0},                  /* overlong */
		{"\xe0\x80\xaf", 3, -1, 0},              /* overlong '/' */
		{"\xf0\x80\x80\xaf", 4, -1, 0},          /* overlong */
		{"\xed\xa0\x80", 3, -1, 0},              /* surrogate D800 */
		{"\xed\xbf\xbf", 3, -1, 0},              /* surrogate DFFF */
		{"\xf4\x90\x80\x80", 4, -1, 0},          /* > U+10FFFF */
		{"\xf5\x80\x80\x80", 4, -1, 0},
		{"\xff", 1, -1, 0},
		{"\x80", 1, -1, 0},                      /* lone continuation */
		{"\xe4\x41\xad", 3, -1, 0},              /* bad continuation */
		{"\xe4\xb8", 2, -2, 0},                  /* truncated */
		{"\xf0\xa0\xae", 3, -2, 0},
		{"", 0, -2, 0},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		uint32_t cp = 0;
		int ret = utf8_decode(cases[i].s, cases[i].n, &cp);
		if (ret != cases[i].ret)
			fail_msg("case %zu: got %d, want %d", i, ret, cases[i].ret);
		if (ret > 0)
			assert_int_equal(cp, cases[i].cp);
	}
}

static void
test_utf8_encode(void **state)
{
	static const uint32_t cps[] = {0x41, 0x7FF, 0x800, 0x4E2D, 0xFFFF, 0x10000, 0x20000, 0x10FFFF};
	char out[4];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cps); i++) {
		uint32_t back;
		int n = utf8_encode(cps[i], out);
		assert_true(n > 0);
		assert_int_equal(utf8_decode(out, (size_t)n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
}

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		bool ok;
		size_t bad;
	} cases[] = {
		{"plain ascii", 11, true, 0},
		{"王𠮷 㐀 €", 15, true, 0},
		{"ab\xc0\x80", 4, false, 2},             /* overlong */
		{"a\xed\xa0\x80z", 5, false, 1},          /* surrogate */
		{"abc\xe4\xb8", 5, false, 3},             /* truncated */
		{"ab\0cd", 5, false, 2},                  /* NUL */
		{"\xf4\x90\x80\x80", 4, false, 0},        /* > U+10FFFF */
		{"\xe4\xb8\xad\xff", 4, false, 3},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		size_t bad = 999;
		bool ok = utf8_valid(cases[i].s, cases[i].n, &bad);
		if (ok != cases[i].ok)
			fail_msg("case %zu: got %d", i, ok);
		if (!ok)
			assert_int_equal(bad, cases[i].bad);
	}
	assert_int_equal(utf8_length("王𠮷a€"), 4);
	assert_int_equal(utf8_length(""), 0);
}

/* ---------------------------------------------------------------- widths */

static void
test_cp_width(void **state)
{
	static const struct {
		uint32_t cp;
		int w;
	} cases[] = {
		{'A', 1}, {' ', 1}, {'~', 1},
		{0x4E2D, 2},     /* 中 */
		{0x3400, 2},     /* 㐀 */
		{0x20BB7, 2},    /* 𠮷 */
		{0xFF21, 2},     /* fullwidth A */
		{0x3000, 2},     /* ideographic space */
		{0xAC00, 2},     /* Hangul */
		{0x0301, 0},     /* combining acute */
		{0x200B, 0},     /* zero width space */
		{0x1F600, 2},    /* emoji */
		{0x20AC, 1},     /* € in a UTF-8 locale */
		{0x00E9, 1},
		{0x1B, 2},       /* ^[ */
		{0x00, 2},       /* ^@ */
		{0x7F, 2},       /* ^? */
		{'\t', 1},
		{'\n', 1},
		{0x9B, 4},       /* <9B> */
		{0x202E, 1},     /* bidi override shown as U+FFFD */
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		if (text_cp_width(cases[i].cp) != cases[i].w)
			fail_msg("U+%04X: got %d, want %d", (unsigned)cases[i].cp,
			         text_cp_width(cases[i].cp), cases[i].w);
}

static void
test_width(void **state)
{
	static const struct {
		const char *s;
		int w;
	} cases[] = {
		{"", 0},
		{"hello", 5},
		{"中文", 4},
		{"王𠮷", 4},
		{"a中b", 4},
		{"e\xcc\x81", 1},              /* e + combining acute */
		{"😀x", 3},
		{"\x1b[31m", 2 + 4},           /* ^[ then "[31m" */
		{"a\tb", 3},
		{"a\nb", 3},
		{"\xc2\x9b", 4},               /* C1 CSI -> <9B> */
		{"a\xffz", 3},                 /* invalid byte -> U+FFFD */
		{"ＡＢ", 4},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		if (text_width(cases[i].s) != cases[i].w)
			fail_msg("case %zu \"%s\": got %d, want %d", i, cases[i].s,
			         text_width(cases[i].s), cases[i].w);
}

/* In the C locale wcwidth() knows nothing beyond ASCII: the fallback table. */
static void
test_width_c_locale(void **state)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old;

	(void)state;
	assert_non_null(c);
	old = uselocale(c);
	assert_int_equal(text_cp_width(0x4E2D), 2);
	assert_int_equal(text_cp_width(0x20000), 2);
	assert_int_equal(text_cp_width(0x1F600), 2);
	assert_int_equal(text_cp_width(0x0301), 0);
	assert_int_equal(text_cp_width(0x20AC), 1);
	assert_int_equal(text_width("中文abc"), 7);
	uselocale(old);
	freelocale(c);
}

/* In zh_CN.GB18030 ambiguous-width characters (€, …) take two cells. */
static void
test_width_gb18030_locale(void **state)
{
	locale_t gb = newlocale(LC_ALL_MASK, "zh_CN.GB18030", (locale_t)0);
	locale_t old;
	char out[64];

	(void)state;
	if (!gb)
		skip();
	old = uselocale(gb);
	assert_int_equal(text_cp_width(0x20AC), 2);
	assert_int_equal(text_cp_width(0x4E2D), 2);
	assert_int_equal(text_cp_width(0x3400), 2);
	assert_int_equal(text_cp_width(0x20000), 2);
	assert_int_equal(text_cp_width(0x1F600), 2);   /* wcwidth -1: fallback */
	/* the ellipsis is two cells here too */
	assert_int_equal(text_cp_width(0x2026), 2);
	assert_int_equal(text_fit(out, sizeof out, "abcdef", 4, true), 4);
	assert_string_equal(out, "ab…");
	assert_int_equal(text_fit(out, sizeof out, "abcdef", 1, true), 1);
	assert_string_equal(out, "a");
	uselocale(old);
	freelocale(gb);
}

/* ---------------------------------------------------------------- fit */

static void
test_fit(void **state)
{
	static const struct {
		const char *s;
		int cells;
		bool pad;
		const char *want;
		int ret;
	} cases[] = {
		{"hello", 10, false, "hello", 5},
		{"hello", 10, true, "hello     ", 10},
		{"hello", 5, true, "hello", 5},
		{"hello world", 8, false, "hello w…", 8},
		{"hello world", 8, true, "hello w…", 8},
		{"中文字符", 8, false, "中文字符", 8},
		{"中文字符", 7, false, "中文字…", 7},
		{"中文字符", 6, false, "中文…", 5},       /* 字 would straddle */
		{"中文字符", 6, true, "中文… ", 6},
		{"中文字符", 4, true, "中… ", 4},
		{"中文字符", 3, true, "中…", 3},
		{"中文字符", 2, true, "… ", 2},
		{"中文字符", 1, true, "…", 1},
		{"中文字符", 0, true, "", 0},
		{"ab", 2, true, "ab", 2},
		{"abc", 2, true, "a…", 2},
		{"abc", 1, false, "…", 1},
		{"abc", 0, false, "", 0},
		{"", 3, true, "   ", 3},
		{"", 0, false, "", 0},
		{"a中", 2, true, "a…", 2},
		{"中", 1, true, "…", 1},
		{"e\xcc\x81" "xyz", 2, false, "e\xcc\x81…", 2}, /* mark stays with its base */
		{"\x1b[2J", 10, false, "^[[2J", 5},
		{"\x1b[2J", 3, false, "^[…", 3},
		{"\x1b[2J", 2, false, "…", 1},            /* ^[ is not split */
		{"a\nb\tc", 10, false, "a b c", 5},
		{"\xc2\x9bx", 10, false, "<9B>x", 5},
		{"a\xe2\x80\xae" "b", 10, false, "a\xef\xbf\xbd" "b", 3},  /* RLO */
		{"a\xe2\x81\xa6" "b", 10, false, "a\xef\xbf\xbd" "b", 3}, /* LRI */
		{"😀😀", 3, true, "😀…", 3},
		{"王𠮷", 4, false, "王𠮷", 4},
		{"王𠮷x", 4, false, "王…", 3},
	};
	char out[128];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int ret = text_fit(out, sizeof out, cases[i].s, cases[i].cells, cases[i].pad);
		if (strcmp(out, cases[i].want) != 0 || ret != cases[i].ret)
			fail_msg("case %zu: got \"%s\" (%d), want \"%s\" (%d)", i, out, ret,
			         cases[i].want, cases[i].ret);
		assert_int_equal(text_width(out), ret);
	}
}

/* Never writes past outsz, even with zero-width characters piling up. */
static void
test_fit_small_buffer(void **state)
{
	char out[16];
	buf b = {0};

	(void)state;
	buf_puts(&b, "a");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "\xcc\x81");
	memset(out, 'X', sizeof out);
	int ret = text_fit(out, 12, buf_str(&b), 2, true);
	assert_int_equal(out[12], 'X');
	assert_true(strlen(out) < 12);
	assert_int_equal(ret, 2);
	assert_true(utf8_valid(out, strlen(out), NULL));
	assert_int_equal(text_fit(out, 1, "abc", 3, true), 0);
	assert_string_equal(out, "");
	buf_free(&b);
}

static void
test_prefix_for_width(void **state)
{
	static const struct {
		const char *s;
		int cells;
		size_t len;
		int used;
	} cases[] = {
		{"hello", 3, 3, 3},
		{"中文", 3, 3, 2},
		{"中文", 4, 6, 4},
		{"中文", 1, 0, 0},
		{"e\xcc\x81x", 1, 3, 1},
		{"", 5, 0, 0},
		{"\x1b" "a", 1, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int used = -1;
		size_t len = text_prefix_for_width(cases[i].s, cases[i].cells, &used);
		if (len != cases[i].len || used != cases[i].used)
			fail_msg("case %zu: got %zu/%d", i, len, used);
	}
}

/* ---------------------------------------------------------------- sanitize */

static void
test_sanitize(void **state)
{
	static const struct {
		const char *s;
		bool keep_nl;
		const char *want;
	} cases[] = {
		{"plain 中文", false, "plain 中文"},
		{"\x1b[31mred\x1b[0m", false, "^[[31mred^[[0m"},
		{"\x1b]0;title\x07", false, "^[]0;title^G"},
		{"del\x7f", false, "del^?"},
		{"\xc2\x9b" "31m", false, "<9B>31m"},
		{"\xc2\x85", false, "<85>"},
		{"a\tb", false, "a b"},
		{"a\nb", true, "a\nb"},
		{"a\nb", false, "a^Jb"},
		{"a\r\nb", true, "a^M\nb"},
		{"bad\xff\xfe", false, "bad\xef\xbf\xbd\xef\xbf\xbd"},
		{"trunc\xe4\xb8", false, "trunc\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xe2\x80\xae" "evil", false, "\xef\xbf\xbd" "evil"},   /* RLO */
		{"\xe2\x80\xaa" "x", false, "\xef\xbf\xbd" "x"},      /* LRE */
		{"\xe2\x81\xa9" "x", false, "\xef\xbf\xbd" "x"},      /* PDI */
		{"\xed\xa0\x80", false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"", false, ""},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *got = text_sanitize(cases[i].s, cases[i].keep_nl);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\"", i, got);
		free(got);
	}
}

static void
test_trim(void **state)
{
	char *s;

	(void)state;
	s = text_trim("  \t 登记号 \r\n");
	assert_string_equal(s, "登记号");
	free(s);
	s = text_trim("   ");
	assert_string_equal(s, "");
	free(s);
	s = text_trim("x");
	assert_string_equal(s, "x");
	free(s);
	assert_null(text_trim_or_null(NULL));
	assert_null(text_trim_or_null(" \t\r\n"));
	s = text_trim_or_null(" 王𠮷 ");
	assert_string_equal(s, "王𠮷");
	free(s);
}

/* ---------------------------------------------------------------- encodings */

static void
test_enc_parse(void **state)
{
	static const struct {
		const char *name;
		int ret;
		sd_encoding enc;
	} cases[] = {
		{"auto", 0, ENC_AUTO}, {"UTF-8", 0, ENC_UTF8}, {"utf8", 0, ENC_UTF8},
		{"GB18030", 0, ENC_GB18030}, {"gbk", 0, ENC_GB18030},
		{"GB2312", 0, ENC_GB18030}, {"cp936", 0, ENC_GB18030},
		{"latin1", -1, ENC_AUTO}, {"", -1, ENC_AUTO},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_encoding e = ENC_AUTO;
		assert_int_equal(enc_parse(cases[i].name, &e), cases[i].ret);
		if (cases[i].ret == 0)
			assert_int_equal(e, cases[i].enc);
	}
	assert_string_equal(enc_name(ENC_UTF8), "utf-8");
	assert_string_equal(enc_name(ENC_GB18030), "gb18030");
	assert_string_equal(enc_name(ENC_AUTO), "auto");
}

/* UTF-8 text and its GB18030 bytes, both ways. */
static const struct {
	const char *utf8;
	const char *gb;
	size_t gblen;
} gb_pairs[] = {
	{"中", "\xd6\xd0", 2},
	{"㐀", "\x81\x39\xee\x39", 4},
	{"\xf0\xa0\x80\x80", "\x95\x32\x82\x36", 4},          /* U+20000 */
	{"𠮷", "\x95\x34\xb2\x35", 4},                          /* U+20BB7 */
	{"€", "\xa2\xe3", 2},
	{"·", "\xa1\xa4", 2},
	{"\xef\xbf\xbf", "\x84\x31\xa4\x39", 4},               /* U+FFFF */
	{"\xf4\x8f\xbf\xbf", "\xe3\x32\x9a\x35", 4},           /* U+10FFFF */
	{"王𠮷,\"x\"\r\n", "\xcd\xf5\x95\x34\xb2\x35,\"x\"\r\n", 12},
	{"😀", "\x94\x39\xfc\x36", 4},                          /* U+1F600 */
};

static void
test_gb18030_both_ways(void **state)
{
	sd_err err;

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(gb_pairs); i++) {
		char *out = NULL;
		size_t outlen = 0;
		sd_encoding used = ENC_AUTO;

		assert_int_equal(enc_from_utf8(gb_pairs[i].utf8, strlen(gb_pairs[i].utf8),
		                               ENC_GB18030, &out, &outlen, &err), SD_OK);
		if (outlen != gb_pairs[i].gblen || memcmp(out, gb_pairs[i].gb, outlen) != 0)
			fail_msg("case %zu: UTF-8 -> GB18030 differs", i);
		free(out);

		assert_int_equal(enc_to_utf8("t.csv", gb_pairs[i].gb, gb_pairs[i].gblen,
		                             ENC_GB18030, &out, &outlen, &used, &err), SD_OK);
		assert_int_equal(used, ENC_GB18030);
		assert_string_equal(out, gb_pairs[i].utf8);
		assert_int_equal(outlen, strlen(gb_pairs[i].utf8));
		free(out);
	}
}

static void
test_gb18030_invalid(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		sd_encoding enc;
		const char *msg;
	} cases[] = {
		{"a\x81\x7f", 3, ENC_GB18030,
		 "f.csv: line 1: invalid GB18030 byte sequence at byte offset 1"},
		{"ab\ncd\xff", 6, ENC_GB18030,
		 "f.csv: line 2: invalid GB18030 byte sequence at byte offset 5"},
		{"x\n\n\x84\x31\xa5\x30", 7, ENC_GB18030,
		 "f.csv: line 3: invalid GB18030 byte sequence at byte offset 3"},
		{"a\x81", 2, ENC_GB18030,
		 "f.csv: line 1: incomplete GB18030 byte sequence at end of input, byte offset 1"},
		{"a\n\xd6\xd0\x81\x39\xee", 7, ENC_GB18030,
		 "f.csv: line 2: incomplete GB18030 byte sequence at end of input, byte offset 4"},
		{"a\x81\x39\xee", 4, ENC_AUTO,
		 "f.csv: line 1: neither UTF-8 nor GB18030: incomplete byte sequence at end of input, byte offset 1"},
		{"l1\nl2\n\x81\x7f", 8, ENC_AUTO,
		 "f.csv: line 3: neither UTF-8 nor GB18030: invalid byte sequence at byte offset 6"},
		{"ok\n\xe4\xb8", 5, ENC_UTF8,
		 "f.csv: line 2: incomplete UTF-8 byte sequence at end of input, byte offset 3"},
		{"ok\xd6\xd0", 4, ENC_UTF8,
		 "f.csv: line 1: invalid UTF-8 byte sequence at byte offset 2"},
		/* a BOM means UTF-8: no GB18030 attempt; offsets count the BOM */
		{"\xef\xbb\xbf" "a\xd6\xd0", 6, ENC_AUTO,
		 "f.csv: line 1: invalid UTF-8 byte sequence at byte offset 4"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *out = (char *)"untouched";
		size_t outlen = 0;
		sd_err err;

		sd_err_clear(&err);
		int rc = enc_to_utf8("f.csv", cases[i].in, cases[i].len, cases[i].enc,
		                     &out, &outlen, NULL, &err);
		if (rc != SD_DATAERR || strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: rc %d, msg \"%s\"", i, rc, err.msg);
		assert_int_equal(err.status, SD_DATAERR);
	}
}

static void
test_enc_auto(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
		sd_encoding used;
	} cases[] = {
		{"\xef\xbb\xbf" "中,a\r\n", 11, "中,a\r\n", ENC_UTF8},
		{"中,a\r\n", 8, "中,a\r\n", ENC_UTF8},
		{"\xd6\xd0,a\r\n", 6, "中,a\r\n", ENC_GB18030},
		{"\x81\x39\xee\x39", 4, "㐀", ENC_GB18030},
		{"plain", 5, "plain", ENC_UTF8},
		{"", 0, "", ENC_UTF8},
		{"\xef\xbb\xbf", 3, "", ENC_UTF8},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *out;
		size_t outlen;
		sd_encoding used = ENC_AUTO;
		sd_err err;

		assert_int_equal(enc_to_utf8("a.csv", cases[i].in, cases[i].len, ENC_AUTO,
		                             &out, &outlen, &used, &err), SD_OK);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(used, cases[i].used);
		free(out);
	}
	/* a BOM is dropped whatever the encoding asked for */
	{
		char *out;
		size_t outlen;
		sd_err err;
		assert_int_equal(enc_to_utf8("a.csv", "\xef\xbb\xbf" "x", 4, ENC_UTF8,
		                             &out, &outlen, NULL, &err), SD_OK);
		assert_string_equal(out, "x");
		free(out);
	}
}

/* NUL bytes pass through conversion (the CSV reader refuses them). */
static void
test_enc_nul(void **state)
{
	char *out;
	size_t outlen;
	sd_err err;

	(void)state;
	assert_int_equal(enc_to_utf8("n.csv", "a\0\xd6\xd0", 4, ENC_GB18030,
	                             &out, &outlen, NULL, &err), SD_OK);
	assert_int_equal(outlen, 5);
	assert_memory_equal(out, "a\0中", 5);
	free(out);
}

static void
test_enc_from_utf8_invalid(void **state)
{
	char *out;
	size_t outlen;
	sd_err err;

	(void)state;
	assert_int_equal(enc_from_utf8("a\xed\xa0\x80", 4, ENC_GB18030, &out, &outlen, &err),
	                 SD_DATAERR);
	assert_int_equal(enc_from_utf8("a\xff", 2, ENC_UTF8, &out, &outlen, &err), SD_DATAERR);
	assert_int_equal(enc_from_utf8("ab\xee\x9e\x8d", 5, ENC_GB18030, &out, &outlen, &err),
	                 SD_DATAERR);
	assert_string_equal(err.msg,
	                    "character U+E78D at byte offset 2 cannot be written in GB18030");
	assert_int_equal(enc_from_utf8("a€", 4, ENC_UTF8, &out, &outlen, &err), SD_OK);
	assert_string_equal(out, "a€");
	free(out);
}

/* Every scalar value in a sample of the planes survives UTF-8 -> GB18030 -> UTF-8. */
static void
test_gb18030_roundtrip_all(void **state)
{
	buf b = {0};
	char *gb, *back;
	size_t gblen, backlen;
	sd_err err;

	(void)state;
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp += (cp < 0x30000 ? 1 : 97)) {
		char u[4];
		int n;
		if (cp >= 0xE78D && cp <= 0xE864)
			continue;   /* private use, partly without GB18030 bytes in glibc */
		n = utf8_encode(cp, u);
		if (n)
			buf_append(&b, u, (size_t)n);
	}
	assert_int_equal(enc_from_utf8(b.data, b.len, ENC_GB18030, &gb, &gblen, &err), SD_OK);
	assert_int_equal(enc_to_utf8("r", gb, gblen, ENC_GB18030, &back, &backlen, NULL, &err),
	                 SD_OK);
	assert_int_equal(backlen, b.len);
	assert_memory_equal(back, b.data, b.len);
	free(gb);
	free(back);
	buf_free(&b);
}

static void
test_enc_locale(void **state)
{
	locale_t gb = newlocale(LC_ALL_MASK, "zh_CN.GB18030", (locale_t)0);
	locale_t old;
	char *s;

	(void)state;
	assert_int_equal(enc_locale(), ENC_UTF8);          /* C.UTF-8 */
	s = enc_utf8_to_locale("中文");
	assert_string_equal(s, "中文");
	free(s);
	assert_null(enc_locale_to_utf8("\xd6\xd0"));
	if (!gb)
		skip();
	old = uselocale(gb);
	assert_int_equal(enc_locale(), ENC_GB18030);
	s = enc_utf8_to_locale("中㐀€");
	assert_string_equal(s, "\xd6\xd0\x81\x39\xee\x39\xa2\xe3");
	free(s);
	s = enc_utf8_to_locale("a\xffz");
	assert_string_equal(s, "a?z");
	free(s);
	s = enc_locale_to_utf8("\xd6\xd0\x81\x39\xee\x39");
	assert_string_equal(s, "中㐀");
	free(s);
	assert_null(enc_locale_to_utf8("\x81\x7f"));
	uselocale(old);
	freelocale(gb);
}

/* Bytes for a terminal: controls shown, CR LF a line end, GB18030 kept. */
static void
test_for_terminal(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"a,b\r\nc\r\n", "a,b\nc\n"},
		{"x\033]52;c;SGk=\007y", "x^[]52;c;SGk=^Gy"},
		{"\033[2J\xc2\x9b" "1m", "^[[2J<9B>1m"},
		{"\xe2\x80\xae" "abc", "\xef\xbf\xbd" "abc"},
		{"lone\rcr", "lone^Mcr"},
		/* not UTF-8 (GB18030 bytes): only C0 controls and DEL replaced */
		{"\xd6\xd0\033[2J\x7f\r\n", "\xd6\xd0?[2J?\n"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *got = text_for_terminal(cases[i].in, strlen(cases[i].in));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\"", i, got);
		free(got);
	}
}

/* The lines of s laid out in `cells` cells, joined by '|'. */
static char *
lines_of(const char *s, int cells)
{
	buf b = { 0 };
	size_t len, next;

	while (*s) {
		len = text_line_break(s, cells, &next);
		assert_true(next > 0);
		assert_true(len <= next);
		if (b.len)
			buf_putc(&b, '|');
		buf_append(&b, s, len);
		s += next;
	}
	return buf_steal(&b);
}

static void
expect_lines(const char *s, int cells, const char *want)
{
	char *got = lines_of(s, cells);
	assert_string_equal(got, want);
	free(got);
}

static void
test_line_break(void **state)
{
	(void)state;
	/* between CJK characters, at spaces */
	expect_lines("售后服务部门", 6, "售后服|务部门");
	expect_lines("abc def ghi", 7, "abc def|ghi");
	/* numbers, dates, times and amounts stay whole */
	expect_lines("备件费 2026-12-07 保外一档 42.00", 16, "备件费|2026-12-07 保外|一档 42.00");
	expect_lines("已安排上门: 2026-12-03 08:46", 18, "已安排上门:|2026-12-03 08:46");
	expect_lines("费用: 备件费 42.00，服务日期 2026-12-07", 20,
	             "费用: 备件费 42.00，|服务日期 2026-12-07");
	/* no closing punctuation at the start of a line */
	expect_lines("电压0.82,供电局", 8, "电压|0.82,供|电局");
	expect_lines("客户报告“通讯中断”。", 18, "客户报告“通讯中|断”。");
	expect_lines("已催促）", 6, "已催|促）");
	expect_lines("负责人 刘洋 (liuyang), 2026-12-06 14:53", 24,
	             "负责人 刘洋 (liuyang),|2026-12-06 14:53");
	/* no opening punctuation at the end of a line */
	expect_lines("更换轴承《备件单》", 10, "更换轴承|《备件单》");
	/* a run longer than the line is cut between characters */
	expect_lines("ABCDEFGHIJ", 4, "ABCD|EFGH|IJ");
	expect_lines("王𠮷𠮷", 3, "王|𠮷|𠮷");
	/* a character wider than the line is taken alone */
	expect_lines("王a", 1, "王|a");
	/* spaces at the end of a line are dropped, the rest fits as is */
	expect_lines("ab   ", 10, "ab");
	expect_lines("", 5, "");
	size_t next = 99;
	assert_int_equal(text_line_break("", 5, &next), 0);
	assert_int_equal(next, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_c_locale),
		cmocka_unit_test(test_width_gb18030_locale),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_small_buffer),
		cmocka_unit_test(test_prefix_for_width),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_enc_parse),
		cmocka_unit_test(test_gb18030_both_ways),
		cmocka_unit_test(test_gb18030_invalid),
		cmocka_unit_test(test_enc_auto),
		cmocka_unit_test(test_enc_nul),
		cmocka_unit_test(test_enc_from_utf8_invalid),
		cmocka_unit_test(test_gb18030_roundtrip_all),
		cmocka_unit_test(test_enc_locale),
		cmocka_unit_test(test_for_terminal),
		cmocka_unit_test(test_line_break),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_text: the C.UTF-8 locale is missing\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
