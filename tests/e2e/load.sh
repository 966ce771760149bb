#!/bin/sh
# load.sh — many operators, one database (TAP): LOAD_PROCS processes start
# at the same moment and each runs LOAD_OPS mixed operations through the
# command line: add requests, take its own requests through the ledger step
# by step, issue and return a part that all of them share, add complaints,
# edit its customer, record the outcome of one of its own planned follow-up
# visits (done with a satisfaction, missed, moved, assigned), and an
# "admin" operation: `visit plan` (processes 1 and 5, so that plans run
# side by side with each other and with the outcomes), `report monthly`
# (2, 3, 6, 7) or `backup` (4, 8). Afterwards every operation's effect is
# there exactly once, no command failed (no "database busy", exit 69), on
# hand equals the start and the journal, the visits are those of one
# uninterrupted plan with every outcome once, each backup passes `check`,
# and `servdesk check` is clean.
#
# The operations are functions op_KIND P I (process P, its I-th operation)
# named in OPS; a new kind of operation is a new function, a word in OPS
# and, if it leaves something to count, a check at the end.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-load.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

LOAD_PROCS=${LOAD_PROCS:-8}
# SERVDESK_QUICK (the repeat passes of dev.sh test): fewer operations
if [ -n "${SERVDESK_QUICK:-}" ]; then LOAD_OPS=${LOAD_OPS:-20}; else LOAD_OPS=${LOAD_OPS:-60}; fi
OPS="add ledger issue return complaint customer visit admin"
SHARED=SH-6205          # the part every process issues and returns
START_QTY=1000

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# ---------------------------------------------------------------- operations
# Each op_KIND runs one command as process $1 (operation $2), appends a line
# "KIND rc" to $W/done.$1, and notes what it expects in $W/*.$1 files.

# run P KIND ARGS...: one servdesk command, its status recorded.
run() {
	_p=$1
	_k=$2
	shift 2
	"$SERVDESK" --db "$DB" "$@" >>"$W/out.$_p" 2>>"$W/err.$_p"
	_rc=$?
	echo "$_k $_rc" >>"$W/done.$_p"
	[ "$_rc" -eq 0 ] || echo "$_k rc=$_rc: $*" >>"$W/fail.$_p"
	return $_rc
}

# add: a request marked with the process (requester LOADp); its number is
# queued for the ledger steps.
op_add() {
	_r=$("$SERVDESK" --db "$DB" request add --channel phone --customer "负载客户$1" \
		--requester "LOAD$1" --phone 13800138000 --item "负载测试 $1-$2 设备报警" 2>>"$W/err.$1")
	_rc=$?
	echo "add $_rc" >>"$W/done.$1"
	if [ "$_rc" -eq 0 ] && [ -n "$_r" ]; then
		echo "$_r" >>"$W/queue.$1"
		echo "$_r" >>"$W/added.$1"
		echo "$_r -" >>"$W/expect.$1"
	else
		echo "add rc=$_rc" >>"$W/fail.$1"
	fi
}

# The ledger steps of one entry, and the state each leaves it in ("-": not
# in the ledger yet).
STEPS="hand take assign propose contact item clear confirm close"
state_after() {
	case $1 in
	hand) echo - ;;
	take) echo registered ;;
	assign) echo assigned ;;
	propose | contact | item) echo proposed ;;
	clear | confirm) echo awaiting ;;
	close) echo closed ;;
	esac
}

# ledger: the next step of the oldest of this process's requests not yet
# closed.
op_ledger() {
	[ -s "$W/queue.$1" ] || { echo "ledger skipped" >>"$W/done.$1"; return 0; }
	_r=$(head -n 1 "$W/queue.$1")
	_n=$(grep -c "^$_r " "$W/steps.$1" 2>/dev/null)
	set -- "$1" "$2" "$_r" $STEPS
	_p=$1
	shift 3
	shift "$_n"
	_step=$1
	case $_step in
	hand) run "$_p" ledger request hand "$_r" --to zhangwei ;;
	take) run "$_p" ledger ledger take "$_r" ;;
	assign) run "$_p" ledger ledger assign "$_r" --engineer zhangwei ;;
	propose) run "$_p" ledger ledger propose "$_r" --mode phone --solution "电话指导复位 $_p" ;;
	contact) run "$_p" ledger ledger contact "$_r" ;;
	item) run "$_p" ledger ledger item "$_r" 1 done "复位 $_p" ;;
	clear) run "$_p" ledger ledger clear "$_r" ;;
	confirm) run "$_p" ledger ledger confirm "$_r" --by 王工 --how phone ;;
	close) run "$_p" ledger ledger close "$_r" ;;
	esac || return 0
	echo "$_r $_step" >>"$W/steps.$_p"
	echo "$_r $(state_after "$_step")" >>"$W/expect.$_p"
	if [ "$_step" = close ]; then
		sed 1d "$W/queue.$_p" >"$W/queue.$_p.new" && mv "$W/queue.$_p.new" "$W/queue.$_p"
	fi
}

