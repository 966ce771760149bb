#!/bin/sh
# ledger_doc.sh — `servdesk ledger show` as a document in every format (TAP):
# the request (requester, phone, equipment and its model, the customer's
# appointed engineer), the entry, the clocks, the charges and payments and
# the history, as text, JSON and CSV, and as XLSX and PDF read back with
# unzip and pdftotext; a binary format refused on a terminal; -o writes a
# file.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-ledger-doc.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# jf PATH: a value of the JSON in out ("" without sqlite3).
jf() {
	[ "$HAVE_SQLITE3" = yes ] || return 0
	sqlite3 :memory: "SELECT json_extract(readfile('$T_DIR/out'), '$1')"
}

CUST=昆山华东精密机械有限公司
SN=HD-2026-0007

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add liqiang --name 李强 --role engineer &&
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 市区 &&
	"$SERVDESK" --db "$DB" customer edit "$CUST" --engineer zhangwei --deputy liqiang &&
	"$SERVDESK" --db "$DB" equipment add "$SN" --customer "$CUST" --model 'ZP-300 喷涂机' --commissioned 2023-01-10
} >"$T_ROOT/setup.out" 2>&1
t_check "staff, customer with an appointed engineer, equipment" [ $? -eq 0 ]
R=$(CUST=$CUST REQR=陈工 ITEM=喷涂机压力不足 add_req --serial "$SN" --item 操作面板按键失灵 2>/dev/null)
"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
sd ledger take "$R"
sd ledger assign "$R" --engineer zhangwei
sd ledger charge "$R" --kind travel --amount 1,280.50 --note 苏州往返 --without-quote
sd ledger pay "$R" --amount 1000 --invoice 'No.00012345'
t_check "an entry taken, assigned, charged and paid ($R)" rc_is 0

# ---------------------------------------------------------------- text
sd ledger show "$R"
if rc_is 0 && grep -Eq "^Register number: +$R\$" "$T_DIR/out" && grep -Eq '^Requester: +陈工$' "$T_DIR/out" &&
   grep -Eq '^Phone: +13800138000$' "$T_DIR/out" && grep -Eq '^Model: +ZP-300 喷涂机$' "$T_DIR/out" &&
   grep -Eq '^Appointed engineer: +zhangwei \(张伟\), deputy liqiang \(李强\)$' "$T_DIR/out"; then
	t_ok "text: the request with requester, phone, model and the appointed engineer"
else
	t_not_ok "text: the request with requester, phone, model and the appointed engineer" "rc=$RC"
fi
if grep -Eq '^ *1 +喷涂机压力不足 +open' "$T_DIR/out" && grep -Eq '^ *2 +操作面板按键失灵 +open' "$T_DIR/out" &&
   grep -Eq '^Engineer: +zhangwei, ' "$T_DIR/out" && grep -Eq '^Outstanding: +280\.50$' "$T_DIR/out" &&
   grep -Eq '^2026-11-20 +travel +tier ' "$T_DIR/out" && grep -q 'No.00012345' "$T_DIR/out" &&
   grep -Eq '^2026-11-20 10:00 +tester +assigned +engineer: zhangwei' "$T_DIR/out"; then
	t_ok "text: items, entry, totals, charges, payments and history"
else
	t_not_ok "text: items, entry, totals, charges, payments and history"
fi
t_check "text: headed by the entry's title, paginated" \
	sh -c "head -1 '$T_DIR/out' | grep -q '^Ledger entry $R ' && grep -q 'page 1 of [0-9]' '$T_DIR/out'"
sd ledger show "$R" --width 80
t_check "text --width 80: no line wider than 80 columns" \
	sh -c "[ $RC -eq 0 ] && [ \$(LC_ALL=C.UTF-8 wc -L <'$T_DIR/out') -le 80 ]"

# ---------------------------------------------------------------- JSON
sd ledger show "$R" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "json: the document's members" "no sqlite3"
elif rc_is 0 && [ "$(jf '$.document')" = ledger_entry ] && [ "$(jf '$.regno')" = "$R" ] &&
     [ "$(jf '$.request.requester')" = 陈工 ] && [ "$(jf '$.request.phone')" = 13800138000 ] &&
     [ "$(jf '$.request.model')" = 'ZP-300 喷涂机' ] &&
     [ "$(jf '$.request.appointed')" = 'zhangwei (张伟), deputy liqiang (李强)' ] &&
     [ "$(jf '$.request.items[1].state')" = open ] && [ "$(jf '$.entry.engineer')" = zhangwei ] &&
     [ "$(jf '$.money.outstanding_fen')" = 28050 ] && [ "$(jf '$.money.charges[0].amount_fen')" = 128050 ] &&
     [ "$(jf '$.money.payments[0].invoice')" = No.00012345 ] && [ "$(jf '$.history.events[1].kind')" = assign ] &&
     [ "$(jf '$.entry.clocks[3].clock')" = onsite ] && [ "$(jf '$.card')" = "" ]; then
	t_ok "json: the document's members"
