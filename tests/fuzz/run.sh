#!/bin/sh
# run.sh — build the fuzz targets with libFuzzer and run each for a bounded
# time over a copy of its seed corpus (`make fuzz`). Prints one line per
# target; a crash or a broken invariant prints the input that caused it
# (kept as tests/fuzz/lf/TARGET-crash-*) and exits 1.
#
#   sh tests/fuzz/run.sh SRCDIR BUILDDIR [SECONDS]
# Environment: FUZZ_CC (default clang), FUZZ_SEED (default: random, printed),
# FUZZ_TARGETS (default "csv enc").
set -u
src=${1:?source directory}
bld=${2:?build directory}
secs=${3:-30}
cc=${FUZZ_CC:-clang}
seed=${FUZZ_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
out="$bld/tests/fuzz/lf"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
core="$src/src/csv.c $src/src/buf.c $src/src/common.c $src/src/enc.c $src/src/text.c"

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: $cc not found; install clang (and libclang-rt-14-dev) to fuzz"
	exit 77
fi
mkdir -p "$out"
status=0
for t in ${FUZZ_TARGETS:-csv enc}; do
	bin="$out/fuzz_$t"
	# shellcheck disable=SC2086
	if ! $cc $flags -I"$bld" -I"$src/src" "$src/tests/fuzz/fuzz_$t.c" $core -o "$bin" 2>"$out/$t.build.log"; then
		echo "fuzz_$t: FAIL: does not build with $cc -fsanitize=fuzzer"
		sed 's/^/  /' "$out/$t.build.log" | head -n 20
		status=1
		continue
	fi
	rm -rf "$out/work-$t" "$out/$t"-crash-* "$out/$t"-leak-* "$out/$t"-timeout-* "$out/$t"-oom-*
	mkdir -p "$out/work-$t"
	# New inputs go to the work directory; the seed corpus stays as it is.
	ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -seed="$seed" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$t-" \
		"$out/work-$t" "$src/tests/fuzz/corpus/$t" >"$out/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz_$t: ok: ${runs:-?} runs in ${secs}s, $cov, seed $seed, $(ls "$out/work-$t" | wc -l) new inputs"
	else
		echo "fuzz_$t: FAIL (exit $rc), seed $seed; replay: $bin $out/$t-crash-*"
		grep -E 'invariant failed|ERROR:|SUMMARY:' "$out/$t.log" | head -n 5 | sed 's/^/  /'
		for f in "$out/$t"-*-*; do
			[ -f "$f" ] || continue
			echo "  input $f:"
			od -c "$f" | head -n 8 | sed 's/^/    /'
		done
		status=1
	fi
done
exit $status
