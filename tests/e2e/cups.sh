#!/bin/sh
# cups.sh — a PDF rendered by servdesk printed through a real CUPS (TAP).
#
# Starts a cupsd of its own (its own configuration, spool and log under a
# temporary directory, listening only on its own socket, so it does not
# clash with a system one), adds a cups-pdf printer, points the setting
# print_command of the demo database at it, and prints November's monthly
# summary (昆山𠮷田精密机械有限公司 among its customers) with `servdesk report
# monthly 2026-11 --print`, which sends servdesk's own PDF. Waits for each
# job in the printer's output directory and reads it with pdfinfo and
# pdftotext: every page arrived (with CUPS's default renderer and with
# pdftocairo), and with pdftocairo, which keeps the text, the footers
# "第 i 页 共 n 页" and the last lines are in it, and 𠮷 is printed as the
# one glyph between 昆山 and 田 (Ghostscript, inside cups-pdf, drops the
# Unicode of characters outside the BMP, so pdftotext cannot name it there;
# the document sent has it).
#
# Needs root and the CUPS packages (cups cups-bsd cups-client cups-filters
# printer-driver-cups-pdf ghostscript, as dev.sh installs them); when these
# are missing or cupsd cannot start, the test says why and is skipped (TAP
# "1..0 # SKIP"). cups-pdf reads its settings only from /etc/cups: the
# printer's own file there (cups-pdf-NAME.conf, naming the output directory)
# is removed at the end, and cupsd is stopped, however the test ends.
. "$top_srcdir/tests/e2e/lib.sh"

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "needs root: starts a cupsd of its own"
for tool in cupsd lpadmin lpstat lpr gs pdfinfo pdftotext msgfmt; do
	command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	command -v "$tool" >/dev/null 2>&1 ||
		skip "$tool is not installed (cups cups-bsd cups-client cups-filters printer-driver-cups-pdf ghostscript poppler-utils)"
done
BACKEND=/usr/lib/cups/backend/cups-pdf
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -x "$BACKEND" ] || skip "no cups-pdf backend ($BACKEND: printer-driver-cups-pdf)"
[ -r "$PPD" ] || skip "no cups-pdf PPD ($PPD)"
[ -d /etc/cups ] || skip "no /etc/cups, where cups-pdf reads its settings"

NAME=servdesk$$
PDFCONF=/etc/cups/cups-pdf-$NAME.conf
CUPSD_PID=
T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-cups.XXXXXX") || exit 99
cleanup() {
	if [ -n "$CUPSD_PID" ]; then
		kill "$CUPSD_PID" 2>/dev/null
		wait "$CUPSD_PID" 2>/dev/null
	fi
	rm -f "$PDFCONF"
	rm -rf "$T_ROOT"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# cupsd runs its filters as lp: it must reach the spool below
chmod 755 "$T_ROOT"
C=$T_ROOT/cups
SOCK=$C/cups.sock
OUT=$T_ROOT/out
mkdir -p "$C/ppd" "$C/spool" "$C/cache" "$C/state" "$C/log" "$OUT"
chmod 755 "$C"

cat >"$C/cups-files.conf" <<EOF
ServerRoot $C
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
SystemGroup root
PeerCred on
EOF
cat >"$C/cupsd.conf" <<EOF
LogLevel info
Listen $SOCK
Browsing No
WebInterface No
DefaultAuthType Basic
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Accept-Jobs Enable-Printer>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
cat >"$PDFCONF" <<EOF
Out $OUT
Label 1
EOF

cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/cupsd.out" 2>&1 &
CUPSD_PID=$!
i=0
until lpstat -h "$SOCK" -r 2>/dev/null | grep -q 'is running'; do
	i=$((i + 1))
	if [ "$i" -gt 50 ] || ! kill -0 "$CUPSD_PID" 2>/dev/null; then
		why=$(cat "$C/log/cupsd.out" "$C/log/error_log" 2>/dev/null | grep -v '^ *$' | tail -n 3 | tr '\n' ' ')
		skip "cupsd could not start: ${why:-no answer on $SOCK in 10 s}"
	fi
	sleep 0.2
done
t_ok "a cupsd of its own answers on its socket"

if lpadmin -h "$SOCK" -p "$NAME" -v "cups-pdf:/$NAME" -P "$PPD" -E >"$T_ROOT/lpadmin.out" 2>&1 &&
   lpstat -h "$SOCK" -p "$NAME" 2>/dev/null | grep -q enabled; then
	t_ok "the PDF printer is added and enabled"
else
	t_not_ok "the PDF printer is added and enabled" "$(cat "$T_ROOT/lpadmin.out")"
fi

# the demo database (昆山𠮷田精密机械有限公司 among November's customers),
# whose print command is this printer
t_new
export SERVDESK_NOW='2026-12-07 09:00'
"$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1
sd setting set print_command "lpr -H '$SOCK' -P $NAME -T servdesk-cups-test"
t_check "print_command names the printer" rc_is 0

# the demo document in Chinese (the catalogue built from po/zh_CN.po)
ZHLOC=$(locale -a 2>/dev/null | grep -i -m1 '^zh_CN\.utf-\?8$')
mkdir -p "$T_ROOT/mo/zh_CN/LC_MESSAGES"
msgfmt -o "$T_ROOT/mo/zh_CN/LC_MESSAGES/servdesk.mo" "$top_srcdir/po/zh_CN.po" 2>/dev/null || ZHLOC=
LC_ALL=${ZHLOC:-C.UTF-8} SERVDESK_LOCALEDIR="$T_ROOT/mo" "$SERVDESK" --db "$DB" \
	report monthly 2026-11 --format pdf -o "$T_ROOT/sent.pdf" 2>"$T_DIR/err"
sent_pages=$(pdfinfo "$T_ROOT/sent.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
# print_job N: print November's summary as the supervisor does; the job's PDF in $got
print_job() {
	got=
	if LC_ALL=${ZHLOC:-C.UTF-8} SERVDESK_LOCALEDIR="$T_ROOT/mo" "$SERVDESK" --db "$DB" \
		report monthly 2026-11 --print >"$T_DIR/out" 2>"$T_DIR/err"; then
		t_ok "job $1: report monthly --print sends the summary to the print command"
	else
		t_not_ok "job $1: report monthly --print sends the summary to the print command"
		return 0
	fi
	# the job ends (no job is left that is not completed) and lands in the output directory
	i=0
	while [ "$i" -lt 240 ]; do
		[ -z "$(lpstat -h "$SOCK" -W not-completed -o "$NAME" 2>/dev/null)" ] && break
		i=$((i + 1))
		sleep 0.25
	done
	state=$(lpstat -h "$SOCK" -l -p "$NAME" 2>/dev/null | tr '\n' ' ')
	case $state in
	*"Filter failed"*)
		t_not_ok "job $1 is printed without errors" "$state" \
			"$(grep -v '^[DI] ' "$C/log/error_log" 2>/dev/null | tail -n 3)" ;;
	*) t_ok "job $1 is printed without errors" ;;
	esac
	for f in "$OUT"/*job_"$1".pdf; do
		[ -f "$f" ] && got=$f
	done
	if [ -n "$got" ]; then
		t_ok "job $1 arrived as a PDF"
	else
		t_not_ok "job $1 arrived as a PDF" "nothing in $OUT after 60 s" "$(ls "$OUT")" \
			"$(tail -n 5 "$C/log/error_log" 2>/dev/null)"
	fi
	got_pages=$(pdfinfo "$got" 2>/dev/null | sed -n 's/^Pages: *//p')
	if [ -n "$got_pages" ] && [ "$got_pages" = "$sent_pages" ] && [ "$sent_pages" -ge 2 ]; then
		t_ok "job $1: every page arrived ($got_pages of $sent_pages)"
	else
		t_not_ok "job $1: every page arrived" "sent $sent_pages, printed ${got_pages:-none}"
	fi
}

