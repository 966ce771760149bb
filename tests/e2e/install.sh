#!/bin/sh
# install.sh — end-to-end tests of installation and commissioning (servdesk
# install) and training (servdesk training) (TAP): the overdue list, planning
# with its refusals, recording done (the machine's commissioning date and its
# warranty), signing by both sides only after done, stale versions, roles,
# cancelling, the signed record as a document, and the Chinese catalogue.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-install.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# Today is Friday 2026-11-20 (lib.sh).
CUST=常州市金坛精密铸造有限公司

as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

lines() {
	wc -l <"$1" | tr -d ' '
}

snap() {
	{ "$SERVDESK" --db "$DB" install list --all --format csv; "$SERVDESK" --db "$DB" training list --all --format csv
	  "$SERVDESK" --db "$DB" equipment list --format csv; } >"$T_DIR/snap.$1" 2>&1
}

# refused NAME STATUS ARGS...: servdesk ARGS exits STATUS with one error
# line and nothing changed.
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
		t_ok "$_name: $_want, nothing changed"
	else
		t_not_ok "$_name: $_want, nothing changed" "rc=$RC"
	fi
}

# version ID: the record's version (install show --format json).
version() {
	"$SERVDESK" --db "$DB" install show "$1" --format json | sed 's/.*"version":\([0-9]*\).*/\1/'
}

# ---------------------------------------------------------------- set up
sd_init
sd staff add laozhang --name 张伟 --role engineer
sd staff add xiaowang --name 王丽 --role operator
sd staff add laoli --name 周刚 --role storekeeper
sd customer add "$CUST" --contact 赵建国 --phone 0519-82301234
sd customer add 无锡市惠山机械厂 --contact 钱明 --phone 0510-83561234
# arrived 2 November: due 9 November, overdue today
sd equipment add PS-1060-0231 --customer "$CUST" --model "JCK-1060 喷砂机" --delivered 2026-11-02
# delivered 1 November, accepted on arrival 16 November: due 23 November, not overdue
sd equipment add PS-1060-0198 --customer "$CUST" --model "JCK-1060 喷砂机" --delivered 2026-11-01 --accepted 2026-11-16
# not yet delivered: never overdue
sd equipment add WX-77 --customer 无锡市惠山机械厂 --model 抛丸机
if rc_is 0; then t_ok "set up"; else t_not_ok "set up"; fi

# ---------------------------------------------------------------- overdue
sd install list --overdue --format csv
if rc_is 0 && [ "$(lines "$T_DIR/out")" -eq 2 ] &&
   grep -q '^,commission,,2026-11-09,'"$CUST"',PS-1060-0231,,,1,11,' "$T_DIR/out"; then
	t_ok "list --overdue: the machine arrived 2 November, not planned, 11 days late"
else
	t_not_ok "list --overdue: the machine arrived 2 November, not planned, 11 days late"
fi

# ---------------------------------------------------------------- plan
as laoli install add --serial PS-1060-0231
if rc_is 77 && err_one_line; then t_ok "add: a storekeeper may not (77)"; else t_not_ok "add: a storekeeper may not (77)" "rc=$RC"; fi
as xiaowang install add --serial PS-1060-0231 --engineer laozhang --note 安装、调试、试喷
C1=$(cat "$T_DIR/out")
if rc_is 0 && [ -n "$C1" ]; then t_ok "add: an operator plans a commissioning"; else t_not_ok "add: an operator plans a commissioning" "rc=$RC"; fi
sd install add --serial PS-1060-0198
C2=$(cat "$T_DIR/out")
sd install show "$C2" --format json
if rc_is 0 && grep -q '"due_on":"2026-11-23"' "$T_DIR/out" && grep -q '"planned_on":"2026-11-23"' "$T_DIR/out" &&
   grep -q '"arrived_on":"2026-11-16"' "$T_DIR/out"; then
	t_ok "add: due 7 calendar days after arrival acceptance, planned for the due day"
else
	t_not_ok "add: due 7 calendar days after arrival acceptance, planned for the due day"
fi
refused "add: the machine is planned already" 65 install add --serial PS-1060-0231
refused "add: no --serial" 64 install add
refused "add: unknown machine" 65 install add --serial NO-SUCH
refused "add: the machine of another customer" 65 install add --serial WX-77 --customer "$CUST"
refused "add: not an engineer" 65 install add --serial WX-77 --engineer xiaowang
refused "add: a bad day" 65 install add --serial WX-77 --planned 2026-02-30

sd install list --overdue --format csv
if rc_is 0 && grep -q "^$C1,commission,2026-11-20,2026-11-09,.*,laozhang,planned,1,11," "$T_DIR/out"; then
	t_ok "list --overdue: planned, still overdue"
else
	t_not_ok "list --overdue: planned, still overdue"
fi

