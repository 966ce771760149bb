/*
 * ui-form.h — entry on the desk: a line editor on wide characters (cursor
 * movement, horizontal scrolling by display width, CJK from the terminal's
 * input method, pastes), a generic form of labelled fields (single-line text,
 * multi-line text areas, choices), prompts on the status line, a yes/no
 * question and a pick list.
 *
 * Text enters and leaves as UTF-8; inside it is edited as wchar_t (UCS-4).
 */
#ifndef SERVDESK_UI_FORM_H
#define SERVDESK_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include "ui-pane.h"

/* An editable text: one line, or several separated by L'\n' (text areas). */
typedef struct ui_line {
	wchar_t *text;     /* NUL-terminated */
	size_t len, cap;
	size_t cur;        /* cursor: index into text, 0..len */
	size_t scroll;     /* single line: first character shown */
	size_t vscroll;    /* text area: first line shown */
	int hscroll;       /* text area: first cell shown */
	bool multiline;    /* Enter inserts a newline; Up/Down move between lines */
} ui_line;

/* Set the text from UTF-8 (cursor at the end). */
void ui_line_set(ui_line *l, const char *utf8);
/* The text as a newly allocated UTF-8 string. */
char *ui_line_get(const ui_line *l);
void ui_line_free(ui_line *l);

/*
 * Apply a key (ui_getkey form) to the editor. Returns 1 if the text changed,
 * 0 if the key was used without changing the text (cursor movement), -1 if
 * the key is not for the editor (including Up/Down on the first/last line of
 * a text area, so that a form can move between fields).
 */
int ui_line_key(ui_line *l, int key);

/*
 * Draw the editor in rows (1 for a single line) by w cells at (y, x) with
 * style; with focus, stores the cursor's screen position in *cy and *cx.
 */
void ui_line_draw(ui_line *l, int y, int x, int rows, int w, int style,
                  bool focus, int *cy, int *cx);

/* ---------------------------------------------------------------- forms */

enum ui_field_kind { UI_FIELD_TEXT, UI_FIELD_AREA, UI_FIELD_CHOICE };

typedef struct ui_field {
	int kind;
	char *code;            /* field code (validation names it), owned */
	char *label;           /* translated label, UTF-8, owned */
	ui_line ed;            /* text and area fields */
	const char **choices;  /* choice fields: translated names (not owned) */
	int nchoices;
	int choice;            /* index of the chosen one */
	bool hidden;           /* not shown and skipped (e.g. fax pages for a phone call) */
	char *theirs;          /* the value someone else saved meanwhile, shown under it; owned */
} ui_field;

typedef struct ui_form ui_form;
struct ui_form {
	char *title;           /* owned */
	ui_field *f;
	size_t n, cap;
	size_t focus;          /* index of the focused field */
	size_t top;            /* first field shown */
	char msg[1024];        /* message line (UTF-8) */
	bool msg_error;
	bool dirty;            /* changed since opened */
	/* save: return SD_OK to close the form; otherwise set msg (and focus) */
	int (*save)(ui_form *form, void *arg);
	/* Ctrl-N / F3: add a field (e.g. another maintenance item); may be NULL */
	void (*add)(ui_form *form, void *arg);
	/* after any change of a choice (e.g. to hide fields); may be NULL */
	void (*changed)(ui_form *form, void *arg);
	void *arg;
};

void ui_form_init(ui_form *form, const char *title);
void ui_form_free(ui_form *form);
/* Add fields; each returns the field's index. value/label are UTF-8. */
size_t ui_form_add_text(ui_form *form, const char *code, const char *label, const char *value);
size_t ui_form_add_area(ui_form *form, const char *code, const char *label, const char *value);
size_t ui_form_add_choice(ui_form *form, const char *code, const char *label,
                          const char **choices, int nchoices, int choice);
/* Index of the first field with code, or (size_t)-1. */
size_t ui_form_find(const ui_form *form, const char *code);
/* A text field's value as a newly allocated UTF-8 string (trimmed of nothing). */
char *ui_form_value(const ui_form *form, size_t i);
/* Put the cursor on the first visible field with code (if any). */
void ui_form_focus_code(ui_form *form, const char *code);
/* The text of the first field with code, trimmed (malloc'd; "" if there is none). */
char *ui_form_text(const ui_form *form, const char *code);
/* The choice made in the first field with code, or -1 if there is none. */
int ui_form_choice(const ui_form *form, const char *code);
/*
 * Refuse a save: show msg on the form's message line as an error, put the
 * cursor on the field with code (NULL: leave it), and return SD_DATAERR
 * (for a save callback to return).
 */
int ui_form_fail(ui_form *form, const char *code, const char *msg);

/*
 * After a save refused because someone else changed the record meanwhile:
 * show under field i the value they saved (UTF-8, as people read it; NULL
 * removes the note). What was typed stays in the field.
 */
void ui_form_theirs(ui_form *form, size_t i, const char *value);

/*
 * A three-way merge after such a refusal. For each of the n fields codes[i],
 * was[i] is the value the form was opened with and now[i] the value stored
 * now (UTF-8; a choice's translated name; NULL is empty). A field still as
 * it was takes now[i]; a field changed both here and there keeps what was
 * typed and shows now[i] under it (ui_form_theirs); a field changed only
 * here stays as typed.
 */
void ui_form_merge(ui_form *form, const char *const *codes, const char *const *was,
                   const char *const *now, size_t n);

/*
 * Run the form in the pane area until it is saved (true) or cancelled
 * (false). Esc asks before discarding changes. Handles resizing.
 */
bool ui_form_run(ui_ctx *c, ui_form *form);

/* ---------------------------------------------------------------- prompts */

/*
 * Ask for one line on the status line. live (may be NULL) is called after
 * each change of the text (pending keys are read first, so a fast typist or a
 * paste causes one call); it may redraw the screen. Returns true with *out
 * (malloc'd UTF-8) on Enter, false on Esc.
 */
bool ui_prompt(ui_ctx *c, const char *label, const char *initial,
               void (*live)(ui_ctx *c, const char *text, void *arg), void *arg,
               char **out);

/* Ask a question on the status line answered by one key; returns the key. */
int ui_ask_key(ui_ctx *c, const char *question);

/* Ask a yes/no question on the status line; true for yes (any other key is no). */
bool ui_confirm(ui_ctx *c, const char *question);

/*
 * Pick one of n items (UTF-8 lines) from a list drawn over the pane area.
 * Returns the index, or -1 if cancelled.
 */
int ui_pick(ui_ctx *c, const char *title, char *const *items, int n);

#endif
