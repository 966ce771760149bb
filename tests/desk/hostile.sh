#!/bin/sh
# Desk test: hostile text in every pane (TAP). Requests, a complaint, a
# customer, a part, follow-up visits (outcome, comments, cancel reason, the
# visits' customer), a staff member's name and audit rows hold (written with
# sqlite3, since every field refuses them on input) escape
# sequences (ESC [ 2 J, OSC 52 clipboard, OSC 0 title, C1 CSI U+009B,
# backspaces, CR, U+202E, zero-width characters). The desk shows each
# register in a private tmux server — the Visits tab as a list of every
# visit, the selected visit's detail, the month calendar; the Summary tab
# down to the requests by customer — and the H history of a request, a visit
# and a staff member; the screen must stay
# intact (the tab line in place, nothing cleared), the window title and the
# clipboard untouched; and the bytes the desk writes (recorded by tmux, and
# in a pseudo-terminal by ptyrun) hold no OSC sequence and no C1 control.
#
# Environment: SERVDESK, PTYRUN, top_srcdir, TZ.

SERVDESK=${SERVDESK:-src/servdesk}
PTYRUN=${PTYRUN:-tests/ptyrun}
TZ=${TZ:-Asia/Shanghai}
export TZ
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE SERVDESK_DB

PLAN=30
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check() { # description, then a command
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

echo "1..$PLAN"

if ! command -v tmux >/dev/null 2>&1; then
	while [ $n -lt $PLAN ]; do skip "tmux not installed"; done
	exit 0
fi

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-hostile.XXXXXX") || exit 99
SOCK="servdesk-hostile-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1; rm -rf "$TMPD"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

DB="$TMPD/hostile.db"
SERVDESK_USER=tester
SERVDESK_NOW='2026-11-20 08:00'
export SERVDESK_USER SERVDESK_NOW
sd() { "$SERVDESK" --db "$DB" "$@"; }

CLS=$(printf '\033[2J')
OSC52=$(printf '\033]52;c;cm0gLXJmIH4K\007')
TITLE=$(printf '\033]0;pwned\007')
CSI1=$(printf '\302\23331m')
BS=$(printf '\010\010')
RLO=$(printf '\342\200\256')
ZW=$(printf '\342\200\213\342\200\215')
H1="恶意${CLS}${TITLE}${CSI1}${BS}${RLO}反转${ZW}零宽"
HM="喷砂机${OSC52}不出砂$(printf '\r')覆盖${CLS}${CSI1}${RLO}右到左${ZW}"
HZ="恶意反转${ZW}零宽"

# ---------------------------------------------------------------- data
# Every field refuses control and bidi characters on the way in, so the
# records are made with plain text and the hostile text is written straight
# into the database with sqlite3, as data from elsewhere would be.
setup() {
	sd init >/dev/null 2>&1 || return 1
	sd staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1 || return 1
	{
		echo "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1"
		printf '2026-11-02 08:47,传真,恶意客户,恶意,0512-58639752,P1,喷砂机不出砂\n'
	} >"$TMPD/plain.csv"
	sd import requests "$TMPD/plain.csv" >/dev/null 2>&1 || return 1
	R=$(sd request list --format csv 2>/dev/null | grep -o '^[0-9]\{6\}-[0-9]\{4\}' | head -n 1)
	sd request hand "$R" --to zhangwei >/dev/null 2>&1 &&
	sd ledger take "$R" >/dev/null 2>&1 &&
	sd ledger assign "$R" --engineer zhangwei >/dev/null 2>&1 &&
	sd ledger propose "$R" --mode phone --solution 喷砂机调整 >/dev/null 2>&1 &&
	sd complaint add --customer 恶意客户 --class quality --description 喷砂机 >/dev/null 2>&1 &&
	sd customer add "${HZ}户" --address "$HZ" >/dev/null 2>&1 &&
	sd stock part HX-1 --name "${HZ}件" --spec "$HZ" --unit 个 >/dev/null 2>&1 || return 1
	# visits: one done, one cancelled, one missed, one assigned to the
	# engineer whose name holds the escapes
	sd customer add 访客户 >/dev/null 2>&1 &&
	sd equipment add HX-EQ-1 --customer 访客户 --delivered 2026-10-31 \
		--commissioned 2026-11-02 >/dev/null 2>&1 &&
	sd visit plan >/dev/null 2>&1 &&
	sd staff add evil --name 恶意 --role engineer >/dev/null 2>&1 || return 1
	sd visit list --all --format csv >"$TMPD/visits.csv" 2>/dev/null || return 1
	V1=$(sed -n 2p "$TMPD/visits.csv" | cut -d, -f1)
	V2=$(sed -n 3p "$TMPD/visits.csv" | cut -d, -f1)
	V3=$(sed -n 4p "$TMPD/visits.csv" | cut -d, -f1)
	V4=$(sed -n 5p "$TMPD/visits.csv" | cut -d, -f1)
	sd visit done "$V1" --satisfaction 2 --note "${HZ}结果" --comments "${HZ}意见" >/dev/null 2>&1 &&
	sd visit cancel "$V2" --reason "${HZ}取消" >/dev/null 2>&1 &&
	sd visit miss "$V3" --note "${HZ}未接通" >/dev/null 2>&1 &&
	sd visit assign "$V4" evil >/dev/null 2>&1 || return 1
	# the hostile text, and audit rows: one whose values decode to escapes,
	# one with the raw bytes
	sqlite3 "$DB" "UPDATE customer SET address = '$H1', contact = '$H1' WHERE name = '${HZ}户';
		UPDATE part SET spec = '$H1', location = '$H1' WHERE part_no = 'HX-1';
		UPDATE request SET customer = '${H1}客户', requester = '$H1' WHERE regno = '$R';
		UPDATE request_item SET text = '$HM' WHERE request_id = (SELECT id FROM request WHERE regno = '$R');
		UPDATE ledger SET solution = '$HM' WHERE request_id = (SELECT id FROM request WHERE regno = '$R');
		UPDATE complaint SET customer = '${H1}客户', description = '$HM';
		UPDATE staff SET name = '$H1' WHERE login = 'evil';
		UPDATE visit SET outcome = '$HM', comments = '$H1' WHERE id = $V1;
		UPDATE visit SET cancel_reason = '$H1' WHERE id = $V2;
		UPDATE visit SET outcome = '$H1' WHERE id = $V3;
		UPDATE customer SET name = '${H1}访客' WHERE name = '访客户';
		INSERT INTO audit (at, who, tbl, rowkey, action, old, new) VALUES
		  ('2026-11-20 09:00', 'tester', 'visit', '$V1', 'update',
		   '{\"outcome\":\"\\u001b]0;pwned\\u0007\\u009b31m喷砂机\"}',
		   '{\"outcome\":\"\\u001b[2J\\u001b]52;c;cm0gLXJmIH4K\\u0007恶意\"}'),
		  ('2026-11-20 09:30', '$H1', 'visit', '$V1', '$H1', '$HM', '$H1'),
		  ('2026-11-20 09:40', '$H1', 'request', '$R', 'update', '$HM', '$H1'),
		  ('2026-11-20 09:50', '$H1', 'staff', 'evil', 'update', '$HM', '$H1');" || return 1
	return 0
}
if ! command -v sqlite3 >/dev/null 2>&1; then
	while [ $n -lt $PLAN ]; do skip "sqlite3 not installed (it plants the hostile text)"; done
	exit 0
fi
if ! setup; then
	echo "Bail out! could not set up the hostile data with the command line and sqlite3"
	exit 1
fi

# ---------------------------------------------------------------- helpers
cap() { T capture-pane -p -t desk 2>/dev/null; }
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		if cap | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out waiting for: $1" >&2
	cap | sed 's/^/# | /' >&2
	return 1
}
keys() { T send-keys -t desk "$@"; }
alive() { [ "$(T display-message -p -t desk '#{pane_dead}' 2>/dev/null)" = 0 ]; }
# the screen is intact: the tab line on the first row, the key bar on the last
intact() {
	cap >"$TMPD/screen"
	head -n 1 "$TMPD/screen" | grep -q 'Requests.*Ledger.*Customers.*Complaints.*Stock' &&
	[ "$(grep -c . "$TMPD/screen")" -ge 10 ] &&
	tail -n 1 "$TMPD/screen" | grep -q 'Quit'
}
# the hostile record is on the screen, its escapes shown as text
shown() {
	grep -q '恶意\|喷砂机' "$TMPD/screen" && grep -q '\^\[' "$TMPD/screen"
}
no_rlo() {
	! grep -q "$RLO" "$TMPD/screen"
}
# the history view is intact: the tab line, its title, its key bar
hist_intact() {
	cap >"$TMPD/screen"
	head -n 1 "$TMPD/screen" | grep -q 'Requests.*Ledger.*Customers.*Complaints.*Stock' &&
	sed -n 2p "$TMPD/screen" | grep -q "^History of $1" &&
	tail -n 1 "$TMPD/screen" | grep -q 'Close'
}
# to_tab NAME: F6 until the tab's key bar is shown (whatever tabs come between)
tab_mark() {
	case $1 in
	Requests) echo 'F8Void' ;;
	Ledger) echo 'xExplain' ;;
	Customers) echo 'wWarranty' ;;
	Complaints) echo 'F8Close out' ;;
	Stock) echo 'lLow' ;;
	Visits) echo 'F5Month view' ;;
	Staff) echo 'F8Deactivate' ;;
	Summary) echo 'gMonth' ;;
	esac
}
to_tab() {
	m=$(tab_mark "$1")
	i=0
	while [ $i -lt 12 ]; do
		sleep 0.2
		cap | tail -n 1 | grep -Fq -- "$m" && return 0
		keys F6
		i=$((i + 1))
	done
	echo "# could not reach the $1 tab" >&2
	return 1
}
# look NAME: the screen intact and the record shown harmlessly
look() {
	sleep 0.3
	if intact && shown; then
		ok "$1: the screen is intact and shows the record harmlessly"
	else
		not_ok "$1: the screen is intact and shows the record harmlessly"
		sed 's/^/# | /' "$TMPD/screen"
	fi
	[ -n "${DESK_DEBUG:-}" ] && sed 's/^/# | /' "$TMPD/screen"
	check "$1: no bidi override on the screen" no_rlo
}
# look_history RECORD NAME: H on the selected record, the view intact and
# harmless, Esc back
look_history() {
	keys H
	sleep 0.4
	if hist_intact "$1" && shown; then
		ok "$2: the history view is intact and shows the changes harmlessly"
	else
		not_ok "$2: the history view is intact and shows the changes harmlessly"
		sed 's/^/# | /' "$TMPD/screen"
	fi
	[ -n "${DESK_DEBUG:-}" ] && sed 's/^/# | /' "$TMPD/screen"
	keys Escape
}
untouched() {
	[ "$(T display-message -p -t desk '#{pane_title}' 2>/dev/null)" != pwned ] &&
	[ -z "$(T list-buffers 2>/dev/null)" ]
}

