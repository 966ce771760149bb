#!/bin/sh
# Desk test: random keystrokes (TAP). The desk runs in a private tmux server
# on a demo database and gets MONKEY_BURSTS bursts of random keys: letters,
# digits, Chinese text, Enter, Esc, Tab, arrows, F1-F9, PgUp/PgDn, Home/End,
# Backspace, Ctrl-keys (never Ctrl-C, Ctrl-Z or Ctrl-\), pastes of invalid
# UTF-8 bytes, and window resizes (down to 40x10). The quitting keys (q,
# F10, Ctrl-C) are left out; a desk that still exits (status 0) is started
# again and counted. After each burst the desk must be running or have
# exited with status 0; at the end `servdesk check` must be clean.
# Every fourth burst starts in the Visits tab (half of those in its month
# calendar) or the Staff tab, reached with F6 at a normal size, so that the
# keys (the calendar's [ ] Enter and arrows among them) work there too; how
# often each was reached is printed and checked.
#
# The keys come from MONKEY_SEED (default: random; printed so a failure can
# be replayed: MONKEY_SEED=N make check TESTS=tests/desk/monkey.sh).
#
# Environment: SERVDESK, top_srcdir, TZ.

SERVDESK=${SERVDESK:-src/servdesk}
TZ=${TZ:-Asia/Shanghai}
export TZ
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE SERVDESK_DB

