#!/bin/sh
# report.sh — end-to-end tests of `servdesk report` (TAP): the monthly
# summary of the demonstration data plus parts issued and returned and a
# complaint, compared byte for byte with the golden reports in tests/golden
# (80 and 132 columns, UTF-8 and GB18030), the JSON figures field by field,
# CSV sections, the same report after records were added and entries
# reassigned in a later month,
# the customer's year, -o FILE and --print (a failing print command: 74),
# usage errors (64) and a person not on the staff list (77).
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.
# SERVDESK_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-report.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=
GOLDEN=$top_srcdir/tests/golden

# golden NAME FILE: FILE equals tests/golden/NAME byte for byte.
golden() {
	if [ "${SERVDESK_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$2" "$GOLDEN/$1"
	fi
	if cmp -s "$2" "$GOLDEN/$1"; then
		t_ok "report matches the golden $1"
	else
		t_not_ok "report matches the golden $1" "$(diff "$GOLDEN/$1" "$2" 2>&1 | head -n 10)"
	fi
}

# jnum FILE PATH...: the number after "key": for the nested keys given
# (each key looked for after the previous one).
jnum() {
	_f=$1
	shift
	_s=$(cat "$_f")
	for _k in "$@"; do
		_s=${_s#*\"$_k\":}
	done
	printf '%s\n' "$_s" | sed 's/^\([-0-9.]*\).*/\1/'
}

# jrow FILE KEY VALUE: the JSON of FILE from the row whose KEY is the string
# VALUE on ("clock":"respond", ...), for jnum to read its members.
jrow() {
	sed "s/.*\"$2\":\"$3\",//" "$1"
}

# line_widths FILE: the display width of each line (CJK and 4-byte
# characters 2 cells, form feeds not counted), as display_col counts.
line_widths() {
	LC_ALL=C awk '
	BEGIN { for (i = 128; i < 256; i++) ord[sprintf("%c", i)] = i }
	{
		gsub(/\f/, "")
		w = 0
		for (i = 1; i <= length($0); i++) {
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

# ================================================================ the data
sd_init
SERVDESK_NOW='2026-11-20 10:00' "$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1
# open_entries AWK-CONDITION: the open ledger entries (regno, state, engineer) the condition keeps
open_entries() {
	"$SERVDESK" --db "$DB" ledger list --open --format csv 2>/dev/null | tr -d '\r' |
		awk -F, "\$1 ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]\$/ && ($1) { print \$1 }"
}
# the parts below go to October's entries still open (the first two)
OCT1=$(open_entries '$1 ~ /^202610-/' | sed -n 1p)
OCT2=$(open_entries '$1 ~ /^202610-/' | sed -n 2p)
[ -n "$OCT2" ] || OCT2=$OCT1
export SERVDESK_NOW='2026-10-15 09:00'
"$SERVDESK" --db "$DB" stock part BRG-6205 --name 深沟球轴承 --spec 6205-2RS \
	--reorder-point 5 --reorder-qty 20 >/dev/null 2>&1
"$SERVDESK" --db "$DB" stock receive BRG-6205 12 --cost 25.50 >/dev/null 2>&1
SERVDESK_NOW='2026-10-16 10:00' "$SERVDESK" --db "$DB" stock issue BRG-6205 5 \
	--request "$OCT1" >/dev/null 2>&1
SERVDESK_NOW='2026-10-17 11:00' "$SERVDESK" --db "$DB" stock return BRG-6205 1 \
	--request "$OCT1" >/dev/null 2>&1
SERVDESK_NOW='2026-10-20 15:00' "$SERVDESK" --db "$DB" complaint add --customer 苏州电气集团有限公司 \
	--class quality --description 轴承使用一周即异响 >/dev/null 2>&1
export SERVDESK_NOW='2026-11-20 10:00'

# ================================================================ text
sd report monthly 2026-10
cp "$T_DIR/out" "$T_DIR/m80.txt"
t_check "report monthly: exit 0" rc_is 0
golden monthly-2026-10-80.txt "$T_DIR/m80.txt"
sd report monthly 2026-10 --width 132
cp "$T_DIR/out" "$T_DIR/m132.txt"
golden monthly-2026-10-132.txt "$T_DIR/m132.txt"
sd report monthly 2026-10 --encoding gb18030
cp "$T_DIR/out" "$T_DIR/m80.gb"
golden monthly-2026-10-80.gb18030.txt "$T_DIR/m80.gb"
sd report monthly 2026-10 --width 132 --encoding gb18030 -o "$T_DIR/m132.gb"
t_check "-o FILE: nothing on standard output" test ! -s "$T_DIR/out"
golden monthly-2026-10-132.gb18030.txt "$T_DIR/m132.gb"
t_check "GB18030 text: 苏 is CB D5" has_bytes "$T_DIR/m80.gb" '\313\325'

# pages: every page has the same number of lines, footers "page i of n"
pages=$(tr -cd '\f' <"$T_DIR/m80.txt" | wc -c)
pages=$((pages + 1))
if [ "$(grep -c "page [0-9]* of $pages\$" "$T_DIR/m80.txt")" -eq "$pages" ] &&
   [ "$(wc -l <"$T_DIR/m80.txt")" -eq $((pages * 66)) ]; then
	t_ok "text: $pages pages of 66 lines with 'page i of n' footers"
else
	t_not_ok "text: $pages pages of 66 lines with 'page i of n' footers"
fi
max_w=$(line_widths "$T_DIR/m80.txt" | sort -n | tail -n 1)
t_check "text: no line wider than 80 cells ($max_w)" test "$max_w" -le 80
max_w=$(line_widths "$T_DIR/m132.txt" | sort -n | tail -n 1)
t_check "text at 132: lines up to 132 cells, some wider than 80 ($max_w)" \
	test "$max_w" -le 132 -a "$max_w" -gt 80
# the Received column ends at the same display column for CJK and ASCII names
w1=$(grep "常熟市第二中学" "$T_DIR/m80.txt" | head -n 1 | line_widths /dev/stdin)
w2=$(grep "other customers" "$T_DIR/m80.txt" | head -n 1 | line_widths /dev/stdin)
if [ -n "$w1" ] && [ "$w1" = "$w2" ]; then
	t_ok "text: columns aligned by display width (CJK = 2 cells)"
else
	t_not_ok "text: columns aligned by display width (CJK = 2 cells)" "$w1 != $w2"
fi

# ================================================================ JSON
sd report monthly 2026-10 --format json
cp "$T_DIR/out" "$T_DIR/m.json"
# demo figures of October 2026 (see the golden text) and the movements above:
# the demonstration's 28 parts issued to its entries (20042.93) and 5 issued,
# 1 returned at 25.50: consumed 28 + 4, 20042.93 + 102.00 = 20144.93; on hand
# at the month's end the demonstration's 197 and 12 - 5 + 1 = 8 (204.00),
# none at or below its reorder point then; the demonstration's complaint of
# the month and the one above over 31 requests
ok=1
for pair in "requests received:31" "requests voided:1" "requests closed:25" \
	"requests carried_over:17" "parts issued:33" "parts returned:1" "parts consumed:32" \
	"parts cost_fen:2014493" "parts stock_qty:205" "parts stock_value_fen:9765872" \
	"parts low_count:0" "complaints rate n:2" "complaints rate d:31"; do
	k=${pair%%:*}
	v=${pair#*:}
	# shellcheck disable=SC2086
	got=$(jnum "$T_DIR/m.json" $k)
	if [ "$got" != "$v" ]; then
		ok=0
		echo "# $k: expected $v, got $got"
	fi
done
jrow "$T_DIR/m.json" clock respond >"$T_DIR/respond.json"
[ "$(jnum "$T_DIR/respond.json" entries)" = 29 ] || { ok=0; echo "# respond entries"; }
# P2 answers within 2 h round the clock (the seeds), so one answered after a weekend is late
[ "$(jnum "$T_DIR/respond.json" within n)" = 24 ] || { ok=0; echo "# respond met"; }
[ "$(jnum "$T_DIR/respond.json" within d)" = 29 ] || { ok=0; echo "# respond with a commitment"; }
grep -q '"within_missed":true,' "$T_DIR/respond.json" || { ok=0; echo "# respond missed"; }
if [ $ok = 1 ]; then t_ok "json: figures field by field"; else t_not_ok "json: figures field by field"; fi
if command -v python3 >/dev/null 2>&1; then
	t_check "json: valid JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T_DIR/m.json"
else
	t_skip "json: valid JSON" "python3 not installed"
fi

# ================================================================ CSV
sd report monthly 2026-10 --format csv --encoding gb18030
t_check "csv: sections with header lines" \
	sh -c "grep -q '^section,figure,value' '$T_DIR/out' && grep -q '^section,channel,received' '$T_DIR/out' && grep -q '^requests,received,31' '$T_DIR/out' && grep -q '^by_channel,phone,12' '$T_DIR/out'"
t_check "csv in GB18030: 苏 is CB D5" has_bytes "$T_DIR/out" '\313\325'

# ================================================================ reproducible
SERVDESK_NOW='2026-11-21 09:00' add_req --received '2026-11-21 09:00' >/dev/null 2>&1
SERVDESK_NOW='2026-11-21 10:00' "$SERVDESK" --db "$DB" stock issue BRG-6205 2 \
	--request "$OCT2" >/dev/null 2>&1
SERVDESK_NOW='2026-11-21 11:00' "$SERVDESK" --db "$DB" complaint add --customer 苏州电气集团有限公司 \
	--class other --description 发票未按时寄出 >/dev/null 2>&1
SERVDESK_NOW='2026-12-02 09:00' sd report monthly 2026-10
t_check "the October report is unchanged after November's records" cmp -s "$T_DIR/out" "$T_DIR/m80.txt"
SERVDESK_NOW='2026-12-02 09:00' sd report monthly 2026-11 --format json
t_check "November: the new issue counted (2, and the demonstration's 21: its entries', its repair's and its exchange's)" test "$(jnum "$T_DIR/out" parts issued)" = 23
cp "$T_DIR/out" "$T_DIR/nov-before.json"
# entries reassigned in December: November still credits the engineers of the time
NOV1=$(open_entries '$1 ~ /^202611-/ && $2 != "awaiting" && $6 != "sunhao"' | sed -n 1p)
NOV2=$(open_entries '$1 ~ /^202611-/ && $2 != "awaiting" && $6 != "zhangwei"' | grep -vx "$NOV1" | sed -n 1p)
SERVDESK_NOW='2026-12-03 09:00' "$SERVDESK" --db "$DB" ledger assign "$NOV1" \
	--engineer sunhao >/dev/null 2>&1
SERVDESK_NOW='2026-12-03 09:10' "$SERVDESK" --db "$DB" ledger assign "$NOV2" \
	--engineer zhangwei >/dev/null 2>&1
SERVDESK_NOW='2026-12-04 09:00' sd report monthly 2026-11 --format json
t_check "November's figures (engineers too) unchanged after December's reassignments" \
	cmp -s "$T_DIR/out" "$T_DIR/nov-before.json"
SERVDESK_NOW='2026-12-04 09:00' sd report monthly 2026-12 --format json
eng=$(sed 's/.*"by_engineer":\[\([^]]*\)\].*/\1/' "$T_DIR/out")
t_check "December: the reassigned entries are handled by sunhao and zhangwei" \
	sh -c "printf '%s' '$eng' | grep -q '\"login\":\"sunhao\",\"name\":\"[^\"]*\",\"handled\":1,' &&
	       printf '%s' '$eng' | grep -q '\"login\":\"zhangwei\",\"name\":\"[^\"]*\",\"handled\":1,'"

# ================================================================ customer
sd report customer 苏州电气集团有限公司 --year 2026
t_check "report customer: exit 0, 12 months and a total" \
	sh -c "[ $RC -eq 0 ] && [ \$(grep -c '^2026-[01][0-9] ' '$T_DIR/out') -eq 12 ] && grep -q '^Total ' '$T_DIR/out'"
golden customer-2026-80.txt "$T_DIR/out"
sd report customer 苏州电气集团有限公司 --year 2026 --format json
t_check "report customer json: 12 months" test "$(grep -o '"received":' "$T_DIR/out" | wc -l)" -eq 13
sd report customer 苏州电气集团有限公司 --year 2026 --format csv
# the golden's total line: 3 received, 3 closed, visits 0 of 4 (survey, key-customer visit, the contract's two quarterly visits), 95.00 billed (a sensor issued)
t_cust_csv() {
	tr -d '\r' <"$T_DIR/out" | awk -F, '
		$1 == "section" && $2 == "month" { head = 1; if ($7 != "visits_planned") bad = 1 }
		$1 == "months" { months++ }
		$1 == "document" && $2 == "year" && $3 != "2026" { bad = 1 }
		$1 == "total" { v[$2] = $3 }
		END { if (v["received"] != 3 || v["closed"] != 3 || v["visits_planned"] != 4 ||
		          v["visits_done"] != "0" || v["billed"] != "95.00") bad = 1
		      exit !(head && months == 12 && !bad) }'
}
t_check "report customer csv: 12 months and a total, numbers only" t_cust_csv
sd report customer 无此客户 --year 2026
t_check "report customer: unknown customer 65, one line" sh -c "[ $RC -eq 65 ] && [ \$(wc -l <'$T_DIR/err') -eq 1 ]"

# ================================================================ errors
sd report monthly 2026-13
t_check "invalid month: 64" rc_is 64
sd report monthly 2026-10 --width 100
t_check "invalid width: 64" rc_is 64
sd report monthly 2026-10 --format json --encoding gb18030
t_check "json in gb18030 refused: 64" rc_is 64
sd report monthly 2026-10 -o "$T_DIR/x" --print
t_check "-o and --print exclude each other: 64" rc_is 64
sd report customer 苏州电气集团有限公司
t_check "customer without --year: 64" rc_is 64
SERVDESK_USER=nobody sd report monthly 2026-10
t_check "not on the staff list: 77" rc_is 77
sd report monthly 2026-10 -o /dev/full
t_check "disk full (/dev/full): 74, one line" sh -c "[ $RC -eq 74 ] && [ \$(wc -l <'$T_DIR/err') -eq 1 ]"
sd report monthly 2026-10 -o "$T_DIR/nodir/x.txt"
t_check "unwritable -o: 74" rc_is 74
sd report monthly 2026-10 --format doc
t_check "unknown format: 64" rc_is 64
for f in xlsx pdf; do
	sd report monthly 2026-10 --format $f
	t_check "--format $f without -o or --print: 64, one line, nothing written" \
		sh -c "[ $RC -eq 64 ] && [ \$(wc -l <'$T_DIR/err') -eq 1 ] && [ ! -s '$T_DIR/out' ]"
	sd report customer 苏州电气集团有限公司 --year 2026 --format $f --encoding gb18030 -o "$T_DIR/c.$f"
	t_check "--format $f --encoding gb18030: 64" rc_is 64
	# a build with the writer makes the file; one without says so and leaves none
	sd report monthly 2026-10 --format $f -o "$T_DIR/m.$f"
	if [ $f = pdf ]; then magic=%PDF-; else magic=PK; fi
	t_binary "--format $f -o FILE" "$T_DIR/m.$f" "$magic"
done

# ================================================================ printing
if ! command -v sqlite3 >/dev/null 2>&1; then
	t_skip "--print sends the report to the print command" "sqlite3 not installed"
	t_skip "a failing print command gives 74 with one line" "sqlite3 not installed"
else
	{
		echo '#!/bin/sh'
		echo "cat > \"$T_DIR/printed\""
	} >"$T_DIR/lp.sh"
	chmod +x "$T_DIR/lp.sh"
	sqlite3 "$DB" "INSERT INTO setting(key,value) VALUES('print_command', '$T_DIR/lp.sh')"
	sd report monthly 2026-10 --print --format text
	if rc_is 0 && [ ! -s "$T_DIR/out" ] && cmp -s "$T_DIR/printed" "$T_DIR/m80.txt"; then
		t_ok "--print --format text sends the paginated text to the print command"
	else
		t_not_ok "--print --format text sends the paginated text to the print command" "rc=$RC"
	fi
	# without --format the printer gets a PDF (a build without the PDF writer says so in one line)
	rm -f "$T_DIR/printed"
	sd report monthly 2026-10 --print
	t_binary "--print alone sends a PDF" "$T_DIR/printed" %PDF-
	sqlite3 "$DB" "UPDATE setting SET value = 'false' WHERE key = 'print_command'"
	sd report monthly 2026-10 --print --format text
	if rc_is 74 && err_one_line && grep -q "false" "$T_DIR/err"; then
		t_ok "a failing print command gives 74 with one line naming it"
	else
		t_not_ok "a failing print command gives 74 with one line naming it" "rc=$RC"
	fi
fi

t_done
