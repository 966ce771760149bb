# lib.sh — the harness of servdesk's desk tests (sourced by the scripts in
# tests/desk): TAP results, the desk in a private tmux server (UTF-8), what
# is on its screen, keys typed into it, and zh_CN locales for the tests that
# run it under another charset (through ptyrun).
#
# A script sources this file, sets PLAN (the number of checks) and calls
# desk_begin NAME; the checks then run; desk_end fills the plan with skips
# and gives the exit status. Each desk started after the first runs in a
# tmux server of its own (next_server): a socket still shutting down could
# refuse the next one.
#
# Environment: SERVDESK (the program), PTYRUN (tests/ptyrun), top_srcdir, TZ.

SERVDESK=${SERVDESK:-src/servdesk}
PTYRUN=${PTYRUN:-tests/ptyrun}
top_srcdir=${top_srcdir:-.}
TZ=${TZ:-Asia/Shanghai}
export TZ
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE SERVDESK_DB

# ---------------------------------------------------------------- TAP
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

# Print the plan (1..$PLAN).
desk_plan() { echo "1..$PLAN"; }

# Without tmux: every check skipped, and the script ends here.
desk_need_tmux() {
	if ! command -v tmux >/dev/null 2>&1; then
		while [ $n -lt $PLAN ]; do skip "tmux not installed"; done
		exit 0
	fi
}

# desk_setup NAME: a temporary directory TMPD (removed at exit), the
# database DB in it ($TMPD/NAME.db), and the tmux socket of the first desk.
desk_setup() {
	TMPD=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-$1.XXXXXX") || exit 99
	SOCK_BASE="servdesk-$1-$$"
	SOCK=$SOCK_BASE
	SOCKS=$SOCK
	SOCK_N=0
	DB="$TMPD/$1.db"
	trap cleanup EXIT
	trap 'exit 1' INT TERM
}

# desk_begin NAME: the plan, tmux required, desk_setup NAME.
desk_begin() {
	desk_plan
	desk_need_tmux
	desk_setup "$1"
}

# The checks not run are skipped; the exit status says whether all passed.
desk_end() {
	while [ $n -lt $PLAN ]; do skip "not run"; done
	[ $failed -eq 0 ]
}

# ---------------------------------------------------------------- tmux
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { for s in $SOCKS; do tmux -L "$s" -f /dev/null kill-server >/dev/null 2>&1; done; rm -rf "$TMPD"; }
# End the current server; the next desk gets a server of its own.
next_server() {
	T kill-server >/dev/null 2>&1
	SOCK_N=$((SOCK_N + 1))
	SOCK="$SOCK_BASE-$SOCK_N"
	SOCKS="$SOCKS $SOCK"
}

# The command line on the test's database as $AS (default boss).
sd() { SERVDESK_USER=${AS:-boss} "$SERVDESK" --db "$DB" "$@"; }

