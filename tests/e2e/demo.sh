#!/bin/sh
# demo.sh — end-to-end tests of the demonstration register (TAP): after
# `servdesk init --demo` the spare-parts store has parts, receipts, issues,
# a return, an adjustment and a stocktake's differences, some parts at or
# below their reorder point; every month's parts charges are the value of
# the parts issued (no charge without an issue); every closed entry has a
# fault category and the monthly summaries name real categories; each
# request's items are settled with the fix of the same equipment; every
# register the desk has a tab for lists something; the earlier months have
# visits, complaints, installations and faxes; the register is the same on
# every run.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-demo.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# rows FILE: the records of a CSV listing (lines starting a record, header excluded)
rows() {
	tr -d '\r' <"$1" | awk -F, 'NR > 1 && $1 != "" { n++ } END { print n + 0 }'
}

# regnos FILE: the register numbers in the first column of a CSV listing
regnos() {
	tr -d '\r' <"$1" | grep -o '^[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9],' | tr -d ,
}

t_new
"$SERVDESK" --db "$DB" init --demo >"$T_DIR/out" 2>"$T_DIR/err"
t_check "init --demo: exit 0" test $? -eq 0

# ================================================================ the store
sd stock list --format csv
cp "$T_DIR/out" "$T_DIR/parts.csv"
n=$(rows "$T_DIR/parts.csv")
t_check "stock list: the store has parts ($n)" test "$n" -ge 30
sd stock list --low --format csv
n=$(rows "$T_DIR/out")
t_check "stock list --low: some parts at or below their reorder point ($n)" test "$n" -ge 3
: >"$T_DIR/moves"
for p in $(tr -d '\r' <"$T_DIR/parts.csv" | awk -F, 'NR > 1 { print $1 }'); do
	"$SERVDESK" --db "$DB" stock history "$p" --format csv 2>/dev/null | tr -d '\r' |
		awk -F, 'NR > 1 && $3 != "" { print $3 }' >>"$T_DIR/moves"
done
for k in receipt issue return adjust count; do
	n=$(grep -c "^$k\$" "$T_DIR/moves")
	t_check "stock history: movements of kind $k ($n)" test "$n" -ge 1
done
n=$(grep -c '^receipt$' "$T_DIR/moves")
t_check "stock history: more receipts than the opening one per part (restocking, $n)" \
	test "$n" -gt "$(rows "$T_DIR/parts.csv")"
sd stocktake show --format csv
t_check "stocktake show: the count posted its differences" \
	sh -c "[ $RC -eq 0 ] && [ \$(tr -d '\r' <'$T_DIR/out' | awk -F, 'NR > 1 && \$7 != \"\" && \$7 != 0' | wc -l) -ge 2 ]"

# ================================================================ the months
# parts_cost FILE: the cost of the parts consumed in the month (stock movements)
parts_cost() {
	sed -n 's/.*"parts":{"issued":[0-9]*,"returned":[0-9]*,"consumed":[0-9]*,"cost_fen":\([-0-9]*\).*/\1/p' "$1"
}
# charged FILE: the parts charged to the ledger in the month
charged() {
	sed -n 's/.*"kind":"parts","cost_fen":\([-0-9]*\).*/\1/p' "$1"
}
for m in 2026-08 2026-09 2026-10 2026-11; do
	sd report monthly $m --format json
	cp "$T_DIR/out" "$T_DIR/$m.json"
	c=$(parts_cost "$T_DIR/$m.json")
	b=$(charged "$T_DIR/$m.json")
	if [ -n "$c" ] && [ "$c" -gt 0 ] && [ "$c" = "$b" ]; then
		t_ok "$m: the parts charged are the parts issued ($c fen)"
	else
		t_not_ok "$m: the parts charged are the parts issued" "issued $c, charged $b"
	fi
	faults=$(grep -o '"by_category":\[[^]]*\]' "$T_DIR/$m.json")
	n=$(printf '%s' "$faults" | grep -o '"code":"[a-z]*"' | wc -l)
	if [ "$n" -ge 3 ] && ! printf '%s' "$faults" | grep -q '"code":null'; then
		t_ok "$m: common problems name $n real fault categories"
	else
		t_not_ok "$m: common problems name real fault categories" "$faults"
	fi
	for f in '"visits":{"planned":[1-9]' '"complaints":{[^}]*"received":[1-9]' \
		'"fax_inbox":{"fax_received":[1-9]' '"install":{"commissioned":[1-9]' \
		'"cards":{"signed":[1-9]'; do
		if grep -q "$f" "$T_DIR/$m.json"; then
			t_ok "$m: figures in ${f%%:*}"
		else
			t_not_ok "$m: figures in ${f%%:*}"
		fi
	done
