/*
 * fuzz_csv.c — fuzz target for the CSV reader (src/csv.h).
 *
 * Reads every record of the input until the end or the first error; then
 * writes the records back with the CSV writer and reads that stream again:
 * it must give the same records, field for field, and writing those again
 * must give the same bytes. One normalisation is allowed for: the reader
 * folds CR LF inside a quoted field to LF, so a field read from "\r\r\n"
 * holds CR LF, which no CSV text can give back; such fields are compared
 * (and written) with every run of CRs before a LF dropped. An error must name a line and field
 * inside the input. A broken invariant aborts.
 *
 * Built with libFuzzer (`make fuzz`), or with tests/fuzz/driver.c as an
 * ordinary test that runs the seed corpus.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(c) \
	do { \
		if (!(c)) { \
			fprintf(stderr, "fuzz_csv: invariant failed: %s (line %d)\n", #c, __LINE__); \
			abort(); \
		} \
	} while (0)

/* Append s to b without the CRs that come before a LF. */
static void
put_folded(buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\r') {
			size_t n = strspn(s, "\r");

			if (s[n] == '\n') {
				s += n - 1;
				continue;
			}
		}
		buf_putc(b, *s);
	}
}

/*
 * All records of data[0..len): their CSV text in *out, and each field with
 * its length in *canon (to compare records exactly; with fold, CR LF inside
 * a field as LF); -1 on a read error.
 */
static int
read_all(const char *data, size_t len, buf *out, buf *canon, bool fold, size_t *nrec,
         long *last_line)
{
	csv_reader *r = csv_reader_new("fuzz.csv", data, len);
	sd_err err;
	char **fields;
	size_t nf;
	int rc;

	sd_err_clear(&err);
	*nrec = 0;
	while ((rc = csv_next(r, &fields, &nf, &err)) == 1) {
		FUZZ_ASSERT(nf >= 1);
		char **put = xcalloc(nf, sizeof *put);

		buf_printf(canon, "R%zu:", nf);
		for (size_t i = 0; i < nf; i++) {
			buf t;

			FUZZ_ASSERT(fields[i] != NULL);
			buf_init(&t);
			if (fold)
				put_folded(&t, fields[i]);
			else
				buf_puts(&t, fields[i]);
			buf_printf(canon, "%zu:", t.len);
			buf_append(canon, t.data, t.len);
			put[i] = buf_steal(&t);
		}
		csv_put_record(out, (const char *const *)put, nf);
		for (size_t i = 0; i < nf; i++)
			free(put[i]);
		free(put);
		(*nrec)++;
		*last_line = csv_line(r);
	}
	if (rc < 0) {
		FUZZ_ASSERT(err.status == SD_DATAERR);
		FUZZ_ASSERT(strncmp(err.msg, "fuzz.csv: line ", 15) == 0);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
	} else {
		FUZZ_ASSERT(rc == 0);
		/* the end is sticky */
		FUZZ_ASSERT(csv_next(r, &fields, &nf, &err) == 0);
	}
	csv_reader_free(r);
	return rc;
}

static bool
same(const buf *a, const buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf once, twice, c1, c2;
	size_t n1, n2;
	long line = 0;

	buf_init(&once);
	buf_init(&twice);
	buf_init(&c1);
	buf_init(&c2);
	if (read_all((const char *)data, size, &once, &c1, true, &n1, &line) == 0) {
		FUZZ_ASSERT(n1 == 0 || line >= 1);
		/* What the writer wrote reads back as the same records, */
		FUZZ_ASSERT(read_all(once.data ? once.data : "", once.len, &twice, &c2, false, &n2, &line) == 0);
		FUZZ_ASSERT(n1 == n2);
		FUZZ_ASSERT(same(&c1, &c2));
		/* and writing them again gives the same bytes. */
		FUZZ_ASSERT(same(&once, &twice));
	}
	buf_free(&once);
	buf_free(&twice);
	buf_free(&c1);
	buf_free(&c2);
	return 0;
}
