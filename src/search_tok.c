/*
 * search_tok.c — servdesk's FTS5 tokenizer for the request search: CJK
 * bigrams, whole Latin words and numbers (see search_tok.h). The approach
 * of Lucene's CJK bigram filter: one token per character, the pair it
 * starts, or the character alone at the end of a run.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_tok.h"

enum cls { C_SEP, C_WORD, C_CJK };

#define BAD_CP 0xFFFFFFFFu

/* Decode the character at s[i] (i < len): its byte length, *cp (BAD_CP for an invalid byte). */
static int
decode(const unsigned char *s, int len, int i, uint32_t *cp)
{
	unsigned c = s[i];
	int n;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = BAD_CP;
		return 1;
	}
	if (i + n > len) {
		*cp = BAD_CP;
		return 1;
	}
	for (int k = 1; k < n; k++) {
		unsigned b = s[i + k];
		if ((b & 0xC0) != 0x80) {
			*cp = BAD_CP;
			return 1;
		}
		v = v << 6 | (b & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = BAD_CP;
		return 1;
	}
	*cp = v;
	return n;
}

/* Han characters and the other scripts written without spaces, in and beyond the BMP. */
static bool
is_cjk(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x11FF) ||      /* Hangul Jamo */
	       (c >= 0x2E80 && c <= 0x2FDF) ||      /* radicals */
	       (c >= 0x3005 && c <= 0x3007) ||      /* 々 〆 〇 */
	       (c >= 0x3021 && c <= 0x3029) ||      /* Hangzhou numerals */
	       (c >= 0x3041 && c <= 0x30FF && c != 0x30FB) ||  /* kana, without the middle dot */
	       (c >= 0x3105 && c <= 0x318F) ||      /* bopomofo, Hangul compatibility jamo */
	       (c >= 0x31A0 && c <= 0x31BF) ||
	       (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) ||      /* extension A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||      /* unified ideographs */
	       (c >= 0xA960 && c <= 0xA97F) ||
	       (c >= 0xAC00 && c <= 0xD7AF) ||      /* Hangul syllables */
	       (c >= 0xF900 && c <= 0xFAFF) ||      /* compatibility ideographs */
	       (c >= 0x20000 && c <= 0x3FFFF);      /* extensions B and on (𠮷) */
}

/* The class of c; for a word character, *fold is its ASCII lower case form (or c itself). */
static enum cls
classify(uint32_t c, uint32_t *fold)
{
	*fold = c;
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z') {
			*fold = c + ('a' - 'A');
			return C_WORD;
		}
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? C_WORD : C_SEP;
	}
	if (c == BAD_CP)
		return C_SEP;
	if (is_cjk(c))
		return C_CJK;
	/* full-width digits and letters: ０-９ Ａ-Ｚ ａ-ｚ */
	if (c >= 0xFF10 && c <= 0xFF19) {
		*fold = c - 0xFF10 + '0';
		return C_WORD;
	}
	if (c >= 0xFF21 && c <= 0xFF3A) {
		*fold = c - 0xFF21 + 'a';
		return C_WORD;
	}
	if (c >= 0xFF41 && c <= 0xFF5A) {
		*fold = c - 0xFF41 + 'a';
		return C_WORD;
	}
	/* Latin letters with accents, Greek (Φ, μ), Cyrillic */
	if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF && c != 0x37E) ||
	    (c >= 0x400 && c <= 0x52F))
		return C_WORD;
	return C_SEP;
}

static int
encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Is there a word or CJK character in s[i..len)? */
static bool
more_tokens(const unsigned char *s, int len, int i)
{
	while (i < len) {
		uint32_t c, f;
		int n = decode(s, len, i, &c);

		if (classify(c, &f) != C_SEP)
			return true;
		i += n;
	}
	return false;
}

