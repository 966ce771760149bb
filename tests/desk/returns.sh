#!/bin/sh
# Desk tests of returns and exchanges (退换货): from the Ledger tab an
# exchange raised through its form (X), and the entry's ones offered with
# their notice (X again); in the Returns tab approval refused to an
# engineer, the supervisor's approval (a), carrying out refused when another
# desk carried it out meanwhile, the close with its disposition (C) that
# takes the returned part back into the store, the notice (p) and every
# one (o); on the Complaints tab a return raised for a complaint (X), its
# part offered. Drives the desk in a private tmux server (UTF-8) and checks the
# results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=16
desk_begin returns

NOW='2026-11-24 09:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
sd staff add zhou --name 周刚 --role storekeeper >/dev/null 2>&1
if ! sd customer add 泰州市华东化工有限公司 >/dev/null 2>&1 ||
   ! sd stock part PT-100 --name 压力传感器 --unit 只 >/dev/null 2>&1 ||
   ! sd stock receive PT-100 3 --cost 420 >/dev/null 2>&1; then
	echo "Bail out! could not add the data with the command line"
	exit 1
fi
R=$(sd request add --channel phone --customer 泰州市华东化工有限公司 --requester 吴工 \
	--phone 13900000001 --item 压力传感器读数漂移 2>/dev/null)
if [ -z "$R" ] || ! sd ledger take "$R" >/dev/null 2>&1; then
	echo "Bail out! could not add the ledger entry with the command line"
	exit 1
fi
if ! sd complaint add --customer 泰州市华东化工有限公司 --class quality --part PT-100 \
	--description 发来的压力传感器量程不符 >/dev/null 2>&1; then
	echo "Bail out! could not add the complaint with the command line"
	exit 1
fi
on_hand() { sd stock show PT-100 --format json | sed -n 's/.*"on_hand":\([0-9-]*\).*/\1/p'; }

start_desk chen
wait_for "Requests" >/dev/null
keys F6
wait_for "$R" >/dev/null

# an exchange through the form: kind first (exchange offered), then the part
keys X
check "X opens the return form for the entry" wait_for "Return or exchange for $R"
keys Tab
text 'PT-100'
keys Tab Tab Tab Tab Tab
text '读数漂移超过 2%'
keys F2
check "the form raises TH202611-0001" wait_for "Raised TH202611-0001"
t_raised() { sd return show TH202611-0001 --format json | grep -q '"kind":"exchange",.*"part_no":"PT-100".*"cause":"quality","cause_text":"读数漂移超过 2%","state":"requested"'; }
check "the command line shows it awaiting approval" t_raised

keys X
check "X again offers the entry's ones" wait_for "TH202611-0001"
keys Down Enter
check "picking one shows its notice" wait_for "Part 1: the service centre's copy"
keys Escape
sleep 0.3

# a return on the complaint, its part offered: kind return, cause wrong delivery
keys F6 F6
wait_for "发来的压力传感器" >/dev/null
keys X
check "X on the Complaints tab opens the form for the complaint" wait_for "Return or exchange for complaint 1"
check "the complaint's part is offered" wait_for "PT-100"
keys Space Tab Tab Tab Tab Tab Space
keys F2
wait_for "Raised TH202611-0002" >/dev/null
t_complaint() { sd return show TH202611-0002 --format json | grep -q '"kind":"return","regno":null,"complaint":1,.*"cause":"wrong_delivery"'; }
check "the command line shows the return on the complaint" t_complaint

# the Returns tab
keys F6 F6 F6 F6 F6 F6 F6
check "the Returns tab lists the open ones" wait_for "TH202611-0001 +exchange +awaiting approval"
keys a
check "an engineer may not approve" wait_for "not permitted for the role"
check "the desk quits cleanly" stop_desk

start_desk boss
wait_for "Requests" >/dev/null
keys F6 F6 F6 F6 F6 F6 F6 F6 F6 F6
wait_for "TH202611-0001" >/dev/null
keys a
wait_for "Approve: TH202611-0001" >/dev/null
text '质保期内，同意换货'
keys F2
wait_for "Saved TH202611-0001" >/dev/null
t_approved() { sd return show TH202611-0001 --format json | grep -q '"state":"approved","version":2'; }
check "a records the supervisor's approval" t_approved

# carrying out while another desk carries it out
keys R
wait_for "Carry out: TH202611-0001" >/dev/null
AS=zhou sd return receive TH202611-0001 >/dev/null 2>&1
keys F2
check "a step on one changed meanwhile is refused" wait_for "changed meanwhile"
keys Escape
wait_for "Cancelled" >/dev/null
t_once() { [ "$(on_hand)" = 2 ]; }
check "the replacement was issued once" t_once

keys C
wait_for "Close: TH202611-0001" >/dev/null
keys F2
wait_for "Saved TH202611-0001" >/dev/null
t_restocked() { sd return show TH202611-0001 --format json | grep -q '"disposition":"restock"' && [ "$(on_hand)" = 3 ]; }
check "C closes it, the returned part back in the store" t_restocked

keys o
check "o shows every one, the closed one too" wait_for "TH202611-0001 +exchange +closed"
keys p
wait_for "Part 2: the store's copy" >/dev/null
keys Escape
sleep 0.3
stop_desk >/dev/null
desk_end
