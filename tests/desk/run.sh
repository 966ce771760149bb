#!/bin/sh
# Desk tests: drive the interactive desk in a private tmux server (UTF-8)
# and, for a GB18030 locale, in a pseudo-terminal through ptyrun, checking
# what reaches the screen. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=28
desk_plan
# without tmux, the GB18030 checks still run
desk_setup desk
SERVDESK_USER=op1
export SERVDESK_USER
NOW='2026-11-20 08:00'     # the form's default time of receipt

sd() { "$SERVDESK" --db "$DB" "$@"; }

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
R1=$(sd request add --channel fax --customer 北京华电科技有限公司 --requester 王工 \
	--phone 13800138001 --item 打印机卡纸 --received '2026-11-02 09:15' 2>/dev/null)
R2=$(sd request add --channel phone --customer 上海宝钢设备维修中心 --requester 李明 \
	--phone 13800138002 --item 液压站压力不稳 --priority P1 --received '2026-11-03 10:20' 2>/dev/null)
R3=$(sd request add --channel email --customer ACME --requester Bob \
	--phone 13800138003 --item 'screen flickers' --received '2026-11-04 11:30' 2>/dev/null)
R4=$(sd request add --channel letter --customer 广州维修服务部 --requester 赵六 \
	--phone 13800138004 --item 传感器读数漂移 --received '2026-11-05 14:45' 2>/dev/null)
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
if [ -z "$R1" ] || [ -z "$R4" ]; then
	echo "Bail out! could not add requests with the command line"
	exit 1
fi

# ---------------------------------------------------------------- helpers
# data rows of the list: lines that begin with a register number
rows() { cap | grep -Ec '^[0-9]{6}-[0-9]{4} '; }
wait_rows() { wait_count "$1" rows; }   # until the list shows exactly $1 rows

