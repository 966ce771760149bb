#!/bin/sh
# admin.sh — end-to-end tests of many operators on one database (TAP): the
# first init makes its caller supervisor; staff edit and the last active
# supervisor; changes refused (exit 77) for a login not on the staff list;
# the audit trail with its filters and formats; a backup taken while another
# process keeps writing; restore with its refusals (65, 66, 77); the modes
# of the database, its -wal and -shm, and its backups; check's findings.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-admin.XXXXXX") || exit 99
BGPID=
trap '[ -n "$BGPID" ] && kill "$BGPID" 2>/dev/null; rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=
umask 022

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes

# as LOGIN ARGS...: sd as another person
as() {
	_who=$1
	shift
	SERVDESK_USER=$_who sd "$@"
}

mode_of() {
	stat -c %a "$1"
}

# ---------------------------------------------------------------- init, staff
sd_init
sd staff list --format csv
if grep -q '^tester,tester,supervisor,,1' "$T_DIR/out"; then
	t_ok "the first init makes its caller supervisor"
else
	t_not_ok "the first init makes its caller supervisor"
fi
SERVDESK_USER=other "$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd staff list --format csv
if ! grep -q '^other,' "$T_DIR/out"; then
	t_ok "a later init adds no one"
else
	t_not_ok "a later init adds no one"
fi
t_check "the database is created 0660 (umask 022)" [ "$(mode_of "$DB")" = 660 ]

sd staff add chen --name 陈工 --role engineer --phone 13800138001
sd staff add wang --name 王丽 --role operator
sd staff edit chen --phone 13912345678 --name 陈志强
sd staff list --format csv
t_check "staff edit changes what is given and keeps the rest" \
	grep -q '^chen,陈志强,engineer,13912345678,1' "$T_DIR/out"
sd staff edit tester --active 0
if rc_is 65 && err_one_line && grep -q 'last active supervisor' "$T_DIR/err"; then
	t_ok "the last active supervisor cannot be deactivated (65, one line)"
else
	t_not_ok "the last active supervisor cannot be deactivated (65, one line)" "rc=$RC"
fi
sd staff edit tester --role engineer
t_check "nor demoted" rc_is 65
sd staff edit chen --role supervisor
sd staff edit tester --role engineer
t_check "with a second supervisor, the first may step down" rc_is 0
as chen staff edit tester --role supervisor
sd staff edit nobody --name 某人
t_check "staff edit of a login not on the list: 65" rc_is 65
sd staff edit chen --active 2
t_check "staff edit --active takes 0 or 1: 64" rc_is 64
sd staff edit chen
t_check "staff edit without a change: 64" rc_is 64
as wang staff edit chen --phone 1
t_check "an operator may not change the staff list: 77" rc_is 77

# ---------------------------------------------------------------- unknown login
for cmd in "request add --channel phone --customer 甲厂 --requester 王工 --phone 13800138000 --item 漏油" \
	   "staff add stranger --name 陌生人 --role supervisor" \
	   "staff edit chen --phone 1" \
	   "stock part BRG-6205 --name 深沟球轴承"; do
	# shellcheck disable=SC2086
	as stranger $cmd
	if rc_is 77 && err_one_line && grep -q 'servdesk staff add stranger' "$T_DIR/err"; then
		t_ok "a login not on the staff list: ${cmd%% --*} refused with 77 and how to be added"
	else
		t_not_ok "a login not on the staff list: ${cmd%% --*} refused with 77 and how to be added" "rc=$RC"
	fi
done
as stranger request list
if rc_is 77 && err_one_line && grep -q 'servdesk staff add stranger' "$T_DIR/err"; then
	t_ok "a login not on the staff list may not even read (77, how to be added)"
else
	t_not_ok "a login not on the staff list may not even read (77, how to be added)" "rc=$RC"
fi