int
search_tokenize(const char *text, int len, bool query, search_tok_fn fn, void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	int i = 0, rc;

	if (!text)
		return 0;
	if (len < 0)
		len = (int)strlen(text);
	while (i < len) {
		uint32_t c, f;
		int n = decode(s, len, i, &c);
		enum cls k = classify(c, &f);

		if (k == C_SEP) {
			i += n;
		} else if (k == C_WORD) {
			char tok[SEARCH_TOKEN_MAX + 4];
			int ntok = 0, start = i;
			bool full = false;

			while (i < len) {
				char e[4];
				int m;

				n = decode(s, len, i, &c);
				if (classify(c, &f) != C_WORD)
					break;
				m = encode(f, e);
				/* cut at the first character that does not fit */
				if (!full && ntok + m <= SEARCH_TOKEN_MAX) {
					memcpy(tok + ntok, e, (size_t)m);
					ntok += m;
				} else {
					full = true;
				}
				i += n;
			}
			if ((rc = fn(arg, tok, ntok, start, i)))
				return rc;
		} else {
			/* a run of CJK characters: the pair each one starts, the last one alone */
			int start = i;

			while (i < len) {
				uint32_t c2, f2;
				int n2 = 0, next = i + n;
				bool pair = false;

				if (next < len) {
					n2 = decode(s, len, next, &c2);
					pair = classify(c2, &f2) == C_CJK;
				}
				if (pair) {
					if ((rc = fn(arg, text + i, n + n2, i, next + n2)))
						return rc;
				} else if (!query || i == start || more_tokens(s, len, next)) {
					/* a lone character, or the last of a run (in a query: when
					 * something follows it, to hold its place in the phrase) */
					if ((rc = fn(arg, text + i, n, i, next)))
						return rc;
				}
				i = next;
				if (!pair)
					break;
				n = n2;
			}
		}
	}
	return 0;
}

static int
count_one(void *arg, const char *tok, int ntok, int start, int end)
{
	(void)tok; (void)ntok; (void)start; (void)end;
	(*(int *)arg)++;
	return 0;
}

int
search_query_tokens(const char *text)
{
	int n = 0;

	search_tokenize(text, -1, true, count_one, &n);
	return n;
}

bool
search_query_prefix(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	int len = text ? (int)strlen(text) : 0, i = 0, run = 0;
	enum cls last = C_SEP;

	while (i < len) {
		uint32_t c, f;

		i += decode(s, len, i, &c);
		last = classify(c, &f);
		run = last == C_CJK ? run + 1 : 0;
	}
	return last == C_WORD || (last == C_CJK && run == 1);
}

/* ---------------------------------------------------------------- matching one text */

/* Tokens kept: their bytes one after another in text, their ends in end[]. */
struct toks {
	char *text;
	int *end;
	int n, cap, len, tcap;
};

struct search_query {
	struct toks t;
	bool prefix;
	int probe, nprobe;   /* a CJK token's bytes in t.text: a text without them cannot match */
};

static void
toks_free(struct toks *t)
{
	free(t->text);
	free(t->end);
}

static int
keep_token(void *arg, const char *tok, int ntok, int start, int end)
{
	struct toks *t = arg;

	(void)start; (void)end;
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 32;
		int *e = realloc(t->end, (size_t)cap * sizeof *e);

		if (!e)
			return SQLITE_NOMEM;
		t->end = e;
		t->cap = cap;
	}
	if (t->len + ntok > t->tcap) {
		int cap = t->tcap ? t->tcap : 256;
		char *x;

		while (cap < t->len + ntok)
			cap *= 2;
		if (!(x = realloc(t->text, (size_t)cap)))
			return SQLITE_NOMEM;
		t->text = x;
		t->tcap = cap;
	}
	memcpy(t->text + t->len, tok, (size_t)ntok);
	t->len += ntok;
	t->end[t->n++] = t->len;
	return 0;
}

/* Token i of t: its bytes and length. */
static const char *
tok_at(const struct toks *t, int i, int *len)
{
	int start = i ? t->end[i - 1] : 0;

	*len = t->end[i] - start;
	return t->text + start;
}

search_query *
search_query_new(const char *text)
{
	search_query *q = calloc(1, sizeof *q);

	if (!q)
		return NULL;
	if (search_tokenize(text, -1, true, keep_token, &q->t) != 0 || q->t.n == 0) {
		search_query_free(q);
		return NULL;
	}
	q->prefix = search_query_prefix(text);
	q->probe = -1;
	for (int i = 0; i < q->t.n && q->probe < 0; i++) {
		int len;
		const char *tok = tok_at(&q->t, i, &len);
		uint32_t c;

		/* CJK tokens are the text's own bytes (Latin words are folded) */
		decode((const unsigned char *)tok, len, 0, &c);
		if (is_cjk(c)) {
			q->probe = (int)(tok - q->t.text);
			q->nprobe = len;
		}
	}
	return q;
}

void
search_query_free(search_query *q)
{
	if (!q)
		return;
	toks_free(&q->t);
	free(q);
}

