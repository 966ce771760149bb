#!/bin/sh
# dev.sh — build servdesk from a fresh checkout, open the demo desk, or run the tests.
#
#   sh dev.sh demo    install what is missing, build, open the desk on a demo database
#   sh dev.sh test    install what is missing, build, run the whole test suite
#                     (while an AddressSanitizer build compiles in ./build-asan);
#                     then, side by side: the suite again under AddressSanitizer
#                     (make check-sanitizer: every test but the desk's feature
#                     tests, whose code runs there under the random keys of
#                     monkey.sh and the hostile input of hostile.sh, and the
#                     kill and load tests), each fuzz
#                     target for FUZZ_TIME seconds (default 30), and make
#                     distcheck built at -O0 with warnings as errors; the repeat
#                     passes run with SERVDESK_QUICK=1 (fewer crash runs, monkey
#                     bursts and load operations; the set-group-ID install is
#                     proven by the first pass and skipped there)
#   sh dev.sh deps    only install the build dependencies (Debian/Ubuntu)
#   sh dev.sh build   only build (in ./build)
set -eu
cd "$(dirname "$0")"
top=$(pwd)
build="$top/build"
build_asan="$top/build-asan"

PACKAGES="build-essential autoconf automake autopoint gettext libtool pkg-config
libncurses-dev libsqlite3-dev libcmocka-dev tmux locales sqlite3
clang libclang-rt-14-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-wqy-microhei fonts-noto-cjk poppler-utils unzip
cups cups-bsd cups-client cups-filters printer-driver-cups-pdf ghostscript
libtiff-dev libpoppler-glib-dev libchafa-dev libtiff-tools chafa"

# Tests wait on processes and terminals more than they compute: run twice as
# many at once as there are processors.
JOBS=$(( $(nproc 2>/dev/null || echo 2) * 2 ))
T0=$(date +%s)

# A phase's heading, with the minutes and seconds since the start.
phase() {
	_s=$(( $(date +%s) - T0 ))
	printf '\n==================== %s (at %d:%02d) ====================\n' "$1" $((_s / 60)) $((_s % 60))
}

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
	# gettext's po/Makefile writes the catalogue beside the sources
	gmo="$top/po/zh_CN.gmo"
	[ -f "$gmo" ] || gmo="$build/po/zh_CN.gmo"
	if [ ! -f "$gmo" ]; then
		echo "dev.sh: po/zh_CN.gmo was not built: the desk would not speak Chinese" >&2
		exit 1
	fi
	cp "$gmo" "$build/locale/zh_CN/LC_MESSAGES/servdesk.mo"
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
	# The AddressSanitizer tree compiles while the first pass's tests wait
	# on processes and terminals.
	asan_build > "$build/asan-build.report" 2>&1 &
	_pb=$!
	phase "make check (build), beside the AddressSanitizer build"
	make -s -j"$JOBS" check >check.out 2>&1 || status=$?
	cat check.out
	# Core modules (every source of the core library) never include curses.
	core=$(sed -n '/^src_libservdesk_a_SOURCES/,/[^\\]$/p' "$top/Makefile.am" |
		tr ' \t\\' '\n\n\n' | grep -E '^src/.*\.[ch]$')
	if [ -z "$core" ]; then
		echo "FAIL: no core sources found in Makefile.am"; status=1
	elif (cd "$top" && grep -lE '#include *[<"](n?curses|ncursesw/)' $core); then
		echo "FAIL: a core module includes curses"; status=1
	else
		echo "core: $(echo "$core" | wc -l) sources, none includes curses"
	fi
	msgfmt -c -o /dev/null "$top/po/zh_CN.po" || status=1
	echo
	echo "==================== test logs ===================="
	for log in tests/*.log tests/*/*.log; do
		[ -f "$log" ] || continue
		echo "--- $log"
		sed -n -E '/^# ok/d; /^(ok|not ok|# |1\.\.)/p' "$log"
	done
	pass=$(sed -n 's/^# PASS: *//p' check.out | tail -n 1)
	fail=$(sed -n 's/^# FAIL: *//p' check.out | tail -n 1)
	err=$(sed -n 's/^# ERROR: *//p' check.out | tail -n 1)
	skip=$(sed -n 's/^# SKIP: *//p' check.out | tail -n 1)
	pass=${pass:-0}
	fail=$(( ${fail:-0} + ${err:-0} ))
	skip=${skip:-0}
	echo "build: ${pass} passed, ${fail} failed, ${skip} skipped"

	# The repeat passes wait on processes and terminals more than they
	# compute: they run side by side, each into a report of its own that
	# is shown when all have ended, each with its counts in a file.
	rm -f "$build/asan.counts" "$build/fuzz.counts" "$build/dist.counts"
	_ab=0
	wait "$_pb" || _ab=$?
	cat "$build/asan-build.report"
	_pa=
	if [ "$_ab" -ne 0 ]; then
		fail=$((fail + 1))
		status=1
		echo "0 0 0" > "$build/asan.counts"
		: > "$build/asan.report"
	fi
	phase "AddressSanitizer, fuzzing and make distcheck at -O0, side by side"
	if [ ! -f "$build/asan.counts" ]; then
		(
			pass=0 fail=0 skip=0 _rc=0
			asan_suite || _rc=1
			echo "$pass $fail $skip" > "$build/asan.counts"
			exit $_rc
		) > "$build/asan.report" 2>&1 &
		_pa=$!
	fi
	(
		pass=0 fail=0 skip=0 _rc=0
		fuzz_run || _rc=1
		echo "$pass $fail $skip" > "$build/fuzz.counts"
		exit $_rc
	) > "$build/fuzz.report" 2>&1 &
	_pf=$!
	(
		pass=0 fail=0 skip=0 _rc=0
		distcheck_run || _rc=1
		echo "$pass $fail $skip" > "$build/dist.counts"
		exit $_rc
	) > "$build/dist.report" 2>&1 &
	_pd=$!
	if [ -n "$_pa" ]; then wait "$_pa" || status=1; fi
	wait "$_pf" || status=1
	wait "$_pd" || status=1
	cat "$build/asan.report" "$build/fuzz.report" "$build/dist.report"
	for _c in "$build/asan.counts" "$build/fuzz.counts" "$build/dist.counts"; do
		if [ -f "$_c" ]; then
			read -r _p _f _k < "$_c"
			pass=$((pass + _p))
			fail=$((fail + _f))
			skip=$((skip + _k))
		else
			echo "FAIL: $_c missing: a pass ended early"
			fail=$((fail + 1))
			status=1
		fi
	done

	phase "all passes done"
	echo "${pass} passed, ${fail} failed, ${skip} skipped"
	[ "$fail" -eq 0 ] || status=1
	return $status
}

