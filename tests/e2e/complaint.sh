#!/bin/sh
# complaint.sh — end-to-end tests of a complaint's handling (TAP): cause and
# responsibility, severity and the supervisor's approval before closing, the
# progress log and the first-reply clock with its policy, the corrective
# action and its check, the claim and its settlement, the escalation to the
# general manager, roles, refusals that leave the database unchanged, the
# optimistic check, and the customer's appointed engineer.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-complaint.XXXXXX") || exit 99
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

refused() {
	_name=$1
	_want=$2
	shift 2
	snap before
	sd "$@"
	snap after
	if rc_is "$_want" && err_one_line && cmp -s "$T_DIR/snap.before" "$T_DIR/snap.after"; then
		t_ok "$_name: $_want, database unchanged"
	else
		t_not_ok "$_name: $_want, database unchanged" "rc=$RC"
	fi
}

as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

at() {
	_when=$1
	shift
	SERVDESK_NOW=$_when sd "$@"
}

ok_has() {
	rc_is 0 && grep -q -F -- "$1" "$T_DIR/out"
}

# csv_field N: field N of the first data row of the CSV output (no quoted commas).
csv_field() {
	sed -n 2p "$T_DIR/out" | tr -d '\r' | cut -d, -f"$1"
}

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add liqiang --name 李强 --role engineer &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper &&
	"$SERVDESK" --db "$DB" customer add 华东机械 --region 市区
} >"$T_DIR/setup.out" 2>&1
t_check "setup" test $? -eq 0

# ---------------------------------------------------------------- the first-reply clock
sd policy complaint
t_check "policy complaint: 30 minutes round the clock by default" ok_has 30m
as wangli complaint add --customer 华东机械 --class quality --description 轴承异响
C1=$(cat "$T_DIR/out")
t_check "an operator records a complaint" rc_is 0
at '2026-11-20 10:15' complaint list --format csv
t_check "within 30 minutes: running, due 10:30" test "$(csv_field 17),$(csv_field 19)" = "2026-11-20 10:30,running"
at '2026-11-20 10:25' complaint list --format csv
t_check "ten minutes before: near" test "$(csv_field 19)" = near
at '2026-11-20 10:31' complaint list
t_check "after 30 minutes without a reply: overdue in the list" ok_has '!! '
at '2026-11-20 10:31' complaint list --open --format json
t_check "json names the state" ok_has '"reply_state":"overdue"'
SERVDESK_NOW='2026-11-20 10:40' as wangli complaint reply "$C1" --text 已电话回复客户,明日上门
t_check "an operator records the reply" rc_is 0
at '2026-11-20 10:50' complaint list --format csv
t_check "a late reply: missed, replied at 10:40" test "$(csv_field 18),$(csv_field 19)" = "2026-11-20 10:40,missed"
refused "reply without text" 64 complaint reply "$C1"
export SERVDESK_USER=zhougang
refused "a storekeeper logs progress" 77 complaint progress "$C1" --text x
export SERVDESK_USER=tester
refused "policy complaint with a bad duration" 64 policy complaint 30x
as zhangwei policy complaint 1h
t_check "an engineer may not set the policy: 77" rc_is 77
sd complaint add --customer 华东机械 --class other --description 服务态度
C2=$(cat "$T_DIR/out")
sd policy complaint 2h
t_check "the supervisor sets 2h" rc_is 0
sd complaint list --format csv
tr -d '\r' <"$T_DIR/out" >"$T_DIR/list"
if grep -q "^$C2,.*,2026-11-20 12:00,,running$" "$T_DIR/list" && grep -q "^$C1,.*,2026-11-20 10:30,2026-11-20 10:40,missed$" "$T_DIR/list"; then
	t_ok "policy change recomputes the unanswered one only"
else
	t_not_ok "policy change recomputes the unanswered one only"
fi

# ---------------------------------------------------------------- handling and approval
as wangli complaint handle "$C1" --cause x
t_check "an operator may not handle: 77" rc_is 77
as zhangwei complaint handle "$C1" --cause 热处理不良 --department 质量部 --person 李四 \
	--severity serious --action 更换热处理供应商 --claim 1200.50
