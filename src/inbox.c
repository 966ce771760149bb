/*
 * inbox.c — the fax inbox and the attachment store (see inbox.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "admin.h"
#include "buf.h"
#include "inbox.h"
#include "media.h"
#include "priv.h"
#include "staff.h"
#include "text.h"

/* ---------------------------------------------------------------- kinds */

int
att_kind_of(const unsigned char *h, size_t n)
{
	if (n >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) ||
	               (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42)))
		return ATT_TIFF;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return ATT_PDF;
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return ATT_PNG;
	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return ATT_JPEG;
	return ATT_UNKNOWN;
}

static const char *const mimes[] = { "", "image/tiff", "application/pdf", "image/png", "image/jpeg" };

const char *
att_mime(int kind)
{
	return kind > 0 && kind < (int)SD_ARRAY_LEN(mimes) ? mimes[kind] : "";
}

int
att_kind_of_mime(const char *mime)
{
	for (int k = 1; mime && k < (int)SD_ARRAY_LEN(mimes); k++)
		if (strcmp(mime, mimes[k]) == 0)
			return k;
	return ATT_UNKNOWN;
}

/* ---------------------------------------------------------------- hashing */

static void
checksum_hex(GChecksum *c, char hex[65])
{
	const char *s = g_checksum_get_string(c);

	snprintf(hex, 65, "%s", s ? s : "");
}

void
att_hash_mem(const void *p, size_t n, char hex[65])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(c, p, (gssize)n);
	checksum_hex(c, hex);
	g_checksum_free(c);
}

int
att_hash_fd(int fd, char hex[65], off_t *size, sd_err *err)
{
	GChecksum *c;
	unsigned char b[65536];
	off_t total = 0;
	ssize_t r;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return sd_err_set(err, SD_IOERR, _("cannot read the file: %s"), strerror(errno));
	c = g_checksum_new(G_CHECKSUM_SHA256);
	while ((r = read(fd, b, sizeof b)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			g_checksum_free(c);
			return sd_err_set(err, SD_IOERR, _("cannot read the file: %s"), strerror(errno));
		}
		g_checksum_update(c, b, r);
		total += r;
	}
	checksum_hex(c, hex);
	g_checksum_free(c);
	if (size)
		*size = total;
	return SD_OK;
}

/* ---------------------------------------------------------------- probing */

static char *
clean_sender(const char *s)
{
	char *t, *u;

	if (!s)
		return NULL;
	t = text_sanitize(s, false);
	u = text_trim_or_null(t);
	free(t);
	if (u && utf8_length(u) > 100) {
		size_t cut = text_prefix_for_width(u, 100, NULL);
		u[cut] = '\0';
	}
	return u;
}

int
att_probe(const char *path, int kind, int *pages, char **sender, sd_err *err)
{
	const struct media_ops *m;

	*pages = 0;
	if (sender)
		*sender = NULL;
	switch (kind) {
	case ATT_TIFF: {
		char *desc = NULL;

		if (!(m = media_get(err)))
			return err->status;
		*pages = m->tiff_probe(path, &desc);
		if (*pages > 0 && sender)
			*sender = clean_sender(desc);
		free(desc);
		if (*pages <= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: not a readable TIFF file"), path);
		return SD_OK;
	}
	case ATT_PDF:
		if (!(m = media_get(err)))
			return err->status;
		*pages = m->pdf_pages(path);
		if (*pages <= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: not a readable PDF file"), path);
		return SD_OK;
	case ATT_PNG:
	case ATT_JPEG:
		*pages = 1;
		return SD_OK;
	}
	return sd_err_set(err, SD_DATAERR, _("%s: not a TIFF, PDF, PNG or JPEG file"), path);
}

/* ---------------------------------------------------------------- the store */

char *
att_store_dir_for(const char *db_path)
{
	buf b = { 0 };

	buf_printf(&b, "%s.files", db_path);
	return buf_steal(&b);
}

char *
att_store_file(store *st, const char *hash)
{
	buf b = { 0 };

	buf_printf(&b, "%s.files/%.2s/%s", store_path(st), hash, hash);
	return buf_steal(&b);
}

/* The database file's group and permission bits for the store's files (at most 0660). */
static void
db_mode(store *st, gid_t *gid, mode_t *mode)
{
	struct stat sb;

	if (stat(store_path(st), &sb) == 0) {
		*gid = sb.st_gid;
		*mode = sb.st_mode & 0660;
	} else {
		*gid = getegid();
		*mode = 0660;
	}
	*mode |= 0600;
}

/* Give fd the database's group and mode (dir: with search permission where readable). */
static int
own_fd(int fd, gid_t gid, mode_t mode, bool dir)
{
	struct stat sb;

	if (dir)
		mode |= (mode & 0440) >> 2;
	if (fstat(fd, &sb) == 0 && sb.st_gid != gid && fchown(fd, (uid_t)-1, gid) != 0)
		return -1;
	return fchmod(fd, mode);
}

/* Make directory path (one level) with the database's group and mode, if missing. */
static int
make_dir(const char *path, gid_t gid, mode_t mode, sd_err *err)
{
	int fd;

	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return sd_err_set(err, SD_IOERR, _("cannot create the attachment store %s: %s"), path,
		                  strerror(errno));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return sd_err_set(err, SD_IOERR, _("cannot open the attachment store %s: %s"), path,
		                  strerror(errno));
	if (own_fd(fd, gid, mode, true) != 0) {
		int e = errno;
		close(fd);
		return sd_err_set(err, SD_IOERR, _("cannot set the group of the attachment store %s: %s"),
		                  path, strerror(e));
	}
	close(fd);
	return SD_OK;
}

static int
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

bool
att_store_intact(store *st, const char *hash)
{
	char *p = att_store_file(st, hash);
	char got[65];
	int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool ok = false;

	free(p);
	if (fd < 0)
		return false;
	if (att_hash_fd(fd, got, NULL, NULL) == SD_OK)
		ok = strcmp(got, hash) == 0;
	close(fd);
	return ok;
}

/* A test may stop the program at a step (SERVDESK_INBOX_STOP=copied|committed) to kill it there. */
static void
test_stop(const char *step)
{
	const char *s = priv_setgid() ? NULL : getenv("SERVDESK_INBOX_STOP");

	if (s && strcmp(s, step) == 0)
		raise(SIGSTOP);
}

int
att_store_put(store *st, int fd, const char *hash, sd_err *err)
{
	char *top = att_store_dir_for(store_path(st));
	char *file = att_store_file(st, hash);
	buf sub = { 0 }, tmp = { 0 };
	gid_t gid;
	mode_t mode;
	int out = -1, rc = SD_OK;
	GChecksum *c = NULL;
	unsigned char b[65536];
	ssize_t r;
	char got[65];

	if (att_store_intact(st, hash))
		goto done;
	db_mode(st, &gid, &mode);
	buf_printf(&sub, "%s/%.2s", top, hash);
	if ((rc = make_dir(top, gid, mode, err)) != SD_OK || (rc = make_dir(buf_str(&sub), gid, mode, err)) != SD_OK)
		goto done;
	buf_printf(&tmp, "%s/.%s.%ld.tmp", buf_str(&sub), hash, (long)getpid());
	unlink(buf_str(&tmp));
	out = open(buf_str(&tmp), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0 || own_fd(out, gid, mode, false) != 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write to the attachment store %s: %s"), buf_str(&sub),
		                strerror(errno));
		goto done;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot read the file: %s"), strerror(errno));
		goto done;
	}
	c = g_checksum_new(G_CHECKSUM_SHA256);
	while ((r = read(fd, b, sizeof b)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = sd_err_set(err, SD_IOERR, _("cannot read the file: %s"), strerror(errno));
			goto done;
		}
		g_checksum_update(c, b, r);
		for (ssize_t w = 0; w < r;) {
			ssize_t k = write(out, b + w, (size_t)(r - w));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				rc = sd_err_set(err, SD_IOERR, _("cannot write to the attachment store %s: %s"),
				                buf_str(&sub), strerror(errno));
				goto done;
			}
			w += k;
		}
	}
	checksum_hex(c, got);
	if (strcmp(got, hash) != 0) {
		rc = sd_err_set(err, SD_DATAERR, _("the file changed while it was being copied; try again"));
		goto done;
	}
	if (fsync(out) != 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write to the attachment store %s: %s"), buf_str(&sub),
		                strerror(errno));
		goto done;
	}
	close(out);
	out = -1;
	if (rename(buf_str(&tmp), file) != 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write to the attachment store %s: %s"), buf_str(&sub),
		                strerror(errno));
		goto done;
	}
	if (fsync_dir(buf_str(&sub)) != 0 || fsync_dir(top) != 0)
		rc = sd_err_set(err, SD_IOERR, _("cannot write to the attachment store %s: %s"), buf_str(&sub),
		                strerror(errno));
