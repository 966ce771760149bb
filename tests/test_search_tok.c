/*
 * test_search_tok.c — servdesk's search tokenizer (search_tok.c): the
 * tokens and their byte offsets for mixed text, documents and queries, and
 * the tokenizer at work inside an FTS5 table.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "common.h"
#include "search_tok.h"

/* Tokens as "text[start,end]", separated by spaces. */
static int
add_token(void *arg, const char *tok, int ntok, int start, int end)
{
	buf *b = arg;

	if (b->len)
		buf_putc(b, ' ');
	buf_printf(b, "%.*s[%d,%d]", ntok, tok, start, end);
	return 0;
}

static void
expect_tokens(const char *text, bool query, const char *want)
{
	buf b = { 0 };

	assert_int_equal(search_tokenize(text, -1, query, add_token, &b), 0);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("%s '%s':\n got  %s\n want %s", query ? "query" : "document", text, buf_str(&b), want);
	buf_free(&b);
}

static void
test_cjk(void **state)
{
	(void)state;
	/* a name with a character beyond the BMP (𠮷: 4 bytes) */
	expect_tokens("王𠮷", false, "王𠮷[0,7] 𠮷[3,7]");
	expect_tokens("王𠮷", true, "王𠮷[0,7]");
	expect_tokens("𠮷", true, "𠮷[0,4]");
	/* a lone character between Latin text stays a token of its own */
	expect_tokens("A泵B", false, "a[0,1] 泵[1,4] b[4,5]");
	expect_tokens("A泵B", true, "a[0,1] 泵[1,4] b[4,5]");
	/* a query of three: its two pairs in a row */
	expect_tokens("变频器", false, "变频[0,6] 频器[3,9] 器[6,9]");
	expect_tokens("变频器", true, "变频[0,6] 频器[3,9]");
	/* 〇 and 々 are written inside Chinese words */
	expect_tokens("二〇二六", true, "二〇[0,6] 〇二[3,9] 二六[6,12]");
}

static void
test_mixed(void **state)
{
	(void)state;
	/* Chinese, a part number, a space, Chinese */
	expect_tokens("锅炉ABC-12 黑屏", false,
	              "锅炉[0,6] 炉[3,6] abc[6,9] 12[10,12] 黑屏[13,19] 屏[16,19]");
	/* in a query the last character of a run is kept when more follows, to hold its place */
	expect_tokens("锅炉ABC-12 黑屏", true, "锅炉[0,6] 炉[3,6] abc[6,9] 12[10,12] 黑屏[13,19]");
	/* full-width punctuation separates; full-width digits are digits */
	expect_tokens("报警，温度：８５℃（高）", false,
	              "报警[0,6] 警[3,6] 温度[9,15] 度[12,15] 85[18,24] 高[30,33]");
	/* digits inside Chinese */
	expect_tokens("3号机2023年", false, "3[0,1] 号机[1,7] 机[4,7] 2023[7,11] 年[11,14]");
	expect_tokens("3号机2023年", true, "3[0,1] 号机[1,7] 机[4,7] 2023[7,11] 年[11,14]");
	/* Latin words case-folded, full-width letters as ASCII */
	expect_tokens("Hello WORLD ＡｂＣ", false, "hello[0,5] world[6,11] abc[12,21]");
	/* a phone and a serial number */
	expect_tokens("0512-58639752\nCNT-FF2023-0157", false,
	              "0512[0,4] 58639752[5,13] cnt[14,17] ff2023[18,24] 0157[25,29]");
	/* only punctuation: nothing to look up */
	expect_tokens("%_\"，。", true, "");
	assert_int_equal(search_query_tokens("%"), 0);
	assert_int_equal(search_query_tokens("50%"), 1);
	assert_int_equal(search_query_tokens("北京大"), 2);
	assert_int_equal(search_query_tokens(""), 0);
}

