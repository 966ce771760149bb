#!/bin/sh
# quote.sh — end-to-end tests of quotations (报价单) (TAP): making one on a
# ledger entry from planned lines, who pays each line (warranty, cause),
# numbering, sending, the customer's answer with its refusals, roles and
# stale versions, a revision after a refusal, expiry, the list, the
# printable form, and the gate on chargeable lines (--without-quote).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-quote.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

snap() {
	if [ "$HAVE_SQLITE3" = yes ]; then
		sqlite3 "$DB" .dump >"$T_DIR/snap.$1"
	else
		: >"$T_DIR/snap.$1"
	fi
}

# refused NAME STATUS [as LOGIN] ARGS...: exits STATUS with one error line, database unchanged.
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

as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

ok_has() {
	if rc_is 0 && grep -q -F -- "$2" "$T_DIR/out"; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC $(cat "$T_DIR/err")"
	fi
}

export SERVDESK_NOW="2026-11-24 10:00"
CUST=江苏沙钢集团有限公司
OLD=YYZ-2018-0042
NEW=YYZ-2026-0001
LINES="--line labour:8:150 --line travel:600 --line lodging:2:280 --line parts:YZ-MF-80:2"

# ================================================================ help

t_new
for cmd in "quote" "quote list" "quote show" "quote send" "quote accept" "quote refuse" "quote form" \
           "ledger quote"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk $cmd --help exits 0"
	else
		t_not_ok "servdesk $cmd --help exits 0" "rc=$RC"
	fi
done
sd --help
t_check "servdesk --help lists quote" grep -q '^  quote ' "$T_DIR/out"
sd ledger charge --help
t_check "ledger charge --help names --without-quote" grep -q -- '--without-quote' "$T_DIR/out"

# ================================================================ setup

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" customer add "$CUST" &&
	"$SERVDESK" --db "$DB" equipment add "$OLD" --customer "$CUST" --model "YZ-160 液压站" \
		--accepted 2018-05-01 --commissioned 2018-06-01 &&
	"$SERVDESK" --db "$DB" equipment add "$NEW" --customer "$CUST" --model "YZ-160 液压站" \
		--accepted 2026-02-01 --commissioned 2026-03-10 &&
	"$SERVDESK" --db "$DB" stock part YZ-MF-80 --name "机械密封 80" --unit 套 &&
	"$SERVDESK" --db "$DB" stock receive YZ-MF-80 5 --cost 680
} >"$T_DIR/setup.out" 2>&1 || t_not_ok "setup" "$(cat "$T_DIR/setup.out")"
R=$(CUST=$CUST ITEM="液压站油泵压力不足，油温偏高" add_req --serial "$OLD")
W=$(CUST=$CUST ITEM="液压站电磁阀不动作" add_req --serial "$NEW")
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$W" >/dev/null 2>&1

# ================================================================ the gate, before any quotation

refused "a payable charge without a quotation" 65 ledger charge "$R" --kind labour --amount 1200
t_check "the refusal says there is no quotation" grep -q 'no quotation' "$T_DIR/err"
sd ledger charge "$W" --kind labour --amount 1200
t_check "a line under warranty needs no quotation" rc_is 0
sd ledger charge "$R" --kind travel --amount 600 --without-quote
ok_has "--without-quote charges it anyway" "600.00"

# ================================================================ making

refused "ledger quote without a line" 64 ledger quote "$R"
refused "ledger quote with a bad line" 64 ledger quote "$R" --line labour:8
refused "ledger quote with an unknown kind" 64 ledger quote "$R" --line fuel:1:1
refused "ledger quote --valid-days 0" 64 ledger quote "$R" $LINES --valid-days 0
refused "ledger quote by an operator" 77 as wangli ledger quote "$R" $LINES
refused "ledger quote by a storekeeper" 77 as zhougang ledger quote "$R" $LINES
refused "ledger quote with an unknown part" 65 ledger quote "$R" --line parts:NO-SUCH:1
refused "ledger quote planned in the past" 65 ledger quote "$R" $LINES --repair-time 2026-11-01
refused "ledger quote on an unknown entry" 65 ledger quote 202611-0099 $LINES
# shellcheck disable=SC2086
as zhangwei ledger quote "$R" $LINES --repair-time "2026-11-30 09:00" --repair-days 3 --note 含拆检
if rc_is 0 && [ "$(cat "$T_DIR/out")" = QT202611-0001 ]; then
	t_ok "an engineer makes QT202611-0001 (gapless after refusals)"
else
	t_not_ok "an engineer makes QT202611-0001" "rc=$RC $(cat "$T_DIR/out" "$T_DIR/err")"
fi
Q=QT202611-0001
# shellcheck disable=SC2086
refused "a second quotation while one is open" 65 ledger quote "$R" $LINES
sd quote show "$Q"
if rc_is 0 && grep -q '3720.00' "$T_DIR/out" && grep -q '2026-12-23' "$T_DIR/out" &&
   grep -q '2026-11-30 09:00' "$T_DIR/out" && grep -q 'YZ-MF-80' "$T_DIR/out" &&
   grep -q 'tier 3' "$T_DIR/out" && grep -q 'draft' "$T_DIR/out"; then
	t_ok "quote show: total 3720.00, valid until 2026-12-23, planned time, the part, the tier, draft"
else
	t_not_ok "quote show" "rc=$RC"