done:
	if (out >= 0) {
		close(out);
		unlink(buf_str(&tmp));
	}
	if (c)
		g_checksum_free(c);
	buf_free(&sub);
	buf_free(&tmp);
	free(top);
	free(file);
	return rc;
}

/* ---------------------------------------------------------------- attachments */

void
att_free(sd_attachment *a)
{
	free(a->name);
	memset(a, 0, sizeof *a);
}

void
att_array_free(sd_attachment *a, int n)
{
	for (int i = 0; i < n; i++)
		att_free(&a[i]);
	free(a);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* A file name as kept: sanitised UTF-8, "" never. */
static char *
clean_name(const char *path)
{
	char *n = text_sanitize(base_name(path), false);

	if (!*n) {
		free(n);
		n = xstrdup("-");
	}
	return n;
}

static long long
request_id(store *st, const char *regno, int *status, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, status FROM request WHERE regno = ?", err);
	long long id = 0;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		if (status)
			*status = intake_status_parse((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	if (!id)
		sd_err_set(err, SD_DATAERR, _("no request with register number %s"), regno);
	return id;
}

/* Insert the attachment row and its audit row (inside the caller's transaction). */
static int
insert_attachment(store *st, long long req_id, const char *regno, const char *hash, const char *name,
                  const char *mime, int pages, long long size, sd_err *err)
{
	sqlite3_stmt *q;
	char now[17];
	char *json = NULL;
	int rc;

	store_now(now);
	q = store_prepare(st, "SELECT 1 FROM attachment WHERE request_id = ? AND hash = ?", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, req_id);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return sd_err_set(err, SD_DATAERR, _("file: %s is already attached to request %s"), name, regno);
	q = store_prepare(st, "INSERT INTO attachment (request_id, hash, name, mime, pages, size, added_by, "
	                      "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, req_id);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, mime, -1, SQLITE_STATIC);
	if (pages > 0)
		sqlite3_bind_int(q, 5, pages);
	sqlite3_bind_int64(q, 6, size);
	sqlite3_bind_text(q, 7, store_user(st), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("saving the attachment"), err);
	q = store_prepare(st, "SELECT json_object('regno', ?, 'hash', ?, 'name', ?, 'mime', ?, 'pages', ?, "
	                      "'size', ?)", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, mime, -1, SQLITE_STATIC);
	if (pages > 0)
		sqlite3_bind_int(q, 5, pages);
	sqlite3_bind_int64(q, 6, size);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	rc = store_audit(st, "attachment", regno, "insert", NULL, json, err);
	free(json);
	return rc;
}

/* Open a file for reading as it is (no links followed, regular files only). */
static int
open_regular(const char *path, struct stat *sb, sd_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return sd_err_set(err, errno == ENOENT ? SD_NOINPUT : SD_IOERR, _("cannot open %s: %s"), path,
		                  strerror(errno)), -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(fd);
		return sd_err_set(err, SD_DATAERR, _("%s: not a regular file"), path), -1;
	}
	return fd;
}

static int
kind_of_fd(int fd)
{
	unsigned char h[16];
	ssize_t n = pread(fd, h, sizeof h, 0);

	return n > 0 ? att_kind_of(h, (size_t)n) : ATT_UNKNOWN;
}

int
att_link_in_tx(store *st, long long req_id, const char *regno, const char *path, sd_err *err)
{
	struct stat sb;
	char hash[65], *name, procpath[64];
	off_t size;
	int fd, kind, pages = 0, rc;

	if ((fd = open_regular(path, &sb, err)) < 0)
		return err->status;
	if ((kind = kind_of_fd(fd)) == ATT_UNKNOWN) {
		close(fd);
		return sd_err_set(err, SD_DATAERR, _("%s: not a TIFF, PDF, PNG or JPEG file"), path);
	}
	snprintf(procpath, sizeof procpath, "/proc/self/fd/%d", fd);
	if ((rc = att_probe(procpath, kind, &pages, NULL, err)) != SD_OK ||
	    (rc = att_hash_fd(fd, hash, &size, err)) != SD_OK || (rc = att_store_put(st, fd, hash, err)) != SD_OK) {
		close(fd);
		return rc;
	}
	close(fd);
	name = clean_name(path);
	if (name[0] == '.')
		memmove(name, name + 1, strlen(name));
	rc = insert_attachment(st, req_id, regno, hash, name, att_mime(kind), pages, size, err);
	free(name);
	return rc;
}

int
att_attach(store *st, const char *regno, const char *path, sd_err *err)
{
	struct stat sb;
	char hash[65], *name = NULL, procpath[64];
	off_t size;
	int fd, kind, pages = 0, rc, status = RS_OPEN;
	long long rid;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_EDIT, err)) != SD_OK)
		return rc;
	if ((rid = request_id(st, regno, &status, err)) <= 0)
		return err->status ? err->status : SD_INTERNAL;
	priv_user_begin();
	fd = open_regular(path, &sb, err);
	priv_user_end();
	if (fd < 0)
		return err->status;
	kind = kind_of_fd(fd);
	if (kind == ATT_UNKNOWN) {
		close(fd);
		return sd_err_set(err, SD_DATAERR, _("%s: not a TIFF, PDF, PNG or JPEG file"), path);
	}
	snprintf(procpath, sizeof procpath, "/proc/self/fd/%d", fd);
	if ((rc = att_probe(procpath, kind, &pages, NULL, err)) != SD_OK) {
		close(fd);
		return sd_err_set(err, rc, _("%s: cannot be read as %s"), path, att_mime(kind));
	}
	if ((rc = att_hash_fd(fd, hash, &size, err)) != SD_OK || (rc = att_store_put(st, fd, hash, err)) != SD_OK) {
		close(fd);
		return rc;
	}
	close(fd);
	name = clean_name(path);
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	if ((rc = insert_attachment(st, rid, regno, hash, name, att_mime(kind), pages, size, err)) != SD_OK) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	free(name);
	return rc;
}

