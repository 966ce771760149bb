/*
 * test_doc_pdf.c — a document as PDF (doc_pdf.c), read back with pdfinfo and
 * pdftotext: an empty document is one page with its footer; a table too wide
 * for a portrait page turns the pages to landscape and wraps its text
 * columns, keeping every value; control characters and markup-like text are
 * shown, not obeyed; a long note runs onto further pages, every line once;
 * the page count on the first page is the real one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"

static char dir[] = "/tmp/test_doc_pdf.XXXXXX";
static char path[64];

static void
render(const sd_doc *d)
{
	doc_opts o = { .format = DOCF_PDF, .mark = "*" };
	buf out = { 0 };
	sd_err err;

	assert_int_equal(doc_render_pdf(d, &o, &out, &err), SD_OK);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "%PDF-", 5);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&out);
}

/* The output of a poppler tool run on the file. */
static char *
run(const char *tool)
{
	char cmd[256], chunk[4096];
	buf b = { 0 };
	size_t n;

	snprintf(cmd, sizeof cmd, "%s '%s' - 2>/dev/null", tool, path);
	if (!strcmp(tool, "pdfinfo"))
		snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	pclose(p);
	return buf_steal(&b);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int
setup(void **state)
{
	(void)state;
	if (system("pdfinfo -v >/dev/null 2>&1") != 0 || system("pdftotext -v >/dev/null 2>&1") != 0)
		return -1;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.pdf", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void
test_empty(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Nothing here", "Site A");
	render(d);
	doc_free(d);
	char *info = run("pdfinfo"), *text = run("pdftotext -raw");
	assert_non_null(strstr(info, "Pages:           1\n"));
	assert_non_null(strstr(info, "Page size:       595.276 x 841.89 pts (A4)"));
	assert_non_null(strstr(text, "page 1 of 1"));
	assert_non_null(strstr(text, "Site A"));
	assert_int_equal(count(text, "Nothing here"), 2);   /* the page header and the title */
	free(info);
	free(text);
}

static void
test_wide_table_turns_landscape(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Wide", "");
	doc_col cols[10];
	char keys[10][8], heads[10][32];
	for (int i = 0; i < 10; i++) {
		snprintf(keys[i], sizeof keys[i], "c%d", i);
		snprintf(heads[i], sizeof heads[i], "Column%d", i);
		cols[i] = (doc_col){ .key = keys[i], .head = heads[i], .type = i % 2 ? DOC_COUNT : DOC_TEXT };
	}
	doc_block *t = doc_table(d, "w", NULL, cols, 10);
	doc_cell r[10];
	for (int i = 0; i < 10; i++)
		r[i] = i % 2 ? doc_count(1000000 + i) : doc_text("alpha beta gamma delta epsilon zeta");
	doc_row(t, r);
	render(d);
	doc_free(d);
	char *info = run("pdfinfo"), *text = run("pdftotext -raw");
	assert_non_null(strstr(info, "Page size:       841.89 x 595.276 pts (A4)"));
	for (int i = 1; i < 10; i += 2) {
		char want[16];
		snprintf(want, sizeof want, "%d", 1000000 + i);
		assert_non_null(strstr(text, want));   /* numbers are never wrapped */
	}
	assert_int_equal(count(text, "epsilon"), 5);
	free(info);
	free(text);
}

static void
test_hostile_text(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "<b>bold</b> &amp;", "");
	doc_col cols[] = { { .key = "v", .head = "<i>v</i>", .type = DOC_TEXT } };
	doc_block *t = doc_table(d, "t", NULL, cols, 1);
	doc_cell r1[] = { doc_text("esc\x1b[31m red") };
	doc_cell r2[] = { doc_text("<span foreground=\"red\">x</span>") };
	doc_row(t, r1);
	doc_row(t, r2);
	render(d);
	doc_free(d);
	char *text = run("pdftotext -raw");
	assert_non_null(strstr(text, "<b>bold</b> &amp;"));          /* not markup */
	assert_non_null(strstr(text, "<i>v</i>"));
	assert_non_null(strstr(text, "esc^[[31m red"));              /* the escape shown, not obeyed */
	assert_non_null(strstr(text, "<span foreground=\"red\">x</span>"));
	free(text);
}

static void
test_long_note_and_page_count(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Notes", "");
	buf b = { 0 };
	for (int i = 1; i <= 150; i++)
		buf_printf(&b, "line %03d of the note\n", i);
	doc_note(d, NULL, buf_str(&b));
	buf_free(&b);
	render(d);
	doc_free(d);
	char *info = run("pdfinfo"), *text = run("pdftotext -raw");
	const char *p = strstr(info, "Pages:");
	assert_non_null(p);
	long pages = strtol(p + 6, NULL, 10);
	assert_true(pages >= 3);
	char want[32];
	snprintf(want, sizeof want, "page 1 of %ld", pages);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "page %ld of %ld", pages, pages);
	assert_non_null(strstr(text, want));
	for (int i = 1; i <= 150; i++) {
		snprintf(want, sizeof want, "line %03d of the note", i);
		assert_int_equal(count(text, want), 1);
	}
	free(info);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_wide_table_turns_landscape),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_long_note_and_page_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
