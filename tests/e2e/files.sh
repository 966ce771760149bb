#!/bin/sh
# files.sh — no command destroys the live database; hostile database files
# are refused untouched; SQLite's errors reach the user as sentences (TAP).
#
# Output files: every command that writes a file the user names (`export
# -o`, `report monthly -o`, `stocktake sheet -o`, `backup`) refuses the live
# database and its -wal/-shm/-journal files however they are named (./,
# another spelling of the directory, a symbolic link, a hard link), and a
# symbolic link as the file's last part: exit 65, one line, the database
# byte for byte as it was (cmp), the link's target untouched. A normal file
# is written whole (mode 0666 less the umask; a replaced file keeps its
# mode; a backup 0640), a device is written to as it is.
#
# Hostile database files: `restore` checks the backup completely before it
# touches anything -- a backup without the audit table, with an extra
# trigger that makes someone supervisor, with no staff, with a row pointing
# nowhere, another program's SQLite file -- each refused (65, one line
# naming what is wrong) and the live database byte for byte as it was; a
# restore that fails at its last step (a file-size limit while the copy
# goes in) exits 74 with the database byte for byte as it was; a good
# backup restores with its audit row. `check` names a trigger that is
# not servdesk's. `--db` on another program's SQLite file is refused and the
# file is left as it was (not switched to WAL); `--db` on /dev/null, a
# directory, a FIFO is refused and nothing is created; a missing --db is
# refused by the desk as by the commands, and nothing is created.
#
# SQLite's errors in the user's language (zh_CN, the catalogue built from
# po/zh_CN.po): a read-only directory, a directory one may not enter, a
# file that is not a database, a damaged database -- each a Chinese
# sentence saying what to do with SQLite's words in parentheses; a -shm
# left read-only by a reader of a read-only database does not keep writers
# out once the database's mode is fixed. The permission cases run as the
# user nobody when the tests run as root (root ignores file modes).
#
# Run by `make check` with SERVDESK and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-files.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# refused NAME WHAT: the last command was refused (exit 65, one line naming WHAT)
# and the database is byte for byte the copy in $T_DIR/before.
refused() {
	if rc_is 65 && err_one_line && grep -q -F -e "$2" "$T_DIR/err" &&
	   cmp -s "$DB" "$T_DIR/before"; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC"
		cmp "$DB" "$T_DIR/before" | sed 's/^/# /'
	fi
}

# ================================================================ output files

sd_init
"$SERVDESK" --db "$DB" stock part BRG-6205 --name 深沟球轴承 --location A-01 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive BRG-6205 10 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stocktake start >/dev/null 2>&1
add_req >/dev/null 2>&1
cp "$DB" "$T_DIR/before"
cd "$T_DIR" || exit 99
sub=$(basename "$T_DIR")

for cmd in "export requests" "report monthly 2026-11" "stocktake sheet"; do
	for o in servdesk.db ./servdesk.db "../$sub/servdesk.db" "$T_DIR//servdesk.db" \
	         servdesk.db-wal servdesk.db-shm servdesk.db-journal; do
		# shellcheck disable=SC2086
		sd $cmd -o "$o"
		refused "$cmd -o $o is refused" "is the live database"
		[ -e servdesk.db-journal ] && t_not_ok "$cmd -o $o leaves no -journal"
	done
done
sd backup servdesk.db-wal
refused "backup servdesk.db-wal is refused" "is the live database"
sd backup ./servdesk.db
refused "backup ./servdesk.db is refused" "is the live database"

# a symbolic link and a hard link to the database, a link to its -wal while there is none
ln -s servdesk.db LINK
ln servdesk.db HARD
ln -s servdesk.db-wal WALLINK
for cmd in "export requests" "report monthly 2026-11" "stocktake sheet"; do
	for o in LINK HARD; do
		# shellcheck disable=SC2086
		sd $cmd -o "$o"
		refused "$cmd -o $o (a link to the database) is refused" "is the live database"
	done
	# shellcheck disable=SC2086
	sd $cmd -o WALLINK
	refused "$cmd -o WALLINK (a link to the database's -wal) is refused" "is the live database"
done
sd backup LINK
refused "backup LINK is refused" "is the live database"
# `>> servdesk.db` comes through the shell: standard output is the database
"$SERVDESK" --db "$DB" export requests >>servdesk.db 2>"$T_DIR/err"
RC=$?
refused "export to standard output appended to the database is refused" "is the live database"

# a symbolic link to another file: refused, its target untouched
echo "keep me" >target.txt
ln -s target.txt OTHER
for cmd in "export requests" "report monthly 2026-11" "stocktake sheet"; do
	# shellcheck disable=SC2086
	sd $cmd -o OTHER
	refused "$cmd -o a symbolic link is refused" "symbolic link"
	t_check "$cmd -o a symbolic link: the target is untouched" \
		test "$(cat target.txt)" = "keep me" -a -L OTHER
