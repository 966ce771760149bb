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

t_done
