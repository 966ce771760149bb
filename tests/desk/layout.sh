#!/bin/sh
# Desk tests of the layout as a Chinese reader meets it (zh_CN.UTF-8): each
# pane's help wrapped as Chinese text is and listing only the keys that work
# there; the key bar naming each pane's own action, dropping whole entries
# when narrow, and showing a pick list's keys while one is open; the pick
# list in columns; the stock movements with their register number, balance
# and reason; the stocktake question cancelled by Esc; a form's text cut
# with a mark; the summary's percentages lined up with and without the miss
# mark; the Requests list's item column given its share of the width; the
# selection kept after saving a request the search hides. Drives the desk in
# a private tmux server. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=24
desk_begin layout

if ! zh_desk; then
	while [ $n -lt $PLAN ]; do skip "$ZH_WHY"; done
	exit 0
fi

NOW='2026-12-07 09:00'
REASON='盘点发现密封圈老化破损，报废一件并通知采购补货'
if ! sd init >/dev/null 2>&1 || ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1 ||
   ! sd staff add liqiang --name 李强 --role engineer >/dev/null 2>&1 ||
   ! sd staff add ouyang --name 欧阳明月 --role engineer >/dev/null 2>&1 ||
   ! sd staff add bob --name Bob --role engineer >/dev/null 2>&1 ||
   ! R1=$(sd request add --channel phone --customer 常熟市第二中学 --requester 钱志远 \
	--phone 13800138001 --item 配电柜断路器频繁跳闸 --received '2026-12-05 09:10' 2>/dev/null) ||
   ! R2=$(sd request add --channel phone --customer 常州天宁热电有限公司 --requester 王工 \
	--phone 13800138002 --item 除氧器安全阀起跳 --received '2026-12-06 10:00' 2>/dev/null) ||
   ! R3=$(sd request add --channel phone --customer 常州天宁热电有限公司 --requester 王工 \
	--phone 13800138002 --item 给水泵振动偏大 --received '2026-12-06 11:00' 2>/dev/null) ||
   ! sd stock part SEAL-32 --name 柱塞密封组件 --unit 套 >/dev/null 2>&1 ||
   ! sd stock receive SEAL-32 8 --cost 21 >/dev/null 2>&1 ||
   ! sd stock adjust SEAL-32 -1 --reason "$REASON" >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK init, staff add, request add or stock failed"
	exit 1
fi

keybar() { cap | tail -n 1; }
# the display width of the text before the first match of $2 on the line $1
cells_before() { printf '%s' "${1%%"$2"*}" | LC_ALL=$LOC wc -L; }

# ---------------------------------------------------------------- 120 x 35
DESK_COLS=120 DESK_ROWS=35 start_desk boss "$ZH"
wait_for "^$R1 " >/dev/null

# the item column gets its share of the width, not four characters
check "120 columns: the Requests list shows the first item's first seven characters" \
	wait_for "^$R1 .*配电柜断路器频"

# the hand-over pick list: its keys on the key bar, its columns lined up
t_pick() {
	keys F5
	wait_for 'ouyang' >/dev/null || return 1
	cap > "$TMPD/pick.txt"
	tail -n 1 "$TMPD/pick.txt" | grep -q 'Enter选择' || { echo "# key bar: $(tail -n 1 "$TMPD/pick.txt")" >&2; return 1; }
	! tail -n 1 "$TMPD/pick.txt" | grep -q 'F5转交'
}
check "the hand-over pick list has its own keys on the key bar" t_pick
t_pick_cols() {
	w=""
	for who in liqiang ouyang bob boss; do
		line=$(grep -- " $who " "$TMPD/pick.txt" | head -n 1)
		[ -n "$line" ] || { echo "# $who not listed" >&2; return 1; }
		l=$(cells_before "$line" " $who ")
		r=$(cells_before "$line" "(")
		w="$w $l/$r"
	done
	set -- $w
	[ "$1" = "$2" ] && [ "$1" = "$3" ] && [ "$1" = "$4" ] ||
		{ echo "# columns at$w" >&2; sed 's/^/# | /' "$TMPD/pick.txt" >&2; return 1; }
}
check "the pick list's logins and roles start in the same column on every line" t_pick_cols
keys Escape
wait_for '已取消' >/dev/null

# the Requests help lists H (a request has a history)
keys F1
check "the Requests help lists H" wait_for '│ H +所选记录的变更历史'
keys Escape

# the Stock tab: its own word for adding, and the moves in full
to_tab 'F2新增备件' >/dev/null
check "the Stock tab's key bar says F2新增备件" wait_for 'F2新增备件'
t_move() {
	wait_for '调整 -1 @21.00' >/dev/null || return 1
	cap | sed 's/^.*│ *//; s/ *│ *$//; s/^ *//' | tr -d '\n' | grep -qF "结存 7，原因：$REASON" ||
		{ echo "# the reason is not shown whole" >&2; cap | sed 's/^/# | /' >&2; return 1; }
}
check "a stock move shows its balance and its whole reason" t_move

# the stocktake question: Esc cancels, n starts one with the expected quantities
keys t
wait_for '是否盲盘' >/dev/null
keys Escape
check "Esc at the stocktake question cancels" wait_for '已取消。'
check "no stocktake was started by Esc" sh -c '! SERVDESK_USER=boss "$1" --db "$2" stocktake show >/dev/null 2>&1' sh "$SERVDESK" "$DB"
keys t
wait_for '是否盲盘' >/dev/null
keys n
check "n at the stocktake question starts one with the expected quantities" wait_for '已开始盘点单 1。'