done
sd backup OTHER
refused "backup onto a symbolic link is refused" "symbolic link"
mkdir adir
sd export requests -o adir
refused "export -o a directory is refused" "directory"
sd backup /dev/null
refused "backup onto a device is refused" "not a regular file"

# what is allowed still works
umask 027
sd export requests -o new.csv
t_check "export -o a new file: written, mode 0666 less the umask (0640)" \
	test "$RC" -eq 0 -a "$(stat -c %a new.csv)" = 640 -a -s new.csv
umask 022
chmod 0604 new.csv
sd report monthly 2026-11 -o new.csv
t_check "report -o an existing file: replaced whole, its mode kept" \
	test "$RC" -eq 0 -a "$(stat -c %a new.csv)" = 604
grep -q "2026" new.csv || t_not_ok "report -o an existing file holds the report"
sd stocktake sheet -o sheet.txt
t_check "stocktake sheet -o a file works" test "$RC" -eq 0 -a -s sheet.txt
sd export requests -o /dev/null
t_check "export -o /dev/null (a device) works" test "$RC" -eq 0
"$SERVDESK" --db "$DB" export requests -o /dev/stdout >stdout.csv 2>"$T_DIR/err"
t_check "export -o /dev/stdout writes standard output" test "$?" -eq 0 -a -s stdout.csv
sd backup copy.db
t_check "backup to a new file: mode 0640" test "$RC" -eq 0 -a "$(stat -c %a copy.db)" = 640
t_check "no temporary file is left behind" test -z "$(ls -A | grep '^\.')"
cmp -s "$DB" "$T_DIR/before" && t_ok "the database is unchanged by all of the above" ||
	t_not_ok "the database is unchanged by all of the above"
cd "$T_ROOT" || exit 99

# ================================================================ restore

if command -v sqlite3 >/dev/null 2>&1; then
	sd_init
	add_req >/dev/null 2>&1
	"$SERVDESK" --db "$DB" backup "$T_DIR/good.db" >/dev/null 2>&1
	B=$T_DIR/good.db
	cp "$B" "$T_DIR/noaudit.db"
	sqlite3 "$T_DIR/noaudit.db" "DROP TABLE audit"
	cp "$B" "$T_DIR/trigger.db"
	sqlite3 "$T_DIR/trigger.db" "INSERT INTO staff (login, name, role) VALUES ('chenjing', '陈静', 'operator');
		CREATE TRIGGER promote AFTER INSERT ON request BEGIN
		UPDATE staff SET role = 'supervisor' WHERE login = 'chenjing'; END;"
	cp "$B" "$T_DIR/view.db"
	sqlite3 "$T_DIR/view.db" "CREATE VIEW v AS SELECT * FROM staff"
	cp "$B" "$T_DIR/nostaff.db"
	sqlite3 "$T_DIR/nostaff.db" "DELETE FROM staff"
	cp "$B" "$T_DIR/nosuper.db"
	sqlite3 "$T_DIR/nosuper.db" "UPDATE staff SET role = 'operator'"
	cp "$B" "$T_DIR/fk.db"
	sqlite3 "$T_DIR/fk.db" "PRAGMA foreign_keys = OFF; UPDATE request_item SET request_id = 999"
	sqlite3 "$T_DIR/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
	cp "$DB" "$T_DIR/before"
	for f in noaudit:"table audit is missing" trigger:"trigger promote" view:"view v" \
	         nostaff:"no active supervisor" nosuper:"no active supervisor" \
	         fk:"points to a missing row" other:"not a servdesk database"; do
		name=${f%%:*}
		cp "$T_DIR/$name.db" "$T_DIR/$name.copy"
		sd restore "$T_DIR/$name.db"
		refused "restore of a backup: $name is refused before anything changes" "${f#*:}"
		cmp -s "$T_DIR/$name.db" "$T_DIR/$name.copy" ||
			t_not_ok "restore of a backup: $name leaves the backup as it was"
	done
	# a failure at the last step (the file-size limit reached while the
	# copy goes into the database's write-ahead log): the database as it was
	size=$(stat -c %s "$B")
	limit=$(((size + size / 4096 * 12) / 512))
	(ulimit -f "$limit" && exec "$SERVDESK" --db "$DB" restore "$B") >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	if rc_is 74 && err_one_line && cmp -s "$DB" "$T_DIR/before"; then
		t_ok "restore failing at its last step (file size limit): 74, the database as it was"
	else
		t_not_ok "restore failing at its last step (file size limit): 74, the database as it was" "rc=$RC"
	fi
	sd audit --table database
	t_check "a failed restore leaves no audit row" test ! -s "$T_DIR/out" -o -z "$(grep restore "$T_DIR/out")"
	sd restore "$B"
	t_check "restore of a good backup: exit 0" rc_is 0
	sd audit --table database
	t_check "the restore is in the audit trail" grep -q "restore" "$T_DIR/out"
	sd check
	t_check "the restored database passes check" rc_is 0

	# check names a schema object that is not servdesk's
	sqlite3 "$DB" "CREATE TRIGGER promote AFTER INSERT ON request BEGIN
		UPDATE staff SET role = 'supervisor' WHERE login = 'tester'; END;"
	sd check
	if rc_is 1 && grep -q "trigger promote" "$T_DIR/out"; then
		t_ok "check names a trigger that is not servdesk's (exit 1)"
	else
		t_not_ok "check names a trigger that is not servdesk's (exit 1)" "rc=$RC"
	fi

	# --db on another program's SQLite file: refused, the file untouched
	t_new
	sqlite3 "$T_DIR/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
	cp "$T_DIR/other.db" "$T_DIR/other.copy"
	for cmd in "init" "request list" "check"; do
		# shellcheck disable=SC2086
		"$SERVDESK" --db "$T_DIR/other.db" $cmd >"$T_DIR/out" 2>"$T_DIR/err"
		RC=$?
		if rc_is 65 && err_one_line && cmp -s "$T_DIR/other.db" "$T_DIR/other.copy" &&
		   [ ! -e "$T_DIR/other.db-wal" ] && [ ! -e "$T_DIR/other.db-shm" ]; then
			t_ok "--db another program's SQLite file: $cmd refused (65), the file untouched"
		else
			t_not_ok "--db another program's SQLite file: $cmd refused (65), the file untouched" "rc=$RC"
		fi
	done
