/*
 * ofile.c — the one way servdesk opens a file it writes for the user (see
 * ofile.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "ofile.h"
#include "priv.h"

/* The files beside a database that are part of it. */
static const char *const sidecar[] = { "", "-wal", "-shm", "-journal" };

/* A protected database: its name as given, the names it resolves to, its identity. */
struct live {
	char *given;
	char *real;     /* realpath of the file (links resolved) */
	char *lexical;  /* realpath of its directory + its own name */
	dev_t dev;
	ino_t ino;
	bool have_id;
	int refs;
};

static struct live lives[8];

/*
 * The name path resolves to without following a link at its last part:
 * realpath of the directory + the last part. NULL if the directory cannot
 * be resolved.
 */
static char *
resolve_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	char *rdir = realpath(*dir ? dir : "/", NULL);
	buf b = { 0 };

	free(dir);
	if (!rdir)
		return NULL;
	buf_printf(&b, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, base);
	free(rdir);
	return buf_steal(&b);
}

void
ofile_protect(const char *dbpath)
{
	struct stat sb;
	struct live *l = NULL;

	if (!dbpath || !*dbpath)
		return;
	for (size_t i = 0; i < SD_ARRAY_LEN(lives); i++) {
		if (lives[i].given && strcmp(lives[i].given, dbpath) == 0) {
			lives[i].refs++;
			return;
		}
		if (!lives[i].given && !l)
			l = &lives[i];
	}
	if (!l)
		abort();  /* more databases open at once than servdesk ever opens */
	l->given = xstrdup(dbpath);
	l->real = realpath(dbpath, NULL);
	l->lexical = resolve_dir(dbpath);
	l->have_id = stat(dbpath, &sb) == 0;
	if (l->have_id) {
		l->dev = sb.st_dev;
		l->ino = sb.st_ino;
	}
	l->refs = 1;
}

void
ofile_unprotect(const char *dbpath)
{
	if (!dbpath)
		return;
	for (size_t i = 0; i < SD_ARRAY_LEN(lives); i++) {
		struct live *l = &lives[i];

		if (!l->given || strcmp(l->given, dbpath) != 0 || --l->refs > 0)
			continue;
		free(l->given);
		free(l->real);
		free(l->lexical);
		memset(l, 0, sizeof *l);
	}
}

/* The target as seen by the user: its identity if it exists, its resolved name. */
struct target {
	bool exists;
	struct stat sb;
	char *resolved;  /* resolve_dir(path), or NULL */
};

/* Does the target name or reach a file of one protected database? (Run with the program's group.) */
static bool
target_is_live(const struct target *t)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(lives); i++) {
		const struct live *l = &lives[i];
		const char *names[3];

		if (!l->given)
			continue;
		if (t->exists && l->have_id && t->sb.st_dev == l->dev && t->sb.st_ino == l->ino)
			return true;
		names[0] = l->given;
		names[1] = l->real;
		names[2] = l->lexical;
		for (size_t n = 0; n < SD_ARRAY_LEN(names); n++) {
			if (!names[n])
				continue;
			for (size_t e = 0; e < SD_ARRAY_LEN(sidecar); e++) {
				buf f = { 0 };
				struct stat sb;
				bool same = false;

				buf_printf(&f, "%s%s", names[n], sidecar[e]);
				if (t->exists && stat(buf_str(&f), &sb) == 0)
					same = sb.st_dev == t->sb.st_dev && sb.st_ino == t->sb.st_ino;
				if (!same && t->resolved && n > 0)
					same = strcmp(buf_str(&f), t->resolved) == 0;
				buf_free(&f);
				if (same)
					return true;
			}
		}
	}
	return false;
}

/* Look at path as the user (with the user's group). */
static void
target_read(struct target *t, const char *path)
{
	priv_user_begin();
	t->exists = stat(path, &t->sb) == 0;
	t->resolved = resolve_dir(path);
	priv_user_end();
}

bool
ofile_is_live(const char *path)
{
	struct target t;
	bool live;

	if (!path || !*path)
		return false;
	target_read(&t, path);
	live = target_is_live(&t);
	free(t.resolved);
	return live;
}

static int
refuse_live(const char *path, sd_err *err)
{
	return sd_err_set(err, SD_DATAERR,
	                  _("%s is the live database (or one of its files); servdesk never writes over it: "
	                    "choose another file name"), path);
}

static bool
is_stdout_name(const char *path)
{
	return !path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0;
}

/* The mode of a new file: 0666 less the umask. */
static mode_t
new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* Open a device or pipe as it is; runs as the user. */
static int
open_device(sd_ofile *of, const char *path, sd_err *err)
{
	struct stat sb;
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return sd_err_set(err, SD_IOERR, _("%s: cannot open: %s"), path, strerror(errno));
	/* what was opened must still be a device or a pipe, never a file swapped in meanwhile */
	if (fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
		close(fd);
		return sd_err_set(err, SD_DATAERR, _("%s changed while it was being opened; try again"), path);
	}
	if (!(of->fp = fdopen(fd, "wb"))) {
		int e = errno;

		close(fd);
		return sd_err_set(err, SD_IOERR, _("%s: cannot open: %s"), path, strerror(e));
	}
	return SD_OK;
}

