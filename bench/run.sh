#!/bin/sh
# bench/run.sh — servdesk's benchmark figures (`make bench`, run from the top
# build directory). Prints figures next to their targets; never fails on a
# slow figure, only when a step cannot run at all.
#
# Environment:
#   BENCH_ROWS         requests in the large register (default 1000000)
#   BENCH_IMPORT_ROWS  rows of the import CSV (default 100000, at most BENCH_ROWS)
#   BENCH_BUSY_ROWS    rows of the import that 8 others work beside (default 300000)
#   BENCH_BIG_IMPORT_ROWS  rows of the largest import, timed with its memory
#                      (default 1000000; 0 leaves it out)
#   STOCK_PARTS        parts in the spare-parts store (default 20000)
#   STOCK_MOVES        movements in its journal (default 2000000)
#   VISIT_EQUIPMENT    equipment for the visit schedule (default 100000)
#   BENCH_REPORT_MONTHLY  requests a month in the monthly summary's 24-month
#                      database (default 40000; movements 50 x that)
#   BENCH_KEEP=1       keep the temporary directory
# The large database is cached as bench/bench-1m-v3.db (bench/bench-N-v3.db
# for other sizes; v3: with the six clocks of the after-sales ledger); delete it to rebuild.
# A cache made by an older servdesk is upgraded on first use like any
# database (from before the bigram search index: its index rebuilt, a few
# minutes for a million requests, with the progress on stderr). The size a
# trigram index (the old one) has over its text is kept beside it, in
# bench/bench-1m-v3.db.trigram, as building it takes minutes.
# The spare-parts store has a cache of its own, bench/bench-stock-v1.db
# (bench/bench-stock-P-M-v1.db for other sizes).

set -u

SERVDESK=${SERVDESK:-./src/servdesk}
MKDATA=${MKDATA:-./bench/mkdata}
LOCKPROBE=${LOCKPROBE:-./bench/lockprobe}
MAXRSS=${MAXRSS:-./tests/maxrss}
ROWS=${BENCH_ROWS:-1000000}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
[ "$IMPORT_ROWS" -gt "$ROWS" ] && IMPORT_ROWS=$ROWS
STOCK_PARTS=${STOCK_PARTS:-20000}
STOCK_MOVES=${STOCK_MOVES:-2000000}

LC_ALL=C.UTF-8
export LC_ALL
SERVDESK_USER=bench
export SERVDESK_USER
unset SERVDESK_DB

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$SERVDESK" ] || die "$SERVDESK not built (run make first)"
[ -x "$MKDATA" ] || die "$MKDATA not built"
[ -x "$LOCKPROBE" ] || die "$LOCKPROBE not built"
[ -x "$MAXRSS" ] || die "$MAXRSS not built"

# bump the suffix whenever mkdata db writes different tables or rows (v3: six clocks)
CACHE_VERSION=v3
if [ "$ROWS" -eq 1000000 ]; then
	DB=bench/bench-1m-$CACHE_VERSION.db
else
	DB=bench/bench-$ROWS-$CACHE_VERSION.db
fi
mkdir -p bench
# an older cache of this size (without the ledger) is never used again
OLD_DB=${DB%-$CACHE_VERSION.db}.db
if [ -f "$OLD_DB" ]; then
	echo "  removing the outdated cache $OLD_DB"
	rm -f "$OLD_DB" "$OLD_DB-wal" "$OLD_DB-shm"
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-bench.XXXXXX") || die "mktemp failed"
TMUX_SOCK=servdesk-bench-$$
cleanup() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# elapsed START END -> seconds with 3 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# rate ROWS SECONDS -> rows/s
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "n/a" }'; }
# field NAME LINE -> value of NAME=value in LINE
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

RESULTS=$TMP/results
: > "$RESULTS"
# row WHAT FIGURE TARGET
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }

echo "servdesk benchmark: $ROWS-request register, $IMPORT_ROWS-row import"
echo "  $(sqlite3 --version 2>/dev/null | cut -d' ' -f1,2 | sed 's/^/sqlite3 CLI /')  $(nproc 2>/dev/null) CPU(s)"

# ---------------------------------------------------------------- import
CSV=$TMP/import.csv
"$MKDATA" csv "$IMPORT_ROWS" "$CSV" || die "mkdata csv failed"
echo "  import file: $(wc -c < "$CSV") bytes of GB18030"

"$SERVDESK" --db "$TMP/import.db" init > /dev/null 2> "$TMP/init.err" || die "servdesk init failed: $(cat "$TMP/init.err")"
# Another person's view of the import: how long a write of theirs could not start.
"$LOCKPROBE" "$TMP/import.db" 3600 > "$TMP/probe.out" 2>&1 &
probe=$!
t0=$(now)
if "$SERVDESK" --db "$TMP/import.db" import requests "$CSV" > "$TMP/import.out" 2>&1; then
	t1=$(now)
	kill -TERM "$probe" 2>/dev/null; wait "$probe"
	s=$(elapsed "$t0" "$t1")
	sd_rate=$(rate "$IMPORT_ROWS" "$s")
	row "import $IMPORT_ROWS rows (servdesk import)" "$sd_rate rows/s ($s s)" ">= 1/2 of sqlite3 .import"
	row "  longest wait of another writer during it" "$(field longest_ms "$(cat "$TMP/probe.out")") ms" "< 1000 ms"
else
	kill -TERM "$probe" 2>/dev/null; wait "$probe"
	sd_rate=
	row "import $IMPORT_ROWS rows (servdesk import)" "FAILED: $(head -c 120 "$TMP/import.out")" ">= 1/2 of sqlite3 .import"
fi

if command -v sqlite3 > /dev/null; then
	t0=$(now)
	iconv -f GB18030 -t UTF-8 "$CSV" | sqlite3 "$TMP/raw.db" ".import --csv /dev/stdin t"
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	raw_rate=$(rate "$IMPORT_ROWS" "$s")
	row "import, iconv | sqlite3 .import (reference)" "$raw_rate rows/s ($s s)" "-"
	# What a trigram FTS5 index (servdesk's old search index) alone costs on the same rows.
	t0=$(now)
	sqlite3 "$TMP/raw.db" "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize = 'trigram');
		INSERT INTO f (rowid, body) SELECT rowid, customer || char(10) || requester || char(10) ||
		phone || char(10) || serial || char(10) || item1 FROM t;"
	t1=$(now)
	s2=$(elapsed "$t0" "$t1")
	row "  same rows into a trigram FTS5 table alone (the old index)" "$(rate "$IMPORT_ROWS" "$s2") rows/s ($s2 s)" "-"
	row "  .import followed by the FTS5 table" \
	    "$(rate "$IMPORT_ROWS" "$(awk -v a="$s" -v b="$s2" 'BEGIN { print a + b }')") rows/s" "-"
	if [ -n "$sd_rate" ]; then
		row "servdesk / reference" "$(awk -v a="$sd_rate" -v b="$raw_rate" 'BEGIN { printf "%.2f", a / b }')" ">= 0.50"
	fi
else
	row "import, iconv | sqlite3 .import (reference)" "n/a (no sqlite3 CLI)" "-"
fi