# ---------------------------------------------------------------- done
SERVDESK_USER=xiaowang refused "done: an operator may not (77)" 77 install done "$C1" --checks 调试合格
refused "done: no --checks" 64 install done "$C1"
V=$(version "$C1")
refused "done: a stale version" 65 install done "$C1" --checks 调试合格 --version $((V - 1))
grep -q 'changed meanwhile' "$T_DIR/err" && t_ok "the stale refusal says it changed meanwhile" ||
	t_not_ok "the stale refusal says it changed meanwhile"
refused "done: before the machine arrived" 65 install done "$C1" --checks 调试合格 --on 2026-11-01
refused "done: later than today" 65 install done "$C1" --checks 调试合格 --on 2026-11-21
refused "sign: before done" 65 install sign "$C1" --by 赵建国
as laozhang install done "$C1" --checks "气路、喷枪、除尘系统检查；试喷合格" --on 2026-11-12 --version "$V"
if rc_is 0; then t_ok "done: the engineer records it"; else t_not_ok "done: the engineer records it" "rc=$RC"; fi
sd equipment show PS-1060-0231
if grep -q 'Commissioned: *2026-11-12' "$T_DIR/out" && grep -q 'Warranty ends: *2027-11-12' "$T_DIR/out"; then
	t_ok "done: the machine's commissioning date, and the warranty from it"
else
	t_not_ok "done: the machine's commissioning date, and the warranty from it"
fi
sd audit --format csv
if grep -q 'equipment,PS-1060-0231,update' "$T_DIR/out" && grep -q "install_job,$C1,done" "$T_DIR/out"; then
	t_ok "done: the machine's change and the record's, both audited"
else
	t_not_ok "done: the machine's change and the record's, both audited"
fi
sd install list --overdue --format csv
if rc_is 0 && [ "$(lines "$T_DIR/out")" -eq 1 ]; then t_ok "list --overdue: none once commissioned"; else t_not_ok "list --overdue: none once commissioned"; fi
refused "done twice" 65 install done "$C1" --checks 调试合格

# ---------------------------------------------------------------- sign
refused "sign: no --by" 64 install sign "$C1"
refused "sign: before the work" 65 install sign "$C1" --by 赵建国 --on 2026-11-11
SERVDESK_USER=xiaowang refused "sign: an operator may not (77)" 77 install sign "$C1" --by 赵建国
as laozhang install sign "$C1" --by 赵建国 --on 2026-11-12
sd install show "$C1"
if rc_is 0 && grep -q 'Signed by the customer: *赵建国' "$T_DIR/out" && grep -q 'Status: *signed' "$T_DIR/out"; then
	t_ok "sign: who signed for the customer, and when"
else
	t_not_ok "sign: who signed for the customer, and when"
fi
refused "sign twice" 65 install sign "$C1" --by 赵建国
refused "cancel when signed" 65 install cancel "$C1" --reason 重复

# ---------------------------------------------------------------- the record
sd install form "$C1"
if rc_is 0 && grep -q 'Installation and commissioning record' "$T_DIR/out" &&
   grep -q 'For the service department *张伟 *2026-11-12' "$T_DIR/out" &&
   grep -q 'For the customer *赵建国 *2026-11-12' "$T_DIR/out"; then
	t_ok "form: the record with both signatures"
else
	t_not_ok "form: the record with both signatures"
fi
sd install form "$C2" --format json
if rc_is 0 && grep -q '"document":"commissioning_record"' "$T_DIR/out" && ! grep -q '赵建国' "$T_DIR/out"; then
	t_ok "form --format json: unsigned, empty signature lines"
else
	t_not_ok "form --format json: unsigned, empty signature lines"
fi
sd install form "$C2" --format pdf -o "$T_DIR/c.pdf"
t_binary "form --format pdf -o FILE" "$T_DIR/c.pdf" "%PDF-"

# ---------------------------------------------------------------- cancel
refused "cancel: no --reason" 64 install cancel "$C2"
SERVDESK_USER=laoli refused "cancel: a storekeeper may not (77)" 77 install cancel "$C2" --reason 客户推迟
as xiaowang install cancel "$C2" --reason 客户厂房未完工
sd install add --serial PS-1060-0198
if rc_is 0; then t_ok "cancel: then the machine may be planned again"; else t_not_ok "cancel: then the machine may be planned again" "rc=$RC"; fi

# ---------------------------------------------------------------- training
sd training add --customer "$CUST" --serial PS-1060-0231 --planned 2026-11-16 --trainer laozhang --topics 操作与保养
T1=$(cat "$T_DIR/out")
sd training show "$T1" --format json
if rc_is 0 && grep -q '"days":3' "$T_DIR/out"; then t_ok "training add: 3 days planned by default"; else t_not_ok "training add: 3 days planned by default"; fi
refused "training add: no --customer" 64 training add
refused "training add: --days 0" 64 training add --customer "$CUST" --days 0
refused "training add: another customer's machine" 65 training add --customer "$CUST" --serial WX-77
refused "training done: no --attendees" 64 training done "$T1" --topics 操作
refused "training done: not a training" 65 training done "$C2" --topics 操作 --attendees 王强
refused "install done: not a commissioning" 65 install done "$T1" --checks 操作
as laozhang training done "$T1" --from 2026-11-16 --topics "设备操作、砂料更换、日常保养与安全" --attendees "王强、李娜、陈刚"
sd training show "$T1"
if rc_is 0 && grep -q '2026-11-16 to 2026-11-18 (3 days)' "$T_DIR/out" && grep -q 'Number of attendees: *3' "$T_DIR/out"; then
	t_ok "training done: three days held, three attendees counted"
