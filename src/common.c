/* common.c — status descriptions and the error record. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

const char *
sd_status_desc(int status)
{
	switch (status) {
#define SD_DESC_(name, code, desc) case code: return desc;
	SD_STATUS_LIST(SD_DESC_)
#undef SD_DESC_
	}
	return N_("unknown status");
}

void
sd_err_clear(sd_err *err)
{
	if (err) {
		err->status = SD_OK;
		err->msg[0] = '\0';
	}
}

int
sd_err_set(sd_err *err, int status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		/* one line: fold any line end into a space */
		for (char *p = err->msg; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		err->status = status;
	}
	return status;
}
