#!/bin/sh
# ledger.sh — end-to-end tests of the after-sales ledger, complaint and
# policy commands (TAP): whole entries from intake to close, refusals that
# leave the database unchanged, roles, charges under the warranty tiers, the
# explanation of a due time across the National Day holiday, the overdue
# list, pauses, complaints, the policy and the calendar, JSON output.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-ledger.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# json_eval FILE SQL-EXPR: evaluate an expression over the file's JSON (j).
json_eval() {
	sqlite3 :memory: "select $2 from (select readfile('$1') as j)"
}

# json_ok FILE: the file is valid JSON (true without sqlite3).
json_ok() {
	[ "$HAVE_SQLITE3" = no ] && return 0
	[ "$(json_eval "$1" "json_valid(j)")" = 1 ]
}

# snap NAME: the database's whole content, for "unchanged" checks.
snap() {
	if [ "$HAVE_SQLITE3" = yes ]; then
		sqlite3 "$DB" .dump >"$T_DIR/snap.$1"
	else
		: >"$T_DIR/snap.$1"
	fi
}

# ok_has TEXT: the last command succeeded and printed TEXT.
ok_has() {
	rc_is 0 && grep -q -F -- "$1" "$T_DIR/out"
}

# refused NAME STATUS ARGS...: servdesk ARGS exits STATUS with one error
# line, and the database is unchanged.
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

# as LOGIN ARGS...: sd as another person.
as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

# at TIME ARGS...: sd at another moment.
at() {
	_when=$1
	shift
	SERVDESK_NOW=$_when sd "$@"
}

# new_req [OPTIONS...]: add a request and hand it to zhangwei; prints its number.
new_req() {
	_r=$(add_req "$@" 2>/dev/null) || return 1
	"$SERVDESK" --db "$DB" request hand "$_r" --to zhangwei >/dev/null 2>&1 || return 1
	printf '%s\n' "$_r"
}

# no_sqlite3 NAME: without the sqlite3 CLI, skip the JSON check NAME (true).
no_sqlite3() {
	[ "$HAVE_SQLITE3" = yes ] && return 1
	t_skip "$1" "no sqlite3"
	return 0
}

# json_field FILE PATH: a value of the JSON in FILE.
json_field() {
	[ "$HAVE_SQLITE3" = yes ] || return 0
	json_eval "$1" "json_extract(j, '$2')"
}

CUST=江苏驰耐特防腐科技有限公司
SN_NEW=CNT-FF2026-0157
SN_OLD=SZDQ-BY2022-0031

# ================================================================ help

t_new
for cmd in "ledger" "ledger take" "ledger assign" "ledger propose" "ledger contact" \
           "ledger diagnose" "ledger escalate" "policy hours" \
           "ledger plan" "ledger arrive" "ledger clear" "ledger confirm" "ledger close" \
           "ledger unresolvable" "ledger pause" "ledger resume" "ledger charge" \
           "ledger pay" "ledger list" "ledger show" "ledger explain" "ledger faults" "ledger item" "complaint" \
           "complaint add" "complaint close" "complaint list" "policy" "policy list" \
           "policy set" "policy calendar"; do
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
if rc_is 0 && grep -q 'ledger' "$T_DIR/out" && grep -q 'complaint' "$T_DIR/out" &&
   grep -q 'policy' "$T_DIR/out"; then
	t_ok "servdesk --help lists ledger, complaint and policy"
else
	t_not_ok "servdesk --help lists ledger, complaint and policy" "rc=$RC"
fi

# ================================================================ setup

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add liqiang --name 李强 --role engineer &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 市区 &&
	"$SERVDESK" --db "$DB" equipment add "$SN_NEW" --customer "$CUST" --commissioned 2026-06-01 &&
	"$SERVDESK" --db "$DB" equipment add "$SN_OLD" --customer "$CUST" --commissioned 2023-01-10
} >"$T_DIR/setup.out" 2>&1
t_check "staff, customer and equipment set up" [ $? -eq 0 ]

# ================================================================ fault categories

sd ledger faults --format csv
if rc_is 0 && [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 10 ] && head -n 1 "$T_DIR/out" | grep -q '^code,name' &&
   grep -q '^mech,机械故障' "$T_DIR/out" && grep -q '^other,其他' "$T_DIR/out"; then
	t_ok "ledger faults --format csv: the 10 categories, code and name"
else
	t_not_ok "ledger faults --format csv: the 10 categories, code and name" "rc=$RC"
fi
sd ledger faults
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 11 ] && grep -Eq '^ctrl +控制系统/软件故障' "$T_DIR/out"; then
	t_ok "ledger faults: a table of 10 categories"
else
	t_not_ok "ledger faults: a table of 10 categories" "rc=$RC"
fi
sd ledger faults --format json
if no_sqlite3 "ledger faults --format json: 10 categories in order of code"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "json_array_length(j) || ',' || json_extract(j, '\$[0].code') || ',' || json_extract(j, '\$[3].name')")" = "10,ctrl,人为损坏" ]; then
	t_ok "ledger faults --format json: 10 categories in order of code"
else
	t_not_ok "ledger faults --format json: 10 categories in order of code" "rc=$RC"
fi

