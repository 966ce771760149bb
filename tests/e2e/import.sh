#!/bin/sh
# import.sh — an import does not keep others out (TAP). A large request
# import runs while another person registers requests of the same month
# through the command line, one after another, for as long as it runs:
# every one of theirs succeeds (none turned away busy, exit 69), the import
# succeeds whole, and the month's register numbers run from 1 to the total
# with no gap and no number twice (a file is read in pieces, a pipe whole:
# the same refusals either way); a request added while the file is still
# being read is numbered before the file's rows, as the register is locked
# only for the short write at the end. Then a file whose kept number was taken
# meanwhile is refused whole, naming its line.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-import.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM

ROWS=40000
[ -n "${SERVDESK_QUICK:-}" ] && ROWS=10000

sd_init
awk -v n="$ROWS" 'BEGIN {
	print "收件时间,来件方式,客户,请求人,联系电话,设备序列号,优先级,维护事项1"
	for (i = 1; i <= n; i++)
		printf "2026-11-%02d %02d:%02d,传真,江苏驰耐特防腐科技有限公司%d,吴振华,0512-58639752,SN-%d,P%d,\"3号喷砂房喷砂机不出砂 %d\"\n", i % 19 + 1, i % 24, i % 60, i % 97, i, i % 4 + 1, i
}' >"$T_DIR/big.csv"

"$SERVDESK" --db "$DB" import requests "$T_DIR/big.csv" >"$T_DIR/import.out" 2>&1 &
IMPORT=$!
adds=0
busy=0
during=0
: >"$T_DIR/adds"
while :; do
	running=0
	kill -0 "$IMPORT" 2>/dev/null && running=1
	r=$("$SERVDESK" --db "$DB" request add --channel phone --customer 苏州电气集团有限公司 \
		--requester 吴振华 --phone 0512-58639752 --item "变频器报警 $adds" 2>>"$T_DIR/add.err")
	rc=$?
	adds=$((adds + 1))
	[ $rc -eq 69 ] && busy=$((busy + 1))
	[ $rc -eq 0 ] && echo "$r" >>"$T_DIR/adds"
	[ $running -eq 1 ] && during=$((during + 1))
	[ $running -eq 1 ] || break
done
wait "$IMPORT"
IRC=$?
echo "# $adds requests added, $during of them while the import ran; import: $(cat "$T_DIR/import.out")"

t_check "the import of $ROWS rows succeeds" [ "$IRC" -eq 0 ]
t_check "requests were added while the import ran" [ "$during" -ge 2 ]
t_check "none of them was turned away busy (exit 69)" [ "$busy" -eq 0 ]
t_check "every one of them succeeded" [ "$(wc -l <"$T_DIR/adds")" -eq "$adds" ] ||
	head -n 3 "$T_DIR/add.err" | sed 's/^/# /'
first=$(sed -n 1p "$T_DIR/adds")
t_check "the first of them was numbered before the file's rows ($first): the import did not lock the register while it read the file" \
	[ "${first#202611-}" -lt 100 ]
TOTAL=$((ROWS + adds))
"$SERVDESK" --db "$DB" request list --format csv 2>/dev/null | cut -d, -f1 | sed 1d | sort -t- -k2,2n >"$T_DIR/regnos"
t_check "the register holds the file and the added requests: $TOTAL" [ "$(wc -l <"$T_DIR/regnos")" -eq "$TOTAL" ]
awk -v n="$TOTAL" -F- '{ if ($1 != "202611" || $2 + 0 != NR) bad++ } END { exit !(bad == 0 && NR == n) }' \
	"$T_DIR/regnos"
t_check "the month's numbers run 202611-0001 to 202611-$TOTAL, no gap, none twice" [ $? -eq 0 ]
"$SERVDESK" --db "$DB" check >"$T_DIR/out" 2>&1
t_check "servdesk check is clean (the search index included)" [ $? -eq 0 ]
"$SERVDESK" --db "$DB" request list --search 喷砂机 --format csv 2>/dev/null | sed 1d | wc -l >"$T_DIR/found"
t_check "the imported requests are found by search" [ "$(cat "$T_DIR/found")" -eq "$ROWS" ]

# A kept number that someone took meanwhile: the file is refused whole, naming the row.
NEXT=$(printf '202611-%04d' $((TOTAL + 1)))
printf '登记号,收件时间,来件方式,客户,请求人,联系电话,维护事项1\n,2026-11-19 09:00,电话,甲厂,张三,13800138000,一\n%s,2026-11-19 10:00,电话,乙厂,李四,13800138001,二\n' \
	"$NEXT" >"$T_DIR/kept.csv"
add_req >/dev/null 2>&1
sd import requests "$T_DIR/kept.csv"
t_check "a kept number the register has: refused (65), naming line 3 and the field" \
	[ "$RC" -eq 65 -a "$(grep -c "line 3, field 登记号: register number $NEXT is already in the database" "$T_DIR/err")" -eq 1 ]
t_check "... and nothing of the file was added" \
	[ "$("$SERVDESK" --db "$DB" request list --format csv 2>/dev/null | sed 1d | wc -l)" -eq $((TOTAL + 1)) ]

# A file is read in pieces, a pipe whole: the same refusal, line and byte offset
# either way, for each encoding (bad GB18030, bad UTF-8 after a BOM, a
# sequence cut at the end of the file, in UTF-8 and in GB18030).
H='regno,received_at,channel,customer,requester,phone,item1\n'
printf "$H"',2026-11-19 09:00,phone,\326\320,张三,13800138000,x\n,2026-11-19 09:00,phone,\357\273,a,1,y\n' >"$T_DIR/b1.csv"
printf '\357\273\277'"$H"',2026-11-19 09:00,phone,\326\320\377,a,1,y\n' >"$T_DIR/b2.csv"
printf "$H"',2026-11-19 09:00,phone,甲,a,1,\347\224' >"$T_DIR/b3.csv"
printf "$H"',2026-11-19 09:00,phone,\326\320,a,1,\201' >"$T_DIR/b4.csv"
for f in b1 b2 b3 b4; do
	for e in auto utf-8 gb18030; do
		a=$("$SERVDESK" --db "$DB" import requests "$T_DIR/$f.csv" --encoding $e 2>&1 | sed "s|$T_DIR/$f.csv|F|")
		b=$(cat "$T_DIR/$f.csv" | "$SERVDESK" --db "$DB" import requests /dev/stdin --encoding $e 2>&1 |
			sed "s|/dev/stdin|F|")
		t_check "$f, --encoding $e: the same refusal from the file and from a pipe ($a)" \
			[ -n "$a" -a "$a" = "$b" ]
	done
done

t_done
