/*
 * text.c — UTF-8 decoding and validation, display widths, cutting to a
 * width, and sanitising text for the terminal.
 *
 * Every function here walks the string as a sequence of "rendering units":
 * one code point shown as itself, or a harmless replacement for a control
 * character, a C1 control, a bidirectional control or an invalid byte. The
 * width functions and text_fit() use the same units as text_sanitize(), so
 * what is measured is what is shown.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "common.h"
#include "text.h"

#define REPLACEMENT_CP 0xFFFDu
#define REPLACEMENT_UTF8 "\xef\xbf\xbd"
#define ELLIPSIS_CP 0x2026u
#define ELLIPSIS_UTF8 "\xe2\x80\xa6"

/* ---------------------------------------------------------------- UTF-8 */

int
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return -2;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)            /* continuation byte, or overlong 2-byte lead */
		return -1;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if (i >= n)
			return -2;
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		/* reject overlong, surrogate and > U+10FFFF at the second byte */
		if (i == 1) {
			if (len == 3 && c == 0 && p[1] < 0xA0)
				return -1;
			if (len == 3 && c == 0x0D && p[1] >= 0xA0)
				return -1;
			if (len == 4 && c == 0 && p[1] < 0x90)
				return -1;
			if (len == 4 && c == 4 && p[1] >= 0x90)
				return -1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return (int)len;
}

int
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool
utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int k;

		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		if (c == 0)
			goto bad;
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			goto bad;
		i += (size_t)k;
	}
	return true;
bad:
	if (bad_off)
		*bad_off = i;
	return false;
}

size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---------------------------------------------------------------- widths */

struct range {
	uint32_t lo, hi;
};

/* Zero-width: combining marks, joiners, variation selectors (fallback only). */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
	{0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711}, {0x0730, 0x074A},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1160, 0x11FF},
	{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
	{0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0000, 0xE0FFF},
};

