#!/bin/sh
# customer.sh — end-to-end tests of the customer and equipment commands (TAP):
# add, list, show, warranty, downtime; exit statuses; roles; CSV import and
# export of customers and equipment in UTF-8 and GB18030.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-cust.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# json_ok FILE: the file is valid JSON (skipped as true without sqlite3).
json_ok() {
	[ "$HAVE_SQLITE3" = no ] && return 0
	[ "$(sqlite3 :memory: "select json_valid(readfile('$1'))")" = 1 ]
}

CUST=江苏驰耐特防腐科技有限公司
SN=CNT-FF2023-0157

# A database with two customers, equipment, and downtime.
sample() {
	sd_init
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 市区 --key --contact 王𠮷 \
		--phone 0512-58639752 --address '苏州市工业园区星湖街 1 号' &&
	"$SERVDESK" --db "$DB" customer add 杭州㐀水务 --region 外地 --contact 李工 \
		--phone 0571-88886666 &&
	"$SERVDESK" --db "$DB" customer add 'Acme € Pumps' &&
	"$SERVDESK" --db "$DB" equipment add "$SN" --customer "$CUST" --model 'FF-200 €' \
		--delivered 2024-11-20 --accepted 2024-12-01 --commissioned 2025-01-10 \
		--note "$(printf '防腐泵出口压力波动,\n"急"')" &&
	"$SERVDESK" --db "$DB" equipment add 'SN 9' --customer 杭州㐀水务 --accepted 2025-05-05 &&
	"$SERVDESK" --db "$DB" equipment add 王𠮷-001 --customer 'Acme € Pumps' --model 型号㐀 &&
	"$SERVDESK" --db "$DB" equipment downtime "$SN" --from 2025-03-01 --to 2025-03-10 \
		--reason 主轴损坏停机
}

# ================================================================ help

t_new
for cmd in "customer" "customer add" "customer list" "customer show" "equipment" \
           "equipment add" "equipment list" "equipment show" "equipment warranty" \
           "equipment downtime"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk $cmd --help exits 0"
	else
		t_not_ok "servdesk $cmd --help exits 0" "rc=$RC"
	fi
done
[ -e "$DB" ] && t_not_ok "--help creates no database" || t_ok "--help creates no database"

sd --help
if rc_is 0 && grep -q 'customer add' "$T_DIR/out" && grep -q 'equipment add' "$T_DIR/out"; then
	t_ok "servdesk --help lists customer and equipment"
else
	t_not_ok "servdesk --help lists customer and equipment" "rc=$RC"
fi
sd import --help
if rc_is 0 && grep -q 'customers' "$T_DIR/out" && grep -q 'equipment' "$T_DIR/out"; then
	t_ok "import --help names customers and equipment"
else
	t_not_ok "import --help names customers and equipment" "rc=$RC"
fi
sd export --help
if rc_is 0 && grep -q 'customers' "$T_DIR/out" && grep -q 'equipment' "$T_DIR/out"; then
	t_ok "export --help names customers and equipment"
else
	t_not_ok "export --help names customers and equipment" "rc=$RC"
fi

# ================================================================ usage errors

sd_init
for args in "customer" "customer frob" "customer add" "customer add A --colour red" \
            "customer list --format xml" "customer show" "equipment" "equipment add" \
            "equipment add S1 --delivered 2025-02-30" "equipment warranty" \
            "equipment warranty S1 --on tomorrow" "equipment downtime S1 --from 2025-03-01" \
            "equipment downtime S1 --from 2025-03-01 --to 2025/03/02 --reason x" \
            "equipment show S1 --format table"; do
	# shellcheck disable=SC2086
	sd $args
	if rc_is 64 && err_one_line; then
		t_ok "usage: $args -> 64"
	else
		t_not_ok "usage: $args -> 64" "rc=$RC"
	fi
done
sd equipment add NEW-1 --model X
if rc_is 64 && grep -q -- '--customer' "$T_DIR/err"; then
	t_ok "new equipment without --customer: 64"