static void
test_bad_input(void **state)
{
	buf b = { 0 };
	char longword[200];

	(void)state;
	/* invalid and truncated UTF-8 are separators */
	expect_tokens("a\xff" "b", false, "a[0,1] b[2,3]");
	expect_tokens("锅\xe7\x82", false, "锅[0,3]");
	expect_tokens("\xed\xa0\x80x", false, "x[3,4]");       /* a surrogate */
	expect_tokens("\xc0\xaf" "y", false, "y[2,3]");        /* overlong */
	/* a very long word is cut, its offsets still span it */
	memset(longword, 'x', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	assert_int_equal(search_tokenize(longword, -1, false, add_token, &b), 0);
	assert_int_equal(b.len, SEARCH_TOKEN_MAX + strlen("[0,199]"));
	assert_non_null(strstr(buf_str(&b), "[0,199]"));
	buf_free(&b);
	/* cut at the first character that does not fit, nothing after it */
	buf_init(&b);
	memset(longword, 'x', SEARCH_TOKEN_MAX - 1);
	strcpy(longword + SEARCH_TOKEN_MAX - 1, "\xc3\xa9yz");   /* é takes 2 bytes: one is left */
	assert_int_equal(search_tokenize(longword, -1, false, add_token, &b), 0);
	assert_int_equal(b.len, SEARCH_TOKEN_MAX - 1 + strlen("[0,67]"));
	buf_free(&b);
	/* a length stops the text: no token past it */
	buf_init(&b);
	assert_int_equal(search_tokenize("锅炉房", 6, false, add_token, &b), 0);
	assert_string_equal(buf_str(&b), "锅炉[0,6] 炉[3,6]");
	buf_free(&b);
}

static void
test_prefix(void **state)
{
	(void)state;
	assert_true(search_query_prefix("CNT-FF"));
	assert_true(search_query_prefix("锅炉5"));
	assert_false(search_query_prefix("锅炉"));
	/* a single character: the pairs it begins */
	assert_true(search_query_prefix("泵"));
	assert_true(search_query_prefix("A锅"));
	assert_false(search_query_prefix("王𠮷"));
	assert_false(search_query_prefix("abc "));
	assert_false(search_query_prefix("50%"));
	assert_false(search_query_prefix(""));
}

static sqlite3 *
fts_db(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(search_tok_register(db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize = 'servdesk')",
	                              NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static int
count(sqlite3 *db, const char *match)
{
	sqlite3_stmt *s;
	int n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void
test_fts5(void **state)
{
	sqlite3 *db = fts_db(), *plain;
	sqlite3_stmt *s;

	(void)state;
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO f (rowid, body) VALUES (1, '王𠮷' || char(10) || '13912345678'), "
		"(2, '华光锅炉厂' || char(10) || '锅炉ABC-12 黑屏'), (3, '我们在北京大学读书'), "
		"(4, 'Hello World 北京'), (5, '北京')", NULL, NULL, NULL), SQLITE_OK);
	/* one character, at the start, inside and at the end of a word */
	assert_int_equal(count(db, "\"王\" *"), 1);
	assert_int_equal(count(db, "\"𠮷\" *"), 1);
	assert_int_equal(count(db, "\"炉\" *"), 1);
	assert_int_equal(count(db, "\"京\" *"), 3);
	assert_int_equal(count(db, "\"锅\" *"), 1);
	assert_int_equal(count(db, "\"abc 12 黑\" *"), 1);
	/* two characters: the trigram index could not find these */
	assert_int_equal(count(db, "\"王𠮷\""), 1);
	assert_int_equal(count(db, "\"北京\""), 3);
	assert_int_equal(count(db, "\"黑屏\""), 1);
	assert_int_equal(count(db, "\"熊猫\""), 0);
	/* longer: pairs in a row, not just anywhere */
	assert_int_equal(count(db, "\"北京大学\""), 1);
	assert_int_equal(count(db, "\"京大北\""), 0);
	assert_int_equal(count(db, "\"锅炉abc\""), 1);
	assert_int_equal(count(db, "\"炉ABC-12\""), 1);
	assert_int_equal(count(db, "\"锅炉 黑屏\""), 0);
	assert_int_equal(count(db, "\"HELLO\""), 1);
	assert_int_equal(count(db, "\"1391\" *"), 1);
	assert_int_equal(count(db, "\"1391\""), 0);
	/* highlight() uses the offsets (of the pairs) */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT highlight(f, 0, '[', ']') FROM f WHERE f MATCH ? ORDER BY rowid",
	                                    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, "\"京大学\"", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "我们在北[京大学]读书");
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, "\"𠮷\" *", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "王[𠮷]\n13912345678");
	sqlite3_finalize(s);
	/* the index agrees with the text */
	assert_int_equal(sqlite3_exec(db, "INSERT INTO f (f) VALUES ('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
	/* options are refused */
	assert_int_not_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE g USING fts5 (b, tokenize = 'servdesk x')",
	                                  NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* a connection without it cannot use the table */
	assert_int_equal(sqlite3_open(":memory:", &plain), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(plain, "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize = 'servdesk')",
	                                  NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(plain), "tokenizer"));
	sqlite3_close(plain);
}

/* Testing texts one by one (servdesk_search) agrees with the index on every query. */
static void
test_match_agrees(void **state)
{
	static const char *const docs[] = {
		"王𠮷\n13912345678", "华光锅炉厂\n锅炉ABC-12 黑屏", "我们在北京大学读书", "Hello World 北京",
		"北京", "锅炉，ABC 12", "ＣＮＴ-FF2023-0157 泵出口压力波动", "50%_负载 3号机2023年", "",
	};
	static const char *const queries[] = {
		"王", "𠮷", "王𠮷", "炉", "锅炉", "锅炉ABC", "锅炉 abc-12", "炉ABC-1", "abc 12 黑", "北京",
		"京大学", "京大北", "hello", "HELL", "ello", "1391", "13912345678", "cnt-ff", "ff2023",
		"泵", "泵出口", "出口压", "50", "50%", "3号", "号机2", "2023年", "熊猫", "黑屏", "屏",
	};
	sqlite3 *db = fts_db();
	sqlite3_stmt *ins, *cnt;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO f (rowid, body) VALUES (?, ?)", -1, &ins, NULL), SQLITE_OK);
	for (size_t i = 0; i < SD_ARRAY_LEN(docs); i++) {
		sqlite3_bind_int(ins, 1, (int)i + 1);
		sqlite3_bind_text(ins, 2, docs[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM f WHERE f MATCH ?1), "
	                                    "(SELECT count(*) FROM f WHERE servdesk_search(body, ?2))",
	                                    -1, &cnt, NULL), SQLITE_OK);
	for (size_t i = 0; i < SD_ARRAY_LEN(queries); i++) {
		buf phrase = { 0 };

		buf_printf(&phrase, "\"%s\"%s", queries[i], search_query_prefix(queries[i]) ? " *" : "");
		sqlite3_bind_text(cnt, 1, buf_str(&phrase), -1, SQLITE_STATIC);
		sqlite3_bind_text(cnt, 2, queries[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(cnt), SQLITE_ROW);
		if (sqlite3_column_int(cnt, 0) != sqlite3_column_int(cnt, 1))
			fail_msg("'%s': the index finds %d, the text test %d", queries[i],
			         sqlite3_column_int(cnt, 0), sqlite3_column_int(cnt, 1));
		sqlite3_reset(cnt);
		buf_free(&phrase);
	}
	sqlite3_finalize(cnt);
	/* a few by hand */
	search_query *q = search_query_new("炉ABC-1");
	assert_non_null(q);
	assert_true(search_query_match(q, "华光锅炉ABC-12", -1));
	assert_false(search_query_match(q, "华光锅炉房ABC-12", -1));
	search_query_free(q);
	assert_null(search_query_new("%_"));
	sqlite3_close(db);
}

static void
progress(void *arg, long docs)
{
	*(long *)arg = docs;
}

static void
test_progress(void **state)
{
	sqlite3 *db = fts_db();
	long seen = 0;

	(void)state;
	search_tok_progress(db, progress, &seen);
	assert_int_equal(sqlite3_exec(db,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) "
		"INSERT INTO f (rowid, body) SELECT i, '锅炉' || i FROM n", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(seen, 20000);
	search_tok_progress(db, NULL, NULL);
	seen = 0;
	assert_int_equal(sqlite3_exec(db,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
		"INSERT INTO f (rowid, body) SELECT 30000 + i, '黑屏' FROM n", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(seen, 0);
	assert_int_equal(count(db, "\"黑屏\""), 10000);
	assert_int_equal(count(db, "\"锅炉\""), 25000);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_fts5),
		cmocka_unit_test(test_match_agrees),
		cmocka_unit_test(test_progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
