/*
 * test_inbox.c — the inbox's file rules on real files made here: the kind
 * of a file from its first bytes; SHA-256 against the standard's test
 * vectors, of memory and of a file; the pages of a TIFF (libtiff, written
 * here with 1, 3 and 5 directories) and of a PDF (cairo, 2 pages); the
 * sender from a TIFF's ImageDescription (HylaFAX's TSI), trimmed, made
 * harmless for a terminal, and absent when the tag is; a damaged file
 * refused; a page drawn in ASCII characters.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <tiffio.h>

#include "buf.h"
#include "inbox.h"

static char dir[] = "/tmp/servdesk-inbox-XXXXXX";

static char *
in_dir(const char *name)
{
	buf b = { 0 };

	buf_printf(&b, "%s/%s", dir, name);
	return buf_steal(&b);
}

/* A TIFF of pages 64x32 grey pages, each with a black square; desc (if not NULL) on the first. */
static void
make_tiff(const char *path, int pages, const char *desc)
{
	TIFF *t = TIFFOpen(path, "w");
	unsigned char row[64];

	assert_non_null(t);
	for (int p = 0; p < pages; p++) {
		TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 64);
		TIFFSetField(t, TIFFTAG_IMAGELENGTH, 32);
		TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
		TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
		TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
		TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 32);
		if (desc && p == 0)
			TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, desc);
		for (int y = 0; y < 32; y++) {
			for (int x = 0; x < 64; x++)
				row[x] = (x >= 16 && x < 48 && y >= 8 && y < 24) ? 0 : 255;
			assert_true(TIFFWriteScanline(t, row, (uint32_t)y, 0) >= 0);
		}
		assert_true(TIFFWriteDirectory(t));
	}
	TIFFClose(t);
}

