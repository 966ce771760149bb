#!/bin/sh
# Desk tests of the demonstration register (`init --demo`) in zh_CN.UTF-8 as
# the storekeeper and the supervisor first see it: the Stock tab lists the
# store's parts with what is on hand, a part's detail shows its movements
# (a receipt, an issue to a ledger entry); the Summary's common problems name
# fault categories, the month before too; an entry of the ledger has its
# fault category. Drives the desk in a private tmux server. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=7
desk_begin demo

if ! zh_desk; then
	while [ $n -lt $PLAN ]; do skip "$ZH_WHY"; done
	exit 0
fi

NOW='2026-12-08 09:00'
if ! SERVDESK_NOW="$NOW" sd init --demo >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK init --demo failed"
	exit 1
fi


DESK_COLS=120 DESK_ROWS=35 start_desk boss "$ZH"
wait_for '登记号' >/dev/null

# ---------------------------------------------------------------- the store
to_tab '^标记 零件号 ' >/dev/null
# the parts: rows with a part number, a name and what is on hand
t_parts() { [ "$(cap | grep -cE '^ {0,5}[A-Z][A-Z0-9-]+ +[^ ].* [0-9]+ ')" -ge 10 ]; }
check "the Stock tab lists the store's parts with what is on hand" t_parts
t_moves() { wait_for '入库' >/dev/null && cap | grep -q '入库'; }
check "the selected part's detail shows its receipts" t_moves
# a part issued to an entry: walk down until the detail shows an issue
t_issue() {
	i=0
	while [ $i -lt 40 ]; do
		cap | grep -q '领用' && return 0
		keys Down
		sleep 0.15
		i=$((i + 1))
	done
	return 1
}
check "a part's detail shows an issue to a ledger entry" t_issue

# ---------------------------------------------------------------- the summary
to_tab '月度统计 2026-12' >/dev/null
t_problems() {
	i=0
	while [ $i -lt 12 ]; do
		cap | grep -qE '^ *(电气故障|机械故障|控制系统/软件故障) .*█+ [0-9]+$' && return 0
		keys PgDn
		sleep 0.3
		i=$((i + 1))
	done
	return 1
}
check "the Summary's common problems name fault categories" t_problems
keys '['
wait_for '月度统计 2026-11' >/dev/null
keys Home
check "the month before: its common problems too" t_problems

# ---------------------------------------------------------------- the ledger
to_tab '工程师 +下次到期' >/dev/null
check "a ledger entry's detail has its fault category" wait_for '故障类别'
check "the desk quits" stop_desk

desk_end