# ================================================================ usage errors

R0=$(new_req)
for args in "ledger" "ledger frob" "ledger take" \
            "ledger propose $R0 --solution x" "ledger propose $R0 --mode fax --solution x" \
            "ledger propose $R0 --mode remote" "ledger contact $R0 --at yesterday" \
            "ledger plan $R0" "ledger confirm $R0 --by 王工" \
            "ledger confirm $R0 --by 王工 --how mail" "ledger charge $R0 --kind labour" \
            "ledger charge $R0 --kind food --amount 1" "ledger charge $R0 --kind labour --amount 1.234" \
            "ledger charge $R0 --kind labour --amount 1 --on 2026-02-30" \
            "ledger pay $R0 --amount 10" "ledger list --state done" "ledger list --format xml" \
            "ledger show $R0 --format xml" "ledger faults --format xml" "ledger faults extra" \
            "complaint add --customer A --class quality" \
            "complaint add --customer A --class severe --description x" \
            "complaint add --customer A --class other --description x --quantity many" \
            "complaint close abc --handling x" "policy set P5 --respond 1 --onsite 2 --clear 3" \
            "policy set P1 --respond 1x --onsite 2" "policy set P1 --respond -1 --onsite 2 --clear 3" \
            "policy set P1 --respond 30d" "policy set P1 --clear 367wd" "policy set P1 --onsite 1.5h" \
            "policy hours 17:30-08:30" "policy hours 8:30-17:30" \
            "policy frob"; do
	# shellcheck disable=SC2086
	refused "usage: $args" 64 $args
done
refused "assign without --engineer to a customer with no appointed engineer" 65 ledger assign "$R0"

# ================================================================ a remote entry

R1=$(new_req --priority P2 --serial "$SN_NEW" --customer "$CUST")
sd ledger take "$R1"
t_check "take a handed request" rc_is 0
refused "take it twice" 65 ledger take "$R1"
refused "take with a responsible person not on the staff" 65 ledger take "$R0" --responsible nobody
refused "assign an engineer not on the staff" 65 ledger assign "$R1" --engineer nobody
as zhougang ledger assign "$R1" --engineer zhangwei
t_check "a storekeeper assigning: 77" rc_is 77
as zhougang ledger take "$R0"
t_check "a storekeeper taking in: 77" rc_is 77
sd ledger assign "$R1" --engineer zhangwei
t_check "assign" rc_is 0
refused "close before a solution" 65 ledger close "$R1"
refused "propose with an unknown fault code" 65 ledger propose "$R1" --mode remote \
	--solution '远程登录修改变频器参数 P0.12' --fault 漏油
if grep -q '漏油' "$T_DIR/err" && grep -q 'mech' "$T_DIR/err" && grep -q 'usage' "$T_DIR/err"; then
	t_ok "the refusal names the code given and the known codes"
else
	t_not_ok "the refusal names the code given and the known codes"
fi
as zhangwei ledger propose "$R1" --mode remote --solution '远程登录修改变频器参数 P0.12' --fault ctrl
t_check "propose remote service (by the engineer)" rc_is 0
refused "clear with the maintenance item open" 65 ledger clear "$R1"
if grep -q '1 (设备报警)' "$T_DIR/err"; then
	t_ok "the refusal names the open item"
else
	t_not_ok "the refusal names the open item"
fi
as zhangwei ledger item "$R1" 1 done '远程修改参数后报警消除'
t_check "settle the item (by the engineer)" rc_is 0
as zhangwei ledger clear "$R1"
t_check "the fault cleared remotely" rc_is 0
refused "remote close without the user's confirmation" 65 ledger close "$R1"
sd ledger confirm "$R1" --by 王工 --how phone
t_check "confirm by phone" rc_is 0
refused "confirm twice" 65 ledger confirm "$R1" --by 王工 --how fax
sd ledger close "$R1"
t_check "close" rc_is 0
refused "a step on a closed entry" 65 ledger contact "$R1"
refused "unresolvable on a closed entry" 65 ledger unresolvable "$R1" --reason 无法复现

sd ledger show "$R1" --format json
if no_sqlite3 "show --format json: a closed remote entry, signatures recorded"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "(j->>'\$.entry.state') || ',' || (j->>'\$.entry.mode') || ',' || (j->>'\$.entry.responsible') || ',' || (j->>'\$.entry.engineer') || ',' || (j->>'\$.entry.confirmed_by') || ',' || (j->>'\$.entry.confirmed_how') || ',' || (j->>'\$.entry.fault_code')")" = "closed,remote,tester,zhangwei,王工,phone,ctrl" ]; then
	t_ok "show --format json: a closed remote entry, signatures recorded"
else
	t_not_ok "show --format json: a closed remote entry, signatures recorded" "rc=$RC"
fi
if no_sqlite3 "show --format json: the fault category's name"; then
	:
elif [ "$(json_field "$T_DIR/out" '$.entry.fault_name')" = "控制系统/软件故障" ]; then
	t_ok "show --format json: the fault category's name"
else
	t_not_ok "show --format json: the fault category's name"
fi
if no_sqlite3 "show --format json: history and six clocks"; then
	:
elif [ "$(json_eval "$T_DIR/out" "json_array_length(j, '\$.history.events') >= 5 AND json_array_length(j, '\$.entry.clocks') = 6 AND (j->>'\$.entry.clocks[0].clock') = 'reply' AND (j->>'\$.entry.clocks[5].clock') = 'escalate'")" = 1 ]; then
	t_ok "show --format json: history and six clocks"
else
	t_not_ok "show --format json: history and six clocks"
fi
sd ledger show "$R1"
if rc_is 0 && grep -q '远程登录修改变频器参数' "$T_DIR/out" && grep -q 'History' "$T_DIR/out" &&
   grep -q '王工' "$T_DIR/out" && grep -Eq '^Fault category: +ctrl 控制系统/软件故障$' "$T_DIR/out"; then
	t_ok "show: fields and history as text"
else
	t_not_ok "show: fields and history as text" "rc=$RC"
fi

# ================================================================ an on-site entry

R2=$(new_req --priority P1 --serial "$SN_NEW" --customer "$CUST")
sd ledger take "$R2" --responsible liqiang
t_check "take with another responsible person" rc_is 0
sd ledger assign "$R2" --engineer zhangwei
sd ledger propose "$R2" --mode onsite --solution '更换主轴轴承' --fault mech
t_check "propose on-site service" rc_is 0
sd ledger plan "$R2" --visit '2026-11-20 14:00'
t_check "plan the visit" rc_is 0
sd ledger contact "$R2" --at '2026-11-20 10:00'
t_check "first contact" rc_is 0
sd ledger arrive "$R2" --at '2026-11-20 10:00'
t_check "arrive on site" rc_is 0
sd ledger charge "$R2" --kind labour --amount 800 --note 更换主轴轴承 --without-quote
if rc_is 0 && grep -q '800.00' "$T_DIR/out" && grep -q 'warranty)' "$T_DIR/out" &&
   grep -Eq 'pays: +0\.00$' "$T_DIR/out"; then
	t_ok "charge in warranty: the customer pays 0.00"
else
	t_not_ok "charge in warranty: the customer pays 0.00" "rc=$RC"
fi
sd ledger item "$R2" 1 done '更换主轴轴承'
t_check "settle the item" rc_is 0
sd ledger clear "$R2" --at '2026-11-20 10:00'
t_check "clear the fault" rc_is 0
sd ledger confirm "$R2" --by 李工 --how card --at '2026-11-20 10:00'
t_check "confirm on the service card" rc_is 0
refused "close on site without the service card" 65 ledger close "$R2"
sd ledger card "$R2" --signed-by 李工 --opinion 维修及时 --rating 5 --signed-at '2026-11-20 10:00'
t_check "the signed service card" rc_is 0
sd ledger close "$R2"
t_check "close the on-site entry" rc_is 0
sd ledger show "$R2" --format json
if no_sqlite3 "on-site entry closed: card, planned visit, totals"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "(j->>'\$.entry.state') || ',' || (j->>'\$.entry.responsible') || ',' || (j->>'\$.entry.confirmed_how') || ',' || (j->>'\$.entry.planned_visit_at') || ',' || (j->>'\$.money.cost_fen') || ',' || (j->>'\$.money.billed_fen')")" = "closed,liqiang,card,2026-11-20 14:00,80000,0" ]; then
	t_ok "on-site entry closed: card, planned visit, totals"
else
	t_not_ok "on-site entry closed: card, planned visit, totals" "rc=$RC"
fi

# ================================================================ charges in tier 2

R3=$(new_req --priority P3 --serial "$SN_OLD" --customer "$CUST")
sd ledger take "$R3"
rc1=$RC
sd ledger assign "$R3" --engineer zhangwei
t_check "a third entry taken and assigned" [ "$rc1" -eq 0 -a "$RC" -eq 0 ]
sd ledger charge "$R3" --kind labour --amount 500 --without-quote
if rc_is 0 && grep -q 'tier2' "$T_DIR/out" && grep -Eq 'pays: +0\.00$' "$T_DIR/out"; then
	t_ok "tier 2: labour is free"
else
	t_not_ok "tier 2: labour is free" "rc=$RC"
fi
sd ledger charge "$R3" --kind travel --amount 1,280.50 --note 苏州往返 --without-quote
if rc_is 0 && grep -q 'tier2' "$T_DIR/out" && grep -Eq 'pays: +1280\.50$' "$T_DIR/out"; then
	t_ok "tier 2: travel is billed"
else
	t_not_ok "tier 2: travel is billed" "rc=$RC"
fi
refused "a negative charge" 65 ledger charge "$R3" --kind parts --amount -3
sd ledger pay "$R3" --amount 1000 --invoice 'No.00012345'
t_check "payment with invoice" rc_is 0
sd ledger show "$R3" --format json
if no_sqlite3 "totals: cost, billed, received, outstanding"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "(j->>'\$.money.cost_fen') || ',' || (j->>'\$.money.billed_fen') || ',' || (j->>'\$.money.received_fen') || ',' || (j->>'\$.money.outstanding_fen')")" = "178050,128050,100000,28050" ]; then
	t_ok "totals: cost, billed, received, outstanding"
else
	t_not_ok "totals: cost, billed, received, outstanding" "rc=$RC"