static void
test_kinds(void **state)
{
	(void)state;
	assert_int_equal(att_kind_of((const unsigned char *)"II*\0xxxx", 8), ATT_TIFF);
	assert_int_equal(att_kind_of((const unsigned char *)"MM\0*xxxx", 8), ATT_TIFF);
	assert_int_equal(att_kind_of((const unsigned char *)"%PDF-1.7", 8), ATT_PDF);
	assert_int_equal(att_kind_of((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), ATT_PNG);
	assert_int_equal(att_kind_of((const unsigned char *)"\xff\xd8\xff\xe0", 4), ATT_JPEG);
	assert_int_equal(att_kind_of((const unsigned char *)"II*", 3), ATT_UNKNOWN);
	assert_int_equal(att_kind_of((const unsigned char *)"hello, world", 12), ATT_UNKNOWN);
	assert_string_equal(att_mime(ATT_PDF), "application/pdf");
	assert_int_equal(att_kind_of_mime("image/tiff"), ATT_TIFF);
	assert_int_equal(att_kind_of_mime("text/plain"), ATT_UNKNOWN);
}

static void
test_sha256(void **state)
{
	char hex[65];
	char *p = in_dir("abc.bin");
	int fd;
	off_t size = 0;
	sd_err err;

	(void)state;
	att_hash_mem("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	att_hash_mem("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	att_hash_mem("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a file longer than one read: a million 'a' */
	fd = open(p, O_CREAT | O_TRUNC | O_RDWR, 0600);
	assert_true(fd >= 0);
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	assert_int_equal(write(fd, a, 1000000), 1000000);
	free(a);
	sd_err_clear(&err);
	assert_int_equal(att_hash_fd(fd, hex, &size, &err), SD_OK);
	assert_int_equal(size, 1000000);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	close(fd);
	free(p);
}

static void
test_tiff_pages_and_sender(void **state)
{
	char *p1 = in_dir("one.tif"), *p3 = in_dir("three.tif"), *p5 = in_dir("five.tif");
	char *sender = NULL;
	int pages = 0;
	sd_err err;

	(void)state;
	make_tiff(p1, 1, NULL);
	make_tiff(p3, 3, "  +86 512 5863 9752  ");
	make_tiff(p5, 5, "ACME\x1b[2J FAX");
	sd_err_clear(&err);
	assert_int_equal(att_probe(p1, ATT_TIFF, &pages, &sender, &err), SD_OK);
	assert_int_equal(pages, 1);
	assert_null(sender);
	assert_int_equal(att_probe(p3, ATT_TIFF, &pages, &sender, &err), SD_OK);
	assert_int_equal(pages, 3);
	assert_string_equal(sender, "+86 512 5863 9752");
	free(sender);
	assert_int_equal(att_probe(p5, ATT_TIFF, &pages, &sender, &err), SD_OK);
	assert_int_equal(pages, 5);
	assert_non_null(sender);
	assert_null(strchr(sender, '\x1b'));
	assert_non_null(strstr(sender, "ACME"));
	free(sender);
	free(p1);
	free(p3);
	free(p5);
}

static void
test_pdf_pages(void **state)
{
	char *p = in_dir("two.pdf"), *bad = in_dir("cut.pdf");
	cairo_surface_t *s = cairo_pdf_surface_create(p, 595, 842);
	cairo_t *cr = cairo_create(s);
	int pages = 0;
	sd_err err;
	FILE *in, *out;
	char b[200];
	size_t n;

	(void)state;
	cairo_rectangle(cr, 100, 100, 200, 200);
	cairo_fill(cr);
	cairo_show_page(cr);
	cairo_rectangle(cr, 50, 50, 100, 100);
	cairo_fill(cr);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	sd_err_clear(&err);
	assert_int_equal(att_probe(p, ATT_PDF, &pages, NULL, &err), SD_OK);
	assert_int_equal(pages, 2);
	/* the first 200 bytes of it: still being written, not a PDF yet */
	in = fopen(p, "rb");
	out = fopen(bad, "wb");
	n = fread(b, 1, sizeof b, in);
	fwrite(b, 1, n, out);
	fclose(in);
	fclose(out);
	assert_int_equal(att_probe(bad, ATT_PDF, &pages, NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "cut.pdf"));
	free(p);
	free(bad);
}

static void
test_damaged_tiff(void **state)
{
	char *p = in_dir("bad.tif");
	FILE *fp = fopen(p, "wb");
	int pages = 0;
	sd_err err;

	(void)state;
	fputs("II*\0garbage", fp);
	fclose(fp);
	sd_err_clear(&err);
	assert_int_equal(att_probe(p, ATT_TIFF, &pages, NULL, &err), SD_DATAERR);
	free(p);
}

static void
test_page_text(void **state)
{
	char *p = in_dir("three.tif");
	char **lines = NULL;
	int ink = 0, n = 0;
	sd_err err;

	(void)state;
	sd_err_clear(&err);
	assert_int_equal(att_page_text(p, "image/tiff", 1, 40, 20, &lines, &err), SD_OK);
	for (; lines[n]; n++) {
		assert_true((int)strlen(lines[n]) <= 40);
		for (const char *c = lines[n]; *c; c++) {
			assert_true(*c >= 0x20 && *c < 0x7f);
			if (*c != ' ')
				ink++;
		}
		free(lines[n]);
	}
	free(lines);
	/* 64x32 pixels kept in shape: 40 cells wide, about 10 high; the square shows */
	assert_true(n >= 8 && n <= 12);
	assert_true(ink > 20);
	assert_int_equal(att_page_text(p, "image/tiff", 7, 40, 20, &lines, &err), SD_DATAERR);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_tiff_pages_and_sender),
		cmocka_unit_test(test_pdf_pages),
		cmocka_unit_test(test_damaged_tiff),
		cmocka_unit_test(test_page_text),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	{
		buf b = { 0 };

		buf_printf(&b, "rm -rf '%s'", dir);
		if (system(buf_str(&b)) != 0)
			rc = rc ? rc : 1;
		buf_free(&b);
	}
	return rc;
}
