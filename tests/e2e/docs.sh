#!/bin/sh
# docs.sh — a monthly-summary-like document (tests/docdemo) as XLSX and PDF,
# read back with the tools people's machines have (TAP).
#
# XLSX (unzip): one sheet per section named from the Chinese headings; the
# title, site and facts on top of the first sheet; 昆山𠮷田精密机械有限公司 a
# string; counts and money numbers, money with the format 0.00, a missed
# share red with the mark after it; the header row frozen; two column
# charts over the right ranges.
#
# PDF (pdfinfo, pdftotext, pdffonts), in zh_CN with the catalogue built from
# po/zh_CN.po: two A4 pages, every page with the header (title, site) and
# the footer "第 i 页 共 2 页"; 𠮷 in the text (when a font has it); the
# customer table's head on both pages and no row cut; the fonts embedded;
# a longer document has more pages and says so on its first; a document
# marked landscape is A4 landscape. The time each takes is printed as a
# diagnostic line.
. "$top_srcdir/tests/e2e/lib.sh"

DOCDEMO=${DOCDEMO:-$(dirname "$SERVDESK")/../tests/docdemo}
T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-docs.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=$T_ROOT

for tool in unzip pdftotext pdfinfo pdffonts; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (unzip, poppler-utils)"
		exit 0
	fi
done

# the Chinese catalogue, as the program would find it installed
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
mkdir -p "$T_ROOT/mo/zh_CN/LC_MESSAGES"
msgfmt -o "$T_ROOT/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null || ZHLOC=
zh() {
	LC_ALL=${ZHLOC:-C.UTF-8} SERVDESK_LOCALEDIR="$T_ROOT/mo" "$@"
}

# ---------------------------------------------------------------- XLSX
X=$T_ROOT/demo.xlsx
if zh "$DOCDEMO" -t xlsx "$X" 2>"$T_ROOT/err" >"$T_ROOT/out"; then
	t_ok "docdemo writes an XLSX"
else
	t_not_ok "docdemo writes an XLSX"
fi
sed 's/^/# /' "$T_ROOT/err"
m() { unzip -p "$X" "$1" 2>/dev/null; }

t_check "the file is a ZIP holding a workbook" sh -c "unzip -l '$X' | grep -q 'xl/workbook.xml'"
m xl/workbook.xml >"$T_ROOT/wb.xml"
t_check "one sheet per section, named from the headings" \
	grep -q '<sheet name="1. 服务请求" sheetId="1".*<sheet name="2. 客户" sheetId="2".*<sheet name="3. 响应时间" sheetId="3".*<sheet name="4. 工程师" sheetId="4"' "$T_ROOT/wb.xml"
m xl/sharedStrings.xml >"$T_ROOT/sst.xml"
t_check "the title, site and facts are strings on the first sheet" \
	sh -c "grep -q '>月度汇总 2026-11</t>' '$T_ROOT/sst.xml' && grep -q '>苏州售后服务部</t>' '$T_ROOT/sst.xml' && grep -q '>重点客户</t>' '$T_ROOT/sst.xml'"
t_check "the customer with 𠮷 is a string" grep -q '>昆山𠮷田精密机械有限公司</t>' "$T_ROOT/sst.xml"
t_check "a column for machines only is left out" sh -c "! grep -q '>渠道代码</t>' '$T_ROOT/sst.xml' && ! grep -q '>phone</t>' '$T_ROOT/sst.xml'"
m xl/worksheets/sheet2.xml >"$T_ROOT/s2.xml"
# sheet 2: heading (row 1), blank, header (row 3), customers from row 4; B4 the count 14, C4 123.50 yuan
t_check "counts and money are numbers" \
	sh -c "grep -q '<c r=\"B4\" s=\"[0-9]*\"><v>14</v></c>' '$T_ROOT/s2.xml' && grep -q '<c r=\"C4\" s=\"[0-9]*\"><v>123.5</v></c>' '$T_ROOT/s2.xml'"