else
	t_not_ok "new equipment without --customer: 64" "rc=$RC"
fi
sd export customers --month 2026-11
t_check "export customers --month: 64" rc_is 64

# ================================================================ customers

sample
t_check "sample data added" [ $? -eq 0 ]

sd customer add 杭州㐀水务 --phone 12
if rc_is 65 && err_one_line && grep -q 'phone' "$T_DIR/err"; then
	t_ok "customer add with a bad phone: 65 naming the field"
else
	t_not_ok "customer add with a bad phone: 65 naming the field" "rc=$RC"
fi
sd customer add "$(printf 'A\nB')"
t_check "customer name on two lines: 65" rc_is 65

# update keeps the fields not given
sd customer add 杭州㐀水务 --no-key --address '杭州市 文三路 9 号'
sd customer show 杭州㐀水务
if rc_is 0 && grep -q '李工' "$T_DIR/out" && grep -q '文三路' "$T_DIR/out" &&
   grep -q '外地' "$T_DIR/out"; then
	t_ok "customer add updates, keeping fields not given"
else
	t_not_ok "customer add updates, keeping fields not given" "rc=$RC"
fi

sd customer list
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 4 ] && grep -q "$CUST" "$T_DIR/out"; then
	t_ok "customer list: header and three rows"
else
	t_not_ok "customer list: header and three rows" "rc=$RC"
fi
# the Phone column starts at the same display column on every line
cols=$( { display_col "$T_DIR/out" 'Phone'; display_col "$T_DIR/out" '0512-'; \
          display_col "$T_DIR/out" '0571-'; } | sort -u | wc -l)
t_check "customer list: columns aligned by display width" [ "$cols" -eq 1 ]

sd customer list --search 水务
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 2 ] && grep -q '杭州㐀水务' "$T_DIR/out"; then
	t_ok "customer list --search"
else
	t_not_ok "customer list --search" "rc=$RC"
fi

sd customer list --format json
if rc_is 0 && json_ok "$T_DIR/out" && grep -q '"key_customer":true' "$T_DIR/out"; then
	t_ok "customer list --format json"
else
	t_not_ok "customer list --format json" "rc=$RC"
fi
sd customer list --format csv
if rc_is 0 && head -n 1 "$T_DIR/out" | grep -q '^name,region,key_customer,address,contact,phone'; then
	t_ok "customer list --format csv"
else
	t_not_ok "customer list --format csv" "rc=$RC"
fi

sd customer show "$CUST"
if rc_is 0 && grep -q "$SN" "$T_DIR/out" && grep -q '王𠮷' "$T_DIR/out" &&
   grep -q '2026-01-20' "$T_DIR/out"; then
	t_ok "customer show: the customer with its equipment and warranty end"
else
	t_not_ok "customer show: the customer with its equipment and warranty end" "rc=$RC"
fi
sd customer show "$CUST" --format json
if rc_is 0 && json_ok "$T_DIR/out" && grep -q '"equipment":\[' "$T_DIR/out" &&
   grep -q "\"serial\":\"$SN\"" "$T_DIR/out"; then
	t_ok "customer show --format json"
else
	t_not_ok "customer show --format json" "rc=$RC"
fi
sd customer show 无此客户
if rc_is 65 && err_one_line && grep -q '无此客户' "$T_DIR/err"; then
	t_ok "customer show of an unknown customer: 65"
else
	t_not_ok "customer show of an unknown customer: 65" "rc=$RC"
fi

# ================================================================ equipment

sd equipment add S-X --customer 无此客户
if rc_is 65 && err_one_line && grep -q 'customer' "$T_DIR/err"; then
	t_ok "equipment for an unknown customer: 65"
else
	t_not_ok "equipment for an unknown customer: 65" "rc=$RC"
fi
sd equipment add S-X --customer "$CUST" --delivered 2025-02-01 --commissioned 2025-01-01
t_check "commissioned before delivered: 65" rc_is 65
sd equipment show S-X
t_check "refused equipment is not there" rc_is 65

