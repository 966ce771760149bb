/*
 * media_mod.c — the document and picture module (media.h): what needs
 * cairo, pango, libxlsxwriter, libtiff, poppler and chafa. The PDF and XLSX
 * renderers are src/doc_pdf.c and src/doc_xlsx.c; here are the fax pages
 * (pages and sender of a TIFF, pages of a PDF, a page drawn in characters)
 * and the demonstration's faxes, and the one symbol the module exports.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <chafa.h>
#include <glib.h>
#include <poppler.h>
#include <tiffio.h>

#include "inbox.h"
#include "media.h"
#include "text.h"

/* ---------------------------------------------------------------- probing */

/* libtiff and poppler report to stderr; the desk owns the terminal. */
static int
quiet_begin(void)
{
	int saved = dup(2);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	if (null >= 0)
		close(null);
	return saved;
}

static void
quiet_end(int saved)
{
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
}

static int
tiff_probe(const char *path, char **desc)
{
	TIFF *t;
	char *d = NULL;
	int pages = 0, q;

	*desc = NULL;
	TIFFSetWarningHandler(NULL);
	TIFFSetErrorHandler(NULL);
	q = quiet_begin();
	t = TIFFOpen(path, "r");
	if (t) {
		if (TIFFGetField(t, TIFFTAG_IMAGEDESCRIPTION, &d) == 1 && d)
			*desc = xstrdup(d);
		pages = (int)TIFFNumberOfDirectories(t);
		TIFFClose(t);
	}
	quiet_end(q);
	return pages;
}

static int
pdf_pages(const char *path)
{
	GFile *f = g_file_new_for_path(path);
	GError *ge = NULL;
	PopplerDocument *d;
	int pages = 0, q;

	q = quiet_begin();
	d = poppler_document_new_from_gfile(f, NULL, NULL, &ge);
	if (d) {
		pages = poppler_document_get_n_pages(d);
		g_object_unref(d);
	}
	quiet_end(q);
	g_object_unref(f);
	if (ge)
		g_error_free(ge);
	return pages;
}

/* ---------------------------------------------------------------- a page as text */

/* Page (0-based) of the file at path as 8-bit RGBA or BGRA pixels (malloc'd). */
static int
page_pixels(const char *path, int kind, int page, unsigned char **px, int *w, int *h, int *stride,
            ChafaPixelType *type, sd_err *err)
{
	int q;

	*px = NULL;
	if (kind == ATT_TIFF) {
		TIFF *t;
		uint32_t tw = 0, th = 0;
		int ok = 0;

		TIFFSetWarningHandler(NULL);
		TIFFSetErrorHandler(NULL);
		q = quiet_begin();
		if ((t = TIFFOpen(path, "r")) != NULL) {
			if (TIFFSetDirectory(t, (uint16_t)page) && TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &tw) &&
			    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &th) && tw > 0 && th > 0 && tw < 20000 && th < 20000) {
				uint32_t *raster = xmalloc((size_t)tw * th * 4);
				if (TIFFReadRGBAImageOriented(t, tw, th, raster, ORIENTATION_TOPLEFT, 0)) {
					/* ABGR in a 32-bit word: R, G, B, A in memory on a little-endian machine */
					unsigned char *b = xmalloc((size_t)tw * th * 4);
					for (size_t i = 0; i < (size_t)tw * th; i++) {
						b[i * 4] = (unsigned char)TIFFGetR(raster[i]);
						b[i * 4 + 1] = (unsigned char)TIFFGetG(raster[i]);
						b[i * 4 + 2] = (unsigned char)TIFFGetB(raster[i]);
						b[i * 4 + 3] = (unsigned char)TIFFGetA(raster[i]);
					}
					*px = b;
					*w = (int)tw;
					*h = (int)th;
					*stride = (int)tw * 4;
					*type = CHAFA_PIXEL_RGBA8_UNASSOCIATED;
					ok = 1;
				}
				free(raster);
			}
			TIFFClose(t);
		}
		quiet_end(q);
		return ok ? SD_OK : sd_err_set(err, SD_DATAERR, _("%s: not a readable TIFF file"), path);
	}
	if (kind == ATT_PDF || kind == ATT_PNG) {
		cairo_surface_t *s = NULL;

		q = quiet_begin();
		if (kind == ATT_PNG) {
			s = cairo_image_surface_create_from_png(path);
		} else {
			GFile *f = g_file_new_for_path(path);
			PopplerDocument *d = poppler_document_new_from_gfile(f, NULL, NULL, NULL);
			PopplerPage *pg = d ? poppler_document_get_page(d, page) : NULL;

			if (pg) {
				double pw, ph, scale;
				cairo_t *cr;

				poppler_page_get_size(pg, &pw, &ph);
				scale = pw > 0 ? 800.0 / pw : 1.0;
				s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 800, (int)(ph * scale) + 1);
				cr = cairo_create(s);
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_paint(cr);
				cairo_scale(cr, scale, scale);
				poppler_page_render(pg, cr);
				cairo_destroy(cr);
				g_object_unref(pg);
			}
			if (d)
				g_object_unref(d);
			g_object_unref(f);
		}
		quiet_end(q);
		if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			if (s)
				cairo_surface_destroy(s);
			return sd_err_set(err, SD_DATAERR, _("%s: cannot be read as %s"), path, kind == ATT_PDF ? "application/pdf" : "image/png");
		}
		cairo_surface_flush(s);
		*w = cairo_image_surface_get_width(s);
		*h = cairo_image_surface_get_height(s);
		*stride = cairo_image_surface_get_stride(s);
		*px = xmalloc((size_t)*stride * (size_t)*h);
		memcpy(*px, cairo_image_surface_get_data(s), (size_t)*stride * (size_t)*h);
		*type = CHAFA_PIXEL_BGRA8_PREMULTIPLIED;
		cairo_surface_destroy(s);
		return SD_OK;
	}
	return sd_err_set(err, SD_DATAERR, _("%s: this kind of file is shown by the viewer setting's command only"),
	                  path);
}

