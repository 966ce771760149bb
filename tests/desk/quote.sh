#!/bin/sh
# Desk tests of quotations (报价单): from the Ledger tab a charge the customer
# pays asks before it goes without a quotation (and is left out on "n"),
# Q makes a quotation through its form, sends it, records the customer's
# refusal, makes the revision and records its acceptance, shows the
# quotations as they print; then the charge goes through without asking.
# Drives the desk in a private tmux server (UTF-8) and checks the results
# with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=12
desk_begin quote

NOW='2026-11-24 09:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
if ! sd customer add 江苏沙钢集团有限公司 >/dev/null 2>&1 ||
   ! sd equipment add YYZ-2018-0042 --customer 江苏沙钢集团有限公司 --model "YZ-160 液压站" \
	--commissioned 2018-06-01 >/dev/null 2>&1 ||
   ! sd stock part YZ-MF-80 --name "机械密封 80" --unit 套 >/dev/null 2>&1 ||
   ! sd stock receive YZ-MF-80 5 --cost 680 >/dev/null 2>&1; then
	echo "Bail out! could not add the data with the command line"
	exit 1
fi
R=$(sd request add --channel phone --customer 江苏沙钢集团有限公司 --requester 吴工 \
	--phone 13900000001 --item 液压站压力不足 --serial YYZ-2018-0042 2>/dev/null)
if [ -z "$R" ] || ! sd ledger take "$R" >/dev/null 2>&1; then
	echo "Bail out! could not add the ledger entry with the command line"
	exit 1
fi

start_desk chen
wait_for "Requests" >/dev/null
keys F6
wait_for "$R" >/dev/null

# a payable charge without a quotation: the form asks, naming why; "n" leaves it out
keys '$'
wait_for "Charge for $R" >/dev/null
keys Tab
text '1200'
keys F2
check "the charge form asks before charging without a quotation" wait_for "no quotation"
keys n
sleep 0.3
keys Escape
wait_for "Discard the changes" >/dev/null
keys y
wait_for "Cancelled" >/dev/null
t_none() { [ "$(sd ledger show "$R" --format json | grep -o '"kind":"labour"' | wc -l)" -eq 0 ]; }
check "nothing was charged" t_none

# Q: make a quotation
keys Q
wait_for "Quotations of $R" >/dev/null
keys Enter
check "Q opens the quotation form" wait_for "Quotation for $R"
text 'labour:8:150'
keys Tab
text 'parts:YZ-MF-80:2'
keys F2
check "the form makes QT202611-0001" wait_for "Made quotation QT202611-0001"

# send it
keys Q
wait_for "Send QT202611-0001" >/dev/null
keys Down Enter
check "the draft is sent" wait_for "Quotation QT202611-0001 sent"

# the customer refuses
keys Q
wait_for "Record the customer's answer to QT202611-0001" >/dev/null
keys Down Enter
wait_for "The customer's answer to QT202611-0001" >/dev/null
keys Right Tab
text '吴振华'
keys F2
check "the refusal is recorded" wait_for "answer to QT202611-0001 recorded"
t_refused() { sd quote show QT202611-0001 --format json | grep -q '"value":"refused"'; }
check "the command line shows it refused" t_refused

# the revision, accepted
keys Q
wait_for "Make a revision of QT202611-0001" >/dev/null
keys Down Enter
wait_for "Quotation for $R" >/dev/null
text 'labour:6:150'
keys F2
wait_for "Made quotation QT202611-0002" >/dev/null
keys Q
wait_for "Send QT202611-0002" >/dev/null
keys Down Enter
wait_for "Quotation QT202611-0002 sent" >/dev/null
keys Q
wait_for "Record the customer's answer" >/dev/null
keys Down Enter
wait_for "The customer's answer to QT202611-0002" >/dev/null
keys Tab
text '吴振华'
keys F2
wait_for "answer to QT202611-0002 recorded" >/dev/null
t_accepted() { sd quote list --state accepted --format csv | grep -q '^QT202611-0002,'; }
check "the revision is accepted" t_accepted

# the quotations as they print
keys Q
wait_for "Show the quotations" >/dev/null
keys Enter
check "Q shows the quotation document with the place for the signature" wait_for "Quotation QT202611-0002"
keys Escape
sleep 0.3

# now the charge goes through without asking
keys '$'
wait_for "Charge for $R" >/dev/null
keys Tab
text '900'
keys F2
check "the charge is added once the quotation is accepted" wait_for "Charge added to $R"
t_one() { [ "$(sd ledger show "$R" --format json | grep -o '"kind":"labour"' | wc -l)" -eq 1 ]; }
check "the command line shows the one charge line" t_one

check "the desk quits cleanly" stop_desk
desk_end
