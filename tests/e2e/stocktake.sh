#!/bin/sh
# stocktake.sh — end-to-end tests of the stocktake commands (TAP): the whole
# flow start -> sheet -> count/import -> show -> post, a receipt during the
# count kept on hand, `servdesk check` clean afterwards, and refusals (a
# second open stocktake, unknown part, bad CSV, going below zero, posting
# twice) with exit status 65 and the database unchanged, and the sheet sent
# to the print command (--print; a failing command gives 74).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-stocktake.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# snap NAME: the stock and the differences, for "unchanged" checks.
snap() {
	{
		"$SERVDESK" --db "$DB" export stock
		"$SERVDESK" --db "$DB" stocktake show --format csv
		"$SERVDESK" --db "$DB" stock history BRG-6205 --limit 0 --format csv
	} >"$T_DIR/snap.$1" 2>&1
}

# refused NAME STATUS ARGS...: servdesk ARGS exits STATUS with one error
# line, and the database is unchanged.
refused() {
	_name=$1
	_want=$2
	shift 2
	snap before
	sd "$@"
	snap after
	if rc_is "$_want" && err_one_line && cmp -s "$T_DIR/snap.before" "$T_DIR/snap.after"; then
		t_ok "$_name: $_want, database unchanged"
	else
		t_not_ok "$_name: $_want, database unchanged" "rc=$RC"
	fi
}

# on_hand PART: the part's on hand.
on_hand() {
	"$SERVDESK" --db "$DB" stock show "$1" --format json 2>/dev/null |
		sed -n 's/.*"on_hand":"\{0,1\}\([0-9-]*\)"\{0,1\}[,}].*/\1/p'
}

# ================================================================ help

t_new
for cmd in "stocktake" "stocktake start" "stocktake sheet" "stocktake count" \
           "stocktake import" "stocktake show" "stocktake post"; do
	# shellcheck disable=SC2086
	"$SERVDESK" --db "$DB" $cmd --help >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	if rc_is 0 && grep -q 'Usage: servdesk' "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_ok "servdesk $cmd --help exits 0"
	else
		t_not_ok "servdesk $cmd --help exits 0" "rc=$RC"
	fi
done

# ================================================================ the flow

sd_init
"$SERVDESK" --db "$DB" stock part BRG-6205 --name 深沟球轴承 --spec 6205-2RS \
	--location A-01-02 --cost 12.50 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock part FLT-001 --name 高压过滤器滤芯 --location B-02 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive BRG-6205 10 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive FLT-001 5 --cost 30 >/dev/null 2>&1

sd stocktake start
ID=$(cat "$T_DIR/out")
t_check "stocktake start prints the number" test "$RC" -eq 0 -a "$ID" = 1
refused "a second open stocktake" 65 stocktake start

sd stocktake sheet "$ID"
t_check "the sheet shows the header and expected figures" \
	grep -q "page 1 of 1" "$T_DIR/out"
t_check "the sheet lists the parts with expected 10" grep -q "BRG-6205.* 10 _" "$T_DIR/out"
sd stocktake sheet --encoding gb18030 -o "$T_DIR/sheet.gb"
t_check "the sheet in GB18030 (高 = B8 DF)" has_bytes "$T_DIR/sheet.gb" '\270\337'
sd stocktake sheet "$ID" --format csv
t_check "the sheet as CSV: a row per part with the expected quantity, no count yet" \
	sh -c "grep -q '^section,part_no,name,spec,location,unit,expected,counted' '$T_DIR/out' &&
	       grep -q '^lines,BRG-6205,深沟球轴承,.*,A-01-02,.*,10,[^0-9]\{0,1\}\$' '$T_DIR/out'"
sd stocktake sheet "$ID" --format json
t_check "the sheet as JSON: the stocktake's number and its lines" \
	sh -c "grep -q '^{\"document\":\"stocktake\",' '$T_DIR/out' && grep -q '\"stocktake\":$ID,' '$T_DIR/out' &&
	       grep -q '\"part_no\":\"BRG-6205\",' '$T_DIR/out' && grep -q '\"expected\":10,\"counted\":null' '$T_DIR/out'"
sd stocktake sheet "$ID" --format pdf
t_check "the sheet as PDF to a terminal or without -o: 64" rc_is 64
sd stocktake sheet "$ID" --width 100
t_check "the sheet at an unknown width: 64" rc_is 64
sd stocktake sheet "$ID" --width 132
t_check "the sheet at 132 columns: lines wider than 80" awk 'length($0) > 80 { f = 1 } END { exit !f }' "$T_DIR/out"

