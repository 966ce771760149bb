#!/bin/sh
# Desk test of colour: finished rows are quiet, red is kept for what needs
# action. On the Ledger tab a closed entry is drawn grey (256 colours) or in
# the terminal's colour dimmed (8 colours), never red, while the overdue mark
# of an open entry is red. tmux keeps the escape sequences with
# `capture-pane -e`. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=7
desk_begin colour

NOW='2026-11-20 15:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
# R1: worked through to closed on 19 November
R1=$(SERVDESK_NOW='2026-11-19 09:00' sd request add --channel phone --customer 北京华电科技有限公司 \
	--requester 王工 --phone 13800138001 --item 控制柜报警无法复位 2>/dev/null)
# R2: P1 received this morning, not answered: overdue
R2=$(SERVDESK_NOW='2026-11-20 09:00' sd request add --channel phone --customer 上海宝钢设备维修中心 \
	--requester 李明 --phone 13800138002 --item 液压站压力不稳 --priority P1 2>/dev/null)
if [ -z "$R1" ] || [ -z "$R2" ]; then
	echo "Bail out! could not add requests with the command line"
	exit 1
fi
(
	export SERVDESK_NOW='2026-11-19 09:50'
	sd request hand "$R1" --to chen && sd ledger take "$R1" && sd ledger assign "$R1" --engineer chen &&
	sd ledger propose "$R1" --mode remote --solution 远程复位 --at '2026-11-19 09:20' &&
	sd ledger item "$R1" 1 done 远程复位 &&
	sd ledger clear "$R1" --at '2026-11-19 09:30' &&
	sd ledger confirm "$R1" --by 王工 --how phone --at '2026-11-19 09:40' &&
	sd ledger close "$R1"
) >/dev/null 2>&1 || { echo "Bail out! could not close $R1"; exit 1; }
sd request hand "$R2" --to chen >/dev/null 2>&1
sd ledger take "$R2" >/dev/null 2>&1
# R3: a question received at 14:00, the newest: the row selected (first)
R3=$(SERVDESK_NOW='2026-11-20 14:00' sd request add --channel phone --customer 上海宝钢设备维修中心 \
	--requester 李明 --phone 13800138002 --item 操作手册在哪里下载 --priority P4 2>/dev/null)
sd request hand "$R3" --to chen >/dev/null 2>&1
sd ledger take "$R3" >/dev/null 2>&1

# ---------------------------------------------------------------- helpers
# the screen with its escape sequences
cape() { T capture-pane -e -p -t desk 2>/dev/null; }
# row REGNO: the screen line of that entry, escape sequences kept
row() { cape | grep -a -- " $1 " | head -n 1; }
ESC=$(printf '\033')
# a red foreground: 31, 91 or colour 1 / 9 of 256 (as a parameter of any SGR)
RED="$ESC\\[([0-9;]*;)?(31|91|38;5;(1|9))(;[0-9;]*)?m"
has_red() { printf '%s\n' "$1" | grep -Eq -- "$RED"; }
# the row selected is drawn reversed: move the selection off the rows checked
to_ledger() {
	keys F6
	wait_for " $R1 " >/dev/null
}

# ---------------------------------------------------------------- 256 colours
start_desk boss
to_ledger
wait_for " $R2 " >/dev/null
keys g
# the newest (R3) is selected; R2 and R1 are drawn as they are
wait_for "Register no\\. +$R3" >/dev/null
r1=$(row "$R1")
r2=$(row "$R2")
check "256 colours: the closed entry's row is on the screen" [ -n "$r1" ]
check "256 colours: the closed entry is not red" eval '! has_red "$r1"'
check "256 colours: the closed entry is grey (colour 244)" \
	eval 'printf "%s\n" "$r1" | grep -q -- "38;5;244"'
check "256 colours: the overdue mark is red" has_red "$r2"
stop_desk >/dev/null

# ---------------------------------------------------------------- 8 colours
start_desk boss TERM=screen
to_ledger
wait_for " $R2 " >/dev/null
keys g
wait_for "Register no\\. +$R3" >/dev/null
r1=$(row "$R1")
r2=$(row "$R2")
check "8 colours: the closed entry is not red" eval '[ -n "$r1" ] && ! has_red "$r1"'
check "8 colours: the closed entry is dimmed" \
	eval 'printf "%s\n" "$r1" | grep -Eq -- "$ESC\\[([0-9;]*;)?2(;[0-9;]*)?m"'
check "8 colours: the overdue mark is red" has_red "$r2"
stop_desk >/dev/null

desk_end