t_check "the customer's header row is frozen" grep -q '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>' "$T_ROOT/s2.xml"
m xl/styles.xml >"$T_ROOT/styles.xml"
t_check "money has the format 0.00, a missed share its mark" \
	sh -c "grep -q 'formatCode=\"0.00\"' '$T_ROOT/styles.xml' && grep -q 'formatCode=\"0.0%&quot; \*&quot;\"' '$T_ROOT/styles.xml' && grep -q 'FFFF0000' '$T_ROOT/styles.xml'"
m xl/charts/chart1.xml >"$T_ROOT/c1.xml"
m xl/charts/chart2.xml >"$T_ROOT/c2.xml"
t_check "the channel chart: bars of 受理 by 渠道" \
	sh -c "grep -q '<c:barDir val=\"col\"/>' '$T_ROOT/c1.xml' && grep -q \"<c:cat><c:strRef><c:f>'1. 服务请求'!\\\$A\\\$[0-9]*:\\\$A\\\$[0-9]*</c:f>\" '$T_ROOT/c1.xml' && grep -q '各渠道受理数' '$T_ROOT/c1.xml'"
t_check "the engineers' chart: bars of 关闭" grep -q "<c:val><c:numRef><c:f>'4. 工程师'!\$C\$4:\$C\$7</c:f>" "$T_ROOT/c2.xml"

# ---------------------------------------------------------------- PDF
P=$T_ROOT/demo.pdf
if zh "$DOCDEMO" -t pdf "$P" 2>"$T_ROOT/err" >"$T_ROOT/out"; then
	t_ok "docdemo writes a PDF"
else
	t_not_ok "docdemo writes a PDF"
fi
sed 's/^/# /' "$T_ROOT/err"
pdfinfo "$P" >"$T_ROOT/info" 2>&1
t_check "two A4 portrait pages" sh -c "grep -q '^Pages: *2$' '$T_ROOT/info' && grep -q '^Page size: *595.276 x 841.89 pts (A4)' '$T_ROOT/info'"
t_check "the title is the document's" grep -q '^Title: *月度汇总 2026-11$' "$T_ROOT/info"
pdftotext -raw "$P" "$T_ROOT/raw.txt"
if [ -n "$ZHLOC" ]; then
	t_check "the footer of every page: 第 i 页 共 2 页" \
		sh -c "grep -q '^第 1 页 共 2 页$' '$T_ROOT/raw.txt' && grep -q '^第 2 页 共 2 页$' '$T_ROOT/raw.txt'"
else
	t_skip "the footer of every page: 第 i 页 共 2 页" "no zh_CN.UTF-8 locale"
fi
# per page: the header on both, the customer table's head on both
ok=yes
for pg in 1 2; do
	pdftotext -raw -f $pg -l $pg "$P" "$T_ROOT/p$pg.txt"
	grep -q '^月度汇总 2026-11' "$T_ROOT/p$pg.txt" && grep -q '苏州售后服务部' "$T_ROOT/p$pg.txt" || ok="no header on page $pg"
	grep -q '^客户 受理 收费（元） 按时到场 最近来电$' "$T_ROOT/p$pg.txt" || ok="no table head on page $pg"
done
if [ "$ok" = yes ]; then t_ok "every page has the header and the table's head"; else t_not_ok "every page has the header and the table's head" "$ok"; fi
t_check "rows stay whole: 14 whole customer rows, the first on page 1, the last on page 2" \
	sh -c "[ \$(grep -cE ' [0-9]+ [0-9]+\.[0-9]{2} [0-9.]+%\*? (2026-11-[0-9]{2}|-)\$' '$T_ROOT/raw.txt') -eq 14 ] && grep -q '^昆山.*田精密机械有限公司 14 123.50 50.0%\* 2026-11-01$' '$T_ROOT/p1.txt' && grep -q '^吴江盛泽东方印染有限公司（第2分厂） 1 1728.35 100.0% 2026-11-14$' '$T_ROOT/p2.txt'"
t_check "numbers and marks as people read them" \
	sh -c "grep -q '^本月收费 12845.50$' '$T_ROOT/p1.txt' && grep -q '^按时响应 70.4%\*$' '$T_ROOT/p1.txt' && grep -q '^到场 12 22:33 42:46 83.3%\*$' '$T_ROOT/p2.txt'"
