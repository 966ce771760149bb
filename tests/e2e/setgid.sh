#!/bin/sh
# setgid.sh — the set-group-ID install, for real (TAP): configure
# --with-group, make install into a temporary prefix, and drive servdesk as
# two real users who are not members of the group (runuser): the operator
# adds a request and the audit names her; she cannot make herself supervisor,
# even with SERVDESK_USER set to the supervisor; she cannot open the database
# with sqlite3 or read it at all; -o and import use her own rights (refused
# where she has none; what she exports belongs to her group); --db is root's
# alone; the print command runs without the group.
#
# Needs root (it creates a group and two users, and removes them at the
# end); skips otherwise (a TAP plan of 0 with the reason). Run by `make check` with SERVDESK and
# top_srcdir set; builds its own copy of servdesk from top_srcdir.

: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"
export LC_ALL=C.UTF-8
unset LANGUAGE LANG SERVDESK_DB SERVDESK_NOW SERVDESK_USER MAKEFLAGS MFLAGS MAKELEVEL

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root: creates a group and users and installs set-group-ID"
	exit 0
fi
for t in groupadd useradd userdel groupdel runuser; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "1..0 # SKIP needs $t"
		exit 0
	fi
done

# The repeat passes of dev.sh test (AddressSanitizer, distcheck) leave the
# install to the first pass, which proves it from the same sources.
if [ -n "${SERVDESK_QUICK:-}" ]; then
	echo "1..0 # SKIP SERVDESK_QUICK: the set-group-ID install is proven by the first pass"
	exit 0
fi

if [ -f "$top_srcdir/config.status" ]; then
	echo "1..0 # SKIP the source tree is configured in place: a second build needs a clean one"
	exit 0
fi

T_N=0
T_FAILED=0
t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_not_ok() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $1"
	[ -s "$T/out" ] && head -n 5 "$T/out" | sed 's/^/# out: /'
	[ -s "$T/err" ] && head -n 5 "$T/err" | sed 's/^/# err: /'
	return 0
}
t_check() { _name=$1; shift; if "$@"; then t_ok "$_name"; else t_not_ok "$_name"; fi; }