static void
att_row(sqlite3_stmt *q, sd_attachment *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, a->regno, sizeof a->regno);
	store_col_copy(q, 2, a->hash, sizeof a->hash);
	a->name = store_col_dup(q, 3);
	store_col_copy(q, 4, a->mime, sizeof a->mime);
	a->pages = sqlite3_column_int(q, 5);
	a->size = sqlite3_column_int64(q, 6);
	store_col_copy(q, 7, a->added_by, sizeof a->added_by);
	store_col_copy(q, 8, a->added_at, sizeof a->added_at);
}

int
att_each(store *st, const char *regno, int (*fn)(const sd_attachment *a, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT a.id, r.regno, a.hash, a.name, a.mime, a.pages, a.size, a.added_by, a.added_at "
		"FROM attachment a JOIN request r ON r.id = a.request_id WHERE r.regno = ? ORDER BY a.id", err);
	sd_attachment a;
	int rc, frc = 0;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		att_row(q, &a);
		frc = fn(&a, arg);
		att_free(&a);
		if (frc)
			break;
	}
	sqlite3_reset(q);
	if (frc)
		return frc;
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("reading the attachments"), err);
}

struct att_vec {
	sd_attachment *v;
	int n, cap;
};

static int
att_push(const sd_attachment *a, void *arg)
{
	struct att_vec *vv = arg;

	if (vv->n == vv->cap) {
		vv->cap = vv->cap ? vv->cap * 2 : 4;
		vv->v = xrealloc(vv->v, (size_t)vv->cap * sizeof *vv->v);
	}
	vv->v[vv->n] = *a;
	vv->v[vv->n].name = xstrdup(a->name);
	vv->n++;
	return 0;
}

int
att_list(store *st, const char *regno, sd_attachment **out, int *n, sd_err *err)
{
	struct att_vec vv = { 0 };
	int rc = att_each(st, regno, att_push, &vv, err);

	if (rc != SD_OK) {
		att_array_free(vv.v, vv.n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	*out = vv.v;
	*n = vv.n;
	return SD_OK;
}

int
att_verify(store *st, void (*fn)(const char *hash, const char *name, const char *regno, bool changed, void *arg),
           void *arg, long *checked, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT a.hash, a.name, r.regno FROM attachment a JOIN request r ON r.id = a.request_id "
		"UNION ALL SELECT i.hash, i.name, NULL FROM inbox_item i WHERE i.state = 'discarded' "
		"ORDER BY 3, 1", err);
	int rc;

	*checked = 0;
	if (!q)
		return err->status;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char hash[65], *p, got[65];
		const char *name = (const char *)sqlite3_column_text(q, 1);
		const char *regno = (const char *)sqlite3_column_text(q, 2);
		int fd;

		store_col_copy(q, 0, hash, sizeof hash);
		p = att_store_file(st, hash);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		free(p);
		(*checked)++;
		if (fd < 0) {
			fn(hash, name, regno, false, arg);
			continue;
		}
		if (att_hash_fd(fd, got, NULL, NULL) != SD_OK || strcmp(got, hash) != 0)
			fn(hash, name, regno, true, arg);
		close(fd);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("reading the attachments"), err);
}

