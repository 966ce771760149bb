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
V=$(json_field "$T_DIR/out" '$.version')
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
if rc_is 0 && grep -Eq '^1 +喷涂机压力不足 +done +更换柱塞密封 +zhangwei 2026-11-20 10:00' "$T_DIR/out" &&
   grep -Eq '^2 +操作面板按键失灵 +open' "$T_DIR/out" &&
   grep -Eq '^3 +厂房供电电压不稳 +not ours +用户厂房供电问题' "$T_DIR/out"; then
	t_ok "ledger show: each item with its outcome, text, who and when"
else
	t_not_ok "ledger show: each item with its outcome, text, who and when" "rc=$RC"
fi
sd ledger show "$R1" --format json
if [ "$HAVE_SQLITE3" = no ]; then
	t_skip "ledger show --format json: items" "no sqlite3"
elif rc_is 0 && [ "$(json_field "$T_DIR/out" '$.items[0].state')" = done ] &&
     [ "$(json_field "$T_DIR/out" '$.items[1].state')" = open ] &&
     [ "$(json_field "$T_DIR/out" '$.items[2].state')" = notours ] &&
     [ "$(json_field "$T_DIR/out" '$.items[2].note')" = 用户厂房供电问题 ] &&
     [ "$(json_field "$T_DIR/out" '$.items[0].who')" = zhangwei ]; then
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
elif [ "$(json_field "$T_DIR/out" '$.items[0].state')" = done ] &&
     [ "$(json_field "$T_DIR/out" '$.items[1].state')" = unresolvable ] &&
     [ "$(json_field "$T_DIR/out" '$.items[1].note')" = 需返厂维修，用户暂不同意 ]; then
	t_ok "the open item ends unresolvable with the reason"
else
	t_not_ok "the open item ends unresolvable with the reason"
fi

t_done
