/*
 * enc.c — UTF-8 and GB18030 at the edges, through glibc's iconv.
 *
 * Conversion descriptors are opened once and kept in one context struct
 * (iconv_open is costly); each use starts with a reset of the shift state.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "enc.h"
#include "text.h"

#define NO_CD ((iconv_t)-1)

/* The cached conversion descriptors. */
static struct enc_ctx {
	iconv_t gb_to_u8;        /* GB18030 -> UTF-8 */
	iconv_t u8_to_gb;        /* UTF-8 -> GB18030 */
	char loc_name[40];       /* charset the locale descriptors were opened for */
	iconv_t loc_to_u8;
	iconv_t u8_to_loc;
} enc_ctx = { NO_CD, NO_CD, "", NO_CD, NO_CD };

int
enc_parse(const char *name, sd_encoding *out)
{
	static const struct {
		const char *name;
		sd_encoding enc;
	} names[] = {
		{"auto", ENC_AUTO}, {"utf-8", ENC_UTF8}, {"utf8", ENC_UTF8},
		{"gb18030", ENC_GB18030}, {"gbk", ENC_GB18030},
		{"gb2312", ENC_GB18030}, {"cp936", ENC_GB18030},
	};

	if (!name)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(names); i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].enc;
			return 0;
		}
	return -1;
}

const char *
enc_name(sd_encoding enc)
{
	switch (enc) {
	case ENC_UTF8:
		return "utf-8";
	case ENC_GB18030:
		return "gb18030";
	default:
		return "auto";
	}
}

static iconv_t
cached_cd(iconv_t *slot, const char *to, const char *from)
{
	if (*slot == NO_CD)
		*slot = iconv_open(to, from);
	else
		iconv(*slot, NULL, NULL, NULL, NULL);
	return *slot;
}

