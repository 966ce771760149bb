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

#include "buf.h"
#include "demo.h"
#include "inbox.h"
#include "intake.h"
#include "media.h"
#include "store.h"

/* A fax of `pages` pages as a fax server writes it (drawn by the media module). */
static int
write_fax(const char *path, int pages, const char *sender, unsigned seed, sd_err *err)
{
	const struct media_ops *m = media_get(err);

	return m ? m->write_fax(path, pages, sender, seed, err) : err->status;
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
