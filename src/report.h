/*
 * report.h — the monthly summary (月度统计) and the per-customer yearly
 * report: the figures, and their text (paginated), CSV and JSON forms.
 *
 * Reproducible: the figures of a month come only from time-stamped records
 * (request received_at and voided_at, the ledger's proposed_at, arrived_at,
 * cleared_at and closed_at with the engineer of each step, its assignment
 * events (ledger_event), stock movements, charge lines by the time they were
 * recorded, payments, complaints, visits by due date and by the time their
 * outcome was recorded), never from the current state of a
 * record. A past month's report is the same whenever it is run, however much
 * was added since. Every read is a range on an indexed time column of the
 * month (the stock and the count of entries carried over at the month's end
 * come from what the month before closed with, kept per month in stock_close
 * and month_close with the parts consumed in the month; see report_monthly).
 *
 * A month is the half-open range [from, to) of local wall-clock times
 * "YYYY-MM-01 00:00" to the first of the next month; an event belongs to the
 * month when its time stamp falls in that range.
 *
 * Durations are whole minutes of calendar time from receipt to the event.
 * Median and 90th percentile use the nearest rank: the value at rank
 * ceil(p / 100 * n) of the n durations in ascending order (report_percentile).
 * A commitment is met when the event time is at or before the due time that
 * sla_due computed and the ledger stored (respond_due, onsite_due, clear_due);
 * entries without a due time (no commitment, or on-site for remote service)
 * do not count in the shares.
 *
 * The structures are plain data for front ends: the desk's summary pane draws
 * its bar charts from sd_monthly (counts by channel, priority, fault category
 * and engineer; the "misses" flags mark what missed a commitment). Strings are
 * UTF-8, malloc'd, owned by the structure and freed by its *_free function.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_REPORT_H
#define SERVDESK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "common.h"
#include "complaint_report.h"
#include "doc.h"
#include "quality.h"
#include "custyear.h"
#include "intake.h"
#include "repair.h"
#include "returns.h"
#include "quote.h"
#include "inbox.h"
#include "install.h"
#include "ledger.h"
#include "sla.h"
#include "store.h"

#define REPORT_TOP_CUSTOMERS 10   /* customers listed by name; the rest are "others" */
#define REPORT_TOP_FAULTS 5       /* fault categories listed; the rest are "others" */
#define REPORT_LOW_MAX 20         /* low-stock parts listed (low_count counts them all) */
#define REPORT_PAGE_LINES 66      /* default page length (setting report_page_lines) */
#define REPORT_ENDING_DAYS 90     /* warranties and contracts ending within these days */

/* A name with a count: a customer, a fault category. */
typedef struct report_named {
	char *code;            /* stored key (customer name, fault code; "" when not recorded) */
	char *name;            /* what people read (customer name, 机械故障, ...) */
	long n;
} report_named;

/* One commitment's clock (respond, on site, cleared) over the month. */
typedef struct report_clock {
	long n;                /* entries whose event (proposed, arrived, cleared) fell in the month */
	long median_min;       /* nearest-rank median of received -> event, minutes; -1 when n == 0 */
	long p90_min;          /* nearest-rank 90th percentile, minutes; -1 when n == 0 */
	/* per priority: index 0 all, 1..4 P1..P4 */
	long with_due[5];      /* of the n, those with a due time (a commitment) */
	long met[5];           /* of those, event <= due */
	bool misses[5];        /* met < with_due: a commitment was missed */
} report_clock;

/*
 * One engineer's month (staff evaluation). An entry is credited to the
 * engineer responsible at the time of the step counted (assigned in the
 * month, or on the entry when the step was recorded: ledger.c keeps that
 * engineer with each step), never to the engineer on it now.
 */
typedef struct report_engineer {
	char *login;
	char *name;            /* from the staff list; the login when unknown */
	long handled;          /* entries assigned to them in the month or on them at a dated step of it */
	long closed;           /* entries closed in the month while on them */
	long clocks;           /* commitments stopped in the month by a step recorded while on them */
	long met;              /* of those, met */
	bool misses;           /* met < clocks */
} report_engineer;

/* A part at or below its reorder point at the month's end. */
typedef struct report_low {
	char *part_no, *name, *unit;
	long qty;              /* on hand at the month's end (from the journal) */
	long reorder_point;    /* as in the parts master now */
} report_low;