else
	t_not_ok "training done: three days held, three attendees counted"
fi
as laozhang training sign "$T1" --by 赵建国 --on 2026-11-18
sd training form "$T1" --format csv
if rc_is 0 && grep -q '王强、李娜、陈刚' "$T_DIR/out" && grep -q '赵建国' "$T_DIR/out"; then
	t_ok "training form: attendees and the customer's signature"
else
	t_not_ok "training form: attendees and the customer's signature"
fi
sd training list --format csv
if rc_is 0 && [ "$(lines "$T_DIR/out")" -eq 1 ]; then t_ok "training list: none open once signed"; else t_not_ok "training list: none open once signed"; fi
sd training list --overdue
if rc_is 64 && err_one_line; then t_ok "training list --overdue: usage (64)"; else t_not_ok "training list --overdue: usage (64)"; fi

# ---------------------------------------------------------------- the machine's history, the month
sd equipment show PS-1060-0231
if rc_is 0 && grep -q 'commissioning; signed; 气路' "$T_DIR/out" && grep -q 'training; signed' "$T_DIR/out"; then
	t_ok "equipment show: the machine's commissioning and training in its history"
else
	t_not_ok "equipment show: the machine's commissioning and training in its history"
fi
sd report monthly 2026-11 --format json
if rc_is 0 && grep -q '"install":{[^}]*"commissioned":1,"commissioned_late":1,' "$T_DIR/out" &&
   grep -q '"training_days":3,"attendees":3,"signed":2' "$T_DIR/out"; then
	t_ok "report monthly: commissioned (late), training days, attendees, signed"
else
	t_not_ok "report monthly: commissioned (late), training days, attendees, signed" "$(grep -o '"install":{[^}]*}' "$T_DIR/out")"
fi

# ---------------------------------------------------------------- the demonstration
SAVED_DB=$DB
SAVED_DIR=$T_DIR
t_new
"$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1
sd install list --all --format csv
if rc_is 0 && grep -q ',commission,.*,CNT-PS2026-0131,zhangwei,signed,0,' "$T_DIR/out" &&
   [ "$(grep -c ',planned,1,' "$T_DIR/out")" -eq 1 ]; then
	t_ok "demo: a sandblaster commissioned and signed, one commissioning overdue"
else
	t_not_ok "demo: a sandblaster commissioned and signed, one commissioning overdue"
fi
sd training list --all --format json
if rc_is 0 && grep -q '"status":"signed"' "$T_DIR/out"; then t_ok "demo: a training held and signed"; else t_not_ok "demo: a training held and signed"; fi
sd training show 2 --format json
if grep -q '"days":3' "$T_DIR/out" && grep -q '"done_to"' "$T_DIR/out"; then t_ok "demo: three days"; else t_not_ok "demo: three days"; fi
DB=$SAVED_DB
T_DIR=$SAVED_DIR

# ---------------------------------------------------------------- help and Chinese
sd install --help
if rc_is 0 && grep -q 'install add' "$T_DIR/out"; then t_ok "install --help"; else t_not_ok "install --help"; fi
sd --help
if grep -q 'training add|list' "$T_DIR/out"; then t_ok "--help lists install and training"; else t_not_ok "--help lists install and training"; fi
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
mkdir -p "$T_ROOT/mo/zh_CN/LC_MESSAGES"
msgfmt -o "$T_ROOT/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null || ZHLOC=
if [ -n "$ZHLOC" ]; then
	LC_ALL=$ZHLOC SERVDESK_LOCALEDIR="$T_ROOT/mo" sd training form "$T1"
	if rc_is 0 && grep -q '培训记录' "$T_DIR/out" && grep -q '双方签字' "$T_DIR/out" && grep -q '学员' "$T_DIR/out"; then
		t_ok "zh_CN: 培训记录, 双方签字, 学员"
	else
		t_not_ok "zh_CN: 培训记录, 双方签字, 学员"
	fi
	LC_ALL=$ZHLOC SERVDESK_LOCALEDIR="$T_ROOT/mo" sd install list --all
	if rc_is 0 && grep -q '安装调试' "$T_DIR/out" && grep -q '已签字' "$T_DIR/out"; then
		t_ok "zh_CN: the list in Chinese"
	else
		t_not_ok "zh_CN: the list in Chinese"
	fi
else
	t_skip "zh_CN" "no zh_CN.UTF-8 locale"
fi

t_done
