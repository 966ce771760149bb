#!/bin/sh
# Desk tests of service contracts and warranty terms in the Customers tab:
# the equipment form's own warranty terms, the customer's contracts (c), a
# contract added through the form (C), who may add one, and the warranties
# and contracts ending within 90 days (E), a contract's own service levels
# changing a due time in the Ledger tab. Drives the desk in a private tmux
# server (UTF-8) and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=12
desk_begin contract

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
if ! sd customer add 北京华电科技有限公司 --contact 王工 --phone 13900000001 >/dev/null 2>&1 ||
   ! sd equipment add SN-OLD --customer 北京华电科技有限公司 --commissioned 2022-01-10 >/dev/null 2>&1 ||
   ! sd equipment add SN-SOON --customer 北京华电科技有限公司 --commissioned 2025-12-31 >/dev/null 2>&1 ||
   ! sd contract add 北京华电科技有限公司 --from 2026-01-01 --to 2026-12-31 --covers parts \
	--note 年度维保合约 >/dev/null 2>&1; then
	echo "Bail out! could not add the data with the command line"
	exit 1
fi
# a P2 request about SN-SOON received now (Friday 08:00), in the ledger: on
# site within 24 h by the policy (2026-11-21 08:00)
R=$(sd request add --channel phone --customer 北京华电科技有限公司 --requester 王工 \
	--phone 13900000001 --item 泵不转 --serial SN-SOON --priority P2 2>/dev/null)
if [ -z "$R" ] || ! sd ledger take "$R" >/dev/null 2>&1; then
	echo "Bail out! could not add the ledger entry with the command line"
	exit 1
fi

start_desk boss
wait_for "Requests" >/dev/null
keys F6 F6
wait_for "北京华电科技有限公司" >/dev/null

# the equipment's own warranty terms through the form: 24 months, from acceptance only
keys m
wait_for "Which equipme" >/dev/null
keys Enter
wait_for "Edit equipment" >/dev/null
keys Tab Tab Tab Tab
text '24'
keys Tab Right Right
keys F2
check "the equipment form saves its own warranty terms" wait_for "Saved equipment"
t_terms() {
	sd equipment show SN-OLD --format json > "$TMPD/eq.json" 2>&1 &&
	grep -q '"warranty_months":24' "$TMPD/eq.json" &&
	grep -q '"warranty_from":"accepted"' "$TMPD/eq.json" ||
	{ sed 's/^/# | /' "$TMPD/eq.json" >&2; return 1; }
}
check "equipment show has 24 months from acceptance" t_terms

keys c
check "c shows the customer's contracts" wait_for "Contract 1 +2026-01-01\\.\\.2026-12-31"
check "with what the contract covers and its note" wait_for "年度维保合约"
keys Escape

keys C
wait_for "New service contract for 北京华电科技有限公司" >/dev/null
keys C-u
text '2026-12-01'
keys Tab C-u
text '2027-11-30'
keys Tab
text 'SN-OLD'
keys Tab Right Tab Right Tab Right
keys Tab Tab Tab C-u
text '2'
keys F2
check "a contract added through the form" wait_for "Added contract 2"
t_added() {
	sd contract show 2 --format json > "$TMPD/k.json" 2>&1 &&
	grep -q '"from":"2026-12-01","to":"2027-11-30"' "$TMPD/k.json" &&
	grep -q '"visits":"quarterly"' "$TMPD/k.json" &&
	grep -q '"covers":\["labour","travel"\]' "$TMPD/k.json" &&
	grep -q '"free_repairs":2' "$TMPD/k.json" &&
	grep -q '"equipment":\["SN-OLD"\]' "$TMPD/k.json" ||
	{ sed 's/^/# | /' "$TMPD/k.json" >&2; return 1; }
}
check "stored with its days, visits, cover, free repairs and equipment" t_added

keys E
t_expiring() {
	wait_for "Warranties and contracts ending by 2027-02-18" >/dev/null &&
	wait_for "2026-12-31 +北京华电科技有限公司 +warranty ends SN-SOON" >/dev/null &&
	wait_for "2026-12-31 +北京华电科技有限公司 +contract ends 1" >/dev/null
}
check "E lists the warranties and contracts ending within 90 days" t_expiring
keys Escape
keys q
t_quit >/dev/null
next_server

start_desk chen
wait_for "Requests" >/dev/null
keys F6 F6
wait_for "北京华电科技有限公司" >/dev/null
keys C
check "an engineer may not add a contract: the reason is shown" wait_for "not permitted"
keys q
t_quit >/dev/null
next_server

# a contract with its own levels for P2 (on site within 4 h) moves the entry's due time
# (a taller terminal: the detail lists every clock)
DESK_ROWS=50
DESK_COLS=200
start_desk boss
wait_for "Requests" >/dev/null
keys F6
check "the Ledger tab: on site due by the policy, 2026-11-21 08:00" wait_for "on site .*due 2026-11-21 08:00"
keys F6
keys C
wait_for "New service contract for 北京华电科技有限公司" >/dev/null
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
text 'onsite:4x'
keys F2
check "a bad level is refused, naming the duration" wait_for "invalid duration '4x'"
keys C-u
text 'onsite:4h'
keys F2
check "a contract with P2 levels added through the form" wait_for "Added contract 3"
keys q
t_quit >/dev/null
next_server
start_desk boss
wait_for "Requests" >/dev/null
keys F6
check "the Ledger tab: on site now due 2026-11-20 12:00 (contract 3, 4 h)" wait_for "on site .*due 2026-11-20 12:00"
keys q
t_quit >/dev/null
next_server

desk_end
