#!/bin/sh
# dev.sh — build servdesk from a fresh checkout, open the demo desk, or run the tests.
#
#   sh dev.sh demo    install what is missing, build, open the desk on a demo database
#   sh dev.sh test    install what is missing, build, run the whole test suite
#   sh dev.sh deps    only install the build dependencies (Debian/Ubuntu)
#   sh dev.sh build   only build (in ./build)
set -eu
cd "$(dirname "$0")"
top=$(pwd)
build="$top/build"

PACKAGES="build-essential autoconf automake autopoint gettext libtool pkg-config
libncurses-dev libsqlite3-dev libcmocka-dev tmux locales sqlite3"

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
	missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "Installing:$missing"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		# shellcheck disable=SC2086
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
	fi
	# The Chinese locales the desk and its tests run under.
	for loc in zh_CN.UTF-8:UTF-8 zh_CN.GB18030:GB18030; do
		name=${loc%%:*}
		charset=${loc##*:}
		norm=$(echo "$name" | tr 'A-Z' 'a-z' | sed 's/-//g')
		if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/-//g' | grep -qx "$norm"; then
			as_root localedef -i zh_CN -f "$charset" "$name" 2>/dev/null || echo "note: could not generate $name"
		fi
	done
}

build() {
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
	   [ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		(cd "$top" && autoreconf -fi >/dev/null 2>&1) || (cd "$top" && autoreconf -fi)
	fi
	mkdir -p "$build"
	cd "$build"
	[ -f Makefile ] || "$top/configure" -q --enable-werror ${CONFIGURE_FLAGS:-}
	make -s -j"$(nproc 2>/dev/null || echo 2)"
	# translations usable from the build tree
	mkdir -p "$build/locale/zh_CN/LC_MESSAGES"
	cp po/zh_CN.gmo "$build/locale/zh_CN/LC_MESSAGES/servdesk.mo" 2>/dev/null || true
	cd "$top"
}

demo() {
	db="${SERVDESK_DEMO_DB:-$build/demo.db}"
	if [ ! -f "$db" ]; then
		"$build/src/servdesk" --db "$db" init --demo
	fi
	SERVDESK_LOCALEDIR="$build/locale" exec "$build/src/servdesk" --db "$db"
}

test_suite() {
	cd "$build"
	status=0
	make -s -j"$(nproc 2>/dev/null || echo 2)" check >check.out 2>&1 || status=$?
	cat check.out
	# Core modules never include curses.
	if grep -lE '#include *[<"](n?curses|ncursesw/)' \
		"$top"/src/buf.c "$top"/src/text.c "$top"/src/enc.c "$top"/src/csv.c "$top"/src/store.c \
		"$top"/src/staff.c "$top"/src/intake.c "$top"/src/intake_csv.c "$top"/src/demo.c; then
		echo "FAIL: a core module includes curses"; status=1
	fi
	msgfmt -c -o /dev/null "$top/po/zh_CN.po" || status=1
	echo
	echo "==================== test logs ===================="
	for log in tests/*.log tests/*/*.log; do
		[ -f "$log" ] || continue
		echo "--- $log"
		grep -E '^(ok|not ok|# |1\.\.)' "$log" | grep -v '^# ok' || true
	done
	pass=$(sed -n 's/^# PASS: *//p' check.out | tail -n 1)
	fail=$(sed -n 's/^# FAIL: *//p' check.out | tail -n 1)
	err=$(sed -n 's/^# ERROR: *//p' check.out | tail -n 1)
	skip=$(sed -n 's/^# SKIP: *//p' check.out | tail -n 1)
	echo "${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped"
	return $status
}

case "${1:-}" in
deps) deps ;;
build) deps; build ;;
demo) deps; build; demo ;;
test) deps; build; test_suite ;;
*) echo "usage: sh dev.sh demo|test|deps|build" >&2; exit 64 ;;
esac
