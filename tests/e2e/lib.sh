# lib.sh — helpers for servdesk's end-to-end tests (sourced by run.sh).
#
# Produces TAP: "ok N - name" / "not ok N - name" with "# ..." diagnostics,
# and a trailing plan "1..N" printed by t_done.
#
# Environment: SERVDESK (the binary), top_srcdir, TZ. Every test works in a
# directory of its own under $T_ROOT, with its own database ($DB).

T_N=0
T_FAILED=0

# Byte-wise text processing everywhere except where a test sets a locale.
export LC_ALL=C.UTF-8
unset LANGUAGE LANG
export SERVDESK_USER=tester
export SERVDESK_NOW='2026-11-20 10:00'
unset SERVDESK_DB

t_ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1"
}

t_skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

# t_not_ok NAME [DIAGNOSTIC...]: a failure, with the last command's output.
t_not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	shift
	for d in "$@"; do
		echo "# $d"
	done
	if [ -n "$T_DIR" ]; then
		[ -s "$T_DIR/out" ] && head -n 20 "$T_DIR/out" | sed 's/^/# out: /'
		[ -s "$T_DIR/err" ] && head -n 5 "$T_DIR/err" | sed 's/^/# err: /'
	fi
	return 0
}

# t_check NAME COMMAND...: ok when COMMAND succeeds.
t_check() {
	_name=$1
	shift
	if "$@"; then t_ok "$_name"; else t_not_ok "$_name" "failed: $*"; fi
}

t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}

# t_new: a fresh directory and database for the next test ($T_DIR, $DB).
t_new() {
	T_DIR=$(mktemp -d "$T_ROOT/t.XXXXXX")
	DB=$T_DIR/servdesk.db
}

# sd ARGS...: run servdesk on $DB; stdout to $T_DIR/out, stderr to
# $T_DIR/err, exit status in $RC.
sd() {
	"$SERVDESK" --db "$DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	return 0
}

# sd_init: a new database with the test user as supervisor.
sd_init() {
	t_new
	"$SERVDESK" --db "$DB" init >/dev/null 2>&1
}

# add_req [OPTIONS...]: add a request with valid defaults; prints the number.
add_req() {
	"$SERVDESK" --db "$DB" request add --channel phone --customer "${CUST:-测试客户}" \
		--requester "${REQR:-张工}" --phone 13800138000 --item "${ITEM:-设备报警}" "$@"
}

# rc_is N: $RC equals N.
rc_is() {
	[ "$RC" -eq "$1" ]
}

# err_one_line: stderr holds exactly one line starting "servdesk: ".
# t_binary NAME FILE MAGIC: the last command succeeded and wrote FILE
# starting with MAGIC (%PDF- for PDF, PK for XLSX).
t_binary() {
	if rc_is 0 && [ -s "$2" ] && [ "$(head -c ${#3} "$2")" = "$3" ]; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC"
	fi
}

err_one_line() {
	[ "$(wc -l <"$T_DIR/err")" -eq 1 ] && grep -q '^servdesk: ' "$T_DIR/err"
}

# has_bytes FILE PRINTF-FORMAT: FILE contains the bytes.
has_bytes() {
	LC_ALL=C grep -q -F -e "$(printf "$2")" "$1"
}

# display_col FILE MARKER: for each line holding MARKER, the display column
# (0-based, CJK and 4-byte characters 2 cells) where MARKER starts. Knows
# the characters the tests use: U+3000..U+D7FF and U+10000.. are wide.
display_col() {
	LC_ALL=C awk -v m="$2" '
	BEGIN { for (i = 128; i < 256; i++) ord[sprintf("%c", i)] = i }
	{
		p = index($0, m)
		if (p == 0) next
		w = 0
		for (i = 1; i < p; i++) {
			c = substr($0, i, 1)
			b = (c in ord) ? ord[c] : 0
			if (b < 128) w++
			else if (b >= 192 && b < 227) w++
			else if (b >= 227 && b <= 237) w += 2
			else if (b >= 238 && b < 240) w++
			else if (b >= 240) w += 2
		}
		print w
	}' "$1"
}
