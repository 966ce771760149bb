#!/bin/sh
# calendar.sh — end-to-end tests of the working-day calendar running out and
# of public holidays read from an iCalendar file (TAP): `check` warns from 60
# days before the calendar's last day (not at 61, at 59, after it) and its
# exit status stays 0; `policy calendar FILE.ics` puts a holiday feed in force
# and shows the years it covers; a feed that covers the next year ends the
# warning; a bad feed is refused with its line and nothing changes; a due
# time across Spring Festival is the same under the feed as under the
# built-in calendar.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-calendar.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=
FEED="$top_srcdir/tests/data/holidays-cn-2026.ics"

# at TIME ARGS...: sd at another moment.
at() {
	_when=$1
	shift
	SERVDESK_NOW=$_when sd "$@"
}

sd_init

# ---------------------------------------------------------------- the warning
# The built-in calendar ends on 2026-12-31.
at '2026-10-31 09:00' check          # 61 days before
if rc_is 0 && ! grep -q 'calendar' "$T_DIR/err"; then
	t_ok "check 61 days before the calendar ends: no warning"
else
	t_not_ok "check 61 days before the calendar ends: no warning" "rc=$RC"
fi
at '2026-11-02 09:00' check          # 59 days before
if rc_is 0 && [ "$(grep -c 'warning: the working-day calendar ends on 2026-12-31, in 59 days' "$T_DIR/err")" = 1 ] &&
   grep -q 'no problems found' "$T_DIR/err"; then
	t_ok "check 59 days before the calendar ends: one warning line, exit 0"
else
	t_not_ok "check 59 days before the calendar ends: one warning line, exit 0" "rc=$RC"
fi
at '2027-01-04 09:00' check
if rc_is 0 && grep -q 'ended on 2026-12-31: days after it are counted Monday to Friday' "$T_DIR/err"; then
	t_ok "check after the calendar's end: it ended, Monday to Friday assumed"
else
	t_not_ok "check after the calendar's end: it ended, Monday to Friday assumed" "rc=$RC"
fi

# ---------------------------------------------------------------- a holiday feed
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270203\nSUMMARY:春节(班)\nEND:VEVENT\nEND:VCALENDAR\n' \
	>"$T_DIR/bad.ics"
sd policy calendar
cp "$T_DIR/out" "$T_DIR/before"
sd policy calendar "$T_DIR/bad.ics"
if rc_is 65 && grep -q 'bad.ics: line 2:' "$T_DIR/err" && grep -q '2027-02-03' "$T_DIR/err" &&
   [ "$(wc -l <"$T_DIR/err")" = 1 ]; then
	t_ok "a feed with a weekday as a worked day: 65, file, line and day named"
else
	t_not_ok "a feed with a weekday as a worked day: 65, file, line and day named" "rc=$RC"
fi
sd policy calendar
t_check "the calendar in force is unchanged" cmp -s "$T_DIR/before" "$T_DIR/out"

cp "$FEED" "$T_DIR/holidays-2026.ics"
sd policy calendar "$T_DIR/holidays-2026.ics"
t_check "policy calendar FILE.ics: 0" rc_is 0
sd policy calendar
if rc_is 0 && grep -q 'holidays-2026.ics' "$T_DIR/out" && grep -q '2026' "$T_DIR/out" &&
   ! grep -q '2025' "$T_DIR/out"; then
	t_ok "the feed in force, covering 2026 (the years with events)"
else
	t_not_ok "the feed in force, covering 2026 (the years with events)" "rc=$RC"
fi

# A P3 entry received on Friday 2026-02-13 with clearing due in working days:
# the same due time under the feed as under the built-in calendar (the feed
# has Spring Festival 2026 and its worked Saturday 2026-02-14).
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
r=$(SERVDESK_NOW='2026-02-13 16:00' add_req --priority P3 --received '2026-02-13 16:00' 2>/dev/null)
SERVDESK_NOW='2026-02-13 16:01' "$SERVDESK" --db "$DB" request hand "$r" --to zhangwei >/dev/null 2>&1
SERVDESK_NOW='2026-02-13 16:02' SERVDESK_USER=zhangwei "$SERVDESK" --db "$DB" ledger take "$r" >/dev/null 2>&1
at '2026-02-13 16:05' ledger show "$r" --format json
cp "$T_DIR/out" "$T_DIR/show.feed"
sd policy calendar --builtin
at '2026-02-13 16:05' ledger show "$r" --format json
if [ -n "$r" ] && grep -q 'due' "$T_DIR/show.feed" && cmp -s "$T_DIR/show.feed" "$T_DIR/out"; then
	t_ok "due times across Spring Festival 2026: the same under the feed and the built-in calendar"
else
	t_not_ok "due times across Spring Festival 2026: the same under the feed and the built-in calendar" \
		"r=$r" "$(diff "$T_DIR/show.feed" "$T_DIR/out" | head -5)"
fi

# A feed that also covers 2027 ends the warning.
{ sed '/^END:VCALENDAR/d' "$FEED"
  printf 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:元旦(休)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
} >"$T_DIR/holidays-2027.ics"
sd policy calendar "$T_DIR/holidays-2027.ics"
at '2026-11-02 09:00' check
if rc_is 0 && ! grep -q 'calendar' "$T_DIR/err"; then
	t_ok "a feed covering 2027: no warning in November 2026"
else
	t_not_ok "a feed covering 2027: no warning in November 2026" "rc=$RC"
fi
at '2027-11-02 09:00' check
if rc_is 0 && grep -q 'ends on 2027-12-31' "$T_DIR/err"; then
	t_ok "and the warning comes back 59 days before 2027-12-31"
else
	t_not_ok "and the warning comes back 59 days before 2027-12-31" "rc=$RC"
fi

t_done
