#!/bin/sh
# export_xlsx.sh — `servdesk export KIND --format xlsx -o FILE` for every
# register, read back with unzip (TAP): one sheet per export holding the CSV
# export's header and rows; dates, times, money and counts as numbers with
# their formats, text as text (a customer named =1+1 is a string, never a
# formula); the CSV export unchanged beside it; refusals (xlsx without -o,
# --encoding with xlsx, an unknown format).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-export-xlsx.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

if ! command -v unzip >/dev/null 2>&1; then
	echo "1..0 # SKIP unzip is not installed"
	exit 0
fi

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" customer add '=1+1' --region 市区 --contact 吴振华 &&
	"$SERVDESK" --db "$DB" customer add 沙洲纺织 --key --contact 李明 --phone 13912345678 &&
	"$SERVDESK" --db "$DB" equipment add SZ-2019-07 --customer 沙洲纺织 --model 'ZP-300 喷涂机' \
		--delivered 2019-05-31 --commissioned 2019-06-10 &&
	"$SERVDESK" --db "$DB" stock part BRG-6205 --name 深沟球轴承 --unit 个 --reorder-point 5 \
		--reorder-qty 20 --cost 35.50 &&
	"$SERVDESK" --db "$DB" stock receive BRG-6205 8 --cost 35.50 &&
	"$SERVDESK" --db "$DB" contract add 沙洲纺织 --from 2026-05-31 --to 2027-05-30 --visits quarterly &&
	"$SERVDESK" --db "$DB" visit plan
} >"$T_ROOT/setup.out" 2>&1
t_check "customers, equipment, a part in stock, visits planned" [ $? -eq 0 ]
sed 's/^/# /' "$T_ROOT/setup.out" | tail -3
R=$(CUST=沙洲纺织 add_req --serial SZ-2019-07 --priority P2 2>/dev/null)
"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
sd ledger take "$R"
sd ledger charge "$R" --kind travel --amount 1,280.50 --without-quote
t_check "a request in the ledger with a charge ($R)" rc_is 0

# xl KIND: export KIND as xlsx into $T_ROOT/KIND.xlsx and its parts into KIND.sst, KIND.sheet
xl() {
	sd export "$@" --format xlsx -o "$T_ROOT/$1.xlsx"
	unzip -p "$T_ROOT/$1.xlsx" xl/sharedStrings.xml >"$T_ROOT/$1.sst" 2>/dev/null
	unzip -p "$T_ROOT/$1.xlsx" xl/worksheets/sheet1.xml >"$T_ROOT/$1.sheet" 2>/dev/null
	unzip -p "$T_ROOT/$1.xlsx" xl/styles.xml >"$T_ROOT/$1.styles" 2>/dev/null
}
# num KIND VALUE: a numeric cell (no type attribute) holds VALUE
num() { grep -q "<c r=\"[A-Z]*[0-9]*\" s=\"[0-9]*\"><v>$2</v></c>" "$T_ROOT/$1.sheet"; }
# str KIND TEXT: TEXT is a shared string
str() { grep -q ">$2</t>" "$T_ROOT/$1.sst"; }

xl customers
if rc_is 0 && str customers '=1+1' && str customers 'key_customer' && str customers '沙洲纺织' &&
   ! grep -q '<f>' "$T_ROOT/customers.sheet" && num customers 1; then
	t_ok "customers: =1+1 a string, not a formula; key_customer a number"
else
	t_not_ok "customers: =1+1 a string, not a formula; key_customer a number" "rc=$RC"
fi

xl equipment
# 2019-06-10 is the serial day 43626
if rc_is 0 && str equipment 'commissioned_on' && str equipment 'ZP-300 喷涂机' && num equipment 43626; then
	t_ok "equipment: dates as dates"
else
	t_not_ok "equipment: dates as dates" "rc=$RC"
fi

xl parts
if rc_is 0 && str parts 'unit_cost' && num parts 35.5 && num parts 20 &&
   grep -q 'formatCode="0.00"' "$T_ROOT/parts.styles"; then
	t_ok "parts: money with the format 0.00, counts as numbers"
else
	t_not_ok "parts: money with the format 0.00, counts as numbers" "rc=$RC"
fi

xl stock
if rc_is 0 && str stock 'stock_value' && num stock 8 && num stock 284; then
	t_ok "stock: on hand and the stock value as numbers"
else
	t_not_ok "stock: on hand and the stock value as numbers" "rc=$RC"
fi

xl requests
# received 2026-11-20 10:00: 46346 and 10/24 of a day
if rc_is 0 && str requests 'received_at' && str requests "$R" && num requests '46346.41666666666[0-9]*'; then
	t_ok "requests: times as date and time"
else
	t_not_ok "requests: times as date and time" "rc=$RC"
fi

xl ledger
if rc_is 0 && str ledger '成本(元)' && str ledger "$R" && num ledger 1280.5; then
	t_ok "ledger: the Chinese titles, money as numbers"
else
	t_not_ok "ledger: the Chinese titles, money as numbers" "rc=$RC"
fi

xl visits
n=$(sd export visits; tr -d '\r' <"$T_DIR/out" | tail -n +2 | grep -c .)
sd export visits --format xlsx -o "$T_ROOT/visits.xlsx"
unzip -p "$T_ROOT/visits.xlsx" xl/worksheets/sheet1.xml >"$T_ROOT/visits.sheet" 2>/dev/null
rows=$(grep -o '<row ' "$T_ROOT/visits.sheet" | grep -c .)
if rc_is 0 && str visits '应访日期' && [ "$n" -ge 1 ] && [ "$rows" -gt "$n" ]; then
	t_ok "visits: the Chinese titles and every row ($n)"
else
	t_not_ok "visits: the Chinese titles and every row" "csv rows $n, sheet rows $rows"
fi

xl ledger --month 2026-11
t_check "ledger --month: the month a fact of the workbook" sh -c "[ $RC -eq 0 ] && grep -q '>2026-11</t>' '$T_ROOT/ledger.sst'"

# the CSV export is the CSV export
sd export customers
t_check "csv: unchanged, with its BOM" sh -c "[ $RC -eq 0 ] && head -c 3 '$T_DIR/out' | od -An -tx1 | grep -q 'ef bb bf' && grep -q '^=1+1,市区,0,,吴振华,' '$T_DIR/out'"

sd export customers --format xlsx
t_check "xlsx without -o: 64" rc_is 64
sd export customers --format xlsx --encoding gb18030 -o "$T_ROOT/x.xlsx"
t_check "xlsx with --encoding: 64" sh -c "[ $RC -eq 64 ] && [ ! -e '$T_ROOT/x.xlsx' ]"
sd export customers --format pdf -o "$T_ROOT/x.pdf"
t_check "an unknown format: 64" sh -c "[ $RC -eq 64 ] && [ ! -e '$T_ROOT/x.pdf' ]"

t_done
