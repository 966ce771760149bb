#!/bin/sh
# Desk test: hostile text in every pane (TAP). Requests, a complaint, a
# customer and a part hold escape sequences (ESC [ 2 J, OSC 52 clipboard,
# OSC 0 title, C1 CSI U+009B, backspaces, CR, U+202E, zero-width
# characters). The desk shows each register in a private tmux server; the
# screen must stay intact (the tab line in place, nothing cleared), the
# window title and the clipboard untouched; and in a pseudo-terminal
# (ptyrun) the bytes the desk writes hold no OSC sequence and no C1 control.
#
# Environment: SERVDESK, PTYRUN, top_srcdir, TZ.

SERVDESK=${SERVDESK:-src/servdesk}
PTYRUN=${PTYRUN:-tests/ptyrun}
TZ=${TZ:-Asia/Shanghai}
export TZ
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE SERVDESK_DB

PLAN=15
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
HB="恶意${RLO}反转${ZW}零宽"

# ---------------------------------------------------------------- data
setup() {
	sd init >/dev/null 2>&1 || return 1
	sd staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1 || return 1
	{
		echo "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1"
		printf '2026-11-02 08:47,传真,"%s客户","%s",0512-58639752,P1,"%s"\n' "$H1" "$H1" "$HM"
	} >"$TMPD/hostile.csv"
	sd import requests "$TMPD/hostile.csv" >/dev/null 2>&1 || return 1
	R=$(sd request list --format csv 2>/dev/null | grep -o '^[0-9]\{6\}-[0-9]\{4\}' | head -n 1)
	sd request hand "$R" --to zhangwei >/dev/null 2>&1 &&
	sd ledger take "$R" >/dev/null 2>&1 &&
	sd ledger assign "$R" --engineer zhangwei >/dev/null 2>&1 &&
	sd ledger propose "$R" --mode phone --solution "$HM" >/dev/null 2>&1 &&
	sd complaint add --customer "${H1}客户" --class quality --description "$HM" >/dev/null 2>&1 &&
	sd customer add "${HB}户" --address "$HB" >/dev/null 2>&1 &&
	sd stock part HX-1 --name "${HB}件" --spec "$HB" --unit 个 >/dev/null 2>&1 || return 1
	if command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 "$DB" "UPDATE customer SET address = '$H1', contact = '$H1' WHERE name = '${HB}户';
			UPDATE part SET spec = '$H1', location = '$H1' WHERE part_no = 'HX-1';" || return 1
	fi
	return 0
}
if ! setup; then
	echo "Bail out! could not set up the hostile data with the command line"
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
# the hostile record is on the screen, its escapes shown as text (without
# sqlite3, customers and parts hold no escapes)
shown() {
	grep -q '恶意\|喷砂机' "$TMPD/screen" &&
	{ grep -q '\^\[' "$TMPD/screen" || ! command -v sqlite3 >/dev/null 2>&1; }
}
no_rlo() {
	! grep -q "$RLO" "$TMPD/screen"
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
wait_for 'Requests' >/dev/null

for tab in Requests Ledger Customers Complaints Stock; do
	# the detail of the selected row, then look
	sleep 0.3
	if intact && shown; then
		ok "$tab pane: the screen is intact and shows the record harmlessly"
	else
		not_ok "$tab pane: the screen is intact and shows the record harmlessly"
		sed 's/^/# | /' "$TMPD/screen"
	fi
	[ -n "${DESK_DEBUG:-}" ] && sed 's/^/# | /' "$TMPD/screen"
	check "$tab pane: no bidi override on the screen" no_rlo
	keys F6
done
check "the window title and the clipboard are untouched" untouched
check "the desk is still running" alive
keys q
T kill-server >/dev/null 2>&1

# ---------------------------------------------------------------- bytes
if [ -x "$PTYRUN" ]; then
	F6=$(printf '\\e[17~')
	"$PTYRUN" -s 120x36 -o "$TMPD/bytes" -e LC_ALL=C.UTF-8 -e TERM=xterm -d 300 \
		-k "$F6" -k "$F6" -k "$F6" -k "$F6" -k "$F6" -k q -- "$SERVDESK" --db "$DB" >/dev/null 2>&1
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