# ---------------------------------------------------------------- tmux
T new-session -d -s desk -x 120 -y 36 \
	"env LC_ALL=C.UTF-8 TZ=$TZ SERVDESK_USER=tester SERVDESK_NOW='$SERVDESK_NOW' TERM=tmux-256color \"$SERVDESK\" --db \"$DB\""
T set-option -t desk remain-on-exit on >/dev/null 2>&1
# an OSC 52 that reached tmux would land in a paste buffer
T set-option -g set-clipboard on >/dev/null 2>&1
# every byte the desk writes
T pipe-pane -o -t desk "cat >>'$TMPD/tmux-bytes'" >/dev/null 2>&1
wait_for 'Requests' >/dev/null

for tab in Requests Ledger Customers Complaints Stock Visits Staff Summary; do
	to_tab "$tab" >/dev/null
	case $tab in
	Visits) keys A ;;   # every visit, the done one selected
	Summary)   # down to the requests by customer, where the hostile names are
		i=0
		while [ $i -lt 40 ] && ! cap | grep -q '恶意'; do
			keys Down
			sleep 0.05
			i=$((i + 1))
		done
		;;
	esac
	# the detail of the selected row, then look
	look "$tab pane"
	case $tab in
	Requests) look_history 202611- "the request's history" ;;
	Visits)
		look_history "$V1" "the visit's history (audit rows planted)"
		keys Down
		look "Visits pane, the cancelled visit"
		keys c
		wait_for 'November 2026' >/dev/null
		keys g Right Right Right   # today, then the 23rd (the visit done)
		sleep 0.3
		check "Visits pane, the month calendar: the screen is intact" intact
		keys Enter
		look "Visits pane, the visits of a day from the calendar"
		;;
	Staff) look_history evil "the staff member's history" ;;
	esac
