/*
 * inbox.h — the fax inbox and the originals kept with requests.
 *
 * The attachment store: a directory beside the database (DATABASE.files),
 * one file per content, named by its SHA-256 (glib's GChecksum) under a two-character subdirectory. Files and
 * directories get the database file's group and its permission bits (read
 * and write for owner and group at most), so that under the set-group-ID
 * install only servdesk can read them. A file is written under a temporary
 * name, synced, and renamed: copying the same content twice is harmless.
 *
 * The inbox: the directories of the setting inbox_dir are scanned for TIFF,
 * PDF, PNG and JPEG files; each becomes one inbox item, identified by its
 * hash, with its page count (libtiff, poppler: in the media module, media.h) and, for a fax, the sender's
 * identity from the TIFF's ImageDescription tag (HylaFAX writes the TSI
 * there). Registering an item creates a request (intake_add) and links the
 * original to it in one transaction; the file is copied into the store and
 * synced before, and removed from the inbox after the commit. A file whose
 * hash was already registered or discarded is the leftover of an interrupted
 * run: a scan removes it once its copy in the store is found intact.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_INBOX_H
#define SERVDESK_INBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "common.h"
#include "doc.h"
#include "intake.h"
#include "store.h"

/* ---------------------------------------------------------------- files */

/* The kinds of file servdesk keeps. */
enum att_kind { ATT_UNKNOWN, ATT_TIFF, ATT_PDF, ATT_PNG, ATT_JPEG };
/* The kind of a file from its first bytes (n of them). */
int att_kind_of(const unsigned char *head, size_t n);
/* The MIME type of a kind ("image/tiff", ...; "" for ATT_UNKNOWN). */
const char *att_mime(int kind);
/* The kind of a MIME type; ATT_UNKNOWN if not one of ours. */
int att_kind_of_mime(const char *mime);

/* The SHA-256 of fd's contents from its start, as 64 lower-case hex digits. */
int att_hash_fd(int fd, char hex[65], off_t *size, sd_err *err);
/* The SHA-256 of n bytes (for tests). */
void att_hash_mem(const void *p, size_t n, char hex[65]);

/*
 * Pages and sender of the file at path (kind known): a TIFF's directories
 * and its ImageDescription (sanitised to one line of UTF-8, NULL when
 * absent or empty); a PDF's pages (poppler); PNG and JPEG are one page.
 * SD_DATAERR naming the file when it cannot be read as its kind.
 */
int att_probe(const char *path, int kind, int *pages, char **sender, sd_err *err);

/* The attachment store's directory for the database at db_path (malloc'd). */
char *att_store_dir_for(const char *db_path);
/* The path of the stored file with this hash (malloc'd). */
char *att_store_file(store *st, const char *hash);
/*
 * Copy fd's contents (from its start) into the store as hash (checked while
 * copying: SD_DATAERR if the contents are not hash any more), synced, with the
 * database's group and mode. Nothing is done if an intact copy is there.
 */
int att_store_put(store *st, int fd, const char *hash, sd_err *err);
/* Is the stored copy of hash there and intact? */
bool att_store_intact(store *st, const char *hash);

/*
 * Page (0-based) of the original at path (of type mime) drawn in ASCII
 * characters (chafa) in at most cols x rows cells, its shape kept: *lines a
 * NULL-ended array of malloc'd lines (free with text_lines_free or each).
 * TIFF, PDF and PNG; SD_DATAERR for another kind or an unreadable page.
 */
int att_page_text(const char *path, const char *mime, int page, int cols, int rows, char ***lines, sd_err *err);
/* The whole file at path (opened as the program), for printing. */
int att_read_all(const char *path, char **data, size_t *len, sd_err *err);

/* ---------------------------------------------------------------- attachments */

typedef struct sd_attachment {
	long long id;
	char regno[24];
	char hash[65];
	char *name;
	char mime[32];
	int pages;          /* 0 unknown */
	long long size;
	char added_by[64];
	char added_at[17];
} sd_attachment;
void att_free(sd_attachment *a);

/*
 * Attach the file at path (a file the user names: opened with the user's
 * own group) to the request regno: copied into the store, then one
 * transaction adds the attachment with its audit row. The file is left
 * where it is. SD_DATAERR for a file that is not TIFF, PDF, PNG or JPEG,
 * or already attached to that request.
 */
int att_attach(store *st, const char *regno, const char *path, sd_err *err);
/*
 * Attach the file at path (opened as the program) to the request req_id
 * (regno) inside the caller's transaction (the demonstration, imports):
 * copied into the store first, then the row and its audit row.
 */