/* The monthly summary of one calendar month. */
typedef struct sd_monthly {
	char month[8];         /* "YYYY-MM" */
	char from[17], to[17]; /* the month as [from, to) */
	char *site;            /* setting site_name, or the translated default */
	/* requests (请求): received in the month, not counting voided ones */
	long received;
	long voided;           /* received in the month and voided before its end (a void
	                          request without voided_at, e.g. imported, at receipt) */
	long by_channel[CH_COUNT];
	long by_priority[5];   /* index 1..4 */
	report_named *customers;   /* at most REPORT_TOP_CUSTOMERS, most requests first */
	size_t ncustomers;
	long other_customers;  /* requests of the customers not listed */
	long closed;           /* ledger entries closed in the month */
	long unresolvable;     /* declared unresolvable in the month */
	long carried_over;     /* received before the month's end, neither voided nor
	                          closed/unresolvable by then (结转) */
	/* response times against the policy */
	report_clock clock[CLOCK_COUNT];
	/*
	 * The entries overdue right now (ledger_overdue_now), shown for the
	 * month that is running: overdue_shown, the moment, per clock and the
	 * entries with any clock overdue.
	 */
	bool overdue_shown;
	char overdue_as_of[17];
	long overdue_now[CLOCK_COUNT];
	long overdue_entries;
	/* per engineer, by login */
	report_engineer *engineers;
	size_t nengineers;
	/* common problems: fault categories of the solutions proposed in the month */
	report_named *faults;  /* at most REPORT_TOP_FAULTS, most entries first */
	size_t nfaults;
	long other_faults;
	/* complaints (投诉) */
	long complaints;       /* received in the month */
	long complaints_by_class[3];   /* quality, non-quality, other (complaint.h order) */
	long complaints_closed;        /* closed in the month */
	long complaint_rate_bp;        /* complaints / received, in basis points (1/10000); -1 if no requests */
	char complaint_due[11];        /* the rate is due by the 5th of the next month: "YYYY-MM-05" */
	/* parts consumed: issues minus returns in the month */
	long parts_issued;     /* quantity issued */
	long parts_returned;   /* quantity returned */
	int64_t parts_cost_fen;        /* cost of the issues minus the returns */
	int64_t parts_warranty_fen;    /* cost of parts charge lines the customer does not pay */
	int64_t parts_charged_fen;     /* what customers are billed for parts */
	/* stock at the month's end, reconstructed from the journal */
	long stock_qty;
	int64_t stock_value_fen;
	report_low *low;       /* at most REPORT_LOW_MAX, by part number */
	size_t nlow;
	long low_count;        /* active parts at or below the reorder point */
	/* visits (回访) due in the month */
	long visits_planned;   /* due in the month, not cancelled before its end */
	long visits_done;      /* done before the month's end */
	long visits_missed;    /* recorded as missed before the month's end */
	long visits_cancelled; /* cancelled before the month's end */
	long visits_open;      /* planned - done - missed: not done at the month's end */
	long satisfaction_n;   /* done visits with a satisfaction score */
	long satisfaction_sum; /* sum of those scores (average = sum / n) */
	/* warranties and service contracts ending soon (so that sales can be told) */
	char ending_from[11];  /* counted from: today, or the day after the month when it is over */
	long ending_soon;      /* ending from ending_from to REPORT_ENDING_DAYS days after */
	/* charges recorded in the month, by kind (enum sd_cost order) and payments */
	int64_t cost_fen[4];
	int64_t billed_fen[4];
	int64_t billed_total_fen;
	int64_t received_fen;  /* payments received in the month */
	sd_repair_month repairs;  /* factory repairs and loan units (repair.h) */
	/* faults by equipment model and category, repeat repairs (quality.h) */
	sd_quality quality;
	/* the fax inbox: faxes and scans that arrived in the month, by what became of them */
	sd_inbox_month fax;
	sd_complaint_month handling;   /* complaint handling (complaint_report.h) */
	/* the signed service cards (ledger_cards_month) */
	sd_card_month cards;
	sd_install_month install;      /* commissioning and training (install.h) */
	sd_return_month returns;  /* returns and exchanges (returns.h) */
	sd_quote_month quotes;   /* quotations sent, answered and expired (quote.h) */
} sd_monthly;

/*
 * Compute the summary of month ("YYYY-MM") into *out (zeroed first; free
 * with report_monthly_free). What each month that has ended (before now,
 * store_now) closed with -- stock per part, running counts of requests
 * received, voided and finished -- is kept in stock_close and month_close,
 * computed from the month before it; when the database cannot be written
 * (read-only, busy) it is computed without being kept. Triggers drop kept
 * months that a record dated in them, entered later, would change. SD_USAGE
 * for a malformed month, else a store failure as store_fail.
 */
int report_monthly(store *st, const char *month, sd_monthly *out, sd_err *err);
void report_monthly_free(sd_monthly *m);

/* One month of a customer's year (index 0..11), or the year's totals. */
typedef struct report_cust_month {
	long received, voided, closed, unresolvable;
	long visits_planned, visits_done, visits_missed;
	long satisfaction_n, satisfaction_sum;
	long parts_qty;               /* issued minus returned */
	int64_t parts_cost_fen;
	int64_t billed_fen, received_fen;
	long responses;               /* solutions proposed */
	long respond_median_min;      /* -1 when none */
	long clear_median_min;        /* -1 when none */
	long clocks, met;             /* commitments that stopped, met */
	bool misses;
} report_cust_month;

