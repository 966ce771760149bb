#!/bin/sh
# hostile.sh — text from the outside world is shown harmlessly (TAP).
#
# Every field refuses control characters and bidirectional controls on
# the way in (import, command line), naming the field: a request file with
# terminal escape sequences is refused whole, and so are a ledger solution, a
# complaint, customers, parts, visit outcomes and a staff name holding them.
# What the fields take (zero-width characters) goes in through the command
# line; the escape sequences -- ESC [ 2 J (clear screen), OSC 52 (write the
# clipboard), ESC ] 0 ; title BEL, a C1 CSI (U+009B), backspaces, CR, a
# right-to-left override (U+202E) -- are then written straight into the
# database with the sqlite3 CLI, as data from elsewhere would be: into a
# request, its solution, a complaint, a customer, a part, visits, the
# visits' customer, a staff name and an audit row. The monthly report
# counts the hostile request's customer among its top customers, and the
# customer report is asked for that customer by name.
#
# What is checked, per output:
#  - text for people (tables, `request show`, `ledger show`, `ledger
#    explain`, `customer show`, `stock show/history`, the stocktake sheet,
#    error lines): never a raw ESC, C1, BEL, BS, lone CR or bidi override,
#    to a pipe or a terminal;
#  - CSV (list --format csv, export) to a file or pipe: the bytes exactly
#    as stored (it is data); JSON: control characters escaped (\u001b),
#    valid JSON;
#  - CSV, JSON and exports written to a terminal (through ptyrun): no raw
#    escape either.
#
# Run by `make check` with SERVDESK, PTYRUN and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-hostile.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

HAVE_SQLITE3=no
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=yes
PTYRUN=${PTYRUN:-}

# The hostile pieces (valid UTF-8; the C1 CSI is U+009B).
ESC=$(printf '\033')
CLS=$(printf '\033[2J')
OSC52=$(printf '\033]52;c;cm0gLXJmIH4K\007')
TITLE=$(printf '\033]0;pwned\007')
CSI1=$(printf '\302\23331m')
BS=$(printf '\010\010')
RLO=$(printf '\342\200\256')
ZW=$(printf '\342\200\213\342\200\215')
# one line (no CR: single-line fields refuse line ends)
H1="恶意${CLS}${TITLE}${CSI1}${BS}${RLO}反转${ZW}零宽"
# multi-line (items, descriptions, solutions)
HM="喷砂机${OSC52}不出砂$(printf '\r')覆盖${CLS}${CSI1}${RLO}右到左${ZW}"
# refused for its bidi control
HB="恶意${RLO}反转${ZW}零宽"
# what every field accepts
HZ="恶意反转${ZW}零宽"

# clean FILE: no raw ESC, C1 (C2 80..C2 9F), BEL, BS, lone CR, U+202E.
clean() {
	LC_ALL=C awk '
	BEGIN { bad = 0 }
	{
		line = $0
		sub(/\r$/, "", line)          # CSV line ends in CRLF
		sub(/^\f/, "", line)          # the page break of a report
		if (line ~ /[\001-\010\013-\037\177]/) bad++
		if (line ~ /\302[\200-\237]/) bad++
		if (line ~ /\342\200\256/) bad++
	}
	END { exit bad ? 1 : 0 }' "$1"
}

# shown FILE: the marker of a hostile record is there (the row was shown).
shown() {
	grep -q '恶意\|喷砂机' "$1"
}

# has_esc FILE: the file holds raw ESC bytes (kept as data).
has_esc() {
	LC_ALL=C grep -q "$ESC" "$1"
}

# json_fine FILE: valid JSON (when sqlite3 can tell) without raw controls,
# with the escapes written as \u001b.
json_fine() {
	if LC_ALL=C grep -q "$(printf '[\001-\037]')" "$1"; then
		return 1
	fi
	grep -q '\\u001b' "$1" || return 1
	[ "$HAVE_SQLITE3" = no ] && return 0
	[ "$(sqlite3 :memory: "select json_valid(readfile('$1'))")" = 1 ]
}

