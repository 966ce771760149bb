#!/bin/sh
# servdesk check: a clean database passes; each kind of damage is reported
# with exit status 1. TAP output. Environment: SERVDESK, TZ.
SERVDESK=${SERVDESK:-src/servdesk}
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE SERVDESK_DB
SERVDESK_USER=kuguan
SERVDESK_NOW='2026-11-24 10:00'
export SERVDESK_USER SERVDESK_NOW

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

T=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-check.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
DB="$T/c.db"
sd() { "$SERVDESK" --db "$DB" "$@"; }

sd init >/dev/null 2>&1
sd request add --channel phone --customer 苏州电气集团有限公司 --requester 李工 \
	--phone 0512-58639752 --item 变压器温升过高 >/dev/null 2>&1
sd stock part BRG-6205 --name 深沟球轴承 --unit 个 >/dev/null 2>&1
sd stock receive BRG-6205 10 --cost 12.50 >/dev/null 2>&1

sd check >"$T/out" 2>"$T/err"
rc=$?
check "a clean database: exit 0" [ "$rc" = 0 ]
check "a clean database: nothing on standard output" [ ! -s "$T/out" ]
check "a clean database: says no problems were found" grep -q "no problems found" "$T/err"
sd check --help >/dev/null 2>&1
check "check --help: exit 0" [ $? = 0 ]
"$SERVDESK" --db "$T/missing.db" check >/dev/null 2>&1
check "a missing database: exit 66" [ $? = 66 ]

if command -v sqlite3 >/dev/null 2>&1; then
	# a stored balance that differs from the journal
	sqlite3 "$DB" "UPDATE part SET on_hand = 7 WHERE part_no = 'BRG-6205'"
	sd check >"$T/out" 2>"$T/err"
	rc=$?
	check "a tampered balance: exit 1" [ "$rc" = 1 ]
	check "a tampered balance: the part, its on hand and its journal" \
		grep -q "part BRG-6205: on hand 7, but its journal sums to 10" "$T/out"
	sqlite3 "$DB" "UPDATE part SET on_hand = 10 WHERE part_no = 'BRG-6205'"
	# a gap in the register numbers (a number imported from another register)
	printf 'regno,received_at,channel,customer,requester,phone,item1\r\n202611-0005,2026-11-20 09:00,fax,甲厂,王工,13800138000,漏油\r\n' > "$T/gap.csv"
	SERVDESK_USER=kuguan sd import requests "$T/gap.csv" >/dev/null 2>&1 ||
		sqlite3 "$DB" "SELECT 1" >/dev/null
	sd check >"$T/out" 2>"$T/err"
	rc=$?
	check "a gap in the register numbers: exit 1" [ "$rc" = 1 ]
	check "a gap in the register numbers: the month and how many are missing" \
		grep -q "register numbers of 2026-11: 2 numbers up to 5, so 3 are missing" "$T/out"
	check "the summary counts the problems" grep -q "1 problem found" "$T/err"
	# a row pointing nowhere
	sqlite3 "$DB" "PRAGMA foreign_keys = OFF; INSERT INTO request_item (request_id, pos, text) VALUES (999, 1, 'x')"
	sd check >"$T/out" 2>&1
	check "a dangling foreign key is reported" grep -q "request_item, row" "$T/out"
	# the text the search index holds changed behind its back
	sqlite3 "$DB" "UPDATE request_fts_content SET c0 = '无关的文字' WHERE id = (SELECT min(id) FROM request_fts_content)"
	sd check >"$T/out" 2>&1
	check "a search index that does not match its text is reported" grep -q "^search index: " "$T/out"
else
	for d in 1 2 3 4 5 6 7; do ok "# SKIP no sqlite3 CLI"; done
fi
echo "1..$n"
[ $failed -eq 0 ]