/* A customer's year. */
typedef struct sd_customer_year {
	char *customer;
	char *site;
	int year;
	report_cust_month m[12];
	report_cust_month total;
	/* every service, visit and repair of the year (custyear.h) */
	sd_custyear_lists lists;
} sd_customer_year;

/*
 * The yearly report of customer (the name as registered) for year: month by
 * month rows and the year's totals, by the same rules as the monthly
 * summary. SD_DATAERR if no customer and no request has that name.
 */
int report_customer_year(store *st, const char *customer, int year, sd_customer_year *out,
                         sd_err *err);
void report_customer_free(sd_customer_year *y);

/*
 * The nearest-rank p-th percentile (0 < p <= 100) of v[0..n), which is
 * sorted in place; -1 when n == 0.
 */
long report_percentile(long *v, size_t n, int p);

/* Parse "YYYY-MM" (month 01..12, year 1900..9999) into out "YYYY-MM"; false if invalid. */
bool report_parse_month(const char *s, char out[8]);

/*
 * The month delta months after month ("YYYY-MM", valid), before it when
 * delta is negative, into out ("2026-12" + 1 is "2027-01").
 */
void report_month_step(const char *month, int delta, char out[8]);

/* ---------------------------------------------------------------- output */

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* How a report is written. */
typedef struct report_opts {
	enum report_format format;
	int width;             /* text: 80 or 132 columns */
	int page_lines;        /* text: lines per page (>= 20) */
} report_opts;

/*
 * Append the summary to out as UTF-8: text (paginated: a page header with the
 * month and the site, "page i of n" footers, form feeds between pages,
 * columns aligned by display width, tables never split inside a row and
 * their heads repeated on the next page), CSV (one section after another,
 * each with a header line; the first column names the section) or JSON (one
 * object, sections as keys, numbers as numbers, money in fen).
 */
void report_monthly_write(const sd_monthly *m, const report_opts *o, buf *out);

/* As report_monthly_write, for a customer's year. */
void report_customer_write(const sd_customer_year *y, const report_opts *o, buf *out);

/*
 * The monthly summary and a customer's year as documents (doc.h), for any
 * renderer; report_*_write render them as text, CSV or JSON. doc_free them.
 */
sd_doc *report_monthly_doc(const sd_monthly *m);

/* The site's name for a page header: the setting site_name, or the translated default. Free it. */
char *report_site_name(store *st);
sd_doc *report_customer_doc(const sd_customer_year *y);

/*
 * Send data (len bytes, already in the encoding wanted) to the print command:
 * the setting print_command (default lpr; run by /bin/sh with the data on its
 * standard input). SIGPIPE is ignored meanwhile, so a command that ends early
 * does not end servdesk. SD_IOERR, with one line naming the command, when it
 * cannot be started (or is not found: exit status 127), exits non-zero, dies
 * of a signal or could not take all the data; the last line the command
 * said ends that message. What it says (standard output and error) never
 * reaches the terminal, where the desk's screen would be.
 */
int report_print(store *st, const char *data, size_t len, sd_err *err);

/*
 * Print d as `--print` does: rendered as PDF (the printer's own text filter
 * never sees it) and sent with report_print. *pages (if not NULL) gets the
 * number of pages printed.
 */
int report_print_doc(store *st, const sd_doc *d, long *pages, sd_err *err);

/*
 * A figure as report text, in a cell the caller owns (report_out.c; the
 * desk's Summary tab uses the same). Each returns the cell.
 */
typedef char report_cell[48];
const char *report_fmt_int(report_cell b, long long v);
const char *report_fmt_money(report_cell b, int64_t fen);       /* yuan, two decimals */
/* Minutes as hours and minutes "H:MM"; "-" when min < 0. */
const char *report_fmt_dur(report_cell b, long min);
/* met of n as a percentage with one decimal ("75.0%"), mark appended when met < n; "-" when n is 0. */
const char *report_fmt_pct(report_cell b, long met, long n, const char *mark);
/* Basis points as a percentage with two decimals ("2.50", with sign "2.50%"); "-" when bp < 0. */
const char *report_fmt_bp(report_cell b, long bp, bool sign);
/* An average with one decimal from sum and n ("4.5"); "-" when n is 0. */
const char *report_fmt_avg(report_cell b, long sum, long n);

/*
 * The overdue-now lines of a month that is running (m->overdue_shown), for
 * the report and the Summary: "Overdue right now (as of ...): N entries",
 * then the clocks with a count. UTF-8, each line ending in '\n'.
 */
void report_overdue_lines(const sd_monthly *m, buf *out);

#endif