# a receipt during the count
"$SERVDESK" --db "$DB" stock receive BRG-6205 3 >/dev/null 2>&1
sd stocktake count "$ID" BRG-6205 8
t_check "count recorded" rc_is 0
refused "count of an unknown part" 65 stocktake count "$ID" NOPE 1
refused "a negative count" 64 stocktake count "$ID" BRG-6205 -1

printf '备件编号,实盘数量\nFLT-001,abc\n' >"$T_DIR/bad.csv"
refused "import with a bad count" 65 stocktake import "$ID" "$T_DIR/bad.csv"
grep -q 'line 2, field 实盘数量' "$T_DIR/err" && t_ok "the error names line and field" ||
	t_not_ok "the error names line and field"
printf 'part_no,counted\nFLT-001,6\n' >"$T_DIR/ok.csv"
sd stocktake import "$ID" "$T_DIR/ok.csv"
t_check "import of counts" rc_is 0

sd stocktake show --format csv
t_check "show lists the differences" grep -q '^BRG-6205,深沟球轴承,A-01-02,10,8,3,-2.\{0,1\}$' "$T_DIR/out"
t_check "show lists the import" grep -q '^FLT-001,.*,5,6,0,1.\{0,1\}$' "$T_DIR/out"
sd stocktake show --format json
t_check "show as JSON" grep -q '"difference":-2' "$T_DIR/out"

sd stocktake post "$ID"
t_check "post" rc_is 0
t_check "on hand = counted + the receipt during the count" test "$(on_hand BRG-6205)" = 11
t_check "FLT-001 on hand = counted" test "$(on_hand FLT-001)" = 6
refused "posting twice" 65 stocktake post "$ID"
refused "counting after posting" 65 stocktake count "$ID" BRG-6205 1
sd check
t_check "servdesk check is clean after posting" rc_is 0

# ================================================================ below zero, blind

sd stocktake start --blind
ID=$(cat "$T_DIR/out")
sd stocktake sheet "$ID"
if grep -q "BRG-6205" "$T_DIR/out" && ! grep -q " 11 _" "$T_DIR/out"; then
	t_ok "the blind sheet has no expected figures"
else
	t_not_ok "the blind sheet has no expected figures"
fi
"$SERVDESK" --db "$DB" stocktake count "$ID" BRG-6205 0 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock adjust BRG-6205 -5 --reason 报废 >/dev/null 2>&1
refused "a posting that would go below zero" 65 stocktake post "$ID"
sd check
t_check "servdesk check still clean" rc_is 0

# ================================================================ permissions

"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
SERVDESK_USER=zhangwei sd stocktake count "$ID" BRG-6205 1
t_check "an engineer may not count (77)" rc_is 77

# ================================================================ printing

sd stocktake sheet --help
t_check "stocktake sheet --help documents --print" grep -q -- '--print' "$T_DIR/out"
sd stocktake sheet "$ID" -o "$T_DIR/sheet.txt" --print
t_check "-o and --print exclude each other (64)" rc_is 64
if ! command -v sqlite3 >/dev/null 2>&1; then
	t_skip "--print sends the sheet to the print command" "sqlite3 not installed"
	t_skip "a failing print command gives 74 with one line" "sqlite3 not installed"
else
	{
		echo '#!/bin/sh'
		echo "cat > \"$T_DIR/printed\""
	} >"$T_DIR/lp.sh"
	chmod +x "$T_DIR/lp.sh"
	sqlite3 "$DB" "INSERT INTO setting(key,value) VALUES('print_command', '$T_DIR/lp.sh')"
	sd stocktake sheet "$ID"
	cp "$T_DIR/out" "$T_DIR/sheet.txt"
	sd stocktake sheet "$ID" --print --format text
	if rc_is 0 && [ ! -s "$T_DIR/out" ] && grep -q "BRG-6205" "$T_DIR/printed" &&
	   cmp -s "$T_DIR/sheet.txt" "$T_DIR/printed"; then
		t_ok "--print --format text sends the sheet to the print command"
	else
		t_not_ok "--print --format text sends the sheet to the print command" "rc=$RC"
	fi
	# without --format the printer gets a PDF (a build without the PDF writer says so in one line)
	rm -f "$T_DIR/printed"
	sd stocktake sheet "$ID" --print
	t_binary "--print alone sends the sheet as a PDF" "$T_DIR/printed" %PDF-
	sqlite3 "$DB" "UPDATE setting SET value = 'false' WHERE key = 'print_command'"
	sd stocktake sheet "$ID" --print --format text
	if rc_is 74 && err_one_line && grep -q "false" "$T_DIR/err"; then
		t_ok "a failing print command gives 74 with one line naming it"
	else
		t_not_ok "a failing print command gives 74 with one line naming it" "rc=$RC"
	fi
fi

t_done
