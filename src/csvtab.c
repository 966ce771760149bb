/*
 * csvtab.c — the column tables, header reading, row errors, file reading and
 * export writer shared by the CSV importers and exporters (intake_csv.c,
 * customer_csv.c, stock_csv.c). See csvtab.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"
#include "csvtab.h"
#include "enc.h"
#include "text.h"
#include "priv.h"
#include "valid.h"

/* Bytes gathered before an export converts and writes them. */
#define CHUNK 65536

/* ---------------------------------------------------------------- header */

bool
csvtab_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* The known column a trimmed header name stands for, or -1. */
static int
map_header(const csvtab_column *cols, const char *name)
{
	for (int c = 0; cols[c].code; c++) {
		if (csvtab_caseeq(name, cols[c].code))
			return c;
		for (int j = 0; j < 3 && cols[c].zh[j]; j++)
			if (strcmp(name, cols[c].zh[j]) == 0)
				return c;
	}
	return -1;
}

/* Add file column i, extra column number k, keeping the numbers ascending; false if k is taken. */
static bool
add_extra(csvtab_layout *l, size_t i, long k)
{
	size_t j = l->nextra;

	for (size_t m = 0; m < l->nextra; m++)
		if (l->extrano[m] == k)
			return false;
	while (j > 0 && l->extrano[j - 1] > k) {
		l->extra[j] = l->extra[j - 1];
		l->extrano[j] = l->extrano[j - 1];
		j--;
	}
	l->extra[j] = i;
	l->extrano[j] = k;
	l->nextra++;
	return true;
}

int
csvtab_read_header(csvtab_layout *l, const csvtab_column *cols, csvtab_extra_fn extra,
                   const char *path, long line, char **f, size_t n, sd_err *err)
{
	size_t nknown = 0;

	while (cols[nknown].code)
		nknown++;
	l->cols = cols;
	l->ncols = n;
	l->names = xcalloc(n, sizeof *l->names);
	l->where = xcalloc(nknown ? nknown : 1, sizeof *l->where);
	l->extra = xcalloc(n ? n : 1, sizeof *l->extra);
	l->extrano = xcalloc(n ? n : 1, sizeof *l->extrano);
	l->nextra = 0;
	for (size_t c = 0; c < nknown; c++)
		l->where[c] = -1;
	for (size_t i = 0; i < n; i++)
		l->names[i] = text_trim(f[i]);
	for (size_t i = 0; i < n; i++) {
		int c = map_header(cols, l->names[i]);
		long k = c < 0 && extra ? extra(l->names[i]) : 0;

		if (c < 0 && k <= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: unknown column"),
			                  path, line, l->names[i]);
		if (c < 0 ? !add_extra(l, i, k) : l->where[c] >= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: duplicate column"),
			                  path, line, l->names[i]);
		if (c >= 0)
			l->where[c] = (int)i;
	}
	for (size_t c = 0; c < nknown; c++)
		if (cols[c].required && l->where[c] < 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld: missing required column %s"),
			                  path, line, cols[c].code);
	return SD_OK;
}