# ---------------------------------------------------------------- audit
R1=$(add_req 2>/dev/null)
R2=$(CUST=苏州电气集团有限公司 add_req 2>/dev/null)
sd request hand "$R1" --to chen
SERVDESK_NOW='2026-11-22 15:30' as chen ledger take "$R1"
sd audit
t_check "audit: exit 0" rc_is 0
t_check "audit: newest first" [ "$(sed -n 2p "$T_DIR/out" | awk '{print $1}')" -gt "$(sed -n 3p "$T_DIR/out" | awk '{print $1}')" ]
sd audit --user chen --format csv
if rc_is 0 && [ "$(tail -n +2 "$T_DIR/out" | grep -c ',chen,')" -eq "$(($(wc -l <"$T_DIR/out") - 1))" ] &&
   grep -q ",ledger,$R1,take," "$T_DIR/out"; then
	t_ok "audit --user: only that person's changes"
else
	t_not_ok "audit --user: only that person's changes"
fi
sd audit --table request --record "$R1" --format csv
if [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 2 ] && grep -q ",request,$R1,hand," "$T_DIR/out" &&
   ! grep -q "$R2" "$T_DIR/out"; then
	t_ok "audit --table --record: the record's changes"
else
	t_not_ok "audit --table --record: the record's changes"
fi
sd audit --since 2026-11-22 --until '2026-11-22 23:59' --format csv
if [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 1 ] && grep -q ",ledger,$R1,take," "$T_DIR/out"; then
	t_ok "audit --since --until: the changes of that span"
else
	t_not_ok "audit --since --until: the changes of that span"
fi
sd audit --limit 2 --format csv
t_check "audit --limit 2: two changes" [ "$(tail -n +2 "$T_DIR/out" | wc -l)" -eq 2 ]
sd audit --table staff --record chen --format json
if rc_is 0 && { [ "$HAVE_SQLITE3" = no ] ||
   [ "$(sqlite3 :memory: "select json_array_length(readfile('$T_DIR/out'))")" = 3 ]; }; then
	t_ok "audit --format json: valid JSON, one object per change"
else
	t_not_ok "audit --format json: valid JSON, one object per change"
fi
sd audit --table staff --record chen
t_check "audit table: the fields that changed, with the forms' labels, old → new" \
	grep -q 'Phone: 13800138001 → 13912345678' "$T_DIR/out"
# in words: what was done, a person's name with the login, states in words,
# the version counter left out; the CSV keeps the recorded names and codes
sd audit --table request --record "$R1"
t_check "audit table in words: the hand-over names the engineer and the status in words" \
	sh -c "grep -q 'request handed over' '$T_DIR/out' && grep -q 'Handed to: 陈志强 (chen)' '$T_DIR/out' &&
	       grep -q 'Status: open → handed' '$T_DIR/out' && ! grep -q 'version' '$T_DIR/out'"
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
mkdir -p "$T_DIR/mo/zh_CN/LC_MESSAGES"
if [ -n "$ZHLOC" ] && msgfmt -o "$T_DIR/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	LC_ALL=$ZHLOC SERVDESK_LOCALEDIR="$T_DIR/mo" sd audit --table request --record "$R1"
	t_check "audit table in zh_CN: the labels and states in Chinese, full-width colons" \
		sh -c "grep -q '转交给：陈志强（chen）' '$T_DIR/out' && grep -q '状态：待转交 → 已转交' '$T_DIR/out'"
else
	t_skip "audit table in zh_CN" "no zh_CN.UTF-8 locale or msgfmt"
fi
sd audit --since 2026-13-01
if rc_is 64 && err_one_line; then t_ok "audit: a bad date is a usage error"; else t_not_ok "audit: a bad date is a usage error"; fi
sd audit --format xml
t_check "audit: an unknown format is a usage error" rc_is 64

# ---------------------------------------------------------------- backup while writing
BDB=$DB
i=0
while [ $i -lt 30 ]; do
	CUST=北京华电科技有限公司 ITEM="打印机卡纸 $i" add_req >/dev/null 2>&1
	i=$((i + 1))