fi
if no_sqlite3 "show --format json: the charge lines with tier and billed"; then
	:
elif [ "$(json_eval "$T_DIR/out" "json_array_length(j, '\$.money.charges') || ';' || (SELECT group_concat((value->>'kind') || ',' || (value->>'amount_fen') || ',' || (value->>'tier') || ',' || (value->>'billed_fen') || ',' || coalesce(value->>'reimbursable', '-') || ',' || coalesce(value->>'note', '-'), ';') FROM json_each(j, '\$.money.charges'))")" = "2;labour,50000,tier2,0,-,-;travel,128050,tier2,128050,0,苏州往返" ]; then
	t_ok "show --format json: the charge lines with tier and billed"
else
	t_not_ok "show --format json: the charge lines with tier and billed" \
		"got $(json_eval "$T_DIR/out" "json(j->'\$.money.charges')")"
fi
if no_sqlite3 "show --format json: the payment with its invoice"; then
	:
elif [ "$(json_eval "$T_DIR/out" "json_array_length(j, '\$.money.payments') || ',' || (j->>'\$.money.payments[0].amount_fen') || ',' || (j->>'\$.money.payments[0].invoice') || ',' || (j->>'\$.money.payments[0].who') || ',' || (j->>'\$.money.charges[0].date')")" = "1,100000,No.00012345,tester,2026-11-20" ]; then
	t_ok "show --format json: the payment with its invoice"
else
	t_not_ok "show --format json: the payment with its invoice"
fi
sd ledger show "$R3"
if rc_is 0 && grep -Eq '^2026-11-20 +travel +tier 2 +1280\.50 +1280\.50 +awaiting the card +苏州往返$' "$T_DIR/out" &&
   grep -Eq '^2026-11-20 +labour +tier 2 +500\.00 +0\.00$' "$T_DIR/out" &&
   grep -q 'No.00012345' "$T_DIR/out"; then
	t_ok "show: the charges and payments as tables"
else
	t_not_ok "show: the charges and payments as tables" "rc=$RC"
fi
as zhougang ledger charge "$R3" --kind parts --amount 10
t_check "a storekeeper charging: 77" rc_is 77

# ================================================================ unresolvable

R5=$(new_req --priority P2 --received '2026-11-19 09:00' --customer 杭州㐀水务)
sd ledger take "$R5"
refused "unresolvable without a reason" 65 ledger unresolvable "$R5"
refused "unresolvable with an empty reason" 65 ledger unresolvable "$R5" --reason ''

# ================================================================ explain

as zhangwei policy set P1 --respond 1 --onsite 24 --clear 3
t_check "an engineer setting the policy: 77" rc_is 77
sd policy set P1 --respond 1 --onsite 24 --clear 3
t_check "a supervisor sets P1: respond 1 h, on site 24 h, cleared in 3 working days" rc_is 0
sd policy list --format json
if no_sqlite3 "policy list --format json shows the new P1"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "json_extract(j, '\$[0].priority') || ',' || json_extract(j, '\$[0].respond') || ',' || json_extract(j, '\$[0].onsite') || ',' || json_extract(j, '\$[0].clear')")" = "1,1h,24h,3wd" ]; then
	t_ok "policy list --format json shows the new P1"
else
	t_not_ok "policy list --format json shows the new P1" "rc=$RC"
fi
sd policy list
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -ge 5 ] && grep -q 'P4' "$T_DIR/out"; then
	t_ok "policy list: a row per priority"
else
	t_not_ok "policy list: a row per priority" "rc=$RC"
fi
# a regional row equal to its default is listed as stored, after the defaults
sd policy set P2 --region 外地 --respond 2 --onsite 24 --clear 2
t_check "a regional P2 row equal to the default" rc_is 0
sd policy list --format csv
if rc_is 0 && [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 5 ] &&
   [ "$(sed -n 6p "$T_DIR/out" | tr -d '\r')" = "P2,外地,1h,2h,off,24h,2wd,off" ] &&
   [ "$(sed -n 3p "$T_DIR/out" | tr -d '\r')" = "P2,,1h,2h,off,24h,2wd,off" ]; then
	t_ok "policy list: the regional row identical to its default is shown"
else
	t_not_ok "policy list: the regional row identical to its default is shown" "rc=$RC"
fi
sd policy list
if rc_is 0 && grep -Eq '^P2 +外地 +1h +2h +off +24h +2wd +off' "$T_DIR/out"; then
	t_ok "policy list: the regional row in the table"
else
	t_not_ok "policy list: the regional row in the table" "rc=$RC"
fi

R4=$(new_req --priority P1 --received '2026-09-30 16:00' --customer 杭州㐀水务)
sd ledger take "$R4"
sd ledger explain "$R4"
if rc_is 0 && grep -q '国庆节' "$T_DIR/out" && grep -q 'adjusted working day' "$T_DIR/out" &&
   grep -q '2026-10-01..2026-10-07' "$T_DIR/out" && grep -q '2026-10-10 16:00' "$T_DIR/out"; then
	t_ok "explain: the National Day holiday passed over, the adjusted Saturday counted"
else
	t_not_ok "explain: the National Day holiday passed over, the adjusted Saturday counted" "rc=$RC"
