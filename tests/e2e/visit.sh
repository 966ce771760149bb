#!/bin/sh
# visit.sh — end-to-end tests of the follow-up visit commands (TAP):
# planning twice gives the same visits, the list filters, outcomes, move,
# assign and cancel with their refusals (bad satisfaction, wrong role,
# unknown visit), the rules, the visit that opens a request and the origin
# line of `request show`, and the export of visits in UTF-8 and GB18030.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-visit.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# Today is Friday 2026-11-20 (lib.sh).
CUST=江苏驰耐特防腐科技有限公司

# as LOGIN ARGS...: sd as another person.
as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

# lines FILE: the number of lines in FILE.
lines() {
	wc -l <"$1" | tr -d ' '
}

# snap NAME: every visit as CSV, for "unchanged" checks.
snap() {
	"$SERVDESK" --db "$DB" visit list --all --format csv >"$T_DIR/snap.$1" 2>&1
}

# refused NAME STATUS ARGS...: servdesk ARGS exits STATUS with one error line
# and the visits are unchanged.
refused() {
	_name=$1
	_want=$2
	shift 2
	snap before
	sd "$@"
	_rc=$RC
	snap after
	RC=$_rc
	if rc_is "$_want" && err_one_line && cmp -s "$T_DIR/snap.before" "$T_DIR/snap.after"; then
		t_ok "$_name: $_want, visits unchanged"
	else
		t_not_ok "$_name: $_want, visits unchanged" "rc=$RC"
	fi
}

# ---------------------------------------------------------------- set up
sd_init
sd staff add laozhang --name 张伟 --role engineer
sd staff add xiaowang --name 王丽 --role operator
sd staff add laoli --name 周刚 --role storekeeper
sd customer add "$CUST" --key --contact 吴振华 --phone 0512-58639752
sd customer add 沙洲纺织 --contact 李明 --phone 13912345678
# commissioned 2026-11-02: weekly maintenance; delivered 31 October: the
# phone follow-up one month later, 30 November
sd equipment add CNT-2026-01 --customer "$CUST" --delivered 2026-10-31 --commissioned 2026-11-02
# delivered long ago: a yearly survey, no backlog, and quarterly maintenance
# only because a contract with visits covers it (from 31 May: 30 November)
sd equipment add SZ-2019-07 --customer 沙洲纺织 --delivered 2019-05-31
sd contract add 沙洲纺织 --from 2026-05-31 --to 2027-05-30 --visits quarterly
if rc_is 0; then t_ok "set up"; else t_not_ok "set up"; fi

# ---------------------------------------------------------------- plan
sd visit plan
first=$(cat "$T_DIR/out")
snap one
sd visit plan
snap two
if rc_is 0 && grep -q ' 0 new, 0 moved, 0 removed' "$T_DIR/out" && cmp -s "$T_DIR/snap.one" "$T_DIR/snap.two" &&
   [ "$(lines "$T_DIR/snap.one")" -gt 5 ]; then
	t_ok "plan twice: the same visits ($first)"
else
	t_not_ok "plan twice: the same visits" "$first"
fi

sd visit list --all --format csv
if ! grep -q ',2026-11-1[0-9],\|,202[0-5]-' "$T_DIR/out" &&
   grep -q '^[0-9]*,2026-11-30,phone_followup,' "$T_DIR/out" &&
   [ "$(grep -c ',SZ-2019-07,' "$T_DIR/out")" -eq 1 ]; then
	t_ok "no backlog; the follow-up one month after 31 October is 30 November"
else
	t_not_ok "no backlog; the follow-up one month after 31 October is 30 November"
fi

as laozhang visit plan
if rc_is 77 && err_one_line; then t_ok "plan: an engineer may not (77)"; else t_not_ok "plan: an engineer may not (77)" "rc=$RC"; fi

sd visit plan --until 2026-02-30
if rc_is 65 && err_one_line; then t_ok "plan --until a bad date: 65"; else t_not_ok "plan --until a bad date: 65" "rc=$RC"; fi

# ---------------------------------------------------------------- add and lists
sd visit add --customer 沙洲纺织 --serial SZ-2019-07 --due 2026-11-20 --method phone --engineer laozhang
today=$(cat "$T_DIR/out")
sd visit add --customer 沙洲纺织 --due 2026-11-18 --kind survey
late=$(cat "$T_DIR/out")
sd visit add --customer "$CUST" --serial CNT-2026-01 --due 2026-11-20 --method onsite
site=$(cat "$T_DIR/out")
if [ -n "$today" ] && [ -n "$late" ] && [ -n "$site" ]; then t_ok "add by hand"; else t_not_ok "add by hand"; fi

refused "add: equipment of another customer" 65 visit add --customer "$CUST" --serial SZ-2019-07 --due 2026-12-01
refused "add: no --due" 64 visit add --customer "$CUST"
SERVDESK_USER=laoli refused "add: the storekeeper" 77 visit add --customer "$CUST" --due 2026-12-01