# start_desk LOGIN [ENV...]: the desk in session "desk" of the current
# server, DESK_COLS x DESK_ROWS (default 80x24), as LOGIN at $NOW, with the
# further environment ENV; its exit status goes to $TMPD/exit, and the pane
# stays after it ends.
start_desk() {
	who=$1
	shift
	{
		echo '#!/bin/sh'
		echo "\"$SERVDESK\" --db \"$DB\""
		echo "echo \$? > \"$TMPD/exit\""
	} > "$TMPD/desk.sh"
	chmod +x "$TMPD/desk.sh"
	rm -f "$TMPD/exit"
	T new-session -d -s desk -x "${DESK_COLS:-80}" -y "${DESK_ROWS:-24}" \
		"env LC_ALL=C.UTF-8 TZ=$TZ SERVDESK_USER=$who SERVDESK_NOW='$NOW' TERM=tmux-256color $* $TMPD/desk.sh"
	T set-option -t desk remain-on-exit on >/dev/null 2>&1
}
# Has the desk ended with exit status 0 (waits up to 5 s)?
t_quit() {
	i=0
	while [ $i -lt 50 ] && [ ! -s "$TMPD/exit" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$TMPD/exit" ] && [ "$(cat "$TMPD/exit")" = 0 ]
}
# q, then t_quit, and the next desk on a server of its own.
stop_desk() {
	keys q
	t_quit
	quit_rc=$?
	next_server
	return $quit_rc
}

# ---------------------------------------------------------------- the screen
cap() { T capture-pane -p -t desk 2>/dev/null; }
# wait until the screen matches an extended regex (5 s)
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
# wait_count N FUNCTION: until FUNCTION (counting rows on the screen) says N (5 s)
wait_count() {
	i=0
	while [ $i -lt 50 ]; do
		[ "$($2)" -eq "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# expected $1 rows, have $($2)" >&2
	cap | sed 's/^/# | /' >&2
	return 1
}
keys() { T send-keys -t desk "$@"; }
text() { T send-keys -t desk -l -- "$1"; }
alive() { [ "$(T display-message -p -t desk '#{pane_dead}' 2>/dev/null)" = 0 ]; }
# scroll the detail part (Tab enters it) until the screen matches $1, at
# most $2 lines (default 30)
in_detail() {
	keys Tab
	i=0
	while [ $i -lt "${2:-30}" ]; do
		if cap | grep -Eq -- "$1"; then
			keys Tab
			return 0
		fi
		keys Down
		sleep 0.1
		i=$((i + 1))
	done
	keys Tab
	echo "# not in the detail: $1" >&2
	cap | sed 's/^/# | /' >&2
	return 1
}
# an X10 mouse click (button 1 pressed and released) at 0-based row $1, column $2
click() {
	cx=$(printf "\\$(printf %o $((33 + $2)))")
	cy=$(printf "\\$(printf %o $((33 + $1)))")
	text "$(printf '\033[M ')$cx$cy$(printf '\033[M#')$cx$cy"
}

# ---------------------------------------------------------------- locales
# zh_locale CHARSET (UTF-8 or GB18030): a zh_CN locale of that charset in
# LOC, made with localedef under $TMPD/loc (then LOCDIR is that directory,
# for LOCPATH) when the system has none; LOC is empty when none can be had.
zh_locale() {
	LOC=""
	LOCDIR=""
	for l in $(locale -a 2>/dev/null); do
		case $1:$l in
		UTF-8:zh_CN.utf8 | UTF-8:zh_CN.UTF-8 | GB18030:zh_CN.gb18030 | GB18030:zh_CN.GB18030)
			LOC=$l ;;
		esac
	done
	if [ -z "$LOC" ] && command -v localedef >/dev/null 2>&1; then
		mkdir -p "$TMPD/loc"
		if localedef -i zh_CN -f "$1" "$TMPD/loc/zh_CN.$1" >/dev/null 2>&1; then
			LOC=zh_CN.$1
			LOCDIR="$TMPD/loc"
		fi
	fi
}

# zh_desk: the zh_CN catalogue built from po/zh_CN.po under $TMPD/mo and a
# zh_CN.UTF-8 locale (zh_locale); sets ZH to the environment a Chinese desk
# runs with (for start_desk) and returns 0, or sets ZH_WHY to why it cannot
# and returns 1.
zh_desk() {
	mkdir -p "$TMPD/mo/zh_CN/LC_MESSAGES"
	zh_locale UTF-8
	if ! command -v msgfmt >/dev/null 2>&1 ||
	   ! msgfmt -o "$TMPD/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
		ZH_WHY="msgfmt missing or failed"
		return 1
	fi
	if [ -z "$LOC" ]; then
		ZH_WHY="no zh_CN.UTF-8 locale"
		return 1
	fi
	ZH="LC_ALL=$LOC SERVDESK_LOCALEDIR=$TMPD/mo"
	[ -n "$LOCDIR" ] && ZH="$ZH LOCPATH=$LOCDIR"
	return 0
}

# to_tab REGEX: F6 from tab to tab until the screen (the key bar included)
# matches REGEX; then as wait_for.
to_tab() {
	i=0
	while [ $i -lt 16 ]; do
		cap | grep -Eq -- "$1" && return 0
		keys F6
		sleep 0.3
		i=$((i + 1))
	done
	wait_for "$1"
}
