/*
 * ui-draw.h — drawing helpers shared by the desk's panes and forms: UTF-8 to
 * wide characters, text cut and padded to a number of cells, wrapping by
 * display width, colours with a monochrome fallback, and the key tables that
 * drive both the key bar and the help overlay.
 *
 * Everything is drawn on stdscr with the wide-character curses API; the
 * terminal's encoding (UTF-8 or GB18030) is ncursesw's business.
 */
#ifndef SERVDESK_UI_DRAW_H
#define SERVDESK_UI_DRAW_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* A rectangle of the screen: top row, left column, height, width. */
typedef struct ui_rect {
	int y, x, h, w;
} ui_rect;

/* The roles of things on the screen; each maps to colour and attributes. */
enum ui_style {
	UI_S_NORMAL,
	UI_S_TAB,          /* inactive tab */
	UI_S_TAB_ACTIVE,   /* the current register */
	UI_S_HEADER,       /* column headers, titles */
	UI_S_SELECTED,     /* the selected row */
	UI_S_VOID,         /* a voided row (also marked by text) */
	UI_S_URGENT,       /* priority P1 (also shown as text) */
	UI_S_STATUS,       /* status line */
	UI_S_ERROR,        /* error message in the status line */
	UI_S_KEY,          /* a key name in the key bar */
	UI_S_LABEL,        /* a field label */
	UI_S_FIELD,        /* an input field */
	UI_S_FOCUS,        /* the focused input field */
	UI_S_COUNT
};

/* Set up colours if the terminal has them (monochrome attributes otherwise). */
void ui_draw_init_colours(void);

/* The curses attributes of a style. */
attr_t ui_style_attr(int style);

/*
 * Decode UTF-8 into a newly allocated wide string (invalid bytes become
 * U+FFFD). wchar_t is UCS-4 in every glibc locale, so this does not depend
 * on the locale's charset. *len (if not NULL) receives the length.
 */
wchar_t *ui_wcs_from_utf8(const char *s, size_t *len);

/* Encode n wide characters as a newly allocated UTF-8 string. */
char *ui_utf8_from_wcs(const wchar_t *w, size_t n);

/* Display width of one wide character as the desk counts it (>= 0). */
int ui_wc_width(wchar_t c);

/*
 * Draw UTF-8 text at (y, x) in exactly `cells` cells with the attributes of
 * style: sanitised, cut with an ellipsis if wider, padded with spaces.
 * Does nothing if cells <= 0 or the position is off the screen.
 */
void ui_put(int y, int x, int cells, int style, const char *s);

/* Like ui_put but without padding; returns the cells drawn. */
int ui_put_text(int y, int x, int cells, int style, const char *s);

/* Fill a rectangle with blanks of a style. */
void ui_clear_rect(ui_rect r, int style);

/* Draw a frame around r (ASCII or line-drawing characters) with a title. */
void ui_frame(ui_rect r, const char *title);

/*
 * Wrap sanitised UTF-8 text (newlines kept) into lines of at most `cells`
 * cells, never splitting a character, broken as Chinese text is
 * (text_line_break: not inside numbers, dates or words, no closing
 * punctuation at the start of a line). Returns a NULL-terminated array of
 * newly allocated lines in *lines and the count; free with ui_lines_free.
 */
size_t ui_wrap(const char *s, int cells, char ***lines);
void ui_lines_free(char **lines);

/* ---------------------------------------------------------------- keys */

/* Function keys and other curses key codes are stored with this bit set. */
#define UI_KEYCODE 0x40000000
#define UI_FK(k) (UI_KEYCODE | (k))
#define UI_CTRL(c) ((c) & 0x1f)

/*
 * One entry of a pane's key table: the action, up to three keys, the text
 * shown for the keys in the help ("a, F2"), the short key-bar label (NULL to
 * leave it off the bar) and the help text. Labels are N_() strings.
 */
typedef struct ui_keydef {
	int action;
	int keys[3];
	const char *keyname;   /* shown as is: key names are not translated */
	const char *bar;       /* N_() short label or NULL */
	const char *help;      /* N_() description */
} ui_keydef;

/* Read one key: characters as their code point, curses keys as UI_FK(code). */
int ui_getkey(void);

/* The action bound to key in table (n entries), or -1. */
int ui_key_action(const ui_keydef *table, size_t n, int key);

/* Draw the key bar for table on row y across the screen. */
void ui_draw_keybar(int y, const ui_keydef *table, size_t n);

/*
 * Draw the help overlay listing the keys of one or more tables (each with a
 * heading), centred in r, starting *top lines down (clamped to what there is,
 * and written back). The last inner row shows footer, with a note when more
 * lines follow. Returns the number of lines that do not fit (the most *top
 * may usefully be).
 */
typedef struct ui_keyhelp {
	const char *heading;        /* N_() */
	const ui_keydef *table;
	size_t n;
} ui_keyhelp;
int ui_draw_help(ui_rect r, const ui_keyhelp *sections, size_t nsections,
                 const char *footer, int *top);

/*
 * Show the help overlay until a key other than the scrolling keys (Up, Down,
 * PgUp, PgDn, Home, End, j, k, Space) is pressed. Before each drawing,
 * redraw(arg) (if not NULL) repaints what lies under it, and *r is read
 * again, so a resize is followed. Returns false if the screen is too small
 * to show it (redraw reports this by returning false).
 */
bool ui_help_run(const ui_rect *r, const ui_keyhelp *sections, size_t nsections,
                 bool (*redraw)(void *arg), void *arg);

#endif
