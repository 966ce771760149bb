#!/bin/sh
# Desk tests of the settings pane: a supervisor changes a setting through
# the desk (the core checks the value: a bad one is refused with the reason
# and nothing is saved) and goes back to its default; an engineer sees the
# settings read-only and is told why a change is refused; someone not on the
# staff list gets no desk until the supervisor lets people look, and then
# only a read-only one. Drives the desk in a private tmux server (UTF-8) and
# checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=10
desk_begin settings

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW
DESK_COLS=150
DESK_ROWS=30

if ! sd init >/dev/null 2>&1 ||
   ! sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi

# F6 until the settings show
to_settings() {
	i=0
	while [ $i -lt 12 ]; do
		cap | grep -Eq '^ *sla_warn_minutes ' && return 0
		keys F6
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
# the stored value of a setting (empty: unset)
value_of() { sd setting list --format csv 2>/dev/null | awk -F, -v k="$1" '$1 == k { print $2 }'; }
desk_refused() {
	i=0
	while [ $i -lt 50 ] && [ ! -s "$TMPD/exit" ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat "$TMPD/exit" 2>/dev/null)" = 77 ]
}

# ---------------------------------------------------------------- a supervisor
start_desk boss
wait_for 'Requests' >/dev/null
t_list() { to_settings && wait_for '^ *guest_read +- +people not on the staff list'; }
check "the settings pane lists every setting, unset ones as -" t_list
keys Down
keys e
wait_for "Setting sla_warn_minutes" >/dev/null
keys End C-u
text 'abc'
keys F2
t_bad() { wait_for "must be a whole number from 0 to 10080" && [ -z "$(value_of sla_warn_minutes)" ]; }
check "a bad value is refused with the reason, nothing saved" t_bad
keys C-u
text '240'
keys F2
t_saved() { wait_for "Saved sla_warn_minutes" >/dev/null && [ "$(value_of sla_warn_minutes)" = 240 ]; }
check "a supervisor changes a setting through the desk" t_saved
check "the list shows the new value" wait_for '^ *sla_warn_minutes +240 '
t_audit() { sd audit --table setting --format csv 2>/dev/null | grep -q ',boss,setting,sla_warn_minutes,insert,'; }
check "the change is in the audit trail under the supervisor's name" t_audit
keys u
wait_for "Go back to the default of sla_warn_minutes" >/dev/null
keys y
t_unset() { wait_for "the default is in force" >/dev/null && [ -z "$(value_of sla_warn_minutes)" ]; }
check "and goes back to the default" t_unset
stop_desk >/dev/null

# ---------------------------------------------------------------- an engineer
start_desk chen
wait_for 'Requests' >/dev/null
to_settings >/dev/null
keys e
check "an engineer is refused changing a setting, with the reason" \
	wait_for "not permitted for the role engineer"
stop_desk >/dev/null

# ---------------------------------------------------------------- not on the staff list
start_desk stranger
check "someone not on the staff list gets no desk (77)" desk_refused
next_server
sd setting set guest_read yes >/dev/null 2>&1
start_desk stranger
check "once guests may look: a read-only desk, saying how to be added" \
	wait_for "Read-only: stranger is not on the staff list; ask a supervisor"
to_settings >/dev/null
keys e
check "and every change is refused with that reason" \
	wait_for "not permitted: stranger is not on the staff list; a supervisor can add you"
stop_desk >/dev/null

desk_end
