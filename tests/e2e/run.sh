#!/bin/sh
# run.sh — end-to-end tests of servdesk's command line (TAP).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set, and
# TZ=Asia/Shanghai. Every test has its own directory and database.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-e2e.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes
HAVE_GB_LOCALE=no
locale -a 2>/dev/null | grep -qi '^zh_CN\.gb18030$' && HAVE_GB_LOCALE=yes

# json_check FILE SQL-EXPR: evaluate an expression over the file's JSON (j).
json_eval() {
	sqlite3 :memory: "select $2 from (select readfile('$1') as j)"
}

# ================================================================ global

t_new
"$SERVDESK" --version >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
if rc_is 0 && grep -q '^servdesk [0-9]' "$T_DIR/out"; then
	t_ok "--version"
else
	t_not_ok "--version" "rc=$RC"
fi

for cmd in "" "init" "request" "request add" "request list" "request show" \
           "request edit" "request hand" "request void" "staff" "staff add" \
           "staff list" "import" "export"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk ${cmd:+$cmd }--help exits 0"
	else
		t_not_ok "servdesk ${cmd:+$cmd }--help exits 0" "rc=$RC"
	fi
done
[ -e "$DB" ] && t_not_ok "--help creates no database" || t_ok "--help creates no database"

sd frobnicate
if rc_is 64 && err_one_line && grep -q -- '--help' "$T_DIR/err"; then
	t_ok "unknown command: 64 with a hint to --help"
else
	t_not_ok "unknown command: 64 with a hint to --help" "rc=$RC"
fi

sd_init
sd request add --colour blue
if rc_is 64 && err_one_line && grep -q 'request add --help' "$T_DIR/err"; then
	t_ok "unknown option: 64 with a hint to --help"
else
	t_not_ok "unknown option: 64 with a hint to --help" "rc=$RC"
fi

sd request frob
t_check "unknown subcommand: 64" rc_is 64

"$SERVDESK" --bogus >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
t_check "unknown global option: 64" rc_is 64

sd export complaints
if rc_is 64 && grep -q 'unknown kind' "$T_DIR/err"; then
	t_ok "export of an unknown kind: 64, unknown kind"
else
	t_not_ok "export of an unknown kind: 64, unknown kind" "rc=$RC"
fi
sd import visits "$T_DIR/x.csv"
t_check "import of a kind that is export only: 64" rc_is 64

t_new
sd request list
if rc_is 66 && err_one_line && [ ! -e "$DB" ]; then
	t_ok "missing database: 66, not created"
else
	t_not_ok "missing database: 66, not created" "rc=$RC"
fi

# ================================================================ init

t_new
sd init
rc1=$RC
sd staff list --format csv
if [ "$rc1" -eq 0 ] && rc_is 0 && grep -q '^tester,tester,supervisor,' "$T_DIR/out"; then
	t_ok "init creates the database; the first caller is a supervisor"
else
	t_not_ok "init creates the database; the first caller is a supervisor" "rc=$rc1/$RC"
fi

SERVDESK_USER=other "$SERVDESK" --db "$DB" init >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
n=$("$SERVDESK" --db "$DB" staff list --format csv | wc -l)
if rc_is 0 && [ "$n" -eq 2 ]; then
	t_ok "init again migrates and adds nobody"
else
	t_not_ok "init again migrates and adds nobody" "rc=$RC staff lines=$n"
fi

t_new
sd init --demo
rc1=$RC
sd request list --format csv
n=$(grep -c '^[0-9]\{6\}-[0-9]\{4\},' "$T_DIR/out")
if [ "$rc1" -eq 0 ] && rc_is 0 && [ "$n" -ge 5 ]; then
	t_ok "init --demo fills the register ($n requests)"
else
	t_not_ok "init --demo fills the register" "rc=$rc1 requests=$n"
fi
sd init --demo
if rc_is 65 && err_one_line; then
	t_ok "init --demo on a register with requests: 65"
else
	t_not_ok "init --demo on a register with requests: 65" "rc=$RC"
fi

# ================================================================ request add

sd_init
add_req >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
if rc_is 0 && [ "$(cat "$T_DIR/out")" = "202611-0001" ]; then
	t_ok "request add prints YYYYMM-NNNN"
