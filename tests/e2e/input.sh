#!/bin/sh
# input.sh — every input checked the same way (TAP).
#
# Stored text: one check for every field (valid.h) — length in characters
# per kind of field, C0/C1 controls, DEL and bidirectional controls refused
# with the field named, the same from the command line and from an import.
#
# Dates and times: what happened is not after now (plus 10 minutes) nor
# before 2000; what is planned lies within the planning horizon (setting
# plan_horizon_days, default 730 days); downtime lies within the
# equipment's life and not in the future. Refusals exit 65 naming the field.
#
# Imports: every importer (requests, customers, equipment, parts, stocktake
# counts, the holiday calendar) stops reading as soon as a field or a line
# passes the largest limit, so `import customers /dev/zero` or an endless
# line from a pipe ends with exit 65 in well under a second and a few MiB
# (measured with tests/maxrss: peak resident memory and elapsed time).
#
# Run by `make check` with SERVDESK and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-input.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

ESC=$(printf '\033')
CSI1=$(printf '\302\233')
RLO=$(printf '\342\200\256')
LRM=$(printf '\342\200\216')

# refused NAME PATTERN: exit 65, one harmless line on stderr matching PATTERN.
refused() {
	if rc_is 65 && err_one_line && grep -q -- "$2" "$T_DIR/err" && ! has_bytes "$T_DIR/err" '\033' &&
		! has_bytes "$T_DIR/err" '\302\233'; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC"
	fi
}

# count TABLE: rows in TABLE through the command line's CSV lists.
rows() {
	"$SERVDESK" --db "$DB" "$@" --format csv 2>/dev/null | tail -n +2 | wc -l
}

# ================================================================ stored text

sd_init
sd customer add "客户${CSI1}31m"
refused "customer add: a C1 CSI (U+009B) is refused" 'name: must not contain control characters (U+009B at character 3)'
sd customer add "客户${ESC}[2J"
refused "customer add: ESC is refused" 'name: must not contain control characters (U+001B at character 3)'
sd customer add "客户" --address "路${RLO}反"
refused "customer add: a bidi override in the address is refused" 'address: must not contain text direction controls (U+202E at character 2)'
sd customer add "客户" --contact "王${LRM}"
refused "customer add: a left-to-right mark is refused" 'contact: must not contain text direction controls (U+200E'
t_check "nothing was added" [ "$(rows customer list)" -eq 0 ]

sd request add --channel phone --customer "客户${ESC}[2J" --requester 张工 --phone 13800138000 --item 报警
refused "request add --customer with ESC is refused" 'customer: must not contain control characters (U+001B at character 3)'
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item "报警$(printf '\007')"
refused "request add --item with BEL is refused" 'must not contain control characters (U+0007 at character 3)'
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item "$(printf '第一行\n第二行')"
t_check "request add: a maintenance item may hold a line break" rc_is 0
sd request add --channel phone --customer "$(printf '客户\n二')" --requester 张工 --phone 13800138000 --item x
refused "request add: a customer on two lines is refused" 'customer: must be a single line'
t_check "one request in the register" [ "$("$SERVDESK" --db "$DB" request list --format csv | grep -c "^[0-9]\{6\}-[0-9]\{4\},")" -eq 1 ]

sd staff add wang --name "王${ESC}]0;x" --role operator
refused "staff add --name with ESC is refused" 'name: must not contain control characters (U+001B at character 2)'
LONG=$(head -c 131000 /dev/zero | tr '\0' a)
sd staff add "$LONG" --name 王 --role operator
refused "staff add: a 131,000-character login is refused" 'login: too long (at most 32 characters)'
sd staff add "wang wu" --name 王五 --role operator
refused "staff add: a login with a space is refused" 'login: must not contain spaces'
L32=$(head -c 32 /dev/zero | tr '\0' b)
sd staff add "$L32" --name 王五 --role operator
t_check "staff add: a login of 32 characters is taken" rc_is 0
t_check "the staff list has the tester and the new login" [ "$(rows staff list)" -eq 2 ]

# length in characters, not bytes: 200 CJK characters (600 bytes) make a name
N200=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "名" }')
sd customer add "$N200"
t_check "customer add: a name of 200 Chinese characters is taken" rc_is 0
sd customer add "${N200}多"
refused "customer add: a name of 201 characters is refused" 'name: too long (at most 200 characters)'

# an import is checked the same way, naming file, line and field
{
	echo "name,region,key_customer,address,contact,phone"
	echo "好客户,市区,no,,,"
	printf '坏客户,市区,no,"路%s",,\n' "$CSI1"
} >"$T_DIR/customers.csv"
sd import customers "$T_DIR/customers.csv"
refused "import customers: U+009B refused with file, line and field" 'customers.csv: line 3, field address: must not contain control characters (U+009B at character 2)'
t_check "nothing of the file was imported" [ "$(rows customer list)" -eq 1 ]

