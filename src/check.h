/*
 * check.h — servdesk check: the database's own consistency, and the
 * registers' invariants that no constraint can state.
 *
 * Findings: SQLite's integrity check; foreign keys that point nowhere;
 * parts whose stored on hand differs from their journal; months whose
 * register numbers have gaps (numbers never issued, e.g. kept from an
 * imported file) or whose counter is behind the numbers used; a staff list
 * without an active supervisor; schema objects (tables, indexes, triggers,
 * views) that are not servdesk's, missing, or defined otherwise.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CHECK_H
#define SERVDESK_CHECK_H

#include "common.h"
#include "store.h"

/*
 * Run every check; call fn with each finding (one translated line, UTF-8).
 * *count gets the number of findings. Returns SD_OK (findings or not), or a
 * status with err filled if a check could not run.
 */
int check_run(store *st, void (*fn)(const char *finding, void *arg), void *arg,
              long *count, sd_err *err);

#endif
