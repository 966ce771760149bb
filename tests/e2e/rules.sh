#!/bin/sh
# rules.sh — end-to-end tests of exact rules (TAP): a return credits what its
# issue billed, whatever the date; a zero-cost return is a zero credit line;
# a change that feeds a due time recomputes the stored due times; a past
# month's report does not change when requests and visits are edited after
# it; a visit missed in a month still counts as missed there when done later.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-rules.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# at TIME ARGS...: sd at that moment.
at() {
	_when=$1
	shift
	SERVDESK_NOW=$_when sd "$@"
}

# field NAME: a top-level scalar of the JSON object in $T_DIR/out.
field() {
	sed -n "s/^{.*\"$1\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" "$T_DIR/out"
}

# setup NOW: a database with a storekeeper (laoli), an engineer (zhangwei),
# customer W and its equipment E1 commissioned 2024-01-31 (in warranty to
# 2025-01-31), and part P1 (10 at 100.00) and P0 (10 at 0.00).
setup() {
	sd_init
	export SERVDESK_NOW="$1"
	"$SERVDESK" --db "$DB" staff add laoli --name 李库管 --role storekeeper >/dev/null 2>&1 &&
	"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1 &&
	"$SERVDESK" --db "$DB" customer add W >/dev/null 2>&1 &&
	"$SERVDESK" --db "$DB" equipment add E1 --customer W --commissioned 2024-01-31 >/dev/null 2>&1 &&
	SERVDESK_USER=laoli "$SERVDESK" --db "$DB" stock part P1 --name 轴承 >/dev/null 2>&1 &&
	SERVDESK_USER=laoli "$SERVDESK" --db "$DB" stock part P0 --name 垫片 >/dev/null 2>&1 &&
	SERVDESK_USER=laoli "$SERVDESK" --db "$DB" stock receive P1 10 --cost 100 >/dev/null 2>&1 &&
	SERVDESK_USER=laoli "$SERVDESK" --db "$DB" stock receive P0 10 --cost 0 >/dev/null 2>&1 || return 1
	R=$("$SERVDESK" --db "$DB" request add --channel phone --customer W --requester 张工 \
		--phone 13800138000 --item 压力上不去 --serial E1 2>/dev/null) &&
	"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1 &&
	"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
}

# ================================================================ returns

setup '2025-01-20 10:00' || echo "# setup failed"
SERVDESK_USER=laoli at '2025-01-31 10:00' stock issue P1 2 --request "$R"
t_check "issue in warranty" rc_is 0
SERVDESK_USER=laoli at '2025-02-01 10:00' stock return P1 2 --request "$R"
t_check "return the day after the warranty ended" rc_is 0
sd ledger show "$R" --format json
got=$(grep -o '"money":{"cost_fen":[^[]*,"charges"' "$T_DIR/out")
t_check "the credit mirrors the free issue: billed and outstanding stay 0 ($got)" \
	[ "$got" = '"money":{"cost_fen":0,"billed_fen":0,"received_fen":0,"outstanding_fen":0,"charges"' ]
sd ledger show "$R"
t_check "the credit line is in warranty, billed 0.00" \
	grep -Eq '^2025-02-01 +parts +in warranty +-200\.00 +0\.00( |$)' "$T_DIR/out"

SERVDESK_USER=laoli at '2025-02-02 10:00' stock issue P1 1 --request "$R"
SERVDESK_USER=laoli at '2025-03-01 10:00' stock return P1 1 --request "$R"
sd ledger show "$R"
t_check "a billed issue returned later is credited billed" \
	grep -Eq '^2025-03-01 +parts +tier 1 +-100\.00 +-100\.00( |$)' "$T_DIR/out"

SERVDESK_USER=laoli at '2025-03-01 11:00' stock issue P0 2 --request "$R"
SERVDESK_USER=laoli at '2025-03-01 11:00' stock return P0 1 --request "$R"
t_check "a zero-cost return is accepted" rc_is 0
sd ledger show "$R"
t_check "a zero-cost return is a zero credit line" \
	grep -Eq ' 0\.00 +0\.00 +P0 x 1 returned' "$T_DIR/out"
sd stock show P0 --format json
t_check "the zero-cost part is back on hand" [ "$(field on_hand)" = 9 ]

# ================================================================ due times follow their inputs