done
sd report monthly 2026-10
sed -n '/^4\. Common problems/,/^5\. /p' "$T_DIR/out" >"$T_DIR/common"
t_check "report monthly: the common problems name categories, none 'not recorded'" \
	sh -c "[ $RC -eq 0 ] && grep -q '电气故障' '$T_DIR/common' && ! grep -q 'not recorded' '$T_DIR/common'"
t_check "report monthly: the complaints' causes and departments recorded" \
	sh -c "sed -n '/^5\. Complaints/,/^6\. /p' '$T_DIR/out' | grep -q '技术部\|财务部\|客户服务部'"

# ================================================================ the ledger
sd ledger list --state closed --format csv
regnos "$T_DIR/out" >"$T_DIR/closed"
n=$(wc -l <"$T_DIR/closed")
t_check "ledger list: closed entries ($n)" test "$n" -ge 50
missing=
mismatch=
for r in $(cat "$T_DIR/closed"); do
	"$SERVDESK" --db "$DB" ledger show "$r" --format json >"$T_DIR/e.json" 2>/dev/null
	grep -q '"fault_code":"[a-z]' "$T_DIR/e.json" || missing="$missing $r"
done
t_check "every closed entry has a fault category${missing:+ (not:$missing)}" test -z "$missing"
# the register's first entries: each item settled with the fix of that equipment
for r in $(head -n 40 "$T_DIR/closed"); do
	"$SERVDESK" --db "$DB" ledger show "$r" --format json >"$T_DIR/e.json" 2>/dev/null
	# a sand blaster's fix is about the sand valve, a drying oven's about its thermocouple, ...
	if grep -q '"text":"烘干炉' "$T_DIR/e.json" && ! grep -q '热电偶' "$T_DIR/e.json"; then
		mismatch="$mismatch $r"
	fi
	if grep -q '"text":"3号喷砂房' "$T_DIR/e.json" && ! grep -q '"note":"[^"]*砂' "$T_DIR/e.json"; then
		mismatch="$mismatch $r"
	fi
	if grep -q '砂阀' "$T_DIR/e.json" && ! grep -q '喷砂' "$T_DIR/e.json"; then
		mismatch="$mismatch $r"
	fi
done
t_check "items and fixes are of the same equipment${mismatch:+ (not:$mismatch)}" test -z "$mismatch"

# ================================================================ every tab's register
for c in "request list" "ledger list" "customer list" "complaint list" "stock list" \
	"visit list" "staff list" "setting list" "repair list" "return list" "inbox list" \
	"install list --all" "training list --all" "quote list" "contract list"; do
	# shellcheck disable=SC2086
	sd $c --format csv
	n=$(rows "$T_DIR/out")
	t_check "$c: lists something ($n)" sh -c "[ $RC -eq 0 ] && [ $n -ge 1 ]"
done
sd visit list --format csv
t_check "visit list: visits due today (the Visits tab opens on today)" \
	sh -c "tr -d '\r' <'$T_DIR/out' | awk -F, '\$2 == \"2026-11-20\"' | grep -q ."

# ================================================================ the same every time
cp "$T_DIR/parts.csv" "$T_ROOT/parts.csv"
cp "$T_DIR/2026-10.json" "$T_ROOT/oct.json"
t_new
"$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1
sd stock list --format csv
t_check "a second run: the same store" cmp -s "$T_DIR/out" "$T_ROOT/parts.csv"
sd report monthly 2026-10 --format json
t_check "a second run: the same October" cmp -s "$T_DIR/out" "$T_ROOT/oct.json"

t_done