# The phone column: the display column where the phone number starts must
# be the same on every row (CJK characters take two cells; wc -L counts
# display width in the locale).
aligned() {
	cap | grep -E '^[0-9]{6}-[0-9]{4} ' > "$TMPD/rows.txt"
	cols=""
	while IFS= read -r line; do
		pre=${line%%1380013800[0-9]*}
		[ "$pre" = "$line" ] && continue
		w=$(printf '%s' "$pre" | wc -L)
		cols="$cols $w"
	done < "$TMPD/rows.txt"
	set -- $cols
	if [ $# -lt 5 ]; then
		echo "# only $# rows with a phone:$cols" >&2
		return 1
	fi
	first=$1
	for w in "$@"; do
		if [ "$w" != "$first" ]; then
			echo "# phone columns differ:$cols" >&2
			return 1
		fi
	done
	echo "# phone column at cell $first on $# rows" >&2
}

# form_tianjin ITEM: open the request form and type 天津港集团's request
# (customer, requester, phone, serial) with the first line of ITEM.
form_tianjin() {
	keys a
	wait_for "Register a request" >/dev/null
	keys Tab
	text '天津港集团'
	keys Tab
	text '孙主任'
	keys Tab
	text '13800138005'
	keys Tab
	text 'TJ-0815'
	keys Tab Tab
	text "$1"
}

t_status() { cap | grep -q 'op1' && cap | grep -q 'F10'; }
t_new() { wait_for "^$NEW .*天津港集团" && wait_for "Register no\. +$NEW"; }
t_items() {
	sd request show "$NEW" > "$TMPD/new.txt" 2>&1 &&
	grep -q '1\. 起重机变频器故障' "$TMPD/new.txt" &&
	grep -q '^ *每天早上启动后报警' "$TMPD/new.txt" &&
	grep -q '2\. 请派工程师上门' "$TMPD/new.txt" &&
	grep -q '孙主任' "$TMPD/new.txt"
}
t_search2() { wait_rows 2 && cap | grep -q "^$R2 " && cap | grep -q "^$R4 "; }
t_search3() { wait_rows 1 && cap | grep -q "^$R2 .*上海宝钢"; }
t_handed() { sd request show "$NEW" | grep -q 'Handed to: *chen'; }
t_voided() { sd request show "$R4" | grep -q '客户重复来电'; }
t_edit() { wait_for "Saved $R3" && sd request show "$R3" | grep -q 13800138009; }
t_theirs() {
	wait_for "Changed meanwhile by op1" && wait_for "now: 13800138555" &&
	wait_for "Requester +王五" && wait_for "13800138007" && sd request show "$R3" | grep -q 13800138555
}
t_merged() {
	wait_for "Saved $R3" && sd request show "$R3" > "$TMPD/r3.txt" &&
	grep -q 13800138007 "$TMPD/r3.txt" && grep -q 王五 "$TMPD/r3.txt"
}
t_resize1() { wait_for 'Reg\. no\.' && alive; }
t_resize2() { wait_for "^$NEW .*天津港集团.*│" && alive; }
t_resize3() { wait_for 'too small' && alive; }

# ---------------------------------------------------------------- UTF-8, tmux
NEW=""
if ! command -v tmux >/dev/null 2>&1; then
	while [ $n -lt 23 ]; do skip "tmux not installed"; done
else
	start_desk op1

	check "desk opens at 80x24 and lists the register" wait_for "^$R4 .*广州维修"
	check "status line shows who is working; key bar shown" t_status

	keys '?'
	check "? shows the help for the pane" wait_for "register a request"
	keys Escape
	wait_for "^$R4 " >/dev/null

	# register through the form: Chinese, two items, the first of two lines
	form_tianjin '起重机变频器故障'
	keys Enter
	text '每天早上启动后报警'
	keys F3
	text '请派工程师上门'
	keys F2
	check "a request registered through the form gets its number" \
		wait_for "Registered [0-9]{6}-[0-9]{4}"
	NEW=$(cap | grep -Eo 'Registered [0-9]{6}-[0-9]{4}' | head -n 1 | sed 's/Registered //')
	check "the new request ($NEW) is in the list and selected" t_new
	check "its two items, one multi-line, are stored" t_items

	check "list columns aligned by display width with Chinese customers" aligned

	keys /
	text '修'
	check "search with one Chinese character narrows the list" t_search2
	keys BSpace
	text '维修'
	check "search with a 2-character Chinese substring narrows the list" t_search2
	text '中'
	check "a 3-character Chinese substring narrows it further" t_search3
	keys Escape
	check "Esc clears the search" wait_rows 5

	# hand the new request to the engineer (first in the pick list)
	keys g
	wait_for "Register no\. +$NEW" >/dev/null
	keys h
	wait_for "陈工" >/dev/null
	keys Enter
	check "hand over from the desk" wait_for "Handed $NEW to chen"
	check "the hand-over is stored" t_handed

	# void the next one, with a reason
	keys j
	wait_for "Register no\. +$R4" >/dev/null
	keys v
	wait_for "Void request $R4" >/dev/null
	keys y
	wait_for "Reason" >/dev/null
	text '客户重复来电'
	keys Enter
	check "void from the desk" wait_for "Voided $R4"
	check "the void and its reason are stored" t_voided

	# edit the phone of the next one (the form opens on the first item)
	keys j
	wait_for "Register no\. +$R3" >/dev/null
	keys e
	wait_for "Edit request $R3" >/dev/null
	keys BTab BTab BTab End BSpace
	text '9'
	keys F2
	check "edit from the desk" t_edit

	# someone else saves a change while the form is open: nothing typed is lost
	keys e
	wait_for "Edit request $R3" >/dev/null
	sd request edit "$R3" --requester 王五 --phone 13800138555 >/dev/null 2>&1
	keys BTab BTab BTab End BSpace
	text '7'
	keys F2
	check "a save over a change made meanwhile keeps what was typed, takes in theirs, shows the clash" t_theirs
	keys F2
	check "a second F2 saves the merge: the phone as typed, their requester" t_merged

	T resize-window -t desk -x 40 -y 10
	check "resize to 40x10" t_resize1
	T resize-window -t desk -x 200 -y 60
	check "resize to 200x60 (side by side)" t_resize2
	T resize-window -t desk -x 20 -y 5
	check "resize to 20x5 (too small)" t_resize3
	T resize-window -t desk -x 80 -y 24
	wait_for "^$NEW " >/dev/null

	# the same customer and equipment again: saved, and the desk says so
	form_tianjin '变频器又报警'
	keys F2
	check "a likely duplicate saved at the desk is named as one" \
		wait_for "Registered [0-9]{6}-[0-9]{4}: a likely duplicate of $NEW"

	keys q
	check "q quits with exit status 0" t_quit
	next_server

	# An engineer at the desk: a mouse click selects, voiding is refused with the reason.
	start_desk chen
	if wait_for "^$R1 "; then
		# the row of R1 on the screen (0-based), clicked with an X10 mouse report
		y=$(cap | grep -nE "^$R1 " | cut -d: -f1)
		click $((y - 1)) 5
		check "a mouse click selects the request under it" wait_for "Register no\. +$R1"
	else
		not_ok "a mouse click selects the request under it"
	fi
	keys v
	check "an engineer may not void: the reason is shown" wait_for "not permitted for the role"
	t_not_voided() { sd request show "$R1" | grep -q 'Status: *open'; }
	check "and nothing was voided" t_not_voided
	keys q
	next_server
fi

# ---------------------------------------------------------------- GB18030
zh_locale GB18030
GBLOC=$LOC
if [ -z "$GBLOC" ]; then
	skip "no zh_CN.GB18030 locale and localedef failed"
	skip "no zh_CN.GB18030 locale"
elif [ ! -x "$PTYRUN" ]; then
	skip "ptyrun not built"
	skip "ptyrun not built"
else
	# the newest request is selected: its customer is on the screen
	if [ -n "$NEW" ]; then CUST=天津港集团; else CUST=广州维修服务部; fi
	set -- -e "LC_ALL=$GBLOC" -e TERM=xterm -e SERVDESK_USER=op1 -e "TZ=$TZ" \
		-e "SERVDESK_NOW=$NOW"
	[ -n "$LOCDIR" ] && set -- "$@" -e "LOCPATH=$LOCDIR"
	"$PTYRUN" -s 80x24 -o "$TMPD/gb.out" -t 15 "$@" -w F10 -p 300 -k q -- \
		"$SERVDESK" --db "$DB"
	rc=$?
	check "desk under $GBLOC runs and quits with status 0 (ptyrun)" [ "$rc" = 0 ]
	GBBYTES=$(printf '%s' "$CUST" | iconv -f UTF-8 -t GB18030)
	t_gb() {
		LC_ALL=C grep -Fq "$GBBYTES" "$TMPD/gb.out" &&
		! LC_ALL=C grep -Fq "$CUST" "$TMPD/gb.out"
	}
	check "the screen carries $CUST in GB18030 bytes, not in UTF-8" t_gb
fi

desk_end
