#!/bin/sh
# Desk tests of the after-sales ledger pane: take a request in from the
# intake pane, work it through the lifecycle with the desk's keys and forms,
# see the overdue mark and filter, the explanation of the due times, resizes.
# Drives the desk in a private tmux server (UTF-8) and checks the results
# with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=36
desk_begin ledger

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
sd staff add op1 --name 前台小李 --role operator >/dev/null 2>&1
R1=$(sd request add --channel fax --customer 北京华电科技有限公司 --requester 王工 \
	--phone 13800138001 --item 控制柜报警无法复位 --received '2026-11-02 09:15' 2>/dev/null)
R2=$(sd request add --channel phone --customer 上海宝钢设备维修中心 --requester 李明 \
	--phone 13800138002 --item 液压站压力不稳 --priority P1 --received '2026-11-03 10:20' 2>/dev/null)
if [ -z "$R1" ] || [ -z "$R2" ]; then
	echo "Bail out! could not add requests with the command line"
	exit 1
fi
sd request hand "$R1" --to chen >/dev/null 2>&1
sd request hand "$R2" --to chen >/dev/null 2>&1

# ---------------------------------------------------------------- helpers
# rows of the ledger list: a mark (or blanks), then a register number
LROW='^[^ ]{0,6} +[0-9]{6}-[0-9]{4} '
lrows() { cap | grep -Ec -- "$LROW"; }
wait_lrows() { wait_count "$1" lrows; }   # until the list shows exactly $1 rows
show() { sd ledger show "$1" 2>&1; }
# select a register number in the ledger list (a few rows at most)
sel_l() {
	keys g
	tries=0
	while [ $tries -lt 5 ] && ! wait_for "Register no\. +$1" >/dev/null 2>&1; do
		keys j
		tries=$((tries + 1))
	done
	wait_for "Register no\. +$1" >/dev/null
}

# ---------------------------------------------------------------- an operator may not take
start_desk op1
wait_for "^$R2 " >/dev/null
keys t
check "an operator may not take into the ledger: the reason is shown" \
	wait_for "not permitted"
keys q
t_quit >/dev/null
next_server

# ---------------------------------------------------------------- the engineer at the desk
start_desk chen
check "desk opens with the intake register" wait_for "^$R2 .*上海宝钢"
check "the ledger tab is on the tab line" wait_for "Ledger"

# take R1 from the intake pane (the list is newest first: R1 is the second row)
keys j
wait_for "Register no\. +$R1" >/dev/null
keys t
check "take from the intake pane" wait_for "Took $R1 into the ledger"
t_taken() { show "$R1" | grep -Eiq 'registered|登记'; }
check "the entry is in the ledger (servdesk ledger show)" t_taken

keys F6
check "the ledger tab lists the entry" wait_for " $R1 .*北京华电"
t_f8() { cap | tail -n 1 | grep -q 'F8Close'; }
check "the key bar's F8 closes the entry: F8Close" t_f8
keys '?'
check "? shows the ledger pane's keys" wait_for "explain how each due time"
keys Escape

# assign the engineer
keys e
wait_for "Engineer for $R1" >/dev/null
# the pick list is ordered by login: boss (supervisor), then chen
wait_for "陈工" >/dev/null
keys Down Enter
check "assign from the desk" wait_for "Assigned $R1 to chen"
t_assigned() { show "$R1" | grep -q 'chen'; }
check "the assignment is stored" t_assigned

# propose: remote login, a Chinese solution, the fault category chosen
# from the list (in order of code: "(none)" first, then ctrl)
keys p
wait_for "Propose a solution for $R1" >/dev/null
keys Right
keys Tab
text '远程登录修改PLC参数，报警已复位'
keys Tab
check "the fault category is a choice, none chosen yet" wait_for "< \(none\) >"
keys Right
wait_for "< ctrl +控制系统/软件故障 >" >/dev/null
keys F2
check "propose from the desk" wait_for "Solution recorded for $R1"
t_fault() { show "$R1" | grep -Eq '^Fault category: +ctrl 控制系统/软件故障'; }
check "the chosen fault category is stored (code and name)" t_fault
# the detail part scrolls (Tab enters it) down to the solution
t_solution() { in_detail "远程登录修改PLC参数"; }
check "the detail shows the solution" t_solution

# not cleared while its maintenance item is open: the refusal names it
keys d
wait_for "Fault cleared at" >/dev/null
keys Enter
check "clearing with an item open is refused, naming the item" wait_for "items still open: 1"
# the item settled with the desk's form: done, with what was done
keys I
wait_for "Settle a maintenance item of $R1" >/dev/null
keys Tab
keys Tab
text 'PLC参数已修改，报警复位'
keys F2
check "an item settled from the desk" wait_for "Item settled on $R1"
t_item() { sd ledger show "$R1" --format json 2>/dev/null | grep -q '"state":"done","note":"PLC参数已修改，报警复位"'; }
check "the CLI shows the item done with what was done" t_item