else
	t_not_ok "request add prints YYYYMM-NNNN" "rc=$RC"
fi

for i in 2 3 4 5; do add_req --priority P$((i % 4 + 1)); done >"$T_DIR/nums" 2>"$T_DIR/err"
printf '202611-%04d\n' 2 3 4 5 >"$T_DIR/expect"
t_check "numbers are gapless within the month" cmp -s "$T_DIR/nums" "$T_DIR/expect"

a=$(add_req --received '2024-03-05 14:30' 2>/dev/null)
b=$(add_req --received '2024-03-31 23:59' 2>/dev/null)
c=$(add_req 2>/dev/null)
if [ "$a $b $c" = "202403-0001 202403-0002 202611-0006" ]; then
	t_ok "--received in another month numbers in that month"
else
	t_not_ok "--received in another month numbers in that month" "got: $a $b $c"
fi

sd request add --channel phone --customer X --requester Y --phone 13800138000 --item -x --item=--y
rc1=$RC
sd request show 202611-0007 --format json
if [ "$rc1" -eq 0 ] && grep -q '"items":\["-x","--y"\]' "$T_DIR/out"; then
	t_ok "an option value starting with '-' is the option's value"
else
	t_not_ok "an option value starting with '-' is the option's value" "rc=$rc1"
fi

sd request add --channel phone --customer X --requester Y --item z
if rc_is 64 && err_one_line && grep -q -- '--phone' "$T_DIR/err"; then
	t_ok "request add without --phone: 64"
else
	t_not_ok "request add without --phone: 64" "rc=$RC"
fi

sd request add --channel phone --customer X --requester Y --phone 13800138000 --item z --priority P7
t_check "request add with --priority P7: 64" rc_is 64

sd request add --channel phone --customer X --requester Y --phone 13800138000 --item '  '
if rc_is 65 && err_one_line; then
	t_ok "request add with a blank item: 65"
else
	t_not_ok "request add with a blank item: 65" "rc=$RC"
fi

sd request add --channel phone --customer X --requester Y --phone 13800138000 --item z
n_before=$RC
sd request add --channel phone --customer X --requester Y --phone 13800138000 --item z --serial SN-9
sd request add --channel phone --customer X --requester Y --phone 13800138000 --item z2 --serial SN-9
if rc_is 0 && grep -q '^servdesk: .*202611-' "$T_DIR/err" && [ "$n_before" -eq 0 ]; then
	t_ok "a likely duplicate is numbered, with a warning on stderr"
else
	t_not_ok "a likely duplicate is numbered, with a warning on stderr" "rc=$RC"
fi

SERVDESK_USER=stranger "$SERVDESK" --db "$DB" request add --channel phone --customer X \
	--requester Y --phone 13800138000 --item z >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
t_check "request add by someone not on the staff list: 77" rc_is 77

# ================================================================ request list

sd_init
CUST='王𠮷机械厂' REQR=RQ1 add_req >/dev/null
CUST='ACME Ltd' REQR=RQ2 add_req >/dev/null
CUST='㐀技术有限公司' REQR=RQ3 add_req >/dev/null
CUST='中国石油化工股份有限公司北京燕山分公司设备动力部' REQR=RQ4 add_req >/dev/null
CUST='€ Euro 😀 GmbH' REQR=RQ5 add_req >/dev/null
sd request list
cols=$( { display_col "$T_DIR/out" Requester; for i in 1 2 3 4 5; do display_col "$T_DIR/out" RQ$i; done; } | sort -u)
rows=$(grep -c 'RQ[1-5]' "$T_DIR/out")
if rc_is 0 && [ "$rows" -eq 5 ] && [ "$(echo "$cols" | wc -l)" -eq 1 ]; then
	t_ok "list: columns after Chinese names line up by display width"
else
	t_not_ok "list: columns after Chinese names line up by display width" "columns: $(echo $cols)"
fi
if grep -q '中国石油化工.*…' "$T_DIR/out" && ! grep -q ' $' "$T_DIR/out"; then
	t_ok "list: a long name is cut with an ellipsis; no trailing spaces"
else
	t_not_ok "list: a long name is cut with an ellipsis; no trailing spaces"
fi