# SERVDESK_QUICK (the repeat passes of dev.sh test): fewer bursts
if [ -n "${SERVDESK_QUICK:-}" ]; then MONKEY_BURSTS=${MONKEY_BURSTS:-10}; else MONKEY_BURSTS=${MONKEY_BURSTS:-40}; fi
MONKEY_KEYS=${MONKEY_KEYS:-30}
MONKEY_SEED=${MONKEY_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

PLAN=5
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
echo "# seed $MONKEY_SEED (MONKEY_SEED=$MONKEY_SEED to replay): $MONKEY_BURSTS bursts of $MONKEY_KEYS keys"

if ! command -v tmux >/dev/null 2>&1; then
	while [ $n -lt $PLAN ]; do skip "tmux not installed"; done
	exit 0
fi

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-monkey.XXXXXX") || exit 99
SOCK_BASE="servdesk-monkey-$$"
SOCK=$SOCK_BASE
SOCKS=$SOCK
SOCK_N=0
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { for s in $SOCKS; do tmux -L "$s" -f /dev/null kill-server >/dev/null 2>&1; done; rm -rf "$TMPD"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

DB="$TMPD/monkey.db"
SERVDESK_USER=tester
SERVDESK_NOW='2026-11-20 08:00'
export SERVDESK_USER SERVDESK_NOW
# no printer: a print key must fail harmlessly
if ! "$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1; then
	echo "Bail out! servdesk init --demo failed"
	exit 1
fi
ok "a demo database"

cap() { T capture-pane -p -t desk 2>/dev/null; }
dead() { [ "$(T display-message -p -t desk '#{pane_dead}' 2>/dev/null)" = 1 ]; }

{
	echo '#!/bin/sh'
	echo "\"$SERVDESK\" --db \"$DB\""
	echo "echo \$? > \"$TMPD/exit\""
} >"$TMPD/desk.sh"
chmod +x "$TMPD/desk.sh"

start_desk() {
	rm -f "$TMPD/exit"
	# a server of its own for each desk: one still shutting down could refuse it
	T kill-server >/dev/null 2>&1
	SOCK_N=$((SOCK_N + 1))
	SOCK="$SOCK_BASE-$SOCK_N"
	SOCKS="$SOCKS $SOCK"
	T new-session -d -s desk -x 100 -y 30 \
		"env LC_ALL=C.UTF-8 TZ=$TZ SERVDESK_USER=tester SERVDESK_NOW='$SERVDESK_NOW' TERM=tmux-256color PATH=/nonexistent:/usr/bin:/bin $TMPD/desk.sh"
	T set-option -t desk remain-on-exit on >/dev/null 2>&1
	# every key goes to the desk: no tmux prefix (C-b then [ would put the
	# pane in tmux's copy mode, where the desk sees nothing more)
	T set-option -g prefix None >/dev/null 2>&1
	T set-option -g prefix2 None >/dev/null 2>&1
	i=0
	while [ $i -lt 50 ] && ! cap | grep -q 'Requests'; do
		sleep 0.1
		i=$((i + 1))
	done
}

# The script: one action a line. K KEY (tmux key name), L TEXT (literal),
# H HEX... (raw bytes), R W H (resize), G TAB (go to a tab), B (end of a
# burst).
awk -v seed="$MONKEY_SEED" -v bursts="$MONKEY_BURSTS" -v per="$MONKEY_KEYS" 'BEGIN {
	srand(seed)
	nk = split("Enter Escape Tab BTab Up Down Left Right PPage NPage Home End BSpace DC Space " \
	           "F1 F2 F3 F4 F5 F6 F7 F8 F9 Up Down Enter Escape Tab", named, " ")
	nc = split("a b d e f g h k l n o r s t u v w x y", ctrl, " ")
	nt = split("喷砂机 液压站 张工 北京华电 13800138000 P1 2026-11-20 ,\"", txt, " ")
	letters = "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789/?.-xy[]"
	nb = split("ff|c3 28|e4 b8|ed a0 80|f8 88 80 80 80|c0 af|80|fe ff|1b 5b 32 4a|e2 80 ae", bad, "|")
	for (b = 1; b <= bursts; b++) {
		if (b % 8 == 1) {
			print "G Visits"
			if (rand() < 0.5)
				print "L c"
		} else if (b % 8 == 5)
			print "G Staff"
		for (k = 1; k <= per; k++) {
			r = rand()
			if (r < 0.35)
				printf "L %s\n", substr(letters, int(rand() * length(letters)) + 1, 1)
			else if (r < 0.80)
				printf "K %s\n", named[int(rand() * nk) + 1]
			else if (r < 0.88)
				printf "K C-%s\n", ctrl[int(rand() * nc) + 1]
			else if (r < 0.94)
				printf "L %s\n", txt[int(rand() * nt) + 1]
			else if (r < 0.98)
				printf "H %s\n", bad[int(rand() * nb) + 1]
			else
				printf "R %d %d\n", 40 + int(rand() * 120), 10 + int(rand() * 40)
		}
		print "B"
	}
}' >"$TMPD/script"

# go_tab NAME: at 100x30, out of any form or view (a form with changes is
# discarded, any other question answered no), F6 until the tab's key bar
# shows (the desk started again once if it will not get there); counts the
# tabs reached in $TMPD/reached.
go_tab() {
	case $1 in
	Visits) m='F5Month view' ;;
	Staff) m='F8Deactivate' ;;
	esac
	# twice at most: if the desk will not get there (a state the keys
	# below do not leave), it is started again and F6 goes from Requests
	# (the Inbox tab's key bar says "F8Discard": only the question counts)
	for attempt in 1 2; do
		T resize-window -t desk -x 100 -y 30 >/dev/null 2>&1
		j=0
		: >"$TMPD/screen"
		while [ $j -lt 30 ]; do
			# wait (up to 1.5 s) for the desk to draw the last key: on a
			# loaded machine a redraw can take longer than a fixed pause
			w=0
			while [ $w -lt 15 ]; do
				sleep 0.1
				cap >"$TMPD/screen.new"
				cmp -s "$TMPD/screen.new" "$TMPD/screen" || break
				w=$((w + 1))
			done
			mv "$TMPD/screen.new" "$TMPD/screen"
			if tail -n 1 "$TMPD/screen" | grep -Fq -- "$m"; then
				echo "$1" >>"$TMPD/reached"
				return 0
			elif grep -q 'Discard the changes?' "$TMPD/screen"; then
				k=y
			elif grep -q '(y/n)' "$TMPD/screen"; then
				k=n
			elif [ $((j % 3)) -eq 0 ]; then
				k=Escape
			else
				k=F6
			fi
			T send-keys -t desk "$k" >/dev/null 2>&1
			j=$((j + 1))
		done
		if [ -n "${MONKEY_DEBUG:-}" ]; then
			echo "# $1 not reached (attempt $attempt): pane mode '$(T display-message -p -t desk '#{pane_in_mode} #{pane_mode}' 2>&1)', prefix '$(T show-options -gv prefix 2>&1)'"
			sed 's/^/# | /' "$TMPD/screen"
			ps -eo pid,ppid,stat,wchan:20,etime,args | grep -E '[s]ervdesk|[l]pr|[l]p ' | sed 's/^/# ps /'
		fi
		[ $attempt -eq 1 ] && start_desk
	done
	echo "$1 missed" >>"$TMPD/reached"
	return 0
}