# With CUPS's default PDF-to-PostScript renderer (Ghostscript) the pages
# print right, but the Chinese text comes back as Type 3 glyphs that
# pdftotext cannot read: the first job checks the pages only.
print_job 1

# With pdftocairo as the printer's renderer the text survives the trip
# through PostScript: the second job is read back.
lpadmin -h "$SOCK" -p "$NAME" -o pdftops-renderer-default=pdftocairo >/dev/null 2>&1
print_job 2
pdftotext -raw "$got" "$T_ROOT/got.txt" 2>/dev/null
pdftotext -raw "$T_ROOT/sent.pdf" "$T_ROOT/sent.txt" 2>/dev/null
if fc-list ':charset=20bb7' 2>/dev/null | grep -q .; then
	t_check "the document sent has 𠮷 in its text" grep -q '^昆山𠮷田精密机械有限公司 ' "$T_ROOT/sent.txt"
	# Ghostscript's pdfwrite (which cups-pdf runs) keeps the glyph but drops
	# the Unicode of a character outside the BMP: pdftotext reads one
	# unnamed character there. A missing glyph would be a box with its
	# code in hex (several characters); a job cut at 𠮷 would lack the rest.
	t_check "𠮷 is printed: one glyph between 昆山 and 田" \
		grep -q '^昆山.田精密机械有限公司 [0-9]' "$T_ROOT/got.txt"
else
	t_skip "𠮷 is printed" "no installed font has 𠮷 (fonts-noto-cjk)"
fi
if [ -n "$ZHLOC" ]; then
	t_check "the first and the last page's footers are in it" \
		sh -c "grep -q '^第 1 页 共 $sent_pages 页$' '$T_ROOT/got.txt' &&
		       grep -q '^第 $sent_pages 页 共 $sent_pages 页$' '$T_ROOT/got.txt'"
else
	t_skip "both pages' footers are in it" "no zh_CN.UTF-8 locale"
fi
# every line of text of the document sent (the summary's last section
# included) is in what was printed
t_check "the printed summary holds every line sent, to the last" \
	sh -c "tail -n 3 '$T_ROOT/sent.txt' | grep -v '^ *\$' | grep -v '𠮷' | while IFS= read -r l; do
		grep -qxF \"\$l\" '$T_ROOT/got.txt' || exit 1; done"

t_done
