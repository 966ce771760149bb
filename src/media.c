/*
 * media.c — finding and loading the document and picture module (media.h),
 * and the document renderers that go through it.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media.h"
#include "text.h"

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/servdesk"
#endif

/* Raised privileges (set-group-ID): the environment and the program's own
 * directory are not to be trusted with what code is loaded. */
static bool
secure(void)
{
	return getauxval(AT_SECURE) != 0;
}

static bool
is_file(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

char *
media_path(void)
{
	buf b = { 0 };

	if (!secure()) {
		const char *d = getenv("SERVDESK_MODULE_DIR");
		char exe[PATH_MAX];
		ssize_t n;

		if (d && *d) {
			buf_printf(&b, "%s/%s", d, MEDIA_FILE);
			return buf_steal(&b);
		}
		/* beside the program (a build tree) */
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0) {
			char *slash;

			exe[n] = '\0';
			if ((slash = strrchr(exe, '/')) != NULL) {
				slash[1] = '\0';
				buf_printf(&b, "%s%s", exe, MEDIA_FILE);
				if (is_file(buf_str(&b)))
					return buf_steal(&b);
				buf_reset(&b);
			}
		}
	}
	buf_printf(&b, "%s/%s", PKGLIBDIR, MEDIA_FILE);
	return buf_steal(&b);
}

const struct media_ops *
media_get(sd_err *err)
{
	static const struct media_ops *ops;
	static char why[512];
	char *path, *clean;
	void *h;

	if (ops)
		return ops;
	path = media_path();
	clean = text_sanitize(path, false);
	if (why[0]) {
		/* tried and failed before: say it again, do not try again */
	} else if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		const char *e = dlerror();

		snprintf(why, sizeof why, "%s", e ? e : "dlopen");
	} else {
		const struct media_ops *m = dlsym(h, MEDIA_SYMBOL);

		if (!m)
			snprintf(why, sizeof why, "%s", _("it is not servdesk's module"));
		else if (m->size != sizeof *m || !m->version || strcmp(m->version, PACKAGE_VERSION) != 0)
			snprintf(why, sizeof why, _("it belongs to servdesk %s, not %s"),
			         m->version ? m->version : "?", PACKAGE_VERSION);
		else
			ops = m;
		if (!ops)
			dlclose(h);
	}
	if (!ops) {
		char *w = text_sanitize(why, false);

		sd_err_set(err, SD_INTERNAL,
		           _("cannot load the module for PDF, Excel and fax pages (%s): %s"), clean, w);
		free(w);
	}
	free(clean);
	free(path);
	return ops;
}

int
doc_render_pdf(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	const struct media_ops *m = media_get(err);

	return m ? m->render_pdf(d, o, out, err) : SD_INTERNAL;
}

int
doc_render_xlsx(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	const struct media_ops *m = media_get(err);

	return m ? m->render_xlsx(d, o, out, err) : SD_INTERNAL;
}