int att_link_in_tx(store *st, long long req_id, const char *regno, const char *path, sd_err *err);
/* Call fn for each attachment of the request regno (in order of adding). */
int att_each(store *st, const char *regno, int (*fn)(const sd_attachment *a, void *arg),
             void *arg, sd_err *err);
/* The attachments of regno in an array (*n of them; free with att_array_free). */
int att_list(store *st, const char *regno, sd_attachment **out, int *n, sd_err *err);
void att_array_free(sd_attachment *a, int n);

/*
 * Verify every stored original (the attachments, and the inbox items
 * registered or discarded): fn is called for each one missing or changed
 * (changed = false: missing), and *checked gets how many were looked at.
 */
int att_verify(store *st, void (*fn)(const char *hash, const char *name, const char *regno,
                                     bool changed, void *arg),
               void *arg, long *checked, sd_err *err);

/*
 * Back up the database to path: one file as admin_backup writes it when no
 * original is kept; else a directory (written beside path and renamed into
 * place) holding servdesk.db and files/aa/HASH, every original the copy
 * names, each checked against its hash. *is_dir tells which was written.
 */
int att_backup(store *st, const char *path, bool *is_dir, sd_err *err);
/* The database file of the backup at path: path/servdesk.db for a directory, else path (malloc'd). */
char *att_backup_db(const char *path);
/*
 * Before a restore from the backup directory path: put its originals into
 * the store, each checked against its name (SD_DATAERR naming a changed
 * one). A backup that is one file has none. *count gets how many.
 */
int att_restore_files(store *st, const char *path, long *count, sd_err *err);

/* ---------------------------------------------------------------- inbox */

enum inbox_state { IB_NEW, IB_REGISTERED, IB_DISCARDED, IB_COUNT };
const char *inbox_state_code(int s);   /* "new", "registered", "discarded" */
const char *inbox_state_name(int s);   /* translated */
int inbox_state_parse(const char *s);  /* code or Chinese name; -1 if unknown */

typedef struct sd_inbox_item {
	long long id;
	char hash[65];
	char *path;
	char *name;
	char mime[32];
	long long size;
	char arrived_at[17];
	int pages;          /* 0 unknown */
	char *sender;       /* NULL unknown */
	int state;          /* enum inbox_state */
	char *reason;
	char regno[24];     /* the request it became, "" none */
	char done_by[64];
	char done_at[17];
} sd_inbox_item;
void inbox_item_free(sd_inbox_item *it);
void inbox_items_free(sd_inbox_item *v, int n);

/* The inbox directories of the setting inbox_dir (malloc'd array of malloc'd strings). */
int inbox_dirs(store *st, char ***dirs, int *n, sd_err *err);
void inbox_dirs_free(char **dirs, int n);

/*
 * Scan the inbox directories: new files become items, items whose file went
 * away are forgotten, leftovers of registered or discarded items are removed
 * (their copy in the store being intact). A file that cannot be read yet
 * (still being written) is left for the next scan. *added (if not NULL) gets
 * how many items are new since the last scan. Needs the right to register
 * requests; without it (a guest) nothing is written and SD_OK returned.
 */
int inbox_scan(store *st, int *added, sd_err *err);

/*
 * The inbox items in state (or every state when state < 0), oldest arrival
 * first; *out an array of *n.
 */
int inbox_list(store *st, int state, sd_inbox_item **out, int *n, sd_err *err);
/* How many items are new (without scanning). */
int inbox_count_new(store *st, long *n, sd_err *err);
/*
 * Find an item: by its number (digits) or by a file name or path (the file
 * is hashed, or matched by name among the items). SD_DATAERR if none.
 */
int inbox_find(store *st, const char *what, sd_inbox_item *out, sd_err *err);

/*
 * Prefill a request from an item: channel fax, fax pages and time of
 * receipt from the item (the caller fills the rest).
 */
void inbox_prefill(const sd_inbox_item *it, sd_request *r);
/*
 * Register the new item id as the request r (validated and numbered as
 * intake_add does; r->id and r->regno filled): store copy and sync, one
 * transaction (request, attachment, item registered, audit rows), then the
 * inbox file removed.
 */
int inbox_register(store *st, long long id, sd_request *r, sd_err *err);
/* Discard the new item id with a reason (required); the original is kept in the store. */
int inbox_discard(store *st, long long id, const char *reason, sd_err *err);

/* Monthly figures: faxes received (arrived), registered and discarded in month "YYYY-MM". */
typedef struct sd_inbox_month {
	long received, registered, discarded, waiting;
} sd_inbox_month;
int inbox_month_figures(store *st, const char *month, sd_inbox_month *out, sd_err *err);
/* The monthly summary's section on the fax inbox. */
void inbox_month_section(sd_doc *d, const sd_inbox_month *f);

#endif
