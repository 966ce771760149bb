/*
 * maxrss — run a program and report the most memory it held and how long it
 * took. Used by the end-to-end tests that check that servdesk reads hostile
 * input in bounded memory and time.
 *
 *   maxrss [-t SECONDS] FILE -- COMMAND [ARG...]
 *
 * Writes one line "MAXRSS_KIB ELAPSED_MS CPU_MS" to FILE when the program
 * ends (CPU: user and system time, which a busy machine does not inflate),
 * and exits with its status (128+N if killed by signal N). -t kills it
 * after SECONDS (default 20); it then exits 124.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int
main(int argc, char **argv)
{
	int i = 1, timeout = 20, status;
	struct rusage ru;
	long start, elapsed;
	const char *out;
	pid_t pid, w;
	FILE *fp;
	bool timed_out = false;

	if (i + 1 < argc && strcmp(argv[i], "-t") == 0) {
		timeout = atoi(argv[i + 1]);
		i += 2;
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0) {
		fprintf(stderr, "usage: maxrss [-t SECONDS] FILE -- COMMAND [ARG...]\n");
		return 2;
	}
	out = argv[i];
	start = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("maxrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[i + 2], argv + i + 2);
		fprintf(stderr, "maxrss: %s: %s\n", argv[i + 2], strerror(errno));
		_exit(127);
	}
	for (;;) {
		w = wait4(pid, &status, WNOHANG, &ru);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			perror("maxrss: wait4");
			return 2;
		}
		if (!timed_out && now_ms() - start > timeout * 1000L) {
			kill(pid, SIGKILL);
			timed_out = true;
		}
		usleep(2000);
	}
	elapsed = now_ms() - start;
	if (!(fp = fopen(out, "w"))) {
		perror(out);
		return 2;
	}
	fprintf(fp, "%ld %ld %ld\n", ru.ru_maxrss, elapsed,
	        (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
	        (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L);
	fclose(fp);
	if (timed_out)
		return 124;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