/* 1-based line of byte offset off: line ends counted in the input. */
static long
line_at(const char *in, size_t off)
{
	long line = 1;
	const char *p = in, *end = in + off;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/*
 * Offset of the first invalid or truncated UTF-8 sequence in in[0..n)
 * (NUL bytes allowed), or (size_t)-1 if all valid. *truncated tells which.
 */
static size_t
utf8_first_bad(const char *in, size_t n, bool *truncated)
{
	size_t i = 0;

	*truncated = false;
	while (i < n) {
		uint32_t cp;
		int k;

		if ((unsigned char)in[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(in + i, n - i, &cp);
		if (k == -2) {
			*truncated = true;
			return i;
		}
		if (k < 0)
			return i;
		i += (size_t)k;
	}
	return (size_t)-1;
}

/*
 * Convert in[0..n) with cd into a malloc'd NUL-terminated buffer. Returns 0,
 * or the errno (EILSEQ, EINVAL) with *bad at the offending input offset.
 */
static int
convert(iconv_t cd, const char *in, size_t n, char **out, size_t *outlen, size_t *bad)
{
	size_t cap = n * 2 + 16, done = 0;
	char *o = xmalloc(cap);
	char *ip = (char *)in;
	size_t il = n;

	for (;;) {
		char *op = o + done;
		size_t ol = cap - done - 1;
		size_t rc = iconv(cd, &ip, &il, &op, &ol);
		done = (size_t)(op - o);
		if (rc != (size_t)-1) {
			/* flush any pending state */
			op = o + done;
			ol = cap - done - 1;
			iconv(cd, NULL, NULL, &op, &ol);
			done = (size_t)(op - o);
			break;
		}
		if (errno == E2BIG) {
			cap *= 2;
			o = xrealloc(o, cap);
			continue;
		}
		int e = errno == EINVAL ? EINVAL : EILSEQ;
		*bad = (size_t)(ip - in);
		free(o);
		return e;
	}
	o[done] = '\0';
	*out = o;
	*outlen = done;
	return 0;
}

/* The line of byte offset off in the input src: in memory, or a file. */
typedef long (*line_of_fn)(const void *src, size_t off);

static long
line_in_memory(const void *src, size_t off)
{
	return line_at(src, off);
}

/*
 * The refusal of input that is not in enc, with its line and byte offset:
 * the UTF-8 verdict (u8_bad, the offset of the first bad sequence or
 * (size_t)-1, u8_truncated) and, unless enc is ENC_UTF8, GB18030's (e,
 * EILSEQ or EINVAL at gb_bad). Offsets count from the start of the input
 * (a BOM included). For ENC_AUTO the encoding that got further is named.
 */
static int
refuse(const char *name, sd_encoding enc, size_t u8_bad, bool u8_truncated, int e, size_t gb_bad,
       line_of_fn line_of, const void *src, sd_err *err)
{
	size_t bad = gb_bad;

	if (enc == ENC_UTF8) {
		if (u8_truncated)
			return sd_err_set(err, SD_DATAERR,
			    _("%s: line %ld: incomplete UTF-8 byte sequence at end of input, byte offset %zu"),
			    name, line_of(src, u8_bad), u8_bad);
		return sd_err_set(err, SD_DATAERR,
		    _("%s: line %ld: invalid UTF-8 byte sequence at byte offset %zu"),
		    name, line_of(src, u8_bad), u8_bad);
	}
	if (enc == ENC_AUTO) {
		/* report where the likelier encoding (the one that got further) failed */
		if (u8_bad != (size_t)-1 && u8_bad > bad) {
			bad = u8_bad;
			e = u8_truncated ? EINVAL : EILSEQ;
		}
		if (e == EINVAL)
			return sd_err_set(err, SD_DATAERR,
			    _("%s: line %ld: neither UTF-8 nor GB18030: incomplete byte sequence at end of input, byte offset %zu"),
			    name, line_of(src, bad), bad);
		return sd_err_set(err, SD_DATAERR,
		    _("%s: line %ld: neither UTF-8 nor GB18030: invalid byte sequence at byte offset %zu"),
		    name, line_of(src, bad), bad);
	}
	if (e == EINVAL)
		return sd_err_set(err, SD_DATAERR,
		    _("%s: line %ld: incomplete GB18030 byte sequence at end of input, byte offset %zu"),
		    name, line_of(src, bad), bad);
	return sd_err_set(err, SD_DATAERR,
	    _("%s: line %ld: invalid GB18030 byte sequence at byte offset %zu"),
	    name, line_of(src, bad), bad);
}

int
enc_to_utf8(const char *name, const char *in, size_t inlen, sd_encoding enc,
            char **out, size_t *outlen, sd_encoding *used, sd_err *err)
{
	size_t skip = 0, bad;
	bool truncated;
	int e;

	if (inlen >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
		skip = 3;
		if (enc == ENC_AUTO)
			enc = ENC_UTF8;
	}
	size_t u8_bad = (size_t)-1;
	bool u8_truncated = false;

	if (enc == ENC_UTF8 || enc == ENC_AUTO) {
		bad = utf8_first_bad(in + skip, inlen - skip, &truncated);
		u8_bad = bad;
		u8_truncated = truncated;
		if (bad == (size_t)-1) {
			*out = xstrndup(in + skip, inlen - skip);
			*outlen = inlen - skip;
			if (used)
				*used = ENC_UTF8;
			return SD_OK;
		}
		if (enc == ENC_UTF8)
			return refuse(name, enc, bad + skip, truncated, 0, 0, line_in_memory, in, err);
	}

	iconv_t cd = cached_cd(&enc_ctx.gb_to_u8, "UTF-8", "GB18030");
	if (cd == NO_CD)
		return sd_err_set(err, SD_INTERNAL, _("cannot convert from GB18030: %s"),
		                  strerror(errno));
	e = convert(cd, in + skip, inlen - skip, out, outlen, &bad);
	if (e == 0) {
		if (used)
			*used = ENC_GB18030;
		return SD_OK;
	}
	return refuse(name, enc, u8_bad == (size_t)-1 ? u8_bad : u8_bad + skip, u8_truncated, e, bad + skip,
	              line_in_memory, in, err);
}

/* ---------------------------------------------------------------- files in chunks */

#define CHUNK 65536

/* 1-based line of byte offset off of the file fd: line ends counted in it. */
static long
file_line_at(int fd, size_t off)
{
	char b[CHUNK];
	long line = 1;
	size_t at = 0;

	while (at < off) {
		size_t want = off - at < sizeof b ? off - at : sizeof b;
		ssize_t n = pread(fd, b, want, (off_t)at);
		if (n <= 0)
			break;
		for (const char *p = b; (p = memchr(p, '\n', (size_t)(b + n - p))) != NULL; p++)
			line++;
		at += (size_t)n;
	}
	return line;
}

static long
line_in_file(const void *src, size_t off)
{
	return file_line_at(*(const int *)src, off);
}

static int
read_failed(const char *name, sd_err *err)
{
	return sd_err_set(err, SD_IOERR, _("%s: cannot read: %s"), name, strerror(errno));
}

/*
 * Pass 1: every byte through feed (the caller's limits), the BOM, and where
 * the text stops being UTF-8 (if it does: *bad, and *truncated when it is an
 * incomplete sequence at the end). *size is the file's length.
 */
static int
scan_file(const char *name, int fd, enc_feed_fn feed, void *arg, size_t *bom, size_t *bad,
          bool *truncated, size_t *size, sd_err *err)
{
	char b[CHUNK + 4];
	size_t carry = 0, at = 0;     /* b[0..carry) is the start of a sequence from before, at its offset */

	*bom = 0;
	*bad = (size_t)-1;
	*truncated = false;
	for (;;) {
		ssize_t n = pread(fd, b + carry, CHUNK, (off_t)(at + carry));
		if (n < 0)
			return read_failed(name, err);
		if (feed && n > 0) {
			int rc = feed(arg, b + carry, (size_t)n, err);
			if (rc != SD_OK)
				return rc;
		}
		size_t len = carry + (size_t)n, i = 0;
		bool end = n == 0;

		if (at == 0 && *bom == 0 && len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
			i = *bom = 3;
		while (*bad == (size_t)-1 && i < len) {
			uint32_t cp;
			int k;

			if ((unsigned char)b[i] < 0x80) {
				i++;
				continue;
			}
			k = utf8_decode(b + i, len - i, &cp);
			if (k == -2 && !end)
				break;               /* its end is in the next chunk */
			if (k < 0) {
				*bad = at + i - *bom;
				*truncated = k == -2;
				break;
			}
			i += (size_t)k;
		}
		if (end) {
			*size = at + len;
			return SD_OK;
		}
		if (*bad != (size_t)-1)
			i = len;                     /* only the limits are left to check */
		carry = len - i;
		memmove(b, b + i, carry);
		at += i;
	}
}

/* Pass 2: GB18030 from offset from to the end, into out_fd. 0, or EILSEQ/EINVAL at *bad (file offset). */
static int
convert_file(iconv_t cd, int fd, size_t from, int out_fd, size_t *outlen, size_t *bad, int *io)
{
	char in[CHUNK + 8], out[CHUNK * 4];
	size_t carry = 0, at = from;      /* in[0..carry) is at file offset at */

	*outlen = 0;
	*io = 0;
	iconv(cd, NULL, NULL, NULL, NULL);
	for (;;) {
		ssize_t n = pread(fd, in + carry, CHUNK, (off_t)(at + carry));
		if (n < 0) {
			*io = errno;
			return 0;
		}
		char *ip = in;
		size_t il = carry + (size_t)n;
		bool end = n == 0;

		while (il > 0) {
			char *op = out;
			size_t ol = sizeof out;
			size_t rc = iconv(cd, &ip, &il, &op, &ol);
			int e = errno;

			if (op > out) {
				if (write(out_fd, out, (size_t)(op - out)) != op - out) {
					*io = errno;
					return 0;
				}
				*outlen += (size_t)(op - out);
			}
			if (rc != (size_t)-1)
				break;
			if (e == E2BIG)
				continue;
			if (e == EINVAL && !end)
				break;                   /* an incomplete sequence: the rest comes next */
			*bad = at + (size_t)(ip - in);
			return e == EINVAL ? EINVAL : EILSEQ;
		}
		if (end)
			return 0;
		carry = il;
		at += (size_t)(ip - in);
		memmove(in, ip, carry);
	}
}

int
enc_file_to_utf8(const char *name, int fd, sd_encoding enc, enc_feed_fn feed, void *arg,
                 int out_fd, size_t *skip, size_t *outlen, sd_encoding *used, sd_err *err)
{
	size_t bom, u8_bad, bad = 0, size;
	bool u8_truncated;
	int rc, e, io;

	if ((rc = scan_file(name, fd, feed, arg, &bom, &u8_bad, &u8_truncated, &size, err)) != SD_OK)
		return rc;
	*skip = bom;
	if (bom && enc == ENC_AUTO)
		enc = ENC_UTF8;
	if (enc == ENC_UTF8 || enc == ENC_AUTO) {
		if (u8_bad == (size_t)-1) {
			*outlen = size - bom;
			if (used)
				*used = ENC_UTF8;
			return SD_OK;
		}
		if (enc == ENC_UTF8)
			return refuse(name, enc, u8_bad + bom, u8_truncated, 0, 0, line_in_file, &fd, err);
	}

	iconv_t cd = cached_cd(&enc_ctx.gb_to_u8, "UTF-8", "GB18030");
	if (cd == NO_CD)
		return sd_err_set(err, SD_INTERNAL, _("cannot convert from GB18030: %s"),
		                  strerror(errno));
	e = convert_file(cd, fd, bom, out_fd, outlen, &bad, &io);
	if (io) {
		errno = io;
		return read_failed(name, err);
	}
	if (e == 0) {
		*skip = 0;
		if (used)
			*used = ENC_GB18030;
		return SD_OK;
	}
	return refuse(name, enc, u8_bad == (size_t)-1 ? u8_bad : u8_bad + bom, u8_truncated, e, bad,
	              line_in_file, &fd, err);
}

int
enc_from_utf8(const char *in, size_t inlen, sd_encoding enc,
              char **out, size_t *outlen, sd_err *err)
{
	size_t bad;
	bool truncated;
	int e;

	bad = utf8_first_bad(in, inlen, &truncated);
	if (bad != (size_t)-1)
		return sd_err_set(err, SD_DATAERR,
		    _("invalid UTF-8 byte sequence at byte offset %zu"), bad);
	if (enc != ENC_GB18030) {
		*out = xstrndup(in, inlen);
		*outlen = inlen;
		return SD_OK;
	}
	iconv_t cd = cached_cd(&enc_ctx.u8_to_gb, "GB18030", "UTF-8");
	if (cd == NO_CD)
		return sd_err_set(err, SD_INTERNAL, _("cannot convert to GB18030: %s"),
		                  strerror(errno));
	e = convert(cd, in, inlen, out, outlen, &bad);
	if (e != 0) {
		/* glibc has no GB18030 bytes for 24 private-use code points
		 * (U+E78D..U+E796, U+E816.., the ones GB18030-2022 moved) */
		uint32_t cp = 0;
		utf8_decode(in + bad, inlen - bad, &cp);
		return sd_err_set(err, SD_DATAERR,
		    _("character U+%04X at byte offset %zu cannot be written in GB18030"),
		    (unsigned)cp, bad);
	}
	return SD_OK;
}

static bool
is_gb_charset(const char *cs)
{
	static const char *const gb[] = {
		"GB18030", "GBK", "GB2312", "EUC-CN", "EUCCN", "CP936", "GB_2312-80",
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(gb); i++)
		if (strcasecmp(cs, gb[i]) == 0)
			return true;
	return false;
}

sd_encoding
enc_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && is_gb_charset(cs) ? ENC_GB18030 : ENC_UTF8;
}

/* Open (or reuse) the descriptors for the locale's GB-family charset. */
static bool
locale_cds(void)
{
	const char *cs = nl_langinfo(CODESET);

	if (strcmp(cs, enc_ctx.loc_name) != 0) {
		if (enc_ctx.loc_to_u8 != NO_CD)
			iconv_close(enc_ctx.loc_to_u8);
		if (enc_ctx.u8_to_loc != NO_CD)
			iconv_close(enc_ctx.u8_to_loc);
		enc_ctx.loc_to_u8 = enc_ctx.u8_to_loc = NO_CD;
		snprintf(enc_ctx.loc_name, sizeof enc_ctx.loc_name, "%s", cs);
	}
	return cached_cd(&enc_ctx.loc_to_u8, "UTF-8", cs) != NO_CD &&
	       cached_cd(&enc_ctx.u8_to_loc, cs, "UTF-8") != NO_CD;
}

char *
enc_locale_to_utf8(const char *s)
{
	char *out;
	size_t outlen, bad;

	if (!s)
		return NULL;
	if (enc_locale() != ENC_GB18030 || !locale_cds())
		return utf8_valid(s, strlen(s), NULL) ? xstrdup(s) : NULL;
	if (convert(enc_ctx.loc_to_u8, s, strlen(s), &out, &outlen, &bad) != 0)
		return NULL;
	return out;
}

char *
enc_utf8_to_locale(const char *s)
{
	buf b = {0};
	size_t n;

	if (!s)
		return xstrdup("");
	n = strlen(s);
	if (enc_locale() != ENC_GB18030 || !locale_cds())
		return xstrdup(s);

	iconv_t cd = enc_ctx.u8_to_loc;
	char *ip = (char *)s;
	size_t il = n;
	buf_reserve(&b, n * 2 + 16);
	buf_append(&b, "", 0);      /* terminate: buf_reserve does not */
	while (il > 0) {
		char *op = b.data + b.len;
		size_t ol = b.cap - b.len - 1;
		size_t rc = iconv(cd, &ip, &il, &op, &ol);
		b.len = (size_t)(op - b.data);
		b.data[b.len] = '\0';
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(&b, b.cap);
			continue;
		}
		/* not representable or not valid UTF-8: '?' for one character */
		uint32_t cp;
		int k = utf8_decode(ip, il, &cp);
		size_t skip = k > 0 ? (size_t)k : 1;
		buf_putc(&b, '?');
		ip += skip;
		il -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return buf_steal(&b);
}
