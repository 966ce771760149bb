/*
 * cli_doc.c — where a printable document goes from the command line: the
 * options --format text|csv|json|xlsx|pdf, --encoding, --width, -o FILE and
 * --print, shared by the reports and the stocktake sheet; the document is
 * rendered once and written to standard output, a file (written beside it,
 * then renamed, src/ofile.c) or the print command.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "enc.h"
#include "ofile.h"
#include "out.h"
#include "report.h"

static const struct {
	const char *name;
	enum doc_format f;
} formats[] = {
	{ "text", DOCF_TEXT }, { "csv", DOCF_CSV }, { "json", DOCF_JSON },
	{ "xlsx", DOCF_XLSX }, { "pdf", DOCF_PDF },
};

static bool
binary(enum doc_format f)
{
	return f == DOCF_XLSX || f == DOCF_PDF;
}

static bool
to_stdout(const char *path)
{
	return !path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0;
}

int
cli_docout_parse(const char *cmd, const char *format, const char *encoding, const char *width,
                 const char *path, bool print, cli_docout *d)
{
	memset(d, 0, sizeof *d);
	d->o.width = 80;
	d->enc = ENC_UTF8;
	d->path = path;
	d->print = print;
	/* the printer gets a PDF unless the text is asked for */
	d->o.format = print ? DOCF_PDF : DOCF_TEXT;
	if (format) {
		size_t i;
		for (i = 0; i < SD_ARRAY_LEN(formats) && strcmp(format, formats[i].name) != 0; i++)
			;
		if (i == SD_ARRAY_LEN(formats))
			return cli_usage(cmd, _("unknown format '%s'"), format);
		d->o.format = formats[i].f;
	}
	if (encoding && (enc_parse(encoding, &d->enc) != 0 || d->enc == ENC_AUTO))
		return cli_usage(cmd, _("unknown encoding '%s'"), encoding);
	if (d->enc == ENC_GB18030 && (d->o.format == DOCF_JSON || binary(d->o.format)))
		return cli_usage(cmd, "%s", _("JSON is always UTF-8: --encoding applies to text and csv"));
	if (width) {
		if (strcmp(width, "80") == 0)
			d->o.width = 80;
		else if (strcmp(width, "132") == 0)
			d->o.width = 132;
		else
			return cli_usage(cmd, _("invalid width '%s' (80 or 132)"), width);
	}
	if (path && print)
		return cli_usage(cmd, "%s", _("-o and --print exclude each other"));
	if (path && !*path)
		return cli_usage(cmd, "%s", _("empty file name"));
	if (binary(d->o.format) && !print && to_stdout(path) && (!path || isatty(STDOUT_FILENO)))
		/* TRANSLATORS: the format, xlsx or pdf. */
		return cli_usage(cmd, _("%s is not for a terminal: write it with -o FILE or send it with --print"),
		                 format ? format : "pdf");
	return SD_OK;
}

/* Write data to standard output, a file (temporary, then renamed) or a device. */
static int
write_data(cli *c, const cli_docout *d, const char *data, size_t len)
{
	sd_ofile of;
	int rc;

	if (d->print)
		return report_print(c->st, data, len, &c->err);
	if ((rc = ofile_open(&of, d->path, 0, &c->err)) != SD_OK)
		return rc;
	if (out_raw(of.fp, data, len) != SD_OK) {
		char *e = out_from_locale(strerror(errno));

		rc = sd_err_set(&c->err, SD_IOERR, _("%s: write error: %s"),
		                of.std ? _("standard output") : d->path, e);
		free(e);
		ofile_abort(&of);
		return rc;
	}
	return ofile_commit(&of, &c->err);
}

int
cli_docout_write(cli *c, const cli_docout *d, const sd_doc *doc)
{
	buf b = { 0 };
	char *conv = NULL;
	size_t convlen = 0;
	int rc;

	if ((rc = doc_render(doc, &d->o, &b, &c->err)) != SD_OK)
		goto out;
	if (d->o.format == DOCF_TEXT || d->o.format == DOCF_CSV) {
		if ((rc = enc_from_utf8(b.data ? b.data : "", b.len, d->enc, &conv, &convlen, &c->err)) != SD_OK)
			goto out;
		rc = write_data(c, d, conv, convlen);
	} else {
		rc = write_data(c, d, b.data ? b.data : "", b.len);
	}
out:
	free(conv);
	buf_free(&b);
	return rc;
}