# ---------------------------------------------------------------- the largest import
# A million rows: the time against the bare pipe on the same file, and the
# most memory the import held.
BIG_ROWS=${BENCH_BIG_IMPORT_ROWS:-1000000}
if [ "$BIG_ROWS" -gt 0 ]; then
	GCSV=$TMP/big.csv
	"$MKDATA" csv "$BIG_ROWS" "$GCSV" || die "mkdata csv failed"
	"$SERVDESK" --db "$TMP/big.db" init > /dev/null 2>&1 || die "servdesk init failed"
	if "$MAXRSS" -t 7200 "$TMP/big.rss" -- "$SERVDESK" --db "$TMP/big.db" import requests "$GCSV" \
		> "$TMP/big.out" 2>&1; then
		read -r kib ms cpu < "$TMP/big.rss"
		big_s=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')
		row "import $BIG_ROWS rows (servdesk import)" "$big_s s ($cpu ms CPU)" "-"
		row "  resident memory at most" "$((kib / 1024)) MiB" "< 64 MiB"
		if command -v sqlite3 > /dev/null; then
			t0=$(now)
			iconv -f GB18030 -t UTF-8 "$GCSV" | sqlite3 "$TMP/bigraw.db" ".import --csv /dev/stdin t"
			raw_s=$(elapsed "$t0" "$(now)")
			row "  iconv | sqlite3 .import of the same file (reference)" "$raw_s s" "-"
			row "  servdesk / reference" "$(awk -v a="$big_s" -v b="$raw_s" 'BEGIN { printf "%.2f", b / a }')" ">= 0.50"
		fi
	else
		row "import $BIG_ROWS rows (servdesk import)" "FAILED: $(head -c 120 "$TMP/big.out")" "-"
	fi
	rm -f "$TMP/big.db" "$TMP/big.db-wal" "$TMP/big.db-shm" "$TMP/bigraw.db" "$GCSV"
fi

# ---------------------------------------------------------------- others during an import
# Eight people register requests and receive parts, as fast as they can,
# while a large import runs: none may be turned away busy (exit 69), and the
# slowest command of theirs is printed.
BUSY_ROWS=${BENCH_BUSY_ROWS:-300000}
BCSV=$TMP/busy.csv
BDB=$TMP/busy.db
"$MKDATA" csv "$BUSY_ROWS" "$BCSV" || die "mkdata csv failed"
"$SERVDESK" --db "$BDB" init > /dev/null 2>&1 || die "servdesk init failed"
"$SERVDESK" --db "$BDB" stock part SEAL-32 --name 机械密封 --unit 个 --reorder-point 5 > /dev/null 2>&1 ||
	die "stock part failed"
# one of the eight: a loop until the import has ended; "MS RC" per command
other() {
	while [ ! -e "$TMP/busy.done" ]; do
		for cmd in add receive; do
			a=$(date +%s%3N)
			if [ $cmd = add ]; then
				"$SERVDESK" --db "$BDB" request add --channel phone --customer 苏州电气集团有限公司 \
					--requester 吴振华 --phone 0512-58639752 --item "变频器报警 $1" > /dev/null 2>> "$TMP/busy.err"
			else
				"$SERVDESK" --db "$BDB" stock receive SEAL-32 1 --reason "补货 $1" > /dev/null 2>> "$TMP/busy.err"
			fi
			rc=$?
			echo "$(($(date +%s%3N) - a)) $rc" >> "$TMP/busy.$1"
		done
	done
}
rm -f "$TMP/busy.done"
t0=$(now)
"$SERVDESK" --db "$BDB" import requests "$BCSV" > "$TMP/busy.out" 2>&1 &
imp=$!
for k in 1 2 3 4 5 6 7 8; do other $k & done
wait "$imp"
irc=$?
t1=$(now)
touch "$TMP/busy.done"
wait
cat "$TMP"/busy.[1-8] > "$TMP/busy.all"
if [ $irc -eq 0 ]; then
	row "import $BUSY_ROWS rows beside 8 others" "$(elapsed "$t0" "$t1") s" "-"
else
	row "import $BUSY_ROWS rows beside 8 others" "FAILED: $(head -c 120 "$TMP/busy.out")" "-"
fi
row "  the others: commands, exit 69 (busy)" \
    "$(wc -l < "$TMP/busy.all"), $(awk '$2 == 69' "$TMP/busy.all" | wc -l)" "0 exit 69"
