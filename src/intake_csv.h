/*
 * intake_csv.h — CSV import and export of the request intake register.
 *
 * Columns (header written by export, English codes): regno, received_at,
 * channel, fax_pages, customer, requester, phone, serial, priority,
 * received_by, handed_to, handed_at, status, void_reason, dup_of, item1 ..
 * itemN (N = the largest number of items among the exported requests).
 * Import maps columns by header name, accepting these names and the Chinese
 * titles (登记号, 收件时间, 来件方式, 传真页数, 客户/用户单位, 请求人/联系人,
 * 联系电话/电话, 设备序列号, 优先级, 收件人/登记人, 转交/技术部收件人, 转交时间,
 * 状态, 作废原因, 疑似重复, 维护事项1.. / 维护事项). Required columns:
 * received_at, channel, customer, requester, phone, and at least one item
 * column. Unknown columns are refused.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_INTAKE_CSV_H
#define SERVDESK_INTAKE_CSV_H

#include <stdio.h>
#include "common.h"
#include "enc.h"
#include "intake.h"
#include "store.h"

/*
 * Import the file at path (encoding enc, ENC_AUTO to detect) in one
 * transaction: every row or none. Rows without a register number get the next
 * number of their month of receipt, in file order; rows with one keep it.
 * Returns SD_OK with *count rows imported; SD_NOINPUT if the file is missing;
 * SD_DATAERR with err->msg "FILE: line L, field F: problem" for bad data
 * (encoding, quoting, field count, NUL, unknown/missing column, invalid value,
 * duplicate register number); the database is then unchanged.
 */
int intake_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err);

/*
 * Export the requests of q (all when q is NULL) to out in enc (ENC_UTF8 writes
 * a BOM; ENC_GB18030 none), sorted by register number ascending. Exporting,
 * importing into an empty database and exporting again gives identical bytes.
 * Returns SD_OK, SD_IOERR on a write error.
 */
int intake_export(store *st, const sd_req_query *q, FILE *out, sd_encoding enc,
                  long *count, sd_err *err);

#endif
