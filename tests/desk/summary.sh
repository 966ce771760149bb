#!/bin/sh
# Desk tests of the summary pane (月度统计): requests over two months made
# with the command line (by channel, a ledger entry closed, a response later
# than its commitment, a complaint), the figures of the month on the screen
# against the counts the test keeps while adding them and against `servdesk
# report monthly`, the bars' lengths (the channel with most requests has the
# longest bar, a zero has none), stepping to the month before and back and
# going to a month, the missed commitment marked, the figures kept until r or
# coming back to the tab, printing through the print command, someone not on
# the staff list refused, resizes at any size, and a GB18030 locale through
# ptyrun. Drives the desk in a private tmux server (UTF-8). TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=35
desk_begin summary

NOW='2026-11-20 10:00'       # the current month is 2026-11

# sd: the command line as $AS (default boss) at time $AT (default NOW)
sd() { SERVDESK_USER=${AS:-boss} SERVDESK_NOW=${AT:-$NOW} "$SERVDESK" --db "$DB" "$@"; }

# ---------------------------------------------------------------- data
# The counts the screen must show, kept while the requests are added:
# received per month and per channel of the month (fax phone letter email visit).
oct_n=0 oct_fax=0 oct_phone=0 oct_letter=0 oct_email=0 oct_visit=0
nov_n=0 nov_fax=0 nov_phone=0 nov_letter=0 nov_email=0 nov_visit=0
add() { # channel customer item priority 'YYYY-MM-DD HH:MM'
	r=$(AS=op1 sd request add --channel "$1" --customer "$2" --requester 李明 \
		--phone 13800138002 --item "$3" --priority "$4" --received "$5" 2>/dev/null) || return 1
	case $5 in
	2026-10-*) m=oct ;;
	2026-11-*) m=nov ;;
	esac
	eval "${m}_n=\$((${m}_n + 1)); ${m}_$1=\$((${m}_$1 + 1))"
	echo "$r"
}
if ! sd init >/dev/null 2>&1 ||
   ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1 ||
   ! sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1 ||
   ! sd staff add op1 --name 王丽 --role operator >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK init or staff add failed"
	exit 1
fi
add letter 无锡市第一中学 投影仪不开机 P3 '2026-10-08 09:00' >/dev/null
add letter 无锡市第一中学 打印机卡纸 P3 '2026-10-09 10:00' >/dev/null
add visit 江苏沙钢集团有限公司 液压站压力不稳 P2 '2026-10-12 14:00' >/dev/null
# a P1 request answered after 3 hours: its respond commitment (1 hour) is missed
add phone 上海宝钢设备维修中心 轧机停机 P1 '2026-11-02 09:00' >"$TMPD/n1"
N1=$(cat "$TMPD/n1")
add phone 苏州电气集团有限公司 传感器读数漂移 P3 '2026-11-03 09:30' >/dev/null
add phone 苏州电气集团有限公司 变频器报警 P3 '2026-11-04 10:00' >/dev/null
add fax 常熟理工学院东湖校区 空调不制冷 P3 '2026-11-05 11:00' >/dev/null
add email ACME 'screen flickers' P4 '2026-11-06 15:00' >/dev/null
if [ -z "$N1" ] || [ "$oct_n" -ne 3 ] || [ "$nov_n" -ne 5 ] ||
   ! AT='2026-11-02 09:10' sd ledger take "$N1" >/dev/null 2>&1 ||
   ! AT='2026-11-02 09:20' sd ledger assign "$N1" --engineer chen >/dev/null 2>&1 ||
   ! AS=chen AT='2026-11-02 12:00' sd ledger propose "$N1" --mode phone --fault elec \
	--solution 电话指导复位变频器 >/dev/null 2>&1 ||
   ! AS=chen AT='2026-11-02 15:00' sd ledger item "$N1" 1 done 电话指导复位变频器 >/dev/null 2>&1 ||
   ! AS=chen AT='2026-11-02 15:00' sd ledger clear "$N1" >/dev/null 2>&1 ||
   ! AS=chen AT='2026-11-02 16:00' sd ledger confirm "$N1" --by 李明 --how phone >/dev/null 2>&1 ||
   ! AS=chen AT='2026-11-03 10:00' sd ledger close "$N1" >/dev/null 2>&1 ||
   ! AT='2026-11-10 15:00' sd complaint add --customer 苏州电气集团有限公司 --class quality \
	--description 轴承使用一周即异响 >/dev/null 2>&1; then
	echo "Bail out! could not set up the data with the command line"
	exit 1
