/*
 * test_priv.c — the set-group-ID privilege: detected, lowered around a
 * user's file and raised back (nested calls too), and dropped for good in a
 * child process. The test runs as root, which may change its effective group
 * to imitate a set-group-ID program; otherwise the group tests are skipped.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "priv.h"

/* A group that is not the real one, for the imitation. */
static gid_t other_group(void)
{
	return getgid() == 4242 ? 4243 : 4242;
}

static void test_not_setgid(void **state)
{
	(void)state;
	assert_int_equal(getegid(), getgid());
	assert_false(priv_setgid());
	priv_user_begin();
	assert_int_equal(getegid(), getgid());
	priv_user_end();
	assert_int_equal(getegid(), getgid());
	assert_false(priv_setgid());
}

static void test_lower_and_raise(void **state)
{
	gid_t g = other_group();

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(setegid(g), 0);
	assert_true(priv_setgid());

	priv_user_begin();
	assert_int_equal(getegid(), getgid());
	assert_false(priv_setgid());
	/* nested: the inner end must not raise the group yet */
	priv_user_begin();
	assert_int_equal(getegid(), getgid());
	priv_user_end();
	assert_int_equal(getegid(), getgid());
	priv_user_end();
	assert_int_equal(getegid(), g);
	assert_true(priv_setgid());
	/* an unmatched end changes nothing */
	priv_user_end();
	assert_int_equal(getegid(), g);

	assert_int_equal(setegid(getgid()), 0);
	assert_false(priv_setgid());
}

static void test_drop_in_child(void **state)
{
	gid_t g = other_group();
	pid_t pid;
	int wstatus;

	(void)state;
	if (geteuid() != 0)
		skip();
	/* effective and saved group g, real group ours: as if set-group-ID to g */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		gid_t r, e, s;

		if (setresgid(getgid(), g, g) != 0 || !priv_setgid())
			_exit(2);
		/* lowered while dropping: still dropped for good */
		priv_user_begin();
		priv_drop();
		if (getresgid(&r, &e, &s) != 0)
			_exit(3);
		if (r != getgid() || e != r || s != r || priv_setgid())
			_exit(4);
		/* the group cannot be taken back by a non-root process */
		if (setresuid(65534, 65534, 65534) != 0)
			_exit(5);
		if (setegid(g) == 0)
			_exit(6);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	assert_int_equal(WEXITSTATUS(wstatus), 0);
	assert_int_equal(getegid(), getgid());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_setgid),
		cmocka_unit_test(test_lower_and_raise),
		cmocka_unit_test(test_drop_in_child),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