# ================================================================ dates and times

sd_init
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item 报警 \
	--received '9999-12-31 23:59'
refused "request add --received 9999-12-31 23:59 is refused" 'received at: 9999-12-31 23:59 is later than now (2026-11-20 10:00)'
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item 报警 \
	--received '1999-12-31 23:59'
refused "request add --received before 2000 is refused" 'received at: 1999-12-31 23:59 is before 2000-01-01'
t_check "no register number was taken" [ "$(rows request list)" -eq 0 ]
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item 报警 \
	--received '2026-11-20 10:10'
t_check "request add: ten minutes ahead of now is taken (a fast clock)" rc_is 0
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item 报警 \
	--received '2026-11-20 10:11'
refused "request add: eleven minutes ahead is refused" 'received at: 2026-11-20 10:11 is later than now'
R=$(add_req --received '2026-11-18 09:00')
t_check "a request received two days ago ($R)" [ "$R" = 202611-0002 ]
{
	echo "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1"
	echo "2026-11-02 08:47,传真,客户,张工,0512-58639752,P1,报警"
	echo "2099-01-01 08:47,传真,客户,张工,0512-58639752,P1,报警"
} >"$T_DIR/requests.csv"
sd import requests "$T_DIR/requests.csv"
refused "import requests: a time in 2099 is refused with file, line and field" 'requests.csv: line 3, field 收件时间: 2099-01-01 08:47 is later than now'

"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger assign "$R" --engineer tester >/dev/null 2>&1
sd ledger clear "$R" --at '2099-01-01 10:00'
refused "ledger clear --at 2099-01-01 10:00 is refused" 'cleared at: 2099-01-01 10:00 is later than now (2026-11-20 10:00)'
sd ledger propose "$R" --mode onsite --solution 上门 --at '2099-01-01 10:00'
refused "ledger propose --at in 2099 is refused" 'proposed at: 2099-01-01 10:00 is later than now'
sd ledger propose "$R" --mode onsite --solution 上门 --at '2026-11-18 10:00'
t_check "ledger propose in the past is taken" rc_is 0
sd ledger plan "$R" --visit '2029-01-01 10:00'
refused "ledger plan beyond the planning horizon is refused" 'planned visit: 2029-01-01 10:00 is too far ahead (plans go at most to 2028-11-19, 730 days ahead'
sd ledger plan "$R" --visit '2026-12-01 10:00'
t_check "ledger plan of a visit next month is taken" rc_is 0

"$SERVDESK" --db "$DB" customer add 客户 >/dev/null 2>&1
sd equipment add SN-1 --customer 客户 --delivered 2027-01-05
refused "equipment add: a delivery after today is refused" 'delivered on: 2027-01-05 is later than today (2026-11-20)'
sd equipment add SN-1 --customer 客户 --delivered 2026-01-05 --commissioned 2026-01-10
t_check "equipment add: delivered and commissioned in January" rc_is 0
sd equipment warranty SN-1 --format json
W0=$(cat "$T_DIR/out")
sd equipment downtime SN-1 --from 2026-11-01 --to 2099-12-31 --reason 停机
refused "equipment downtime --to 2099-12-31 is refused" 'to: 2099-12-31 is later than today (2026-11-20)'
sd equipment downtime SN-1 --from 2026-01-01 --to 2026-01-20 --reason 停机
refused "equipment downtime before commissioning is refused" 'from: 2026-01-01 is before the equipment was commissioned (2026-01-10)'
sd equipment warranty SN-1 --format json
t_check "the warranty is as it was" [ "$(cat "$T_DIR/out")" = "$W0" ]
sd equipment downtime SN-1 --from 2026-02-01 --to 2026-02-20 --reason 停机
t_check "downtime within the equipment's life is taken" rc_is 0

# visits: planned, within the horizon; the horizon is a setting
sd visit add --customer 客户 --kind phone_followup --due 2029-01-01
refused "visit add --due beyond the horizon is refused" 'due date: 2029-01-01 is too far ahead'
sd visit add --customer 客户 --kind phone_followup --due 2027-06-01
t_check "visit add --due next year is taken" rc_is 0
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "INSERT INTO setting (key, value) VALUES ('plan_horizon_days', '90')"
	sd visit add --customer 客户 --kind phone_followup --due 2027-06-01
	refused "with plan_horizon_days 90, a visit in June is refused" 'due date: 2027-06-01 is too far ahead (plans go at most to 2027-02-18, 90 days ahead'
else
	t_skip "with plan_horizon_days 90, a visit in June is refused" "no sqlite3"
fi

# ================================================================ imports, bounded

