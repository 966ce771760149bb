/*
 * intake_bulk.h — many requests added in one short write (an import).
 *
 *   intake_bulk_open    start: staging tables in the connection's temporary
 *                       database; no lock on the register is taken
 *   intake_bulk_add     prepare one request as intake_add would (trim,
 *                       defaults; the caller validated it) and stage it
 *   intake_bulk_commit  number, write and audit them all in one transaction
 *   intake_bulk_close   always; drops the staging tables
 *
 * All or nothing: until intake_bulk_commit returns SD_OK the register is as
 * it was. The register numbers follow intake_add's rule exactly, with the
 * month counters as they are when the write begins, so requests registered
 * by others meanwhile keep the series gapless.
 */
#ifndef SERVDESK_INTAKE_BULK_H
#define SERVDESK_INTAKE_BULK_H

#include "common.h"
#include "intake.h"
#include "store.h"

typedef struct intake_bulk intake_bulk;

int intake_bulk_open(store *st, intake_bulk **b, sd_err *err);
/* line: the row's line in the file, named by a later error about the row. */
int intake_bulk_add(intake_bulk *b, sd_request *r, long line, sd_err *err);
/*
 * path: the file named in the audit row. On SD_OK *rows is the number of
 * requests added. A row refused only now (a register number kept from the
 * file that the register has by now, or that an earlier row was given) sets
 * *bad_line to its line and err to the problem alone, without file and line.
 */
int intake_bulk_commit(intake_bulk *b, const char *path, long *rows, long *bad_line, sd_err *err);
void intake_bulk_close(intake_bulk *b);

#endif