row "  the others: slowest command" "$(sort -n "$TMP/busy.all" | tail -n 1 | cut -d' ' -f1) ms" "< 2000 ms"
rm -f "$BDB" "$BDB-wal" "$BDB-shm" "$BCSV"

# ---------------------------------------------------------------- large register
# (time-list's stderr shows the progress of an upgrade)
if [ -f "$DB" ] && "$MKDATA" time-list "$DB" > /dev/null &&
   "$MKDATA" time-ledger-overdue "$DB" > /dev/null 2>&1; then
	echo "  using cached $DB"
else
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm" "$DB.trigram"
	echo "  building $DB ($ROWS requests) ..."
	t0=$(now)
	"$MKDATA" db "$ROWS" "$DB.tmp" || die "mkdata db failed"
	t1=$(now)
	mv "$DB.tmp" "$DB"
	rm -f "$DB.tmp-wal" "$DB.tmp-shm"
	row "build $ROWS-request database (mkdata db)" "$(elapsed "$t0" "$t1") s" "-"
fi
row "database size" "$(du -m "$DB" | cut -f1) MiB" "-"

out=$("$MKDATA" time-list "$DB") || die "mkdata time-list failed"
row "list: first page (50 rows)" "$(field first_ms "$out") ms" "< 10 ms"
row "list: last page, End (50 rows)" "$(field last_ms "$out") ms" "< 10 ms"

# Searches of 1, 2, 3 and 4 characters, each a common term and one that
# matches nothing (a name with a four-byte character among the twos): the
# first and the last page of each, through the search index.
for term in 泵 魑 锅炉 王𠮷 熊猫 变频器 熊猫馆 沙洲纺织 熊猫基地; do
	n=$(printf '%s' "$term" | wc -m)
	out=$("$MKDATA" time-search "$DB" "$term") || die "mkdata time-search failed"
	case $n in 1) chars="1 char" ;; *) chars="$n chars" ;; esac
	case $(field first_rows "$out") in 0) found="not found" ;; *) found="found" ;; esac
	row "search '$term' ($chars, $found): first page" \
	    "$(field first_ms "$out") ms ($(field first_rows "$out") rows)" "< 50 ms"
	row "search '$term' ($chars, $found): last page" \
	    "$(field last_ms "$out") ms ($(field last_rows "$out") rows)" "< 50 ms"
done

# The search index against a trigram index over the same text.
out=$("$MKDATA" index-size "$DB") || die "mkdata index-size failed"
index_bytes=$(field index_bytes "$out")
if [ ! -s "$DB.trigram" ]; then
	echo "  building a trigram index over the same text, for its size ..."
	"$MKDATA" trigram-size "$DB" > "$DB.trigram.tmp" && mv "$DB.trigram.tmp" "$DB.trigram"
fi
trigram_bytes=$(field trigram_bytes "$(cat "$DB.trigram" 2>/dev/null)")
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
if [ -n "$trigram_bytes" ]; then
	row "search index size" "$(mib "$index_bytes") MiB" "<= $(mib "$trigram_bytes") MiB (trigram index, same text)"
else
	row "search index size" "$(mib "$index_bytes") MiB" "<= the trigram index (n/a)"
fi

out=$("$MKDATA" time-ledger-overdue "$DB") || die "mkdata time-ledger-overdue failed"
row "ledger: overdue list, first page" \
    "$(field first_ms "$out") ms ($(field first_rows "$out") rows)" "< 50 ms"

# The same register as a person reads it (as the supervisor: the staff list
# lets no one else in): the six clocks' stored due times
# (mkdata computes them as ledger.c does, so no refresh is needed), the whole
# overdue list of the command line, and the monthly summary of the current
# month with its "overdue right now" section. The first command migrates the
# cached database if it is older than the program.
BOSS=liuyang
SERVDESK_USER=$BOSS "$SERVDESK" --db "$DB" ledger list --overdue --format csv > "$TMP/overdue.csv" 2> "$TMP/overdue.err" ||
	echo "  ledger list --overdue failed: $(head -c 200 "$TMP/overdue.err")" >&2
