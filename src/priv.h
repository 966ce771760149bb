/*
 * priv.h — the program's group privilege when installed set-group-ID.
 *
 * servdesk may be installed set-group-ID to the group that owns the
 * database. Files the user names (an export, a report, a backup target, a
 * stocktake sheet, a file to import) must be opened with the user's own
 * group, never with the program's: priv_user_begin() lowers the effective
 * group to the real one around such an open and priv_user_end() raises it
 * back. A child process that runs another program gives the privilege up
 * for good with priv_drop() before exec.
 *
 * When the program is not set-group-ID every call here does nothing.
 */
#ifndef SERVDESK_PRIV_H
#define SERVDESK_PRIV_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* True when the effective group differs from the real group. */
bool priv_setgid(void);

/*
 * Act as the user: if the effective group is not the real one, remember it
 * and set the effective group to the real one. Calls nest: only the
 * outermost priv_user_end() restores the saved group.
 */
void priv_user_begin(void);

/* Undo the matching priv_user_begin(). */
void priv_user_end(void);

/*
 * Give up the program's group for good (real, effective and saved group all
 * become the real group); for a child process before exec. Aborts the
 * process if the group cannot be dropped.
 */
void priv_drop(void);

/*
 * Run command with /bin/sh -c, its standard input a pipe from the returned
 * stream (like popen(command, "w")), the child with the privilege dropped for
 * good (priv_drop) before exec; its standard output and error go to out_fd
 * when that is not -1 (so that nothing it says lands on the desk's screen).
 * *pid is the child's. NULL with errno set on failure. Close with priv_pclose, which waits and returns the wait status
 * (-1 on failure), like pclose.
 */
FILE *priv_popen(const char *command, int out_fd, pid_t *pid);
int priv_pclose(FILE *fp, pid_t pid);

#endif
