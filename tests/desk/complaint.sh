#!/bin/sh
# Desk tests of the complaints pane: switch to the tab, record a quality
# complaint linked to a ledger entry through the form (Chinese text), see it
# in the list and the detail, close it out with the handling, the filters,
# a storekeeper refused with the reason, resizes. Drives the desk in a
# private tmux server (UTF-8) and checks the results with the command line.
# TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=27
desk_begin complaint

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
sd staff add zhou --name 周刚 --role storekeeper >/dev/null 2>&1
R1=$(sd request add --channel phone --customer 江苏驰耐特防腐科技有限公司 --requester 吴振华 \
	--phone 0512-58639752 --item '高压无气喷涂机压力上不去,最高只到12MPa' \
	--received '2026-11-02 09:15' 2>/dev/null)
if [ -z "$R1" ]; then
	echo "Bail out! could not add a request with the command line"
	exit 1
fi
sd request hand "$R1" --to chen >/dev/null 2>&1
if ! AS=chen sd ledger take "$R1" >/dev/null 2>&1; then
	echo "Bail out! servdesk ledger take $R1 failed"
	exit 1
fi
# a complaint already on record (no ledger entry), open
if [ "$(sd complaint add --customer 常熟市第二中学 --class nonquality \
	--description '操作人员未按规程清洗喷枪，导致堵塞' 2>/dev/null)" != 1 ]; then
	echo "Bail out! servdesk complaint add failed"
	exit 1
fi

# ---------------------------------------------------------------- helpers
# rows of the complaint list: the open/closed mark, then the number
CROW='^(open|closed) +[0-9]+ '
crows() { cap | grep -Ec -- "$CROW"; }
wait_crows() { wait_count "$1" crows; }   # until the list shows exactly $1 rows
HEAD='^State +No\. '
# F6 until the complaints pane is shown (its column headings)
to_tab() {
	tab=0   # (wait_for counts with i)
	while [ $tab -lt 8 ]; do
		keys F6
		if wait_for "$HEAD" >/dev/null 2>&1; then
			return 0
		fi
		tab=$((tab + 1))
	done
	wait_for "$HEAD"
}
# the JSON object of complaint $1 in `servdesk complaint list --format json`
cjson() { sd complaint list --format json 2>/dev/null | grep "\"id\":$1,"; }

# ---------------------------------------------------------------- an operator records and closes out
start_desk op1
check "desk opens with the intake register" wait_for "^$R1 "
check "F6 reaches the complaints tab" to_tab
check "the complaint on record is listed, open" wait_for "^open +1 .*常熟市第二中学"
keys '?'
check "? shows the complaints pane's keys" wait_for "close out the selected complaint"
keys Escape
wait_for "$HEAD" >/dev/null

keys a
check "a opens the form to record a complaint" wait_for "Record a complaint"
text '江苏驰耐特防腐科技有限公司'
keys Tab                      # class: quality complaint (the first)
keys Tab
text '999999-9999'            # not in the ledger: refused
keys Tab
text 'DD20261102-07'
keys Tab
text 'MF-2210'
keys Tab
text '2026-10-15'
keys Tab
text '20'
keys Tab
text '3'
keys Tab
text '密封圈批量漏油，20套中3套返厂'
keys F2
check "a register number not in the ledger is refused in the form" \
	wait_for "999999-9999 is not in the after-sales ledger"
# the form puts the cursor on the register number: replace it
keys C-u
text "$R1"
keys F2
check "the complaint is recorded from the desk" wait_for "Recorded complaint 2\."
check "the list shows it, open, with the register number" \
	wait_for "^open +2 .*江苏驰耐特.*$R1 .*密封圈"
check "the detail shows the linked ledger entry's state" wait_for "Ledger entry +$R1, "
t_recorded() {
	j=$(cjson 2)
	echo "# $j" >&2
	case $j in *'"class":"quality"'*) ;; *) return 1 ;; esac
	case $j in *"\"regno\":\"$R1\""*) ;; *) return 1 ;; esac
	case $j in *'"quantity":20,"defective":3'*) ;; *) return 1 ;; esac
	case $j in *'"order_no":"DD20261102-07","part_no":"MF-2210","delivered_on":"2026-10-15"'*) ;; *) return 1 ;; esac
	case $j in *'"closed_at":null'*) ;; *) return 1 ;; esac
	case $j in *'"received_by":"op1"'*) ;; *) return 1 ;; esac
}
check "servdesk complaint list: stored with every field, open" t_recorded

keys C
check "C opens the close-out form" wait_for "Close out complaint 2"
keys F2
check "the handling is required" wait_for "handling: required"
text '更换全部20套密封组件，供应商8D报告已提交，用户认可。'
keys F2
check "the complaint is closed out from the desk" wait_for "Closed out complaint 2\."
check "the list marks it closed" wait_for "^closed +2 "
t_closed() {
	j=$(cjson 2)
	echo "# $j" >&2
	case $j in *"\"closed_at\":\"$NOW\""*) ;; *) return 1 ;; esac
	case $j in *'"handling":"更换全部20套密封组件，供应商8D报告已提交，用户认可。"'*) ;; *) return 1 ;; esac
	case $j in *'"closed_by":"op1"'*) ;; *) return 1 ;; esac
}
check "servdesk complaint list: closed with the handling" t_closed
keys C
check "closing it out again is refused" wait_for "already closed"

t_open_only() { wait_crows 1 && cap | grep -Eq "^open +1 " && ! cap | grep -Eq "^closed +2 "; }
keys o
check "the open-only filter hides the closed complaint" t_open_only
keys o
wait_crows 2 >/dev/null
t_quality() { wait_crows 1 && cap | grep -Eq "^closed +2 .*quality"; }
keys c
check "the class filter (quality) shows the quality complaint only" t_quality
keys c c c
wait_crows 2 >/dev/null

T resize-window -t desk -x 40 -y 10
t_resize1() { wait_for '^State +No\.' && wait_for '^closed +2 ' && alive; }
check "resize to 40x10" t_resize1
T resize-window -t desk -x 200 -y 60
t_resize2() { wait_for "^closed +2 .*$R1 .*│" && alive; }
check "resize to 200x60 (side by side)" t_resize2
T resize-window -t desk -x 80 -y 24
check "back to 80x24" wait_for "^open +1 "

keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- a storekeeper is refused
start_desk zhou
wait_for "^$R1 " >/dev/null
# a click on the tab (an X10 mouse report: press and release at its column on row 0)
t_click() {
	x=$(cap | head -n 1 | awk '{ print index($0, "Complaints") }')
	[ "${x:-0}" -gt 0 ] || return 1
	x=$((x - 1 + 33))
	click=$(printf "\\033[M %s!\\033[M#%s!" "$(printf "\\$(printf %o $x)")" \
		"$(printf "\\$(printf %o $x)")")
	text "$click"
	wait_for "$HEAD"
}
check "a click on the tab shows the complaints" t_click
keys a
check "a storekeeper may not record a complaint: the reason is shown" \
	wait_for "not permitted for the role"
t_gone() { # the message is cleared by the next key
	i=0
	while [ $i -lt 50 ] && cap | grep -q "not permitted"; do
		sleep 0.1
		i=$((i + 1))
	done
	! cap | grep -q "not permitted"
}
keys r
t_gone >/dev/null
keys C
check "nor close one out" wait_for "not permitted for the role"
t_none() { [ "$(sd complaint list --format csv 2>/dev/null | wc -l)" -eq 3 ]; }
check "and nothing was recorded" t_none
keys q
check "q quits with exit status 0" t_quit
next_server

desk_end