void
csvtab_layout_free(csvtab_layout *l)
{
	for (size_t i = 0; l->names && i < l->ncols; i++)
		free(l->names[i]);
	free(l->names);
	free(l->where);
	free(l->extra);
	free(l->extrano);
	memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- fields and errors */

const char *
csvtab_value(const csvtab_layout *l, char **f, int c)
{
	return l->where[c] >= 0 ? f[l->where[c]] : NULL;
}

char *
csvtab_trimmed(const csvtab_layout *l, char **f, int c)
{
	const char *v = csvtab_value(l, f, c);
	return text_trim(v ? v : "");
}

int
csvtab_row_error(const csvtab_layout *l, const char *path, long line, int c, const char *problem,
                 sd_err *err)
{
	const char *name = c == CSVTAB_EXTRA ? l->names[l->extra[0]] :
	                   l->where[c] >= 0 ? l->names[l->where[c]] : l->cols[c].code;
	return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: %s"), path, line, name, problem);
}

int
csvtab_core_error(const csvtab_layout *l, const char *path, long line, int rc, const sd_err *verr,
                  sd_err *err)
{
	char msg[sizeof verr->msg];

	snprintf(msg, sizeof msg, "%s", verr->msg);
	if (rc == SD_DATAERR)
		for (int c = 0; l->cols[c].code; c++) {
			const char *lab = l->cols[c].label ? _(l->cols[c].label) : NULL;
			size_t n = lab ? strlen(lab) : 0;
			if (n && strncmp(msg, lab, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
				return csvtab_row_error(l, path, line, c, msg + n + 2, err);
		}
	return sd_err_set(err, rc, _("%s: line %ld: %s"), path, line, msg);
}

/* ---------------------------------------------------------------- reading a file */

/*
 * The state of the limits on a file as it is read, byte by byte, before any
 * conversion: the field and record being read, and where they started.
 * Both encodings servdesk reads (UTF-8, GB18030) keep the bytes of '"', ','
 * CR and LF for those characters alone, so the raw bytes tell where fields
 * and records end.
 */
struct limits {
	long line;            /* physical line being read (1-based) */
	long rec_line;        /* line where the current record started */
	size_t field;         /* field number within the record (1-based) */
	size_t field_bytes;   /* bytes of the current field so far */
	size_t rec_bytes;     /* bytes of the current record so far */
	bool quoted;          /* inside a quoted field */
	bool prev_cr;         /* the last byte was a CR */
};

/* Check the bytes d[0..n) against the limits; SD_OK or SD_DATAERR naming file, line, field. */
static int
limits_feed(struct limits *lm, const char *path, const unsigned char *d, size_t n, sd_err *err)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = d[i];
		bool cr = lm->prev_cr;

		lm->prev_cr = false;
		if (c == '\0')
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %zu: %s"), path, lm->line,
			                  lm->field, _("NUL byte"));
		if (c == '\n' || c == '\r') {
			if (c == '\r')
				lm->prev_cr = true;
			if (!(c == '\n' && cr))
				lm->line++;
			if (!lm->quoted) {   /* the end of a record */
				lm->rec_line = lm->line;
				lm->field = 1;
				lm->field_bytes = lm->rec_bytes = 0;
				continue;
			}
		} else if (c == '"') {
			lm->quoted = !lm->quoted;
		} else if (c == ',' && !lm->quoted) {
			lm->field++;
			lm->field_bytes = 0;
			lm->rec_bytes++;
			continue;
		}
		if (++lm->field_bytes > CSVTAB_FIELD_MAX_BYTES)
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: line %ld, field %zu: longer than any field servdesk keeps (at most %d characters); not read further"),
			                  path, lm->rec_line, lm->field, SD_TEXT_MAX);
		if (++lm->rec_bytes > CSVTAB_RECORD_MAX_BYTES)
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: line %ld: a record longer than %d MiB; not read further"),
			                  path, lm->rec_line, CSVTAB_RECORD_MAX_BYTES >> 20);
	}
	return SD_OK;
}

/*
 * Read a whole file (fd, closed here) into memory, refusing it as soon as a field or a record
 * passes the limits (or a NUL byte comes), so that what is kept stays small
 * however long a line the file holds (even /dev/zero).
 */
static int
slurp(int fd, const char *path, char **data, size_t *len, sd_err *err)
{
	FILE *fp = fdopen(fd, "rb");
	buf b = { 0 };
	char chunk[65536];
	struct limits lm = { .line = 1, .rec_line = 1, .field = 1 };
	size_t n;
	int rc;

	if (!fp) {
		rc = sd_err_set(err, SD_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
		close(fd);
		return rc;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if ((rc = limits_feed(&lm, path, (const unsigned char *)chunk, n, err)) != SD_OK) {
			fclose(fp);
			buf_free(&b);
			return rc;
		}
		buf_append(&b, chunk, n);
	}
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		buf_free(&b);
		return sd_err_set(err, SD_IOERR, _("%s: cannot read: %s"), path, strerror(e));
	}
	fclose(fp);
	*len = b.len;
	*data = buf_steal(&b);
	return SD_OK;
}

struct feed_arg {
	struct limits lm;
	const char *path;
};

static int
feed_limits(void *arg, const char *d, size_t n, sd_err *err)
{
	struct feed_arg *a = arg;
	return limits_feed(&a->lm, a->path, (const unsigned char *)d, n, err);
}

/*
 * A regular file is never held whole: it is read in chunks (limits,
 * encoding), and the CSV reader reads its UTF-8 text through a mapping, of
 * the file itself when it is UTF-8, else of a converted copy in an unlinked
 * temporary file; the pages read are given back as the reading goes on
 * (csvtab_next). Anything else (a pipe, a device) is read into memory.
 */
