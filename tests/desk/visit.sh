#!/bin/sh
# Desk tests of the follow-up visits pane: the month calendar's counts on
# the right days, stepping months, a day's visits listed from the calendar,
# recording a visit done (satisfaction, comments), missed and cancelled, a
# visit that found a fault opening a request, the history of a visit, an
# operator refused what the role may not do, resizes, the Chinese weekday
# names under zh_CN.UTF-8 and the screen in GB18030 bytes under
# zh_CN.GB18030. Drives the desk in a private tmux server (UTF-8) or through
# ptyrun (GB18030) and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"
unset SERVDESK_LOCALEDIR

PLAN=36
desk_begin visit

# Friday 20 November 2026
NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
# The rules plan, from today to 18 February 2027:
#   CNT-2026-01, commissioned 2 November: weekly maintenance, so 23 and
#     30 November (9 and 16 November are past), then 7, 14, 21, 28 December;
#   CNT-2026-01, delivered 31 October: the phone follow-up on 30 November;
#   SZ-2019-07, delivered long ago: quarterly maintenance on 30 November.
# By hand: two visits today (20th), a survey on the 18th (overdue).
# So the calendar of November shows 18: S1 (overdue), 20: O2,
# 23: M1, 30: P1 M2; December 7: M1.
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
CUST=江苏驰耐特防腐科技有限公司
if ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1 ||
   ! sd staff add laozhang --name 张伟 --role engineer >/dev/null 2>&1 ||
   ! sd staff add xiaowang --name 王丽 --role operator >/dev/null 2>&1 ||
   ! sd customer add "$CUST" --key --contact 吴振华 --phone 0512-58639752 >/dev/null 2>&1 ||
   ! sd customer add 沙洲纺织 --contact 李明 --phone 13912345678 >/dev/null 2>&1 ||
   ! sd equipment add CNT-2026-01 --customer "$CUST" --delivered 2026-10-31 \
	--commissioned 2026-11-02 >/dev/null 2>&1 ||
   ! sd equipment add SZ-2019-07 --customer 沙洲纺织 --delivered 2019-05-31 >/dev/null 2>&1 ||
   ! sd contract add 沙洲纺织 --from 2026-05-31 --to 2027-05-30 --visits quarterly >/dev/null 2>&1 ||
   ! sd visit plan >/dev/null 2>&1; then
	echo "Bail out! could not set up staff, customers, equipment and visits with the command line"
	exit 1
fi
TODAY=$(sd visit add --customer 沙洲纺织 --serial SZ-2019-07 --due 2026-11-20 --method phone \
	--engineer laozhang 2>/dev/null)
SITE=$(sd visit add --customer "$CUST" --serial CNT-2026-01 --due 2026-11-20 --method onsite 2>/dev/null)
LATE=$(sd visit add --customer 沙洲纺织 --due 2026-11-18 --kind survey 2>/dev/null)
# the maintenance visit of the 23rd
M23=$(sd visit list --day 2026-11-23 --format csv 2>/dev/null | sed -n '2s/,.*//p')
if [ -z "$TODAY" ] || [ -z "$SITE" ] || [ -z "$LATE" ] || [ -z "$M23" ]; then
	echo "Bail out! could not add visits with the command line"
	exit 1
fi

