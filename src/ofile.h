/*
 * ofile.h — opening the files servdesk writes for the user: `-o` of export
 * and reports, a backup, a stocktake sheet. One function opens every one of
 * them, so that the same rules hold everywhere:
 *
 *  - the live database and its -wal, -shm and -journal files are refused
 *    however they are named (a symbolic or hard link, ./, another spelling
 *    of the directory): the same file (device and inode) or, for a file not
 *    there yet, the same resolved directory and name;
 *  - a symbolic link as the last part of the name is refused, never
 *    followed; a file is written as a temporary file in the same directory
 *    and renamed over the name when complete, so a failure never leaves a
 *    half-written file and a link put there meanwhile is replaced, not
 *    followed;
 *  - a character device or a pipe is written to as it is (opened with
 *    O_NOFOLLOW); "-" and "/dev/stdout" mean standard output;
 *  - a new file gets mode 0666 less the umask, a replaced file keeps its
 *    mode, a private file (a backup) gets 0640;
 *  - when servdesk runs set-group-ID the file is opened and renamed with the
 *    user's own group (priv_user_begin/priv_user_end).
 *
 * The databases to protect are registered by store_open (ofile_protect)
 * and forgotten by store_close.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_OFILE_H
#define SERVDESK_OFILE_H

#include <stdbool.h>
#include <stdio.h>
#include "common.h"

enum ofile_flags {
	OFILE_PRIVATE = 1,  /* readable by owner and group only (0640), whatever the umask */
	OFILE_FILE = 2,     /* a regular file only: no standard output, device or pipe */
	OFILE_NAME = 4      /* only create the temporary file (closed): the caller writes tmp by name */
};

typedef struct sd_ofile {
	char *path;        /* the name as given */
	char *tmp;         /* the temporary file renamed over path at commit; NULL for a device or stdout */
	FILE *fp;          /* where to write (NULL with OFILE_NAME) */
	bool std;          /* standard output */
} sd_ofile;

/*
 * Open path for writing under the rules above. NULL, "-" and "/dev/stdout"
 * are standard output (unless OFILE_FILE). SD_OK, or a status with err set
 * naming the file: SD_USAGE (empty name), SD_DATAERR (the live database, a
 * symbolic link, a directory or other file that cannot be written as
 * output), SD_IOERR (cannot create the file).
 */
int ofile_open(sd_ofile *of, const char *path, unsigned flags, sd_err *err);

/*
 * Finish: flush, sync and close, and rename the temporary file over the
 * name. On failure the temporary file is removed and the name is left as it
 * was. of is released either way.
 */
int ofile_commit(sd_ofile *of, sd_err *err);

/* Give up: close and remove the temporary file; the name is left as it was. */
void ofile_abort(sd_ofile *of);

/*
 * Is path (existing or not) the file of a database registered with
 * ofile_protect, or one of its -wal, -shm, -journal files?
 */
bool ofile_is_live(const char *path);

/* Register the database at dbpath as one no output may replace; forget it. */
void ofile_protect(const char *dbpath);
void ofile_unprotect(const char *dbpath);

#endif