# A P3 request received 09:00 (respond by 13:00), raised to P1 at 11:00:
# respond by 10:00, overdue since, in every list that reads the stored due time.
sd_init
export SERVDESK_NOW='2026-11-24 09:00'
# the solution proposed is the first clock here: no first-reply or escalation commitment
"$SERVDESK" --db "$DB" policy set P1 --reply off --escalate off >/dev/null 2>&1
"$SERVDESK" --db "$DB" policy set P2 --reply off >/dev/null 2>&1
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
"$SERVDESK" --db "$DB" customer add 远方客户 --region 市区 >/dev/null 2>&1
"$SERVDESK" --db "$DB" policy set P2 --region 外地 --reply off --respond 8 --onsite 48 --clear 5 >/dev/null 2>&1
R=$(add_req)
"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
R2=$(CUST=远方客户 add_req --priority P2)
"$SERVDESK" --db "$DB" request hand "$R2" --to zhangwei >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$R2" >/dev/null 2>&1
at '2026-11-24 11:00' ledger list --overdue --format csv
t_check "a P3 entry at 11:00 is due 13:00, not overdue" \
	grep -q "^$R,registered,P3,.*,2026-11-24 13:00,near," "$T_DIR/out"
at '2026-11-24 11:00' request edit "$R" --priority P1
t_check "raise the request to P1" rc_is 0
at '2026-11-24 11:00' ledger list --overdue --format csv
t_check "the overdue list has it, due 10:00, at once" \
	grep -q "^$R,registered,P1,.*,2026-11-24 10:00,overdue," "$T_DIR/out"
at '2026-11-24 11:00' ledger list --format csv
t_check "the full list shows the P1 due time" grep -q "^$R,.*,2026-11-24 10:00,overdue,!!," "$T_DIR/out"
at '2026-11-24 11:00' request edit "$R" --received '2026-11-24 10:30'
at '2026-11-24 11:00' ledger list --format csv
t_check "a later time of receipt moves the due time" grep -q "^$R,.*,2026-11-24 11:30,near," "$T_DIR/out"

# The customer moves to another region: the regional policy at once.
at '2026-11-24 11:00' ledger list --format csv
before=$(grep "^$R2," "$T_DIR/out" | cut -d, -f7)
at '2026-11-24 11:00' customer add 远方客户 --region 外地
t_check "change the customer's region" rc_is 0
at '2026-11-24 11:00' ledger list --format csv
after=$(grep "^$R2," "$T_DIR/out" | cut -d, -f7)
t_check "its entry's stored due time is the regional one ($before -> $after)" \
	[ "$after" = "2026-11-24 17:00" ]

# ================================================================ a past month stays as it was

# October 2025: three requests, one answered in the month (P3), one visit
# missed on 10 October. The report is built on 2 November, then the requests
# are edited (priority, channel, customer) and the visit is done; the report
# of October built again on 6 November is the same, byte for byte, in every
# format.
sd_init
export SERVDESK_NOW='2025-10-06 09:00'
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
"$SERVDESK" --db "$DB" customer add 张家港市自来水有限公司 --region 市区 >/dev/null 2>&1
"$SERVDESK" --db "$DB" customer add 太仓港口储运有限公司 --region 外地 >/dev/null 2>&1
O1=$(CUST=张家港市自来水有限公司 add_req --priority P3)
O2=$(CUST=太仓港口储运有限公司 add_req --priority P4 --channel letter)
O3=$(CUST=太仓港口储运有限公司 add_req --priority P2)
"$SERVDESK" --db "$DB" request hand "$O1" --to zhangwei >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$O1" >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger assign "$O1" --engineer zhangwei >/dev/null 2>&1
at '2025-10-06 10:00' ledger propose "$O1" --mode remote --solution 远程修改参数 --at '2025-10-06 10:00'
t_check "October: an entry answered in the month" rc_is 0
V=$("$SERVDESK" --db "$DB" visit add --customer 张家港市自来水有限公司 --due 2025-10-08 2>/dev/null)
at '2025-10-10 09:00' visit miss "$V"
t_check "October: the visit missed on 10 October" rc_is 0
# October's parts: one low (none on hand, reorder point 5), one not (point 0)
at '2025-10-12 09:00' stock part LOW-1 --name 低库存件 --unit 套 --reorder-point 5
at '2025-10-12 09:00' stock part OK-1 --name 充足件 --reorder-point 0 --cost 5
at '2025-10-12 09:05' stock receive OK-1 10
t_check "October: two parts registered, 10 of one received" rc_is 0
for f in text csv json; do
	at '2025-11-02 08:00' report monthly 2025-10 --format $f
	cp "$T_DIR/out" "$T_DIR/before.$f"
done
t_check "October's report says 1 missed" grep -q '"missed":1' "$T_DIR/before.json"
t_check "October's low stock: the one part low then" \
	sh -c 'grep -q "\"part_no\":\"LOW-1\",\"name\":\"低库存件\"" "$1" && ! grep -q "X-1\|OK-1" "$1"' _ "$T_DIR/before.json"