/* East Asian Wide and Fullwidth (Unicode 15), used when wcwidth() gives -1. */
static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
	{0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
	{0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
	{0x17000, 0x18AFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248},
	{0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
	{0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
	{0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0},
	{0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
	{0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
	{0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
	{0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
	{0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7},
	{0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
	{0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
	{0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool
in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (cp < t[0].lo || cp > t[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool
is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Width of a printable code point (not a control, not a bidi control). */
static int
printable_width(uint32_t cp)
{
	int w;

	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w > 2 ? 2 : w;
	if (in_table(cp, zero_width, SD_ARRAY_LEN(zero_width)))
		return 0;
	if (in_table(cp, wide, SD_ARRAY_LEN(wide)))
		return 2;
	return 1;
}

int
text_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp == '\t' || cp == '\n')
		return 1;                       /* shown as a space */
	if (cp < 0x20 || cp == 0x7F)
		return 2;                       /* caret notation: ^[ ^? */
	if (cp >= 0x80 && cp <= 0x9F)
		return 4;                       /* <9B> */
	if (is_bidi_control(cp) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return printable_width(REPLACEMENT_CP);
	return printable_width(cp);
}

/* ---------------------------------------------------------------- units */

enum nl_mode {
	NL_SPACE,    /* '\n' shown as a space (one-line cells) */
	NL_CARET,    /* '\n' shown as ^J */
	NL_KEEP      /* '\n' kept */
};

/*
 * The next rendering unit of s (NUL-terminated, *s != 0): sets *rep and *replen
 * to the bytes to show (pointing into s or into scratch) and *w to its width;
 * returns the number of input bytes consumed.
 */
static size_t
next_unit(const char *s, enum nl_mode nl, char scratch[8],
          const char **rep, size_t *replen, int *w)
{
	unsigned char c = (unsigned char)*s;
	uint32_t cp;
	int k;

	if (c >= 0x20 && c < 0x7F) {
		*rep = s;
		*replen = 1;
		*w = 1;
		return 1;
	}
	if (c < 0x80) {
		if (c == '\t' || (c == '\n' && nl == NL_SPACE)) {
			*rep = " ";
			*replen = 1;
			*w = 1;
		} else if (c == '\n' && nl == NL_KEEP) {
			*rep = "\n";
			*replen = 1;
			*w = 0;
		} else {
			scratch[0] = '^';
			scratch[1] = c == 0x7F ? '?' : (char)(c + 0x40);
			*rep = scratch;
			*replen = 2;
			*w = 2;
		}
		return 1;
	}
	/* a NUL ends the string: bound the decode by the bytes actually there */
	size_t avail = 1;
	while (avail < 4 && s[avail])
		avail++;
	k = utf8_decode(s, avail, &cp);
	if (k < 0 || is_bidi_control(cp)) {
		*rep = REPLACEMENT_UTF8;
		*replen = 3;
		*w = printable_width(REPLACEMENT_CP);
		return k < 0 ? 1 : (size_t)k;
	}
	if (cp <= 0x9F) {
		static const char hex[] = "0123456789ABCDEF";
		scratch[0] = '<';
		scratch[1] = hex[cp >> 4];
		scratch[2] = hex[cp & 15];
		scratch[3] = '>';
		*rep = scratch;
		*replen = 4;
		*w = 4;
		return (size_t)k;
	}
	*rep = s;
	*replen = (size_t)k;
	*w = printable_width(cp);
	return (size_t)k;
}

int
text_width(const char *s)
{
	char scratch[8];
	const char *rep;
	size_t replen;
	int w, total = 0;

	if (!s)
		return 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7F) {
			total++;
			s++;
			continue;
		}
		s += next_unit(s, NL_SPACE, scratch, &rep, &replen, &w);
		total += w;
	}
	return total;
}

char *
text_sanitize(const char *s, bool keep_newlines)
{
	buf b = {0};
	char scratch[8];
	const char *rep;
	size_t replen;
	int w;

	if (!s)
		return xstrdup("");
	buf_reserve(&b, strlen(s));
	buf_append(&b, "", 0);      /* terminate: buf_reserve does not */
	while (*s) {
		const char *run = s;
		while ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F)
			s++;
		if (s > run)
			buf_append(&b, run, (size_t)(s - run));
		if (!*s)
			break;
		s += next_unit(s, keep_newlines ? NL_KEEP : NL_CARET, scratch,
		               &rep, &replen, &w);
		buf_append(&b, rep, replen);
	}
	return buf_steal(&b);
}

int
text_fit(char *out, size_t outsz, const char *s, int cells, bool pad)
{
	char scratch[8];
	const char *rep;
	size_t replen;
	size_t len = 0;          /* bytes in out */
	size_t cut_len = 0;      /* bytes kept if an ellipsis must follow */
	int width = 0;           /* cells in out */
	int cut_width = 0;
	int ell_w = text_cp_width(ELLIPSIS_CP);
	bool ell_fits, overflow = false;
	int w;

	if (outsz == 0)
		return 0;
	if (cells < 0)
		cells = 0;
	ell_fits = ell_w <= cells;
	if (!s)
		s = "";
	while (*s) {
		size_t used = next_unit(s, NL_SPACE, scratch, &rep, &replen, &w);
		if (width + w > cells) {
			overflow = true;
			break;
		}
		/* keep room for the ellipsis, the padding and the NUL */
		if (len + replen + (size_t)(cells - width - w) + 4 > outsz) {
			if (w == 0) {           /* drop surplus zero-width marks */
				s += used;
				continue;
			}
			overflow = true;
			break;
		}
		memcpy(out + len, rep, replen);
		len += replen;
		width += w;
		s += used;
		if (width + ell_w <= cells) {
			cut_len = len;
			cut_width = width;
		}
	}
	if (overflow) {
		if (ell_fits) {
			len = cut_len;
			width = cut_width;
			if (len + 3 < outsz) {
				memcpy(out + len, ELLIPSIS_UTF8, 3);
				len += 3;
				width += ell_w;
			}
		}
		/* else: no room even for the ellipsis; keep what fits */
	}
	if (pad)
		while (width < cells && len + 1 < outsz) {
			out[len++] = ' ';
			width++;
		}
	out[len] = '\0';
	return width;
}

size_t
text_prefix_for_width(const char *s, int cells, int *used)
{
	char scratch[8];
	const char *rep, *p = s;
	size_t replen;
	int width = 0, w;

	if (!s) {
		if (used)
			*used = 0;
		return 0;
	}
	while (*p) {
		size_t n = next_unit(p, NL_SPACE, scratch, &rep, &replen, &w);
		if (width + w > cells)
			break;
		width += w;
		p += n;
	}
	if (used)
		*used = width;
	return (size_t)(p - s);
}

/* ---------------------------------------------------------------- line breaking */

enum brk_class { BRK_SPACE, BRK_WORD, BRK_CJK };

/* closing punctuation never starts a line; opening never ends one */
static bool
brk_closing(uint32_t c)
{
	static const uint32_t close[] = {
		',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
		0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0xFF3D, 0xFF5D,
		0x300D, 0x300F, 0x300B, 0x3009, 0x3011, 0x3015, 0x3017, 0x201D, 0x2019, 0x2026, 0x2014,
		0xFF05, 0x30FC, 0x3005,
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(close); i++)
		if (close[i] == c)
			return true;
	return false;
}

static bool
brk_opening(uint32_t c)
{
	static const uint32_t open[] = {
		'(', '[', '{', 0xFF08, 0xFF3B, 0xFF5B, 0x300C, 0x300E, 0x300A, 0x3008, 0x3010, 0x3014,
		0x3016, 0x201C, 0x2018,
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(open); i++)
		if (open[i] == c)
			return true;
	return false;
}

static enum brk_class
brk_class_of(uint32_t c)
{
	if (c == ' ' || c == '\t' || c == 0x3000)
		return BRK_SPACE;
	/* CJK: what takes two cells, and the CJK punctuation blocks */
	if (text_cp_width(c) == 2 || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	    c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014)
		return BRK_CJK;
	return BRK_WORD;
}

/* May a line end between character a (class ac) and character b (class bc)? */
static bool
brk_between(uint32_t a, enum brk_class ac, uint32_t b, enum brk_class bc)
{
	if (brk_closing(b) || brk_opening(a))
		return false;
	if (ac == BRK_SPACE || bc == BRK_SPACE)
		return true;
	/* never inside a run of letters, digits and their punctuation */
	return !(ac == BRK_WORD && bc == BRK_WORD);
}

size_t
text_line_break(const char *s, int cells, size_t *next)
{
	char scratch[8];
	const char *rep, *p = s;
	size_t replen, brk = 0, brk_next = 0;
	int width = 0, w;
	enum brk_class prev = BRK_SPACE;
	uint32_t prev_cp = ' ';
	bool any = false;

	if (next)
		*next = 0;
	if (!s || !*s)
		return 0;
	if (cells < 1)
		cells = 1;
	while (*p) {
		uint32_t cp;
		int l = utf8_decode(p, strlen(p), &cp);
		enum brk_class cl = l > 0 ? brk_class_of(cp) : BRK_WORD;
		size_t n = next_unit(p, NL_SPACE, scratch, &rep, &replen, &w);

		if (l <= 0)
			cp = 0xFFFD;
		if (any && cl != BRK_SPACE && brk_between(prev_cp, prev, cp, cl)) {
			/* a break before this character: the line ends at the last non-space */
			size_t end = (size_t)(p - s);
			while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
				end--;
			if (end > 0) {
				brk = end;
				brk_next = (size_t)(p - s);
			}
		}
		if (cl != BRK_SPACE && width + w > cells) {
			if (brk > 0) {
				if (next)
					*next = brk_next;
				return brk;
			}
			/* one unit longer than the line: cut between characters */
			size_t end = (size_t)(p - s);
			if (end == 0)
				end = n;           /* a character wider than the line: take it */
			if (next)
				*next = end;
			return end;
		}
		width += w;
		p += n;
		if (cl != BRK_SPACE || !any) {
			prev = cl;
			prev_cp = cp;
		} else {
			/* after spaces, what counts is the space; keep an opening before it */
			if (!brk_opening(prev_cp))
				prev_cp = cp;
			prev = cl;
		}
		any = true;
	}
	/* the whole rest fits: without the spaces at its end */
	size_t end = (size_t)(p - s);
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (next)
		*next = (size_t)(p - s);
	return end;
}

char *
text_trim(const char *s)
{
	const char *e;

	if (!s)
		return xstrdup("");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r' ||
	                 e[-1] == '\f' || e[-1] == '\v'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

char *
text_trim_or_null(const char *s)
{
	char *t;

	if (!s)
		return NULL;
	t = text_trim(s);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

char *
text_for_terminal(const char *s, size_t len)
{
	char *t = xmalloc(len + 1), *clean;
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') && s[i] != '\0')
			t[n++] = s[i];
	t[n] = '\0';
	if (utf8_valid(t, n, NULL)) {
		clean = text_sanitize(t, true);
		free(t);
		return clean;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			t[i] = '?';
	}
	return t;
}

bool
text_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* ---------------------------------------------------------------- joining punctuation */

const char *
text_sep_item(void)
{
	/* TRANSLATORS: between the items of a list joined by the program
	 * ("a, b, c"); full-width in Chinese. */
	return C_("separator between items", ", ");
}

const char *
text_sep_clause(void)
{
	/* TRANSLATORS: between clauses joined by the program ("a; b"). */
	return C_("separator between clauses", "; ");
}

const char *
text_sep_caption(void)
{
	/* TRANSLATORS: after a caption above the bars it introduces. */
	return C_("after a caption", ":");
}

const char *
text_sep_note(void)
{
	/* TRANSLATORS: before a note the program adds after a text ("escalated
	 * to x: the note"); full-width in Chinese, without the space. */
	return C_("before a note", ": ");
}

const char *
text_paren_open(void)
{
	/* TRANSLATORS: opens an aside the program adds after a text ("a (b)"). */
	return C_("aside", " (");
}

const char *
text_paren_close(void)
{
	return C_("aside", ")");
}

const char *
text_gettext_ctx(const char *msg)
{
	const char *eot = strchr(msg, '\004'), *t = gettext(msg);

	return eot && t == msg ? eot + 1 : t;
}