if command -v sqlite3 > /dev/null; then
	row "ledger: entries with six stored due times (open ones)" \
	    "$(sqlite3 "$DB" "SELECT count(*) FROM ledger WHERE reply_due IS NOT NULL OR respond_due IS NOT NULL OR escalate_due IS NOT NULL") ($(sqlite3 "$DB" "SELECT count(*) FROM ledger WHERE state NOT IN ('closed', 'unresolvable')"))" "-"
fi
# median of 5 runs of a command: median5 OUTFILE ARGS...
median5() {
	_out=$1
	shift
	_times=
	for _i in 1 2 3 4 5; do
		_t0=$(now)
		SERVDESK_USER=$BOSS "$SERVDESK" --db "$DB" "$@" > "$_out" 2>&1
		_times="$_times $(elapsed "$_t0" "$(now)")"
	done
	printf '%s\n' $_times | sort -n | sed -n 3p | awk '{ printf "%.0f", $1 * 1000 }'
}
ms=$(median5 "$TMP/overdue.csv" ledger list --overdue --format csv)
row "ledger list --overdue, whole command, all pages (median of 5)" \
    "$ms ms ($(($(wc -l < "$TMP/overdue.csv") - 1)) rows)" "-"
MONTH=$(date +%Y-%m)
ms=$(median5 "$TMP/report-now.txt" report monthly "$MONTH")
od=$(grep -A1 'Overdue right now' "$TMP/report-now.txt" | head -n 2 | tr -s ' \n' ' ')
if grep -q 'Overdue right now' "$TMP/report-now.txt"; then
	row "report monthly $MONTH, the current month (median of 5)" "$ms ms" "< 300 ms"
	row "  its section: $od" "-" "-"
else
	row "report monthly $MONTH, the current month" "FAILED: $(head -c 120 "$TMP/report-now.txt")" "< 300 ms"
fi

# ---------------------------------------------------------------- spare-parts store
# bump the suffix whenever mkdata stock writes different tables or rows
STOCK_VERSION=v1
if [ "$STOCK_PARTS" -eq 20000 ] && [ "$STOCK_MOVES" -eq 2000000 ]; then
	SDB=bench/bench-stock-$STOCK_VERSION.db
else
	SDB=bench/bench-stock-$STOCK_PARTS-$STOCK_MOVES-$STOCK_VERSION.db
fi
if [ -f "$SDB" ] && "$MKDATA" time-stock "$SDB" > /dev/null 2>&1; then
	echo "  using cached $SDB"
else
	rm -f "$SDB" "$SDB-wal" "$SDB-shm" "$SDB.tmp" "$SDB.tmp-wal" "$SDB.tmp-shm"
	echo "  building $SDB ($STOCK_PARTS parts, $STOCK_MOVES movements) ..."
	t0=$(now)
	"$MKDATA" stock "$STOCK_PARTS" "$STOCK_MOVES" "$SDB.tmp" || die "mkdata stock failed"
	t1=$(now)
	mv "$SDB.tmp" "$SDB"
	rm -f "$SDB.tmp-wal" "$SDB.tmp-shm"
	row "build the spare-parts store (mkdata stock)" "$(elapsed "$t0" "$t1") s" "-"
fi
row "stock: database size ($STOCK_PARTS parts, $STOCK_MOVES movements)" "$(du -m "$SDB" | cut -f1) MiB" "-"
out=$("$MKDATA" time-stock "$SDB") || die "mkdata time-stock failed"
row "stock: list, first page" "$(field page_ms "$out") ms ($(field page_rows "$out") rows)" "< 20 ms"
row "stock: low-stock list, first page" "$(field low_ms "$out") ms ($(field low_rows "$out") rows)" "< 20 ms"
row "stock: a part's history, 50 newest ($(field history_part "$out"))" \
    "$(field history_ms "$out") ms ($(field history_rows "$out") rows)" "< 10 ms"
