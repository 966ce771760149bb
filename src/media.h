/*
 * media.h — the document and picture module, loaded when it is needed.
 *
 * PDF (cairo and pango), XLSX (libxlsxwriter), TIFF (libtiff), PDF pages
 * (poppler) and pictures drawn in characters (chafa) bring some sixty
 * shared libraries. Linked into servdesk they would be loaded at every
 * start, which costs several times what the rest of a command does: most
 * commands (adding a request, a ledger step, a list) never draw a page.
 * So they live in a module of their own, servdesk-media.so, that servdesk
 * loads with dlopen() the first time a document is rendered as PDF or
 * XLSX, or a fax page is read or drawn.
 *
 * Where the module is looked for: the installed one, PKGLIBDIR/servdesk-
 * media.so. A program that is not running with raised privileges (not
 * set-group-ID) also honours SERVDESK_MODULE_DIR and, failing that, takes
 * the module beside the program itself when there is one (the build
 * tree); a set-group-ID servdesk loads the installed module only.
 *
 * The module holds its own copies of the plain helpers it needs (text,
 * buffers, the document model's accessors, encodings) and exports one
 * symbol, servdesk_media (struct media_ops), whose version must be the
 * program's: a module from another build is refused.
 */
#ifndef SERVDESK_MEDIA_H
#define SERVDESK_MEDIA_H
#include "buf.h"
#include "common.h"
#include "doc.h"

#define MEDIA_FILE "servdesk-media.so"
#define MEDIA_SYMBOL "servdesk_media"

struct media_ops {
	const char *version; /* PACKAGE_VERSION of the build */
	size_t size;         /* sizeof(struct media_ops) of the build */
	/* doc_render_pdf and doc_render_xlsx (doc.h) */
	int (*render_pdf)(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
	int (*render_xlsx)(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
	/* A TIFF's pages (0 when it cannot be read) and its ImageDescription as
	 * it is (malloc'd, NULL when absent); errors are kept off the terminal. */
	int (*tiff_probe)(const char *path, char **desc);
	/* A PDF's pages; 0 when it cannot be read. */
	int (*pdf_pages)(const char *path);
	/* att_page_text (inbox.h) for a file of this kind (enum att_kind). */
	int (*page_text)(const char *path, int kind, int page, int cols, int rows, char ***lines,
	                 sd_err *err);
	/* A fax as a fax server writes it: pages of 1-bit CCITT group 4 that
	 * look like a typed letter, the sender in ImageDescription (the demo). */
	int (*write_fax)(const char *path, int pages, const char *sender, unsigned seed, sd_err *err);
};

/*
 * The module, loaded on the first call and kept; NULL with err set (one
 * line naming the file and why) when it cannot be loaded or is not of this
 * build.
 */
const struct media_ops *media_get(sd_err *err);

/* The path the module is (or would be) loaded from (malloc'd). */
char *media_path(void);

/* In the module: what it implements (not to be called from the program). */
int media_render_pdf(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);
int media_render_xlsx(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err);

#endif
