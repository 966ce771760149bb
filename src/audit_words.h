/*
 * audit_words.h — an audit row in the user's words: what was done, and the
 * fields that changed with the labels of the forms and the values as the
 * desk shows them (money in yuan, names with logins, states in words). The
 * desk's history (H) and `servdesk audit`'s table use it; CSV and JSON keep
 * the recorded field names and values.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_AUDIT_WORDS_H
#define SERVDESK_AUDIT_WORDS_H
#include "buf.h"
#include "common.h"
#include "store.h"

/* What was done ("request handed over"), translated; table and action as
 * recorded when they have no words. Appends to out. */
void audit_words_action(const char *table, const char *action, buf *out);

/*
 * The fields that differ between old_json and new_json (either may be NULL:
 * an insert lists the fields that have a value) as "Label: old → new; ...",
 * in the order the record lists them. The version counter is left out; a
 * field without a label keeps its column name. Appends to out.
 */
int audit_words_changes(store *st, const char *table, const char *old_json, const char *new_json, buf *out,
                        sd_err *err);

#endif