fi
nov_closed=1
nov_complaints=1
# carried over at November's end: everything received, less what was closed
nov_carried=$((oct_n + nov_n - nov_closed))
# the complaint rate, complaints / requests received, as a percentage with two decimals
nov_rate=$(awk -v c=$nov_complaints -v r=$nov_n 'BEGIN { printf "%.2f%%", c * 100 / r }')

# ---------------------------------------------------------------- helpers
# the Summary tab: F6 until its title shows
to_summary() {
	i=0
	while [ $i -lt 12 ]; do
		keys F6
		sleep 0.2
		cap | grep -q 'Monthly summary 20' && return 0
		i=$((i + 1))
	done
	return 1
}
# scroll (Tab-free: the pane scrolls itself) until the screen matches $1
scroll_to() {
	keys Home
	i=0
	while [ $i -lt 150 ]; do
		if cap | grep -Eq -- "$1"; then
			return 0
		fi
		keys Down
		sleep 0.05
		i=$((i + 1))
	done
	echo "# not found scrolling: $1" >&2
	cap | sed 's/^/# | /' >&2
	return 1
}
# the value of a figure line: the last field of the first line starting with label $1
figure() { cap | grep -E "^ $1 " | head -n 1 | awk '{ print $NF }'; }
is_figure() { # label, expected
	v=$(figure "$1")
	[ "$v" = "$2" ] || { echo "# $1: shown '$v', expected '$2'" >&2; return 1; }
}
# a bar chart line: the number of bar cells and the number after the bar
bar_len() { cap | grep -E "^ $1 " | head -n 1 | sed 's/[^█#]//g' | tr -d '\n' | wc -m; }
bar_num() { cap | grep -E "^ $1 " | head -n 1 | awk '{ print $NF }'; }

# ---------------------------------------------------------------- the month
start_desk boss
wait_for 'Requests' >/dev/null
check "the Summary tab opens on the current month" to_summary
check "its title names the month (2026-11, so far)" wait_for 'Monthly summary 2026-11 \(so far\)'
# eight tabs do not fit 80 columns with the program's name: the tab line
# drops the name and keeps the current tab in view
t_tabline() { cap | head -n 1 | grep -Eq ' Summary( |$)' && ! cap | head -n 1 | grep -q '^servdesk'; }
check "at 80 columns the tab line still shows the Summary tab" t_tabline

