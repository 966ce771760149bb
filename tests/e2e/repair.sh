#!/bin/sh
# repair.sh — end-to-end tests of factory repair orders (返厂维修) and loan
# units (备用机) (TAP): opening an order on a ledger entry, the workshop's
# steps with their refusals and stale versions, roles, parts issued to an
# order, the repair commission (委托维修单) in text, JSON and PDF, the list
# of products at the factory, loan units lent and returned, and the month.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-repair.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# snap NAME: the database's whole content, for "unchanged" checks.
snap() {
	if [ "$HAVE_SQLITE3" = yes ]; then
		sqlite3 "$DB" .dump >"$T_DIR/snap.$1"
	else
		: >"$T_DIR/snap.$1"
	fi
}

# refused NAME STATUS [as LOGIN] ARGS...: servdesk ARGS (as LOGIN) exits
# STATUS with one error line, and the database is unchanged.
refused() {
	_name=$1
	_want=$2
	shift 2
	snap before
	if [ "$1" = as ]; then
		_who=$2
		shift 2
		SERVDESK_USER=$_who sd "$@"
	else
		sd "$@"
	fi
	snap after
	if rc_is "$_want" && err_one_line && cmp -s "$T_DIR/snap.before" "$T_DIR/snap.after"; then
		t_ok "$_name: $_want, database unchanged"
	else
		t_not_ok "$_name: $_want, database unchanged" "rc=$RC"
	fi
}

# as LOGIN ARGS...: sd as another person.
as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

# ok_has NAME TEXT: the last command succeeded and printed TEXT.
ok_has() {
	if rc_is 0 && grep -q -F -- "$2" "$T_DIR/out"; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC"
	fi
}

export SERVDESK_NOW="2026-11-24 10:00"
CUST=泰州市华东化工有限公司
OWN=本公司售后服务部
SN=IH-2023-0457

# ================================================================ help

t_new
for cmd in "repair" "repair list" "repair show" "repair start" "repair done" "repair scrap" \
           "repair return" "repair issue" "repair form" "repair loans" "ledger repair" \
           "ledger loan" "ledger loan-return"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk $cmd --help exits 0"
	else
		t_not_ok "servdesk $cmd --help exits 0" "rc=$RC"
	fi
done
sd --help
t_check "servdesk --help lists repair" grep -q '^  repair ' "$T_DIR/out"

# ================================================================ setup

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 外地 &&
	"$SERVDESK" --db "$DB" customer add "$OWN" &&
	"$SERVDESK" --db "$DB" equipment add "$SN" --customer "$CUST" --model "IH80-65-160 化工离心泵" &&
	"$SERVDESK" --db "$DB" equipment add BY-IH80-01 --customer "$OWN" --model "IH80 备用泵" --loan-unit yes &&
	"$SERVDESK" --db "$DB" equipment add YP-0009 --customer "$OWN" --model 样品泵 &&
	"$SERVDESK" --db "$DB" stock part KY-0315 --name 机械密封 --unit 套 &&
	"$SERVDESK" --db "$DB" stock receive KY-0315 5 --cost 380
} >"$T_DIR/setup.out" 2>&1 || t_not_ok "setup" "$(cat "$T_DIR/setup.out")"
R=$(CUST=$CUST ITEM="泵体机械密封漏液" add_req --serial "$SN")
R2=$(CUST=$CUST ITEM="电机轴承异响" add_req)
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$R2" >/dev/null 2>&1

# ================================================================ opening

refused "ledger repair without --product" 64 ledger repair "$R"
refused "ledger repair --items 0" 64 ledger repair "$R" --product "$SN" --items 0
refused "ledger repair on an unknown entry" 65 ledger repair 202611-0099 --product "$SN"
refused "ledger repair by a storekeeper" 77 as zhougang ledger repair "$R" --product "$SN"
refused "ledger repair dated in the future" 65 ledger repair "$R" --product "$SN" --on 2026-11-30
as wangli ledger repair "$R" --product "$SN" --note "机械密封漏液，随泵附电机一台" --on 2026-11-20 \
	--carrier 德邦物流 --waybill DB7731902245
if rc_is 0 && [ "$(cat "$T_DIR/out")" = RM202611-0001 ]; then
	t_ok "an operator opens RM202611-0001"
else
	t_not_ok "an operator opens RM202611-0001" "rc=$RC $(cat "$T_DIR/out" "$T_DIR/err")"