fi
sd quote show "$Q" --format json
if rc_is 0 && grep -q '"customer_pays_fen":372000' "$T_DIR/out" && grep -q '"document":"quotation"' "$T_DIR/out"; then
	t_ok "quote show --format json: what the customer pays"
else
	t_not_ok "quote show --format json" "rc=$RC $(head -c 300 "$T_DIR/out")"
fi
# shellcheck disable=SC2086
sd ledger quote "$W" $LINES
W_Q=$(cat "$T_DIR/out")
t_check "the entry under warranty gets QT202611-0002" [ "$W_Q" = QT202611-0002 ]
sd quote show "$W_Q" --format json
t_check "under warranty the customer pays nothing" grep -q '"customer_pays_fen":0,"covered_fen":372000' "$T_DIR/out"

# ================================================================ send and answer

refused "accept a draft" 65 quote accept "$Q" --person 吴振华 --how phone
refused "send by an operator" 77 as wangli quote send "$Q"
refused "send with a stale version" 65 quote send "$Q" --version 7
t_check "the stale refusal says who changed it" grep -q 'changed meanwhile (by zhangwei' "$T_DIR/err"
refused "send in the future" 65 quote send "$Q" --on 2026-11-30
refused "send with --person" 64 quote send "$Q" --person 吴振华
as zhangwei quote send "$Q" --version 1
t_check "an engineer sends it" rc_is 0
refused "the gate while the quotation is only sent" 65 ledger charge "$R" --kind labour --amount 1200
t_check "the refusal names the quotation and its state" grep -q "$Q is sent" "$T_DIR/err"
refused "refuse without --person" 64 quote refuse "$Q" --how fax
refused "refuse without --how" 64 quote refuse "$Q" --person 吴振华
refused "refuse with an unknown way" 64 quote refuse "$Q" --person 吴振华 --how pigeon
refused "refuse by a storekeeper" 77 as zhougang quote refuse "$Q" --person 吴振华 --how fax
as wangli quote refuse "$Q" --person 吴振华 --how fax --remark 价格偏高 --version 2
t_check "an operator records the refusal" rc_is 0
refused "accept after a refusal" 65 quote accept "$Q" --person 吴振华 --how phone
refused "the gate after a refusal" 65 ledger charge "$R" --kind labour --amount 1200
t_check "the refusal says refused" grep -q "refused" "$T_DIR/err"

# ================================================================ revision

sd ledger quote "$R" --line labour:6:150 --line parts:YZ-MF-80:1 --repair-time 2026-12-02
Q2=$(cat "$T_DIR/out")
t_check "the revision is QT202611-0003" [ "$Q2" = QT202611-0003 ]
sd quote show "$Q2"
ok_has "the revision names the refused one" "$Q"
sd quote send "$Q2"
as wangli quote accept "$Q2" --person 吴振华 --how e-mail --remark 同意
t_check "the customer accepts the revision" rc_is 0
sd ledger charge "$R" --kind labour --amount 900
t_check "the gate lets the charge through once accepted" rc_is 0
sd quote list
if rc_is 0 && grep -q "$Q .*refused" "$T_DIR/out" && grep -q "$Q2 .*accepted" "$T_DIR/out"; then
	t_ok "quote list shows refused and accepted"
else
	t_not_ok "quote list" "rc=$RC"
fi
sd quote list --state accepted --format csv
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 2 ] && grep -q "^$Q2," "$T_DIR/out"; then
	t_ok "quote list --state accepted --format csv"
else
	t_not_ok "quote list --state accepted --format csv" "rc=$RC"
fi
sd quote list --entry "$W" --format json
t_check "quote list --entry" grep -q "\"qno\":\"$W_Q\"" "$T_DIR/out"
refused "quote list --state with an unknown state" 64 quote list --state lost

# ================================================================ the month

sd report monthly 2026-11 --format json
if rc_is 0 && grep -q '"quotations":{"sent":2,"accepted":1,"refused":1,"expired":0' "$T_DIR/out"; then
	t_ok "report monthly: quotations sent, accepted, refused, expired"
else
	t_not_ok "report monthly: quotations" "rc=$RC $(grep -o '"quotations":{[^}]*}' "$T_DIR/out")"
fi

# ================================================================ expiry

SERVDESK_NOW="2026-12-24 09:00" sd quote list --state expired
ok_has "the unsent quotation past its validity is expired" "$W_Q"
SERVDESK_NOW="2026-12-24 09:00" refused "send an expired quotation" 65 quote send "$W_Q"
# shellcheck disable=SC2086
SERVDESK_NOW="2026-12-24 09:00" sd ledger quote "$W" $LINES --valid-days 10
t_check "a revision after expiry starts the new month (QT202612-0001)" [ "$(cat "$T_DIR/out")" = QT202612-0001 ]

# ================================================================ the form

sd quote form "$Q2"
if rc_is 0 && grep -q 'signature' "$T_DIR/out" && grep -q '2026-12-23' "$T_DIR/out"; then
	t_ok "quote form: validity and a place for the signature"
else
	t_not_ok "quote form" "rc=$RC"
fi
sd quote form "$Q2" --format pdf -o "$T_DIR/q.pdf"
t_binary "quote form --format pdf -o FILE" "$T_DIR/q.pdf" "%PDF-"
sd quote form "$Q2" --format csv
t_check "quote form --format csv" grep -q 'customer_pays' "$T_DIR/out"
refused "quote show -o" 64 quote show "$Q2" -o "$T_DIR/x.txt"
refused "quote form of an unknown quotation" 65 quote form QT202611-0099

t_done
