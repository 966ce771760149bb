#!/bin/sh
# Desk tests of a complaint's handling in the complaints pane: the overdue
# first reply marked in the list, a reply logged by key and shown in the
# detail's progress log, the handling form (severity, cause, department,
# corrective action, claim), closing refused before the supervisor's approval,
# an engineer refused the approval, the supervisor approving by key, then the
# close. Drives the desk in a private tmux server (UTF-8) and checks the
# results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=16
desk_begin complaint_handling

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
if [ "$(AS=chen sd complaint add --customer 南通中远船务防腐工程有限公司 --class quality \
	--description '5把喷枪枪针卡滞' 2>/dev/null)" != 1 ]; then
	echo "Bail out! servdesk complaint add failed"
	exit 1
fi
# the desk 45 minutes later: the 30-minute first reply is overdue
NOW='2026-11-20 08:45'
# tall enough for the detail's handling and progress log under the list
DESK_ROWS=60

HEAD='^State +No\. '
to_tab() {
	tab=0
	while [ $tab -lt 8 ]; do
		keys F6
		if wait_for "$HEAD" >/dev/null 2>&1; then
			return 0
		fi
		tab=$((tab + 1))
	done
	wait_for "$HEAD"
}
cjson() { sd complaint list --format json 2>/dev/null | grep "\"id\":$1,"; }

# ---------------------------------------------------------------- the engineer
start_desk chen
check "F6 reaches the complaints tab" to_tab
check "an overdue first reply is marked in the list" wait_for "^no reply +1 "
keys p
check "p opens the progress form, a reply first" wait_for "Progress of complaint 1"
text '已电话回复孙立新,下午送备用喷枪'
keys F2
check "the reply is saved" wait_for "Saved complaint 1\."
check "the detail shows it in the progress log" wait_for "reply to the customer.*已电话回复"
check "the list no longer marks it" wait_for "^open +1 "
keys h
check "h opens the handling form" wait_for "Handle complaint 1"
text '枪针密封圈硬度偏高'
keys BTab                      # back to the severity
keys Right                     # general -> serious
keys Tab Tab
text '质量部'
keys Tab
text '吴强'
keys Tab
text '密封圈每批抽检硬度'
keys Tab
text '1200.50'
keys F2
check "the handling is saved" wait_for "Saved complaint 1\."
t_handled() {
	j=$(cjson 1)
	echo "# $j" >&2
	case $j in *'"severity":"serious"'*) ;; *) return 1 ;; esac
	case $j in *'"replied_at":"2026-11-20 08:45"'*) ;; *) return 1 ;; esac
	AS=chen sd complaint show 1 2>/dev/null | grep -q '枪针密封圈硬度偏高' &&
	AS=chen sd complaint show 1 2>/dev/null | grep -q '1200.50' &&
	AS=chen sd complaint show 1 2>/dev/null | grep -q '质量部'
}
check "stored: severity, cause, department, claim" t_handled
keys C
wait_for "Close out complaint 1" >/dev/null
text '更换5把喷枪'
keys F2
check "closing a serious complaint before approval is refused in the form" \
	wait_for "a supervisor must approve it"
keys Escape
keys y                         # discard the close-out form
wait_for "$HEAD" >/dev/null
keys A
check "an engineer may not approve: the reason is shown" wait_for "not permitted for the role"
check "q quits" stop_desk

# ---------------------------------------------------------------- the supervisor
start_desk boss
to_tab >/dev/null
wait_for "^open +1 " >/dev/null
keys A
check "A opens the approval form" wait_for "Approve complaint 1"
text '同意处理方案'
keys F2
check "the approval is shown in the detail" wait_for "Approved +boss, 2026-11-20 08:45: 同意处理方案"
keys C
wait_for "Close out complaint 1" >/dev/null
text '更换5把喷枪,整改已验证'
keys F2
check "approved, it closes" wait_for "Closed out complaint 1\."
check "q quits" stop_desk

desk_end