MAXRSS=${MAXRSS:-$(dirname "$SERVDESK")/../tests/maxrss}
# bounded NAME PATTERN MAX_MS ARGS...: servdesk ARGS under maxrss exits 65
# with PATTERN, within MAX_MS (elapsed), under a second of CPU and under
# 64 MiB resident.
bounded() {
	_n=$1 _p=$2 _ms=$3
	shift 3
	if [ ! -x "$MAXRSS" ]; then
		t_skip "$_n" "no maxrss"
		return
	fi
	"$MAXRSS" -t 20 "$T_DIR/rss" -- "$SERVDESK" --db "$DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	read -r _kib _took _cpu <"$T_DIR/rss"
	echo "# $*: exit $RC, ${_kib} KiB resident at most, ${_took} ms (${_cpu} ms CPU)"
	if rc_is 65 && err_one_line && grep -q -- "$_p" "$T_DIR/err" && [ "$_kib" -lt 65536 ] &&
		[ "$_took" -lt "$_ms" ] && [ "$_cpu" -lt 1000 ]; then
		t_ok "$_n"
	else
		t_not_ok "$_n" "rc=$RC rss=${_kib}KiB time=${_took}ms cpu=${_cpu}ms"
	fi
}

# endless FILE CHUNK: a writer of CHUNK again and again, without line ends,
# into the FIFO FILE (in the background; $W is its process).
endless() {
	rm -f "$1"
	mkfifo "$1"
	yes "$2" | tr -d '\n' >"$1" 2>/dev/null &
	W=$!
}

sd_init
"$SERVDESK" --db "$DB" customer add 客户 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock part P-1 --name 备件 --unit 个 >/dev/null 2>&1
# (the time that matters is the CPU's: elapsed time on a busy machine says little)
bounded "import customers /dev/zero: 65 in under a second of CPU, under 64 MiB" \
	'/dev/zero: line 1, field 1: NUL byte' 5000 import customers /dev/zero
for k in requests equipment parts; do
	bounded "import $k /dev/zero: 65, bounded" '/dev/zero: line 1, field 1: NUL byte' 5000 import "$k" /dev/zero
done
for k in customers requests equipment parts; do
	endless "$T_DIR/pipe" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
	bounded "import $k of an endless line: stops at the field limit" \
		'pipe: line 1, field 1: longer than any field servdesk keeps (at most 4000 characters)' 5000 \
		import "$k" "$T_DIR/pipe"
	kill "$W" 2>/dev/null
done
# an endless record of short fields passes no field limit but the line's
endless "$T_DIR/pipe" 'aaaaaaaaaaaaaaa,'
bounded "import customers of an endless record of short fields: stops at 1 MiB" \
	'pipe: line 1: a record longer than 1 MiB' 5000 import customers "$T_DIR/pipe"
kill "$W" 2>/dev/null
# a field too long on line 3 of a real file is named
{
	echo "name,region,key_customer,address,contact,phone"
	echo "客户甲,市区,no,,,"
	printf '客户乙,市区,no,"'
	head -c 20000 /dev/zero | tr '\0' a
	printf '",,\n'
} >"$T_DIR/long.csv"
sd import customers "$T_DIR/long.csv"
refused "import customers: a 20,000-byte field is refused with file, line and field" \
	'long.csv: line 3, field 4: longer than any field servdesk keeps'
sd stocktake start
ID=$(grep -o '[0-9][0-9]*' "$T_DIR/out" | head -n 1)
bounded "stocktake import /dev/zero: 65, bounded" '/dev/zero: line 1, field 1: NUL byte' 5000 \
	stocktake import "$ID" /dev/zero
bounded "policy calendar /dev/zero: 65, bounded" '/dev/zero: not a text file' 5000 policy calendar /dev/zero
endless "$T_DIR/pipe" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
bounded "policy calendar of an endless line: stops at 4096 bytes" \
	'pipe: line 1: longer than 4096 bytes' 5000 policy calendar "$T_DIR/pipe"
kill "$W" 2>/dev/null
rm -f "$T_DIR/pipe"
mkfifo "$T_DIR/pipe"
yes '# a comment' >"$T_DIR/pipe" 2>/dev/null &
W=$!
bounded "policy calendar of endless comment lines: stops at 1 MiB" \
	'pipe: too large for a calendar file' 5000 policy calendar "$T_DIR/pipe"
kill "$W" 2>/dev/null
{
	echo "year 2026"
	printf '# '
	head -c 5000 /dev/zero | tr '\0' x
	printf '\n2026-10-01 holiday 国庆节\n'
} >"$T_DIR/holidays.txt"
sd policy calendar "$T_DIR/holidays.txt"
refused "policy calendar: a line of 5000 bytes before others is refused, naming the line" \
	'holidays.txt: line 2: longer than 4096 bytes'
SERVDESK_NOW='2026-12-31 18:00' sd import requests "$top_srcdir/data/samples/requests-utf8.csv"
t_check "an ordinary file still imports" rc_is 0

t_done
