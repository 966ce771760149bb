/*
 * demo_inbox.c — the demonstration's fax inbox: a directory beside the
 * database (DATABASE.inbox) named by the setting inbox_dir, two received
 * faxes waiting in it (multi-page TIFF files as a fax server writes them:
 * 1 bit per pixel, CCITT group 4, the sender's number in ImageDescription),
 * and one request registered from a fax, its original attached.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <tiffio.h>

#include "buf.h"
#include "demo.h"
#include "inbox.h"
#include "intake.h"
#include "store.h"

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

/* Date the file minutes_ago before the demonstration's now (its arrival). */
static void
date_file(const char *path, int minutes_ago)
{
	char now[17];
	struct tm tm;
	struct timespec ts[2];

	store_now(now);
	memset(&tm, 0, sizeof tm);
	if (sscanf(now, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	ts[0].tv_sec = ts[1].tv_sec = mktime(&tm) - (time_t)minutes_ago * 60;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, path, ts, 0);
}

int
demo_inbox(store *st, sd_err *err)
{
	buf dir = { 0 }, p = { 0 };
	sd_request r;
	int rc;

	buf_printf(&dir, "%s.inbox", store_path(st));
	if (mkdir(buf_str(&dir), 0770) != 0 && errno != EEXIST) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), buf_str(&dir), strerror(errno));
		goto out;
	}
	if ((rc = store_set_setting(st, "inbox_dir", buf_str(&dir), err)) != SD_OK)
		goto out;
	/* two faxes waiting */
	buf_printf(&p, "%s/fax000101.tif", buf_str(&dir));
	if ((rc = write_fax(buf_str(&p), 2, "+86 512 5863 9752", 7, err)) != SD_OK)
		goto out;
	date_file(buf_str(&p), 35);
	buf_reset(&p);
	buf_printf(&p, "%s/fax000102.tif", buf_str(&dir));
	if ((rc = write_fax(buf_str(&p), 3, "022 2560 3311", 19, err)) != SD_OK)
		goto out;
	date_file(buf_str(&p), 12);
	/* one registered from a fax earlier, the original kept with it */
	buf_reset(&p);
	buf_printf(&p, "%s/.fax000100.tif", buf_str(&dir));
	if ((rc = write_fax(buf_str(&p), 2, "0510 8523 7788", 3, err)) != SD_OK)
		goto out;
	intake_request_init(&r);
	r.channel = CH_FAX;
	r.fax_pages = 2;
	store_now(r.received_at);
	r.customer = xstrdup("无锡华通重工机械有限公司");
	r.requester = xstrdup("钱国强");
	r.phone = xstrdup("0510-85237788");
	r.priority = 2;
	intake_request_add_item(&r, "2号行车主钩制动器打滑，吊重下溜约 5 厘米，已限载使用，请尽快派人检修。");
	if ((rc = intake_add(st, &r, true, err)) == SD_OK)
		rc = att_link_in_tx(st, r.id, r.regno, buf_str(&p), err);
	intake_request_free(&r);
	remove(buf_str(&p));
out:
	buf_free(&dir);
	buf_free(&p);
	return rc;
}