# ---------------------------------------------------------------- helpers
# the Visits tab: F6 until its title is the active one (the status line names the view)
to_visits() {
	wait_for 'F10' >/dev/null || return 1
	i=0
	while [ $i -lt 10 ]; do
		if cap | grep -Eq '\| (due today|month calendar|今日到期|月历)'; then
			return 0
		fi
		keys F6
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
# a calendar cell: the day's text, alone between blanks
cell() { wait_for "(^| )$1( |\$)"; }
show() { sd visit show "$1" 2>/dev/null; }

# ---------------------------------------------------------------- the supervisor
start_desk boss
check "the Visits tab opens on the visits due today" to_visits
t_due() { wait_for "^$TODAY +2026-11-20 " && wait_for "^$SITE +2026-11-20 " && ! cap | grep -Eq "^$LATE "; }
check "due today: the two visits of the 20th, not the overdue one" t_due

keys c
check "c shows the month calendar titled with the month" wait_for 'November 2026'
check "weekday header Mon..Sun" wait_for '^Mon +Tue +Wed +Thu +Fri +Sat +Sun'
check "18th: one survey, overdue mark" cell '18! S1'
check "20th (today, marked): two visits by hand" cell '\[20\] O2'
check "23rd: one maintenance visit" cell '23 M1'
check "30th: a phone follow-up and two maintenance visits" cell '30 P1 M2'
check "a day without visits shows its number alone" cell '19'
check "the detail names the selected day (today)" wait_for 'Day +2026-11-20 Fri'

keys ']'
t_dec() { wait_for 'December 2026' && cell '7 M1' && cell '14 M1'; }
check "] steps to December: the 7th and 14th one maintenance visit each" t_dec
keys '['
wait_for 'November 2026' >/dev/null
# from the 20th: a week down (27th), three days right (30th)
keys Down Right Right Right
check "arrows select the 30th" wait_for 'Day +2026-11-30 Mon'
keys Enter
check "Enter lists the visits of the 30th" wait_for '\| due on 2026-11-30'
t_day30() {
	[ "$(cap | grep -Ec '^[0-9]+ +2026-11-30 ')" -eq 3 ] && ! cap | grep -Eq '^[0-9]+ +2026-11-2[0-9] '
}
check "the day's list has its three visits and no others" t_day30
keys Escape
check "Esc returns to the calendar" wait_for 'November 2026'

# record the phone visit of today done
keys t
wait_for "^$TODAY +2026-11-20 " >/dev/null
keys g
wait_for "Visit no\. +$TODAY" >/dev/null
keys d
wait_for "Visit $TODAY done" >/dev/null
text '设备运行正常，油位正常'
keys Tab
text 4
keys Tab
text '服务态度很好，响应及时'
keys F2
check "record done from the desk" wait_for "Recorded visit $TODAY as done"
t_done() {
	show "$TODAY" > "$TMPD/done.txt" &&
	grep -Eq '^Status: +done' "$TMPD/done.txt" &&
	grep -Eq '^Satisfaction: +4 / 5' "$TMPD/done.txt" &&
	grep -q '设备运行正常，油位正常' "$TMPD/done.txt" &&
	grep -Eq "^Customer's comments: +服务态度很好，响应及时" "$TMPD/done.txt"
}
check "the outcome, satisfaction 4 and comments are stored" t_done

# the other visit of today: missed
wait_for "^$SITE +2026-11-20 " >/dev/null
keys m
wait_for "missed; note" >/dev/null
text '客户停产检修，联系不上'
keys Enter
check "record missed from the desk" wait_for "Recorded visit $SITE as missed"
t_missed() { show "$SITE" | grep -Eq '^Status: +missed' && show "$SITE" | grep -q '客户停产检修'; }
check "the miss and its note are stored" t_missed

# the overdue survey: cancelled with a reason
keys o
wait_for "^$LATE +2026-11-18 .*overdue!" >/dev/null
keys x
wait_for "Cancel visit $LATE; reason" >/dev/null
text '客户已并入集团统一调查'
keys Enter
check "cancel from the desk" wait_for "Cancelled visit $LATE"
t_cancelled() { show "$LATE" | grep -Eq '^Status: +cancelled' && show "$LATE" | grep -q '客户已并入集团统一调查'; }
check "the cancel and its reason are stored" t_cancelled

# the maintenance visit of the 23rd found a fault
keys p
wait_for "^$M23 +2026-11-23 " >/dev/null
keys g
wait_for "Visit no\. +$M23" >/dev/null
keys f
wait_for "Visit $M23 found a fault" >/dev/null
text '防腐涂层局部剥落'
keys Tab Left
keys F2
check "found a fault: the status line names the new request" \
	wait_for "Registered [0-9]{6}-[0-9]{4} from visit $M23"
REQ=$(cap | grep -Eo 'Registered [0-9]{6}-[0-9]{4}' | head -n 1 | sed 's/Registered //')
t_request() {
	[ -n "$REQ" ] && sd request show "$REQ" > "$TMPD/req.txt" 2>&1 &&
	grep -Eq "From visit: +$M23 " "$TMPD/req.txt" &&
	grep -q '防腐涂层局部剥落' "$TMPD/req.txt" &&
	grep -Eq '^Priority: +P2' "$TMPD/req.txt" &&
	show "$M23" | grep -Eq "^Request opened: +$REQ"
}
check "the request ($REQ) exists, links the visit, priority P2" t_request

keys A
wait_for "^$LATE +2026-11-18 " >/dev/null
keys g
wait_for "Visit no\. +$LATE" >/dev/null
keys H
t_hist() { wait_for "History of $LATE" && wait_for 'visit (moved|cancelled|added)'; }
check "H shows the history of the selected visit" t_hist
keys Escape

# C: only one customer's visits in the list (all visits shown: A)
keys C
wait_for 'Customer \(empty' >/dev/null
text 沙洲纺织
keys Enter
t_cust() {
	wait_for '\| all visits, customer 沙洲纺织' || return 1
	c_shown=$(cap | grep -Ec '^[0-9]+ +2026-')
	c_want=$(sd visit list --all --customer 沙洲纺织 --format csv | tr -d '\r' | awk 'NR > 1' | wc -l)
	c_others=$(cap | grep -E '^[0-9]+ +2026-' | grep -vc '沙洲纺织')
	[ "$c_shown" -gt 0 ] && [ "$c_shown" = "$c_want" ] && [ "$c_others" = 0 ]
}
check "C with a customer's name: only its visits are listed" t_cust
keys C
wait_for 'Customer \(empty' >/dev/null
keys C-u Enter
check "C with an empty name: every customer's visits again" wait_for 'Every customer.s visits'

keys '?'
check "? lists the pane's keys" wait_for 'the month calendar: visits per day'
keys Escape

keys c
wait_for 'November 2026' >/dev/null
T resize-window -t desk -x 40 -y 10
t_small() { wait_for 'November 2026' && alive; }
check "calendar at 40x10: still running, the month shown" t_small
T resize-window -t desk -x 200 -y 60
check "calendar at 200x60 (side by side): cells of several lines" wait_for '^P1 M2 '
T resize-window -t desk -x 20 -y 5
check "resize to 20x5 (too small) without a crash" wait_for 'too small'
T resize-window -t desk -x 80 -y 24
wait_for 'November 2026' >/dev/null
keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- an operator
start_desk xiaowang
to_visits >/dev/null
keys p
wait_for '\| all planned' >/dev/null
wait_for '^[0-9]+ +2026-11-30 ' >/dev/null
keys x
check "an operator may not cancel: the reason is shown" wait_for 'not permitted for the role'
t_still() { [ "$(sd visit list --status cancelled --all --format csv | wc -l)" -eq 2 ]; }
check "and nothing more was cancelled" t_still
keys q
next_server

# ---------------------------------------------------------------- Chinese
# the catalogue compiled from the source tree, for a locale found or made
MO="$TMPD/mo/zh_CN/LC_MESSAGES"
mkdir -p "$MO"
zh_locale UTF-8
ZHLOC=$LOC
if ! command -v msgfmt >/dev/null 2>&1 ||
   ! msgfmt -o "$MO/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	skip "msgfmt missing or failed"
	skip "msgfmt missing or failed"
elif [ -z "$ZHLOC" ]; then
	skip "no zh_CN.UTF-8 locale"
	skip "no zh_CN.UTF-8 locale"
else
	LP=""
	[ -n "$LOCDIR" ] && LP="LOCPATH=$LOCDIR"
	start_desk boss "LC_ALL=$ZHLOC SERVDESK_LOCALEDIR=$TMPD/mo $LP"
	to_visits >/dev/null
	keys c
	t_zh() { wait_for '^周一 +周二 +周三 +周四 +周五 +周六 +周日' && wait_for '2026年11月'; }
	check "zh_CN.UTF-8: weekday header 周一 … 周日, title 2026年11月" t_zh
	check "zh_CN.UTF-8: the 30th shows its kinds in Chinese (电1 巡2)" cell '30 电1 巡2'
	keys q
	next_server
fi

# ---------------------------------------------------------------- GB18030
zh_locale GB18030
GBLOC=$LOC
if [ -z "$GBLOC" ] || [ ! -x "$PTYRUN" ] || [ ! -s "$MO/servdesk.mo" ]; then
	skip "no zh_CN.GB18030 locale, ptyrun or catalogue"
else
	WEEK=$(printf '周一' | iconv -f UTF-8 -t GB18030)
	set -- -e "LC_ALL=$GBLOC" -e TERM=xterm -e SERVDESK_USER=boss -e "TZ=$TZ" \
		-e "SERVDESK_NOW=$NOW" -e "SERVDESK_LOCALEDIR=$TMPD/mo"
	[ -n "$LOCDIR" ] && set -- "$@" -e "LOCPATH=$LOCDIR"
	# F6 five times to the Visits tab, c for the calendar
	"$PTYRUN" -s 80x24 -o "$TMPD/gb.out" -t 15 "$@" -w F10 -p 300 \
		-k '\e[17~' -k '\e[17~' -k '\e[17~' -k '\e[17~' -k '\e[17~' -k c -w "$WEEK" -p 300 -k q -- \
		"$SERVDESK" --db "$DB"
	rc=$?
	t_gb() {
		[ "$rc" = 0 ] && LC_ALL=C grep -Fq "$WEEK" "$TMPD/gb.out" &&
		! LC_ALL=C grep -Fq '周一' "$TMPD/gb.out"
	}
	check "zh_CN.GB18030: the calendar's weekdays reach the screen in GB18030 bytes" t_gb
fi

desk_end