sd equipment list
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 4 ] && grep -q 'SN 9' "$T_DIR/out"; then
	t_ok "equipment list"
else
	t_not_ok "equipment list" "rc=$RC"
fi
sd equipment list --customer 杭州㐀水务 --format csv
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 2 ] && grep -q '^SN 9,杭州㐀水务' "$T_DIR/out"; then
	t_ok "equipment list --customer --format csv"
else
	t_not_ok "equipment list --customer --format csv" "rc=$RC"
fi
sd equipment list --format json
if rc_is 0 && json_ok "$T_DIR/out" && grep -q '"warranty_end":"2026-01-20"' "$T_DIR/out"; then
	t_ok "equipment list --format json"
else
	t_not_ok "equipment list --format json" "rc=$RC"
fi
sd equipment list --customer 无此客户
t_check "equipment list of an unknown customer: 65" rc_is 65

sd equipment show "$SN"
if rc_is 0 && grep -q 'FF-200 €' "$T_DIR/out" && grep -q '"急"' "$T_DIR/out" &&
   grep -q '2026-11-20' "$T_DIR/out"; then
	t_ok "equipment show (today from SERVDESK_NOW)"
else
	t_not_ok "equipment show (today from SERVDESK_NOW)" "rc=$RC"
fi
sd equipment show "$SN" --format json
if rc_is 0 && json_ok "$T_DIR/out" && grep -q '"tier":"tier1"' "$T_DIR/out"; then
	t_ok "equipment show --format json"
else
	t_not_ok "equipment show --format json" "rc=$RC"
fi
sd equipment show NOPE
t_check "equipment show of an unknown serial: 65" rc_is 65

# ================================================================ downtime

sd equipment downtime "$SN" --from 2025-04-10 --to 2025-04-01 --reason 停机
if rc_is 65 && err_one_line; then
	t_ok "downtime ending before it starts: 65"
else
	t_not_ok "downtime ending before it starts: 65" "rc=$RC"
fi
sd equipment downtime NOPE --from 2025-04-01 --to 2025-04-02 --reason 停机
t_check "downtime of an unknown serial: 65" rc_is 65
sd equipment downtime "$SN" --from 2025-04-01 --to 2025-04-02 --reason ' '
t_check "downtime without a reason: 65" rc_is 65

# ================================================================ warranty

# commissioning 2025-01-10 + 12 = 2026-01-10; acceptance 2024-12-01 + 18 =
# 2026-06-01; the earlier + 10 days of downtime = 2026-01-20; tier 1 to
# 2028-01-20; tier 2 to 2029-01-20.
sd equipment warranty "$SN" --on 2025-06-01
if rc_is 0 && grep -q 'commissioning 2025-01-10 + 12 months = 2026-01-10' "$T_DIR/out" &&
   grep -q 'arrival acceptance 2024-12-01 + 18 months = 2026-06-01' "$T_DIR/out" &&
   grep -q 'the earlier: 2026-01-10' "$T_DIR/out" &&
   grep -q '+ 10 days of downtime' "$T_DIR/out" && grep -q '主轴损坏停机' "$T_DIR/out" &&
   grep -q 'on 2025-06-01: in warranty' "$T_DIR/out" &&
   grep -q 'parts: free' "$T_DIR/out"; then
	t_ok "warranty in warranty: the rule, the downtime, every cost free"
else
	t_not_ok "warranty in warranty: the rule, the downtime, every cost free" "rc=$RC"
fi
sd equipment warranty "$SN" --on 2026-03-01
if rc_is 0 && grep -q 'on 2026-03-01: tier 1' "$T_DIR/out" &&
   grep -q 'labour: free' "$T_DIR/out" && grep -q 'parts: charged' "$T_DIR/out" &&
   grep -q 'travel: free' "$T_DIR/out"; then
	t_ok "warranty tier 1: labour free, parts charged"
else
	t_not_ok "warranty tier 1: labour free, parts charged" "rc=$RC"
