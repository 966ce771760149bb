#!/bin/sh
# card.sh — end-to-end tests of the maintenance items settled one by one
# (TAP): usage errors, roles, stale versions, the clearing and closing refused
# while an item is open, the unresolvable end, ledger show in text and JSON.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-card.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# json_field FILE PATH: a value of the JSON in FILE ("" without sqlite3).
json_field() {
	[ "$HAVE_SQLITE3" = yes ] || return 0
	sqlite3 :memory: "select json_extract(readfile('$1'), '$2')"
}

# snap NAME: the database's whole content, for "unchanged" checks.
snap() {
	if [ "$HAVE_SQLITE3" = yes ]; then
		sqlite3 "$DB" .dump >"$T_DIR/snap.$1"
	else
		: >"$T_DIR/snap.$1"
	fi
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

# new_entry ITEMS...: a request with these items, handed, taken, assigned
# to zhangwei, remote solution proposed; prints its number.
new_entry() {
	_args=
	_r=$("$SERVDESK" --db "$DB" request add --channel fax --customer 江苏驰耐特防腐科技有限公司 \
		--requester 王工 --phone 0512-58639752 --item "$1" ${2:+--item "$2"} ${3:+--item "$3"} \
		2>/dev/null) || return 1
	{
		"$SERVDESK" --db "$DB" request hand "$_r" --to zhangwei &&
		"$SERVDESK" --db "$DB" ledger take "$_r" &&
		"$SERVDESK" --db "$DB" ledger assign "$_r" --engineer zhangwei &&
		"$SERVDESK" --db "$DB" ledger propose "$_r" --mode remote --solution 远程检查
	} >/dev/null 2>&1 || return 1
	printf '%s\n' "$_r"
}

export SERVDESK_NOW='2026-11-20 10:00'

# ================================================================ help

t_new
sd ledger item --help
if rc_is 0 && grep -q 'Usage: servdesk ledger item' "$T_DIR/out"; then
	t_ok "ledger item --help"
else
	t_not_ok "ledger item --help" "rc=$RC"
fi
sd ledger --help
t_check "ledger --help lists item" grep -q '^  item ' "$T_DIR/out"

# ================================================================ setup

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" staff add wangli --name 王丽 --role operator &&
	"$SERVDESK" --db "$DB" staff add zhougang --name 周刚 --role storekeeper
} >"$T_DIR/setup.out" 2>&1
t_check "staff set up" [ $? -eq 0 ]
R1=$(new_entry 喷涂机压力不足 操作面板按键失灵 厂房供电电压不稳)
t_check "an entry with three maintenance items" [ -n "$R1" ]

# ================================================================ usage errors

for args in "ledger item" "ledger item $R1" "ledger item $R1 1 done" "ledger item $R1 x done 换" \
            "ledger item $R1 0 done 换" "ledger item $R1 1 fixed 换" "ledger item $R1 1 open 换" \
            "ledger item $R1 1 done 换 --version x" "ledger item $R1 1 done 换 extra"; do
	# shellcheck disable=SC2086
	refused "usage: $args" 64 $args
done

# ================================================================ roles

export SERVDESK_USER=wangli
refused "an operator may not settle an item" 77 ledger item "$R1" 1 done 更换密封
export SERVDESK_USER=zhougang
refused "a storekeeper may not settle an item" 77 ledger item "$R1" 1 done 更换密封
export SERVDESK_USER=tester

# ================================================================ settling

refused "no item 4" 65 ledger item "$R1" 4 done 更换密封
grep -q 'no item 4 (items 1 to 3)' "$T_DIR/err" && t_ok "the refusal says how many items there are" ||
	t_not_ok "the refusal says how many items there are"
refused "an empty text" 65 ledger item "$R1" 1 done '  '
sd ledger show "$R1" --format json
V=$(json_field "$T_DIR/out" '$.entry.version')
[ -n "$V" ] || V=4
refused "a stale version" 65 ledger item "$R1" 1 done 更换密封 --version $((V - 1))
grep -q 'changed meanwhile' "$T_DIR/err" && t_ok "the stale refusal says it changed meanwhile" ||
	t_not_ok "the stale refusal says it changed meanwhile"
as zhangwei ledger item "$R1" 1 done 更换柱塞密封 --version "$V"
t_check "item 1 done by the engineer, at the version seen" rc_is 0
refused "item 1 settled twice" 65 ledger item "$R1" 1 notours 再次
sd ledger item "$R1" 3 非我方责任 用户厂房供电问题
t_check "item 3 not ours (Chinese outcome word)" rc_is 0