SFX=$$
G=sdg$SFX
OP=sdop$SFX
SUP=sdsup$SFX
T=$(mktemp -d /tmp/servdesk-setgid.XXXXXX) || exit 99
cleanup() {
	userdel "$OP" >/dev/null 2>&1
	userdel "$SUP" >/dev/null 2>&1
	groupdel "$OP" >/dev/null 2>&1
	groupdel "$SUP" >/dev/null 2>&1
	groupdel "$G" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
chmod 755 "$T"

if ! groupadd "$G" || ! useradd -M -U -s /bin/sh "$OP" || ! useradd -M -U -s /bin/sh "$SUP"; then
	echo "Bail out! cannot create the group and the users"
	exit 99
fi

# ---------------------------------------------------------------- configure, make install
P=$T/inst
mkdir "$T/build"
# only the program and its media module are built and installed (with the install hooks): no
# message catalogue, manual or tests
if ! (cd "$T/build" && "$top_srcdir/configure" --prefix="$P" --with-group="$G" &&
      make -j4 src/servdesk src/servdesk-media.so &&
      make install-binPROGRAMS install-mediaPROGRAMS install-exec-hook install-data-hook) \
      >"$T/build.log" 2>&1; then
	tail -n 20 "$T/build.log" | sed 's/^/# /'
	echo "Bail out! configure --with-group, make install failed"
	exit 99
fi
BIN=$P/bin/servdesk
DB=$P/var/lib/servdesk/servdesk.db

t_check "make install: servdesk is set-group-ID $G, mode 2755" \
	[ "$(stat -c '%a %G' "$BIN")" = "2755 $G" ]
t_check "make install: the database directory is 2770, group $G" \
	[ "$(stat -c '%a %G' "$P/var/lib/servdesk")" = "2770 $G" ]
t_check "make install: servdesk.conf names the database there" \
	grep -qx "database = $DB" "$P/etc/servdesk.conf"
echo '# kept' >>"$P/etc/servdesk.conf"
(cd "$T/build" && make install-data-hook) >/dev/null 2>&1
t_check "make install again keeps an existing servdesk.conf" grep -qx '# kept' "$P/etc/servdesk.conf"

# as USER ARGS...: servdesk as that user, from a directory of theirs
as() {
	_u=$1
	shift
	(cd "$T/$_u" && runuser -u "$_u" -- "$@") >"$T/out" 2>"$T/err"
	RC=$?
}
mkdir "$T/$OP" "$T/$SUP" "$T/rootonly"
chown "$OP:$OP" "$T/$OP"
chown "$SUP:$SUP" "$T/$SUP"
chmod 700 "$T/$OP" "$T/$SUP"
chmod 755 "$T/rootonly"

# ---------------------------------------------------------------- the admin's steps
"$BIN" init >"$T/out" 2>"$T/err"
t_check "servdesk init as root: the database, in the group's directory" \
	[ "$(stat -c '%a %G' "$DB")" = "660 $G" ]
"$BIN" staff add "$OP" --name 王丽 --role operator >/dev/null 2>&1 &&
"$BIN" staff add "$SUP" --name 刘洋 --role supervisor >/dev/null 2>&1
t_check "root, the first supervisor, adds the operator and the supervisor" [ $? -eq 0 ]

# ---------------------------------------------------------------- the operator
as "$OP" "$BIN" request add --channel phone --customer 苏州电气集团有限公司 --requester 吴振华 \
	--phone 0512-58639752 --item 变压器温升过高
t_check "the operator adds a request through servdesk" [ "$RC" -eq 0 ]
"$BIN" audit --table request --format csv >"$T/out" 2>&1
t_check "the audit names her, the real user" grep -q ",$OP,request," "$T/out"

as "$OP" env SERVDESK_USER="$SUP" "$BIN" staff edit "$OP" --role supervisor
t_check "she cannot make herself supervisor, even with SERVDESK_USER=$SUP (77)" [ "$RC" -eq 77 ]
"$BIN" staff list --format csv >"$T/out" 2>&1
t_check "she is still an operator" grep -q "^$OP,王丽,operator," "$T/out"
as "$OP" env SERVDESK_USER="$SUP" "$BIN" request add --channel phone --customer 甲公司 \
	--requester 张三 --phone 13800138000 --item 泵不转
"$BIN" audit --table request --format csv >"$T/out" 2>&1
t_check "what she does under SERVDESK_USER=$SUP is still audited as her" \
	sh -c "! grep -q ',$SUP,request,' '$T/out' && [ \$(grep -c ',$OP,request,' '$T/out') -eq 2 ]"

if command -v sqlite3 >/dev/null 2>&1; then
	as "$OP" sqlite3 "$DB" "UPDATE staff SET role = 'supervisor' WHERE login = '$OP'"
	t_check "she cannot open the database with sqlite3" [ "$RC" -ne 0 ]
else
	t_ok "she cannot open the database with sqlite3 # SKIP no sqlite3"
fi
as "$OP" cat "$DB"
t_check "nor read it at all" [ "$RC" -ne 0 ]
as "$OP" "$BIN" --db "$T/$OP/mine.db" request list
t_check "--db is refused to her (77)" sh -c "[ $RC -eq 77 ] && [ ! -e '$T/$OP/mine.db' ]"
as "$OP" env SERVDESK_DB="$T/$OP/env.db" "$BIN" request list
t_check "SERVDESK_DB is ignored: the shared database is listed" \
	sh -c "[ $RC -eq 0 ] && grep -q 苏州电气集团有限公司 '$T/out' && [ ! -e '$T/$OP/env.db' ]"

as "$OP" "$BIN" export requests -o "$P/var/lib/servdesk/requests.csv"
t_check "-o into the group's directory is refused: she may not write there" \
	sh -c "[ $RC -ne 0 ] && [ ! -e '$P/var/lib/servdesk/requests.csv' ]"
as "$OP" "$BIN" export requests -o "$T/rootonly/requests.csv"
t_check "-o into root's directory is refused" sh -c "[ $RC -ne 0 ] && [ ! -e '$T/rootonly/requests.csv' ]"
as "$OP" "$BIN" export requests -o "$T/$OP/requests.csv"
t_check "-o into her own directory works" [ "$RC" -eq 0 ]
t_check "and the file belongs to her group, not $G" \
	[ "$(stat -c '%U %G' "$T/$OP/requests.csv")" = "$OP $OP" ]
printf 'name,region\n江苏驰耐特防腐科技有限公司,外地\n' >"$T/rootonly/customers.csv"
chgrp "$G" "$T/rootonly/customers.csv"
chmod 640 "$T/rootonly/customers.csv"
as "$OP" "$BIN" import customers "$T/rootonly/customers.csv"
"$BIN" customer list --format csv >"$T/out2" 2>&1
t_check "she cannot import a file only $G may read" \
	sh -c "[ $RC -ne 0 ] && ! grep -q 江苏驰耐特 '$T/out2'"

# ---------------------------------------------------------------- the supervisor
as "$SUP" "$BIN" setting set print_command "id -gn > $T/$SUP/printed-by"
t_check "the supervisor changes a setting through servdesk" [ "$RC" -eq 0 ]
as "$OP" "$BIN" setting set print_command "id -gn > $T/$OP/x"
t_check "the operator may not (77)" [ "$RC" -eq 77 ]
as "$SUP" "$BIN" report monthly 2026-12 --print --format text
t_check "the print command runs without the group: as the supervisor's own group" \
	sh -c "[ -s '$T/$SUP/printed-by' ] && [ \"\$(cat '$T/$SUP/printed-by')\" = '$SUP' ]"

# ---------------------------------------------------------------- the media module
# A module that announces itself when loaded (its constructor leaves a file):
# a set-group-ID servdesk must load only the installed module, whatever
# SERVDESK_MODULE_DIR says; a servdesk without raised privileges honours it
# (which shows that the trap works).
mkdir "$T/evil"
printf '%s\n' '#include <fcntl.h>' '#include <unistd.h>' \
	'__attribute__((constructor)) static void loaded(void)' \
	'{ int fd = open(MARK, O_WRONLY | O_CREAT, 0644); if (fd >= 0) close(fd); }' >"$T/evil/evil.c"
if ${CC:-cc} -shared -fPIC -DMARK="\"$T/evil/loaded\"" -o "$T/evil/servdesk-media.so" "$T/evil/evil.c" \
	>/dev/null 2>&1; then
	chmod 755 "$T/evil" "$T/evil/servdesk-media.so"
	t_check "make install: the media module is installed beside the program's data" \
		[ -f "$P/lib/servdesk/servdesk-media.so" ]
	as "$SUP" env SERVDESK_MODULE_DIR="$T/evil" "$BIN" report monthly 2026-12 --format pdf -o "$T/$SUP/m.pdf"
	t_check "set-group-ID: SERVDESK_MODULE_DIR is ignored, the installed module makes the PDF" \
		sh -c "[ $RC -eq 0 ] && [ \"\$(head -c 5 '$T/$SUP/m.pdf')\" = '%PDF-' ] && [ ! -e '$T/evil/loaded' ]"
	"$T/build/src/servdesk" --db "$T/plain.db" init >/dev/null 2>&1
	SERVDESK_MODULE_DIR="$T/evil" "$T/build/src/servdesk" --db "$T/plain.db" report monthly 2026-12 \
		--format pdf -o "$T/plain.pdf" >"$T/out" 2>"$T/err"
	RC=$?
	t_check "without the group the same variable is honoured (the module was loaded, then refused: 70)" \
		sh -c "[ $RC -eq 70 ] && [ -e '$T/evil/loaded' ] && grep -q 'servdesk-media.so' '$T/err'"
else
	t_ok "the media module # SKIP no C compiler for the test module"
	t_ok "the media module # SKIP no C compiler for the test module"
	t_ok "the media module # SKIP no C compiler for the test module"
fi

"$BIN" check >"$T/out" 2>&1
t_check "servdesk check is clean" [ $? -eq 0 ]

echo "1..$T_N"
[ "$T_FAILED" -eq 0 ]