static int
page_text(const char *path, int kind, int page, int cols, int rows, char ***lines, sd_err *err)
{
	unsigned char *px;
	int w = 0, h = 0, stride = 0, rc;
	ChafaPixelType type = CHAFA_PIXEL_RGBA8_UNASSOCIATED;
	ChafaCanvasConfig *cfg;
	ChafaSymbolMap *map;
	ChafaCanvas *cv;

	*lines = NULL;
	if (cols < 1 || rows < 1)
		return sd_err_set(err, SD_USAGE, "%s", _("the window is too small"));
	if ((rc = page_pixels(path, kind, page, &px, &w, &h, &stride, &type, err)) != SD_OK)
		return rc;
	/* the page's shape kept: a character cell is about twice as high as wide */
	int cw = cols, ch = (int)((double)h / w * cw / 2.0 + 0.5);
	if (ch > rows) {
		ch = rows;
		cw = (int)((double)w / h * ch * 2.0 + 0.5);
	}
	if (cw < 1)
		cw = 1;
	if (ch < 1)
		ch = 1;
	cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, cw, ch);
	chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_FGBG);
	map = chafa_symbol_map_new();
	/* ASCII only: one cell wide in every terminal, UTF-8 or GB18030 */
	chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_ASCII);
	chafa_canvas_config_set_symbol_map(cfg, map);
	cv = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(cv, type, px, w, h, stride);
	*lines = xcalloc((size_t)ch + 1, sizeof **lines);
	for (int y = 0; y < ch; y++) {
		char *l = xmalloc((size_t)cw + 1);
		for (int x = 0; x < cw; x++) {
			gunichar u = chafa_canvas_get_char_at(cv, x, y);
			l[x] = u >= 0x20 && u < 0x7f ? (char)u : ' ';
		}
		l[cw] = '\0';
		(*lines)[y] = l;
	}
	chafa_canvas_unref(cv);
	chafa_symbol_map_unref(map);
	chafa_canvas_config_unref(cfg);
	free(px);
	return SD_OK;
}

/* ---------------------------------------------------------------- the demonstration's faxes */

enum { FAX_W = 864, FAX_H = 1100 };

/* Black (set) pixels of a fax page that looks like a typed letter: a letterhead, lines of text, a signature. */
static bool
ink(int page, int x, int y, unsigned seed)
{
	if (y >= 60 && y < 110 && x >= 80 && x < 784)   /* the letterhead */
		return (y < 70 || y >= 100 || x < 90 || x >= 774) || ((x / 12 + y / 8 + (int)seed) % 5 == 0);
	if (y >= 160 && y < 980) {
		int line = (y - 160) / 34, in = (y - 160) % 34;
		int len = 600 - (int)((line * 37u + seed * 11u + (unsigned)page * 53u) % 260u);
		if (in >= 10 && in < 24 && x >= 100 && x < 100 + len)
			return ((x / 9 + line + (int)seed) % 7) != 0 && ((x * 7 + y * 3 + (int)seed) % 11) < 8;
	}
	if (y >= 1010 && y < 1040 && x >= 560 && x < 760)   /* a signature */
		return ((x + (int)seed) / 6 + y / 5) % 3 == 0;
	return false;
}

static int
write_fax(const char *path, int pages, const char *sender, unsigned seed, sd_err *err)
{
	TIFF *t;
	unsigned char row[FAX_W / 8];

	TIFFSetWarningHandler(NULL);
	TIFFSetErrorHandler(NULL);
	if (!(t = TIFFOpen(path, "w")))
		return sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), path, strerror(errno));
	for (int p = 0; p < pages; p++) {
		TIFFSetField(t, TIFFTAG_IMAGEWIDTH, (uint32_t)FAX_W);
		TIFFSetField(t, TIFFTAG_IMAGELENGTH, (uint32_t)FAX_H);
		TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
		TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
		TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
		TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
		TIFFSetField(t, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
		TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, (uint32_t)FAX_H);
		TIFFSetField(t, TIFFTAG_XRESOLUTION, 102.0);
		TIFFSetField(t, TIFFTAG_YRESOLUTION, 98.0);
		TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
		TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
		TIFFSetField(t, TIFFTAG_PAGENUMBER, (uint16_t)p, (uint16_t)pages);
		if (sender)
			TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, sender);
		for (int y = 0; y < FAX_H; y++) {
			memset(row, 0, sizeof row);
			for (int x = 0; x < FAX_W; x++)
				if (ink(p, x, y, seed))
					row[x / 8] |= (unsigned char)(0x80 >> (x % 8));
			if (TIFFWriteScanline(t, row, (uint32_t)y, 0) < 0) {
				TIFFClose(t);
				return sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), path, "TIFF");
			}
		}
		if (!TIFFWriteDirectory(t)) {
			TIFFClose(t);
			return sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), path, "TIFF");
		}
	}
	TIFFClose(t);
	return SD_OK;
}

/* ---------------------------------------------------------------- the module */

/* The one symbol the module exports (media.map). */
const struct media_ops servdesk_media = {
	.version = PACKAGE_VERSION,
	.size = sizeof(struct media_ops),
	.render_pdf = media_render_pdf,
	.render_xlsx = media_render_xlsx,
	.tiff_probe = tiff_probe,
	.pdf_pages = pdf_pages,
	.page_text = page_text,
	.write_fax = write_fax,
};