refused "clear with item 2 open" 65 ledger clear "$R1"
if grep -q '2 (操作面板按键失灵)' "$T_DIR/err" && ! grep -q '1 (' "$T_DIR/err"; then
	t_ok "the refusal names the open item only"
else
	t_not_ok "the refusal names the open item only"
fi

sd ledger show "$R1"
if rc_is 0 && grep -Eq '^ *1 +喷涂机压力不足 +done +更换柱塞密封 +zhangwei 2026-11-20 10:00' "$T_DIR/out" &&
   grep -Eq '^ *2 +操作面板按键失灵 +open' "$T_DIR/out" &&
   grep -Eq '^ *3 +厂房供电电压不稳 +not ours +用户厂房供电问题' "$T_DIR/out"; then
	t_ok "ledger show: each item with its outcome, text, who and when"
else
	t_not_ok "ledger show: each item with its outcome, text, who and when" "rc=$RC"
fi
sd ledger show "$R1" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "ledger show --format json: items" "no sqlite3"
elif rc_is 0 && [ "$(json_field "$T_DIR/out" '$.request.items[0].state')" = done ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[1].state')" = open ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[2].state')" = notours ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[2].note')" = 用户厂房供电问题 ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[0].who')" = zhangwei ]; then
	t_ok "ledger show --format json: items"
else
	t_not_ok "ledger show --format json: items" "rc=$RC"
fi

sd ledger item "$R1" 2 done 更换按键板
t_check "item 2 done" rc_is 0
sd ledger clear "$R1"
t_check "cleared once every item is settled" rc_is 0
sd ledger confirm "$R1" --by 王工 --how phone
sd ledger close "$R1"
t_check "closed" rc_is 0
refused "no item settled on a closed entry" 65 ledger item "$R1" 2 notours 再次

# ================================================================ unresolvable

