#!/bin/sh
# Desk tests of factory repair orders (返厂维修) and loan units (备用机): from
# the Ledger tab a repair order opened through its form (R), the entry's
# orders and loan shown (b), a loan unit lent (N); in the Factory tab the
# workshop's steps through their forms (s, d), a step refused when another
# desk changed the order meanwhile, the repair commission (p), the loan units
# out (L) and every order (a). Drives the desk in a private tmux server
# (UTF-8) and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=15
desk_begin repair

NOW='2026-11-24 09:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
if ! sd customer add 泰州市华东化工有限公司 >/dev/null 2>&1 ||
   ! sd customer add 本公司售后服务部 >/dev/null 2>&1 ||
   ! sd equipment add IH-2023-0457 --customer 泰州市华东化工有限公司 --model 化工离心泵 >/dev/null 2>&1 ||
   ! sd equipment add BY-IH80-01 --customer 本公司售后服务部 --model 备用泵 --loan-unit yes >/dev/null 2>&1; then
	echo "Bail out! could not add the data with the command line"
	exit 1
fi
R=$(sd request add --channel phone --customer 泰州市华东化工有限公司 --requester 吴工 \
	--phone 13900000001 --item 机械密封漏液 --serial IH-2023-0457 2>/dev/null)
if [ -z "$R" ] || ! sd ledger take "$R" >/dev/null 2>&1 ||
   ! sd ledger repair "$R" --product IH-2023-0457 --on 2026-11-20 >/dev/null 2>&1; then
	echo "Bail out! could not add the ledger entry with the command line"
	exit 1
fi

start_desk chen
wait_for "Requests" >/dev/null
keys F6
wait_for "$R" >/dev/null

# a second order through the form, the entry's product offered
keys R
check "R opens the repair order form with the entry's product" wait_for "Factory repair order for $R"
wait_for "IH-2023-0457" >/dev/null
keys F2
check "the form opens RM202611-0002" wait_for "Opened repair order RM202611-0002"
t_two() { [ "$(sd repair list --entry "$R" --format csv | grep -c '^RM2026')" -eq 2 ]; }
check "the command line lists two orders of the entry" t_two

keys b
check "b shows the entry's orders" wait_for "RM202611-0001 +awaiting repair"
keys Escape
sleep 0.3

keys N
wait_for "Lend a loan unit to $R" >/dev/null
text 'BY-IH80-01'
keys F2
check "N lends the loan unit" wait_for "Loan unit lent to $R"
t_loan() { sd repair loans --format csv | grep -q "^BY-IH80-01,备用泵,$R,"; }
check "the command line lists the unit out" t_loan

# the Factory tab: the products at the factory
keys F6 F6 F6 F6 F6 F6 F6 F6
check "the Factory tab lists the products at the factory" wait_for "RM202611-0001 +awaiting repair +4"

keys s
wait_for "Repair begun: RM202611-0001" >/dev/null
keys F2
wait_for "Saved RM202611-0001" >/dev/null
t_started() { sd repair show RM202611-0001 --format json | grep -q '"state":"in_repair","version":2'; }
check "s records that the repair began" t_started

keys d
wait_for "Repair finished: RM202611-0001" >/dev/null
keys Tab
text '更换机械密封'
keys F2
wait_for "Saved RM202611-0001" >/dev/null
t_done() { sd repair show RM202611-0001 --format json | grep -q '"findings":"更换机械密封"'; }
check "d records the workshop's findings" t_done

# the return form, while another desk returns the product
keys R
wait_for "Returned: RM202611-0001" >/dev/null
sd repair return RM202611-0001 --carrier 顺丰速运 --waybill SF1 >/dev/null 2>&1
keys Tab
text '德邦物流'
keys Tab
text 'DB2'
keys F2
check "a step on an order changed meanwhile is refused" wait_for "changed meanwhile"
keys Escape
wait_for "Discard the changes" >/dev/null
keys y
wait_for "Cancelled" >/dev/null
t_kept() { sd repair show RM202611-0001 --format json | grep -q '"out_waybill":"SF1"'; }
check "the other desk's return stands" t_kept

keys a
check "a shows every order, the returned one too" wait_for "RM202611-0001 +returned"
keys p
check "p shows the repair commission, the customer's copy first" wait_for "Part 1: the customer's copy"
keys Escape
sleep 0.3
keys L
check "L lists the loan units out" wait_for "BY-IH80-01 备用泵"
keys Escape
sleep 0.3

check "the desk quits cleanly" stop_desk
desk_end