bool
search_query_match(const search_query *q, const char *text, int len)
{
	struct toks d = { 0 };
	bool found = false;

	if (!q)
		return false;
	if (len < 0)
		len = (int)strlen(text);
	if (q->probe >= 0 && !memmem(text, (size_t)len, q->t.text + q->probe, (size_t)q->nprobe))
		return false;
	if (search_tokenize(text, len, false, keep_token, &d) != 0) {
		toks_free(&d);
		return false;
	}
	/* the phrase: the query's tokens at consecutive positions (one token a position) */
	for (int i = 0; i + q->t.n <= d.n && !found; i++) {
		int k;

		for (k = 0; k < q->t.n; k++) {
			int ql, dl;
			const char *qt = tok_at(&q->t, k, &ql), *dt = tok_at(&d, i + k, &dl);
			bool last = k == q->t.n - 1;

			if (last && q->prefix ? dl < ql || memcmp(qt, dt, (size_t)ql) != 0
			                      : dl != ql || memcmp(qt, dt, (size_t)ql) != 0)
				break;
		}
		found = k == q->t.n;
	}
	toks_free(&d);
	return found;
}

static void
query_release(void *p)
{
	search_query_free(p);
}

/* servdesk_search(TEXT, QUERY) */
static void
search_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	search_query *q = sqlite3_get_auxdata(ctx, 1);
	const char *text = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (!q) {
		const char *query = (const char *)sqlite3_value_text(argv[1]);

		if (!query || !(q = search_query_new(query))) {
			sqlite3_result_int(ctx, 0);
			return;
		}
		/* kept for the next rows while QUERY is the same bound value */
		sqlite3_set_auxdata(ctx, 1, q, query_release);
		if (!(q = sqlite3_get_auxdata(ctx, 1))) {
			/* not kept (SQLite freed it): take it apart again for this row */
			if (!(q = search_query_new(query))) {
				sqlite3_result_int(ctx, 0);
				return;
			}
			sqlite3_result_int(ctx, text && search_query_match(q, text, sqlite3_value_bytes(argv[0])));
			search_query_free(q);
			return;
		}
	}
	sqlite3_result_int(ctx, text && search_query_match(q, text, sqlite3_value_bytes(argv[0])));
}

/* ---------------------------------------------------------------- FTS5 */

/* What the tokenizer keeps per connection (its user data with FTS5). */
struct tok_conn {
	void (*progress)(void *arg, long docs);
	void *arg;
	long docs;
};

struct fts5_cb {
	void *ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
};

static int
to_fts5(void *arg, const char *tok, int ntok, int start, int end)
{
	struct fts5_cb *cb = arg;

	return cb->xToken(cb->ctx, 0, tok, ntok, start, end);
}

static int
tok_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)argv;
	if (argc > 0)
		return SQLITE_ERROR;   /* the tokenizer takes no options */
	*out = (Fts5Tokenizer *)user;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *t)
{
	(void)t;   /* the connection's data outlives its tables */
}

static int
tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
             int (*xToken)(void *, int, const char *, int, int, int))
{
	struct tok_conn *conn = (struct tok_conn *)t;
	struct fts5_cb cb = { ctx, xToken };
	int rc = search_tokenize(text, len, (flags & FTS5_TOKENIZE_QUERY) != 0, to_fts5, &cb);

	if ((flags & FTS5_TOKENIZE_DOCUMENT) && conn->progress && ++conn->docs % 10000 == 0)
		conn->progress(conn->arg, conn->docs);
	return rc;
}

static fts5_api *
fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int
search_tok_register(sqlite3 *db)
{
	static fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = fts5_of(db);
	struct tok_conn *conn;
	int rc;

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	if (!(conn = calloc(1, sizeof *conn)))
		return SQLITE_NOMEM;
	/* on success FTS5 frees conn with the connection */
	if ((rc = api->xCreateTokenizer(api, SEARCH_TOKENIZER, conn, &tok, free)) != SQLITE_OK) {
		free(conn);
		return rc;
	}
	return sqlite3_create_function(db, "servdesk_search", 2,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	                               NULL, search_fn, NULL, NULL);
}

void
search_tok_progress(sqlite3 *db, void (*fn)(void *arg, long docs), void *arg)
{
	fts5_api *api = fts5_of(db);
	fts5_tokenizer tok;
	void *user = NULL;

	if (!api || api->xFindTokenizer(api, SEARCH_TOKENIZER, &user, &tok) != SQLITE_OK || !user)
		return;
	((struct tok_conn *)user)->progress = fn;
	((struct tok_conn *)user)->arg = arg;
	((struct tok_conn *)user)->docs = 0;
}