# issue / return: one of the shared part to this process's own open entry.
op_issue() {
	run "$1" issue stock issue "$SHARED" 1 --request "$(cat "$W/entry.$1")" --reason "负载 $1-$2" &&
		echo issue >>"$W/moves.$1"
}
op_return() {
	run "$1" return stock return "$SHARED" 1 --request "$(cat "$W/entry.$1")" --reason "负载 $1-$2" &&
		echo return >>"$W/moves.$1"
}

# complaint: marked "负载 p-i" in the description.
op_complaint() {
	run "$1" complaint complaint add --customer "负载客户$1" --class quality \
		--description "负载 $1-$2 喷砂机不出砂" && echo "$2" >>"$W/complaints.$1"
}

# customer: this process's customer gets a new phone number.
op_customer() {
	_tel=$(printf '139%04d%04d' "$1" "$2")
	run "$1" customer customer add "负载客户$1" --phone "$_tel" --contact "联系人$1" &&
		echo "$_tel" >"$W/phone.$1"
}

# visit: the outcome of this process's next planned visit, by turns done
# (satisfaction 1..5, marked "回访 p-i"), missed ("未接通 p-i"), moved to a
# day in December, assigned to the engineer. Expectations in vexpect.P.
op_visit() {
	_v=$(sed -n 1p "$W/visits.$1")
	if [ -z "$_v" ]; then
		echo "visit skipped" >>"$W/done.$1"
		return 0
	fi
	sed 1d "$W/visits.$1" >"$W/visits.$1.new" && mv "$W/visits.$1.new" "$W/visits.$1"
	_n=$(wc -l <"$W/vturn.$1")
	echo "$_v" >>"$W/vturn.$1"
	case $((_n % 4)) in
	0)
		_s=$((_n % 5 + 1))
		run "$1" visit visit done "$_v" --satisfaction "$_s" --method onsite \
			--note "回访 $1-$2 设备运行正常" --comments "负载意见 $1-$2" &&
			echo "$_v done $_s 回访 $1-$2" >>"$W/vexpect.$1"
		;;
	1)
		run "$1" visit visit miss "$_v" --note "未接通 $1-$2" &&
			echo "$_v missed - 未接通 $1-$2" >>"$W/vexpect.$1"
		;;
	2)
		_d=2026-12-$((10 + _n % 18))
		run "$1" visit visit move "$_v" "$_d" && echo "$_v moved $_d -" >>"$W/vexpect.$1"
		;;
	3)
		run "$1" visit visit assign "$_v" zhangwei && echo "$_v assigned zhangwei -" >>"$W/vexpect.$1"
		;;
	esac
}

# admin: by process, a plan, a monthly report (text or JSON) or a backup
# (kept for `check` afterwards).
op_admin() {
	case $(($1 % 4)) in
	1) run "$1" admin visit plan && echo plan >>"$W/admins.$1" ;;
	2) run "$1" admin report monthly 2026-11 && echo report >>"$W/admins.$1" ;;
	3) run "$1" admin report monthly 2026-11 --format json && echo report >>"$W/admins.$1" ;;
	0) run "$1" admin backup "$W/backup.$1.$2.db" && echo backup >>"$W/admins.$1" ;;
	esac
}