done
(
	j=0
	while [ $j -lt 200 ]; do
		"$SERVDESK" --db "$BDB" request add --channel fax --customer 上海宝钢设备维修中心 \
			--requester 李明 --phone 13800138002 --item "液压站压力不稳 $j" >/dev/null 2>&1
		j=$((j + 1))
	done
) &
BGPID=$!
good=0
bad=0
k=0
while [ $k -lt 5 ]; do
	sd backup "$T_DIR/b$k.db"
	if rc_is 0 && SERVDESK_USER=tester "$SERVDESK" --db "$T_DIR/b$k.db" check >/dev/null 2>&1; then
		good=$((good + 1))
	else
		bad=$((bad + 1))
		cp "$T_DIR/err" "$T_DIR/backup-err"
	fi
	k=$((k + 1))
done
running=no
kill -0 "$BGPID" 2>/dev/null && running=yes
wait "$BGPID"
BGPID=
t_check "five backups taken while another process writes: each complete and consistent" [ "$good" -eq 5 ]
if [ "$running" = yes ]; then
	t_ok "the writer was still writing when the backups were done"
else
	t_skip "the writer was still writing when the backups were done" "the writer finished first"
fi
sd request list --format csv
total=$(($(wc -l <"$T_DIR/out") - 1))
"$SERVDESK" --db "$T_DIR/b4.db" request list --format csv >"$T_DIR/b4.csv" 2>/dev/null
inbak=$(($(wc -l <"$T_DIR/b4.csv") - 1))
t_check "the writer lost nothing: 232 requests in the database" [ "$total" -eq 232 ]
t_check "the last backup holds a prefix of them ($inbak)" [ "$inbak" -ge 32 ] && [ "$inbak" -le "$total" ]
t_check "a backup is 0640 (owner and group only)" [ "$(mode_of "$T_DIR/b0.db")" = 640 ]
t_check "a backup leaves no temporary file behind" [ "$(ls -a "$T_DIR" | grep -c '\.tmp')" -eq 0 ]
sd backup "$DB"
if rc_is 65 && err_one_line; then t_ok "backup refuses the live database (65)"; else t_not_ok "backup refuses the live database (65)" "rc=$RC"; fi
sd backup "$T_DIR/no/such/dir/b.db"
if rc_is 74 && err_one_line; then t_ok "backup into a missing directory: 74"; else t_not_ok "backup into a missing directory: 74" "rc=$RC"; fi

# ---------------------------------------------------------------- modes of -wal and -shm
if [ "$HAVE_SQLITE3" = yes ]; then
	(printf 'BEGIN;\nSELECT count(*) FROM request;\n'; sleep 3; printf 'COMMIT;\n') |
		sqlite3 "$DB" >/dev/null 2>&1 &
	BGPID=$!
	n=0
	while [ $n -lt 50 ] && ! [ -e "$DB-shm" ]; do sleep 0.1; n=$((n + 1)); done
	CUST=广州维修服务部 add_req >/dev/null 2>&1
	wal=$(mode_of "$DB-wal" 2>/dev/null)
	shm=$(mode_of "$DB-shm" 2>/dev/null)
	wait "$BGPID"
	BGPID=
	t_check "the -wal file is 0660 like the database (umask 022)" [ "$wal" = 660 ]
	t_check "the -shm file is 0660 like the database (umask 022)" [ "$shm" = 660 ]
else
	t_skip "the -wal file is 0660" "no sqlite3"
	t_skip "the -shm file is 0660" "no sqlite3"
fi