sd visit list --due --format csv
if rc_is 0 && [ "$(lines "$T_DIR/out")" -eq 3 ] && grep -q "^$today," "$T_DIR/out" && grep -q "^$site," "$T_DIR/out"; then
	t_ok "list --due: the two due today"
else
	t_not_ok "list --due: the two due today"
fi
sd visit list --overdue --format csv
if rc_is 0 && [ "$(lines "$T_DIR/out")" -eq 2 ] && grep -q "^$late,2026-11-18,survey,.*,1," "$T_DIR/out"; then
	t_ok "list --overdue: the one due before today"
else
	t_not_ok "list --overdue: the one due before today"
fi
sd visit list --engineer laozhang --format json
if rc_is 0 && grep -q "\"id\":$today," "$T_DIR/out" && [ "$(grep -c '"id":' "$T_DIR/out")" -eq 1 ]; then
	t_ok "list --engineer"
else
	t_not_ok "list --engineer"
fi
sd visit list --week --format csv
w=$(($(lines "$T_DIR/out") - 1))
sd visit list --day 2026-11-20 --format csv
d=$(($(lines "$T_DIR/out") - 1))
sd visit list --month 2026-11 --format csv
m=$(($(lines "$T_DIR/out") - 1))
if [ "$d" -eq 2 ] && [ "$w" -ge 3 ] && [ "$m" -ge "$w" ]; then
	t_ok "list --week ($w), --day ($d), --month ($m)"
else
	t_not_ok "list --week ($w), --day ($d), --month ($m)"
fi
sd visit list --due --overdue
if rc_is 64 && err_one_line; then t_ok "list: two views refused (64)"; else t_not_ok "list: two views refused (64)"; fi
sd visit list
if rc_is 0 && grep -q '沙洲纺织' "$T_DIR/out" && head -1 "$T_DIR/out" | grep -q 'Due'; then
	t_ok "list as a table"
else
	t_not_ok "list as a table"
fi
sd visit calendar 2026-11
if rc_is 0 && grep -q '^2026-11-20 .*2 visits: 2 planned' "$T_DIR/out" && grep -q '^2026-11-18 .*1 overdue' "$T_DIR/out"; then
	t_ok "calendar of the month"
else
	t_not_ok "calendar of the month"
fi

# ---------------------------------------------------------------- outcomes
refused "done: satisfaction 9" 65 visit done "$today" --satisfaction 9
refused "done: satisfaction x" 64 visit done "$today" --satisfaction x
refused "done: no satisfaction" 64 visit done "$today"
refused "done: unknown visit" 65 visit done 9999 --satisfaction 4
refused "done: not a number" 64 visit done abc --satisfaction 4
SERVDESK_USER=laoli refused "done: the storekeeper" 77 visit done "$today" --satisfaction 4
SERVDESK_USER=xiaowang refused "done on site: an operator" 77 visit done "$site" --satisfaction 4

as xiaowang visit done "$today" --satisfaction 4 --note 设备运行正常 --comments 服务及时,很满意
sd visit show "$today" --format json
if rc_is 0 && grep -q '"status":"done"' "$T_DIR/out" && grep -q '"satisfaction":4' "$T_DIR/out" &&
   grep -q '服务及时,很满意' "$T_DIR/out" && grep -q '"done_at":"2026-11-20 10:00"' "$T_DIR/out"; then
	t_ok "done by phone: an operator records it"
else
	t_not_ok "done by phone: an operator records it"
fi
refused "done twice" 65 visit done "$today" --satisfaction 5

as laozhang visit miss "$late" --note 电话无人接听
sd visit show "$late"
if rc_is 0 && grep -q '电话无人接听' "$T_DIR/out"; then t_ok "miss"; else t_not_ok "miss"; fi

refused "cancel: no reason" 64 visit cancel "$site"
refused "move: not a date" 65 visit move "$site" 2026-11-31
refused "assign: an operator" 65 visit assign "$site" xiaowang
SERVDESK_USER=xiaowang refused "move: an operator" 77 visit move "$site" 2026-11-25
as laozhang visit move "$site" 2026-11-25
as laozhang visit assign "$site" laozhang
sd visit show "$site" --format json
if grep -q '"due_on":"2026-11-25"' "$T_DIR/out" && grep -q '"moved":true' "$T_DIR/out" &&
   grep -q '"engineer":"laozhang"' "$T_DIR/out"; then
	t_ok "move and assign"
else
	t_not_ok "move and assign"
fi

# ---------------------------------------------------------------- visit -> request
as laozhang visit request "$site" --item 巡检发现喷枪雾化不良,压力上不去 --priority P2
regno=$(cat "$T_DIR/out")
sd request show "$regno"
if grep -q "^From visit: *$site (" "$T_DIR/out" && grep -q '2026-11-25' "$T_DIR/out" &&
   grep -q '吴振华' "$T_DIR/out" && grep -q 'CNT-2026-01' "$T_DIR/out"; then
	t_ok "visit request: the request shows where it came from"
