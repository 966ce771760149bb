/*
 * test_ofile.c — the one way output files are opened: the live database and
 * its -wal/-shm/-journal refused however named (as given, ./, a symbolic
 * link, a hard link, a link to a -wal not there yet), a symbolic link
 * refused and its target untouched, a directory refused; a file written
 * whole at commit and left as it was on abort; the mode rules (umask, a
 * replaced file's mode, a private file).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "ofile.h"

static char dir[] = "/tmp/servdesk-ofile-XXXXXX";

static char *
in_dir(const char *name)
{
	buf b = { 0 };

	buf_printf(&b, "%s/%s", dir, name);
	return buf_steal(&b);
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
get(const char *path)
{
	static char text[256];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(text, 1, sizeof text - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

static void
refused(const char *path, const char *why)
{
	sd_ofile of;
	sd_err err;

	sd_err_clear(&err);
	assert_int_equal(ofile_open(&of, path, 0, &err), SD_DATAERR);
	if (!strstr(err.msg, why))
		fail_msg("%s: '%s' lacks '%s'", path, err.msg, why);
	assert_null(of.fp);
}

static void
test_live_database_refused(void **state)
{
	char *db = in_dir("servdesk.db"), *wal = in_dir("servdesk.db-wal");
	char *lnk = in_dir("LINK"), *hard = in_dir("HARD"), *wlink = in_dir("WLINK");
	char cwd[4096];

	(void)state;
	put(db, "DATABASE");
	put(wal, "WAL");
	ofile_protect(db);
	assert_true(ofile_is_live(db));
	refused(db, "live database");
	refused(wal, "live database");
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	refused("./servdesk.db", "live database");
	refused("servdesk.db-shm", "live database");      /* not there: by its name */
	refused("servdesk.db-journal", "live database");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(symlink(db, lnk), 0);
	assert_int_equal(link(db, hard), 0);
	refused(lnk, "live database");
	refused(hard, "live database");
	unlink(wal);
	assert_int_equal(symlink(wal, wlink), 0);   /* a link to a -wal not there yet */
	refused(wlink, "symbolic link");
	assert_string_equal(get(db), "DATABASE");
	assert_int_equal(access(wal, F_OK), -1);
	ofile_unprotect(db);
	assert_false(ofile_is_live(db));
	free(db);
	free(wal);
	free(lnk);
	free(hard);
	free(wlink);
}

static void
test_links_and_directories_refused(void **state)
{
	char *target = in_dir("target.txt"), *lnk = in_dir("OTHER");

	(void)state;
	put(target, "keep me");
	assert_int_equal(symlink(target, lnk), 0);
	refused(lnk, "symbolic link");
	assert_string_equal(get(target), "keep me");
	refused(dir, "directory");
	free(target);
	free(lnk);
}

static void
test_commit_abort_and_modes(void **state)
{
	char *p = in_dir("out.csv"), *q = in_dir("private.db");
	sd_ofile of;
	sd_err err;
	struct stat sb;
	mode_t old = umask(027);

	(void)state;
	/* a new file: written whole at commit, 0666 less the umask */
	assert_int_equal(ofile_open(&of, p, 0, &err), SD_OK);
	assert_non_null(of.tmp);
	fputs("first", of.fp);
	assert_int_equal(access(p, F_OK), -1);     /* nothing under the name before commit */
	assert_int_equal(ofile_commit(&of, &err), SD_OK);
	assert_string_equal(get(p), "first");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	/* abort: the file as it was, no temporary file left */
	assert_int_equal(ofile_open(&of, p, 0, &err), SD_OK);
	fputs("second", of.fp);
	ofile_abort(&of);
	assert_string_equal(get(p), "first");
	/* a replaced file keeps its mode */
	assert_int_equal(chmod(p, 0604), 0);
	assert_int_equal(ofile_open(&of, p, 0, &err), SD_OK);
	fputs("third", of.fp);
	assert_int_equal(ofile_commit(&of, &err), SD_OK);
	assert_string_equal(get(p), "third");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0604);
	/* a private file: 0640 whatever the umask; by name only */
	umask(0);
	assert_int_equal(ofile_open(&of, q, OFILE_PRIVATE | OFILE_FILE | OFILE_NAME, &err), SD_OK);
	assert_null(of.fp);
	put(of.tmp, "copy");
	assert_int_equal(ofile_commit(&of, &err), SD_OK);
	assert_int_equal(stat(q, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_string_equal(get(q), "copy");
	/* standard output is no file name; a device is refused for a regular file */
	assert_int_equal(ofile_open(&of, "-", OFILE_FILE, &err), SD_USAGE);
	assert_int_equal(ofile_open(&of, "/dev/null", OFILE_FILE, &err), SD_DATAERR);
	assert_int_equal(ofile_open(&of, "/dev/null", 0, &err), SD_OK);
	assert_null(of.tmp);
	fputs("gone", of.fp);
	assert_int_equal(ofile_commit(&of, &err), SD_OK);
	assert_int_equal(ofile_open(&of, "", 0, &err), SD_USAGE);
	umask(old);
	free(p);
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_database_refused),
		cmocka_unit_test(test_links_and_directories_refused),
		cmocka_unit_test(test_commit_abort_and_modes),
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