# text_out NAME ARGS...: a text output is harmless and shows the record.
text_out() {
	_n=$1
	shift
	sd "$@"
	if rc_is 0 && clean "$T_DIR/out" && shown "$T_DIR/out"; then
		t_ok "$_n: harmless, record shown"
	else
		t_not_ok "$_n: harmless, record shown" "rc=$RC"
		LC_ALL=C od -c "$T_DIR/out" | LC_ALL=C grep -m 3 '033\|302' | sed 's/^/# /'
	fi
}

# csv_out NAME ARGS...: CSV to a file keeps the bytes.
csv_out() {
	_n=$1
	shift
	sd "$@"
	if rc_is 0 && has_esc "$T_DIR/out" && shown "$T_DIR/out"; then
		t_ok "$_n: keeps the bytes in a file"
	else
		t_not_ok "$_n: keeps the bytes in a file" "rc=$RC"
	fi
}

json_out() {
	_n=$1
	shift
	sd "$@"
	if rc_is 0 && json_fine "$T_DIR/out" && shown "$T_DIR/out"; then
		t_ok "$_n: valid JSON, controls escaped"
	else
		t_not_ok "$_n: valid JSON, controls escaped" "rc=$RC"
	fi
}

# tty_out NAME ARGS...: written to a terminal, no raw escape reaches it.
tty_out() {
	_n=$1
	shift
	if [ -z "$PTYRUN" ] || [ ! -x "$PTYRUN" ]; then
		t_skip "$_n to a terminal" "no ptyrun"
		return
	fi
	"$PTYRUN" -s 200x50 -o "$T_DIR/tty" -- "$SERVDESK" --db "$DB" "$@" >/dev/null 2>&1
	RC=$?
	if rc_is 0 && clean "$T_DIR/tty" && shown "$T_DIR/tty"; then
		t_ok "$_n to a terminal: harmless"
	else
		t_not_ok "$_n to a terminal: harmless" "rc=$RC"
		LC_ALL=C od -c "$T_DIR/tty" | LC_ALL=C grep -m 3 '033\|302' | sed 's/^/# /'
	fi
}

# ================================================================ data

sd_init
"$SERVDESK" --db "$DB" staff add zhangwei --name 张伟 --role engineer >/dev/null 2>&1
{
	echo "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1,维护事项2"
	printf '2026-11-02 08:47,传真,"%s客户","%s",0512-58639752,P1,"%s","%s"\n' "$H1" "$H1" "$HM" "$H1"
} >"$T_DIR/hostile.csv"
sd import requests "$T_DIR/hostile.csv"
if rc_is 65 && err_one_line && clean "$T_DIR/err" &&
	grep -q 'hostile.csv: line 2, field 客户: must not contain control characters (U+001B' "$T_DIR/err"; then
	t_ok "a request with escape sequences is refused on import (file, line, field)"
else
	t_not_ok "a request with escape sequences is refused on import (file, line, field)" "rc=$RC"
fi
# The same request without them; the escape sequences are then planted with
# sqlite3 (data from elsewhere: an older version, another program).
{
	echo "收件时间,来件方式,客户,请求人,联系电话,优先级,维护事项1,维护事项2"
	printf '2026-11-02 08:47,传真,恶意客户,恶意,0512-58639752,P1,喷砂机不出砂,恶意\n'
} >"$T_DIR/plain.csv"
sd import requests "$T_DIR/plain.csv"
t_check "the request without escape sequences imports" rc_is 0
sd request list --format csv
R=$(grep -o '^[0-9]\{6\}-[0-9]\{4\}' "$T_DIR/out" | head -n 1)
"$SERVDESK" --db "$DB" request hand "$R" --to zhangwei >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger take "$R" >/dev/null 2>&1
"$SERVDESK" --db "$DB" ledger assign "$R" --engineer zhangwei >/dev/null 2>&1
sd ledger propose "$R" --mode phone --solution "$HM"
if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
	t_ok "a solution with escape sequences is refused"
else
	t_not_ok "a solution with escape sequences is refused" "rc=$RC"
fi
sd ledger propose "$R" --mode phone --solution 喷砂机调整
t_check "a plain solution is recorded" rc_is 0
sd complaint add --customer "$H1客户" --class quality --description 喷砂机 --request "$R"
if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
	t_ok "a complaint with escape sequences is refused"
else
	t_not_ok "a complaint with escape sequences is refused" "rc=$RC"
fi
sd complaint add --customer 恶意客户 --class quality --description 喷砂机 --request "$R"
t_check "a plain complaint is recorded" rc_is 0

