/*
 * search_tok.h — servdesk's own FTS5 tokenizer for the request search
 * (tokenize = 'servdesk'): Chinese (and other CJK) text as overlapping
 * bigrams, Latin words and numbers as whole tokens (ASCII case-folded,
 * full-width letters and digits as their ASCII forms), everything else a
 * separator.
 *
 * In a document, each character of a run of CJK characters c0 c1 ... cn
 * gives the token at its position: the bigram ci ci+1, and the last one cn
 * itself (so a lone character between Latin text or punctuation is a token
 * of its own). Every character thus begins exactly one token: a query of
 * one character is the prefix query "c*" (the character, or a pair it
 * begins); a longer run becomes its bigrams in a row. Every search, from
 * one character up, is then one phrase query over the index.
 *
 * (Indexing every character on its own besides the bigrams, at the same
 * position, made the index 8% larger than the trigram index it replaces on
 * the bench's requests; this one is 37% smaller.)
 */
#ifndef SD_SEARCH_TOK_H
#define SD_SEARCH_TOK_H

#include <stdbool.h>
#include <sqlite3.h>

/* The name the FTS5 table gives in tokenize = '...'. */
#define SEARCH_TOKENIZER "servdesk"

/* The longest token in bytes (a longer word is cut at a character boundary). */
#define SEARCH_TOKEN_MAX 64

/* One token: its text (not NUL-terminated), its byte offsets in the input. */
typedef int (*search_tok_fn)(void *arg, const char *tok, int ntok, int start, int end);

/*
 * Tokenize len bytes of UTF-8 text (invalid bytes are separators) as a
 * document (query false) or as a query phrase (query true), calling fn for
 * each token in order. fn's non-zero result stops and is returned; else 0.
 */
int search_tokenize(const char *text, int len, bool query, search_tok_fn fn, void *arg);

/* How many query tokens text has (0: nothing the index can look up). */
int search_query_tokens(const char *text);

/*
 * Is the query a prefix query: does it end inside a Latin word or number
 * (as when it is being typed: the words beginning so), or in a single CJK
 * character (the pairs it begins, or the character alone)?
 */
bool search_query_prefix(const char *text);

/*
 * A query taken apart once, to test texts one by one without the index:
 * search_query_match(q, text) is true exactly when the FTS5 phrase of the
 * query (prefix or not, as search_query_prefix says) matches the text.
 * NULL when the query has no tokens.
 */
typedef struct search_query search_query;
search_query *search_query_new(const char *text);
void search_query_free(search_query *q);
bool search_query_match(const search_query *q, const char *text, int len);

/*
 * Register the tokenizer on db (every connection that may touch the search
 * index), and the SQL function servdesk_search(TEXT, QUERY): 1 when QUERY
 * matches TEXT as search_query_match says, else 0.
 */
int search_tok_register(sqlite3 *db);

/*
 * While fn is set, the tokenizer on db calls it after every 10000
 * documents it indexes (with the count so far): the progress of a rebuild.
 * fn NULL stops it.
 */
void search_tok_progress(sqlite3 *db, void (*fn)(void *arg, long docs), void *arg);

#endif