# ---------------------------------------------------------------- restore
sd request list --format csv
total=$(($(wc -l <"$T_DIR/out") - 1))
sd restore "$T_DIR/missing.db"
if rc_is 66 && err_one_line; then t_ok "restore of a missing file: 66, one line"; else t_not_ok "restore of a missing file: 66, one line" "rc=$RC"; fi
printf 'regno,customer\n202611-0001,甲厂\n' >"$T_DIR/text.db"
sd restore "$T_DIR/text.db"
if rc_is 65 && err_one_line && grep -q 'not a servdesk database' "$T_DIR/err"; then
	t_ok "restore of a text file: 65, not a servdesk database"
else
	t_not_ok "restore of a text file: 65, not a servdesk database" "rc=$RC"
fi
cp "$T_DIR/b4.db" "$T_DIR/damaged.db"
# overwrite every third page from the third on
size=$(stat -c %s "$T_DIR/damaged.db")
off=2
while [ $((off * 4096 + 4096)) -le "$size" ]; do
	head -c 4096 /dev/zero | tr '\0' 'Z' |
		dd of="$T_DIR/damaged.db" bs=4096 seek=$off conv=notrunc 2>/dev/null
	off=$((off + 3))
done
sd restore "$T_DIR/damaged.db"
if rc_is 65 && err_one_line; then t_ok "restore of a damaged backup: 65, one line"; else t_not_ok "restore of a damaged backup: 65, one line" "rc=$RC"; fi
as wang restore "$T_DIR/b0.db"
t_check "restore by an operator: 77" rc_is 77
sd request list --format csv
before=$(($(wc -l <"$T_DIR/out") - 1))
t_check "the refusals changed nothing" [ "$before" -eq "$total" ]
"$SERVDESK" --db "$T_DIR/b0.db" request list --format csv >"$T_DIR/b0.csv" 2>/dev/null
want=$(($(wc -l <"$T_DIR/b0.csv") - 1))
sd restore "$T_DIR/b0.db"
t_check "restore by a supervisor: exit 0" rc_is 0
sd request list --format csv
got=$(($(wc -l <"$T_DIR/out") - 1))
t_check "the restored database holds the backup's requests ($want)" [ "$got" -eq "$want" ]
sd audit --table database --format csv
t_check "the restore is in the audit trail" grep -q ',tester,database,b0.db,restore,' "$T_DIR/out"
t_check "the database keeps its mode after a restore" [ "$(mode_of "$DB")" = 660 ]
sd check
t_check "the restored database passes check" rc_is 0

# ---------------------------------------------------------------- check
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "UPDATE staff SET active = 0 WHERE role = 'supervisor'"
	as wang check
	if rc_is 1 && grep -q 'no active supervisor' "$T_DIR/out"; then
		t_ok "check: a staff list without an active supervisor is a finding (exit 1)"
	else
		t_not_ok "check: a staff list without an active supervisor is a finding (exit 1)" "rc=$RC"
	fi
	sqlite3 "$DB" "UPDATE staff SET active = 1 WHERE login = 'tester'"
else
	t_skip "check: no active supervisor" "no sqlite3"
fi
# a few damaged cells in the middle of the file: it opens, but is not sound
cp "$T_DIR/b4.db" "$T_DIR/c.db"
size=$(stat -c %s "$T_DIR/c.db")
off=5
while [ $((off * 4096 + 4096)) -le "$size" ]; do
	head -c 500 /dev/zero | tr '\0' 'Z' |
		dd of="$T_DIR/c.db" bs=1 seek=$((off * 4096 + 100)) conv=notrunc 2>/dev/null
	off=$((off + 7))
done
"$SERVDESK" --db "$T_DIR/c.db" check >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
# one line on standard error besides the calendar's warning (the test's today is within 60 days of its end)
if rc_is 1 && grep -q 'database integrity' "$T_DIR/out" && [ "$(grep -vc 'warning: the working-day calendar' "$T_DIR/err")" -eq 1 ]; then
	t_ok "check: a damaged page is an integrity finding (exit 1)"
else
	t_not_ok "check: a damaged page is an integrity finding (exit 1)" "rc=$RC"
fi

t_done
