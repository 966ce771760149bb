#!/bin/sh
# returns.sh — end-to-end tests of returns and exchanges (退换货) (TAP):
# raising one on a ledger entry and on a complaint, the supervisor's
# approval and refusal, carrying out (an exchange issues its replacement
# from the store), closing with the disposition (restock receives the
# product back), roles, stale versions, the list with its filters, the
# 产品质量退换通知单 in text, JSON and PDF, and the month.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-returns.XXXXXX") || exit 99
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
		t_not_ok "$_name: $_want, database unchanged" "rc=$RC $(cat "$T_DIR/err")"
	fi
}

# as LOGIN ARGS...: sd as another person.
as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

# ok_is NAME TEXT: the last command succeeded and printed exactly TEXT.
ok_is() {
	if rc_is 0 && [ "$(cat "$T_DIR/out")" = "$2" ]; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC $(cat "$T_DIR/out" "$T_DIR/err")"
	fi
}

# on_hand PART: the part's stock on hand.
on_hand() {
	"$SERVDESK" --db "$DB" stock show "$1" --format json 2>/dev/null |
		sed -n 's/.*"on_hand":\([0-9-]*\).*/\1/p'
}

export SERVDESK_NOW="2026-11-24 10:00"
CUST=泰州市华东化工有限公司
SN=IH-2023-0457

# ================================================================ help

t_new
for cmd in "return" "return add" "return list" "return show" "return approve" "return refuse" \
           "return receive" "return close" "return form"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk $cmd --help exits 0"
	else
		t_not_ok "servdesk $cmd --help exits 0" "rc=$RC"
	fi
done
sd --help
t_check "servdesk --help lists return" grep -q '^  return ' "$T_DIR/out"

# ================================================================ setup

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 外地 &&
	"$SERVDESK" --db "$DB" equipment add "$SN" --customer "$CUST" --model "IH80-65-160 化工离心泵" &&
	"$SERVDESK" --db "$DB" stock part PT-100 --name "压力传感器 0-1.6MPa" --unit 只 &&
	"$SERVDESK" --db "$DB" stock receive PT-100 3 --cost 420
} >"$T_DIR/setup.out" 2>&1 || t_not_ok "setup" "$(cat "$T_DIR/setup.out")"
R=$(CUST=$CUST ITEM="压力传感器读数漂移" add_req --serial "$SN")
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1

# ================================================================ raising

refused "return add without --kind" 64 return add --entry "$R" --part PT-100 --cause quality
refused "return add with an unknown cause" 64 return add --entry "$R" --kind return --part PT-100 --cause nope
refused "return add with both --part and --serial" 64 return add --entry "$R" --kind return --part PT-100 \
	--serial "$SN" --cause quality
refused "return add without entry or complaint" 64 return add --kind return --part PT-100 --cause quality
refused "return add --qty 0" 64 return add --entry "$R" --kind return --part PT-100 --cause quality --qty 0
refused "return add of a part not in the store" 65 return add --entry "$R" --kind return --part NOPE --cause quality
refused "return add, cause other without text" 65 return add --entry "$R" --kind return --part PT-100 --cause other
t_check "the refusal names the field" grep -q 'cause_text' "$T_DIR/err"
refused "return add by a storekeeper" 77 as zhougang return add --entry "$R" --kind return --part PT-100 \
	--cause quality
refused "return add on an unknown entry" 65 return add --entry 202611-0099 --kind return --part PT-100 \
	--cause quality
as wangli return add --entry "$R" --kind exchange --part PT-100 --cause quality \
	--text "读数漂移超过 2%，现场校准无效" --on 2026-11-20