fi
sd ledger show "$R4" --format json
if no_sqlite3 "show: the same due times as the explanation"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "json_extract(j, '\$.entry.clocks[4].due') || ',' || json_extract(j, '\$.entry.clocks[3].due') || ',' || json_extract(j, '\$.entry.clocks[1].state')")" = "2026-10-10 16:00,2026-10-01 16:00,overdue" ]; then
	t_ok "show: the same due times as the explanation"
else
	t_not_ok "show: the same due times as the explanation" "rc=$RC"
fi

# the old form: bare hours counted in working time with --working-days (every clock of the row)
sd policy set P1 --onsite 24 --working-days
t_check "old form: policy set P1 --onsite 24 --working-days" rc_is 0
sd ledger show "$R4" --format json
if no_sqlite3 "old form: on site over the holiday in working time"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "json_extract(j, '\$.entry.clocks[1].due') || ',' || json_extract(j, '\$.entry.clocks[3].due')")" = "2026-09-30 17:00,2026-10-08 16:00" ]; then
	t_ok "old form: on site over the holiday in working time"
else
	t_not_ok "old form: on site over the holiday in working time" "rc=$RC"
fi
# office hours bound working time: on site within 24 working hours is 16:00-17:30 on
# 30 September, 9 h on 8 and 9 October, then 4 h 30 min of the adjusted Saturday 10 October
as zhangwei policy hours 08:30-17:30
t_check "an engineer setting the office hours: 77" rc_is 77
sd policy hours 08:30-17:30
t_check "policy hours 08:30-17:30" rc_is 0
sd policy hours
t_check "policy hours shows them" ok_has '08:30-17:30'
sd ledger explain "$R4"
if rc_is 0 && grep -q '16:00–17:30 counted (1 h 30 min)' "$T_DIR/out" && grep -q 'office hours 08:30-17:30' "$T_DIR/out" &&
   grep -q '2026-10-10 Sat adjusted working day 国庆节调休: 08:30–13:00 counted (4 h 30 min)' "$T_DIR/out" &&
   grep -q 'due: 2026-10-10 13:00' "$T_DIR/out"; then
	t_ok "explain: office hours bound the working time, in minutes"
else
	t_not_ok "explain: office hours bound the working time, in minutes" "rc=$RC"
fi
sd policy hours off
t_check "policy hours off" rc_is 0
sd policy set P1 --reply 30m --respond 1h --onsite 24h --clear 3wd --escalate 1h
t_check "policy set P1 in the new form" rc_is 0
sd policy list --format csv
t_check "policy list: the new form as written" ok_has 'P1,,30m,1h,off,24h,3wd,1h'
sd ledger show "$R4" --format json
if no_sqlite3 "new form: on site 24 h round the clock again"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "json_extract(j, '\$.entry.clocks[3].due')")" = "2026-10-01 16:00" ]; then
	t_ok "new form: on site 24 h round the clock again"
else
	t_not_ok "new form: on site 24 h round the clock again" "rc=$RC"
fi

# ================================================================ overdue list

# overdue now (2026-11-20 10:00): R4 (September) and R5 (yesterday, P2);
# R3 (P3, received now) is due later; R1 and R2 are closed
sd ledger list --overdue --format csv
got=$(tail -n +2 "$T_DIR/out" | cut -d, -f1 | sort | tr '\n' ' ')
want=$(printf '%s\n' "$R4" "$R5" | sort | tr '\n' ' ')
if rc_is 0 && [ "$got" = "$want" ]; then
	t_ok "list --overdue: exactly the overdue entries"
else
	t_not_ok "list --overdue: exactly the overdue entries" "got '$got' want '$want'"
fi
sd ledger list --overdue
if rc_is 0 && [ "$(grep -c '!!' "$T_DIR/out")" -eq 2 ]; then
	t_ok "list --overdue: the '!!' mark on each row, no colour needed"
else
	t_not_ok "list --overdue: the '!!' mark on each row, no colour needed" "rc=$RC"
fi
sd ledger list
if rc_is 0 && [ "$(wc -l <"$T_DIR/out")" -eq 6 ] &&
   [ "$(display_col "$T_DIR/out" '2026' | sort -u | wc -l)" -eq 1 ]; then
	t_ok "list: all five entries, the register number column aligned"
else
	t_not_ok "list: all five entries, the register number column aligned" "rc=$RC"
fi
sd ledger list --open --format json
if no_sqlite3 "list --open --format json: three open entries"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "json_array_length(j)")" = 3 ]; then
	t_ok "list --open --format json: three open entries"
else
	t_not_ok "list --open --format json: three open entries" "rc=$RC"
fi
sd ledger list --state closed --format csv
t_check "list --state closed: two rows" [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 2 ]
sd ledger list --search 驰耐特 --format csv
t_check "list --search: the three entries of the customer" [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 3 ]
sd ledger list --engineer liqiang --format csv
t_check "list --engineer: nobody assigned to liqiang" [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 0 ]

# ================================================================ the six clocks