fi
sd ledger repair "$R2" --product PUMP-X
t_check "the next order is RM202611-0002 (gapless after refusals)" [ "$(cat "$T_DIR/out")" = RM202611-0002 ]
SERVDESK_NOW="2026-12-01 08:30" sd ledger repair "$R2" --product PUMP-X
t_check "a new month starts at RM202612-0001" [ "$(cat "$T_DIR/out")" = RM202612-0001 ]

# ================================================================ steps

RM=RM202611-0001
refused "done before the repair began" 65 repair done "$RM" --findings 更换机械密封
refused "return before repaired" 65 repair return "$RM" --carrier 德邦物流 --waybill DB1
refused "an operator does not start a repair" 77 as wangli repair start "$RM"
refused "a storekeeper does not start a repair" 77 as zhougang repair start "$RM"
refused "start with a stale version" 65 repair start "$RM" --version 7
t_check "the stale refusal says who changed it" grep -q 'changed meanwhile (by wangli' "$T_DIR/err"
refused "start before the receipt" 65 repair start "$RM" --on 2026-11-19
refused "start by someone not an engineer" 65 repair start "$RM" --by zhougang
refused "start with --carrier" 64 repair start "$RM" --carrier X
refused "start on an unknown order" 65 repair start RM202611-0099
as zhangwei repair start "$RM" --on 2026-11-21 --version 1
t_check "an engineer starts the repair (version 1)" rc_is 0
refused "start again" 65 repair start "$RM"
refused "done with the version before start" 65 repair done "$RM" --findings X --version 1
as zhangwei repair done "$RM" --findings "动环磨损，更换 KY-0315 机械密封" \
	--tests "水压试验 0.6 MPa 保压 30 分钟无渗漏" --version 2
t_check "done with the workshop's record" rc_is 0
refused "scrap once repaired" 65 repair scrap "$RM" --findings X
refused "return without a waybill" 65 repair return "$RM" --carrier 德邦物流
sd repair list --away
ok_has "repair list --away lists the product at the factory" "$RM"
sd repair return "$RM" --carrier 德邦物流 --waybill DB7731905518
t_check "the product is returned" rc_is 0
refused "return twice" 65 repair return "$RM" --carrier 德邦物流 --waybill DB7731905518
sd repair show "$RM"
if rc_is 0 && grep -q 'returned' "$T_DIR/out" && grep -q 'DB7731905518' "$T_DIR/out" &&
   grep -q '2026-11-21, zhangwei' "$T_DIR/out" && grep -q '水压试验' "$T_DIR/out" &&
   grep -q 'Days away: *4' "$T_DIR/out"; then
	t_ok "repair show: state, steps with dates and persons, record, days away"
else
	t_not_ok "repair show: state, steps with dates and persons, record, days away" "$(cat "$T_DIR/out")"
fi
sd repair show "$RM" --format json
if rc_is 0 && grep -q '"state":"returned"' "$T_DIR/out" && grep -q '"repairer":"zhangwei"' "$T_DIR/out" &&
   grep -q '"version":4' "$T_DIR/out"; then
	t_ok "repair show --format json"
else
	t_not_ok "repair show --format json" "$(cat "$T_DIR/out")"
fi
sd repair list --away
if rc_is 0 && ! grep -q "$RM" "$T_DIR/out" && grep -q RM202611-0002 "$T_DIR/out"; then
	t_ok "repair list --away: the returned product is no longer away"
else
	t_not_ok "repair list --away: the returned product is no longer away" "$(cat "$T_DIR/out")"
fi
sd repair list --format csv
if rc_is 0 && head -1 "$T_DIR/out" | grep -q '^rmno,regno,' && [ "$(wc -l <"$T_DIR/out")" -eq 4 ] &&
   grep -q "^$RM,$R,.*,returned,2026-11-20,2026-11-24,4," "$T_DIR/out"; then
	t_ok "repair list --format csv"
else
	t_not_ok "repair list --format csv" "$(cat "$T_DIR/out")"
fi
sd repair scrap RM202611-0002 --findings "泵壳开裂，无修复价值"
t_check "scrap straight from received" rc_is 0

# ================================================================ parts

