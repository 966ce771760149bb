/*
 * priv.c — lowering and dropping the set-group-ID privilege (see priv.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "priv.h"

/* How deep priv_user_begin() calls nest, and the group the outermost saved. */
static int user_depth;
static gid_t saved_egid;
static bool lowered;

bool priv_setgid(void)
{
	return getegid() != getgid();
}

void priv_user_begin(void)
{
	if (user_depth++ > 0)
		return;
	lowered = false;
	saved_egid = getegid();
	if (saved_egid != getgid()) {
		if (setegid(getgid()) != 0) {
			/* Going on with the program's group would open the
			 * user's file with rights the user does not have. */
			perror("setegid");
			abort();
		}
		lowered = true;
	}
}

void priv_user_end(void)
{
	if (user_depth == 0)
		return;
	if (--user_depth > 0)
		return;
	if (lowered) {
		if (setegid(saved_egid) != 0) {
			perror("setegid");
			abort();
		}
		lowered = false;
	}
}

void priv_drop(void)
{
	gid_t g = getgid();

	gid_t r, e, sv;

	if (getresgid(&r, &e, &sv) == 0 && e == g && sv == g)
		return;
	/* setgid() by a user who is not root leaves the saved group as the
	 * program's, from which it could be taken back: set all three. */
	if (setresgid(g, g, g) != 0 || getegid() != g) {
		perror("setresgid");
		abort();
	}
	lowered = false;
	user_depth = 0;
}

FILE *
priv_popen(const char *command, int out_fd, pid_t *pid)
{
	int fd[2];
	pid_t child;
	FILE *fp;

	if (pipe(fd) != 0)
		return NULL;
	fflush(NULL);
	child = fork();
	if (child < 0) {
		int e = errno;

		close(fd[0]);
		close(fd[1]);
		errno = e;
		return NULL;
	}
	if (child == 0) {
		priv_drop();
		close(fd[1]);
		if (fd[0] != STDIN_FILENO) {
			if (dup2(fd[0], STDIN_FILENO) < 0)
				_exit(127);
			close(fd[0]);
		}
		if (out_fd >= 0) {
			if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(out_fd, STDERR_FILENO) < 0)
				_exit(127);
			if (out_fd != STDOUT_FILENO && out_fd != STDERR_FILENO)
				close(out_fd);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	if (!(fp = fdopen(fd[1], "w"))) {
		int e = errno;

		close(fd[1]);
		waitpid(child, NULL, 0);
		errno = e;
		return NULL;
	}
	*pid = child;
	return fp;
}

int
priv_pclose(FILE *fp, pid_t pid)
{
	int status;

	fclose(fp);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}