# P1 (reply 30 min, solution 1 h, escalation 1 h): received 2026-11-20 10:00
R6=$(new_req --priority P1 --received '2026-11-20 10:00' --customer 杭州㐀水务)
at '2026-11-20 10:05' ledger take "$R6"
at '2026-11-20 10:10' ledger contact "$R6"
t_check "contact: the first reply" rc_is 0
at '2026-11-20 10:20' ledger list --overdue --format csv
if rc_is 0 && grep -q "^$R6,.*,escalate,1" "$T_DIR/out"; then
	t_ok "list --overdue: the escalation to make before 11:00"
else
	t_not_ok "list --overdue: the escalation to make before 11:00" "rc=$RC"
fi
at '2026-11-20 10:20' ledger list --overdue
t_check "list --overdue: 'to escalate' in the table" ok_has 'to escalate'
refused "escalate to someone not on the staff" 65 ledger escalate "$R6" --to nobody
refused "escalate to a storekeeper" 65 ledger escalate "$R6" --to zhougang
refused "escalate without --to" 64 ledger escalate "$R6"
refused "diagnose without a finding" 64 ledger diagnose "$R6"
at '2026-11-20 10:50' ledger escalate "$R6" --to zhangwei --note '主控板故障，请专家组支持'
t_check "escalate in time" rc_is 0
refused "escalate twice" 65 ledger escalate "$R6" --to zhangwei
at '2026-11-20 10:55' ledger assign "$R6" --engineer zhangwei
at '2026-11-20 11:00' ledger diagnose "$R6" --finding '主控板电源模块损坏'
t_check "diagnose" rc_is 0
at '2026-11-20 11:20' ledger show "$R6" --format json
if no_sqlite3 "show: escalated in time, the expert group's hour runs to 11:50"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "(j->>'\$.entry.clocks[0].state') || ',' || (j->>'\$.entry.clocks[5].state') || ',' || (j->>'\$.entry.clocks[5].due') || ',' || (j->>'\$.entry.escalated_to') || ',' || (j->>'\$.entry.diagnosis')")" = "met,near,2026-11-20 11:50,zhangwei,主控板电源模块损坏" ]; then
	t_ok "show: escalated in time, the expert group's hour runs to 11:50"
else
	t_not_ok "show: escalated in time, the expert group's hour runs to 11:50" "rc=$RC"
fi
at '2026-11-20 11:20' ledger explain "$R6"
t_check "explain: the escalation in time" ok_has 'escalated in time at 2026-11-20 10:50 to zhangwei'
# another P1 escalated after its due time
R7=$(new_req --priority P1 --received '2026-11-20 10:00' --customer 杭州㐀水务)
at '2026-11-20 10:05' ledger take "$R7"
at '2026-11-20 11:30' ledger escalate "$R7" --to liqiang
t_check "escalate late" rc_is 0
at '2026-11-20 11:30' ledger show "$R7" --format json
if no_sqlite3 "show: the escalation late is missed"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "(j->>'\$.entry.clocks[5].state') || ',' || (j->>'\$.entry.clocks[5].due')")" = "missed,2026-11-20 11:00" ]; then
	t_ok "show: the escalation late is missed"
else
	t_not_ok "show: the escalation late is missed" "rc=$RC"
fi
sd ledger show "$R7"
t_check "show: the escalation in the text" ok_has 'liqiang'

# the report of the month that is running counts the entries overdue now as
# the overdue list marks them
sd ledger list --overdue --format csv
n_over=$(tail -n +2 "$T_DIR/out" | grep -c ',overdue,')
sd report monthly 2026-11
if rc_is 0 && [ "$n_over" -gt 0 ] &&
   grep -Eq "Overdue right now \(as of 2026-11-20 10:00\): $n_over entr" "$T_DIR/out"; then
	t_ok "report: the entries overdue now, as many as the overdue list marks ($n_over)"
else
	t_not_ok "report: the entries overdue now, as many as the overdue list marks ($n_over)" "rc=$RC"
fi
sd report monthly 2026-11 --format json
if no_sqlite3 "report json: overdue_now per clock"; then
	:
elif rc_is 0 && [ "$(json_eval "$T_DIR/out" "j->>'\$.overdue_now.entries'")" = "$n_over" ] &&
   [ "$(json_eval "$T_DIR/out" "j->>'\$.overdue_now.respond'")" -gt 0 ]; then
	t_ok "report json: overdue_now per clock"
else
	t_not_ok "report json: overdue_now per clock" "rc=$RC"
fi

# ================================================================ pause, resume

# R3 (P3, received 2026-11-20 10:00): respond within 4 h, due 14:00
sd ledger show "$R3" --format json
d0=$(json_field "$T_DIR/out" '$.entry.clocks[1].due')
at '2026-11-20 10:30' ledger pause "$R3" --reason 等待客户提供现场照片
t_check "pause" rc_is 0
at '2026-11-20 11:00' ledger show "$R3" --format json
d1=$(json_field "$T_DIR/out" '$.entry.clocks[1].state')
refused "pause twice" 65 ledger pause "$R3" --reason again
refused "pause without a reason" 65 ledger pause "$R5" --reason ''
at '2026-11-20 12:30' ledger resume "$R3"
t_check "resume" rc_is 0
at '2026-11-20 12:30' ledger show "$R3" --format json
d2=$(json_field "$T_DIR/out" '$.entry.clocks[1].due')
if no_sqlite3 "pause of 2 h moves the respond due time from 14:00 to 16:00"; then
	:
elif [ "$d0" = "2026-11-20 14:00" ] && [ "$d1" = paused ] && [ "$d2" = "2026-11-20 16:00" ]; then
	t_ok "pause of 2 h moves the respond due time from 14:00 to 16:00"
else
	t_not_ok "pause of 2 h moves the respond due time from 14:00 to 16:00" "d0=$d0 d1=$d1 d2=$d2"
fi
at '2026-11-20 12:30' ledger explain "$R3"
if rc_is 0 && grep -q '等待客户提供现场照片' "$T_DIR/out"; then
	t_ok "explain names the pause and its reason"
else
	t_not_ok "explain names the pause and its reason" "rc=$RC"
fi

# ================================================================ complaints

sd complaint add --customer "$CUST" --class quality --description '新换轴承运行一周后异响' \
	--request "$R2" --order PO-2026-118 --part ZC-6205 --delivered 2026-10-08 \
	--quantity 10 --defective 2
C1=$(cat "$T_DIR/out")
if rc_is 0 && [ -n "$C1" ]; then
	t_ok "complaint add prints its number"
else
	t_not_ok "complaint add prints its number" "rc=$RC"
fi
as wangli complaint add --customer "$CUST" --class nonquality --description '工程师未按约定时间到达'
C2=$(cat "$T_DIR/out")
t_check "an operator records a complaint" rc_is 0
as zhougang complaint add --customer X --class other --description y
t_check "a storekeeper recording a complaint: 77" rc_is 77
refused "complaint with more defective than delivered" 65 complaint add --customer "$CUST" \
	--class quality --description x --quantity 2 --defective 3
refused "complaint on an unknown ledger entry" 65 complaint add --customer "$CUST" \
	--class quality --description x --request 209901-0001
sd complaint list --format json
if no_sqlite3 "complaint list --format json: newest first, details kept"; then
	:
elif rc_is 0 && json_ok "$T_DIR/out" &&
   [ "$(json_eval "$T_DIR/out" "json_array_length(j) || ',' || json_extract(j, '\$[1].class') || ',' || json_extract(j, '\$[1].defective') || ',' || json_extract(j, '\$[1].regno')")" = "2,quality,2,$R2" ]; then
	t_ok "complaint list --format json: newest first, details kept"
else
	t_not_ok "complaint list --format json: newest first, details kept" "rc=$RC"
fi
refused "close a complaint without handling" 65 complaint close "$C1"
sd complaint close "$C1" --handling '更换整批轴承,向客户书面说明'
t_check "close a complaint" rc_is 0
refused "close a complaint twice" 65 complaint close "$C1" --handling again
sd complaint list --open --format csv
if rc_is 0 && [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 1 ] && grep -q "^$C2," "$T_DIR/out"; then
	t_ok "complaint list --open: only the open one"
else
	t_not_ok "complaint list --open: only the open one" "rc=$RC"
fi
sd complaint list
t_check "complaint list as a table" rc_is 0

# ================================================================ calendar

sd policy calendar
if rc_is 0 && grep -q 'built in' "$T_DIR/out" && grep -q '2024–2026' "$T_DIR/out"; then
	t_ok "policy calendar: the built-in calendar, 2024–2026"
else
	t_not_ok "policy calendar: the built-in calendar, 2024–2026" "rc=$RC"
fi
printf 'year 2027\n2027-13-01 holiday 元旦\n' >"$T_DIR/bad.txt"
refused "a calendar file with a bad line" 65 policy calendar "$T_DIR/bad.txt"
grep -q 'line 2' "$T_DIR/err" && t_ok "the error names the line" || t_not_ok "the error names the line"
refused "a missing calendar file" 66 policy calendar "$T_DIR/none.txt"
{ cat "$top_srcdir/data/holidays-cn.txt"; printf 'year 2027\n2027-01-01 holiday 元旦\n'; } >"$T_DIR/cal.txt"
as zhangwei policy calendar "$T_DIR/cal.txt"
t_check "an engineer changing the calendar: 77" rc_is 77
sd policy calendar "$T_DIR/cal.txt"
t_check "policy calendar FILE" rc_is 0
sd policy calendar
if rc_is 0 && grep -q 'cal.txt' "$T_DIR/out" && grep -q '2024–2027' "$T_DIR/out"; then
	t_ok "the site's calendar in force, 2024–2027"
else
	t_not_ok "the site's calendar in force, 2024–2027" "rc=$RC"
fi
sd policy calendar --builtin
sd policy calendar
if rc_is 0 && grep -q 'built in' "$T_DIR/out"; then
	t_ok "policy calendar --builtin returns to the built-in calendar"
else
	t_not_ok "policy calendar --builtin returns to the built-in calendar" "rc=$RC"
fi

# ---------------------------------------------------------------- export ledger
sd export ledger
n_entries=$(sqlite3 "$DB" 'SELECT count(*) FROM ledger' 2>/dev/null)
if rc_is 0 && has_bytes "$T_DIR/out" '\357\273\277登记号,收件时间,客户,' &&
   [ "$(grep -c '^2026' "$T_DIR/out")" = "$n_entries" ]; then
	t_ok "export ledger: titles of the after-sales ledger, one row per entry ($n_entries)"