else
	t_skip "restore of hostile backups" "no sqlite3"
fi

# ================================================================ --db

t_new
mkdir "$T_DIR/adir"
mkfifo "$T_DIR/fifo"
ls -A /dev >"$T_DIR/dev.before"
for target in /dev/null "$T_DIR/adir" "$T_DIR/fifo"; do
	for cmd in "init" "request list"; do
		# shellcheck disable=SC2086
		"$SERVDESK" --db "$target" $cmd >"$T_DIR/out" 2>"$T_DIR/err" </dev/null
		RC=$?
		if rc_is 65 && err_one_line && grep -q "not a regular file" "$T_DIR/err" &&
		   [ ! -e "$target-journal" ] && [ ! -e "$target-wal" ] && [ -z "$(ls -A "$T_DIR/adir")" ]; then
			t_ok "--db $(basename "$target") ($cmd): refused (65), nothing created"
		else
			t_not_ok "--db $(basename "$target") ($cmd): refused (65), nothing created" "rc=$RC"
		fi
	done
done
ls -A /dev >"$T_DIR/dev.after"
t_check "nothing new in /dev" cmp -s "$T_DIR/dev.before" "$T_DIR/dev.after"
"$SERVDESK" --db "$T_DIR/no/such/dir/servdesk.db" init >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
if rc_is 66 && err_one_line && [ ! -e "$T_DIR/no" ]; then
	t_ok "--db in a directory that does not exist: init refused (66), no directory made"
else
	t_not_ok "--db in a directory that does not exist: init refused (66), no directory made" "rc=$RC"
fi
# the desk (no command) refuses a missing database as the commands do
"$SERVDESK" --db "$T_DIR/mistyped.db" >"$T_DIR/out" 2>"$T_DIR/err" </dev/null
RC=$?
if rc_is 66 && err_one_line && grep -q "servdesk init" "$T_DIR/err" && [ ! -e "$T_DIR/mistyped.db" ]; then
	t_ok "the desk on a missing database: refused (66) as the commands, nothing created"
else
	t_not_ok "the desk on a missing database: refused (66) as the commands, nothing created" "rc=$RC"
fi
"$SERVDESK" --db "$T_DIR/mistyped.db" request list >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
t_check "request list on a missing database: 66" rc_is 66

# ================================================================ messages

t_new
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
MO="$T_DIR/mo/zh_CN/LC_MESSAGES"
mkdir -p "$MO"
if [ -z "$ZHLOC" ] || ! command -v msgfmt >/dev/null 2>&1 ||
   ! msgfmt -o "$MO/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null; then
	ZHLOC=
