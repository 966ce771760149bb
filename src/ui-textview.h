/*
 * ui-textview.h — a scrollable view of a text over the pane area (the due
 * times of a ledger entry explained, the warranty of a piece of equipment on
 * a date): a title line, the text wrapped to the width (sanitised), a line
 * saying which lines are shown, and its own key bar.
 */
#ifndef SERVDESK_UI_TEXTVIEW_H
#define SERVDESK_UI_TEXTVIEW_H

#include "ui-pane.h"

/*
 * Show text (UTF-8, lines separated by newlines) under title over the pane
 * area until Esc, q, x, Enter or Ctrl-C. Up/Down (k/j), PgUp/PgDn (^B/^F,
 * Space), Home/End (g/G) scroll; a resize or Ctrl-L redraws the whole screen
 * and the view follows the new size.
 */
void ui_textview_run(ui_ctx *c, const char *title, const char *text);

#endif
