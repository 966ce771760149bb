#!/bin/sh
# Desk tests of line breaking in the request detail: a Chinese text with
# numbers, dates, amounts and punctuation wraps between characters and at
# spaces, never inside a number or date and never with closing punctuation
# at the start of a line, at 80, 100 and 120 columns. Drives the desk in a
# private tmux server. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=12
desk_begin wrap

ITEM='现场测得电压0.82,供电局称线路正常。客户反映“通讯中断”。费用: 备件费 42.00，服务日期 2026-12-07；已安排上门: 2026-12-03 08:46（已电话催促）。负责人 刘洋 (liuyang), 2026-12-06 14:53 再次确认，仍需更换编号 BRG-6205-2RS 的轴承《备件单》随后补交。'
if ! sd init >/dev/null 2>&1 || ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1 ||
   ! R=$(sd request add --channel phone --customer 苏州电气集团有限公司 --requester 王工 \
	--phone 13800138001 --item "$ITEM" --received '2026-12-07 08:30' 2>/dev/null); then
	echo "Bail out! $SERVDESK init, staff add or request add failed"
	exit 1
fi

# the detail's lines (right of the frame or below the list), without the frame
detail() { cap | sed 's/^.*│ *//; s/ *│ *$//; s/^ *//'; }

# no line starts with closing punctuation; every number and date is whole
t_whole() {
	detail > "$TMPD/detail.txt"
	if grep -nE '^[，。、；：？！）」』》”,.;:?!)]' "$TMPD/detail.txt" >&2; then
		echo "# a line starts with closing punctuation" >&2
		return 1
	fi
	for w in 0.82 42.00 2026-12-07 2026-12-03 08:46 2026-12-06 14:53 BRG-6205-2RS liuyang; do
		if ! tr -d '\n' < "$TMPD/detail.txt" | grep -qF "$w" || ! grep -qF "$w" "$TMPD/detail.txt"; then
			echo "# $w is cut across lines" >&2
			sed 's/^/# | /' "$TMPD/detail.txt" >&2
			return 1
		fi
	done
}
t_open() { ! grep -nE '[（《“(]$' "$TMPD/detail.txt" >&2; }

NOW='2026-12-07 09:00'
for cols in 80 100 120; do
	DESK_COLS=$cols DESK_ROWS=40 start_desk boss
	check "$cols columns: the request is listed" wait_for "^$R "
	wait_for "苏州电气集团" >/dev/null
	check "$cols columns: numbers, dates and amounts stay whole; no closing punctuation starts a line" t_whole
	check "$cols columns: no opening punctuation ends a line" t_open
	check "$cols columns: the desk quits" stop_desk
done

desk_end