# customers and parts refuse control characters, in one harmless line
sd customer add "$H1户"
if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
	t_ok "customer add refuses control characters with one harmless line"
else
	t_not_ok "customer add refuses control characters with one harmless line" "rc=$RC"
fi
sd stock part HX-1 --name "$H1" --unit 个
if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
	t_ok "stock part refuses control characters with one harmless line"
else
	t_not_ok "stock part refuses control characters with one harmless line" "rc=$RC"
fi
sd stock issue HX-1 1 --request "$R" "$H1"
t_check "an error line quoting an argument is harmless" clean "$T_DIR/err"

# and the bidirectional controls, naming the field; zero-width characters pass
sd customer add "${HB}户"
if rc_is 65 && err_one_line && clean "$T_DIR/err" &&
	grep -q 'must not contain text direction controls (U+202E at character 3)' "$T_DIR/err"; then
	t_ok "customer add refuses a right-to-left override"
else
	t_not_ok "customer add refuses a right-to-left override" "rc=$RC"
fi
sd customer add "${HZ}户" --address "$HZ" --contact "$HZ"
t_check "a customer with zero-width characters is added" rc_is 0
sd stock part HX-1 --name "${HZ}件" --spec "$HB" --unit 个
t_check "a part with a bidi control is refused" rc_is 65
sd stock part HX-1 --name "${HZ}件" --spec "$HZ" --unit 个
t_check "a part with zero-width characters is added" rc_is 0
"$SERVDESK" --db "$DB" stock receive HX-1 5 --cost 12.50 >/dev/null 2>&1
sd stock issue HX-1 1 --request "$R" --reason "$HZ"
t_check "the part is issued to the entry" rc_is 0
if [ "$HAVE_SQLITE3" = yes ]; then
	# data from elsewhere: escape sequences straight into the database
	sqlite3 "$DB" "UPDATE customer SET address = '$H1', contact = '$H1' WHERE name = '${HZ}户';
		UPDATE part SET spec = '$H1', location = '$H1' WHERE part_no = 'HX-1';
		UPDATE request SET customer = '${H1}客户', requester = '$H1' WHERE regno = '$R';
		UPDATE request_item SET text = CASE pos WHEN 1 THEN '$HM' ELSE '$H1' END
		WHERE request_id = (SELECT id FROM request WHERE regno = '$R');
		UPDATE ledger SET solution = '$HM'
		WHERE request_id = (SELECT id FROM request WHERE regno = '$R');
		UPDATE complaint SET customer = '${H1}客户', description = '$HM';" 2>"$T_DIR/err"
	t_check "escape sequences planted in a request, its solution, a complaint, a customer and a part" \
		[ ! -s "$T_DIR/err" ]
else
	t_skip "escape sequences planted in a request, its solution, a complaint, a customer and a part" "no sqlite3"
fi
sd stocktake start
t_check "a stocktake is started" rc_is 0

# ================================================================ text

text_out "request list" request list
text_out "request show" request show "$R"
text_out "ledger list" ledger list
text_out "ledger show" ledger show "$R"
text_out "ledger explain" ledger explain "$R"
text_out "complaint list" complaint list
text_out "customer list" customer list
text_out "customer show" customer show "${HZ}户"
text_out "stock list" stock list
text_out "stock show" stock show HX-1
text_out "stock history" stock history HX-1
text_out "stocktake sheet" stocktake sheet
sd stocktake sheet -o "$T_DIR/sheet.txt"
if rc_is 0 && clean "$T_DIR/sheet.txt" && shown "$T_DIR/sheet.txt"; then
	t_ok "stocktake sheet -o FILE: harmless (a sheet is for printing)"
else
	t_not_ok "stocktake sheet -o FILE: harmless (a sheet is for printing)" "rc=$RC"
fi

# ================================================================ data

csv_out "request list --format csv" request list --format csv
csv_out "ledger list --format csv" ledger list --format csv
csv_out "complaint list --format csv" complaint list --format csv
csv_out "export requests" export requests
sd export requests -o "$T_DIR/export.csv"
LC_ALL=C grep -F -q "$CLS$TITLE$CSI1" "$T_DIR/export.csv"
t_check "export requests -o FILE: the escape sequences byte for byte" [ $? -eq 0 ]
if [ "$HAVE_SQLITE3" = yes ]; then
	csv_out "export customers" export customers
	csv_out "export parts" export parts
