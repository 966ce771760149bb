/*
 * lockprobe.c — how long others are kept from writing (`make bench`).
 *
 *   lockprobe DB SECONDS
 *
 * Tries to start a write on DB (BEGIN IMMEDIATE, no waiting) every
 * millisecond for SECONDS, or until it receives SIGTERM or SIGINT, and
 * prints the longest stretch during which it could not, in milliseconds:
 *   longest_ms=N refused=N tries=N
 * What servdesk does meanwhile is measured from outside, as another person
 * at the desk would feel it.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	double until, refused_since = -1, longest = 0;
	long tries = 0, refused = 0;
	struct timespec pause = { 0, 1000000 };

	if (argc != 3) {
		fprintf(stderr, "usage: lockprobe DB SECONDS\n");
		return 64;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "lockprobe: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 66;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	until = now_ms() + atof(argv[2]) * 1e3;
	while (!stop && now_ms() < until) {
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		double t = now_ms();

		tries++;
		if (rc == SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			if (refused_since >= 0 && t - refused_since > longest)
				longest = t - refused_since;
			refused_since = -1;
		} else {
			refused++;
			if (refused_since < 0)
				refused_since = t;
		}
		nanosleep(&pause, NULL);
	}
	if (refused_since >= 0 && now_ms() - refused_since > longest)
		longest = now_ms() - refused_since;
	printf("longest_ms=%.0f refused=%ld tries=%ld\n", longest, refused, tries);
	sqlite3_close(db);
	return 0;
}