R2=$(new_entry 控制柜报警 液压站漏油)
sd ledger item "$R2" 1 done 复位报警
sd ledger unresolvable "$R2" --reason 需返厂维修，用户暂不同意
t_check "unresolvable with an item open" rc_is 0
sd ledger show "$R2" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "the open item ends unresolvable with the reason" "no sqlite3"
elif [ "$(json_field "$T_DIR/out" '$.request.items[0].state')" = done ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[1].state')" = unresolvable ] &&
     [ "$(json_field "$T_DIR/out" '$.request.items[1].note')" = 需返厂维修，用户暂不同意 ]; then
	t_ok "the open item ends unresolvable with the reason"
else
	t_not_ok "the open item ends unresolvable with the reason"
fi

# ================================================================ the service card

# an on-site entry: cleared on Tue 29 Sep 2026, the card due 5 working days
# later across the National Day holiday (1-7 Oct; Sat 10 Oct a working day)
export SERVDESK_NOW='2026-09-29 08:00'
R3=$("$SERVDESK" --db "$DB" request add --channel phone --customer 苏州电气集团有限公司 \
	--requester 沈建国 --phone 13800138000 --item 温控表失灵 2>/dev/null)
{
	"$SERVDESK" --db "$DB" request hand "$R3" --to zhangwei &&
	"$SERVDESK" --db "$DB" ledger take "$R3" &&
	"$SERVDESK" --db "$DB" ledger assign "$R3" --engineer zhangwei
} >/dev/null 2>&1
export SERVDESK_NOW='2026-09-29 12:00'
sd ledger propose "$R3" --mode onsite --solution 上门更换温控表 --at '2026-09-29 09:00'
sd ledger arrive "$R3" --at '2026-09-29 10:00'
sd ledger charge "$R3" --kind travel --amount 300 --without-quote
sd ledger item "$R3" 1 done 更换温控表
t_check "an on-site entry with a travel charge, its item done" rc_is 0
refused "card before the clearing" 65 ledger card "$R3" --signed-by 沈建国 --opinion 满意 --rating 5
sd ledger clear "$R3" --at '2026-09-29 11:00'
refused "close on site without the card" 65 ledger close "$R3"
grep -q 'service card' "$T_DIR/err" && t_ok "the refusal asks for the service card" ||
	t_not_ok "the refusal asks for the service card"
for args in "ledger card $R3 --opinion 满意 --rating 5" "ledger card $R3 --signed-by 沈建国 --rating 5" \
            "ledger card $R3 --signed-by 沈建国 --opinion 满意" "ledger card $R3 --signed-by 沈建国 --opinion 满意 --rating 6" \
            "ledger card $R3 --signed-by 沈建国 --opinion 满意 --rating five" \
            "ledger card $R3 --signed-by 沈建国 --opinion 满意 --rating 5 --signed-at yesterday" \
            "ledger card-in" "ledger card-in $R3 --at soon" "ledger cards extra" "ledger cards --format xml"; do
	# shellcheck disable=SC2086
	refused "usage: $args" 64 $args
done
export SERVDESK_USER=wangli
refused "an operator may not record the card" 77 ledger card "$R3" --signed-by 沈建国 --opinion 满意 --rating 5
export SERVDESK_USER=tester
refused "signed before the clearing" 65 ledger card "$R3" --signed-by 沈建国 --opinion 满意 --rating 5 \
	--signed-at '2026-09-29 10:30'
refused "a card on remote service" 65 ledger card "$R1" --signed-by 王工 --opinion 满意 --rating 5
sd ledger show "$R3" --format json
V=$(json_field "$T_DIR/out" '$.entry.version')
[ -n "$V" ] || V=8
refused "card at a stale version" 65 ledger card "$R3" --signed-by 沈建国 --opinion 满意 --rating 5 --version $((V - 1))
sd ledger card "$R3" --signed-by 沈建国 --opinion '工程师到场及时，满意' --rating 5 --signed-at '2026-09-29 11:20' --version "$V"
t_check "the signed card recorded" rc_is 0
refused "the card twice" 65 ledger card "$R3" --signed-by 沈建国 --opinion 再次 --rating 4
sd ledger show "$R3" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "card in JSON: due across the holiday, the confirmation, travel not yet reimbursable" "no sqlite3"
elif [ "$(json_field "$T_DIR/out" '$.card.due')" = 2026-10-12 ] &&
     [ "$(json_field "$T_DIR/out" '$.card.rating')" = 5 ] &&
     [ "$(json_field "$T_DIR/out" '$.entry.confirmed_how')" = card ] &&
     [ "$(json_field "$T_DIR/out" '$.money.charges[0].reimbursable')" = 0 ]; then
	t_ok "card in JSON: due across the holiday, the confirmation, travel not yet reimbursable"
else
	t_not_ok "card in JSON: due across the holiday, the confirmation, travel not yet reimbursable"
fi
sd ledger close "$R3"
t_check "closed on the card" rc_is 0

export SERVDESK_NOW='2026-10-14 09:00'
sd ledger cards --overdue --format csv
if rc_is 0 && tr -d '\r' <"$T_DIR/out" | grep -q "^zhangwei,$R3,苏州电气集团有限公司,2026-09-29 11:20,2026-10-12,2$"; then
	t_ok "ledger cards --overdue: the card two days late, under its engineer"
else
	t_not_ok "ledger cards --overdue: the card two days late, under its engineer" "rc=$RC"
fi
sd ledger cards --engineer nobody --format csv
t_check "ledger cards --engineer: only that engineer's" [ "$(wc -l <"$T_DIR/out")" -eq 1 ]
sd ledger show "$R3"
if rc_is 0 && grep -q 'due back at the office by 2026-10-12\|not back at the office' "$T_DIR/out" &&
   grep -Eq '^2026-09-29 +travel .* awaiting the card' "$T_DIR/out"; then
	t_ok "ledger show: the card and the travel line awaiting it"
else
	t_not_ok "ledger show: the card and the travel line awaiting it" "rc=$RC"
fi
refused "card back before it was signed" 65 ledger card-in "$R3" --at '2026-09-29 11:00'
sd ledger card-in "$R3"
t_check "the card back at the office (on the closed entry)" rc_is 0
refused "the card back twice" 65 ledger card-in "$R3"
refused "card back without a card" 65 ledger card-in "$R1"
sd ledger show "$R3" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "back late; travel reimbursable" "no sqlite3"
elif [ "$(json_field "$T_DIR/out" '$.card.late')" = 1 ] &&
     [ "$(json_field "$T_DIR/out" '$.card.in_at')" = '2026-10-14 09:00' ] &&
     [ "$(json_field "$T_DIR/out" '$.money.charges[0].reimbursable')" = 1 ]; then
	t_ok "back late; travel reimbursable"
else
	t_not_ok "back late; travel reimbursable"
fi
sd ledger cards --format csv
t_check "no card out any more" [ "$(wc -l <"$T_DIR/out")" -eq 1 ]
sd report monthly 2026-10 --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "the monthly summary counts the card back late" "no sqlite3"
elif rc_is 0 && sqlite3 :memory: "select readfile('$T_DIR/out')" | grep -q '"returned_late"'; then
	t_ok "the monthly summary counts the card back late"
else
	t_not_ok "the monthly summary counts the card back late" "rc=$RC"
fi
sd report monthly 2026-10
if rc_is 0 && grep -Eq '^  of them late +1$' "$T_DIR/out"; then
	t_ok "the monthly summary's text: one card back late in October"
else
	t_not_ok "the monthly summary's text: one card back late in October" "rc=$RC"
fi
sd setting set card_days 3
t_check "card_days is a setting" rc_is 0

# ================================================================ the cause decides who pays

export SERVDESK_NOW='2026-11-20 10:00'
sd ledger faults --format csv
if rc_is 0 && head -n 1 "$T_DIR/out" | grep -q '^code,name,maker' && tr -d '\r' <"$T_DIR/out" | grep -q '^usage,操作使用问题,0$' &&
   tr -d '\r' <"$T_DIR/out" | grep -q '^human,人为损坏,0$' && tr -d '\r' <"$T_DIR/out" | grep -q '^force,不可抗力,0$' &&
   tr -d '\r' <"$T_DIR/out" | grep -q '^site,现场条件,0$' && tr -d '\r' <"$T_DIR/out" | grep -q '^mech,机械故障,1$'; then
	t_ok "ledger faults: misuse, human damage, force majeure and site conditions are not the maker's"
else
	t_not_ok "ledger faults: misuse, human damage, force majeure and site conditions are not the maker's" "rc=$RC"
fi
{
	"$SERVDESK" --db "$DB" customer add 南京江北新区自来水厂 &&
	"$SERVDESK" --db "$DB" equipment add JB-2026-0007 --customer 南京江北新区自来水厂 --commissioned 2026-06-01
} >/dev/null 2>&1
R4=$("$SERVDESK" --db "$DB" request add --channel fax --customer 南京江北新区自来水厂 --requester 钱志远 \
	--phone 0512-66831072 --serial JB-2026-0007 --item 主轴过热停机 2>/dev/null)
R5=$("$SERVDESK" --db "$DB" request add --channel fax --customer 南京江北新区自来水厂 --requester 钱志远 \
	--phone 0512-66831072 --serial JB-2026-0007 --item 主轴异响 2>/dev/null)
for r in "$R4" "$R5"; do
	{
		"$SERVDESK" --db "$DB" request hand "$r" --to zhangwei &&
		"$SERVDESK" --db "$DB" ledger take "$r" &&
		"$SERVDESK" --db "$DB" ledger assign "$r" --engineer zhangwei
	} >/dev/null 2>&1
done
sd ledger propose "$R4" --mode onsite --solution 恢复冷却水并培训 --fault usage
sd ledger propose "$R5" --mode onsite --solution 更换轴承 --fault mech
sd ledger charge "$R4" --kind labour --amount 600 --without-quote
if rc_is 0 && grep -Eq 'pays: +600\.00$' "$T_DIR/out" && grep -q "usage 操作使用问题 is not the maker's responsibility" "$T_DIR/out"; then
	t_ok "misuse inside the warranty: labour charged, and the line says why"
else
	t_not_ok "misuse inside the warranty: labour charged, and the line says why" "rc=$RC"
fi
sd ledger charge "$R5" --kind labour --amount 600 --without-quote
if rc_is 0 && grep -Eq 'pays: +0\.00$' "$T_DIR/out" && ! grep -q 'maker' "$T_DIR/out"; then
	t_ok "a mechanical fault inside the warranty: free"
else
	t_not_ok "a mechanical fault inside the warranty: free" "rc=$RC"
fi
sd ledger show "$R4" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "ledger show --format json: the cause on the line" "no sqlite3"
elif [ "$(json_field "$T_DIR/out" '$.money.charges[0].cause')" = usage ] &&
     [ "$(json_field "$T_DIR/out" '$.money.charges[0].tier')" = warranty ] &&
     [ "$(json_field "$T_DIR/out" '$.money.charges[0].billed_fen')" = 60000 ]; then
	t_ok "ledger show --format json: the cause on the line"
else
	t_not_ok "ledger show --format json: the cause on the line"
fi
sd ledger show "$R4"
t_check "ledger show: the cause on the charge line" grep -q 'in warranty; payable: usage' "$T_DIR/out"
sd ledger explain "$R4"
t_check "ledger explain: the fault is not the maker's responsibility" \
	grep -q "fault category usage 操作使用问题: not the maker's responsibility" "$T_DIR/out"
sd ledger explain "$R5"
t_check "ledger explain: the maker's responsibility, the tier decides" \
	grep -q "fault category mech 机械故障: the maker's responsibility" "$T_DIR/out"

t_done