sd request list --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "list --format json is a valid JSON array" "no sqlite3"
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "json_valid(j) || json_type(j) || json_array_length(j) || json_extract(j, '\$[0].customer')")" = "1array5王𠮷机械厂" ]; then
	t_ok "list --format json is a valid JSON array"
else
	t_not_ok "list --format json is a valid JSON array" "rc=$RC"
fi

t_new
DB=$T_DIR/empty.db
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd request list --format json
if rc_is 0 && [ "$(tr -d '\n' <"$T_DIR/out")" = "[]" ]; then
	t_ok "list --format json of an empty register is []"
else
	t_not_ok "list --format json of an empty register is []"
fi

sd_init
CUST='王𠮷机械厂' add_req >/dev/null
CUST='ACME, "Ltd"' add_req --channel fax --fax-pages 2 >/dev/null
add_req --received '2024-01-02 08:00' >/dev/null
sd request list --format csv
if rc_is 0 && head -n 1 "$T_DIR/out" | grep -q '^regno,received_at,channel' \
   && grep -q '"ACME, ""Ltd"""' "$T_DIR/out" && [ "$(grep -c '^20' "$T_DIR/out")" -eq 3 ]; then
	t_ok "list --format csv quotes fields"
else
	t_not_ok "list --format csv quotes fields" "rc=$RC"
fi
sd request list --month 2024-01 --format csv
n1=$(grep -c '^202401-' "$T_DIR/out")
sd request list --channel fax --format csv
n2=$(grep -c '^202611-0002,' "$T_DIR/out"); n2b=$(grep -c '^20' "$T_DIR/out")
sd request list --search 𠮷 --format csv
n3=$(grep -c '^20' "$T_DIR/out")
if [ "$n1" -eq 1 ] && [ "$n2" -eq 1 ] && [ "$n2b" -eq 1 ] && [ "$n3" -eq 1 ]; then
	t_ok "list --month, --channel, --search filter"
else
	t_not_ok "list --month, --channel, --search filter" "month=$n1 channel=$n2/$n2b search=$n3"
fi
sd request list --month 2024-13
t_check "list --month 2024-13: 64" rc_is 64
if [ -w /dev/full ]; then
	"$SERVDESK" --db "$DB" request list >/dev/full 2>"$T_DIR/err"; RC=$?
	if rc_is 74 && err_one_line; then
		t_ok "a write error on standard output: 74"
	else
		t_not_ok "a write error on standard output: 74" "rc=$RC"
	fi
else
	t_skip "a write error on standard output: 74" "no /dev/full"
fi

# ================================================================ show, edit, hand, void

sd_init
add_req --channel fax --fax-pages 3 --serial SN-001 --priority P1 \
	--item '无法开机' --item '第二项
两行' >/dev/null
sd request show 202611-0001
if rc_is 0 && grep -q '202611-0001' "$T_DIR/out" && grep -q '测试客户' "$T_DIR/out" \
   && grep -q 'SN-001' "$T_DIR/out" && grep -q '无法开机' "$T_DIR/out" && grep -q '两行' "$T_DIR/out"; then
	t_ok "show prints the request"
else
	t_not_ok "show prints the request" "rc=$RC"
fi
sd request show 202611-0001 --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "show --format json" "no sqlite3"
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "json_valid(j) || (j ->> '\$.fax_pages') || (j ->> '\$.items[2]')")" = "13第二项
两行" ]; then
	t_ok "show --format json"
else
	t_not_ok "show --format json" "rc=$RC"
fi
sd request show -- 202611-0001
rc1=$RC
sd request show --format=json 202611-0001
if [ "$rc1" -eq 0 ] && rc_is 0 && grep -q '^{"regno":"202611-0001"' "$T_DIR/out"; then
	t_ok "'--' ends the options; --name=value works"
else
	t_not_ok "'--' ends the options; --name=value works" "rc=$rc1/$RC"
fi
sd request show 202611-0001 --format
t_check "an option without its value: 64" rc_is 64
sd request show 202611-0099
if rc_is 65 && err_one_line; then t_ok "show of an unknown number: 65"; else t_not_ok "show of an unknown number: 65" "rc=$RC"; fi