row "stock: check over the whole journal (1 run)" \
    "$(field check_ms "$out") ms ($(field check_found "$out") found)" "-"

# ---------------------------------------------------------------- desk memory
if command -v tmux > /dev/null; then
	T="tmux -L $TMUX_SOCK"
	t0=$(now)
	# as liuyang, the supervisor on the generated database's staff list
	$T -f /dev/null new-session -d -s bench -x 120 -y 40 \
		"exec env LC_ALL=C.UTF-8 TERM=tmux-256color SERVDESK_USER=$BOSS $SERVDESK --db $DB"
	pid=$($T list-panes -t bench -F '#{pane_pid}' 2>/dev/null)
	drawn=
	for i in $(seq 200); do
		if $T capture-pane -p -t bench 2>/dev/null | grep -Eq '[0-9]{6}-[0-9]{4,}'; then
			drawn=1
			break
		fi
		sleep 0.05
	done
	t1=$(now)
	if [ -n "$drawn" ] && [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
		row "desk: start until the register is drawn" "$(elapsed "$t0" "$t1") s" "-"
		$T send-keys -t bench End
		sleep 0.5
		for i in 1 2 3 4 5; do
			$T send-keys -t bench PPage
			sleep 0.2
		done
		sleep 0.5
		rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
		hwm=$(awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
		row "desk: resident memory (VmRSS)" "$rss MiB" "< 32 MiB"
		row "desk: peak resident memory (VmHWM)" "$hwm MiB" "< 32 MiB"
		$T send-keys -t bench q
		sleep 0.3
		$T send-keys -t bench y 2>/dev/null
	else
		row "desk: resident memory" "n/a (the desk did not draw the register)" "< 32 MiB"
		$T capture-pane -p -t bench 2>/dev/null | head -5 >&2
	fi
	$T kill-server 2>/dev/null
else
	row "desk: resident memory" "n/a (no tmux)" "< 32 MiB"
fi

# ---------------------------------------------------------------- table
# Columns are padded by display width (CJK = 2 cells), which wc -L measures.
width() { printf '%s' "$1" | wc -L; }
pad() { printf '%s%*s' "$1" $(($2 - $(width "$1"))) ''; }
printf '%s\t%s\t%s\n' "measure" "figure" "target" > "$TMP/table"
cat "$RESULTS" >> "$TMP/table"
wa=0; wb=0
while IFS='	' read -r a b c; do
	[ "$(width "$a")" -gt "$wa" ] && wa=$(width "$a")
	[ "$(width "$b")" -gt "$wb" ] && wb=$(width "$b")
done < "$TMP/table"
echo
n=0
while IFS='	' read -r a b c; do
	printf '%s  %s  %s\n' "$(pad "$a" "$wa")" "$(pad "$b" "$wb")" "$c"
	if [ $n -eq 0 ]; then
		printf '%*s\n' $((wa + wb + 14)) '' | tr ' ' '-'
	fi
	n=$((n + 1))
done < "$TMP/table"

# ================================================================ visits
# The follow-up visit schedule: VISIT_EQUIPMENT pieces of equipment (default
# 100000, delivered over eight years), `visit plan` one year ahead, planning
# again (nothing new), and the first page of the visits due today. Built
# afresh each run (a few tenths of a second).
VISIT_EQUIPMENT=${VISIT_EQUIPMENT:-100000}
VDB=$TMP/visits.db
: > "$TMP/vresults"
vrow() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$TMP/vresults"; }
if "$MKDATA" visits "$VISIT_EQUIPMENT" "$VDB"; then
	until_day=$(date -d '+365 days' +%F 2>/dev/null || date -v+365d +%F)
	t0=$(now)
	if out=$("$SERVDESK" --db "$VDB" visit plan --until "$until_day" 2>&1); then
		t1=$(now)
		vrow "visits: plan a year for $VISIT_EQUIPMENT pieces of equipment" \
		     "$(elapsed "$t0" "$t1") s ($(printf '%s' "$out" | sed -n 's/.*: \([0-9]*\) new.*/\1/p') visits)" "< 10 s"
		t0=$(now)
		"$SERVDESK" --db "$VDB" visit plan --until "$until_day" > /dev/null 2>&1
		t1=$(now)
		vrow "visits: plan again (nothing new)" "$(elapsed "$t0" "$t1") s" "-"
	else
		vrow "visits: plan a year for $VISIT_EQUIPMENT pieces of equipment" "FAILED: $(printf '%s' "$out" | head -c 120)" "< 10 s"
	fi
	if out=$("$MKDATA" time-visits "$VDB"); then
		vrow "visits: due today, first page" "$(field due_ms "$out") ms ($(field due_rows "$out") rows)" "< 20 ms"
		vrow "visits: overdue, first page" "$(field overdue_ms "$out") ms ($(field overdue_rows "$out") rows)" "< 20 ms"
	fi
	vrow "visits: database size" "$(du -m "$VDB" | cut -f1) MiB" "-"
else
	vrow "visits: build the equipment (mkdata visits)" "FAILED" "-"
fi
echo
wa=0; wb=0
while IFS='	' read -r a b c; do
	[ "$(width "$a")" -gt "$wa" ] && wa=$(width "$a")
	[ "$(width "$b")" -gt "$wb" ] && wb=$(width "$b")
done < "$TMP/vresults"
while IFS='	' read -r a b c; do
	printf '%s  %s  %s\n' "$(pad "$a" "$wa")" "$(pad "$b" "$wb")" "$c"
done < "$TMP/vresults"
# ================================================================ end of visits
# ================================================================ report
# The monthly summary (月度统计): 24 months of BENCH_REPORT_MONTHLY requests a
# month (default 40000) with ledger entries, charges, payments, complaints,
# visits and 2,000,000 stock movements (scaled with the requests), cached as
# bench/bench-report-N-v3.db (v3: the six clocks; v2: with the assignment history and the
# engineer at each step). `report monthly` for one month against a full
# scan of the request table by the sqlite3 shell on the same file.
REPORT_PER=${BENCH_REPORT_MONTHLY:-40000}
REPORT_MOVES=$((REPORT_PER * 50))
REPORT_DB=bench/bench-report-$REPORT_PER-v3.db
echo
echo "monthly summary: 24 months x $REPORT_PER requests, $REPORT_MOVES stock movements"
if [ ! -f "$REPORT_DB" ]; then
	rm -f "$REPORT_DB.tmp" "$REPORT_DB.tmp-wal" "$REPORT_DB.tmp-shm"
	echo "  building $REPORT_DB ..."
	t0=$(now)
	if "$MKDATA" report 24 "$REPORT_PER" "$REPORT_MOVES" "$REPORT_DB.tmp" >/dev/null; then
		mv "$REPORT_DB.tmp" "$REPORT_DB"
		rm -f "$REPORT_DB.tmp-wal" "$REPORT_DB.tmp-shm"
		echo "  built in $(elapsed "$t0" "$(now)") s"
	else
		echo "  mkdata report failed" >&2
	fi
else
	echo "  using cached $REPORT_DB"
fi
if [ -f "$REPORT_DB" ]; then
	# the month's report, the first run after the closing stock was
	# dropped (rolls the journal forward month by month), then the median of 5
	export SERVDESK_NOW='2026-01-15 09:00'
	if command -v sqlite3 > /dev/null; then
		sqlite3 "$REPORT_DB" "DELETE FROM stock_close; DELETE FROM month_close"
	fi
	t0=$(now)
	SERVDESK_USER=liuyang "$SERVDESK" --db "$REPORT_DB" report monthly 2025-06 > "$TMP/report.txt" ||
		echo "  report monthly failed" >&2
	first=$(elapsed "$t0" "$(now)")
	times=
	for i in 1 2 3 4 5; do
		t0=$(now)
		SERVDESK_USER=liuyang "$SERVDESK" --db "$REPORT_DB" report monthly 2025-06 > /dev/null
		times="$times $(elapsed "$t0" "$(now)")"
	done
	med=$(printf '%s\n' $times | sort -n | sed -n 3p)
	printf '  %-58s %s s (target < 0.300)\n' "report monthly 2025-06 (median of 5)" "$med"
	printf '  %-58s %s s\n' "  first run, closing stock rebuilt from the journal" "$first"
	# the same report as the supervisor mails it: PDF and XLSX files
	for fmt in pdf xlsx; do
		times=
		for i in 1 2 3 4 5; do
			t0=$(now)
			SERVDESK_USER=liuyang "$SERVDESK" --db "$REPORT_DB" report monthly 2025-06 \
				--format $fmt -o "$TMP/report.$fmt" || echo "  report monthly --format $fmt failed" >&2
			times="$times $(elapsed "$t0" "$(now)")"
		done
		fmed=$(printf '%s\n' $times | sort -n | sed -n 3p)
		if [ "$fmt" = pdf ]; then target=" (target < 1.000)"; else target=; fi
		printf '  %-58s %s s%s\n' "report monthly 2025-06 --format $fmt (median of 5)" "$fmed" "$target"
	done
	if command -v sqlite3 > /dev/null; then
		times=
		for i in 1 2 3; do
			t0=$(now)
			sqlite3 "$REPORT_DB" "SELECT count(*) FROM request WHERE phone LIKE '%8888%'" > /dev/null
			times="$times $(elapsed "$t0" "$(now)")"
		done
		scan=$(printf '%s\n' $times | sort -n | sed -n 2p)
		printf '  %-58s %s s\n' "sqlite3 full scan of request (phone LIKE, median of 3)" "$scan"
		printf '  %-58s %s\n' "report faster than the full scan" \
			"$(awk -v a="$med" -v b="$scan" 'BEGIN { print (a < b) ? "yes" : "no" }')"
	else
		printf '  %-58s %s\n' "sqlite3 full scan of request" "n/a (no sqlite3 CLI)"
	fi
	unset SERVDESK_NOW
fi
# ================================================================ end of report
# ================================================================ documents
# The monthly-summary-like demo document (tests/docdemo, 14 customer rows,
# two PDF pages) as PDF and XLSX: a fresh process each time (fonts loaded
# anew), median of 5; and 120 customer rows.
DOCDEMO=${DOCDEMO:-./tests/docdemo}
if [ -x "$DOCDEMO" ]; then
	for fmt in pdf xlsx; do
		for rows in 14 120; do
			times=
			for i in 1 2 3 4 5; do
				t0=$(now)
				"$DOCDEMO" -n "$rows" "$fmt" "$TMP/doc.$fmt" || echo "  docdemo $fmt failed" >&2
				times="$times $(elapsed "$t0" "$(now)")"
			done
			med=$(printf '%s\n' $times | sort -n | sed -n 3p)
			if [ "$fmt" = pdf ] && [ "$rows" = 14 ]; then target=" (target < 1.000)"; else target=; fi
			printf '  %-58s %s s%s\n' "$fmt of the demo summary, $rows customer rows (median of 5)" "$med" "$target"
		done
	done
	"$DOCDEMO" -t -r 5 pdf "$TMP/doc.pdf" 2>&1 | sed -n '$s/^docdemo: /  in one process: /p'
else
	echo "  documents: $DOCDEMO not built (make check builds it)"
fi
exit 0