fi
# zh ARGS...: servdesk in Chinese, as $RUNAS (a user) if set
zh() {
	if [ -n "$ZHLOC" ]; then
		$RUNAS env LC_ALL="$ZHLOC" SERVDESK_LOCALEDIR="$T_DIR/mo" SERVDESK_USER=tester \
			"$BIN" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	else
		$RUNAS env SERVDESK_USER=tester "$BIN" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	fi
	RC=$?
}
# said NAME STATUS ZH EN SQLITE: exit STATUS, one line, in Chinese (ZH) or
# English (EN) when no Chinese locale, with SQLite's words in parentheses
said() {
	if [ -n "$ZHLOC" ]; then want=$3 words="（$5）"; else want=$4 words="($5)"; fi
	if rc_is "$2" && err_one_line && grep -q -F -e "$want" "$T_DIR/err" &&
	   grep -q -F -e "$words" "$T_DIR/err"; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC, expected $2 and '$want' ... ($5)"
	fi
}
BIN=$SERVDESK
RUNAS=
printf 'regno,customer\n' >"$T_DIR/text.db"
zh --db "$T_DIR/text.db" request list
said "a text file as database: 65, what to do, (file is not a database)" 65 \
	"不是 servdesk 数据库" "is not a servdesk database" "file is not a database"

"$SERVDESK" --db "$T_DIR/damaged.db" init >/dev/null 2>&1
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	"$SERVDESK" --db "$T_DIR/damaged.db" request add --channel phone --customer "客户$i" \
		--requester 张工 --phone 13800138000 --item "设备报警$i" >/dev/null 2>&1
done
size=$(stat -c %s "$T_DIR/damaged.db")
off=2
while [ $((off * 4096 + 4096)) -le "$size" ]; do
	head -c 3000 /dev/zero | tr '\0' 'Z' |
		dd of="$T_DIR/damaged.db" bs=1 seek=$((off * 4096 + 8)) conv=notrunc 2>/dev/null
	off=$((off + 1))
done
zh --db "$T_DIR/damaged.db" request list
said "a damaged database: 65, what to do, (database disk image is malformed)" 65 \
	"数据库已损坏" "the database is damaged" "database disk image is malformed"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1; then
	chmod 711 "$T_ROOT" "$T_DIR"
	U=$T_DIR/u
	mkdir "$U"
	chown nobody "$U"
	cp "$SERVDESK" "$U/servdesk"
	chmod 755 "$U/servdesk"
	BIN=$U/servdesk
	RUNAS="runuser -u nobody --"
	mkdir "$U/d"
	chown nobody "$U/d"
	zh --db "$U/d/s.db" init
	t_check "as nobody: init in a directory of one's own" rc_is 0
	cp "$U/d/s.db" "$T_DIR/s.before"

	# a read-only directory: named as the reason
	chmod 555 "$U/d"
	zh --db "$U/d/s.db" request add --channel phone --customer 测试客户 --requester 张工 \
		--phone 13800138000 --item 设备报警
	said "a read-only directory is named as the reason (74)" 74 \
		"目录 $U/d 对您是只读的" "the directory $U/d is read-only for you" \
		"attempt to write a readonly database"
	t_check "a read-only directory: the database as it was" cmp -s "$U/d/s.db" "$T_DIR/s.before"
	chmod 755 "$U/d"

	# a directory one may not enter: unable to open
	mkdir "$T_DIR/closed"
	chmod 700 "$T_DIR/closed"
	zh --db "$T_DIR/closed/s.db" request list
	said "a directory one may not enter is named (74, unable to open)" 74 \
		"无权进入目录" "you may not enter the directory" "unable to open database file"

	# a read-only database read by someone leaves read-only -wal/-shm behind
	chmod 444 "$U/d/s.db"
	zh --db "$U/d/s.db" request list
	t_check "a read-only database can still be read" rc_is 0
	zh --db "$U/d/s.db" request add --channel phone --customer 测试客户 --requester 张工 \
		--phone 13800138000 --item 设备报警
	said "a read-only database file is named as the reason (74)" 74 \
		"数据库文件 $U/d/s.db 对您是只读的" "the database file $U/d/s.db is read-only for you" \
		"attempt to write a readonly database"
	# the administrator fixes the mode: the stale -shm no longer keeps writers out
	chmod 660 "$U/d/s.db"
	zh --db "$U/d/s.db" request add --channel phone --customer 测试客户 --requester 张工 \
		--phone 13800138000 --item 设备报警
	t_check "after the mode is fixed a stale read-only -shm does not keep writers out" rc_is 0
	# the same when the stale -shm belongs to someone else (removed: no one has it open)
	head -c 32768 /dev/zero >"$U/d/s.db-shm"
	chmod 444 "$U/d/s.db-shm"
	zh --db "$U/d/s.db" request add --channel phone --customer 测试客户 --requester 张工 \
		--phone 13800138000 --item 设备报警
	t_check "a stale read-only -shm of another user does not keep writers out" rc_is 0
	RUNAS=
	BIN=$SERVDESK
else
	t_skip "permission messages and a stale -shm" "needs root, runuser and the user nobody"
fi

t_done
