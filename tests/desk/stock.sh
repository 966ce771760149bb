#!/bin/sh
# Desk tests of the spare-parts store pane: the list of parts with the low
# mark, receiving through the form, an issue beyond what is on hand refused
# with the quantity available, an adjustment with its reason, the movements
# in the detail newest first, who may move stock, resizes. Drives the desk in
# a private tmux server (UTF-8) and checks the results with the command
# line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=30
desk_begin stock

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
sd staff add ku --name 库管老刘 --role storekeeper >/dev/null 2>&1
R1=$(sd request add --channel phone --customer 上海宝钢设备维修中心 --requester 李明 \
	--phone 13800138002 --item 液压站压力不稳 --received '2026-11-03 10:20' 2>/dev/null)
if [ -z "$R1" ] ||
   ! sd request hand "$R1" --to chen >/dev/null 2>&1 ||
   ! sd ledger take "$R1" >/dev/null 2>&1 ||
   ! sd stock part BRG-6205 --name 深沟球轴承 --spec 6205-2RS --unit 个 --location A-01-03 \
	--reorder-point 5 --reorder-qty 20 >/dev/null 2>&1 ||
   ! sd stock part FLT-001 --name 液压油滤芯 --spec 10μm --unit 支 --location B-02-01 \
	--reorder-point 2 --reorder-qty 10 >/dev/null 2>&1 ||
   ! sd stock part SEAL-80 --name 油封 --spec 80x100x10 --unit 个 --location A-02-07 \
	--reorder-point 10 --reorder-qty 50 >/dev/null 2>&1 ||
   ! AS=ku sd stock receive BRG-6205 3 --cost 45.50 >/dev/null 2>&1 ||
   ! AS=ku sd stock receive FLT-001 8 --cost 120 >/dev/null 2>&1; then
	echo "Bail out! could not set up requests and parts with the command line"
	exit 1
fi

# ---------------------------------------------------------------- helpers