/* ---------------------------------------------------------------- inbox */

static const char *const state_codes[IB_COUNT] = { "new", "registered", "discarded" };
static const char *const state_names[IB_COUNT] = { N_("waiting"), N_("registered"), N_("discarded") };
static const char *const state_zh[IB_COUNT] = { "待登记", "已登记", "已作废" };

const char *
inbox_state_code(int s)
{
	return s >= 0 && s < IB_COUNT ? state_codes[s] : "";
}

const char *
inbox_state_name(int s)
{
	return s >= 0 && s < IB_COUNT ? _(state_names[s]) : "";
}

int
inbox_state_parse(const char *s)
{
	for (int i = 0; s && i < IB_COUNT; i++)
		if (strcasecmp(s, state_codes[i]) == 0 || strcmp(s, state_zh[i]) == 0)
			return i;
	return -1;
}

void
inbox_item_free(sd_inbox_item *it)
{
	free(it->path);
	free(it->name);
	free(it->sender);
	free(it->reason);
	memset(it, 0, sizeof *it);
}

void
inbox_items_free(sd_inbox_item *v, int n)
{
	for (int i = 0; i < n; i++)
		inbox_item_free(&v[i]);
	free(v);
}

int
inbox_dirs(store *st, char ***dirs, int *n, sd_err *err)
{
	char *v = NULL, *p, *save = NULL;
	int rc;

	*dirs = NULL;
	*n = 0;
	if ((rc = store_setting_get(st, "inbox_dir", &v, err)) != SD_OK)
		return rc;
	if (!v)
		return SD_OK;
	for (p = strtok_r(v, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		*dirs = xrealloc(*dirs, (size_t)(*n + 1) * sizeof **dirs);
		(*dirs)[(*n)++] = xstrdup(p);
	}
	free(v);
	return SD_OK;
}

void
inbox_dirs_free(char **dirs, int n)
{
	for (int i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

static const char item_cols[] =
	"i.id, i.hash, i.path, i.name, i.mime, i.size, i.arrived_at, i.pages, i.sender, i.state, i.reason, "
	"r.regno, i.done_by, i.done_at";

static void
item_row(sqlite3_stmt *q, sd_inbox_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, it->hash, sizeof it->hash);
	it->path = store_col_dup(q, 2);
	it->name = store_col_dup(q, 3);
	store_col_copy(q, 4, it->mime, sizeof it->mime);
	it->size = sqlite3_column_int64(q, 5);
	store_col_copy(q, 6, it->arrived_at, sizeof it->arrived_at);
	it->pages = sqlite3_column_int(q, 7);
	it->sender = store_col_dup(q, 8);
	it->state = inbox_state_parse((const char *)sqlite3_column_text(q, 9));
	it->reason = store_col_dup(q, 10);
	store_col_copy(q, 11, it->regno, sizeof it->regno);
	store_col_copy(q, 12, it->done_by, sizeof it->done_by);
	store_col_copy(q, 13, it->done_at, sizeof it->done_at);
}

static int
item_by(store *st, const char *where, long long id, const char *text, sd_inbox_item *out, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc;

	buf_printf(&sql, "SELECT %s FROM inbox_item i LEFT JOIN request r ON r.id = i.request_id WHERE %s "
	                 "ORDER BY i.id DESC LIMIT 1", item_cols, where);
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	if (text)
		sqlite3_bind_text(q, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		item_row(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc == SQLITE_DONE)
		return SD_NOINPUT;
	return store_fail(st, rc, _("reading the inbox"), err);
}

/* Local time of t as "YYYY-MM-DD HH:MM". */
static void
local_minute(time_t t, char out[17])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

/* Is the named file still the one the row has (same path, size and modification time)? */
static int
known_unchanged(store *st, const char *path, const struct stat *sb, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT state FROM inbox_item WHERE path = ? AND size = ? AND mtime = ?", err);
	int rc;
	int state = -1;

	if (!q)
		return -2;
	sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)sb->st_size);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)sb->st_mtime);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		state = inbox_state_parse((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return state;
}

struct seen {
	char **paths;
	int n;
};

static void
seen_add(struct seen *s, const char *p)
{
	s->paths = xrealloc(s->paths, (size_t)(s->n + 1) * sizeof *s->paths);
	s->paths[s->n++] = xstrdup(p);
}

/* One file of an inbox directory (inside the scan's transaction). */
static int
scan_file(store *st, const char *path, struct seen *seen, int *added, sd_err *err)
{
	struct stat sb;
	sd_err e;
	int fd, kind, pages = 0, rc, state;
	char hash[65], *sender = NULL, *name, arrived[17], procpath[64];
	off_t size;
	sqlite3_stmt *q;

	sd_err_clear(&e);
	if ((fd = open_regular(path, &sb, &e)) < 0)
		return SD_OK;   /* not readable (yet), not a file: not an item */
	state = known_unchanged(st, path, &sb, err);
	if (state == -2) {
		close(fd);
		return err->status;
	}
	if (state == IB_NEW) {
		close(fd);
		seen_add(seen, path);
		return SD_OK;
	}
	if ((kind = kind_of_fd(fd)) == ATT_UNKNOWN) {
		close(fd);
		return SD_OK;
	}
	if (att_hash_fd(fd, hash, &size, &e) != SD_OK) {
		close(fd);
		return SD_OK;
	}
	/* the same content seen before? */
	q = store_prepare(st, "SELECT state FROM inbox_item WHERE hash = ?", err);
	if (!q) {
		close(fd);
		return err->status;
	}
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	state = -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		state = inbox_state_parse((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (state == IB_REGISTERED || state == IB_DISCARDED) {
		/* left over by a run interrupted after its commit: the store has it */
		close(fd);
		if (att_store_intact(st, hash))
			unlink(path);
		return SD_OK;
	}
	if (state == IB_NEW) {
		q = store_prepare(st, "UPDATE inbox_item SET path = ?, mtime = ?, size = ? WHERE hash = ?", err);
		close(fd);
		if (!q)
			return err->status;
		sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)sb.st_mtime);
		sqlite3_bind_int64(q, 3, (sqlite3_int64)size);
		sqlite3_bind_text(q, 4, hash, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		seen_add(seen, path);
		return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("reading the inbox"), err);
	}
	snprintf(procpath, sizeof procpath, "/proc/self/fd/%d", fd);
	if (att_probe(procpath, kind, &pages, &sender, &e) != SD_OK) {
		close(fd);
		return SD_OK;   /* still being written, or damaged: looked at again next time */
	}
	close(fd);
	local_minute(sb.st_mtime, arrived);
	name = clean_name(path);
	q = store_prepare(st, "INSERT INTO inbox_item (hash, path, name, mime, size, arrived_at, mtime, pages, sender) "
	                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q) {
		free(name);
		free(sender);
		return err->status;
	}
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, att_mime(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)size);
	sqlite3_bind_text(q, 6, arrived, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, (sqlite3_int64)sb.st_mtime);
	sqlite3_bind_int(q, 8, pages);
	if (sender)
		sqlite3_bind_text(q, 9, sender, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	free(name);
	free(sender);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the inbox"), err);
	seen_add(seen, path);
	if (added)
		(*added)++;
	return SD_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
inbox_scan(store *st, int *added, sd_err *err)
{
	char **dirs = NULL;
	int ndirs = 0, rc;
	struct seen seen = { 0 };
	sd_err perm;
	sqlite3_stmt *q;

	if (added)
		*added = 0;
	sd_err_clear(err);
	sd_err_clear(&perm);
	if (staff_permit_self(st, ACT_REQUEST_ADD, &perm) != SD_OK)
		return SD_OK;
	if ((rc = inbox_dirs(st, &dirs, &ndirs, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	for (int d = 0; d < ndirs && rc == SD_OK; d++) {
		DIR *dp = opendir(dirs[d]);
		struct dirent *de;
		char **names = NULL;
		int nn = 0;

		if (!dp)
			continue;   /* not there (yet): nothing waits in it */
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = xrealloc(names, (size_t)(nn + 1) * sizeof *names);
			names[nn++] = xstrdup(de->d_name);
		}
		closedir(dp);
		if (nn > 1)
			qsort(names, (size_t)nn, sizeof *names, cmp_str);
		for (int i = 0; i < nn; i++) {
			buf p = { 0 };

			buf_printf(&p, "%s/%s", dirs[d], names[i]);
			if (rc == SD_OK)
				rc = scan_file(st, buf_str(&p), &seen, added, err);
			buf_free(&p);
			free(names[i]);
		}
		free(names);
	}
	/* items whose file went away (taken out of the directory by hand) */
	if (rc == SD_OK && (q = store_prepare(st, "SELECT id, path FROM inbox_item WHERE state = 'new'", err))) {
		long long *gone = NULL;
		int ngone = 0;

		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(q, 1);
			bool found = false;

			for (int i = 0; i < seen.n && !found; i++)
				found = strcmp(seen.paths[i], p) == 0;
			if (!found) {
				gone = xrealloc(gone, (size_t)(ngone + 1) * sizeof *gone);
				gone[ngone++] = sqlite3_column_int64(q, 0);
			}
		}
		sqlite3_reset(q);
		for (int i = 0; i < ngone && rc == SD_OK; i++) {
			if (!(q = store_prepare(st, "DELETE FROM inbox_item WHERE id = ? AND state = 'new'", err))) {
				rc = err->status;
				break;
			}
			sqlite3_bind_int64(q, 1, gone[i]);
			int s = sqlite3_step(q);
			sqlite3_reset(q);
			if (s != SQLITE_DONE)
				rc = store_fail(st, s, _("reading the inbox"), err);
		}
		free(gone);
	} else if (rc == SD_OK) {
		rc = err->status;
	}
	if (rc == SD_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
out:
	for (int i = 0; i < seen.n; i++)
		free(seen.paths[i]);
	free(seen.paths);
	inbox_dirs_free(dirs, ndirs);
	return rc;
}

int
inbox_list(store *st, int state, sd_inbox_item **out, int *n, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	buf_printf(&sql, "SELECT %s FROM inbox_item i LEFT JOIN request r ON r.id = i.request_id %s "
	                 "ORDER BY i.arrived_at, i.id", item_cols, state >= 0 ? "WHERE i.state = ?" : "");
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	if (state >= 0)
		sqlite3_bind_text(q, 1, inbox_state_code(state), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		item_row(q, &(*out)[(*n)++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		inbox_items_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, rc, _("reading the inbox"), err);
	}
	return SD_OK;
}

int
inbox_count_new(store *st, long *n, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM inbox_item WHERE state = 'new'", err);
	int rc;

	*n = 0;
	if (!q)
		return err->status;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the inbox"), err);
}

int
inbox_find(store *st, const char *what, sd_inbox_item *out, sd_err *err)
{
	int rc;
	bool digits = what && *what;

	memset(out, 0, sizeof *out);
	for (const char *p = what; p && *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	if (digits) {
		rc = item_by(st, "i.id = ?", strtoll(what, NULL, 10), NULL, out, err);
	} else {
		struct stat sb;
		sd_err e;
		char hash[65];
		int fd;

		sd_err_clear(&e);
		rc = item_by(st, "i.path = ?", 0, what, out, err);
		if (rc == SD_NOINPUT)
			rc = item_by(st, "i.name = ?", 0, what, out, err);
		if (rc == SD_NOINPUT) {
			priv_user_begin();
			fd = open_regular(what, &sb, &e);
			priv_user_end();
			if (fd >= 0) {
				if (att_hash_fd(fd, hash, NULL, &e) == SD_OK)
					rc = item_by(st, "i.hash = ?", 0, hash, out, err);
				close(fd);
			}
		}
	}
	if (rc == SD_NOINPUT)
		return sd_err_set(err, SD_DATAERR, _("no inbox item %s (servdesk inbox list shows them)"), what);
	return rc;
}

void
inbox_prefill(const sd_inbox_item *it, sd_request *r)
{
	r->channel = CH_FAX;
	r->fax_pages = it->pages > 0 ? it->pages : 0;
	snprintf(r->received_at, sizeof r->received_at, "%s", it->arrived_at);
}

/* Copy the new item's file into the store; fd of the open inbox file kept for nothing. */
static int
item_to_store(store *st, const sd_inbox_item *it, sd_err *err)
{
	struct stat sb;
	int fd, rc;

	if (it->state != IB_NEW)
		return sd_err_set(err, SD_DATAERR, _("inbox item %lld is already %s"), it->id,
		                  inbox_state_name(it->state));
	if ((fd = open_regular(it->path, &sb, err)) < 0)
		return sd_err_set(err, SD_NOINPUT,
		                  _("inbox item %lld: its file %s is gone (servdesk inbox list scans again)"),
		                  it->id, it->path);
	rc = att_store_put(st, fd, it->hash, err);
	close(fd);
	return rc;
}

/* Mark the item done (inside the transaction), with its audit row. */
static int
item_done(store *st, const sd_inbox_item *it, int state, const char *reason, long long req_id,
          const char *regno, sd_err *err)
{
	sqlite3_stmt *q;
	char now[17];
	char *json = NULL;
	int rc;

	store_now(now);
	q = store_prepare(st, "UPDATE inbox_item SET state = ?, reason = ?, request_id = ?, done_by = ?, "
	                      "done_at = ? WHERE id = ? AND state = 'new'", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, inbox_state_code(state), -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(q, 2, reason, -1, SQLITE_STATIC);
	if (req_id > 0)
		sqlite3_bind_int64(q, 3, req_id);
	sqlite3_bind_text(q, 4, store_user(st), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, it->id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("saving the inbox item"), err);
	if (sqlite3_changes(store_db(st)) != 1)
		return sd_err_set(err, SD_DATAERR, _("inbox item %lld was registered or discarded meanwhile"), it->id);
	q = store_prepare(st, "SELECT json_object('hash', ?, 'name', ?, 'state', ?, 'reason', ?, 'regno', ?)", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, it->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, it->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, inbox_state_code(state), -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(q, 4, reason, -1, SQLITE_STATIC);
	if (regno)
		sqlite3_bind_text(q, 5, regno, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	char key[32];
	snprintf(key, sizeof key, "%lld", it->id);
	rc = store_audit(st, "inbox_item", key, state == IB_REGISTERED ? "register" : "discard", NULL, json, err);
	free(json);
	return rc;
}

static int
load_new(store *st, long long id, sd_inbox_item *it, sd_err *err)
{
	int rc = item_by(st, "i.id = ?", id, NULL, it, err);

	if (rc == SD_NOINPUT)
		return sd_err_set(err, SD_DATAERR, _("no inbox item %lld (servdesk inbox list shows them)"), id);
	return rc;
}

int
inbox_register(store *st, long long id, sd_request *r, sd_err *err)
{
	sd_inbox_item it;
	char *json = NULL;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_ADD, err)) != SD_OK)
		return rc;
	if ((rc = load_new(st, id, &it, err)) != SD_OK)
		return rc;
	if (!r->received_at[0])
		snprintf(r->received_at, sizeof r->received_at, "%s", it.arrived_at);
	if (r->channel == CH_FAX && r->fax_pages <= 0 && it.pages > 0)
		r->fax_pages = it.pages;
	if ((rc = intake_validate(r, NULL, err)) != SD_OK)
		goto out;
	if ((rc = item_to_store(st, &it, err)) != SD_OK)
		goto out;
	test_stop("copied");
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	r->regno[0] = '\0';
	if ((rc = intake_add(st, r, true, err)) != SD_OK)
		goto fail;
	q = store_prepare(st, "SELECT json_object('regno', regno, 'received_at', received_at, 'channel', channel, "
	                      "'fax_pages', fax_pages, 'customer', customer, 'requester', requester, "
	                      "'phone', phone, 'serial', serial, 'priority', priority) FROM request WHERE id = ?", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, r->id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	rc = store_audit(st, "request", r->regno, "insert", NULL, json, err);
	free(json);
	if (rc != SD_OK)
		goto fail;
	if ((rc = insert_attachment(st, r->id, r->regno, it.hash, it.name, it.mime, it.pages, it.size, err)) != SD_OK)
		goto fail;
	if ((rc = item_done(st, &it, IB_REGISTERED, NULL, r->id, r->regno, err)) != SD_OK)
		goto fail;
	if ((rc = store_commit(st, err)) != SD_OK) {
		r->regno[0] = '\0';
		r->id = 0;
		goto out;
	}
	test_stop("committed");
	unlink(it.path);   /* a failure here leaves a leftover the next scan removes */
	goto out;
fail:
	store_rollback(st);
	r->regno[0] = '\0';
	r->id = 0;
out:
	inbox_item_free(&it);
	return rc;
}

int
inbox_discard(store *st, long long id, const char *reason, sd_err *err)
{
	sd_inbox_item it;
	char *why;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_VOID, err)) != SD_OK)
		return rc;
	why = text_trim_or_null(reason ? reason : "");
	if (!why)
		return sd_err_set(err, SD_DATAERR, _("reason: required to discard an inbox item"));
	if (!utf8_valid(why, strlen(why), NULL) || utf8_length(why) > 200) {
		free(why);
		return sd_err_set(err, SD_DATAERR, _("reason: at most 200 characters of text"));
	}
	if ((rc = load_new(st, id, &it, err)) != SD_OK) {
		free(why);
		return rc;
	}
	if ((rc = item_to_store(st, &it, err)) != SD_OK)
		goto out;
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	if ((rc = item_done(st, &it, IB_DISCARDED, why, 0, NULL, err)) != SD_OK) {
		store_rollback(st);
		goto out;
	}
	if ((rc = store_commit(st, err)) != SD_OK)
		goto out;
	unlink(it.path);
out:
	free(why);
	inbox_item_free(&it);
	return rc;
}

int
inbox_month_figures(store *st, const char *month, sd_inbox_month *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*), "
		"coalesce(sum(state = 'registered'), 0), coalesce(sum(state = 'discarded'), 0), "
		"coalesce(sum(state = 'new'), 0) "
		"FROM inbox_item WHERE substr(arrived_at, 1, 7) = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->received = sqlite3_column_int64(q, 0);
		out->registered = sqlite3_column_int64(q, 1);
		out->discarded = sqlite3_column_int64(q, 2);
		out->waiting = sqlite3_column_int64(q, 3);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the inbox"), err);
}

/* ---------------------------------------------------------------- backup, restore */

static int
has_originals(store *st, bool *yes, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM attachment) OR "
	                                    "EXISTS (SELECT 1 FROM inbox_item WHERE state <> 'new')", err);
	int rc;

	*yes = false;
	if (!q)
		return err->status;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the attachments"), err);
}

/* Copy the stored original hash into dir/files/aa/hash (checked, synced, mode 0640). */
static int
backup_one(store *st, const char *dir, const char *hash, sd_err *err)
{
	char *src = att_store_file(st, hash);
	buf sub = { 0 }, dst = { 0 };
	int in = -1, out = -1, rc = SD_OK;
	unsigned char b[65536];
	ssize_t r;
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	char got[65];

	buf_printf(&sub, "%s/files/%.2s", dir, hash);
	buf_printf(&dst, "%s/%s", buf_str(&sub), hash);
	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		rc = sd_err_set(err, SD_DATAERR, _("the original %s is missing from the attachment store (servdesk check)"),
		                hash);
		goto out;
	}
	priv_user_begin();
	if (mkdir(buf_str(&sub), 0750) != 0 && errno != EEXIST)
		out = -1;
	else
		out = open(buf_str(&dst), O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0640);
	priv_user_end();
	if (out < 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), buf_str(&dst), strerror(errno));
		goto out;
	}
	fchmod(out, 0640);
	while ((r = read(in, b, sizeof b)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || write(out, b, (size_t)r) != r) {
			rc = sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), buf_str(&dst), strerror(errno));
			goto out;
		}
		g_checksum_update(c, b, r);
	}
	checksum_hex(c, got);
	if (strcmp(got, hash) != 0)
		rc = sd_err_set(err, SD_DATAERR, _("the original %s has changed in the attachment store (servdesk check)"),
		                hash);
	else if (fsync(out) != 0)
		rc = sd_err_set(err, SD_IOERR, _("cannot write %s: %s"), buf_str(&dst), strerror(errno));
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	g_checksum_free(c);
	free(src);
	buf_free(&sub);
	buf_free(&dst);
	return rc;
}