else
	t_not_ok "json: the document's members" "rc=$RC"
fi

# ---------------------------------------------------------------- CSV
sd ledger show "$R" --format csv
tr -d '\r' <"$T_DIR/out" >"$T_ROOT/show.csv"
if rc_is 0 && grep -q "^document,regno,$R\$" "$T_ROOT/show.csv" && grep -q '^request,requester,陈工$' "$T_ROOT/show.csv" &&
   grep -q '^entry,engineer,zhangwei$' "$T_ROOT/show.csv" && grep -q '^money,outstanding,280.50$' "$T_ROOT/show.csv" &&
   grep -q '^section,date,kind,tier,contract_id,free_repair,cause,amount,billed,reimbursable,note,who,at$' "$T_ROOT/show.csv" && grep -q '^charges,2026-11-20,travel,tier[0-9],.*,1280.50,1280.50,0,苏州往返,tester,' "$T_ROOT/show.csv"; then
	t_ok "csv: figures as section,figure,value; tables with their keys"
else
	t_not_ok "csv: figures as section,figure,value; tables with their keys" "rc=$RC"
fi
sd ledger show "$R" --format csv --encoding gb18030
t_check "csv --encoding gb18030" sh -c "[ $RC -eq 0 ] && iconv -f GB18030 -t UTF-8 '$T_DIR/out' | tr -d '\r' | grep -q '^request,requester,陈工$'"

# ---------------------------------------------------------------- XLSX and PDF
sd ledger show "$R" --format xlsx
t_check "xlsx without -o: 64, not for a terminal" sh -c "[ $RC -eq 64 ] && grep -q 'xlsx is not for a terminal' '$T_DIR/err'"
sd ledger show "$R" --format xlsx -o -
t_check "xlsx -o - to a file: a ZIP" sh -c "[ $RC -eq 0 ] && head -c 2 '$T_DIR/out' | grep -q '^PK'"
if ! command -v unzip >/dev/null 2>&1; then
	t_skip "xlsx: strings and numbers read back" "no unzip"
else
	sd ledger show "$R" --format xlsx -o "$T_ROOT/e.xlsx"
	unzip -p "$T_ROOT/e.xlsx" xl/sharedStrings.xml >"$T_ROOT/sst.xml" 2>/dev/null
	unzip -p "$T_ROOT/e.xlsx" 'xl/worksheets/sheet*.xml' >"$T_ROOT/sheets.xml" 2>/dev/null
	# the fields for people are lines of text; money a number, the service date the serial 46346 (2026-11-20)
	if rc_is 0 && grep -q ">Requester: *陈工<" "$T_ROOT/sst.xml" && grep -q ">苏州往返<" "$T_ROOT/sst.xml" &&
	   grep -q '<c r="D[0-9]*" s="[0-9]*"><v>1280.5</v>' "$T_ROOT/sheets.xml" &&
	   grep -q '<c r="A[0-9]*" s="[0-9]*"><v>46346</v>' "$T_ROOT/sheets.xml"; then
		t_ok "xlsx: strings and numbers read back"
	else
		t_not_ok "xlsx: strings and numbers read back" "rc=$RC"
	fi
fi
if ! command -v pdftotext >/dev/null 2>&1; then
	t_skip "pdf: the entry read back" "no pdftotext"
else
	sd ledger show "$R" --format pdf -o "$T_ROOT/e.pdf"
	pdftotext -raw "$T_ROOT/e.pdf" "$T_ROOT/e.txt" 2>/dev/null
	if rc_is 0 && grep -q "$R" "$T_ROOT/e.txt" && grep -q '陈工' "$T_ROOT/e.txt" && grep -q '1280.50' "$T_ROOT/e.txt" &&
	   grep -q 'No.00012345' "$T_ROOT/e.txt"; then
		t_ok "pdf: the entry read back"
	else
		t_not_ok "pdf: the entry read back" "rc=$RC"
	fi
fi

# ---------------------------------------------------------------- printing
printf '#!/bin/sh\ncat > "%s/printed"\n' "$T_ROOT" >"$T_ROOT/lp.sh"
chmod +x "$T_ROOT/lp.sh"
sd setting set print_command "$T_ROOT/lp.sh"
sd ledger show "$R" --print
t_check "--print sends a PDF of the entry to the print command" \
	sh -c "[ $RC -eq 0 ] && [ ! -s '$T_DIR/out' ] && head -c 5 '$T_ROOT/printed' | grep -q '^%PDF-'"
sd ledger show "$R" --print --format text
t_check "--print --format text sends the paginated text" \
	sh -c "[ $RC -eq 0 ] && grep -q '^Requester: *陈工' '$T_ROOT/printed'"

# ---------------------------------------------------------------- refusals
sd ledger show "$R" --format xml
t_check "an unknown format: 64, one line" sh -c "[ $RC -eq 64 ] && [ \$(wc -l <'$T_DIR/err') -eq 1 ]"
sd ledger show 209901-0001
t_check "no such entry: 65" rc_is 65

t_done
