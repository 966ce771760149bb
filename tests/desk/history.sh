#!/bin/sh
# Desk tests of each machine's history and the service report: h in the
# customers tab shows the service history of a piece of equipment newest
# first with the repeat repair marked; the ledger list marks the repeat and
# the detail names the entry repeated; P in the ledger tab shows the service
# report with its parts. Drives the desk in a private tmux server (UTF-8).
# TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=10
desk_begin history

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
CUST=北京华电科技有限公司
SN=SN-2024-001
at() { _w=$1; shift; SERVDESK_NOW=$_w sd "$@" >/dev/null 2>&1; }
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
sd customer add "$CUST" --region 市区 >/dev/null 2>&1
sd equipment add "$SN" --customer "$CUST" --model DJ-200 --commissioned 2026-03-01 >/dev/null 2>&1
sd stock part SEAL-32 --name 柱塞密封组件 --spec Φ32 --brand NOK --unit 套 >/dev/null 2>&1
sd stock receive SEAL-32 5 --cost 120 >/dev/null 2>&1
R1=$(SERVDESK_NOW='2026-10-08 09:00' sd request add --channel phone --customer "$CUST" --requester 王工 \
	--phone 13800138001 --item 液压站压力不稳 --serial "$SN" 2>/dev/null)
at '2026-10-08 09:05' request hand "$R1" --to chen
at '2026-10-08 09:10' ledger take "$R1"
at '2026-10-08 09:15' ledger assign "$R1" --engineer chen
at '2026-10-08 10:00' ledger propose "$R1" --mode onsite --solution 更换柱塞密封 --fault mech
at '2026-10-09 09:00' ledger arrive "$R1"
at '2026-10-09 10:00' stock issue SEAL-32 2 --request "$R1"
at '2026-10-09 10:50' ledger item "$R1" 1 done 更换柱塞密封
at '2026-10-09 11:00' ledger clear "$R1"
at '2026-10-09 12:00' ledger card "$R1" --signed-by 王工 --opinion 满意 --rating 5
at '2026-10-09 13:00' ledger close "$R1"
R2=$(SERVDESK_NOW='2026-11-10 09:00' sd request add --channel phone --customer "$CUST" --requester 王工 \
	--phone 13800138001 --item 液压站压力又不稳 --serial "$SN" 2>/dev/null)
at '2026-11-10 09:05' request hand "$R2" --to chen
at '2026-11-10 09:10' ledger take "$R2"
at '2026-11-10 09:15' ledger assign "$R2" --engineer chen
at '2026-11-10 10:00' ledger propose "$R2" --mode phone --solution 电话指导 --fault mech
if [ -z "$R1" ] || [ -z "$R2" ] || ! sd ledger show "$R1" 2>/dev/null | grep -q closed; then
	echo "Bail out! could not set up the entries with the command line"
	exit 1
fi

# ---------------------------------------------------------------- the machine's history
start_desk chen
wait_for "Requests" >/dev/null
keys F6 F6
wait_for "$CUST" >/dev/null
keys h
check "h shows the service history of the only piece of equipment" wait_for "Service history of $SN"
t_order() {
	cap | grep -Eo "$R1|$R2" | tr '\n' ' ' > "$TMPD/order.txt"
	[ "$(cat "$TMPD/order.txt")" = "$R2 $R2 $R1 $R1 " ] ||
		{ echo "# order: $(cat "$TMPD/order.txt")" >&2; return 1; }
}
check "the history lists requests and entries, newest first" t_order
check "the repeat repair is marked in the history" wait_for "$R2 +solution proposed; repeat repair"
keys Escape
check "Esc returns to the customers tab" wait_for "$CUST"
stop_desk

# ---------------------------------------------------------------- the ledger
start_desk chen
wait_for "Requests" >/dev/null
keys F6
wait_for " $R2 " >/dev/null
check "the ledger list marks the repeat" wait_for "$R2 +repeat"
keys G
wait_for "Register no\. +$R1" >/dev/null
keys P
check "P shows the service report of the entry" wait_for "Service report $R1"
check "the report lists the parts replaced" wait_for "SEAL-32 +柱塞密封组件 +Φ32 +NOK +2"
keys Escape
wait_for "Register no\. +$R1" >/dev/null
keys v
check "v shows the whole entry as it prints" wait_for "Ledger entry $R1"
check "the entry's request, with the model, as ledger show has it" wait_for "Model: +DJ-200"
keys Escape
keys q
check "q quits with exit status 0" t_quit
next_server

desk_end