else
	t_not_ok "visit request: the request shows where it came from"
fi
sd request show "$regno" --format json
if grep -q "\"visit_id\":$site" "$T_DIR/out" && grep -q '"channel":"visit"' "$T_DIR/out"; then
	t_ok "request show --format json: visit_id"
else
	t_not_ok "request show --format json: visit_id"
fi
sd visit show "$site" --format json
if grep -q '"status":"done"' "$T_DIR/out" && grep -q "\"request\":\"$regno\"" "$T_DIR/out"; then
	t_ok "the visit is done and names the request"
else
	t_not_ok "the visit is done and names the request"
fi
refused "a second request from the visit" 65 visit request "$site" --item 再次

cancel_id=$(sed -n 2p "$T_DIR/snap.two" | cut -d, -f1)
as laozhang visit cancel "$cancel_id" --reason 客户停产检修
sd visit show "$cancel_id" --format json
if grep -q '"status":"cancelled"' "$T_DIR/out" && grep -q '客户停产检修' "$T_DIR/out"; then
	t_ok "cancel with a reason"
else
	t_not_ok "cancel with a reason"
fi

# ---------------------------------------------------------------- rules
sd visit rule list --format csv
if rc_is 0 && grep -q '^maintenance,maintenance,1,"{""weekly_months"":6,""every_months"":3}"' "$T_DIR/out"; then
	t_ok "rule list"
else
	t_not_ok "rule list"
fi
SERVDESK_USER=laozhang refused "rule set: an engineer" 77 visit rule set maintenance --weekly-months 0
refused "rule set: out of range" 65 visit rule set maintenance --every-months 0
refused "rule set: a parameter of another rule" 65 visit rule set survey --working-days 2
sd visit rule set phone_followup --active 0
sd visit list --all --format csv
if grep -q ',phone_followup,' "$T_DIR/out"; then
	t_not_ok "rule off: its planned visits removed"
else
	t_ok "rule off: its planned visits removed"
fi
if grep -q "^$today,.*,done," "$T_DIR/out" && grep -q "^$cancel_id,.*,cancelled," "$T_DIR/out"; then
	t_ok "rule change keeps visits done and cancelled"
else
	t_not_ok "rule change keeps visits done and cancelled"
fi

# ---------------------------------------------------------------- by customer
sd visit list --all --customer 沙洲纺织 --format csv
n_cli=$(tr -d '\r' <"$T_DIR/out" | awk -F, 'NR > 1' | wc -l)
n_sql=$(sqlite3 "$DB" "SELECT count(*) FROM visit v JOIN customer c ON c.id = v.customer_id WHERE c.name = '沙洲纺织'" 2>/dev/null)
if rc_is 0 && [ "$n_cli" -gt 0 ] && [ "$n_cli" = "$n_sql" ] &&
   ! tr -d '\r' <"$T_DIR/out" | awk -F, 'NR > 1 && $4 != "沙洲纺织"' | grep -q .; then
	t_ok "visit list --customer: only that customer's visits, all $n_sql of them"
else
	t_not_ok "visit list --customer: only that customer's visits" "cli=$n_cli sql=$n_sql"
fi
sd visit list --customer 无此客户
if rc_is 65 && err_one_line; then t_ok "visit list --customer: an unknown customer (65)"; else t_not_ok "visit list --customer: an unknown customer (65)"; fi

# ---------------------------------------------------------------- export
sd export visits --month 2026-11 -o "$T_DIR/v.csv"
if rc_is 0 && has_bytes "$T_DIR/v.csv" '\357\273\277\347\274\226\345\217\267,' &&
   grep -q '电话无人接听' "$T_DIR/v.csv" && grep -q '已回访' "$T_DIR/v.csv"; then
	t_ok "export visits in UTF-8 (BOM, Chinese titles)"
else
	t_not_ok "export visits in UTF-8 (BOM, Chinese titles)"
fi
sd export visits --month 2026-11 --encoding gb18030 -o "$T_DIR/v-gb.csv"
tail -c +4 "$T_DIR/v.csv" >"$T_DIR/v.csv.nobom"
if rc_is 0 && has_bytes "$T_DIR/v-gb.csv" '\261\340\272\305,' &&
   iconv -f GB18030 -t UTF-8 "$T_DIR/v-gb.csv" | cmp -s - "$T_DIR/v.csv.nobom"; then
	t_ok "export visits in GB18030: the same rows"
else
	t_not_ok "export visits in GB18030: the same rows"
fi
sd export visits --month 2026-13
if rc_is 64 && err_one_line; then t_ok "export visits: a bad month (64)"; else t_not_ok "export visits: a bad month (64)"; fi
sd import visits "$T_DIR/v.csv"
if rc_is 64 && err_one_line; then t_ok "visits cannot be imported (64)"; else t_not_ok "visits cannot be imported (64)"; fi

t_done