t_nov() {
	is_figure 'Received in the month' "$nov_n" &&
	is_figure 'Closed in the month' "$nov_closed" &&
	is_figure "Still open at the month's end \\(carried over\\)" "$nov_carried"
}
check "received $nov_n, closed $nov_closed, carried over $nov_carried (counted by hand)" t_nov
t_cli() {
	sd report monthly 2026-11 --format json > "$TMPD/nov.json" 2>/dev/null &&
	grep -q "\"received\":$(figure 'Received in the month')[,}]" "$TMPD/nov.json" &&
	grep -q "\"carried_over\":$(figure "Still open at the month's end \\(carried over\\)")[,}]" "$TMPD/nov.json"
}
check "the same figures as report monthly --format json" t_cli
t_channels() {
	bar_num fax | grep -qx "$nov_fax" && bar_num phone | grep -qx "$nov_phone" &&
	bar_num letter | grep -qx "$nov_letter" && bar_num e-mail | grep -qx "$nov_email" &&
	bar_num visit | grep -qx "$nov_visit"
}
check "received by channel: fax $nov_fax, phone $nov_phone, letter $nov_letter, e-mail $nov_email" t_channels
t_bars() {
	p=$(bar_len phone) f=$(bar_len fax) e=$(bar_len e-mail) l=$(bar_len letter)
	echo "# bars: phone $p, fax $f, e-mail $e, letter $l" >&2
	[ "$p" -gt "$f" ] && [ "$p" -gt "$e" ] && [ "$f" -eq "$e" ] && [ "$f" -gt 0 ] && [ "$l" -eq 0 ]
}
check "the channel with most requests (phone) has the longest bar; zero has none" t_bars
t_scale() { # bar lengths proportional to the values (rounded): 3 : 1
	p=$(bar_len phone) f=$(bar_len fax)
	[ $((f * 3 - p)) -le 3 ] && [ $((p - f * 3)) -le 3 ]
}
check "bar lengths in proportion to the values" t_scale
# the widest line of the screen in display cells (CJK = 2)
widest() { cap | wc -L; }
t_fit80() { [ "$(widest)" -le 80 ] && cap | grep -Eq "^ phone .* $nov_phone\$"; }
check "at 80x24 the longest bar and its number stay inside the pane" t_fit80

