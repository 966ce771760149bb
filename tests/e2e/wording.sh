#!/bin/sh
# wording.sh — end-to-end tests of how servdesk words things in Chinese (TAP):
# what the program joins at run time (lists, clauses, captions, asides) is
# full-width under zh_CN, one English word with two meanings has two Chinese
# words, validation messages name the field as its form does, and the CSV
# headers of requests follow the glossary (the old headers still import).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-wording.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
MO=$T_ROOT/mo
mkdir -p "$MO/zh_CN/LC_MESSAGES"
if [ -z "$ZHLOC" ] || ! msgfmt -o "$MO/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	echo "1..0 # SKIP no zh_CN.UTF-8 locale or msgfmt"
	exit 0
fi

# zh ARGS...: servdesk under zh_CN.UTF-8 with the catalogue of the source tree.
zh() {
	LC_ALL=$ZHLOC SERVDESK_LOCALEDIR=$MO sd "$@"
}

# ascii_beside_cjk FILE: a line where an ASCII colon, comma, semicolon or
# parenthesis the program joined stands beside Chinese text.
ascii_beside_cjk() {
	LC_ALL=$ZHLOC grep -P '[\x{4e00}-\x{9fff}][:,;(]|[:,;(] *[\x{4e00}-\x{9fff}]|[:,;] +[0-9]' "$1"
}

has() {
	grep -q -F -- "$1" "$T_DIR/out"
}

sd_init
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" customer add 测试客户 --region 市区 &&
	"$SERVDESK" --db "$DB" equipment add SN-1 --customer 测试客户 --commissioned 2026-06-01 &&
	"$SERVDESK" --db "$DB" contract add 测试客户 --from 2026-01-01 --to 2026-12-31 --visits quarterly \
		--policy P1=onsite:4h,clear:1wd
} >/dev/null 2>&1
t_check "staff, customer, equipment and contract set up" test -s "$DB"

# ---------------------------------------------------------------- joined at run time
zh contract show 1
t_check "contract show under zh_CN: full-width colons after the captions (客户：)" \
	sh -c "[ $RC = 0 ] && grep -q '^客户：' '$T_DIR/out'"
t_check "contract show under zh_CN: who and when joined by ，(签订登记：  <login>，<time>)" \
	grep -q '^签订登记：  [^ ，]*，20[0-9-]* ' "$T_DIR/out"
# the widest caption (four characters, 8 cells) and its colon, then two cells
t_check "contract show under zh_CN: the values in one column (the colon is two cells wide)" \
	sh -c "grep -q '^维保合约：  1$' '$T_DIR/out' && grep -q '^客户：      测试客户$' '$T_DIR/out'"
if ascii_beside_cjk "$T_DIR/out" >"$T_DIR/bad"; then
	t_not_ok "contract show under zh_CN: nothing joined with ASCII punctuation beside Chinese" "$(head -n 1 "$T_DIR/bad")"
else
	t_ok "contract show under zh_CN: nothing joined with ASCII punctuation beside Chinese"
fi

zh complaint add --customer 测试客户 --class quality --description 漏油
zh complaint show 1
t_check "complaint show under zh_CN: an empty field's caption ends in ：(原因：)" \
	sh -c "grep -q '^原因：$' '$T_DIR/out' && ! grep -q '^原因:' '$T_DIR/out'"

# the overdue clocks of the month's report, one after the other
R=$(SERVDESK_NOW='2026-01-05 09:00' "$SERVDESK" --db "$DB" request add --channel phone --customer 测试客户 \
	--requester 张工 --phone 13800138000 --item 设备报警 --priority P1 2>/dev/null)
SERVDESK_NOW='2026-01-05 09:05' "$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
SERVDESK_NOW='2026-01-05 09:10' "$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
SERVDESK_NOW="2026-01-06 12:00" zh report monthly 2026-01
t_check "report monthly under zh_CN: the clocks overdue now joined by ，" \
	sh -c "grep -A1 '此刻已超时' '$T_DIR/out' | tail -n 1 | grep -q '[0-9]，' &&
	       ! grep -A1 '此刻已超时' '$T_DIR/out' | tail -n 1 | grep -q ', '"

t_check "report monthly under zh_CN: the on-site clock is 到场 (the service mode stays 现场)" \
	sh -c "grep -A1 '此刻已超时' '$T_DIR/out' | tail -n 1 | grep -q '到场 1'"

# ---------------------------------------------------------------- one English word, two meanings
zh visit rule list
t_check "visit rule list under zh_CN: a rule in force is 启用 (在职 is for people), the key customer 重点客户" \
	sh -c "head -n 1 '$T_DIR/out' | grep -q '启用' && ! grep -q '在职\|关键用户' '$T_DIR/out' && grep -q '重点客户走访' '$T_DIR/out'"
zh audit
t_check "audit under zh_CN: the column naming the record is 记录 (not 登记, the key that records a complaint)" \
	sh -c "head -n 1 '$T_DIR/out' | grep -q ' 记录 ' && ! head -n 1 '$T_DIR/out' | grep -q '登记'"
t_check "audit under zh_CN: a person's name is 姓名 (not 名称, a thing's)" grep -q '姓名：张伟' "$T_DIR/out"
t_check "audit under zh_CN: a contract's visits are 巡检 (not 回访)" grep -q '巡检：每季度巡检' "$T_DIR/out"

# ---------------------------------------------------------------- validation names the field as the form does
zh request add --channel phone --customer 测试客户 --requester 张工 --phone ' ' --item 设备报警
t_check "request add with a blank phone under zh_CN: 联系电话：必填 (the form's label, a full-width colon)" \
	sh -c "[ $RC = 65 ] && grep -q '联系电话：必填' '$T_DIR/err' && ! grep -q '电话:' '$T_DIR/err'"
zh staff add lisi --name "$(printf '李\033四')" --role engineer
t_check "staff add with a control character in the name under zh_CN: 姓名： (as the staff form says)" \
	sh -c "[ $RC = 65 ] && grep -q '姓名：' '$T_DIR/err' && ! grep -q '名称' '$T_DIR/err'"

t_done
