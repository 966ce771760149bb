/*
 * ui.h — the desk: the interactive ncurses screen (tab line, list and detail
 * panes, status line, key bar). The only entry point the rest of servdesk
 * uses; everything curses lives in the ui*.c files.
 */
#ifndef SERVDESK_UI_H
#define SERVDESK_UI_H

#include "common.h"
#include "store.h"

/*
 * Run the desk on an open store until the person quits. The locale must be
 * set (setlocale(LC_ALL, "")) and the text domain bound before the call.
 * Restores the terminal on every exit path. Returns SD_OK, or a status with
 * err filled if the terminal could not be set up.
 */
int ui_run(store *st, sd_err *err);

#endif
