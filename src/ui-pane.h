/*
 * ui-pane.h — the desk's pane interface. Each register (intake, ledger,
 * stock, visits) supplies one static table of operations in its own ui-*.c
 * file; ui.c knows panes only through this table and the shared context.
 *
 * The screen: row 0 the tab line; the pane area (a list and a detail part,
 * side by side from UI_WIDE_COLS columns, stacked below that); the status
 * line; the key bar.
 */
#ifndef SERVDESK_UI_PANE_H
#define SERVDESK_UI_PANE_H

#include <stdbool.h>
#include "common.h"
#include "store.h"
#include "buf.h"
#include "staff.h"
#include "ui-draw.h"

#define UI_WIDE_COLS 120    /* side by side from this width */
#define UI_MIN_COLS 30      /* below these: "terminal too small" */
#define UI_MIN_ROWS 8
#define UI_MAX_PANES 16     /* room for the tabs */

struct ui_pane_ops;

/* The desk's one context: shared by ui.c and every pane. */
typedef struct ui_ctx {
	store *st;
	char *user;               /* store_user() */
	char *user_name;          /* staff name of the user, or NULL */
	char *calendar_note;      /* the working-day calendar runs out: a short note, or NULL */
	int user_role;            /* enum sd_role, or -1 if not on the staff list */
	bool user_active;         /* active on the staff list */
	ui_rect list;             /* list part of the pane area */
	ui_rect detail;           /* detail part of the pane area */
	ui_rect area;             /* the whole pane area (forms, overlays) */
	bool stacked;             /* list above detail (narrow terminal) */
	bool detail_focus;        /* keys go to the detail part */
	char msg[1024];           /* message for the status line (UTF-8) */
	bool msg_error;           /* show msg as an error */
	bool quit;                /* leave the desk */
	bool redraw_all;          /* clear the screen before the next draw */
	int prompt_row;           /* row of the status line (prompts use it) */
	int keybar_row;           /* row of the key bar */
	const struct ui_pane_ops *panes[UI_MAX_PANES];   /* the registers that exist, in tab order */
	void *privs[UI_MAX_PANES]; /* each pane's private state */
	size_t npanes;
	size_t cur;               /* the pane shown */
	bool too_small;           /* the terminal is below UI_MIN_COLS x UI_MIN_ROWS */
	/* the status line's count of entries overdue now (ledger_overdue_now), cached */
	long overdue;             /* -1 until counted or when it could not be read */
	long overdue_changes;     /* sqlite3_total_changes when counted */
	long long overdue_when;   /* monotonic seconds when counted */
} ui_ctx;

/* Set the status-line message (printf-style, UTF-8); error marks it as such. */
/*
 * The separators of a status line's parts as the language writes them: between
 * items of a list (", " in English, "，" in Chinese) and between clauses
 * ("; ", "；").
 */
const char *ui_sep_item(void);
const char *ui_sep_clause(void);

void ui_message(ui_ctx *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Redraw the whole screen now (tabs, pane, status, key bar), e.g. under a prompt. */
void ui_redraw(ui_ctx *c);

/* Is a key waiting on the terminal (poll with no timeout)? */
bool ui_input_pending(void);

/* The interrupt callback for store_set_interrupt (checks for pending input). */
int ui_interrupt_check(void *arg);

/*
 * May the person at the desk do action (staff_permit)? If not, the reason
 * goes to the status line as an error.
 */
bool ui_permitted(ui_ctx *c, enum sd_action action);

/*
 * Let the person pick an active engineer or supervisor from the staff list
 * (a pick list titled title). Returns the login (malloc'd), or NULL with the
 * status line saying why: the staff list could not be read, no one to pick,
 * or "Cancelled.".
 */
char *ui_pick_engineer(ui_ctx *c, const char *title);
/* The same, the customer's appointed engineer and deputy first and marked (customer NULL: as above). */
char *ui_pick_engineer_for(ui_ctx *c, const char *title, const char *customer);

/*
 * The operations of one pane. priv is the pane's private state
 * (priv_size bytes, zeroed before init).
 */
typedef struct ui_pane_ops {
	const char *name;          /* N_() tab label */
	size_t priv_size;
	/* set up state and load the first page; return SD_OK or a status (msg set) */
	int (*init)(ui_ctx *c, void *priv);
	/* free state */
	void (*done)(ui_ctx *c, void *priv);
	/* reload the list around the current row (after a change, a resize) */
	void (*reload)(ui_ctx *c, void *priv);
	/* draw the list part in c->list and the detail part in c->detail */
	void (*draw)(ui_ctx *c, void *priv);
	/* handle a key (ui_getkey form); return true if used */
	bool (*key)(ui_ctx *c, void *priv, int key);
	/* a mouse click at screen (y, x) inside the pane area */
	void (*click)(ui_ctx *c, void *priv, int y, int x);
	/* append the filter and sort in force to b (for the status line) */
	void (*describe)(ui_ctx *c, void *priv, buf *b);
	/* run pending work when idle (e.g. a query cancelled by typing) */
	void (*idle)(ui_ctx *c, void *priv);
	const ui_keydef *keys;     /* the pane's key table (key bar and help) */
	size_t nkeys;
	/*
	 * The selected record, for its history (the audit trail): its table
	 * ("request", "part", "staff", ...) into *table and its key into key;
	 * false if none is selected. NULL for a pane without records.
	 */
	bool (*record)(ui_ctx *c, void *priv, const char **table, buf *key);
} ui_pane_ops;

/* The intake register pane (ui-intake.c). */
extern const ui_pane_ops ui_intake_pane;

/* The fax inbox pane (ui-inbox.c). */
extern const ui_pane_ops ui_inbox_pane;
/*
 * The request form (ui-intake.c) prefilled from prefill; saving registers the
 * inbox item inbox_id as the request (inbox_register). True and regno set
 * when saved.
 */
struct sd_request;
bool ui_intake_register_item(ui_ctx *c, long long inbox_id, const struct sd_request *prefill, char regno[24]);
/* The inbox's watch (ui-inbox.c): rescan when a directory changed; the number of items waiting. */
void ui_inbox_tick(ui_ctx *c);
long ui_inbox_waiting(ui_ctx *c);
/* Show an original (a stored attachment or an inbox file) page by page, or with the viewer setting. */
void ui_view_original(ui_ctx *c, const char *path, const char *mime, int pages);
/* The after-sales ledger pane (ui-ledger.c). */
extern const ui_pane_ops ui_ledger_pane;

/* The customers pane (ui-customer.c). */
extern const ui_pane_ops ui_customer_pane;

/* The complaints pane (ui-complaint.c). */
extern const ui_pane_ops ui_complaint_pane;

/* The spare-parts store pane (ui-stock.c). */
extern const ui_pane_ops ui_stock_pane;

/* The follow-up visits pane (ui-visit.c). */
extern const ui_pane_ops ui_visit_pane;

/* The commissioning and training pane (ui-install.c). */
extern const ui_pane_ops ui_install_pane;

/* The staff list pane (ui-staff.c). */
extern const ui_pane_ops ui_staff_pane;

/* The site settings pane (ui-settings.c). */
extern const ui_pane_ops ui_settings_pane;

/* The monthly summary pane (ui-summary.c). */
extern const ui_pane_ops ui_summary_pane;

/*
 * The record hook of a pane whose private state begins with its ui_list:
 * the selected row's identity (the list's ident) as a record of table.
 */
bool ui_history_selected(void *priv, const char *table, const char **out_table, buf *key);

/* Show the history of a record (table, key) in a text view (ui-history.c). */
void ui_history_run(ui_ctx *c, const char *table, const char *key);

#endif