sd request edit 202611-0001 --customer '新客户' --item '只剩一项' --serial ''
rc1=$RC
sd request show 202611-0001 --format json
if [ "$rc1" -eq 0 ] && grep -q '"customer":"新客户"' "$T_DIR/out" \
   && grep -q '"items":\["只剩一项"\]' "$T_DIR/out" && grep -q '"serial":null' "$T_DIR/out" \
   && grep -q '"regno":"202611-0001"' "$T_DIR/out"; then
	t_ok "edit changes the fields given; --item replaces the items"
else
	t_not_ok "edit changes the fields given; --item replaces the items" "rc=$rc1"
fi
sd request edit 202611-0001 --phone ''
t_check "edit to an empty phone: 65" rc_is 65

"$SERVDESK" --db "$DB" staff add wang --name 王工 --role engineer --phone 13900000000 >/dev/null 2>&1
sd request hand 202611-0001 --to wang --at '2026-11-20 10:05'
rc1=$RC
sd request show 202611-0001 --format json
if [ "$rc1" -eq 0 ] && grep -q '"handed_to":"wang"' "$T_DIR/out" \
   && grep -q '"handed_at":"2026-11-20 10:05"' "$T_DIR/out" && grep -q '"status":"handed"' "$T_DIR/out"; then
	t_ok "hand to a member of staff"
else
	t_not_ok "hand to a member of staff" "rc=$rc1"
fi
add_req >/dev/null
sd request hand 202611-0002 --to nobody
rc1=$RC
sd request show 202611-0002 --format json
if [ "$rc1" -eq 65 ] && grep -q '"status":"open"' "$T_DIR/out"; then
	t_ok "hand to a login not on the staff list: 65, unchanged"
else
	t_not_ok "hand to a login not on the staff list: 65, unchanged" "rc=$rc1"
fi
sd request hand 202611-0002 --to wang --at 'yesterday'
t_check "hand --at with a bad time: 64" rc_is 64

sd request void 202611-0002
t_check "void without --reason: 64" rc_is 64
sd request void 202611-0002 --reason '客户重复来电'
rc1=$RC
sd request show 202611-0002
rc2=$RC
cp "$T_DIR/out" "$T_DIR/show"
sd request list --status void --format csv
if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] && grep -q '客户重复来电' "$T_DIR/show" \
   && grep -q '^202611-0002,.*,void,' "$T_DIR/out" && [ "$(grep -c '^20' "$T_DIR/out")" -eq 1 ]; then
	t_ok "void: the number stays, shown as void with its reason"
else
	t_not_ok "void: the number stays, shown as void with its reason" "rc=$rc1/$rc2"
fi
n=$(add_req 2>/dev/null)
t_check "a void number is never reused" [ "$n" = "202611-0003" ]
sd request edit 202611-0002 --customer x
t_check "edit of a void request: 65" rc_is 65
SERVDESK_USER=wang "$SERVDESK" --db "$DB" request void 202611-0003 --reason x >/dev/null 2>&1; RC=$?
t_check "void by an engineer: 77" rc_is 77
SERVDESK_USER=wang "$SERVDESK" --db "$DB" staff add eve --name Eve --role supervisor >/dev/null 2>&1; RC=$?
t_check "staff add by an engineer: 77" rc_is 77
sd staff add eve --name Eve --role chief
t_check "staff add with an unknown role: 64" rc_is 64

# ================================================================ concurrency

sd_init
start=$(date +%s)
for p in 1 2 3 4; do
	(
		i=0
		while [ $i -lt 25 ]; do
			add_req --item "p$p-$i" || echo "FAIL $?" >&2
			i=$((i + 1))
		done
	) >"$T_DIR/c$p.out" 2>"$T_DIR/c$p.err" &
done
wait
cat "$T_DIR"/c?.out | sort >"$T_DIR/all"
i=1; : >"$T_DIR/expect"
while [ $i -le 100 ]; do printf '202611-%04d\n' $i >>"$T_DIR/expect"; i=$((i + 1)); done
if cmp -s "$T_DIR/all" "$T_DIR/expect" && ! cat "$T_DIR"/c?.err | grep -q FAIL; then
	t_ok "4 processes x 25 adds: 100 distinct gapless numbers ($(( $(date +%s) - start )) s)"
