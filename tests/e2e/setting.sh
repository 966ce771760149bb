#!/bin/sh
# setting.sh — end-to-end tests of the site settings (TAP): setting list
# shows every known setting; setting set checks the key and the value (65
# with one line naming the setting), stores it normalised and audits it;
# only a supervisor may change a setting (77), whoever else asks; unset
# brings the default back; a setting in force changes what servdesk does
# (guest_read: people not on the staff list may look, then change nothing).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-setting.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}
value_of() {
	"$SERVDESK" --db "$DB" setting list --format csv 2>/dev/null | awk -F, -v k="$1" '$1 == k { print $2 }'
}

sd_init
"$SERVDESK" --db "$DB" staff add wang --name 王丽 --role operator >/dev/null 2>&1

sd setting list --format csv
t_check "setting list: exit 0" rc_is 0
t_check "setting list: every known setting, one line each" [ "$(wc -l <"$T_DIR/out")" -eq 20 ]
t_check "setting list: the head and an unset setting with its default" \
	grep -q '^sla_warn_minutes,,120,' "$T_DIR/out"
sd setting list --format json
t_check "setting list --format json: an array of objects" grep -q '"key":"guest_read","value":null,"default":"no"' "$T_DIR/out"

sd setting set sla_warn_minutes 0240
t_check "setting set: exit 0" rc_is 0
t_check "setting set: stored as a plain number" [ "$(value_of sla_warn_minutes)" = 240 ]
sd audit --table setting --format csv
t_check "setting set: audited with who, the key and the new value" \
	grep -q ',tester,setting,sla_warn_minutes,insert,' "$T_DIR/out"

for bad in "sla_warn_minutes abc" "sla_warn_minutes 99999" "guest_read maybe" "report_page_lines 5" \
	"site_name $(printf 'a\033[2Jb')" "calendar_file relative.txt" "no_such_key 1"; do
	# shellcheck disable=SC2086
	sd setting set $bad
	key=${bad%% *}
	if rc_is 65 && err_one_line && grep -q "$key" "$T_DIR/err"; then
		t_ok "setting set ${bad%%$(printf '\033')*}: refused (65), one line naming the setting"
	else
		t_not_ok "setting set ${bad%%$(printf '\033')*}: refused (65), one line naming the setting" "rc=$RC"
	fi
done
t_check "the refusals changed nothing" [ "$(value_of sla_warn_minutes)" = 240 ]

as wang setting set sla_warn_minutes 30
t_check "an operator may not change a setting (77)" sh -c "[ $RC -eq 77 ] && grep -q 'not permitted for the role operator' '$T_DIR/err'"
as nobody setting set guest_read yes
t_check "nor may someone not on the staff list (77, how to be added)" \
	sh -c "[ $RC -eq 77 ] && grep -q 'servdesk staff add nobody' '$T_DIR/err'"
t_check "their attempts changed nothing" [ "$(value_of sla_warn_minutes)" = 240 ] 

as nobody request list
t_check "by default someone not on the staff list may not even look (77)" rc_is 77
sd setting set guest_read YES
t_check "guest_read stored as yes" [ "$(value_of guest_read)" = yes ]
as nobody request list
t_check "with guest_read yes they may look" rc_is 0
as nobody request add --channel phone --customer 某公司 --requester 张三 --phone 1 --item 坏了
t_check "and still change nothing (77)" rc_is 77

sd setting unset sla_warn_minutes
t_check "setting unset: exit 0, the default in force" sh -c "[ $RC -eq 0 ] && [ -z \"\$(\"$SERVDESK\" --db \"$DB\" setting list --format csv | awk -F, '\$1 == \"sla_warn_minutes\" { print \$2 }')\" ]"
sd audit --table setting --format csv
t_check "setting unset: audited" grep -q ',tester,setting,sla_warn_minutes,delete,' "$T_DIR/out"
sd setting set
t_check "setting set without KEY VALUE: usage (64)" rc_is 64
sd setting --help
t_check "setting --help: exit 0" rc_is 0

t_done