ok_is "an operator raises TH202611-0001" TH202611-0001
as zhangwei complaint add --customer "$CUST" --class quality --description "发来的压力传感器量程不符"
as zhangwei return add --complaint 1 --kind return --part PT-100 --cause wrong_delivery
ok_is "an engineer raises TH202611-0002 on a complaint (gapless after refusals)" TH202611-0002
SERVDESK_NOW="2026-12-01 08:30" sd return add --entry "$R" --kind return --serial "$SN" --cause transport
ok_is "a new month starts at TH202612-0001" TH202612-0001

# ================================================================ approval

TH=TH202611-0001
refused "receive before approval" 65 as zhougang return receive "$TH"
t_check "the refusal says nothing is carried out before approval" grep -q 'before approval' "$T_DIR/err"
refused "close before approval" 65 return close "$TH" --disposition scrap
refused "an operator does not approve" 77 as wangli return approve "$TH"
refused "an engineer does not approve" 77 as zhangwei return approve "$TH"
refused "a storekeeper does not approve" 77 as zhougang return approve "$TH"
refused "approve with a stale version" 65 return approve "$TH" --version 7
t_check "the stale refusal says who changed it" grep -q 'changed meanwhile (by wangli' "$T_DIR/err"
refused "approve before it was raised" 65 return approve "$TH" --on 2026-11-19
refused "approve with --disposition" 64 return approve "$TH" --disposition scrap
sd return approve "$TH" --note "质保期内，同意换货" --on 2026-11-21 --version 1
t_check "the supervisor approves (version 1)" rc_is 0
refused "approve again" 65 return approve "$TH"
refused "refuse once approved" 65 return refuse "$TH" --note 不同意
refused "refuse without a reason" 65 return refuse TH202611-0002
sd return refuse TH202611-0002 --note "非质量问题，按合同不予退货"
t_check "the supervisor refuses TH202611-0002" rc_is 0
refused "receive a refused one" 65 as zhougang return receive TH202611-0002

# ================================================================ carrying out

refused "an engineer does not carry it out" 77 as zhangwei return receive "$TH"
refused "receive with the version before approval" 65 as zhougang return receive "$TH" --version 1
as zhougang return receive "$TH" --version 2 --on 2026-11-22
t_check "the storekeeper carries out the exchange" rc_is 0
t_check "the replacement was issued from the store" [ "$(on_hand PT-100)" = 2 ]
sd stock history PT-100
t_check "the issue is in the stock journal against the entry" grep -q "$R" "$T_DIR/out"
refused "receive twice" 65 as zhougang return receive "$TH"
refused "close without a disposition" 64 as zhougang return close "$TH"
refused "close with an unknown disposition" 64 as zhougang return close "$TH" --disposition burn
refused "close with --repair but not repair" 64 as zhougang return close "$TH" --disposition scrap --repair RM202611-0001
refused "close naming an unknown repair order" 65 as zhougang return close "$TH" --disposition repair \
	--repair RM202611-0001
refused "an operator does not close" 77 as wangli return close "$TH" --disposition restock
as zhougang return close "$TH" --disposition restock --note "复检合格，退回入库"
t_check "closed: the returned sensor is back in the store" [ "$(on_hand PT-100)" = 3 ]
refused "close twice" 65 as zhougang return close "$TH" --disposition scrap

# ================================================================ show, list

sd return show "$TH"
if rc_is 0 && grep -q '换货\|exchange' "$T_DIR/out" && grep -q '2026-11-21, liuyang\|2026-11-21, ' "$T_DIR/out" &&
   grep -q '质保期内' "$T_DIR/out" && grep -q '2026-11-22, zhougang' "$T_DIR/out"; then
	t_ok "return show: kind, approval with date and person, steps"
else
	t_not_ok "return show: kind, approval with date and person, steps" "$(cat "$T_DIR/out")"
fi
sd return show "$TH" --format json
if rc_is 0 && grep -q '"state":"closed"' "$T_DIR/out" && grep -q '"disposition":"restock"' "$T_DIR/out" &&
   grep -q '"kind":"exchange"' "$T_DIR/out" && grep -q '"version":4' "$T_DIR/out"; then
	t_ok "return show --format json"
