/*
 * text.h — UTF-8 text as servdesk handles it: validation, decoding, display
 * width in terminal cells, cutting to a width, and making stored text harmless
 * for a terminal. All strings are UTF-8; nothing here depends on the locale's
 * charset, only on its character widths (wcwidth) where the desk needs them to
 * agree with the terminal.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_TEXT_H
#define SERVDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode one UTF-8 sequence from s (at most n bytes). On success stores the
 * code point in *cp and returns the length (1..4). Returns -1 for an invalid
 * sequence (overlong, surrogate, > U+10FFFF, bad continuation) and -2 for a
 * sequence cut short by the end of the input (n too small).
 */
int utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1..4, or 0 if invalid. */
int utf8_encode(uint32_t cp, char out[4]);

/*
 * Check that s[0..n) is valid UTF-8 without NUL bytes. Returns true if so;
 * otherwise false with *bad_off (if not NULL) set to the offset of the first
 * offending byte.
 */
bool utf8_valid(const char *s, size_t n, size_t *bad_off);

/*
 * Display width of one code point in terminal cells: 0 for combining marks
 * and zero-width characters, 2 for wide (CJK) characters, 1 otherwise.
 * Uses the locale's wcwidth() so that the desk agrees with the terminal (in a
 * GB18030 locale ambiguous-width characters such as € are 2 cells); where
 * wcwidth() knows nothing (C locale, unassigned), falls back to a built-in
 * table of East Asian wide ranges. Control characters count as the width of
 * their harmless rendering (see text_sanitize).
 */
int text_cp_width(uint32_t cp);

/* Width in cells of the UTF-8 string s as the desk would show it (after sanitising). */
int text_width(const char *s);

/*
 * Make text harmless for a terminal. Returns a newly allocated UTF-8 string in
 * which C0 controls (except '\n' when keep_newlines is true, and '\t' which
 * becomes one space), DEL, C1 controls (U+0080..U+009F) are shown in caret
 * notation ("^[" for ESC, "^?" for DEL, "<9B>" style for C1), and invalid
 * UTF-8 bytes become U+FFFD. Bidirectional overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069) become U+FFFD. Never NULL.
 */
char *text_sanitize(const char *s, bool keep_newlines);

/*
 * Bytes bound for a terminal (CSV or JSON written to one) made harmless:
 * CR LF becomes LF and NUL bytes are dropped, then valid UTF-8 is
 * sanitised as text_sanitize(s, true) does; bytes that are not UTF-8 only
 * have their C0 controls (but LF and tab) and DEL replaced by '?'. Returns
 * a newly allocated NUL-terminated string. Files and pipes get the bytes as
 * they are; only a terminal gets this.
 */
char *text_for_terminal(const char *s, size_t len);

/*
 * Copy s into out (size outsz bytes) so that it takes at most `cells` cells,
 * sanitising as text_sanitize(s, false) does (newlines shown as a space).
 * If s is wider, it is cut at a character boundary and ends with an ellipsis
 * "…" (its width measured like any other character). If pad is true the
 * result is padded with spaces to exactly `cells` cells (a wide character that
 * would straddle the edge is replaced by a space). Returns the number of cells
 * of the result. out is always NUL-terminated (outsz >= 1); outsz of
 * cells * 4 + 8 is always enough.
 */
int text_fit(char *out, size_t outsz, const char *s, int cells, bool pad);

/*
 * Byte length of the longest prefix of s that fits in `cells` cells, never
 * splitting a character; *used (if not NULL) receives its width.
 */
size_t text_prefix_for_width(const char *s, int cells, int *used);

/*
 * Where the first line of s (one paragraph: no newline) ends when it is
 * laid out in at most `cells` cells, broken as Chinese text is: between two
 * CJK characters, between CJK and other text, and at spaces; never inside a
 * run of other characters (numbers, dates, times, amounts, part numbers and
 * logins stay whole), never before closing punctuation (，。、；：？！）」』》”
 * and their ASCII forms) nor after opening punctuation (（「『《“ ( [ {).
 * A run longer than the line is cut between characters. Returns the bytes
 * of the line without the spaces at its end (at least one character while
 * s is not empty); *next (may be NULL) receives where the following line
 * starts, past the spaces at the break. Returns 0 with *next = 0 for "".
 */
size_t text_line_break(const char *s, int cells, size_t *next);

/* Trim ASCII whitespace at both ends; returns a newly allocated copy. */
char *text_trim(const char *s);

/* True when s is NULL, empty or only white space. */
bool text_blank(const char *s);

/* A trimmed copy of s (text_trim), or NULL when s is NULL or blank. */
char *text_trim_or_null(const char *s);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/*
 * The punctuation servdesk puts between the parts of what it joins at run
 * time, in the reader's language (full-width in Chinese): between the items of
 * a list (", "), between clauses ("; "), after a caption (":", the value set
 * apart by spaces), before a note that follows a text (": "), and around an
 * aside (" (" and ")"). Never joined with ASCII literals, so that Chinese
 * output is full-width throughout.
 */
const char *text_sep_item(void);
const char *text_sep_clause(void);
const char *text_sep_caption(void);
const char *text_sep_note(void);      /* before a note that follows a text: ": " */
const char *text_paren_open(void);
const char *text_paren_close(void);

/*
 * A msgid kept in a table with its context (NC_ in common.h: the context, \004,
 * the msgid) translated as pgettext does; a plain msgid as gettext does.
 * Untranslated, the msgid without its context.
 */
const char *text_gettext_ctx(const char *msg);

#endif