else
	t_not_ok "4 processes x 25 adds: 100 distinct gapless numbers" \
		"$(sort -u "$T_DIR/all" | wc -l) distinct" "$(cat "$T_DIR"/c?.err | head -n 3)"
fi

# ================================================================ import, export

# The fixture: every awkward thing a field can hold.
FIX_HEAD='regno,received_at,channel,fax_pages,customer,requester,phone,serial,priority,received_by,handed_to,handed_at,status,void_reason,dup_of,item1,item2'
mk_fixture() {
	printf '%s\r\n' "$FIX_HEAD"
	printf '%s\r\n' '202611-0001,2026-11-03 09:15,fax,2,王𠮷机械厂,张三,0571-88886666,SN-001,1,tester,,,open,,,"设备无法启动，报警 ""E12"", 急","第二项'
	printf '%s\r\n' '多行说明"'
	printf '%s\r\n' '202611-0002,2026-11-04 10:00,phone,,㐀技术有限公司,李四,13800138000,,2,tester,,,open,,,价格 €100 😀,'
	printf '%s\r\n' '202611-0003,2026-11-05 16:20,email,,"Comma, Inc.",O'"'"'Neil,+86 10 1234 5678,SN-003,4,tester,,,open,,,"quote "" and, comma",'
	printf '%s\r\n' '202610-0001,2026-10-31 23:59,letter,,上海㐀𠮷公司,王五,021-66668888,,3,tester,,,open,,,来函：设备异响,'
}

sd_init
mk_fixture >"$T_DIR/fix.csv"
sd import requests "$T_DIR/fix.csv"
rc1=$RC
if rc_is 0 && grep -q '^servdesk: imported 4 requests$' "$T_DIR/err"; then
	t_ok "import reports the number of requests imported"
else
	t_not_ok "import reports the number of requests imported" "rc=$RC"
fi
sd export requests -o "$T_DIR/e1.csv"
rc2=$RC
DB1=$DB
DB=$T_DIR/db2
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd import requests "$T_DIR/e1.csv" --encoding utf-8
rc3=$RC
sd export requests -o "$T_DIR/e2.csv" --encoding utf-8
if [ "$rc1$rc2$rc3$RC" = 0000 ] && cmp -s "$T_DIR/e1.csv" "$T_DIR/e2.csv" \
   && has_bytes "$T_DIR/e1.csv" '\357\273\277' && grep -q '王𠮷' "$T_DIR/e1.csv" \
   && grep -q '㐀' "$T_DIR/e1.csv" && grep -q '€100 😀' "$T_DIR/e1.csv" \
   && grep -q 'Comma, Inc.' "$T_DIR/e1.csv" && grep -q '多行说明' "$T_DIR/e1.csv"; then
	t_ok "UTF-8 export, import, export: byte-identical"
else
	t_not_ok "UTF-8 export, import, export: byte-identical" "rc=$rc1$rc2$rc3$RC"
fi
sd import requests "$T_DIR/e1.csv"
if rc_is 65 && err_one_line && grep -q 'line 2' "$T_DIR/err"; then
	t_ok "importing numbers already in the register again is refused"
else
	t_not_ok "importing numbers already in the register again is refused" "rc=$RC"
fi

DB=$DB1
sd export requests --encoding gb18030 -o "$T_DIR/g1.csv"
rc1=$RC
DB=$T_DIR/db3
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd import requests "$T_DIR/g1.csv"
rc2=$RC
sd export requests --encoding gb18030
cp "$T_DIR/out" "$T_DIR/g2.csv"
tail -c +4 "$T_DIR/e1.csv" | iconv -f UTF-8 -t GB18030 >"$T_DIR/g-expect.csv" 2>/dev/null
if [ "$rc1$rc2$RC" = 000 ] && cmp -s "$T_DIR/g1.csv" "$T_DIR/g2.csv" \
   && cmp -s "$T_DIR/g1.csv" "$T_DIR/g-expect.csv" \
   && has_bytes "$T_DIR/g1.csv" '\201\071\356\071'; then
	t_ok "GB18030 export, import (auto), export: byte-identical, 4-byte sequences kept"
else
	t_not_ok "GB18030 export, import (auto), export: byte-identical, 4-byte sequences kept" "rc=$rc1$rc2$RC"
fi