fi
json_out "request list --format json" request list --format json
json_out "request show --format json" request show "$R" --format json
json_out "ledger list --format json" ledger list --format json
json_out "complaint list --format json" complaint list --format json
if [ "$HAVE_SQLITE3" = yes ]; then
	json_out "customer list --format json" customer list --format json
	json_out "stock show --format json" stock show HX-1 --format json
fi

# the round trip keeps the data: export, import elsewhere, export again
EXPORT=$T_DIR/export.csv
DB0=$DB
DIR0=$T_DIR
t_new
"$SERVDESK" --db "$DB" init >/dev/null 2>&1
sd import requests "$EXPORT"
if rc_is 65 && err_one_line && clean "$T_DIR/err" && grep -q 'export.csv: line 2, field ' "$T_DIR/err"; then
	t_ok "an export holding escape sequences is refused on import (file, line, field)"
else
	t_not_ok "an export holding escape sequences is refused on import (file, line, field)" "rc=$RC"
fi
sd request list --format csv
t_check "nothing of it is imported" [ "$(wc -l <"$T_DIR/out")" -eq 1 ]
DB=$DB0
T_DIR=$DIR0

# ================================================================ visits, staff, audit, reports

# a customer with a machine delivered in October: a phone follow-up and
# weekly visits
sd customer add 访客户
sd equipment add HX-EQ-1 --customer 访客户 --delivered 2026-10-31 --commissioned 2026-11-02
"$SERVDESK" --db "$DB" visit plan >/dev/null 2>&1
sd visit list --all --format csv
V1=$(sed -n 2p "$T_DIR/out" | cut -d, -f1)
V2=$(sed -n 3p "$T_DIR/out" | cut -d, -f1)
V3=$(sed -n 4p "$T_DIR/out" | cut -d, -f1)
V4=$(sed -n 5p "$T_DIR/out" | cut -d, -f1)
t_check "visits planned for the customer ($V1 $V2 $V3 $V4)" [ -n "$V4" ]
for a in "done $V1 --satisfaction 2 --note" "done $V1 --satisfaction 2 --comments" \
	"miss $V3 --note" "cancel $V2 --reason"; do
	# shellcheck disable=SC2086
	sd visit $a "$H1"
	if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
		t_ok "visit ${a%% *} refuses control characters (${a##* }) with one harmless line"
	else
		t_not_ok "visit ${a%% *} refuses control characters (${a##* }) with one harmless line" "rc=$RC"
	fi
done
sd staff add evil --name "$H1" --role engineer
if rc_is 65 && err_one_line && clean "$T_DIR/err"; then
	t_ok "staff add refuses escape sequences in the name with one harmless line"
else
	t_not_ok "staff add refuses escape sequences in the name with one harmless line" "rc=$RC"
fi
sd staff add evil --name 恶意 --role engineer
t_check "the engineer is added under a plain name" rc_is 0
sd visit done "$V1" --satisfaction 2 --note "${HB}结果"
t_check "a visit outcome with a bidi control is refused" rc_is 65
sd visit done "$V1" --satisfaction 2 --note "${HZ}结果" --comments "${HZ}意见"
t_check "a visit done with zero-width characters" rc_is 0
sd visit cancel "$V2" --reason "${HZ}取消"
t_check "a visit cancelled with zero-width characters" rc_is 0
sd visit miss "$V3" --note "${HZ}未接通"
t_check "a visit missed with zero-width characters" rc_is 0
sd visit assign "$V4" evil
t_check "a visit assigned to the engineer with the hostile name" rc_is 0
if [ "$HAVE_SQLITE3" = yes ]; then
	sqlite3 "$DB" "UPDATE visit SET outcome = '$HM', comments = '$H1' WHERE id = $V1;
		UPDATE visit SET cancel_reason = '$H1' WHERE id = $V2;
		UPDATE visit SET outcome = '$H1' WHERE id = $V3;
		UPDATE customer SET name = '${H1}访客' WHERE name = '访客户';
		UPDATE staff SET name = '$H1' WHERE login = 'evil';
		INSERT INTO audit (at, who, tbl, rowkey, action, old, new)
		VALUES ('2026-11-20 09:00', '$H1', 'visit', '$H1', '$H1',
		        '{\"outcome\":\"$HM\"}', '$HM');" 2>"$T_DIR/err"
	t_check "escape sequences planted in visits, their customer and an audit row" [ ! -s "$T_DIR/err" ]
	VC="${H1}访客"