t_check "the charts' titles and value axes are drawn" \
	sh -c "grep -q '^各渠道受理数$' '$T_ROOT/p1.txt' && grep -q '^0 2 4 6 8 10$' '$T_ROOT/p1.txt' && grep -q '^关闭$' '$T_ROOT/p2.txt'"
if fc-list ':charset=20bb7' 2>/dev/null | grep -q .; then
	t_check "𠮷 is in the text" grep -q '昆山𠮷田精密机械有限公司' "$T_ROOT/raw.txt"
else
	t_skip "𠮷 is in the text" "no installed font has 𠮷 (fonts-noto-cjk)"
fi
pdffonts "$P" >"$T_ROOT/fonts" 2>&1
t_check "every font is embedded" sh -c "awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }' '$T_ROOT/fonts' && [ \$(wc -l <'$T_ROOT/fonts') -gt 2 ]"

P3=$T_ROOT/long.pdf
zh "$DOCDEMO" -t -n 120 pdf "$P3" 2>"$T_ROOT/err" >/dev/null
sed 's/^/# /' "$T_ROOT/err"
n=$(pdfinfo "$P3" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ -n "$ZHLOC" ] && [ "${n:-0}" -ge 4 ] && pdftotext -raw -f 1 -l 1 "$P3" - | grep -q "^第 1 页 共 $n 页$" &&
   pdftotext -raw -f "$n" -l "$n" "$P3" - | grep -q "^第 $n 页 共 $n 页$"; then
	t_ok "a longer document counts its pages on the first ($n)"
else
	t_not_ok "a longer document counts its pages on the first" "pages: $n"
fi
pdftotext -raw "$P3" "$T_ROOT/long.txt"
rows=$(grep -cE ' [0-9]+ [0-9]+\.[0-9]{2} [0-9.]+%\*? (2026-11-[0-9]{2}|-)$' "$T_ROOT/long.txt")
if [ "$rows" -eq 120 ]; then t_ok "its 120 customers are all there, once each"; else t_not_ok "its 120 customers are all there, once each" "rows: $rows"; fi

P4=$T_ROOT/wide.pdf
zh "$DOCDEMO" -l pdf "$P4" 2>"$T_ROOT/err" >/dev/null
t_check "a document marked landscape is A4 landscape" \
	sh -c "pdfinfo '$P4' | grep -q '^Page size: *841.89 x 595.276 pts (A4)'"

# ---------------------------------------------------------------- the media module
# The program itself links none of the page libraries: they come with the
# module, loaded when a page is drawn (and only then).
if command -v ldd >/dev/null 2>&1; then
	t_check "servdesk itself links no page library (cairo, pango, poppler, libtiff, chafa, xlsxwriter)" \
		sh -c "ldd '$SERVDESK' >'$T_ROOT/ldd' 2>&1 && ! grep -Eq 'libcairo|libpango|libpoppler|libtiff|libchafa|libxlsxwriter' '$T_ROOT/ldd'"
else
	t_skip "servdesk itself links no page library" "ldd is not installed"
fi
sd_init
mkdir "$T_DIR/nomodule"
SERVDESK_MODULE_DIR=$T_DIR/nomodule
export SERVDESK_MODULE_DIR
sd report monthly 2026-11 --format pdf -o "$T_DIR/r.pdf"
t_check "without its module a PDF is refused: 70, one line naming the module, no file" \
	sh -c "[ $RC -eq 70 ] && [ \"\$(wc -l <'$T_DIR/err')\" -eq 1 ] && grep -q 'nomodule/servdesk-media.so' '$T_DIR/err' && [ ! -e '$T_DIR/r.pdf' ]"
sd report monthly 2026-11
t_check "while the text report and every other command work without it" \
	sh -c "[ $RC -eq 0 ] && grep -q '2026-11' '$T_DIR/out'"
unset SERVDESK_MODULE_DIR

t_done