else
	t_not_ok "export ledger: titles of the after-sales ledger, one row per entry" "rc=$RC entries=$n_entries"
fi
if grep "^$R2," "$T_DIR/out" | tr -d '\r' | grep -q ',P1,.*,800\.00,0\.00,0\.00$'; then
	t_ok "export ledger: $R2 with P1 and its cost 800.00, billed 0.00 under warranty"
else
	t_not_ok "export ledger: $R2 with P1 and its cost 800.00, billed 0.00 under warranty"
fi
# each clock's due time and state, under the clock's code, as ledger show has them
tr -d '\r' <"$T_DIR/out" >"$T_DIR/export.csv"
sd ledger show "$R2" --format json
on_due=$(grep -o '"clock":"onsite","state":"[a-z]*","due":"[^"]*"' "$T_DIR/out" | sed 's/.*"due":"\([^"]*\)"/\1/')
on_state=$(grep -o '"clock":"onsite","state":"[a-z]*"' "$T_DIR/out" | sed 's/.*"state":"\([a-z]*\)"/\1/')
if grep -q ',不能解决原因,reply_due,reply_state,respond_due,respond_state,diagnose_due,diagnose_state,onsite_due,onsite_state,clear_due,clear_state,escalate_due,escalate_state,成本(元),' "$T_DIR/export.csv" &&
   [ -n "$on_due" ] && grep "^$R2," "$T_DIR/export.csv" | grep -q ",$on_due,$on_state,[^,]*,[a-z]*,[^,]*,[a-z]*,800\.00,"; then
	t_ok "export ledger: six clocks' due and state (onsite of $R2: $on_due $on_state)"
else
	t_not_ok "export ledger: six clocks' due and state" "onsite $on_due $on_state"
fi
sd export ledger --month 2026-09 --encoding gb18030
if rc_is 0 && [ "$(grep -c '^2026' "$T_DIR/out")" = 1 ] && grep -q "^$R4," "$T_DIR/out" &&
   has_bytes "$T_DIR/out" '\265\307\274\307'; then
	t_ok "export ledger --month 2026-09 --encoding gb18030: only $R4, in GB18030"
else
	t_not_ok "export ledger --month 2026-09 --encoding gb18030: only $R4, in GB18030" "rc=$RC"
fi
sd export ledger --month 2026-13
t_check "export ledger --month 2026-13: usage error 64" rc_is 64

# ---------------------------------------------------------------- the history in the reader's language
# What servdesk writes into an entry's history itself is put into words when
# read: an entry worked under an English locale reads in Chinese under zh_CN.
sd_init
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
RH=$(add_req 2>/dev/null)
sd ledger take "$RH"
sd ledger assign "$RH" --engineer zhangwei
LC_ALL=C sd ledger charge "$RH" --kind parts --amount 42 --note O形圈 --without-quote
LC_ALL=C sd ledger escalate "$RH" --to zhangwei --note 请专家组支持
LC_ALL=C sd ledger show "$RH"
t_check "the history in English: engineer: zhangwei (张伟)" grep -q 'engineer: zhangwei (张伟)' "$T_DIR/out"
t_check "the charge in the history in English: parts 42.00 on …, warranty unknown: billed 42.00" \
	grep -q 'parts 42.00 on [0-9-]*, warranty unknown: billed 42.00 — O形圈' "$T_DIR/out"
t_check "the escalation in the history in English: escalated to zhangwei (张伟): 请专家组支持" \
	grep -q 'escalated to zhangwei (张伟): 请专家组支持' "$T_DIR/out"
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
mkdir -p "$T_DIR/mo/zh_CN/LC_MESSAGES"
if [ -n "$ZHLOC" ] && msgfmt -o "$T_DIR/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	LC_ALL=$ZHLOC SERVDESK_LOCALEDIR="$T_DIR/mo" sd ledger show "$RH"
	t_check "the same history read under zh_CN: 工程师：zhangwei（张伟）, nothing in English" \
		sh -c "grep -q '工程师：zhangwei（张伟）' '$T_DIR/out' && ! grep -q 'engineer: ' '$T_DIR/out'"
	t_check "the charge charged under C reads under zh_CN: 备件费 42.00，服务日期 …，保修情况不明：应收 42.00" \
		sh -c "grep -q '备件费 42.00，服务日期 [0-9-]*，保修情况不明：应收 42.00 — O形圈' '$T_DIR/out' && ! grep -q 'billed' '$T_DIR/out'"
	t_check "the escalation made under C reads under zh_CN: 上报给 zhangwei（张伟）：请专家组支持" \
		sh -c "grep -q '上报给 zhangwei（张伟）：请专家组支持' '$T_DIR/out' && ! grep -q 'escalated to' '$T_DIR/out'"
else
	t_skip "the same history read under zh_CN" "no zh_CN.UTF-8 locale or msgfmt"
	t_skip "the charge read under zh_CN" "no zh_CN.UTF-8 locale or msgfmt"
	t_skip "the escalation read under zh_CN" "no zh_CN.UTF-8 locale or msgfmt"
fi

t_done