fi
sd equipment warranty "$SN" --on 2028-06-01
if rc_is 0 && grep -q 'on 2028-06-01: tier 2' "$T_DIR/out" &&
   grep -q 'labour: free' "$T_DIR/out" && grep -q 'travel: charged' "$T_DIR/out" &&
   grep -q 'lodging: charged' "$T_DIR/out"; then
	t_ok "warranty tier 2: no labour fee, travel and lodging charged"
else
	t_not_ok "warranty tier 2: no labour fee, travel and lodging charged" "rc=$RC"
fi
sd equipment warranty "$SN" --on 2029-06-01
if rc_is 0 && grep -q 'on 2029-06-01: tier 3' "$T_DIR/out" &&
   grep -q 'labour: charged' "$T_DIR/out"; then
	t_ok "warranty after the tiers: everything charged"
else
	t_not_ok "warranty after the tiers: everything charged" "rc=$RC"
fi
sd equipment warranty "$SN"
t_check "warranty defaults to today" grep -q 'on 2026-11-20: tier 1' "$T_DIR/out"
sd equipment warranty "$SN" --on 2026-03-01 --format json
if rc_is 0 && json_ok "$T_DIR/out" && grep -q '"end":"2026-01-20"' "$T_DIR/out" &&
   grep -q '"downtime_days":10' "$T_DIR/out" && grep -q '"parts":true' "$T_DIR/out"; then
	t_ok "warranty --format json"
else
	t_not_ok "warranty --format json" "rc=$RC"
fi
sd equipment warranty 'SN 9' --on 2026-03-01
if rc_is 0 && grep -q 'commissioning not known' "$T_DIR/out" &&
   grep -q 'in warranty' "$T_DIR/out"; then
	t_ok "warranty with acceptance only"
else
	t_not_ok "warranty with acceptance only" "rc=$RC"
fi
sd equipment warranty NOPE
t_check "warranty of an unknown serial: 65" rc_is 65

# ================================================================ roles

sd staff add op1 --name 前台小王 --role operator
sd staff add sk1 --name 库管老李 --role storekeeper
SERVDESK_USER=op1 sd customer add 上海新客户 --phone 021-12345678
t_check "an operator may add customers" rc_is 0
SERVDESK_USER=op1 sd equipment downtime "$SN" --from 2025-05-01 --to 2025-05-01 --reason 停电
t_check "an operator may record downtime" rc_is 0
SERVDESK_USER=sk1 sd customer add 上海新客户 --phone 021-87654321
if rc_is 77 && err_one_line; then
	t_ok "a storekeeper may not add customers: 77"
else
	t_not_ok "a storekeeper may not add customers: 77" "rc=$RC"
fi
SERVDESK_USER=sk1 sd equipment add "$SN" --model X
t_check "a storekeeper may not change equipment: 77" rc_is 77
SERVDESK_USER=sk1 sd equipment downtime "$SN" --from 2025-05-01 --to 2025-05-02 --reason x
t_check "a storekeeper may not record downtime: 77" rc_is 77
SERVDESK_USER=sk1 sd customer list
t_check "a storekeeper may list customers" rc_is 0
SERVDESK_USER=sk1 sd equipment warranty "$SN"
t_check "a storekeeper may read the warranty" rc_is 0
sd customer show 上海新客户
t_check "the storekeeper's refused change left the phone" grep -q '021-12345678' "$T_DIR/out"

# ================================================================ import, export

sample
SRC=$DB
for enc in utf-8 gb18030; do
	D=$T_DIR
	"$SERVDESK" --db "$SRC" export customers --encoding $enc -o "$D/c1.csv" 2>"$D/err" &&
	"$SERVDESK" --db "$SRC" export equipment --encoding $enc -o "$D/e1.csv" 2>>"$D/err"
	t_check "export customers and equipment ($enc)" [ $? -eq 0 ]
	t_new
	"$SERVDESK" --db "$DB" init >/dev/null 2>&1
	sd import customers "$D/c1.csv" --encoding $enc
	t_check "import customers ($enc)" rc_is 0
	sd import equipment "$D/e1.csv"
	t_check "import equipment ($enc, detected)" rc_is 0
	"$SERVDESK" --db "$DB" export customers --encoding $enc -o "$T_DIR/c2.csv" &&
	"$SERVDESK" --db "$DB" export equipment --encoding $enc -o "$T_DIR/e2.csv"
	if cmp -s "$D/c1.csv" "$T_DIR/c2.csv" && cmp -s "$D/e1.csv" "$T_DIR/e2.csv"; then
		t_ok "round trip byte-identical ($enc)"
	else
		t_not_ok "round trip byte-identical ($enc)"
	fi
	T_DIR=$D