at '2025-11-05 09:00' request edit "$O1" --priority P1 --channel email
t_check "November: raise an October request to P1 by e-mail" rc_is 0
at '2025-11-05 09:00' request edit "$O2" --customer 张家港市自来水有限公司 --channel fax --fax-pages 2
t_check "November: another customer and channel for an October request" rc_is 0
at '2025-11-05 09:10' request edit "$O3" --priority P4
at '2025-11-05 10:00' visit done "$V" --satisfaction 4 --note 补做巡检
t_check "November: the missed visit is done" rc_is 0
at '2025-11-05 11:00' stock part X-1 --name 测试件 --unit 个 --reorder-point 5
t_check "November: a new part, low at once" rc_is 0
at '2025-11-05 11:00' stock part OK-1 --reorder-point 20
at '2025-11-05 11:00' stock part LOW-1 --name 改名件 --unit 个 --inactive
t_check "November: a reorder point raised, a low part renamed and put out of use" rc_is 0
at '2025-11-06 08:00' report monthly 2025-11 --format json
t_check "November's report has the parts as they are now" \
	sh -c 'grep -q "\"part_no\":\"X-1\"" "$1" && grep -q "\"part_no\":\"OK-1\"" "$1" && ! grep -q LOW-1 "$1"' _ "$T_DIR/out"
for f in text csv json; do
	at '2025-11-06 08:00' report monthly 2025-10 --format $f
	if cmp -s "$T_DIR/before.$f" "$T_DIR/out"; then
		t_ok "October's report ($f) is the same byte for byte after the edits"
	else
		t_not_ok "October's report ($f) is the same byte for byte after the edits" \
			"$(diff "$T_DIR/before.$f" "$T_DIR/out" | head -n 12 | tr '\n' '|')"
	fi
done
at '2025-11-06 08:00' report monthly 2025-10 --format json
t_check "the visit missed in October still counts as missed there" grep -q '"missed":1' "$T_DIR/out"
# without the months the report keeps: computed again from the records
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "DELETE FROM stock_close; DELETE FROM month_close"
	at '2025-11-06 08:00' report monthly 2025-10 --format json
	t_check "and the same computed afresh" cmp -s "$T_DIR/before.json" "$T_DIR/out"
fi

# ================================================================ readings of the man page

# Downtime outside the warranty (accepted 2024-06-01, ends 2025-12-01) is
# refused, naming the field; within it, it extends the warranty.
sd_init
export SERVDESK_NOW='2025-01-10 09:00'
"$SERVDESK" --db "$DB" customer add W >/dev/null 2>&1
"$SERVDESK" --db "$DB" equipment add E2 --customer W --accepted 2024-06-01 >/dev/null 2>&1
sd equipment downtime E2 --from 2020-01-01 --to 2020-12-31 --reason 停产
t_check "downtime before the warranty began: refused (65)" rc_is 65
t_check "the error names the field and the first day" \
	grep -q '^servdesk: to: .*2024-06-01' "$T_DIR/err"
SERVDESK_NOW='2026-02-10 09:00' sd equipment downtime E2 --from 2026-01-01 --to 2026-01-05 --reason 停产
t_check "downtime after the warranty ended: refused (65)" rc_is 65
t_check "the error names the field and the last day" \
	grep -q '^servdesk: from: .*2025-12-01' "$T_DIR/err"
sd equipment warranty E2 --on 2025-12-05 --format json
t_check "the refused downtime added nothing" grep -q '"end":"2025-12-01"' "$T_DIR/out"
sd equipment downtime E2 --from 2024-05-25 --to 2024-06-10 --reason 到货待修
t_check "downtime across the first day (before the equipment's life): refused (65)" rc_is 65
sd equipment downtime E2 --from 2024-06-01 --to 2024-06-10 --reason 到货待修
t_check "downtime from the first day is recorded" rc_is 0
sd equipment warranty E2 --on 2025-12-05 --format json
t_check "and counts from the first day: 10 days" grep -q '"end":"2025-12-11"' "$T_DIR/out"
# the month-end rule: 2024-02-29 + 12 months = 2025-02-28
"$SERVDESK" --db "$DB" equipment add E3 --customer W --commissioned 2024-02-29 >/dev/null 2>&1
sd equipment warranty E3 --on 2025-03-01 --format json
t_check "2024-02-29 + 12 months ends on 2025-02-28" grep -q '"end":"2025-02-28"' "$T_DIR/out"

# A clock already past due when the pause begins stays overdue while paused.
"$SERVDESK" --db "$DB" policy set P1 --reply off --escalate off >/dev/null 2>&1
R=$(add_req --priority P1)
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
at '2025-01-10 11:00' ledger pause "$R" --reason 等待客户
at '2025-01-10 12:00' ledger list --overdue --format csv
t_check "a P1 entry paused after its respond clock ran out is still overdue" \
	grep -q "^$R,.*,2025-01-10 10:00,overdue,!!," "$T_DIR/out"

t_done