done
check "the window title and the clipboard are untouched" untouched
check "the desk is still running" alive
keys q
sleep 0.3
T kill-server >/dev/null 2>&1
if [ -s "$TMPD/tmux-bytes" ]; then
	if LC_ALL=C grep -q "$(printf '\033]')" "$TMPD/tmux-bytes" ||
	   LC_ALL=C grep -q "$(printf '\302\233')" "$TMPD/tmux-bytes" ||
	   ! grep -q '恶意' "$TMPD/tmux-bytes"; then
		not_ok "no OSC sequence and no C1 control in what the desk wrote to tmux"
	else
		ok "no OSC sequence and no C1 control in what the desk wrote to tmux"
	fi
else
	skip "tmux recorded no output (pipe-pane)"
fi

# ---------------------------------------------------------------- bytes
if [ -x "$PTYRUN" ]; then
	F6=$(printf '\\e[17~')
	"$PTYRUN" -s 120x36 -o "$TMPD/bytes" -e LC_ALL=C.UTF-8 -e TERM=xterm -d 300 \
		-k "$F6" -k "$F6" -k "$F6" -k "$F6" -k "$F6" -k "$F6" -k "$F6" -k q -- "$SERVDESK" --db "$DB" >/dev/null 2>&1
	rc=$?
	check "in a pseudo-terminal the desk runs through every pane and quits (exit $rc)" [ "$rc" -eq 0 ]
	# curses writes CSI sequences of its own, never OSC (ESC ]) nor C1 controls
	if LC_ALL=C grep -q "$(printf '\033]')" "$TMPD/bytes" || LC_ALL=C grep -q "$(printf '\302\233')" "$TMPD/bytes"; then
		not_ok "no OSC sequence and no C1 control in what the desk wrote"
	else
		ok "no OSC sequence and no C1 control in what the desk wrote"
	fi
	check "the escaped form was written" grep -q '恶意' "$TMPD/bytes"
else
	skip "ptyrun not built"
	skip "ptyrun not built"
	skip "ptyrun not built"
fi

while [ $n -lt $PLAN ]; do skip "not run"; done
[ $failed -eq 0 ]