else
	t_skip "escape sequences planted in visits, their customer and an audit row" "no sqlite3"
	VC=访客户
fi

text_out "visit list" visit list --all
text_out "visit list --status done" visit list --all --status done
text_out "visit show (done)" visit show "$V1"
text_out "visit show (cancelled)" visit show "$V2"
text_out "visit show (missed)" visit show "$V3"
text_out "visit show (assigned)" visit show "$V4"
text_out "staff list" staff list
text_out "audit" audit --limit 0
text_out "audit of the visits" audit --table visit --limit 0
text_out "report monthly" report monthly 2026-11
text_out "report monthly --width 132" report monthly 2026-11 --width 132
text_out "report customer" report customer "$H1客户" --year 2026
text_out "report customer --width 132" report customer "$H1客户" --year 2026 --width 132
if [ "$HAVE_SQLITE3" = yes ]; then
	text_out "report customer of the visits' customer" report customer "$VC" --year 2026
	csv_out "visit list --format csv" visit list --all --format csv
	csv_out "export visits" export visits
	csv_out "audit --format csv" audit --limit 0 --format csv
fi
csv_out "report monthly --format csv" report monthly 2026-11 --format csv
# the customer report's CSV names the customer (its bytes kept as data, as
# every CSV keeps them) and has the months
sd report customer "$H1客户" --year 2026 --format csv
if rc_is 0 && has_esc "$T_DIR/out" && shown "$T_DIR/out" && grep -q '^months,2026-11,1,' "$T_DIR/out"; then
	t_ok "report customer --format csv: the hostile customer's months"
else
	t_not_ok "report customer --format csv: the hostile customer's months" "rc=$RC"
fi
csv_out "staff list --format csv" staff list --format csv
sd report monthly 2026-11 -o "$T_DIR/monthly.txt"
if rc_is 0 && clean "$T_DIR/monthly.txt" && shown "$T_DIR/monthly.txt"; then
	t_ok "report monthly -o FILE: harmless (a report is for printing)"
else
	t_not_ok "report monthly -o FILE: harmless (a report is for printing)" "rc=$RC"
fi
json_out "report monthly --format json" report monthly 2026-11 --format json
json_out "report customer --format json" report customer "$H1客户" --year 2026 --format json
json_out "audit --format json" audit --limit 0 --format json
json_out "staff list --format json" staff list --format json
if [ "$HAVE_SQLITE3" = yes ]; then
	json_out "visit list --format json" visit list --all --format json
	json_out "visit show --format json" visit show "$V1" --format json
	json_out "visit show --format json (cancelled)" visit show "$V2" --format json
fi
tty_out "visit list --format csv" visit list --all --format csv
tty_out "export visits" export visits
tty_out "audit --format csv" audit --limit 0 --format csv
tty_out "audit --format json" audit --limit 0 --format json
tty_out "report monthly --format csv" report monthly 2026-11 --format csv
tty_out "report customer" report customer "$H1客户" --year 2026
tty_out "visit show" visit show "$V1"

# ================================================================ terminal

tty_out "request list --format csv" request list --format csv
tty_out "request list --format json" request list --format json
tty_out "export requests" export requests
if [ -n "$PTYRUN" ] && [ -x "$PTYRUN" ]; then
	"$PTYRUN" -s 200x50 -o "$T_DIR/tty" -- "$SERVDESK" --db "$DB" export requests \
		--encoding gb18030 >/dev/null 2>&1
	RC=$?
	if rc_is 0 && ! has_esc "$T_DIR/tty" && [ -s "$T_DIR/tty" ]; then
		t_ok "export requests --encoding gb18030 to a terminal: no escape"
	else
		t_not_ok "export requests --encoding gb18030 to a terminal: no escape" "rc=$RC"
	fi
fi
tty_out "complaint list --format csv" complaint list --format csv
tty_out "request show" request show "$R"
tty_out "ledger explain" ledger explain "$R"

sd check
t_check "servdesk check is clean" rc_is 0

t_done
