/*
 * servreport.h — the service report of a ledger entry (服务报告 / 故障分析及处理
 * 报告), the document the customer is given: the customer and the machine,
 * when the fault was reported and when it was recovered, the fault category
 * and its cause, the method, the parts replaced (name, specification,
 * quantity, brand) from the stock issued to the entry, the charges with who
 * pays and why (the tier or the contract) and the customer's confirmation.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_SERVREPORT_H
#define SERVDESK_SERVREPORT_H

#include "common.h"
#include "doc.h"
#include "store.h"

/*
 * Build the service report of entry regno into *out (doc_free it). Any
 * active staff member may read it (ACT_REPORT_READ). SD_DATAERR when regno
 * has no ledger entry.
 */
int servreport_doc(store *st, const char *regno, sd_doc **out, sd_err *err);

#endif
