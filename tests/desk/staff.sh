#!/bin/sh
# Desk tests of the staff list pane and of the history of a record: a
# supervisor adds, edits and deactivates a member through the desk, and is
# refused deactivating the last active supervisor; H shows a member's and a
# request's history from the audit trail; an engineer sees the list
# read-only and is told why a change is refused; a login not on the staff
# list is told at start how to be added. Drives the desk in a private tmux
# server (UTF-8) and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=20
desk_begin staff

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW
# a desk of 150 x 30 cells
DESK_COLS=150
DESK_ROWS=30

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1 ||
   ! sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
R1=$(sd request add --channel phone --customer 上海宝钢设备维修中心 --requester 李明 \
	--phone 13800138002 --item 液压站压力不稳 --received '2026-11-03 10:20' 2>/dev/null)
if [ -z "$R1" ] || ! sd request hand "$R1" --to chen >/dev/null 2>&1; then
	echo "Bail out! could not add a request with the command line"
	exit 1
fi

# ---------------------------------------------------------------- helpers
# F6 until the staff list shows
to_staff() {
	i=0
	while [ $i -lt 10 ]; do
		if cap | grep -Eq '^ +chen +陈工 '; then
			return 0
		fi
		keys F6
		sleep 0.2
		i=$((i + 1))
	done
	cap | sed 's/^/# | /' >&2
	return 1
}
member() { # login: the CSV line of the staff list
	sd staff list --format csv 2>/dev/null | tr -d '\r' | grep "^$1,"
}

# ---------------------------------------------------------------- the supervisor
start_desk boss
wait_for "Requests" >/dev/null
check "F6 reaches the staff tab with the list of staff" to_staff
check "the list shows login, name and role" wait_for "^ +boss +boss +supervisor"

keys a
wait_for "Add a member of staff" >/dev/null
text 'liqiang'
keys Tab
text '李强'
keys Tab
text '13800138009'
keys Tab Right Right
keys F2
t_add() {
	wait_for "Added liqiang" >/dev/null &&
	[ "$(member liqiang)" = "liqiang,李强,engineer,13800138009,1" ]
}
check "a supervisor adds a member through the form (engineer, phone)" t_add
check "the new member is in the list" wait_for "^ +liqiang +李强 +13800138009 +engineer"

keys e
wait_for "Edit liqiang" >/dev/null
keys Tab End C-u
text '13900000000'
keys F2
t_edit() {
	wait_for "Saved liqiang" >/dev/null &&
	[ "$(member liqiang)" = "liqiang,李强,engineer,13900000000,1" ]
}
check "and edits the phone" t_edit

keys d
wait_for "Deactivate liqiang" >/dev/null
keys y
t_off() {
	wait_for "liqiang deactivated" >/dev/null &&
	[ "$(member liqiang)" = "liqiang,李强,engineer,13900000000,0" ]
}
check "and deactivates the member" t_off
check "an inactive member is marked by text" wait_for "^inactive +liqiang +李强"

keys H
check "H shows the member's history, newest first" \
	wait_for "History of liqiang"
t_hist() {
	cap > "$TMPD/hist.txt"
	a=$(grep -n 'staff member changed' "$TMPD/hist.txt" | head -1 | cut -d: -f1)
	b=$(grep -n 'added to the staff list' "$TMPD/hist.txt" | head -1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] &&
	grep -q 'Active: yes → no' "$TMPD/hist.txt" &&
	grep -q 'Phone: 13800138009 → 13900000000' "$TMPD/hist.txt" &&
	! grep -q 'version' "$TMPD/hist.txt"
}
check "with the old and new values of each change, in words (labels of the form, yes/no)" t_hist
keys Escape
wait_for "^inactive +liqiang" >/dev/null

keys Home d
wait_for "Deactivate boss" >/dev/null
keys y
check "the last active supervisor cannot be deactivated: the reason on the status line" \
	wait_for "last active supervisor"
check "and boss stays active" [ "$(member boss)" = "boss,boss,supervisor,,1" ]

# the history of a request, from the requests pane
i=0
while [ $i -lt 10 ] && ! cap | grep -q "$R1 "; do keys F6; sleep 0.2; i=$((i + 1)); done
keys H
t_req() {
	wait_for "History of $R1" >/dev/null &&
	wait_for "request handed over" >/dev/null &&
	wait_for "Handed to: 陈工 \\(chen\\)" >/dev/null &&
	wait_for "Status: open → handed" >/dev/null
}
check "H on a request shows its history in words (hand-over, to whom by name, the status)" t_req
keys Escape
check "the desk quits cleanly" stop_desk

# ---------------------------------------------------------------- an engineer
start_desk chen
wait_for "Requests" >/dev/null
to_staff >/dev/null
check "an engineer sees the staff list, marked read-only" wait_for "read-only: only a supervisor"
keys a
check "and is refused adding, with the reason" wait_for "not permitted for the role engineer"
keys e
check "and editing" wait_for "not permitted for the role engineer"
check "nothing changed" [ "$(sd staff list --format csv 2>/dev/null | wc -l)" -eq 4 ]
stop_desk >/dev/null

# ---------------------------------------------------------------- a login not on the staff list
start_desk stranger
t_refused() {
	i=0
	while [ $i -lt 50 ] && [ ! -s "$TMPD/exit" ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat "$TMPD/exit" 2>/dev/null)" = 77 ]
}
check "a login not on the staff list gets no desk at all (77)" t_refused
next_server
AS=stranger sd request list >/dev/null 2>"$TMPD/err"
check "and is told how to be added" grep -q "not permitted: stranger is not on the staff list; a supervisor can add you" "$TMPD/err"
check "the desk ended by itself" [ -s "$TMPD/exit" ]

[ "$n" -eq "$PLAN" ] || { echo "# ran $n of $PLAN"; failed=$((failed + 1)); }
[ "$failed" -eq 0 ]