static int
open_text(csvtab_file *cf, const char *path, sd_encoding enc, const char **text, size_t *len,
          sd_err *err)
{
	struct feed_arg fa = { { .line = 1, .rec_line = 1, .field = 1 }, path };
	struct stat sb;
	size_t skip = 0;
	int fd, rc;
	char *raw = NULL, *conv = NULL;
	size_t rawlen;

	/* a file the user names is opened with the user's rights, never servdesk's group */
	priv_user_begin();
	fd = open(path, O_RDONLY | O_CLOEXEC);
	priv_user_end();
	if (fd < 0)
		return sd_err_set(err, SD_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		/* a pipe: read from this opening (another could miss what was written) */
		if ((rc = slurp(fd, path, &raw, &rawlen, err)) != SD_OK)
			return rc;
		rc = enc_to_utf8(path, raw, rawlen, enc, &conv, len, NULL, err);
		free(raw);
		if (rc != SD_OK)
			return rc;
		cf->text = conv;
		*text = conv;
		return SD_OK;
	}
	/* the copy, if the file needs converting: a temporary file, unlinked at once */
	const char *dir = getenv("TMPDIR");
	sd_encoding used = ENC_UTF8;
	buf tp = { 0 };
	int out = -1;

	if (enc != ENC_UTF8) {
		buf_printf(&tp, "%s/servdesk-import-XXXXXX", dir && *dir == '/' ? dir : "/tmp");
		out = mkostemp(tp.data, O_CLOEXEC);
		if (out < 0) {
			rc = sd_err_set(err, SD_IOERR, _("%s: cannot write: %s"), buf_str(&tp), strerror(errno));
			buf_free(&tp);
			close(fd);
			return rc;
		}
		unlink(tp.data);
		buf_free(&tp);
	}
	rc = enc_file_to_utf8(path, fd, enc, feed_limits, &fa, out, &skip, len, &used, err);
	if (rc == SD_OK && used == ENC_GB18030) {
		close(fd);
		fd = out;
		out = -1;
	}
	if (out >= 0)
		close(out);
	if (rc != SD_OK) {
		close(fd);
		return rc;
	}
	if (*len == 0) {
		close(fd);
		*text = "";
		return SD_OK;
	}
	void *map = mmap(NULL, *len + skip, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return sd_err_set(err, SD_IOERR, _("%s: cannot read: %s"), path, strerror(errno));
	cf->map = map;
	cf->map_len = *len + skip;
	*text = (const char *)map + skip;
	return SD_OK;
}

int
csvtab_open(csvtab_file *cf, const char *path, sd_encoding enc, const csvtab_column *cols,
            csvtab_extra_fn extra, sd_err *err)
{
	const char *text = NULL;
	char **f;
	size_t textlen = 0, n;
	int rc, got;

	memset(cf, 0, sizeof *cf);
	cf->path = path;
	if ((rc = open_text(cf, path, enc, &text, &textlen, err)) != SD_OK)
		return rc;
	cf->rd = csv_reader_new(path, text, textlen);
	got = csv_next(cf->rd, &f, &n, err);
	if (got < 0)
		rc = err->status;
	else if (got == 0)
		rc = sd_err_set(err, SD_DATAERR, _("%s: line %ld: no header row"), path, 1L);
	else
		rc = csvtab_read_header(&cf->l, cols, extra, path, csv_line(cf->rd), f, n, err);
	if (rc != SD_OK)
		csvtab_close(cf);
	return rc;
}

/* Give back the pages of the mapping that the reader has gone past (every 2 MiB). */
static void
release_read(csvtab_file *cf)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t upto = (csv_pos(cf->rd) + (cf->map_len - csv_len(cf->rd))) / page * page;

	if (!cf->map || upto < cf->released + ((size_t)2 << 20))
		return;
	madvise((char *)cf->map + cf->released, upto - cf->released, MADV_DONTNEED);
	cf->released = upto;
}

int
csvtab_next(csvtab_file *cf, char ***f, long *line, sd_err *err)
{
	size_t n;
	int got = csv_next(cf->rd, f, &n, err);

	if (got <= 0)
		return got;
	release_read(cf);
	*line = csv_line(cf->rd);
	if (n != cf->l.ncols) {
		sd_err_set(err, SD_DATAERR, _("%s: line %ld: %zu fields, but the header has %zu"),
		           cf->path, *line, n, cf->l.ncols);
		return -1;
	}
	return 1;
}

void
csvtab_close(csvtab_file *cf)
{
	csvtab_layout_free(&cf->l);
	csv_reader_free(cf->rd);
	cf->rd = NULL;
	free(cf->text);
	cf->text = NULL;
	if (cf->map)
		munmap(cf->map, cf->map_len);
	cf->map = NULL;
}

/* ---------------------------------------------------------------- keys seen */

static size_t
seen_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

long
csvtab_seen_add(csvtab_seen *s, const char *key, long line)
{
	if (2 * (s->n + 1) > s->cap) {
		csvtab_seen t = { 0 };
		t.cap = s->cap ? s->cap * 2 : 256;
		t.key = xcalloc(t.cap, sizeof *t.key);
		t.line = xcalloc(t.cap, sizeof *t.line);
		for (size_t i = 0; i < s->cap; i++)
			if (s->key[i]) {
				size_t j = seen_hash(s->key[i]) & (t.cap - 1);
				while (t.key[j])
					j = (j + 1) & (t.cap - 1);
				t.key[j] = s->key[i];
				t.line[j] = s->line[i];
				t.n++;
			}
		free(s->key);
		free(s->line);
		*s = t;
	}
	size_t i = seen_hash(key) & (s->cap - 1);
	while (s->key[i]) {
		if (strcmp(s->key[i], key) == 0)
			return s->line[i];
		i = (i + 1) & (s->cap - 1);
	}
	s->key[i] = xstrdup(key);
	s->line[i] = line;
	s->n++;
	return 0;
}

