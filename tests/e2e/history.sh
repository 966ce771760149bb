#!/bin/sh
# history.sh — end-to-end tests of each machine's history, repeat repairs,
# quality by model and the service report of an entry (TAP): equipment show
# lists the machine's requests, entries, visits and complaints newest first;
# a second repair of the same fault within repeat_days is marked in the
# ledger list, the entry and the monthly summary; report quality breaks the
# faults down by model; ledger report writes the service report, compared
# with the golden files in UTF-8 and GB18030 at 80 columns, and as a PDF.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.
# SERVDESK_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-history.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=
GOLDEN=$top_srcdir/tests/golden

golden() {
	if [ "${SERVDESK_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$2" "$GOLDEN/$1"
	fi
	if cmp -s "$2" "$GOLDEN/$1"; then
		t_ok "matches the golden $1"
	else
		t_not_ok "matches the golden $1" "$(diff "$GOLDEN/$1" "$2" 2>&1 | head -n 10)"
	fi
}

# ok_has TEXT: the last command succeeded and printed TEXT.
ok_has() {
	rc_is 0 && grep -q -F -- "$1" "$T_DIR/out"
}

# at TIME ARGS...: servdesk at another moment.
at() {
	_when=$1
	shift
	SERVDESK_NOW=$_when sd "$@"
}

# req TIME SERIAL: a request received at TIME on SERIAL, taken in and
# assigned to zhangwei; prints its number.
req() {
	_r=$(SERVDESK_NOW=$1 add_req --priority P2 --serial "$2" --received "$1") || return 1
	SERVDESK_NOW=$1 "$SERVDESK" --db "$DB" request hand "$_r" --to zhangwei >/dev/null 2>&1 &&
	SERVDESK_NOW=$1 "$SERVDESK" --db "$DB" ledger take "$_r" >/dev/null 2>&1 &&
	SERVDESK_NOW=$1 "$SERVDESK" --db "$DB" ledger assign "$_r" --engineer zhangwei >/dev/null 2>&1 &&
	printf '%s\n' "$_r"
}

CUST=江苏驰耐特防腐科技有限公司
SN=CNT-PT2026-0031
SN2=CNT-RD2026-0007

sd_init
export SERVDESK_NOW='2026-10-01 08:00'
{
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer &&
	"$SERVDESK" --db "$DB" customer add "$CUST" --region 张家港 &&
	"$SERVDESK" --db "$DB" equipment add "$SN" --customer "$CUST" --model 'PT-3000 高压无气喷涂机' \
		--commissioned 2026-06-01 &&
	"$SERVDESK" --db "$DB" equipment add "$SN2" --customer "$CUST" --model 'RD-8 烘干炉' \
		--commissioned 2026-06-01 &&
	"$SERVDESK" --db "$DB" stock part SEAL-32 --name 柱塞密封组件 --spec 'Φ32×2.5 氟橡胶' \
		--brand NOK --unit 套 &&
	"$SERVDESK" --db "$DB" stock receive SEAL-32 10 --cost 120 &&
	"$SERVDESK" --db "$DB" stock part FLT-60 --name 喷枪过滤网 --spec 60目 --brand 固瑞克 &&
	"$SERVDESK" --db "$DB" stock receive FLT-60 5 --cost 35.50
} >/dev/null 2>&1 || echo "# setup failed"

# ================================================================ a repair, closed with parts
R1=$(ITEM='喷涂机压力上不去,最高只到12MPa(正常21MPa)' req '2026-10-08 09:00' "$SN")
at '2026-10-08 10:00' ledger diagnose "$R1" --finding '柱塞密封磨损,高压泵内泄'
at '2026-10-08 10:30' ledger propose "$R1" --mode onsite --solution '更换柱塞密封组件和喷枪过滤网,调压至21MPa试喷正常' --fault mech
t_check "propose with a fault category" rc_is 0
at '2026-10-09 09:00' ledger arrive "$R1"
at '2026-10-09 10:00' stock issue SEAL-32 2 --request "$R1"
at '2026-10-09 10:05' stock issue FLT-60 2 --request "$R1"
at '2026-10-09 11:00' stock return FLT-60 1 --request "$R1"
t_check "parts issued and one returned" rc_is 0
at '2026-10-09 15:20' ledger item "$R1" 1 done 更换柱塞密封组件,压力恢复正常
at '2026-10-09 15:30' ledger clear "$R1"
at '2026-10-09 15:40' ledger charge "$R1" --kind labour --amount 800 --note 上门更换密封 --without-quote
at '2026-10-09 16:00' ledger card "$R1" --signed-by 吴振华 --opinion 满意 --rating 5
at '2026-10-09 16:30' ledger close "$R1"
t_check "the first repair closed" rc_is 0

# ================================================================ repeat repairs
R2=$(ITEM='喷涂机压力又不足' req '2026-11-10 09:00' "$SN")
at '2026-11-10 10:00' ledger propose "$R2" --mode phone --solution '电话指导检查密封' --fault mech
R3=$(ITEM='控制屏死机' req '2026-11-12 09:00' "$SN")
at '2026-11-12 10:00' ledger propose "$R3" --mode remote --solution '远程升级控制程序' --fault ctrl
R4=$(ITEM='烘干炉压力不足' req '2026-11-12 11:00' "$SN2")
at '2026-11-12 12:00' ledger propose "$R4" --mode phone --solution '电话指导' --fault mech

sd ledger list --format csv
tr -d '\r' <"$T_DIR/out" >"$T_ROOT/list.csv" && mv "$T_ROOT/list.csv" "$T_DIR/out"
if rc_is 0 && grep -q "^$R2,.*,1\$" "$T_DIR/out" && grep -q "^$R3,.*,0\$" "$T_DIR/out" &&
   grep -q "^$R4,.*,0\$" "$T_DIR/out" && grep -q "^$R1,.*,0\$" "$T_DIR/out" &&
   head -1 "$T_DIR/out" | grep -q ',repeat$'; then
	t_ok "ledger list: only the same fault on the same machine is a repeat"
else
	t_not_ok "ledger list: only the same fault on the same machine is a repeat"
fi
sd ledger list
t_check "ledger list: the repeat is marked before the state" \
	sh -c "grep '$R2' '$T_DIR/out' | grep -q '$R2  repeat ' && ! grep '$R3' '$T_DIR/out' | grep -q 'repeat'"
sd ledger show "$R2"
t_check "ledger show: the entry repeated" sh -c "grep -Eq '^Repeat repair of: +$R1\$' '$T_DIR/out'"
sd ledger show "$R2" --format json
t_check "ledger show --format json: repeat_of" grep -q "\"repeat_of\":\"$R1\"" "$T_DIR/out"
sd ledger show "$R3" --format json
t_check "ledger show --format json: no repeat is null" grep -q '"repeat_of":null' "$T_DIR/out"

# ================================================================ the machine's history
sd equipment show "$SN"
if ok_has 'Service history (newest first):' && grep -q "ledger entry  $R2  solution proposed; repeat repair; 机械故障" "$T_DIR/out" &&
   [ "$(grep -c "$R1" "$T_DIR/out")" -eq 2 ] && ! grep -q "$R4" "$T_DIR/out"; then
	t_ok "equipment show: the machine's requests and entries, the repeat marked"
else
	t_not_ok "equipment show: the machine's requests and entries, the repeat marked"
fi
# newest first: R3's rows before R2's before R1's
t_check "equipment show: newest first" \
	sh -c "grep -o -e '$R1' -e '$R2' -e '$R3' '$T_DIR/out' | tr '\n' ' ' | grep -q '^$R3 $R3 $R2 $R2 $R1 $R1 \$'"
sd equipment show "$SN" --format json
t_check "equipment show --format json: six rows of history" \
	sh -c "[ \$(grep -o '\"kind\":\"\(request\|ledger\)\"' '$T_DIR/out' | wc -l) -eq 6 ] && grep -q '\"repeat\":true' '$T_DIR/out'"
at '2026-11-13 09:00' complaint add --customer "$CUST" --class quality --request "$R1" --description '密封刚换一个月又坏'
sd equipment show "$SN"
t_check "equipment show: a complaint about the machine's entry" sh -c "grep -q 'complaint .*密封刚换一个月又坏' '$T_DIR/out'"
at '2026-11-14 09:00' visit add --customer "$CUST" --serial "$SN" --kind quality_call --due 2026-11-20
sd equipment show "$SN"
t_check "equipment show: a visit of the machine" sh -c "grep -q '^2026-11-20 .*visit' '$T_DIR/out'"
sd equipment show NO-SUCH-SN
t_check "equipment show of an unknown serial: 65" rc_is 65
sd equipment show "$SN2"
t_check "equipment show: another machine's history only" sh -c "grep -q '$R4' '$T_DIR/out' && ! grep -q '$R1' '$T_DIR/out'"

# ================================================================ quality by model
sd report quality 2026-11 --format csv
if rc_is 0 && grep -q '^by_model,PT-3000 高压无气喷涂机,mech,1,1,0,' "$T_DIR/out" &&
   grep -q '^by_model,PT-3000 高压无气喷涂机,ctrl,1,0,0,' "$T_DIR/out" &&
   grep -q '^by_model,RD-8 烘干炉,mech,1,0,0,' "$T_DIR/out" && grep -q '^quality,repeats,1' "$T_DIR/out"; then
	t_ok "report quality YYYY-MM: faults and repeats by model and category"
else
	t_not_ok "report quality YYYY-MM: faults and repeats by model and category"
fi
sd report quality 2026 --format json
t_check "report quality YYYY: the year's faults and the downtime" \
	sh -c "grep -q '\"entries\":4' '$T_DIR/out' && grep -q '\"repeats\":1' '$T_DIR/out' && grep -q '\"downtime\":1830,\"by_model\"' '$T_DIR/out'"
sd report quality 2026
t_check "report quality: text" sh -c "grep -q 'PT-3000' '$T_DIR/out' && grep -q 'Repeat repairs' '$T_DIR/out'"
sd report quality 2026-13
t_check "report quality with a bad period: 64" rc_is 64
sd report monthly 2026-11 --format json
t_check "report monthly: repeat repairs counted" sh -c "grep -q '\"quality\":{\"entries\":3,\"repeats\":1' '$T_DIR/out'"

# ================================================================ the service report
sd ledger report "$R1"
cp "$T_DIR/out" "$T_ROOT/sr80.txt"
t_check "ledger report: exit 0" rc_is 0
golden service-report-80.txt "$T_ROOT/sr80.txt"
sd ledger report "$R1" --encoding gb18030
cp "$T_DIR/out" "$T_ROOT/sr80.gb"
golden service-report-80.gb18030.txt "$T_ROOT/sr80.gb"
t_check "the report names the parts with specification and brand" \
	sh -c "grep -q '柱塞密封组件.*Φ32×2.5 氟橡胶.*NOK.*2' '$T_ROOT/sr80.txt' && grep -q '喷枪过滤网.*60目.*固瑞克.*1' '$T_ROOT/sr80.txt'"
sd ledger report "$R1" --format json
t_check "ledger report --format json: times, cause and confirmation" \
	sh -c "grep -q '\"fault_at\":\"2026-10-08 09:00\"' '$T_DIR/out' && grep -q '\"recovered_at\":\"2026-10-09 15:30\"' '$T_DIR/out' && grep -q '\"cause\":\"柱塞密封磨损,高压泵内泄\"' '$T_DIR/out' && grep -q '\"confirmed_by\":\"吴振华\"' '$T_DIR/out'"
if command -v pdftotext >/dev/null 2>&1; then
	sd ledger report "$R1" --format pdf -o "$T_ROOT/sr.pdf"
	pdftotext -layout "$T_ROOT/sr.pdf" "$T_ROOT/sr.pdf.txt" 2>/dev/null
	if rc_is 0 && grep -q '柱塞密封组件' "$T_ROOT/sr.pdf.txt" && grep -q 'NOK' "$T_ROOT/sr.pdf.txt" &&
	   grep -q '吴振华' "$T_ROOT/sr.pdf.txt" && grep -q "Service report $R1" "$T_ROOT/sr.pdf.txt"; then
		t_ok "ledger report as PDF: the parts and the confirmation"
	else
		t_not_ok "ledger report as PDF: the parts and the confirmation"
	fi
else
	t_skip "ledger report as PDF" "no pdftotext"
fi
sd ledger report 209901-0001
t_check "ledger report of an unknown entry: 65 with one line" sh -c "[ $RC -eq 65 ] && [ \$(wc -l <'$T_DIR/err') -eq 1 ]"
sd ledger report
t_check "ledger report without a number: 64" rc_is 64

# ================================================================ the customer's year, listed
sd report customer "$CUST" --year 2026
if rc_is 0 && grep -q "^Services: every request of the year" "$T_DIR/out" &&
   [ "$(grep -c "^2026-1[01]-[0-9][0-9] [0-9:]* 20261[01]-000[0-9] " "$T_DIR/out")" -eq 5 ] &&
   grep -q "^2026-10-09 16:30 $R1 .*机械故障 .*喷枪过滤网 ×1" "$T_DIR/out" &&
   grep -q "^ *[0-9]* 2026-11-20 quality follo.* $SN  *planned" "$T_DIR/out"; then
	t_ok "report customer --year: every service, visit and repair of the year"
else
	t_not_ok "report customer --year: every service, visit and repair of the year"; sed -n "30,50p" "$T_DIR/out" | sed "s/^/# /"
fi
sd report customer "$CUST" --year 2026 --format json
t_check "report customer --year --format json: the lists" \
	sh -c "grep -q '\"services\":{\"services\":\[{\"received_at\":\"2026-10-08 09:00\",\"regno\":\"$R1\"' '$T_DIR/out' && grep -q '\"parts\":\"喷枪过滤网 ×1, 柱塞密封组件 ×2\"' '$T_DIR/out'"

t_done
