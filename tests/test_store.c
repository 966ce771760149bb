/* Unit tests of the storage layer: open, migrate, settings, audit, busy. */
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
#include "store.h"

static char dir[] = "/tmp/servdesk-store-XXXXXX";

static char *
path_in_dir(const char *name)
{
	buf b = { 0 };
	buf_printf(&b, "%s/%s", dir, name);
	return buf_steal(&b);
}

static int
query_int(store *st, const char *sql)
{
	sqlite3_stmt *s = store_prepare(st, sql, NULL);
	int v = -1;
	assert_non_null(s);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return v;
}

static void
test_store_create_migrates(void **state)
{
	char *p = path_in_dir("sub/dir/a.db");
	store *st;
	sd_err err;
	struct stat sb;

	/* a missing directory is made only where the caller says so (the default path) */
	assert_int_equal(store_open(p, STORE_OPEN_CREATE, "tester", &st, &err), SD_NOINPUT);
	assert_null(st);
	assert_int_equal(stat(p, &sb), -1);
	assert_int_equal(store_open(p, STORE_OPEN_CREATE_DIRS, "tester", &st, &err), SD_OK);
	assert_int_equal(query_int(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(query_int(st, "PRAGMA foreign_keys"), 1);
	sqlite3_stmt *s = store_prepare(st, "PRAGMA journal_mode", NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_reset(s);
	assert_string_equal(store_user(st), "tester");
	store_close(st);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	/* reopening an existing database needs no migration */
	assert_int_equal(store_open(p, STORE_OPEN_EXISTING, "tester", &st, &err), SD_OK);
	store_close(st);
	free(p);
}

static void
test_store_missing_file(void **state)
{
	char *p = path_in_dir("missing.db");
	store *st;
	sd_err err;

	assert_int_equal(store_open(p, STORE_OPEN_EXISTING, "t", &st, &err), SD_NOINPUT);
	assert_null(st);
	assert_non_null(strstr(err.msg, "missing.db"));
	free(p);
}

static void
test_store_refuses_foreign_and_newer(void **state)
{
	char *p = path_in_dir("foreign.db"), *q = path_in_dir("newer.db");
	sqlite3 *db;
	store *st;
	sd_err err;

	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE x (a); INSERT INTO x VALUES (1);", NULL, NULL, NULL);
	sqlite3_close(db);
	{
		/* refused before anything is written: the file byte for byte as it was, not in WAL */
		FILE *fp = fopen(p, "rb");
		unsigned char before[8192], after[8192];
		size_t nb, na;

		assert_non_null(fp);
		nb = fread(before, 1, sizeof before, fp);
		fclose(fp);
		assert_int_equal(store_open(p, STORE_OPEN_CREATE, "t", &st, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "not a servdesk database"));
		assert_int_equal(store_open(p, STORE_OPEN_EXISTING, "t", &st, &err), SD_DATAERR);
		fp = fopen(p, "rb");
		assert_non_null(fp);
		na = fread(after, 1, sizeof after, fp);
		fclose(fp);
		assert_int_equal(na, nb);
		assert_memory_equal(before, after, nb);
		assert_int_equal(before[18], 1);  /* still a rollback-journal file */
	}

	assert_int_equal(store_open(q, STORE_OPEN_CREATE, "t", &st, &err), SD_OK);
	store_close(st);
	assert_int_equal(sqlite3_open(q, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(q, STORE_OPEN_EXISTING, "t", &st, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "999"));
	free(p);
	free(q);
}

static void
test_store_paths(void **state)
{
	char *top = path_in_dir("");
	char *sub = path_in_dir("nodir/x.db");
	store *st;
	sd_err err;

	assert_int_equal(store_check_path("/dev/null", &err), SD_DATAERR);
	assert_int_equal(store_open("/dev/null", STORE_OPEN_CREATE, "t", &st, &err), SD_DATAERR);
	assert_int_equal(access("/dev/null-journal", F_OK), -1);
	assert_int_equal(store_check_path(top, &err), SD_DATAERR);
	assert_int_equal(store_check_path("", &err), SD_USAGE);
	assert_int_equal(store_check_path(sub, &err), SD_OK);   /* a new name: store_open decides */
	assert_int_equal(store_open(sub, STORE_OPEN_CREATE, "t", &st, &err), SD_NOINPUT);
	assert_non_null(strstr(err.msg, "nodir"));
	free(top);
	free(sub);
}

/* Count the differences store_schema_diff reports, remembering one name. */
static void
note_diff(const char *type, const char *name, enum store_schema_change how, void *arg)
{
	char *seen = arg;

	snprintf(seen, 64, "%d %s %s", (int)how, type, name);
}

static void
test_store_defences_and_schema(void **state)
{
	char *p = path_in_dir("hard.db");
	char seen[64] = "";
	store *st;
	sd_err err;
	long n = -1;

	assert_int_equal(store_open(p, STORE_OPEN_CREATE, "t", &st, &err), SD_OK);
	/* defensive: the schema cannot be edited through the connection */
	sqlite3_exec(store_db(st), "PRAGMA writable_schema = ON", NULL, NULL, NULL);
	assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE sqlite_schema SET sql = sql", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_equal(query_int(st, "PRAGMA trusted_schema"), 0);
	assert_int_equal(sqlite3_limit(store_db(st), SQLITE_LIMIT_ATTACHED, -1), 0);
	assert_int_equal(sqlite3_limit(store_db(st), SQLITE_LIMIT_LENGTH, -1), 16 * 1024 * 1024);
	/* the schema is exactly servdesk's */
	assert_int_equal(store_schema_diff(store_db(st), store_schema_version(), note_diff, seen, &n, &err),
	                 SD_OK);
	assert_int_equal(n, 0);
	/* an extra trigger is named */
	assert_int_equal(sqlite3_exec(store_db(st), "CREATE TRIGGER evil AFTER INSERT ON request BEGIN "
	                              "UPDATE staff SET role = 'supervisor'; END", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_schema_diff(store_db(st), store_schema_version(), note_diff, seen, &n, &err),
	                 SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(seen, "0 trigger evil");
	/* a missing index is named */
	sqlite3_exec(store_db(st), "DROP TRIGGER evil; DROP INDEX request_serial", NULL, NULL, NULL);
	assert_int_equal(store_schema_diff(store_db(st), store_schema_version(), note_diff, seen, &n, &err),
	                 SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(seen, "1 index request_serial");
	/* an index of the same name defined otherwise */
	sqlite3_exec(store_db(st), "CREATE INDEX request_serial ON request (customer)", NULL, NULL, NULL);
	assert_int_equal(store_schema_diff(store_db(st), store_schema_version(), note_diff, seen, &n, &err),
	                 SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(seen, "2 index request_serial");
	store_close(st);
	free(p);
}

static void
test_store_settings_and_audit(void **state)
{
	char *p = path_in_dir("s.db");
	store *st;
	sd_err err;
	char *v;

	assert_int_equal(store_open(p, STORE_OPEN_CREATE, "王丽", &st, &err), SD_OK);
	v = store_setting(st, "nothing", "dflt");
	assert_string_equal(v, "dflt");
	free(v);
	assert_int_equal(store_setting_int(st, "n", 72), 72);
	assert_int_equal(store_begin(st, &err), SD_OK);
	assert_int_equal(store_set_setting(st, "n", "12", &err), SD_OK);
	assert_int_equal(store_audit(st, "setting", "n", "update", NULL, "{\"n\":12}", &err), SD_OK);
	assert_int_equal(store_commit(st, &err), SD_OK);
	assert_int_equal(store_setting_int(st, "n", 72), 12);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE who = '王丽' AND tbl = 'setting'"), 1);
	/* a rolled-back change leaves nothing */
	assert_int_equal(store_begin(st, &err), SD_OK);
	assert_int_equal(store_set_setting(st, "n", "13", &err), SD_OK);
	store_rollback(st);
	assert_int_equal(store_setting_int(st, "n", 72), 12);
	store_close(st);
	free(p);
}

static void
test_store_busy(void **state)
{
	char *p = path_in_dir("busy.db");
	store *a, *b;
	sd_err err;

	assert_int_equal(store_open(p, STORE_OPEN_CREATE, "a", &a, &err), SD_OK);
	assert_int_equal(store_open(p, STORE_OPEN_EXISTING, "b", &b, &err), SD_OK);
	store_set_busy_timeout(b, 50);
	assert_int_equal(store_begin(a, &err), SD_OK);
	assert_int_equal(store_begin(b, &err), SD_BUSY);
	assert_non_null(strstr(err.msg, "busy"));
	/* readers are not blocked by a writer in WAL mode */
	assert_int_equal(query_int(b, "SELECT count(*) FROM request"), 0);
	store_rollback(a);
	assert_int_equal(store_begin(b, &err), SD_OK);
	store_rollback(b);
	store_close(a);
	store_close(b);
	free(p);
}

static void
test_store_default_path(void **state)
{
	char *p;

	unsetenv("SERVDESK_DB");
	p = store_default_path("/x/y.db");
	assert_string_equal(p, "/x/y.db");
	free(p);
	setenv("SERVDESK_DB", "/env/db", 1);
	p = store_default_path(NULL);
	assert_string_equal(p, "/env/db");
	free(p);
	unsetenv("SERVDESK_DB");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	p = store_default_path(NULL);
	assert_string_equal(p, "/xdg/servdesk/servdesk.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/li", 1);
	p = store_default_path(NULL);
	assert_string_equal(p, "/home/li/.local/share/servdesk/servdesk.db");
	free(p);
}

static void
test_store_now_and_user(void **state)
{
	char now[17];

	setenv("SERVDESK_NOW", "2026-02-28 23:59", 1);
	store_now(now);
	assert_string_equal(now, "2026-02-28 23:59");
	unsetenv("SERVDESK_NOW");
	store_now(now);
	assert_int_equal(strlen(now), 16);
	setenv("SERVDESK_USER", "zhangwei", 1);
	assert_string_equal(sd_current_user(), "zhangwei");
	unsetenv("SERVDESK_USER");
	assert_true(strlen(sd_current_user()) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_create_migrates),
		cmocka_unit_test(test_store_missing_file),
		cmocka_unit_test(test_store_refuses_foreign_and_newer),
		cmocka_unit_test(test_store_paths),
		cmocka_unit_test(test_store_defences_and_schema),
		cmocka_unit_test(test_store_settings_and_audit),
		cmocka_unit_test(test_store_busy),
		cmocka_unit_test(test_store_default_path),
		cmocka_unit_test(test_store_now_and_user),
	};
	int rc;

	umask(022);
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
