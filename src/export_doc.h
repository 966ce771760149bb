/*
 * export_doc.h — a register's CSV export as a document (doc.h), for the
 * formats the document model writes (XLSX): the records the exporter writes
 * are read back as they come, row by row, into one table with typed columns
 * (dates as dates, times as times, money as money, counts as numbers, the
 * rest as text). The CSV export itself is unchanged.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_EXPORT_DOC_H
#define SERVDESK_EXPORT_DOC_H

#include <stdio.h>
#include "common.h"
#include "doc.h"
#include "enc.h"
#include "store.h"

/* An exporter as `servdesk export` runs it: CSV to out, month NULL for all. */
typedef int (*export_fn)(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err);

/* The type of an export column by its header (English code or Chinese title); DOC_TEXT when unknown. */
enum doc_type export_column_type(const char *head);

/*
 * Run fn (UTF-8) and put its records into d: a section key/heading holding
 * the table `key`, its columns named by the header record. *count (if not
 * NULL) the records exported. SD_OK, the exporter's error, or SD_INTERNAL
 * when a value does not read as its column's type (naming the column).
 */
int export_doc(store *st, export_fn fn, const char *month, sd_doc *d, const char *key, const char *heading,
               long *count, sd_err *err);

#endif