start_desk
: >"$TMPD/reached"
burst=0
restarts=0
crashes=""
sent=0
start=$(date +%s)
while read -r kind a b; do
	case $kind in
	K) T send-keys -t desk "$a" >/dev/null 2>&1; sent=$((sent + 1)) ;;
	L) T send-keys -t desk -l -- "$a" >/dev/null 2>&1; sent=$((sent + 1)) ;;
	H) # shellcheck disable=SC2086
	   T send-keys -t desk -H $a $b >/dev/null 2>&1; sent=$((sent + 1)) ;;
	R) T resize-window -t desk -x "$a" -y "$b" >/dev/null 2>&1 ;;
	G) go_tab "$a" ;;
	B)
		burst=$((burst + 1))
		sleep 0.25
		if dead; then
			st=$(cat "$TMPD/exit" 2>/dev/null)
			if [ "$st" = 0 ]; then
				restarts=$((restarts + 1))
			else
				crashes="$crashes burst$burst:exit${st:-?}"
				cap | sed 's/^/# | /' | head -n 30
			fi
			start_desk
		fi
		;;
	esac
done <"$TMPD/script"
secs=$(($(date +%s) - start))
echo "# $sent keys and pastes in $burst bursts, ${secs}s; clean exits restarted: $restarts"
check "the desk never died (alive or exit 0 after every burst)$crashes" [ -z "$crashes" ]
visits=$(grep -c '^Visits$' "$TMPD/reached")
staff=$(grep -c '^Staff$' "$TMPD/reached")
echo "# bursts started in the Visits tab: $visits, in the Staff tab: $staff (of $(wc -l <"$TMPD/reached") tries)"
if [ "$MONKEY_BURSTS" -lt 5 ]; then
	skip "too few bursts to reach the Visits and Staff tabs"
else
	check "the keys reached the Visits and the Staff tab" [ "$visits" -gt 0 -a "$staff" -gt 0 ]
fi

# afterwards, at a normal size, the desk still draws its screen
T resize-window -t desk -x 100 -y 30 >/dev/null 2>&1
for k in Escape Escape Escape C-l; do T send-keys -t desk "$k"; sleep 0.3; done
if ! dead && cap | head -n 1 | grep -q 'Requests.*Ledger'; then
	ok "afterwards the desk still draws its tab line"
else
	not_ok "afterwards the desk still draws its tab line"
	cap | sed 's/^/# | /'
fi
T kill-server >/dev/null 2>&1
"$SERVDESK" --db "$DB" check >"$TMPD/check" 2>&1
st=$?
[ $st -eq 0 ] || sed 's/^/# /' "$TMPD/check" | head -n 10
check "servdesk check is clean afterwards" [ $st -eq 0 ]

while [ $n -lt $PLAN ]; do skip "not run"; done
[ $failed -eq 0 ]
