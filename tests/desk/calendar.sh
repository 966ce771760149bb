#!/bin/sh
# Desk tests of the working-day calendar running out: the status line says
# "calendar ends 2026-12-31" from 60 days before the built-in calendar's last
# day, "calendar ended" after it, and nothing earlier; in Chinese under
# zh_CN.UTF-8. Drives the desk in a private tmux server. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"
unset SERVDESK_LOCALEDIR

PLAN=6
desk_begin calendar

if ! sd init >/dev/null 2>&1 || ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK init or staff add failed"
	exit 1
fi

NOW='2026-12-07 09:00'
DESK_COLS=120 start_desk boss
check "24 days before its end: the status line says the calendar ends 2026-12-31" \
	wait_for 'calendar ends 2026-12-31'
check "the desk quits" stop_desk

NOW='2026-10-31 09:00'
DESK_COLS=120 start_desk boss
if wait_for '张主管' && ! cap | grep -q 'calendar end'; then
	ok "61 days before its end: nothing said"
else
	not_ok "61 days before its end: nothing said"
fi
stop_desk >/dev/null

NOW='2027-01-04 09:00'
DESK_COLS=120 start_desk boss
check "after its end: the calendar ended 2026-12-31" wait_for 'calendar ended 2026-12-31'
stop_desk >/dev/null

MO="$TMPD/mo/zh_CN/LC_MESSAGES"
mkdir -p "$MO"
zh_locale UTF-8
if ! command -v msgfmt >/dev/null 2>&1 ||
   ! msgfmt -o "$MO/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	skip "msgfmt missing or failed"
	skip "msgfmt missing or failed"
elif [ -z "$LOC" ]; then
	skip "no zh_CN.UTF-8 locale"
	skip "no zh_CN.UTF-8 locale"
else
	LP=""
	[ -n "$LOCDIR" ] && LP="LOCPATH=$LOCDIR"
	NOW='2026-12-07 09:00'
	DESK_COLS=120 start_desk boss "LC_ALL=$LOC SERVDESK_LOCALEDIR=$TMPD/mo $LP"
	check "in Chinese: 工作日历 2026-12-31 到期" wait_for '工作日历 2026-12-31 到期'
	check "in Chinese the status line's parts are punctuated as Chinese" wait_for '全部；排序：登记号 降序'
	stop_desk >/dev/null
fi

desk_end
