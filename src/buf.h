/*
 * buf.h — memory helpers and a growable byte buffer.
 *
 * Allocation policy: the x* wrappers abort with a message on exhaustion;
 * servdesk's working set is small and a desk that cannot allocate cannot
 * go on safely. Self-contained; no curses.
 */
#ifndef SERVDESK_BUF_H
#define SERVDESK_BUF_H

#include <stddef.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL gives NULL */
char *xstrndup(const char *s, size_t n);

/* A growable NUL-terminated byte buffer. Zero-initialise, or use buf_init. */
typedef struct buf {
	char *data;   /* NUL-terminated, NULL until the first append */
	size_t len;   /* bytes used, without the NUL */
	size_t cap;   /* bytes allocated */
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);                       /* len = 0, keeps memory */
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Hand the data to the caller (never NULL; "" when empty) and reset b. */
char *buf_steal(buf *b);
/* The contents as a C string ("" when empty); valid until the next change. */
const char *buf_str(const buf *b);

#endif