# worker P: wait for the start signal, then LOAD_OPS operations, cycling
# through OPS.
worker() {
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	_i=1
	while [ "$_i" -le "$LOAD_OPS" ]; do
		set -- $OPS
		shift $(((_i - 1) % $#))
		"op_$1" "$P" "$_i"
		_i=$((_i + 1))
	done
}

# ---------------------------------------------------------------- setup

sd_init
W=$T_DIR
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock part "$SHARED" --name 深沟球轴承 --unit 个 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive "$SHARED" "$START_QTY" --cost 12.50 >/dev/null 2>&1
setup_ok=yes
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	# each process's own open ledger entry, for its issues and returns
	_r=$(add_req --item "负载备件领用 $P" 2>/dev/null) &&
	"$SERVDESK" --db "$DB" request hand "$_r" --to zhangwei >/dev/null 2>&1 &&
	"$SERVDESK" --db "$DB" ledger take "$_r" >/dev/null 2>&1 || setup_ok=no
	echo "$_r" >"$W/entry.$P"
	"$SERVDESK" --db "$DB" customer add "负载客户$P" >/dev/null 2>&1 || setup_ok=no
	# two pieces of equipment commissioned in October: weekly maintenance
	for k in 1 2; do
		"$SERVDESK" --db "$DB" equipment add "LD-$P-$k" --customer "负载客户$P" \
			--delivered 2026-09-30 --commissioned 2026-10-08 >/dev/null 2>&1 || setup_ok=no
	done
	for f in done steps queue added expect moves complaints phone visits vturn vexpect admins; do
		: >"$W/$f.$P"
	done
	P=$((P + 1))
done
t_check "setup: a shared part, an open entry, a customer and two machines per process" [ "$setup_ok" = yes ]

# Visits planned up to 15 January before the load, each process's own
# listed for its outcomes; the plans during the load add the rest up to the
# default horizon (and the quality calls of the entries closed meanwhile).
"$SERVDESK" --db "$DB" visit plan --until 2027-01-15 >/dev/null 2>&1 || setup_ok=no
"$SERVDESK" --db "$DB" visit list --all --format csv >"$W/visits0.csv" 2>/dev/null || setup_ok=no
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	grep ",负载客户$P,LD-$P-[12]," "$W/visits0.csv" | cut -d, -f1 >"$W/visits.$P"
	P=$((P + 1))
done
# what one uninterrupted plan gives, on a copy
cp "$DB" "$W/plan.db"
"$SERVDESK" --db "$W/plan.db" visit plan >/dev/null 2>&1 || setup_ok=no
"$SERVDESK" --db "$W/plan.db" visit list --all --format csv >"$W/visits-plan.csv" 2>/dev/null || setup_ok=no
rm -f "$W/plan.db"*
MAINT=$(grep -c ',maintenance,' "$W/visits-plan.csv")
VMIN=$(wc -l <"$W/visits.1")
t_check "setup: $(($(wc -l <"$W/visits0.csv") - 1)) visits planned before the load ($VMIN per process), $MAINT maintenance visits in a whole plan" \
	[ "$setup_ok" = yes ] && [ "$VMIN" -ge $(((LOAD_OPS + 7) / 8)) ] && [ "$MAINT" -gt "$(wc -l <"$W/visits0.csv")" ]

# ---------------------------------------------------------------- the load

P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	worker &
	P=$((P + 1))
done
start=$(date +%s.%N)
touch "$W/go"
wait
end=$(date +%s.%N)
total=$((LOAD_PROCS * LOAD_OPS))
done_ops=$(cat "$W"/done.* | grep -vc skipped)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo "# $done_ops operations ($LOAD_PROCS processes x $LOAD_OPS) in ${secs}s"
for k in $OPS; do
	echo "# $k: $(cat "$W"/done.* | grep -c "^$k ")"
done

t_check "every process ran its $LOAD_OPS operations" [ "$done_ops" -eq "$total" ]
busy=$(cat "$W"/done.* | grep -c ' 69$')
echo "# commands that exited 69 (database busy): $busy"
if cat "$W"/fail.* >"$W/fails" 2>/dev/null && [ -s "$W/fails" ]; then
	t_not_ok "all $total commands exited 0" "$(sort "$W/fails" | head -n 10)"
else
	t_ok "all $total commands exited 0"
fi
if grep -qi 'busy' "$W"/err.* 2>/dev/null; then
	t_not_ok "no lock error reported" "$(grep -hi busy "$W"/err.* | head -n 3)"
else
	t_ok "no lock error reported"
fi

# ---------------------------------------------------------------- effects

# requests: each process's marked requests, exactly once each
sd request list --format csv
tr -d '\r' <"$T_DIR/out" >"$W/requests.csv"
bad=""
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	want=$(wc -l <"$W/added.$P")
	have=$(grep -c ",LOAD$P," "$W/requests.csv")
	items=$(grep ",LOAD$P," "$W/requests.csv" | grep -o "负载测试 $P-[0-9]*" | sort | uniq -d | wc -l)
	[ "$have" -eq "$want" ] && [ "$items" -eq 0 ] || bad="$bad p$P:$have/$want"
	P=$((P + 1))
done
adds=$(cat "$W"/done.* | grep -c '^add 0')
echo "# requests added: $adds"
t_check "each process's requests are there exactly once$bad" [ -z "$bad" ]
nreq=$(grep -c '^[0-9]\{6\}-[0-9]\{4\},' "$W/requests.csv")
t_check "the register holds $((adds + LOAD_PROCS)) requests ($nreq)" [ "$nreq" -eq $((adds + LOAD_PROCS)) ]
regs=$(grep -o '^[0-9]\{6\}-[0-9]\{4\},' "$W/requests.csv" | sort | uniq -d | wc -l)
t_check "no register number given twice" [ "$regs" -eq 0 ]

# ledger: every entry in the state its last step left it in
sd ledger list --format csv
tr -d '\r' <"$T_DIR/out" >"$W/ledger.csv"
bad=""
steps=0
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	# the last expectation per register number
	awk '{ s[$1] = $2 } END { for (r in s) print r, s[r] }' "$W/expect.$P" >"$W/want.$P"
	while read -r r st; do
		have=$(grep "^$r," "$W/ledger.csv" | cut -d, -f2)
		[ "$st" = - ] && st=""
		[ "$have" = "$st" ] || bad="$bad $r:$have/$st"
	done <"$W/want.$P"
	steps=$((steps + $(wc -l <"$W/steps.$P" 2>/dev/null || echo 0)))
	P=$((P + 1))
done
closed=$(grep -c ',closed,' "$W/ledger.csv")
echo "# ledger steps: $steps; entries closed: $closed"
t_check "every ledger entry is in the state of its last step$bad" [ -z "$bad" ]

# stock: on hand back at the start, equal to the journal
issues=$(cat "$W"/moves.* 2>/dev/null | grep -c '^issue')
returns=$(cat "$W"/moves.* 2>/dev/null | grep -c '^return')
echo "# stock: $issues issues, $returns returns of $SHARED"
sd stock show "$SHARED" --format json
onhand=$(sed -n 's/.*"on_hand":\([0-9-]*\).*/\1/p' "$T_DIR/out")
t_check "on hand is $((START_QTY - issues + returns)) ($onhand)" [ "$onhand" = $((START_QTY - issues + returns)) ]
sd stock history "$SHARED" --limit 0 --format csv
moves=$(($(wc -l <"$T_DIR/out") - 1))
t_check "the journal holds $((1 + issues + returns)) movements ($moves)" [ "$moves" -eq $((1 + issues + returns)) ]
if [ "$HAVE_SQLITE3" = yes ]; then
	sum=$(sqlite3 "$DB" "SELECT sum(qty) FROM stock_move WHERE part_id = (SELECT id FROM part WHERE part_no = '$SHARED')")
	t_check "the journal's sum equals on hand ($sum)" [ "$sum" = "$onhand" ]
else
	t_skip "the journal's sum equals on hand" "no sqlite3"
fi

# complaints: each once, by marker
sd complaint list --format csv
tr -d '\r' <"$T_DIR/out" >"$W/complaints.csv"
bad=""
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	want=$(wc -l <"$W/complaints.$P" 2>/dev/null || echo 0)
	have=$(grep -o "负载 $P-[0-9]* " "$W/complaints.csv" | wc -l)
	dup=$(grep -o "负载 $P-[0-9]* " "$W/complaints.csv" | sort | uniq -d | wc -l)
	[ "$have" -eq "$want" ] && [ "$dup" -eq 0 ] || bad="$bad p$P:$have/$want"
	P=$((P + 1))
done
echo "# complaints: $(($(wc -l <"$W/complaints.csv") - 1))"
t_check "each complaint is there exactly once$bad" [ -z "$bad" ]

# customers: the last phone number each process wrote
sd customer list --format csv
tr -d '\r' <"$T_DIR/out" >"$W/customers.csv"
bad=""
P=1
while [ "$P" -le "$LOAD_PROCS" ]; do
	want=$(cat "$W/phone.$P" 2>/dev/null)
	grep -q "^负载客户$P,.*,$want\$" "$W/customers.csv" || bad="$bad p$P"
	P=$((P + 1))
done
t_check "each customer holds its last edit$bad" [ -z "$bad" ]

# visits: each outcome once, in the state it was left in; one whole plan
"$SERVDESK" --db "$DB" visit plan >"$W/plan.out" 2>&1
echo "# a last plan after the load: $(cat "$W/plan.out")"
sd visit list --all --format csv
tr -d '\r' <"$T_DIR/out" >"$W/visits.csv"
sd export visits
tr -d '\r' <"$T_DIR/out" >"$W/visits-export.csv"
cat "$W"/vexpect.* >"$W/vexpect"
# id,due_on,kind,customer,serial,engineer,method,status,overdue,satisfaction,done_at,moved
bad=$(awk -F, 'NR == FNR { if (FNR > 1) { st[$1] = $8; due[$1] = $2; eng[$1] = $6; sat[$1] = $10; mv[$1] = $12 }; next }
	{
		split($0, e, " ")
		id = e[1]
		if (!(id in st)) { print " " id ":gone"; next }
		if (e[2] == "done" && (st[id] != "done" || sat[id] != e[3])) print " " id ":" st[id] "/" sat[id]
		if (e[2] == "missed" && st[id] != "missed") print " " id ":" st[id]
		if (e[2] == "moved" && (st[id] != "planned" || due[id] != e[3] || mv[id] != 1)) print " " id ":" due[id]
		if (e[2] == "assigned" && (st[id] != "planned" || eng[id] != e[3])) print " " id ":" eng[id]
	}' "$W/visits.csv" "$W/vexpect" | head -n 10 | tr -d '\n')
t_check "every visit in the state its outcome left it in$bad" [ -z "$bad" ]
vdone=$(grep -c ' done ' "$W/vexpect")
vmissed=$(grep -c ' missed ' "$W/vexpect")
vmoved=$(grep -c ' moved ' "$W/vexpect")
vassigned=$(grep -c ' assigned ' "$W/vexpect")
marks=$(awk '$4 != "-" { print $4 " " $5 }' "$W/vexpect" | sort)
have=$(grep -o '\(回访\|未接通\) [0-9]*-[0-9]*' "$W/visits-export.csv" | sort)
t_check "each outcome's note is there exactly once ($(echo "$marks" | grep -c .))" [ "$marks" = "$have" ]
count() { # STATUS [FIELD VALUE]: visits of the load's machines in a status
	awk -F, -v s="$1" -v f="${2:-0}" -v v="${3:-}" \
		'$5 ~ /^LD-/ && $8 == s && (f == 0 || $f == v) { n++ } END { print n + 0 }' "$W/visits.csv"
}
total=$(grep -c ',LD-[0-9]*-[12],' "$W/visits.csv")
echo "# visits: $vdone done, $vmissed missed, $vmoved moved, $vassigned assigned; $total of the load's machines"
t_check "done $vdone, missed $vmissed, moved $vmoved, assigned $vassigned, none cancelled" \
	[ "$(count done)" -eq "$vdone" ] && [ "$(count missed)" -eq "$vmissed" ] &&
	[ "$(count planned 12 1)" -eq "$vmoved" ] && [ "$(count planned 6 zhangwei)" -eq "$vassigned" ] &&
	[ "$(count cancelled)" -eq 0 ] && [ "$(count planned)" -eq $((total - vdone - vmissed)) ]
maint=$(grep -c ',maintenance,' "$W/visits.csv")
t_check "the plans side by side gave the visits of one plan ($maint of $MAINT maintenance)" [ "$maint" -eq "$MAINT" ]
qcalls=$(grep -c ',quality_call,负载客户' "$W/visits.csv")
t_check "one quality call per entry closed ($qcalls of $closed)" [ "$qcalls" -eq "$closed" ]
plans=$(cat "$W"/admins.* | grep -c '^plan')
reports=$(cat "$W"/admins.* | grep -c '^report')
echo "# during the load: $plans plans, $reports monthly reports, $(cat "$W"/admins.* | grep -c '^backup') backups"
t_check "reports and plans ran during the load" [ "$plans" -gt 0 ] && [ "$reports" -gt 0 ]

# backups: every copy taken during the load passes check
nb=0
bad=""
for b in "$W"/backup.*.db; do
	[ -e "$b" ] || continue
	nb=$((nb + 1))
	"$SERVDESK" --db "$b" check >/dev/null 2>&1 || bad="$bad ${b##*/}"
done
t_check "each of the $nb backups taken during the load passes check$bad" [ "$nb" -gt 0 ] && [ -z "$bad" ]

sd check
t_check "servdesk check is clean" rc_is 0

t_done
