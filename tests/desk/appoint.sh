#!/bin/sh
# Desk tests of the customer's appointed engineer: appoint an engineer and a
# deputy from the customers pane (A), the detail names them, replacing the
# engineer is refused until the form names who agreed for the customer, and
# the ledger's engineer pick list puts the appointed engineer and then the
# deputy first, marked. Drives the desk in a private tmux server (UTF-8) and
# checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=9
desk_begin appoint

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
sd staff add li --name 李工 --role engineer >/dev/null 2>&1
sd customer add 北京华电科技有限公司 --region 市区 --contact 王工 --phone 13900000001 >/dev/null 2>&1
R1=$(sd request add --channel phone --customer 北京华电科技有限公司 --requester 王工 \
	--phone 13900000001 --item '配电柜跳闸' 2>/dev/null)
sd request hand "$R1" --to boss >/dev/null 2>&1
if [ -z "$R1" ] || ! sd ledger take "$R1" >/dev/null 2>&1; then
	echo "Bail out! could not add and take a request with the command line"
	exit 1
fi
DESK_ROWS=40

start_desk boss
wait_for "^$R1 " >/dev/null
keys F6 F6
check "the customers tab lists the customer" wait_for "北京华电科技有限公司"
keys A
check "A opens the appointment form" wait_for "Appointed engineer of 北京华电科技有限公司"
keys Right Right               # (none) -> boss -> chen
keys Tab
keys Right Right Right         # (none) -> boss -> chen -> li
keys F2
check "the detail names the engineer and the deputy" wait_for "Engineer +陈工 \(chen\); deputy 李工 \(li\)"
keys A
wait_for "Appointed engineer of" >/dev/null
keys Right                     # chen -> li
keys Tab
keys Left                      # li -> chen
keys F2
check "replacing the engineer needs who agreed for the customer" wait_for "needs the customer's consent"
text '王工(设备科)'
keys F2
check "saved with the consent, shown in the detail" wait_for "replacement agreed by 王工\(设备科\)"
t_stored() { sd customer show 北京华电科技有限公司 2>/dev/null | grep -q '^Appointed engineer: *li '; }
check "stored: li appointed (servdesk customer show)" t_stored
# F6 round to the ledger (its headings: SLA, Reg. no.)
tab=0
while [ $tab -lt 12 ] && ! cap | grep -Eq '^SLA +Reg\. no\.'; do
	keys F6
	sleep 0.3
	tab=$((tab + 1))
done
wait_for " $R1 " >/dev/null
keys e
check "the pick list puts the appointed engineer first, marked" \
	wait_for "李工 +li +\(engineer\) +\[appointed engineer\]"
check "then the deputy, marked" wait_for "陈工 +chen +\(engineer\) +\[deputy engineer\]"
keys Enter
t_assigned() { sd ledger show "$R1" 2>/dev/null | grep -q 'Engineer: .*li'; }
check "Enter assigns the appointed engineer" t_assigned
keys q
t_quit >/dev/null
next_server

desk_end