# cleared now (remote: no arrival on site)
keys d
wait_for "Fault cleared at" >/dev/null
keys Enter
check "fault cleared from the desk" wait_for "Fault cleared on $R1"

# the user's confirmation by phone (the requester's name is offered)
keys c
wait_for "confirmation for $R1" >/dev/null
keys Tab
keys F2
check "confirm from the desk" wait_for "Confirmation recorded for $R1"

keys C
wait_for "Close ledger entry $R1" >/dev/null
keys y
check "close from the desk" wait_for "Closed $R1"
t_closed() {
	show "$R1" > "$TMPD/r1.txt"
	grep -Eiq 'closed|已关闭|关闭' "$TMPD/r1.txt" &&
	grep -q '王工' "$TMPD/r1.txt" &&
	grep -Eiq 'phone|电话' "$TMPD/r1.txt" &&
	grep -q '远程登录修改PLC参数' "$TMPD/r1.txt"
}
check "the CLI shows the entry closed with the confirmation (who, how)" t_closed

# a charge added with the command line shows in the detail's charges table
# (kind, date, tier, amount, billed) after a reload; no equipment: billed in full
sd ledger charge "$R1" --kind labour --amount 800 --on 2026-11-19 --without-quote >/dev/null 2>&1
keys r
t_charge_row() { in_detail 'labour +2026-11-19 +[^ ].* +800\.00 +800\.00' 40; }
check "the detail lists the charge line: kind, date, tier, amount, billed" t_charge_row

# take R2 (P1, received long ago) from the ledger pane itself: it is overdue
keys t
wait_for "Register no\. to take" >/dev/null
text "$R2"
keys Enter
check "take from the ledger pane" wait_for "Took $R2 into the ledger"
t_mark() {
	wait_for "$LROW" >/dev/null
	line=$(cap | grep -E -- "^[^ ]{0,6} +$R2 " | head -n 1)
	mark=${line%%"$R2"*}
	mark=$(printf '%s' "$mark" | tr -d ' ')
	echo "# mark of the overdue entry: '$mark'" >&2
	[ -n "$mark" ]
}
check "the overdue entry shows its mark in the list" t_mark
t_due_only() { wait_lrows 1 && cap | grep -Eq -- "^[^ ]{0,6} +$R2 "; }
keys '!'
check "the overdue filter shows only the overdue entry" t_due_only
# the status line counts the overdue entries as the overdue list marks them
check "the status line: !! 1 entry overdue" wait_for '!! 1 entry overdue'
check "the filter is named for what it keeps, in the order it runs" \
	wait_for 'due or overdue, by urgency \|'
keys '!'
wait_lrows 2 >/dev/null
# changed meanwhile: the CLI assigns R2 to boss while the desk shows it;
# the desk's assignment (to chen) is refused and the current values reloaded
sel_l "$R2"
sd ledger assign "$R2" --engineer boss >/dev/null 2>&1
keys e
wait_for "Engineer for $R2" >/dev/null
keys Down Enter
check "a step on an entry changed meanwhile is refused" wait_for "Not saved"
t_kept() { show "$R2" | grep -Eq '^Engineer: +boss'; }
check "and the other change is kept" t_kept

t_mine() { wait_lrows 1 && cap | grep -Eq -- "^[^ ]{0,6} +$R1 "; }
keys m
check "my entries: only the one assigned to me" t_mine
keys m
wait_lrows 2 >/dev/null

# the explanation of the due times of R2
sel_l "$R2"
keys x
check "x opens the explanation of the due times" wait_for "Due times of $R2"
keys Escape
wait_for "Register no\. +$R2" >/dev/null

T resize-window -t desk -x 40 -y 10
t_resize1() { wait_for 'Reg\. no\.|Reg\.' && alive; }
check "resize to 40x10" t_resize1
T resize-window -t desk -x 200 -y 60
t_resize2() { wait_for " $R2 .*上海宝钢.*│" && alive; }
check "resize to 200x60 (side by side)" t_resize2
T resize-window -t desk -x 80 -y 24
check "back to 80x24" wait_for " $R2 "

keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- Chinese
# the entry is closed out (结案), a view is closed (关闭): two words for Close
if ! zh_desk; then
	skip "$ZH_WHY"
else
	start_desk boss "$ZH"
	wait_for "维护请求" >/dev/null
	keys F6
	t_zh_close() { wait_for " $R1 " >/dev/null && cap | tail -n 1 | grep -q 'F8结案' && ! cap | tail -n 1 | grep -q 'F8关闭'; }
	check "zh_CN.UTF-8: the Ledger tab's F8 closes out the entry: F8结案, not 关闭" t_zh_close
	keys q
	t_quit >/dev/null
	next_server
fi

desk_end
