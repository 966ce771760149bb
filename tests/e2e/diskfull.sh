#!/bin/sh
# diskfull.sh — end-to-end tests of a full disk (TAP): under a file-size
# limit (ulimit -f) every write past the limit fails with EFBIG, as on a full
# disk. An import, an export to a file, a stock movement, `visit plan` and
# `backup FILE` must then fail with exit 74 and one clear error line, and
# leave the database as it was (same content, `servdesk check` clean); a
# backup or a monthly report written to a file leaves no partial file.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-diskfull.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# snap NAME: the database's content (a dump; without the sqlite3 CLI, the
# exported requests and stock).
snap() {
	if [ "$HAVE_SQLITE3" = yes ]; then
		sqlite3 "$DB" .dump >"$T_DIR/snap.$1"
	else
		{
			"$SERVDESK" --db "$DB" export requests
			"$SERVDESK" --db "$DB" export stock
			"$SERVDESK" --db "$DB" export visits
		} >"$T_DIR/snap.$1" 2>&1
	fi
}

# limited BLOCKS ARGS...: sd ARGS under a file-size limit of BLOCKS (the
# shell's unit: 512 or 1024 bytes; every limit used here is far below what
# the command needs).
limited() {
	_blocks=$1
	shift
	(ulimit -f "$_blocks" && exec "$SERVDESK" --db "$DB" "$@") >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
}

# The shell's unit for ulimit -f: 512 bytes (dash) or 1024 (bash).
UNIT=1024
(ulimit -f 1 && head -c 700 /dev/zero >"$T_ROOT/unit") 2>/dev/null || UNIT=512
rm -f "$T_ROOT/unit"
kb() { echo $(($1 * 1024 / UNIT)); }

# full_msg: the error line names the cause (English source messages).
full_msg() {
	grep -Eq 'cannot write to the disk|disk is full|too large|No space' "$T_DIR/err"
}

# fails_cleanly NAME BLOCKS ARGS...: 74, one line naming the disk, the
# database unchanged and clean.
fails_cleanly() {
	_name=$1
	shift
	snap before
	limited "$@"
	_rc=$RC
	snap after
	if [ "$_rc" -eq 74 ] && err_one_line && full_msg &&
	   cmp -s "$T_DIR/snap.before" "$T_DIR/snap.after"; then
		t_ok "$_name: exit 74, one line, database unchanged"
	else
		RC=$_rc
		t_not_ok "$_name: exit 74, one line, database unchanged" "rc=$_rc"
	fi
	head -n 1 "$T_DIR/err" | sed 's/^/# /'
	sd check
	t_check "$_name: check clean afterwards" rc_is 0
}

# big_csv FILE ROWS: an intake CSV of ROWS requests with long items.
big_csv() {
	awk -v n="$2" 'BEGIN {
		print "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1"
		for (i = 1; i <= n; i++)
			printf "2026-11-02 08:%02d,电话,江苏驰耐特防腐科技有限公司%d,吴振华,0512-58639752,P2,\"3号喷砂房喷砂机不出砂, 砂阀打开后只有气没有砂 (%d), 已清理过砂阀和混砂管, 无效。\"\n", i % 60, i % 40, i
	}' >"$1"
}

count_requests() {
	"$SERVDESK" --db "$DB" request list --format csv 2>/dev/null | awk 'END { print NR - 1 }'
}

# ================================================================ setup

sd_init
"$SERVDESK" --db "$DB" staff add laoli --name 李库管 --role storekeeper >/dev/null 2>&1
add_req >/dev/null 2>&1
add_req >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock part BRG-6205 --name 深沟球轴承 --unit 个 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive BRG-6205 10 --cost 12.50 >/dev/null 2>&1
big_csv "$T_DIR/big.csv" 3000
n0=$(count_requests)
t_check "setup: two requests" [ "$n0" = 2 ]

# ================================================================ import

# Limits at different points of the write: before the first page, inside
# the write-ahead log, near its end.
for kb in 1 200 600 1500; do
	fails_cleanly "import of 3000 rows, limit $kb KB" "$(kb $kb)" import requests "$T_DIR/big.csv"
done
t_check "request count unchanged ($n0)" [ "$(count_requests)" = "$n0" ]

# ================================================================ stock

fails_cleanly "stock receive, limit 1 KB (at open)" 1 stock receive BRG-6205 5 --cost 13
# Past the 32 KB shared-memory index, inside the write-ahead log: at commit.
awk 'BEGIN { print "part_no,name,spec,unit,unit_cost"
	for (i = 1; i <= 3000; i++) printf "P-%05d,液压站密封圈 %d,\"φ%d×3.5, 丁腈橡胶\",个,%d.50\n", i, i, i % 90, i % 70 }' \
	>"$T_DIR/parts.csv"
fails_cleanly "import of 3000 parts, limit 200 KB (at commit)" "$(kb 200)" import parts "$T_DIR/parts.csv"
sd stock show BRG-6205 --format json
t_check "on hand still 10" grep -q '"on_hand":10' "$T_DIR/out"