# The whole suite again in a second tree built with AddressSanitizer and
# UBSan (memory errors, leaks, undefined behaviour fail the test that hit
# them). Adds its counts to pass/fail/skip.
# The tree is built first, alone (asan_build: the program and the test
# programs), so that the side-by-side passes only run tests there.
asan_build() {
	phase "AddressSanitizer build (build-asan)"
	mkdir -p "$build_asan"
	cd "$build_asan"
	# no -Werror: gcc warns falsely under -fsanitize (format-truncation)
	[ -f Makefile ] || "$top/configure" -q --enable-asan
	_st=0
	{ make -s -j"$(nproc 2>/dev/null || echo 2)" && make -s -j"$(nproc 2>/dev/null || echo 2)" check TESTS=; } \
		>build.out 2>&1 || _st=$?
	[ "$_st" -eq 0 ] || cat build.out
	cd "$top"
	return $_st
}

asan_suite() {
	echo "==================== AddressSanitizer (build-asan) ===================="
	cd "$build_asan"
	_st=0
	# fontconfig's lifelong cache (the PDF renderer's fonts) is not a leak: tests/lsan.supp
	SERVDESK_QUICK=1 ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0} \
		make -s -j"$JOBS" check-sanitizer >check.out 2>&1 || _st=$?
	sed -n -E '/^(FAIL|ERROR|XPASS):/p' check.out
	for log in tests/*.log tests/*/*.log; do
		[ -f "$log" ] || continue
		if grep -qE '^(not ok|Bail out)|ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
			echo "--- $log"
			grep -E '^(not ok|Bail out)|Sanitizer|runtime error:|^    #[0-9]' "$log" | head -n 30
		fi
	done
	_p=$(sed -n 's/^# PASS: *//p' check.out | tail -n 1)
	_f=$(sed -n 's/^# FAIL: *//p' check.out | tail -n 1)
	_e=$(sed -n 's/^# ERROR: *//p' check.out | tail -n 1)
	_s=$(sed -n 's/^# SKIP: *//p' check.out | tail -n 1)
	echo "build-asan: ${_p:-0} passed, $(( ${_f:-0} + ${_e:-0} )) failed, ${_s:-0} skipped"
	pass=$((pass + ${_p:-0}))
	fail=$((fail + ${_f:-0} + ${_e:-0}))
	skip=$((skip + ${_s:-0}))
	[ -n "$_p" ] || fail=$((fail + 1))
	cd "$top"
	[ "$_st" -eq 0 ]
}

# Each fuzz target under libFuzzer for FUZZ_TIME seconds (needs clang);
# a crash or a broken invariant fails. Each target counts as one test.
fuzz_run() {
	phase "fuzzing (libFuzzer)"
	cd "$build"
	_st=0
	make -s fuzz FUZZ_TIME="${FUZZ_TIME:-30}" >fuzz.out 2>&1 || _st=$?
	cat fuzz.out
	_ok=$(grep -c '^fuzz_[a-z]*: ok' fuzz.out)
	_bad=$(grep -c '^fuzz_[a-z]*: FAIL' fuzz.out)
	if grep -q 'not found; install clang' fuzz.out; then
		skip=$((skip + 2))
		_st=0
	elif [ "$_st" -ne 0 ] && [ "$_bad" -eq 0 ]; then
		_bad=1
	fi
	pass=$((pass + _ok))
	fail=$((fail + _bad))
	cd "$top"
	[ "$_st" -eq 0 ] || [ "$_bad" -eq 0 ]
}

# make distcheck: the release tarball holds everything needed to build it and
# to pass the whole suite in a tree of its own. Its build is the one without
# optimisation (-O0, warnings as errors): some headers and warnings differ
# from the optimised build. Counts as one test.
distcheck_run() {
	phase "make distcheck"
	cd "$build"
	_st=0
	SERVDESK_QUICK=1 make -s -j"$JOBS" distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-werror CFLAGS=-O0" \
		>distcheck.out 2>&1 || _st=$?
	if [ "$_st" -eq 0 ]; then
		sed -n -E '/archives ready for distribution|^servdesk-.*\.tar\.gz/p' distcheck.out
		echo "distcheck: ok"
		pass=$((pass + 1))
	else
		grep -E '^(FAIL|ERROR):|\*\*\*|No rule|error:' distcheck.out | head -n 40
		echo "distcheck: FAIL"
		fail=$((fail + 1))
	fi
	cd "$top"
	[ "$_st" -eq 0 ]
}

case "${1:-}" in
deps) deps ;;
build) deps; build ;;
demo) deps; build; demo ;;
test) deps; build; test_suite ;;
*) echo "usage: sh dev.sh demo|test|deps|build" >&2; exit 64 ;;
esac