done
if has_bytes "$T_DIR/c1.csv" '\357\273\277name,'; then
	t_not_ok "GB18030 export has no BOM"
else
	t_ok "GB18030 export has no BOM"
fi
# 𠮷 in GB18030 is the four bytes 95 34 B2 35; € is A2 E3
if has_bytes "$T_DIR/c1.csv" '\225\064\262\065' && has_bytes "$T_DIR/e1.csv" '\242\343'; then
	t_ok "GB18030 export holds 𠮷 and €"
else
	t_not_ok "GB18030 export holds 𠮷 and €"
fi
sd export customers
if rc_is 0 && has_bytes "$T_DIR/out" '\357\273\277name,region,key_customer'; then
	t_ok "UTF-8 export to stdout starts with a BOM and the header"
else
	t_not_ok "UTF-8 export to stdout starts with a BOM and the header" "rc=$RC"
fi

t_new
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd import customers "$T_DIR/none.csv"
if rc_is 66 && err_one_line; then
	t_ok "import of a missing file: 66"
else
	t_not_ok "import of a missing file: 66" "rc=$RC"
fi
printf '客户名称,区域,重点客户,联系电话\r\n苏州精工,市区,是,0512-58639752\r\n' >"$T_DIR/c.csv"
sd import customers "$T_DIR/c.csv"
t_check "import customers with Chinese headers" rc_is 0
printf '设备序列号,客户,型号,到货验收日期,调试日期,备注\r\nSN-1,苏州精工,FF,2024-12-01,2025-01-10,"两行\r\n备注"\r\nSN-2,无此客户,FF,,,\r\n' \
	>"$T_DIR/e.csv"
"$SERVDESK" --db "$DB" export equipment -o "$T_DIR/before.csv"
sd import equipment "$T_DIR/e.csv"
if rc_is 65 && err_one_line && grep -q 'line 4, field 客户: ' "$T_DIR/err"; then
	t_ok "equipment import naming an unknown customer: 65 with line and field"
else
	t_not_ok "equipment import naming an unknown customer: 65 with line and field" "rc=$RC"
fi
"$SERVDESK" --db "$DB" export equipment -o "$T_DIR/after.csv"
t_check "a refused import leaves the database unchanged" cmp -s "$T_DIR/before.csv" "$T_DIR/after.csv"
head -n 3 "$T_DIR/e.csv" >"$T_DIR/e-ok.csv"
sd import equipment "$T_DIR/e-ok.csv"
t_check "import equipment with Chinese headers and a two-line note" rc_is 0
sd equipment warranty SN-1 --on 2025-12-01
if rc_is 0 && grep -q 'on 2025-12-01: in warranty' "$T_DIR/out"; then
	t_ok "imported equipment has its warranty"
else
	t_not_ok "imported equipment has its warranty" "rc=$RC"
fi
printf 'name,colour\r\nX,red\r\n' >"$T_DIR/bad.csv"
sd import customers "$T_DIR/bad.csv"
if rc_is 65 && grep -q 'line 1, field colour: unknown column' "$T_DIR/err"; then
	t_ok "import with an unknown column: 65"
else
	t_not_ok "import with an unknown column: 65" "rc=$RC"
fi
sd staff add sk1 --name 库管老李 --role storekeeper
SERVDESK_USER=sk1 sd import customers "$T_DIR/c.csv"
t_check "a storekeeper may not import customers: 77" rc_is 77

t_done
