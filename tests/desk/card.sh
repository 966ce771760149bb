#!/bin/sh
# Desk tests of the service card on the Ledger tab: the signed card recorded
# with its form (S), the on-site entry closed on it, the cards overdue by
# engineer (L), the card back at the office (B). Drives the desk in a private
# tmux server (UTF-8) and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=9
desk_begin card

NOW='2026-11-20 10:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
# onsite ENTRY'S-ITEM RECEIVED: an on-site entry cleared, its one item done; prints its number
onsite() {
	_r=$(SERVDESK_NOW="$2" sd request add --channel fax --customer 北京华电科技有限公司 --requester 王工 \
		--phone 13800138001 --item "$1" --received "$2" 2>/dev/null) || return 1
	{
		SERVDESK_NOW="$2" sd request hand "$_r" --to chen &&
		SERVDESK_NOW="$2" sd ledger take "$_r" &&
		SERVDESK_NOW="$2" sd ledger assign "$_r" --engineer chen &&
		sd ledger propose "$_r" --mode onsite --solution 上门检修 --at "$2" &&
		sd ledger arrive "$_r" --at "$2" &&
		sd ledger item "$_r" 1 done 已检修 &&
		sd ledger clear "$_r" --at "$2"
	} >/dev/null 2>&1 || return 1
	printf '%s\n' "$_r"
}
R1=$(onsite 控制柜报警无法复位 '2026-11-19 09:00')
R2=$(onsite 液压站压力不稳 '2026-11-02 09:00')
# misuse inside the warranty: the charge line says why the customer pays
sd customer add 南京江北新区自来水厂 >/dev/null 2>&1
sd equipment add JB-2026-0007 --customer 南京江北新区自来水厂 --commissioned 2026-06-01 >/dev/null 2>&1
R3=$(SERVDESK_NOW='2026-11-18 09:00' sd request add --channel fax --customer 南京江北新区自来水厂 \
	--requester 钱志远 --phone 0512-66831072 --serial JB-2026-0007 --item 主轴过热停机 \
	--received '2026-11-18 09:00' 2>/dev/null)
{
	SERVDESK_NOW='2026-11-18 09:00' sd request hand "$R3" --to chen &&
	SERVDESK_NOW='2026-11-18 09:00' sd ledger take "$R3" &&
	SERVDESK_NOW='2026-11-18 09:00' sd ledger assign "$R3" --engineer chen &&
	sd ledger propose "$R3" --mode onsite --solution 恢复冷却水 --fault usage &&
	sd ledger charge "$R3" --kind labour --amount 600 --without-quote
} >/dev/null 2>&1 || R3=
if [ -z "$R1" ] || [ -z "$R2" ] || [ -z "$R3" ] ||
   ! sd ledger card "$R2" --signed-by 李明 --opinion 满意 --rating 4 --signed-at '2026-11-02 09:00' >/dev/null 2>&1; then
	echo "Bail out! could not set up the on-site entries"
	exit 1
fi

sel_l() {
	keys g
	tries=0
	while [ $tries -lt 5 ] && ! wait_for "Register no\. +$1" >/dev/null 2>&1; do
		keys j
		tries=$((tries + 1))
	done
	wait_for "Register no\. +$1" >/dev/null
}

start_desk boss
keys F6
wait_for " $R1 " >/dev/null
sel_l "$R1"

t_cause() { in_detail "payable: usage" 60; }
sel_l "$R3"
check "the detail's charge line says misuse is payable inside the warranty" t_cause
sel_l "$R1"

# the signed card: signed by (the requester offered), when, opinion, rating
keys S
check "S opens the service card form" wait_for "Service card of $R1"
keys Tab
keys Tab
text '处理及时，满意'
keys Tab
keys Right
keys F2
check "the card recorded from the desk" wait_for "Service card recorded for $R1"
t_card() {
	sd ledger show "$R1" --format json 2>/dev/null > "$TMPD/r1.json"
	grep -q '"signed_by":"王工"' "$TMPD/r1.json" && grep -q '"opinion":"处理及时，满意"' "$TMPD/r1.json" &&
	grep -q '"rating":4' "$TMPD/r1.json" && grep -q '"confirmed_how":"card"' "$TMPD/r1.json"
}
check "the CLI shows the card: who, opinion, rating 4, the confirmation" t_card

keys C
wait_for "Close ledger entry $R1" >/dev/null
keys y
check "the on-site entry closed on its card" wait_for "Closed $R1"

# the cards overdue, by engineer
keys L
check "L lists the overdue cards by engineer" wait_for "Service cards overdue"
check "the overdue card is listed under its engineer" wait_for "$R2 .*due 2026-11-09"
keys Escape

# the card back at the office
sel_l "$R2"
keys B
wait_for "back at the office now" >/dev/null
keys y
check "B records the card back" wait_for "Service card of $R2 back at the office"

keys q
check "q quits with exit status 0" t_quit
next_server

desk_end