check "the missed respond commitment is marked (0.0%✗)" scroll_to '^ respond +1 +3:00 +3:00 +0\.0%✗'
# below the table and its bars of the shares, the legend
check "with a line saying what the mark means" scroll_to '^ ✗ a commitment was missed'
scroll_to '^ respond +1 +3:00' >/dev/null
# (looked at again for up to 3 s: a loaded machine may capture a redraw half done)
t_attr() {
	_i=0
	while [ $_i -lt 30 ]; do
		T capture-pane -e -p -t desk | grep -E ' respond ' | grep -q "$(printf '\033')\\[[0-9;]*m *0\\.0%✗" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
check "the marked share has its own attribute (error style)" t_attr
t_cleared() { scroll_to '^ cleared +1 .* 100\.0% +100\.0%'; }
check "a commitment met is not marked (cleared 100.0%)" t_cleared
check "the engineer's bars (陈工, handled and closed)" scroll_to '^ 陈工 █+ 1$'
check "common problems: the fault category of the solution" scroll_to '^ (电气故障|elec[^ ]*|electrical[^ ]*) +█+ 1$'
t_compl() {
	scroll_to 'Complaint rate due by' &&
	is_figure 'Complaints received in the month' "$nov_complaints" &&
	is_figure 'Complaint rate \(complaints / requests received\)' "$nov_rate"
}
check "complaints $nov_complaints and the rate $nov_rate" t_compl
# a warranty ending on 2026-12-31 and a contract on 2027-01-31: two within 90 days of 2026-11-20
sd customer add 北京华电科技有限公司 >/dev/null 2>&1
sd equipment add SUM-1 --customer 北京华电科技有限公司 --commissioned 2025-12-31 >/dev/null 2>&1
sd contract add 北京华电科技有限公司 --from 2026-02-01 --to 2027-01-31 >/dev/null 2>&1
keys r
nov_ending=$(sd equipment expiring --within 90 --format csv 2>/dev/null | tr -d '\r' | grep -c '^[0-9]')
t_ending() {
	scroll_to 'Complaint rate due by' || return 1
	j=0
	while [ $j -lt 150 ] && ! cap | grep -q 'Warranties and contracts ending in 90 days'; do
		keys Down
		sleep 0.05
		j=$((j + 1))
	done
	is_figure 'Warranties and contracts ending in 90 days' "$nov_ending"
}
check "warranties and contracts ending in 90 days: $nov_ending, as equipment expiring lists them" t_ending

# ---------------------------------------------------------------- months
keys Home
keys Left
t_oct() {
	wait_for 'Monthly summary 2026-10' && ! cap | grep -q 'so far' &&
	is_figure 'Received in the month' "$oct_n" &&
	bar_num letter | grep -qx "$oct_letter" && bar_num phone | grep -qx "$oct_phone" &&
	[ "$(bar_len letter)" -gt "$(bar_len visit)" ] && [ "$(bar_len phone)" -eq 0 ]
}
check "Left: the month before (2026-10: $oct_n received, letter longest)" t_oct
keys Right
t_back() { wait_for 'Monthly summary 2026-11' && is_figure 'Received in the month' "$nov_n"; }
check "Right: back to 2026-11" t_back
keys g
wait_for 'Month \(YYYY-MM\)' >/dev/null
keys C-u
text '2026-13'
keys Enter
check "g with an invalid month is refused" wait_for "invalid month '2026-13'"
keys g
wait_for 'Month \(YYYY-MM\)' >/dev/null
keys C-u
text '2026-10'
keys Enter
t_goto() { wait_for 'Monthly summary 2026-10' && is_figure 'Received in the month' "$oct_n"; }
check "g 2026-10 goes to that month" t_goto
keys ']'
wait_for 'Monthly summary 2026-11' >/dev/null

# ---------------------------------------------------------------- kept, recomputed
AS=op1 sd request add --channel phone --customer ACME --requester Bob --phone 13800138003 \
	--item 'noise' --received '2026-11-07 09:00' >/dev/null 2>&1
nov_n=$((nov_n + 1))
sleep 0.3
t_kept() { wait_for 'Monthly summary 2026-11' && is_figure 'Received in the month' $((nov_n - 1)); }
check "the figures are kept while the tab is shown" t_kept
keys r
t_r() { wait_for "^ Received in the month +$nov_n\$"; }
check "r computes them again ($nov_n received)" t_r
AS=op1 sd request add --channel fax --customer ACME --requester Bob --phone 13800138003 \
	--item 'smoke' --received '2026-11-08 09:00' >/dev/null 2>&1
nov_n=$((nov_n + 1))
keys F6
wait_for 'Reg\. no\.' >/dev/null
to_summary >/dev/null
t_tab() { wait_for "^ Received in the month +$nov_n\$"; }
check "coming back to the tab computes them again ($nov_n received)" t_tab

# ---------------------------------------------------------------- printing
if command -v sqlite3 >/dev/null 2>&1; then
	{
		echo '#!/bin/sh'
		echo "cat > \"$TMPD/printed\""
	} > "$TMPD/lp.sh"
	chmod +x "$TMPD/lp.sh"
	sqlite3 "$DB" "INSERT INTO setting(key, value) VALUES('print_command', '$TMPD/lp.sh')"
	keys p
	check "p prints and says so on the status line" wait_for 'Printed the summary of 2026-11 \([0-9]+ pages?\)'
	# the printer gets what report monthly --print sends: the PDF, never text for its text filter
	t_printed() {
		said=$(cap | sed -n 's/.*Printed the summary of 2026-11 (\([0-9]*\) page.*/\1/p' | head -n 1)
		sd report monthly 2026-11 --format pdf -o "$TMPD/cli.pdf" 2>/dev/null &&
		[ "$(head -c 5 "$TMPD/printed")" = '%PDF-' ] &&
		pdftotext -layout "$TMPD/printed" "$TMPD/printed.txt" &&
		pdftotext -layout "$TMPD/cli.pdf" "$TMPD/cli.txt" &&
		grep -q 'Received in the month' "$TMPD/printed.txt" &&
		cmp -s "$TMPD/printed.txt" "$TMPD/cli.txt" &&
		pdfinfo "$TMPD/printed" | grep -Eq "^Pages: +$said\$"
	}
	if command -v pdftotext >/dev/null 2>&1; then
		check "what was printed is the PDF of report monthly 2026-11 --print, its pages as said" t_printed
	else
		skip "pdftotext not installed"
	fi
	# a failing print command that talks, on both outputs, with an escape
	# sequence that would clear the screen: none of it reaches the terminal
	# but its last line, made harmless, at the end of the message
	{
		echo '#!/bin/sh'
		echo 'cat >/dev/null'
		echo 'echo "request id is nothing"'
		echo 'printf "\033[2J\033[Hprinter on fire\n" >&2'
		echo 'exit 3'
	} > "$TMPD/lpfail.sh"
	chmod +x "$TMPD/lpfail.sh"
	sqlite3 "$DB" "UPDATE setting SET value = '$TMPD/lpfail.sh' WHERE key = 'print_command'"
	T resize-window -t desk -x 250 -y 30	# room for the whole message
	sleep 0.3
	keys p
	t_failed() {
		wait_for "lpfail.sh' failed \\(exit status 3\\): \\^\\[\\[2J\\^\\[\\[Hprinter on fire" &&
		! cap | grep -q 'request id is nothing' &&
		cap | grep -q 'Monthly summary'
	}
	check "a failing print command: the reason, and its last words made harmless, on the status line; the screen intact" \
		t_failed
else
	skip "sqlite3 not installed"
	skip "sqlite3 not installed"
	skip "sqlite3 not installed"
fi

# ---------------------------------------------------------------- sizes
T resize-window -t desk -x 40 -y 10
t_resize1() { sleep 0.3; alive && wait_for 'Monthly summary'; }
check "resize to 40x10" t_resize1
T resize-window -t desk -x 200 -y 60
t_wide() {
	wait_for "^ phone +█+ [0-9]+\$" && alive &&
	[ "$(bar_len phone)" -gt 100 ] &&
	[ "$(widest)" -le 200 ]
}
check "resize to 200x60: the bars follow the width, inside the pane" t_wide
T resize-window -t desk -x 20 -y 5
t_small() { wait_for 'too small' && alive; }
check "resize to 20x5 (too small)" t_small
T resize-window -t desk -x 80 -y 24
t_resize3() { wait_for 'Monthly summary 2026-11' && alive; }
check "back to 80x24" t_resize3
keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- not on the staff list
start_desk nobody
t_refused() {
	i=0
	while [ $i -lt 50 ] && [ ! -s "$TMPD/exit" ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat "$TMPD/exit" 2>/dev/null)" = 77 ]
}
check "someone not on the staff list gets no desk, so no figures (77)" t_refused
next_server

# ---------------------------------------------------------------- GB18030
zh_locale GB18030
GBLOC=$LOC
if [ -z "$GBLOC" ]; then
	skip "no zh_CN.GB18030 locale"
	skip "no zh_CN.GB18030 locale"
elif [ ! -x "$PTYRUN" ]; then
	skip "ptyrun not built"
	skip "ptyrun not built"
else
	set -- -e "LC_ALL=$GBLOC" -e TERM=xterm -e SERVDESK_USER=boss -e "TZ=$TZ" \
		-e "SERVDESK_NOW=$NOW" -e SERVDESK_LOCALEDIR=/nonexistent
	[ -n "$LOCDIR" ] && set -- "$@" -e "LOCPATH=$LOCDIR"
	# F6 seven times (the eighth tab), then the month before
	"$PTYRUN" -s 80x24 -o "$TMPD/gb.out" -t 15 "$@" -w F10 -p 300 \
		-k '\e[17~\e[17~\e[17~\e[17~\e[17~\e[17~\e[17~' -w 'summary' \
		-k '[' -p 500 -k q -- "$SERVDESK" --db "$DB"
	rc=$?
	check "desk under $GBLOC shows the summary and quits with status 0 (ptyrun)" [ "$rc" = 0 ]
	# the full block in GB18030 is A8 80; its UTF-8 form E2 96 88 must not appear
	t_gb() {
		LC_ALL=C grep -q "$(printf '\250\200')" "$TMPD/gb.out" &&
		! LC_ALL=C grep -q "$(printf '\342\226\210')" "$TMPD/gb.out"
	}
	check "the bars are drawn with the GB18030 full block" t_gb
fi

desk_end