static void
remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)) != NULL) {
			buf p = { 0 };
			struct stat sb;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			buf_printf(&p, "%s/%s", path, de->d_name);
			if (lstat(buf_str(&p), &sb) == 0 && S_ISDIR(sb.st_mode))
				remove_tree(buf_str(&p));
			else
				unlink(buf_str(&p));
			buf_free(&p);
		}
		closedir(d);
	}
	rmdir(path);
}

int
att_backup(store *st, const char *path, bool *is_dir, sd_err *err)
{
	bool yes;
	buf tmp = { 0 }, db = { 0 }, files = { 0 }, old = { 0 };
	sqlite3_stmt *q;
	struct stat sb;
	int rc, mk;

	*is_dir = false;
	if ((rc = has_originals(st, &yes, err)) != SD_OK)
		return rc;
	if (!yes)
		return admin_backup(st, path, err);
	*is_dir = true;
	if (!path || !*path)
		return sd_err_set(err, SD_USAGE, "%s", _("empty file name"));
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	buf_printf(&db, "%s/servdesk.db", buf_str(&tmp));
	buf_printf(&files, "%s/files", buf_str(&tmp));
	priv_user_begin();
	remove_tree(buf_str(&tmp));
	mk = mkdir(buf_str(&tmp), 0750) == 0 && mkdir(buf_str(&files), 0750) == 0 ? 0 : -1;
	priv_user_end();
	if (mk != 0) {
		rc = sd_err_set(err, SD_IOERR, _("cannot write the backup %s: %s"), path, strerror(errno));
		goto out;
	}
	/* the database first: every original it names is in the store already */
	if ((rc = admin_backup(st, buf_str(&db), err)) != SD_OK)
		goto out;
	if (!(q = store_prepare(st, "SELECT hash FROM attachment UNION SELECT hash FROM inbox_item "
	                            "WHERE state <> 'new' ORDER BY 1", err))) {
		rc = err->status;
		goto out;
	}
	while (rc == SD_OK && sqlite3_step(q) == SQLITE_ROW) {
		char hash[65];

		store_col_copy(q, 0, hash, sizeof hash);
		rc = backup_one(st, buf_str(&tmp), hash, err);
	}
	sqlite3_reset(q);
	if (rc != SD_OK)
		goto out;
	/* into place: an older backup of that name (a directory or one file) is replaced */
	priv_user_begin();
	if (lstat(path, &sb) == 0) {
		buf_printf(&old, "%s.old.%ld", path, (long)getpid());
		if (rename(path, buf_str(&old)) != 0)
			rc = sd_err_set(err, SD_IOERR, _("cannot write the backup %s: %s"), path, strerror(errno));
	}
	if (rc == SD_OK && rename(buf_str(&tmp), path) != 0)
		rc = sd_err_set(err, SD_IOERR, _("cannot write the backup %s: %s"), path, strerror(errno));
	if (old.len) {
		if (lstat(buf_str(&old), &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(buf_str(&old));
		else
			unlink(buf_str(&old));
	}
	priv_user_end();
out:
	if (rc != SD_OK) {
		priv_user_begin();
		remove_tree(buf_str(&tmp));
		priv_user_end();
	}
	buf_free(&tmp);
	buf_free(&db);
	buf_free(&files);
	buf_free(&old);
	return rc;
}

char *
att_backup_db(const char *path)
{
	struct stat sb;
	buf b = { 0 };
	int r;

	priv_user_begin();
	r = stat(path, &sb);
	priv_user_end();
	if (r == 0 && S_ISDIR(sb.st_mode))
		buf_printf(&b, "%s/servdesk.db", path);
	else
		buf_puts(&b, path);
	return buf_steal(&b);
}

int
att_restore_files(store *st, const char *path, long *count, sd_err *err)
{
	struct stat sb;
	buf top = { 0 };
	DIR *d;
	struct dirent *de;
	int rc = SD_OK, r;

	*count = 0;
	priv_user_begin();
	r = stat(path, &sb);
	priv_user_end();
	if (r != 0 || !S_ISDIR(sb.st_mode))
		return SD_OK;   /* one file: a backup without originals */
	if ((rc = staff_permit_self(st, ACT_ADMIN, err)) != SD_OK)
		return rc;
	buf_printf(&top, "%s/files", path);
	priv_user_begin();
	d = opendir(buf_str(&top));
	priv_user_end();
	if (!d) {
		buf_free(&top);
		return SD_OK;
	}
	while (rc == SD_OK && (de = readdir(d)) != NULL) {
		buf sub = { 0 };
		DIR *sd;
		struct dirent *fe;

		if (de->d_name[0] == '.')
			continue;
		buf_printf(&sub, "%s/%s", buf_str(&top), de->d_name);
		priv_user_begin();
		sd = opendir(buf_str(&sub));
		priv_user_end();
		while (sd && rc == SD_OK && (fe = readdir(sd)) != NULL) {
			buf f = { 0 };
			char hash[65];
			int fd;

			if (fe->d_name[0] == '.')
				continue;
			buf_printf(&f, "%s/%s", buf_str(&sub), fe->d_name);
			priv_user_begin();
			fd = open(buf_str(&f), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			priv_user_end();
			if (fd < 0)
				rc = sd_err_set(err, SD_IOERR, _("cannot open %s: %s"), buf_str(&f), strerror(errno));
			else if ((rc = att_hash_fd(fd, hash, NULL, err)) == SD_OK && strcmp(hash, fe->d_name) != 0)
				rc = sd_err_set(err, SD_DATAERR,
				                _("%s: the original in the backup has changed (its SHA-256 is not its name)"),
				                buf_str(&f));
			else if (rc == SD_OK && (rc = att_store_put(st, fd, hash, err)) == SD_OK)
				(*count)++;
			if (fd >= 0)
				close(fd);
			buf_free(&f);
		}
		if (sd)
			closedir(sd);
		buf_free(&sub);
	}
	closedir(d);
	buf_free(&top);
	return rc;
}

void
inbox_month_section(sd_doc *d, const sd_inbox_month *f)
{
	doc_section_add(d, "fax_inbox", _("Fax inbox (faxes and scans that arrived in the month)"));
	doc_figure_add(d, "fax_received", _("Arrived in the month"), DOC_COUNT, 0, 0, doc_count(f->received));
	doc_figure_add(d, "fax_registered", _("Registered as requests"), DOC_COUNT, 0, 0, doc_count(f->registered));
	doc_figure_add(d, "fax_discarded", _("Discarded"), DOC_COUNT, 0, 0, doc_count(f->discarded));
	doc_figure_add(d, "fax_waiting", _("Still waiting in the inbox"), DOC_COUNT, 0, 0, doc_count(f->waiting));
}

/* ---------------------------------------------------------------- a page as text */

int
att_page_text(const char *path, const char *mime, int page, int cols, int rows, char ***lines, sd_err *err)
{
	const struct media_ops *m;

	*lines = NULL;
	if (!(m = media_get(err)))
		return err->status;
	return m->page_text(path, att_kind_of_mime(mime), page, cols, rows, lines, err);
}

int
att_read_all(const char *path, char **data, size_t *len, sd_err *err)
{
	struct stat sb;
	int fd = open_regular(path, &sb, err);
	buf b = { 0 };
	char tmp[65536];
	ssize_t r;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return err->status;
	while ((r = read(fd, tmp, sizeof tmp)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			buf_free(&b);
			return sd_err_set(err, SD_IOERR, _("cannot read the file: %s"), strerror(errno));
		}
		buf_append(&b, tmp, (size_t)r);
	}
	close(fd);
	*len = b.len;
	*data = buf_steal(&b);
	return SD_OK;
}