void
csvtab_seen_free(csvtab_seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->key[i]);
	free(s->key);
	free(s->line);
	memset(s, 0, sizeof *s);
}

int
csvtab_key_once(const csvtab_layout *l, csvtab_seen *seen, const char *path, long line, int c,
                const char *key, sd_err *err)
{
	long prev;
	char problem[512];

	if (!*key)
		return SD_OK;        /* the core says "required" */
	if ((prev = csvtab_seen_add(seen, key, line)) == 0)
		return SD_OK;
	snprintf(problem, sizeof problem, _("%s is already on line %ld"), key, prev);
	return csvtab_row_error(l, path, line, c, problem, err);
}

/* ---------------------------------------------------------------- field helpers */

int
csvtab_parse_flag(const char *s, int empty)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "是" };
	static const char *const no[] = { "0", "no", "n", "false", "否" };
	char *t = text_trim(s);
	int r = *t ? -1 : empty;

	for (size_t i = 0; i < SD_ARRAY_LEN(yes) && r < 0; i++)
		if (csvtab_caseeq(t, yes[i]))
			r = 1;
	for (size_t i = 0; i < SD_ARRAY_LEN(no) && r < 0; i++)
		if (csvtab_caseeq(t, no[i]))
			r = 0;
	free(t);
	return r;
}

void
csvtab_take(char **dst, const char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = xstrdup(v);
}

/* ---------------------------------------------------------------- export */

/* Convert and write what has gathered. */
static int
flush_chunk(csvtab_writer *w)
{
	char *conv = NULL;
	size_t convlen;
	int rc;

	if (w->csv.len == 0)
		return SD_OK;
	if (isatty(fileno(w->out)) == 1) {
		/* an export to a terminal is shown, not kept: made harmless */
		char *t = text_for_terminal(w->csv.data, w->csv.len);

		buf_reset(&w->csv);
		buf_puts(&w->csv, t);
		free(t);
	}
	if (w->enc == ENC_GB18030) {
		if ((rc = enc_from_utf8(w->csv.data, w->csv.len, ENC_GB18030, &conv, &convlen,
		                        w->err)) != SD_OK)
			return rc;
	}
	const char *p = conv ? conv : w->csv.data;
	size_t len = conv ? convlen : w->csv.len;
	rc = fwrite(p, 1, len, w->out) == len ? SD_OK :
	     sd_err_set(w->err, SD_IOERR, _("cannot write the export: %s"), strerror(errno));
	free(conv);
	buf_reset(&w->csv);
	return rc;
}

void
csvtab_writer_start(csvtab_writer *w, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	sd_err_clear(err);
	if (count)
		*count = 0;
	memset(w, 0, sizeof *w);
	w->out = out;
	w->enc = enc == ENC_GB18030 ? ENC_GB18030 : ENC_UTF8;
	w->err = err;
	if (w->enc == ENC_UTF8)
		buf_puts(&w->csv, "\xef\xbb\xbf");
}

void
csvtab_put_header(csvtab_writer *w, const csvtab_column *cols, const char *numbered,
                  size_t nnumbered)
{
	for (size_t c = 0; cols[c].code; c++) {
		if (c)
			buf_putc(&w->csv, ',');
		csv_put_field(&w->csv, cols[c].code);
	}
	for (size_t i = 1; numbered && i <= nnumbered; i++)
		buf_printf(&w->csv, ",%s%zu", numbered, i);
	buf_append(&w->csv, "\r\n", 2);
}

void
csvtab_put_record(csvtab_writer *w, const char *const *v, size_t n)
{
	csv_put_record(&w->csv, v, n);
}

int
csvtab_row_done(csvtab_writer *w)
{
	w->rows++;
	return w->csv.len >= CHUNK ? flush_chunk(w) : SD_OK;
}

int
csvtab_writer_end(csvtab_writer *w, int rc, long *count)
{
	if (rc == SD_OK)
		rc = flush_chunk(w);
	if (rc == SD_OK && fflush(w->out) != 0)
		rc = sd_err_set(w->err, SD_IOERR, _("cannot write the export: %s"), strerror(errno));
	buf_free(&w->csv);
	if (rc == SD_OK && count)
		*count = w->rows;
	return rc;
}