else
	t_not_ok "return show --format json" "$(cat "$T_DIR/out")"
fi
refused "return show of an unknown one" 65 return show TH202611-0099
sd return list --format csv
if rc_is 0 && head -1 "$T_DIR/out" | grep -q '^thno,kind,regno,' && [ "$(wc -l <"$T_DIR/out")" -eq 4 ] &&
   grep -q "^$TH,exchange,$R,,.*,PT-100,.*,quality,closed,2026-11-20," "$T_DIR/out" &&
   grep -q "^TH202611-0002,return,,1,.*,wrong_delivery,refused," "$T_DIR/out"; then
	t_ok "return list --format csv"
else
	t_not_ok "return list --format csv" "$(cat "$T_DIR/out")"
fi
sd return list --open
if rc_is 0 && grep -q TH202612-0001 "$T_DIR/out" && ! grep -q "$TH" "$T_DIR/out" &&
   ! grep -q TH202611-0002 "$T_DIR/out"; then
	t_ok "return list --open: neither closed nor refused"
else
	t_not_ok "return list --open: neither closed nor refused" "$(cat "$T_DIR/out")"
fi
sd return list --state refused --format json
t_check "return list --state refused" grep -q '"thno":"TH202611-0002"' "$T_DIR/out"
sd return list --complaint 1 --format csv
t_check "return list --complaint 1" [ "$(wc -l <"$T_DIR/out")" -eq 2 ]
refused "return list --state nope" 64 return list --state nope

# ================================================================ the form

sd return form "$TH"
if rc_is 0 && [ "$(grep -c 'PT-100' "$T_DIR/out")" -ge 2 ] && grep -q 'cut here\|剪' "$T_DIR/out" &&
   grep -q "$TH" "$T_DIR/out"; then
	t_ok "return form: two parts with the product, a cut line"
else
	t_not_ok "return form: two parts with the product, a cut line" "$(cat "$T_DIR/out")"
fi
sd return form "$TH" --format json
if rc_is 0 && grep -q '"document":"return_notice"' "$T_DIR/out" && grep -q '"service_copy"' "$T_DIR/out" &&
   grep -q '"store_copy"' "$T_DIR/out"; then
	t_ok "return form --format json: both copies"
else
	t_not_ok "return form --format json: both copies" "$(cat "$T_DIR/out")"
fi
sd return form "$TH" --format pdf -o "$T_DIR/form.pdf"
t_binary "return form --format pdf -o FILE" "$T_DIR/form.pdf" "%PDF-"
refused "return form of an unknown one" 65 return form TH202611-0099

# ================================================================ the month

sd report monthly 2026-11 --format json
if rc_is 0 && grep -q '"returns":{"raised":2,"approved":1,"refused":1,"closed":1,"open":0,"by_cause":\[{"cause":"quality","returns":0,"exchanges":1,"total":1},{"cause":"wrong_delivery","returns":1,"exchanges":0,"total":1}\]}' "$T_DIR/out"; then
	t_ok "report monthly: returns and exchanges of November by cause and kind"
else
	t_not_ok "report monthly: returns and exchanges of November by cause and kind" "$(grep -o '"returns":{.*' "$T_DIR/out")"
fi
sd report monthly 2026-12 --format json
t_check "report monthly: December has one still open" grep -q '"returns":{"raised":1,"approved":0,"refused":0,"closed":0,"open":1' "$T_DIR/out"
sd report monthly 2026-10 --format json
t_check "report monthly: a month without returns has no section" sh -c "! grep -q '\"returns\":' '$T_DIR/out'"
sd report monthly 2026-11
t_check "report monthly text: the section and its table" grep -q 'Raised in the month, by cause' "$T_DIR/out"

# ================================================================ audit

sd audit --table return_order
t_check "the steps are in the audit trail" grep -q 'approve' "$T_DIR/out"

t_done