DB=$T_DIR/db4
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
iconv -f UTF-8 -t GB18030 "$T_DIR/fix.csv" >"$T_DIR/fix-gb.csv"
sd import requests "$T_DIR/fix-gb.csv" --encoding gb18030
rc1=$RC
sd export requests -o "$T_DIR/e4.csv"
if [ "$rc1$RC" = 00 ] && cmp -s "$T_DIR/e1.csv" "$T_DIR/e4.csv"; then
	t_ok "a GB18030 file imports to the same register as its UTF-8 twin"
else
	t_not_ok "a GB18030 file imports to the same register as its UTF-8 twin" "rc=$rc1$RC"
fi

sd export requests --month 2026-10 --encoding utf-8
if rc_is 0 && [ "$(grep -c '^202610-' "$T_DIR/out")" -eq 1 ] && ! grep -q '^202611-' "$T_DIR/out"; then
	t_ok "export --month"
else
	t_not_ok "export --month" "rc=$RC"
fi
sd export requests -o- --encoding=utf-8
rc1=$RC
cp "$T_DIR/out" "$T_DIR/e5-stdout.csv"
sd export requests -o "$T_DIR/e5.csv" --encoding utf-8
if [ "$rc1" -eq 0 ] && [ -s "$T_DIR/e5.csv" ] && cmp -s "$T_DIR/e5-stdout.csv" "$T_DIR/e5.csv" && [ -z "$(ls "$T_DIR" | grep tmp)" ]; then
	t_ok "export -o- writes to standard output; -o FILE leaves no temporary file"
else
	t_not_ok "export -o- writes to standard output; -o FILE leaves no temporary file" "rc=$rc1"
fi
sd export requests -o "$T_DIR/no/such/dir/x.csv"
t_check "export to a directory that does not exist: 74" rc_is 74
sd export requests --encoding latin1
t_check "export --encoding latin1: 64" rc_is 64

# ---------------------------------------------------------------- bad input

sd_init
add_req >/dev/null
add_req --received '2026-10-10 10:10' >/dev/null
"$SERVDESK" --db "$DB" export requests -o "$T_DIR/before.csv" 2>/dev/null
ROW2='202611-0040,2026-11-06 08:00,phone,,客户甲,赵六,13911112222,,3,tester,,,open,,,检查,'
ROW3='202611-0041,2026-11-06 09:00,visit,,客户乙,钱七,13911113333,,3,tester,,,open,,,巡检,'

# bad NAME LINE FIELD [IMPORT-OPTIONS]: import $T_DIR/bad.csv; expect 65,
# one line naming the line (and FIELD unless it is "-"), and the register
# unchanged.
bad() {
	_name=$1 _line=$2 _field=$3 _fs=
	shift 3
	[ "$_field" = - ] || _fs=", field $_field"
	sd import requests "$T_DIR/bad.csv" "$@"
	_rc=$RC; [ -n "$SHOW_ERR" ] && cat "$T_DIR/err" >&2
	"$SERVDESK" --db "$DB" export requests -o "$T_DIR/after.csv" 2>/dev/null
	if [ "$_rc" -eq 65 ] && err_one_line && grep -q "line $_line\\b" "$T_DIR/err" \
	   && { [ "$_field" = - ] || grep -q "field $_field" "$T_DIR/err"; } \
	   && cmp -s "$T_DIR/before.csv" "$T_DIR/after.csv"; then
		t_ok "import refuses $_name: 65, line $_line$_fs, register unchanged"
	else
		RC=$_rc
		t_not_ok "import refuses $_name: 65, line $_line$_fs, register unchanged" "rc=$_rc"
	fi
}