/* Create the temporary file beside path; runs as the user. */
static int
open_temp(sd_ofile *of, const char *path, const struct stat *old, unsigned flags, sd_err *err)
{
	const char *slash = strrchr(path, '/');
	mode_t mode;
	buf t = { 0 };
	int fd;

	if (flags & OFILE_PRIVATE)
		mode = 0640;
	else if (old)
		mode = old->st_mode & 0777;
	else
		mode = new_file_mode();
	if (slash)
		buf_printf(&t, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&t, ".%s.XXXXXX", path);
	fd = mkostemp(t.data, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		buf_free(&t);
		return sd_err_set(err, SD_IOERR, _("%s: cannot create a file there: %s"), path, strerror(e));
	}
	of->tmp = buf_steal(&t);
	if (fchmod(fd, mode) != 0) {
		int e = errno;

		close(fd);
		return sd_err_set(err, SD_IOERR, "%s: %s", path, strerror(e));
	}
	if (flags & OFILE_NAME) {
		close(fd);
		return SD_OK;
	}
	if (!(of->fp = fdopen(fd, "wb"))) {
		int e = errno;

		close(fd);
		return sd_err_set(err, SD_IOERR, _("%s: cannot open: %s"), path, strerror(e));
	}
	return SD_OK;
}

int
ofile_open(sd_ofile *of, const char *path, unsigned flags, sd_err *err)
{
	struct target t;
	struct stat lsb;
	int rc;

	memset(of, 0, sizeof *of);
	if (path && !*path)
		return sd_err_set(err, SD_USAGE, "%s", _("empty file name"));
	if (is_stdout_name(path)) {
		struct stat sb;

		if (flags & OFILE_FILE)
			return sd_err_set(err, SD_USAGE, "%s", _("a file name is needed, not standard output"));
		/* `> servdesk.db` is the shell's doing, but `>> servdesk.db` is caught here */
		if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode)) {
			t.exists = true;
			t.sb = sb;
			t.resolved = NULL;
			if (target_is_live(&t))
				return refuse_live(_("standard output"), err);
		}
		of->std = true;
		of->fp = stdout;
		return SD_OK;
	}
	target_read(&t, path);
	rc = target_is_live(&t);
	free(t.resolved);
	if (rc)
		return refuse_live(path, err);

	priv_user_begin();
	if (lstat(path, &lsb) != 0) {
		if (errno != ENOENT) {
			rc = sd_err_set(err, SD_IOERR, "%s: %s", path, strerror(errno));
			goto out;
		}
		rc = open_temp(of, path, NULL, flags, err);
	} else if (S_ISLNK(lsb.st_mode)) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s is a symbolic link; servdesk does not write through links: name the file itself"),
		                path);
	} else if (S_ISDIR(lsb.st_mode)) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is a directory; name a file"), path);
	} else if (S_ISREG(lsb.st_mode)) {
		rc = open_temp(of, path, &lsb, flags, err);
	} else if (!(flags & OFILE_FILE) && (S_ISCHR(lsb.st_mode) || S_ISFIFO(lsb.st_mode))) {
		rc = open_device(of, path, err);
	} else {
		rc = sd_err_set(err, SD_DATAERR, _("%s exists and is not a regular file"), path);
	}
out:
	priv_user_end();
	if (rc != SD_OK) {
		ofile_abort(of);
		return rc;
	}
	of->path = xstrdup(path);
	return SD_OK;
}

static void
release(sd_ofile *of)
{
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof *of);
}

void
ofile_abort(sd_ofile *of)
{
	if (of->fp && !of->std)
		fclose(of->fp);
	if (of->tmp) {
		priv_user_begin();
		unlink(of->tmp);
		priv_user_end();
	}
	release(of);
}

int
ofile_commit(sd_ofile *of, sd_err *err)
{
	const char *shown = of->std ? _("standard output") : of->path;
	int rc = SD_OK, e = 0;

	if (of->std) {
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = sd_err_set(err, SD_IOERR, _("%s: write error: %s"), shown, strerror(errno));
		release(of);
		return rc;
	}
	if (of->fp) {
		if (fflush(of->fp) != 0 || ferror(of->fp))
			e = errno ? errno : EIO;
		else if (of->tmp && fsync(fileno(of->fp)) != 0)
			e = errno;
		if (fclose(of->fp) != 0 && !e)
			e = errno;
		of->fp = NULL;
	} else if (of->tmp) {
		int fd;

		priv_user_begin();
		fd = open(of->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0 || fsync(fd) != 0)
			e = errno;
		if (fd >= 0)
			close(fd);
		priv_user_end();
	}
	if (e) {
		rc = sd_err_set(err, SD_IOERR, _("%s: write error: %s"), shown, strerror(e));
		ofile_abort(of);
		return rc;
	}
	if (of->tmp) {
		/* the name may have been made a link to the database meanwhile */
		if (ofile_is_live(of->path)) {
			rc = refuse_live(of->path, err);
			ofile_abort(of);
			return rc;
		}
		priv_user_begin();
		if (rename(of->tmp, of->path) != 0)
			e = errno;
		priv_user_end();
		if (e) {
			rc = sd_err_set(err, SD_IOERR, _("%s: cannot write: %s"), shown, strerror(e));
			ofile_abort(of);
			return rc;
		}
	}
	release(of);
	return SD_OK;
}