# ================================================================ export

# The database can be read (its shared-memory index fits under the limit);
# the export cannot be written.
"$SERVDESK" --db "$DB" import requests "$T_DIR/big.csv" >/dev/null 2>&1
t_check "the import succeeds without a limit" [ "$(count_requests)" = $((n0 + 3000)) ]
rm -f "$T_DIR/export.csv"
fails_cleanly "export requests -o FILE, limit 100 KB" "$(kb 100)" export requests -o "$T_DIR/export.csv"
t_check "no partial export file left" [ ! -e "$T_DIR/export.csv" ]
fails_cleanly "export requests to standard output, limit 100 KB" "$(kb 100)" export requests -o -
snap before
(ulimit -f "$(kb 100)" && exec "$SERVDESK" --db "$DB" request list --format json) \
	>"$T_DIR/list.json" 2>"$T_DIR/err"
RC=$?
if rc_is 74 && err_one_line; then
	t_ok "request list --format json into a file over the limit: exit 74, one line"
else
	t_not_ok "request list --format json into a file over the limit: exit 74, one line" "rc=$RC"
fi

# ================================================================ visits, backup, report

# 300 customers and 600 pieces of equipment delivered over two years: a plan
# writes well over a megabyte of visits.
awk 'BEGIN {
	print "name,region,key_customer,contact,phone"
	for (c = 1; c <= 300; c++)
		printf "驰耐特客户%03d,华东,%d,吴振华,0512-58639752\n", c, c % 10 == 0
}' >"$T_DIR/customers.csv"
awk 'BEGIN {
	print "serial,customer,model,delivered_on,commissioned_on"
	for (i = 1; i <= 600; i++) {
		m = i % 24
		y = 2025 + int(m / 12) - (i % 3 == 0)
		if (y == 2026 && m % 12 + 1 >= 11)
			y--   # nothing delivered after today (2026-11-20)
		printf "CR-%05d,驰耐特客户%03d,喷砂机,%d-%02d-%02d,%d-%02d-%02d\n", i, i % 300 + 1,
			y, m % 12 + 1, i % 28 + 1, y, m % 12 + 1, i % 28 + 1
	}
}' >"$T_DIR/equipment.csv"
"$SERVDESK" --db "$DB" import customers "$T_DIR/customers.csv" >/dev/null 2>&1 &&
"$SERVDESK" --db "$DB" import equipment "$T_DIR/equipment.csv" >/dev/null 2>&1
t_check "600 pieces of equipment imported" [ $? -eq 0 ]
# The calendar read once more (were its digest not recorded yet, that would be a
# change of its own): done here, so that what follows is the plan alone.
"$SERVDESK" --db "$DB" visit calendar 2026-11 >/dev/null 2>&1

for kb in 50 100; do
	fails_cleanly "visit plan, limit $kb KB" "$(kb $kb)" visit plan
done
sd visit list --all --format csv
t_check "no visit planned" [ "$(wc -l <"$T_DIR/out")" -le 1 ]

# a database of a few megabytes (the requests, parts and equipment above)
for kb in 200 1500; do
	rm -f "$T_DIR/copy.db"
	fails_cleanly "backup FILE, limit $kb KB" "$(kb $kb)" backup "$T_DIR/copy.db"
	t_check "backup, limit $kb KB: no partial copy left" [ ! -e "$T_DIR/copy.db" ]
done

# The report itself is a few kilobytes, under the 32 KB shared-memory index
# a reader needs: another connection (the sqlite3 CLI, idle) keeps that
# index in place, so that the report opens the database and its own file
# is what meets the limit.
if [ "$HAVE_SQLITE3" = yes ]; then
	{
		echo 'SELECT count(*) FROM request;'
		while [ ! -e "$T_DIR/release" ]; do sleep 0.1; done
	} 2>/dev/null | sqlite3 "$DB" >/dev/null 2>&1 &
	holder=$!
	i=0
	while [ ! -e "$DB-shm" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	mkdir "$T_DIR/rep"
	for fmt in text csv; do
		fails_cleanly "report monthly --format $fmt -o FILE, limit 2 KB" "$(kb 2)" \
			report monthly 2026-11 --format "$fmt" -o "$T_DIR/rep/m.$fmt"
		t_check "report monthly --format $fmt: no partial file left" [ -z "$(ls -A "$T_DIR/rep")" ]
	done
	touch "$T_DIR/release"
	wait "$holder" 2>/dev/null
	sd report monthly 2026-11 -o "$T_DIR/rep/m.txt"
	t_check "report monthly -o FILE without a limit: written, over 2 KB" \
		[ "$RC" -eq 0 ] && [ "$(wc -c <"$T_DIR/rep/m.txt")" -gt 2048 ]
else
	t_skip "report monthly -o FILE under a limit" "no sqlite3 to hold the database open"
fi

t_done