t_check "an engineer records cause, responsibility, severity, action and claim" rc_is 0
refused "an unknown severity" 64 complaint handle "$C1" --severity 很严重
refused "a negative claim" 64 complaint handle "$C1" --claim -5
refused "a serious complaint closes before approval" 65 complaint close "$C1" --handling 已更换
if grep -q "approve" "$T_DIR/err"; then t_ok "the refusal says it needs approval"; else t_not_ok "the refusal says it needs approval"; fi
export SERVDESK_USER=zhangwei
refused "an engineer approves" 77 complaint approve "$C1"
export SERVDESK_USER=tester
refused "approving a general complaint" 65 complaint approve "$C2"
sd complaint approve "$C1" --note 同意按质量事故处理
t_check "the supervisor approves" rc_is 0
as zhangwei complaint handle "$C1" --severity major
as zhangwei complaint show "$C1"
t_check "a new severity needs a new approval" ok_has '(awaiting'
sd complaint approve "$C1" --note 重大,总经理知悉
refused "verify without result" 64 complaint verify "$C1"
as zhangwei complaint verify "$C1" --result 复查三批合格
t_check "the check of the corrective action" rc_is 0
sd complaint settle "$C1" --amount 800 --on 2026-11-19
t_check "the settlement" rc_is 0
refused "settle in the future" 65 complaint settle "$C1" --amount 800 --on 2027-01-01
sd complaint escalate "$C1" --on 2026-11-20 --outcome 总经理同意赔偿
t_check "escalation to the general manager" rc_is 0
as zhangwei complaint progress "$C1" --text 已派人到客户现场
sd complaint show "$C1"
if ok_has '热处理不良' && ok_has '质量部' && ok_has '1200.50' && ok_has '800.00, 2026-11-19' &&
   ok_has '总经理同意赔偿' && ok_has '复查三批合格' && ok_has '已派人到客户现场' && ok_has '已电话回复客户'; then
	t_ok "complaint show: the whole handling and the progress log"
else
	t_not_ok "complaint show: the whole handling and the progress log"
fi
as zhangwei complaint close "$C1" --handling 已更换整批轴承
t_check "approved: it closes" rc_is 0
refused "handling a closed complaint" 65 complaint handle "$C1" --cause y
sd complaint settle "$C1" --amount 900
t_check "a claim is still settled after closing" rc_is 0
sd complaint progress "$C1" --text 客户回访满意
t_check "progress after closing" rc_is 0
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "UPDATE complaint_progress SET text = 'x'" 2>/dev/null
	t_check "the progress log is append-only" test $? -ne 0
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE tbl = 'complaint' AND rowkey = '$C1'")
	t_check "every change audited ($n rows)" test "$n" -ge 10
else
	t_skip "the progress log is append-only" "no sqlite3"
	t_skip "every change audited" "no sqlite3"
fi

# ---------------------------------------------------------------- the customer's engineer
sd customer edit 华东机械 --engineer zhangwei --deputy liqiang
t_check "appoint an engineer and a deputy" rc_is 0
refused "appoint someone not on the staff" 65 customer edit 华东机械 --deputy nobody
refused "appoint an operator" 65 customer edit 华东机械 --deputy wangli
refused "replace the engineer without the customer's consent" 65 customer edit 华东机械 --engineer liqiang
sd customer edit 华东机械 --engineer liqiang --deputy zhangwei --agreed-by 客户王经理
t_check "replace him with the customer's consent" rc_is 0
sd customer show 华东机械
if ok_has liqiang && ok_has 客户王经理; then t_ok "customer show names the engineer and who agreed"; else t_not_ok "customer show names the engineer and who agreed"; fi
sd customer show 华东机械 --format json
t_check "customer show --format json names them" ok_has '"engineer":"liqiang","deputy":"zhangwei","engineer_agreed_by":"客户王经理"'
if [ "$HAVE_SQLITE3" = yes ]; then
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE tbl = 'customer' AND action = 'appoint' AND new LIKE '%客户王经理%'")
	t_check "the consent is in the audit trail" test "$n" -eq 1
else
	t_skip "the consent is in the audit trail" "no sqlite3"
fi
sd customer edit 华东机械 --deputy ''
t_check "the deputy may change without consent" rc_is 0
CUST=华东机械 add_req >"$T_DIR/req" 2>&1
R=$(cat "$T_DIR/req")
sd ledger take "$R"
sd ledger assign "$R"
t_check "ledger assign without --engineer takes the appointed engineer" rc_is 0
sd ledger show "$R"
t_check "ledger show names the appointed engineer" ok_has liqiang

t_done