refused "an engineer does not issue parts" 77 as zhangwei repair issue RM202612-0001 --part KY-0315 --qty 1
refused "parts to a scrapped order" 65 as zhougang repair issue RM202611-0002 --part KY-0315 --qty 1
refused "more parts than on hand" 65 as zhougang repair issue RM202612-0001 --part KY-0315 --qty 9
as zhougang repair issue RM202612-0001 --part KY-0315 --qty 2 --reason 更换机械密封
t_check "the storekeeper issues parts to an order" rc_is 0
sd stock history KY-0315
ok_has "the issue is in the stock journal against the entry" "$R2"
sd repair show RM202612-0001
ok_has "repair show lists the parts issued" "KY-0315"

# ================================================================ the form

sd repair form "$RM"
if rc_is 0 && [ "$(grep -c "$SN" "$T_DIR/out")" -ge 2 ] && grep -q 'cut here' "$T_DIR/out" &&
   grep -q 'DB7731902245' "$T_DIR/out"; then
	t_ok "repair form: two parts with the product, a cut line"
else
	t_not_ok "repair form: two parts with the product, a cut line" "$(cat "$T_DIR/out")"
fi
sd repair form "$RM" --format json
if rc_is 0 && grep -q '"document":"repair_order"' "$T_DIR/out" && grep -q '"customer_copy"' "$T_DIR/out" &&
   grep -q '"product_copy"' "$T_DIR/out"; then
	t_ok "repair form --format json: both copies"
else
	t_not_ok "repair form --format json: both copies" "$(cat "$T_DIR/out")"
fi
sd repair form "$RM" --format pdf -o "$T_DIR/form.pdf"
t_binary "repair form --format pdf -o FILE" "$T_DIR/form.pdf" "%PDF-"
refused "repair form of an unknown order" 65 repair form RM202611-0099

# ================================================================ loans

refused "lend a unit not marked as loan unit" 65 ledger loan "$R" --unit YP-0009
refused "lend an unknown unit" 65 ledger loan "$R" --unit NOPE
refused "an operator does not lend" 77 as wangli ledger loan "$R" --unit BY-IH80-01
as zhougang ledger loan "$R" --unit BY-IH80-01 --on 2026-11-20 --note 当天给予替代
t_check "the storekeeper lends the loan unit" rc_is 0
refused "lend it twice" 65 ledger loan "$R2" --unit BY-IH80-01
t_check "the refusal names where it is" grep -q "$R" "$T_DIR/err"
sd repair loans
if rc_is 0 && grep -q 'BY-IH80-01' "$T_DIR/out" && grep -q "$R" "$T_DIR/out" &&
   grep 'BY-IH80-01' "$T_DIR/out" | grep -q ' 4$'; then
	t_ok "repair loans: the unit out, 4 days"
else
	t_not_ok "repair loans: the unit out, 4 days" "$(cat "$T_DIR/out")"
fi
sd equipment show BY-IH80-01 --format json
t_check "equipment show: loan_unit" grep -q '"loan_unit":true' "$T_DIR/out"
refused "loan-return of an entry with nothing out" 65 ledger loan-return "$R2"
refused "loan-return with both REGNO and --unit" 64 ledger loan-return "$R" --unit BY-IH80-01
refused "loan-return before it was lent" 65 ledger loan-return "$R" --on 2026-11-19
sd ledger loan-return --unit BY-IH80-01
t_check "the unit comes back" rc_is 0
sd repair loans
t_check "repair loans: nothing out" [ "$(grep -c BY-IH80-01 "$T_DIR/out")" -eq 0 ]
sd repair loans --all --format csv
t_check "repair loans --all: the returned loan" grep -q "^BY-IH80-01,IH80 备用泵,$R,.*,2026-11-20,zhougang,2026-11-24,4," "$T_DIR/out"
sd ledger loan "$R2" --unit BY-IH80-01
t_check "back in, it can go out again" rc_is 0
sd equipment edit BY-IH80-01 --loan-unit maybe
t_check "equipment edit --loan-unit maybe: usage error" rc_is 64

# ================================================================ the month

sd report monthly 2026-11 --format json
if rc_is 0 && grep -q '"factory_repairs":{"opened":2,"returned":1,"away":1,"turnaround_days":{"n":4,"d":1}' "$T_DIR/out" &&
   grep -q '"loans_lent":2,"loans_out":1' "$T_DIR/out"; then
	t_ok "report monthly: factory repairs and loan units of November"
else
	t_not_ok "report monthly: factory repairs and loan units of November" "$(grep -o '"factory_repairs":{[^}]*}' "$T_DIR/out")"
fi

# ================================================================ audit

sd audit --table repair_order
t_check "the steps are in the audit trail" grep -q 'return' "$T_DIR/out"

t_done