# rows of the parts list: a part number at the start or after the mark
prow() { cap | grep -E "^(low +|off +)?$1 "; }
# The on hand column: its last cell must be the same on every row of the list.
aligned() {
	cap | grep -E '^(low +| +)(BRG|FLT|SEAL)-' > "$TMPD/rows.txt"
	ends=""
	while IFS= read -r line; do
		pre=$(printf '%s' "$line" | sed -E 's/^(.*[^ ] +[0-9]+) +[^ ]+ +[0-9]+ +[^ ]+ *$/\1/')
		ends="$ends $(printf '%s' "$pre" | wc -L)"
	done < "$TMPD/rows.txt"
	set -- $ends
	if [ $# -lt 3 ]; then
		echo "# only $# part rows:$ends" >&2
		cap | sed 's/^/# | /' >&2
		return 1
	fi
	for w in "$@"; do
		if [ "$w" != "$1" ]; then
			echo "# on hand columns end at different cells:$ends" >&2
			cap | sed 's/^/# | /' >&2
			return 1
		fi
	done
	echo "# on hand ends at cell $1 on $# rows" >&2
}
show_field() {
	sd stock show "$1" --format json 2>/dev/null |
		sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p"
}

# ---------------------------------------------------------------- the storekeeper
start_desk ku
wait_for "Requests" >/dev/null
i=0
t_tab() {
	i=0
	while [ $i -lt 8 ]; do
		if cap | grep -Eq '^(low +)?BRG-6205 '; then
			return 0
		fi
		keys F6
		sleep 0.3
		i=$((i + 1))
	done
	cap | sed 's/^/# | /' >&2
	return 1
}
check "F6 reaches the stock tab with the list of parts" t_tab
check "a low part is marked by text with on hand and unit" \
	wait_for "^low +BRG-6205 +深沟球轴承 +6205-2RS +3 +个 +0 +A-01-03"
check "a part above its reorder point has no mark" wait_for "^ +FLT-001 +液压油滤芯 .* 8 +支 "
check "list columns aligned by display width with Chinese names" aligned
keys '?'
check "? shows the stock pane's keys" wait_for "issue the selected part to a ledger entry"
keys Escape
wait_for "^low +BRG-6205" >/dev/null

keys l
check "l shows only the low parts" wait_for "low stock"
t_low() { ! cap | grep -q 'FLT-001' && cap | grep -q 'SEAL-80'; }
check "and FLT-001 is not among them" t_low
keys l
wait_for "FLT-001" >/dev/null
keys /
text '滤芯'
t_search() { wait_for "^ +FLT-001" >/dev/null && ! cap | grep -Eq '^low +BRG-6205'; }
check "search by name narrows the list" t_search
keys Escape
wait_for "^low +BRG-6205" >/dev/null

# receive 10 of BRG-6205 at 50 yuan
keys Home i
wait_for "Receive BRG-6205" >/dev/null
text '10'
keys Tab
text '50'
keys F2
t_recv() {
	wait_for "Received 10 of BRG-6205" >/dev/null &&
	wait_for "^ +BRG-6205 +深沟球轴承 +6205-2RS +13 +个" >/dev/null &&
	[ "$(show_field BRG-6205 on_hand)" = 13 ]
}
check "received through the form: on hand 13, no longer low" t_recv

# issue more than on hand: refused on the form with what is available
keys o
wait_for "Issue BRG-6205 to a ledger entry" >/dev/null
text '20'
keys Tab
text "$R1"
keys F2
check "issuing more than on hand is refused with the quantity available" \
	wait_for "only 13 available"
keys End C-u
text '2'
keys F2
t_issue() {
	wait_for "Issued 2 of BRG-6205 to $R1" >/dev/null &&
	[ "$(show_field BRG-6205 on_hand)" = 11 ]
}
check "then 2 issued to the ledger entry" t_issue

# adjust by -1: the reason is required
keys d
wait_for "Adjust BRG-6205" >/dev/null
text '-1'
keys F2
wait_for "reason: required" >/dev/null
# the cursor is on the refused field
text '盘点发现损坏1个'
keys F2
t_adj() {
	wait_for "Adjusted BRG-6205 by -1" >/dev/null &&
	[ "$(show_field BRG-6205 on_hand)" = 10 ]
}
check "adjust -1 with a reason" t_adj

# the movements in the detail, newest first: each move, then under it its
# register number, balance and reason (joined here to the move's line)
moves() { cap | awk '/^  [^ ]/ && n { sub(/^ +/, " "); last = last $0; next } { if (n) print last; last = $0; n = 1 } END { print last }'; }
t_hist() {
	keys Tab
	i=0
	while [ $i -lt 30 ] && ! moves | grep -q -- '+3 @45.50 .*balance 3$'; do
		keys Down
		sleep 0.1
		i=$((i + 1))
	done
	moves > "$TMPD/detail.txt"
	keys Tab
	l1=$(grep -n -- '-1 @.* balance 10, ' "$TMPD/detail.txt" | head -n 1 | cut -d: -f1)
	l2=$(grep -n -- "-2 @.*$R1, balance 11" "$TMPD/detail.txt" | head -n 1 | cut -d: -f1)
	l3=$(grep -n -- '+10 @50.00 .*balance 13' "$TMPD/detail.txt" | head -n 1 | cut -d: -f1)
	l4=$(grep -n -- '+3 @45.50 .*balance 3$' "$TMPD/detail.txt" | head -n 1 | cut -d: -f1)
	if [ -n "$l1" ] && [ -n "$l2" ] && [ -n "$l3" ] && [ -n "$l4" ] &&
	   [ "$l1" -lt "$l2" ] && [ "$l2" -lt "$l3" ] && [ "$l3" -lt "$l4" ]; then
		return 0
	fi
	echo "# lines: adjust=$l1 issue=$l2 receipt=$l3 first=$l4" >&2
	sed 's/^/# | /' "$TMPD/detail.txt" >&2
	return 1
}
check "the detail lists the movements newest first with balances" t_hist

T resize-window -t desk -x 40 -y 10
t_resize1() { sleep 0.3; alive && wait_for 'BRG|Part'; }
check "resize to 40x10" t_resize1
T resize-window -t desk -x 200 -y 60
t_resize2() { wait_for "BRG-6205 .*10 .*│" && alive; }
check "resize to 200x60 (side by side)" t_resize2
T resize-window -t desk -x 80 -y 24
wait_for "BRG-6205" >/dev/null
keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- an engineer may not
start_desk chen
wait_for "Requests" >/dev/null
x=$(cap | head -n 1 | awk '{ print index($0, "Stock") }')
if [ "$x" -gt 0 ]; then
	click 0 "$((x - 1 + 2))"
	wait_for "BRG-6205" >/dev/null
fi
keys i
t_refused() {
	wait_for "not permitted" >/dev/null &&
	[ "$(show_field BRG-6205 on_hand)" = 10 ]
}
check "an engineer may not receive: the reason is shown, nothing changed" t_refused
keys q
t_quit >/dev/null
next_server

# ---------------------------------------------------------------- a stocktake
start_desk ku
wait_for "Requests" >/dev/null
t_tab2() {
	i=0
	while [ $i -lt 8 ]; do
		if cap | grep -Eq '^(low +| +)BRG-6205 '; then
			return 0
		fi
		keys F6
		sleep 0.3
		i=$((i + 1))
	done
	cap | sed 's/^/# | /' >&2
	return 1
}
check "the storekeeper's desk reaches the stock tab again" t_tab2
keys '?'
check "? lists the stocktake keys" wait_for "review the differences of the open stocktake"
keys Escape
wait_for "^ +BRG-6205" >/dev/null
keys t
wait_for "Blind count" >/dev/null
keys n
check "t starts a stocktake: the number on the status line" \
	wait_for "Stocktake 1 started\\."
check "the status line says the stocktake is open" wait_for "stocktake 1 open"
# BRG-6205 (on hand 10) counted 10: no difference
keys Home c
wait_for "Counted quantity of BRG-6205" >/dev/null
text '10'
keys Enter
wait_for "Counted 10 of BRG-6205" >/dev/null
check "the detail shows the count of the selected part" in_detail "counted 10 \(expected 10\)"
# FLT-001 (on hand 8) counted 7: a difference of -1
keys Down c
wait_for "Counted quantity of FLT-001" >/dev/null
text '7'
keys Enter
check "a second part counted" wait_for "Counted 7 of FLT-001"
check "its detail shows counted 7 (expected 8)" in_detail "counted 7 \(expected 8\)"
keys v
t_review() {
	wait_for "Stocktake 1: differences \(1\)" >/dev/null &&
	wait_for "FLT-001 +液压油滤芯 +8 +7 +0 +-1" >/dev/null &&
	! cap | grep -q "BRG-6205"
}
check "v reviews the differences: only FLT-001, 8 expected, 7 counted, -1" t_review
keys Escape
wait_for "^ +BRG-6205" >/dev/null
keys P
wait_for "Post stocktake 1\\?" >/dev/null
keys y
t_posted() {
	wait_for "Stocktake 1 posted\\." >/dev/null &&
	wait_for "^ +FLT-001 +液压油滤芯 .* 7 +支 " >/dev/null &&
	! cap | grep -q "stocktake 1 open"
}
check "P posts after y: the list reloads with the counted stock" t_posted
t_after() {
	[ "$(show_field FLT-001 on_hand)" = 7 ] && [ "$(show_field BRG-6205 on_hand)" = 10 ] &&
	sd check >/dev/null 2>&1
}
check "stock show confirms on hand = the count and servdesk check is clean" t_after
keys q
t_quit >/dev/null
next_server

# ---------------------------------------------------------------- Chinese
# a refused quantity names the field as the form does, with a full-width colon
if ! zh_desk; then
	skip "$ZH_WHY"
	skip "$ZH_WHY"
	skip "$ZH_WHY"
else
	start_desk boss "$ZH"
	i=0
	while [ $i -lt 14 ] && ! cap | grep -q 'BRG-6205 '; do
		keys F6
		sleep 0.3
		i=$((i + 1))
	done
	t_zh_status() { cap | grep -q 'boss 张主管（主管）' && ! cap | grep -q '张主管 (主管)'; }
	check "zh_CN.UTF-8: the status line's role in full-width parentheses: 张主管（主管）" t_zh_status
	t_zh_add() { cap | tail -n 1 | grep -q 'F2新增' && ! cap | tail -n 1 | grep -q 'F2登记'; }
	check "zh_CN.UTF-8: F2 adds a part: F2新增 (登记 is for requests)" t_zh_add
	keys Home i
	wait_for "BRG-6205 入库" >/dev/null
	text 'x'
	keys F2
	check "zh_CN.UTF-8: a quantity that is not a number: 数量：应为整数 (full-width colon)" \
		wait_for "数量：应为整数"
	keys Escape
	keys q
	t_quit >/dev/null
	next_server
fi

desk_end