{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/巡检/巡\xff检/'; } >"$T_DIR/bad.csv"
bad "an invalid byte sequence (auto)" 3 -
bad "an invalid byte sequence (UTF-8)" 3 - --encoding utf-8
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s' "$ROW3" | sed 's/巡检/\xe4\xb8/'; } >"$T_DIR/bad.csv"
bad "a sequence truncated at the end (UTF-8)" 3 - --encoding utf-8
{ printf '%s\n%s\n%s' "$FIX_HEAD" "$ROW2" "$ROW3" | iconv -f UTF-8 -t GB18030; printf '\201\071'; } >"$T_DIR/bad.csv"
bad "a sequence truncated at the end (GB18030)" 3 - --encoding gb18030
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/,巡检/,"巡检/'; } >"$T_DIR/bad.csv"
bad "an unterminated quote" 3 16
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/,巡检//'; } >"$T_DIR/bad.csv"
bad "a wrong number of fields" 3 -
{ printf '%s\n' "$FIX_HEAD"; printf '%s\n' "$ROW2" | sed 's/客户甲/客户\x00甲/'; printf '%s\n' "$ROW3"; } >"$T_DIR/bad.csv"
bad "a NUL byte" 2 5
{ printf '%s,colour\n%s,red\n' "$FIX_HEAD" "$ROW2"; } >"$T_DIR/bad.csv"
bad "an unknown column" 1 colour
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2" | sed 's/,phone,serial,/,serial,/; s/,13911112222,/,/'; } >"$T_DIR/bad.csv"
bad "a missing required column" 1 -
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/^202611-0041/202611-0001/'; } >"$T_DIR/bad.csv"
bad "a register number already in the register" 3 regno
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/^202611-0041/202611-0040/'; } >"$T_DIR/bad.csv"
bad "a register number twice in the file" 3 regno
{ printf '%s\n%s\n' "$FIX_HEAD" "$ROW2"; printf '%s\n' "$ROW3" | sed 's/,visit,/,pigeon,/'; } >"$T_DIR/bad.csv"
bad "an unknown channel" 3 channel

sd import requests "$T_DIR/no-such-file.csv"
if rc_is 66 && err_one_line; then
	t_ok "import of a missing file: 66"
else
	t_not_ok "import of a missing file: 66" "rc=$RC"
fi
sd import requests "$T_DIR/bad.csv" --encoding ebcdic
t_check "import --encoding ebcdic: 64" rc_is 64

# ================================================================ hostile text

sd_init
ESC=$(printf '\033')
HOSTILE_CUST="Evil${ESC}[2J${ESC}]0;owned$(printf '\007')Co$(printf '\302\233')31m"
# The command line refuses the control characters, naming the field, and
# its error line is harmless too.
sd request add --channel phone --customer "$HOSTILE_CUST" --requester R \
	--phone 13800138000 --item x
if rc_is 65 && grep -q 'customer: must not contain control characters (U+001B at character 5)' "$T_DIR/err" &&
	! has_bytes "$T_DIR/err" '\033' && [ "$(add_req 2>/dev/null)" = 202611-0001 ]; then
	t_ok "request add refuses escape sequences in the customer (65, field named)"
else
	t_not_ok "request add refuses escape sequences in the customer (65, field named)" "rc=$RC"
fi
# Text from elsewhere (a database written by another program) still must
# not reach the terminal raw: plant it with sqlite3.
HOSTILE_ITEM="item ${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\ end"
rc1=1
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "UPDATE request SET customer = '$HOSTILE_CUST', requester = 'R${ESC}[5m';
		UPDATE request_item SET text = '$HOSTILE_ITEM';" && rc1=0
fi
clean=yes
if [ "$rc1" -eq 0 ]; then
	for f in "request list" "request show 202611-0001" "staff list"; do
		# shellcheck disable=SC2086
		"$SERVDESK" --db "$DB" $f >"$T_DIR/out" 2>"$T_DIR/err"
		for b in '\033' '\007' '\302\233' '\233'; do
			has_bytes "$T_DIR/out" "$b" && clean="no ($f)"
		done
	done
	"$SERVDESK" --db "$DB" request show 202611-0001 --format json >"$T_DIR/out"
	has_bytes "$T_DIR/out" '\033' && clean="no (json)"
	grep -q '\\u001b' "$T_DIR/out" || clean="no (json escape)"
	"$SERVDESK" --db "$DB" request show 202611-0099 >"$T_DIR/out" 2>"$T_DIR/err"
	"$SERVDESK" --db "$DB" request show "X${ESC}[2J" >"$T_DIR/out" 2>"$T_DIR/err"
	has_bytes "$T_DIR/err" '\033' && clean="no (stderr)"
fi
if [ "$HAVE_SQLITE3" != yes ]; then
	t_skip "escape sequences in stored text never reach the terminal raw" "no sqlite3"
elif [ "$rc1" -eq 0 ] && [ "$clean" = yes ]; then
	t_ok "escape sequences in stored text never reach the terminal raw"
else
	t_not_ok "escape sequences in stored text never reach the terminal raw" "add rc=$rc1 clean=$clean"
fi
if [ "$HAVE_SQLITE3" = yes ]; then
	"$SERVDESK" --db "$DB" request list --format json >"$T_DIR/out"
	if [ "$(json_eval "$T_DIR/out" "json_valid(j) || (json_extract(j, '\$[0].customer') = char(69,118,105,108,27,91,50,74,27,93,48,59,111,119,110,101,100,7,67,111,155,51,49,109))")" = 11 ]; then
		t_ok "JSON keeps control characters, escaped"
	else
		t_not_ok "JSON keeps control characters, escaped"
	fi
else
	t_skip "JSON keeps control characters, escaped" "no sqlite3"
fi

# ================================================================ locales

sd_init
if [ "$HAVE_GB_LOCALE" = yes ]; then
	GBNAME=$(printf '王𠮷机械厂' | iconv -f UTF-8 -t GB18030)
	LC_ALL=zh_CN.GB18030 "$SERVDESK" --db "$DB" request add --channel phone \
		--customer "$GBNAME" --requester RQ --phone 13800138000 --item x >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	rc1=$RC
	"$SERVDESK" --db "$DB" request show 202611-0001 --format json >"$T_DIR/out"
	if [ "$rc1" -eq 0 ] && grep -q '"customer":"王𠮷机械厂"' "$T_DIR/out"; then
		t_ok "GB18030 locale: arguments are converted to UTF-8"
	else
		t_not_ok "GB18030 locale: arguments are converted to UTF-8" "rc=$rc1"
	fi
	LC_ALL=zh_CN.GB18030 "$SERVDESK" --db "$DB" request list >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && has_bytes "$T_DIR/out" "$(printf '%s' "$GBNAME" | od -An -to1 | tr -d ' \n' | sed 's/[0-7][0-7][0-7]/\\&/g')" \
	   && ! grep -q '王' "$T_DIR/out"; then
		t_ok "GB18030 locale: tables are written in GB18030"
	else
		t_not_ok "GB18030 locale: tables are written in GB18030" "rc=$RC"
	fi
	LC_ALL=zh_CN.GB18030 "$SERVDESK" --db "$DB" request list --format json >"$T_DIR/out" 2>"$T_DIR/err"
	t_check "GB18030 locale: JSON stays UTF-8" grep -q '王𠮷机械厂' "$T_DIR/out"
	LC_ALL=zh_CN.GB18030 "$SERVDESK" --db "$DB" request add --channel phone \
		--customer "$(printf '\377\377')" --requester RQ --phone 13800138000 --item x >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	t_check "GB18030 locale: an argument with invalid bytes: 64" rc_is 64
else
	for n in "arguments are converted to UTF-8" "tables are written in GB18030" \
	         "JSON stays UTF-8" "an argument with invalid bytes: 64"; do
		t_skip "GB18030 locale: $n" "no zh_CN.GB18030 locale"
	done
fi
"$SERVDESK" --db "$DB" request add --channel phone --customer "$(printf 'a\377b')" \
	--requester RQ --phone 13800138000 --item x >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
t_check "UTF-8 locale: an argument with invalid UTF-8: 64" rc_is 64

# export -o to a pipe (or a device) writes to it and never replaces it by a file
if command -v mkfifo >/dev/null 2>&1 && mkfifo "$T_DIR/pipe"; then
	cat "$T_DIR/pipe" > "$T_DIR/from-pipe" &
	reader=$!
	"$SERVDESK" --db "$DB" export requests -o "$T_DIR/pipe" 2>"$T_DIR/err"; RC=$?
	wait $reader
	if rc_is 0 && [ -p "$T_DIR/pipe" ] && grep -q 'regno,received_at' "$T_DIR/from-pipe"; then
		t_ok "export -o a pipe: written through, still a pipe"
	else
		t_not_ok "export -o a pipe: written through, still a pipe" "rc=$RC"
	fi
else
	t_skip "export -o a pipe: written through, still a pipe" "no mkfifo"
fi

t_done