to_tab 'F2新增员工' >/dev/null
check "the Staff tab's key bar says F2新增员工" wait_for 'F2新增员工'
to_tab '月度统计 2026-12' >/dev/null
keys F1
wait_for '帮助' >/dev/null
check "the Summary help lists its own keys" wait_for '│ Home +'
check "the Summary help does not list H (no record there)" sh -c '! tmux -L "$1" -f /dev/null capture-pane -p -t desk | grep -q "所选记录的变更历史"' sh "$SOCK"
keys Escape
to_tab 'F2新增客户' >/dev/null
check "the Customers tab's key bar says F2新增客户" wait_for 'F2新增客户'
check "120 columns: the desk quits" stop_desk

# ---------------------------------------------------------------- a search hides a saved request
DESK_COLS=120 DESK_ROWS=35 start_desk boss "$ZH"
wait_for "^$R1 " >/dev/null
keys /
text 天宁
keys Enter
rows() { cap | grep -Ec '^[0-9]{6}-[0-9]{4} '; }
wait_count 2 rows >/dev/null
# R3 (newest first) is selected; a request the search does not find is registered
keys F2
wait_for '登记维护请求' >/dev/null
keys Tab
text 无锡华光锅炉股份有限公司
keys Tab
text 赵工
keys Tab
text 13900000000
keys Tab Tab Tab
text 锅炉给水泵漏水
keys F2
wait_for '（不在当前列表中）' >/dev/null
check "registering a request the search hides leaves the selection where it was" wait_for "│ 登记号 +$R3"
# R3 edited so that the search hides it
keys F4
wait_for '修改请求' >/dev/null
keys Tab Tab Tab
keys C-u
text 常熟市第二中学
keys F2
check "saving a request the search hides says so" wait_for "已保存 $R3（当前搜索或筛选条件下不显示）"
t_sel() {
	cap | grep -E '^[0-9]{6}-[0-9]{4} ' > "$TMPD/rows.txt"
	[ "$(wc -l < "$TMPD/rows.txt")" -eq 1 ] && grep -q "^$R2 " "$TMPD/rows.txt" && cap | grep -Eq "│ 登记号 +$R2"
}
check "the search's one request left stays listed and selected" t_sel
check "the search desk quits" stop_desk

# ---------------------------------------------------------------- 60 x 15
DESK_COLS=60 DESK_ROWS=15 start_desk boss "$ZH"
wait_for "^$R1 " >/dev/null
check "60 columns: the key bar ends with F10退出, no label cut" sh -c 'tmux -L "$1" -f /dev/null capture-pane -p -t desk | tail -n 1 | grep -Eq "F1帮助 .*F10退出 *$"' sh "$SOCK"
keys F1
wait_for '帮助' >/dev/null
keys Down Down Down
check "60 columns: the help wraps a long line under its text, not cut at the frame" wait_for '│ +清除）'
keys Escape
# a form's text cut at the right edge carries a mark
keys F4
wait_for '修改请求' >/dev/null
keys Tab Tab Tab
text '，现场测得电压0.82伏，供电局称线路正常，已安排二次上门检查'
keys Home
check "60 columns: a field's text cut at the right edge ends in …" wait_for '，现场测得电压.*…$'
keys End
check "60 columns: and at the left edge, with the cursor at the end, begins with …" wait_for ' …[^ ]*二次上门检查 *$'
keys Escape
wait_for '放弃' >/dev/null
keys y
check "60 columns: the desk quits" stop_desk

# ---------------------------------------------------------------- the summary of the demo
# its SLA table has shares within commitment missed (✗) and met
DB="$TMPD/demo.db"
if ! SERVDESK_NOW='2026-12-08 09:00' sd init --demo >/dev/null 2>&1; then
	not_ok "init --demo"
else
	NOW='2026-12-08 09:00'
	DESK_COLS=120 DESK_ROWS=35 start_desk boss "$ZH"
	to_tab '月度统计 2026-12' >/dev/null
	t_shares() {
		i=0
		while [ $i -lt 6 ] && ! cap | grep -q '%✗'; do
			keys PgDn
			sleep 0.3
			i=$((i + 1))
		done
		cap | grep -E '^ *(首次答复|响应|现场|修复) +[0-9].*%.*%' > "$TMPD/shares.txt"
		# the cell of every % sign on every line: lined up, they fall in the
		# five share columns (all requests, P1 to P4) whichever shares a row
		# has and whether they carry the mark
		at=""
		while IFS= read -r line; do
			pos=0
			rest=$line
			while case $rest in *%*) true ;; *) false ;; esac; do
				pos=$((pos + $(cells_before "$rest" "%") + 1))
				at="$at $pos"
				rest=${rest#*%}
			done
		done < "$TMPD/shares.txt"
		[ "$(wc -l < "$TMPD/shares.txt")" -ge 2 ] && grep -q '%✗' "$TMPD/shares.txt" &&
			grep -q '%  ' "$TMPD/shares.txt" &&
			[ "$(echo $at | tr ' ' '\n' | sort -u | wc -l)" -le 5 ] ||
			{ echo "# the shares' % at:$at" >&2; sed 's/^/# | /' "$TMPD/shares.txt" >&2; return 1; }
	}
	check "the summary's shares line up whether they carry the miss mark or not" t_shares
	stop_desk >/dev/null
fi

desk_end
