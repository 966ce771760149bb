#!/bin/sh
# inbox.sh — the fax inbox end to end (TAP), on real files made here with
# libtiff-tools (ppm2tiff, tiffcp, tiffset) and servdesk's own PDF: inbox
# list finds a multi-page fax with its pages and sender (the TIFF's
# ImageDescription, as HylaFAX writes it) and a scanned PDF with its pages;
# a rescan never duplicates; inbox register creates a fax request with the
# item's pages and time, keeps the original (request show lists its pages
# and SHA-256) and removes the file from the inbox; discard needs a reason
# and keeps the original; request attach adds any file later; check
# verifies the originals and names a changed or missing one; backup and
# restore carry the originals; the monthly report counts the faxes. A kill
# -9 between the copy and the commit, and between the commit and the
# removal, leaves either the waiting item or the request with its
# attachment, never both, never neither.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

for tool in ppm2tiff tiffcp tiffset; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (libtiff-tools)"
		exit 0
	fi
done

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-inbox.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

# fax FILE PAGES [SENDER]: a PAGES-page TIFF fax, each page different.
fax() {
	_f=$1
	_n=$2
	_pages=""
	_i=1
	while [ "$_i" -le "$_n" ]; do
		{ printf 'P6\n48 24\n255\n'; head -c $((48 * 24 * 3)) /dev/urandom; } >"$T_ROOT/p$_i.ppm"
		ppm2tiff "$T_ROOT/p$_i.ppm" "$T_ROOT/p$_i.tif" 2>/dev/null
		_pages="$_pages $T_ROOT/p$_i.tif"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086
	tiffcp $_pages "$_f" 2>/dev/null
	[ -n "${3:-}" ] && tiffset -s 270 "$3" "$_f" 2>/dev/null
	touch -d '2026-11-20 08:15' "$_f"
}

sha() {
	sha256sum "$1" | cut -c1-64
}

csv_field() {   # csv_field N: the Nth field of the second line of $T_DIR/out
	sed -n 2p "$T_DIR/out" | cut -d, -f"$1"
}

REQ="--customer 江苏驰耐特防腐科技有限公司 --requester 吴振华 --phone 0512-58639752 --item 喷砂机不出砂"

# ---------------------------------------------------------------- list

sd_init
IN=$T_DIR/in
mkdir "$IN"
sd inbox list
t_check "inbox list without inbox_dir: exit 0, nothing waiting" [ "$RC" -eq 0 -a "$(wc -l <"$T_DIR/out")" -le 1 ]
sd setting set inbox_dir "$IN:$T_DIR/scans"
t_check "setting inbox_dir: two directories" rc_is 0
sd setting set inbox_dir relative/dir
t_check "setting inbox_dir: a relative directory refused (65)" rc_is 65

fax "$IN/fax000001.tif" 3 "+86 512 5863 9752"
FAXHASH=$(sha "$IN/fax000001.tif")
sd report monthly 2026-10 --format pdf -o "$T_ROOT/scan.pdf"
mkdir "$T_DIR/scans"
cp "$T_ROOT/scan.pdf" "$T_DIR/scans/scan-0001.pdf"
touch -d '2026-11-20 09:05' "$T_DIR/scans/scan-0001.pdf"
PDFPAGES=$(pdfinfo "$T_ROOT/scan.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
printf 'not a fax\n' >"$IN/notes.txt"
sd inbox list --format csv
t_check "inbox list: two items (the text file is not one)" [ "$RC" -eq 0 -a "$(wc -l <"$T_DIR/out")" -eq 3 ]
t_check "inbox list: the fax with its 3 pages and the sender from the TIFF tag" \
	grep -q "^1,2026-11-20 08:15,3,+86 512 5863 9752,fax000001.tif,image/tiff,.*,new,,,$FAXHASH," "$T_DIR/out"
t_check "inbox list: the PDF scan with its pages" \
	grep -q "^2,.*,${PDFPAGES:-x},,scan-0001.pdf,application/pdf," "$T_DIR/out"
sd inbox list --format csv
t_check "inbox list again: a rescan adds nothing" [ "$(wc -l <"$T_DIR/out")" -eq 3 ]
cp "$IN/fax000001.tif" "$IN/copy-of-fax.tif"
sd inbox list --format csv
t_check "inbox list: the same fax under another name is the same item" [ "$(wc -l <"$T_DIR/out")" -eq 3 ]
rm "$IN/copy-of-fax.tif"

# ---------------------------------------------------------------- register

# shellcheck disable=SC2086
sd inbox register 1 $REQ
REGNO=$(cat "$T_DIR/out")
t_check "inbox register: exit 0, the register number printed" [ "$RC" -eq 0 -a "$REGNO" = 202611-0001 ]
t_check "inbox register: the file left the inbox" [ ! -e "$IN/fax000001.tif" ]
sd request show "$REGNO" --format json
t_check "the request: channel fax, 3 pages, received when the fax arrived" \
	grep -q '"received_at":"2026-11-20 08:15","channel":"fax","fax_pages":3,' "$T_DIR/out"
t_check "the request: the original attached with its pages and hash" \
	grep -q "\"attachments\":\[{\"name\":\"fax000001.tif\",\"mime\":\"image/tiff\",\"pages\":3,.*\"sha256\":\"$FAXHASH\"" "$T_DIR/out"
sd request show "$REGNO"
t_check "request show: the attachment's pages and SHA-256" grep -q "SHA-256 $FAXHASH" "$T_DIR/out"
STORED=$DB.files/$(echo "$FAXHASH" | cut -c1-2)/$FAXHASH
t_check "the original is in the store, byte for byte" [ "$(sha "$STORED")" = "$FAXHASH" ]
t_check "the stored original is readable by owner and group only" \
	[ "$(stat -c %a "$STORED")" = 660 -o "$(stat -c %a "$STORED")" = 640 -o "$(stat -c %a "$STORED")" = 600 ]
sd inbox register 1 $REQ
t_check "inbox register: an item registered already is refused (65)" [ "$RC" -eq 65 ] && err_one_line
sd audit --table inbox_item --format csv
t_check "inbox register: audited" grep -q ',tester,inbox_item,1,register,' "$T_DIR/out"

# shellcheck disable=SC2086
sd inbox register 2 --customer 江苏驰耐特防腐科技有限公司 --requester 吴振华 --phone 0512-58639752
t_check "inbox register without an item: refused (65), one line naming the field" \
	[ "$RC" -eq 65 -a -e "$T_DIR/scans/scan-0001.pdf" ]
sd inbox list --format csv
t_check "... and the scan still waits" grep -q '^2,.*,new,' "$T_DIR/out"

# ---------------------------------------------------------------- discard

sd inbox discard 2
t_check "inbox discard without a reason: usage error (64)" rc_is 64
sd inbox discard "$T_DIR/scans/scan-0001.pdf" --reason 广告传真
t_check "inbox discard FILE --reason: exit 0, the file left the inbox" \
	[ "$RC" -eq 0 -a ! -e "$T_DIR/scans/scan-0001.pdf" ]
sd inbox list --all --format csv
t_check "inbox list --all: registered with its request, discarded with its reason" \
	[ "$(grep -c ',registered,202611-0001,' "$T_DIR/out")" -eq 1 -a "$(grep -c ',discarded,,广告传真,' "$T_DIR/out")" -eq 1 ]
sd inbox list --format csv
t_check "inbox list: nothing waits" [ "$(wc -l <"$T_DIR/out")" -eq 1 ]

# ---------------------------------------------------------------- attach

cp "$T_ROOT/scan.pdf" "$T_ROOT/letter.pdf"
sd request attach "$REGNO" "$T_ROOT/letter.pdf"
t_check "request attach: exit 0, the file left where it was" [ "$RC" -eq 0 -a -e "$T_ROOT/letter.pdf" ]
sd request attach "$REGNO" "$T_ROOT/letter.pdf"
t_check "request attach the same file again: refused (65)" [ "$RC" -eq 65 ] && err_one_line
sd request attach "$REGNO" "$IN/notes.txt"
t_check "request attach a text file: refused (65)" [ "$RC" -eq 65 ] && err_one_line
sd request attach 202611-0099 "$T_ROOT/letter.pdf"
t_check "request attach to no such request: refused (65)" rc_is 65
sd request show "$REGNO" --format json
t_check "request show: two attachments" [ "$(grep -o '"sha256"' "$T_DIR/out" | wc -l)" -eq 2 ]

# ---------------------------------------------------------------- report

sd report monthly 2026-11 --format json
t_check "report monthly: 2 faxes received, 1 registered, 1 discarded" \
	grep -q '"fax_inbox":{"fax_received":2,"fax_registered":1,"fax_discarded":1,"fax_waiting":0}' "$T_DIR/out"

# ---------------------------------------------------------------- check, backup, restore

sd check
t_check "check: the originals are intact" rc_is 0
sd backup "$T_ROOT/bk"
t_check "backup: exit 0" rc_is 0
t_check "backup: a directory with the database and the originals" \
	[ -f "$T_ROOT/bk/servdesk.db" -a "$(sha "$T_ROOT/bk/files/$(echo "$FAXHASH" | cut -c1-2)/$FAXHASH")" = "$FAXHASH" ]
chmod u+w "$STORED"
printf 'x' >>"$STORED"
sd check
t_check "check: a changed original is reported (exit 1) by its request" \
	[ "$RC" -eq 1 ] && grep -q "$REGNO" "$T_DIR/out" && grep -q "$FAXHASH" "$T_DIR/out"
rm -f "$STORED"
sd check
t_check "check: a missing original is reported (exit 1)" [ "$RC" -eq 1 ] && grep -q "$FAXHASH" "$T_DIR/out"
sd restore "$T_ROOT/bk"
t_check "restore from the backup directory: exit 0" rc_is 0
sd check
t_check "after restore: the original is back and intact" [ "$RC" -eq 0 -a "$(sha "$STORED")" = "$FAXHASH" ]

# ---------------------------------------------------------------- kill between copy, commit and removal

# kill_at STEP: register with the program stopped at STEP, then kill -9 it.
kill_at() {
	SERVDESK_INBOX_STOP=$1 "$SERVDESK" --db "$DB" inbox register 1 $REQ >"$T_DIR/out" 2>"$T_DIR/err" &
	_pid=$!
	_i=0
	while [ "$_i" -lt 100 ]; do
		[ "$(ps -o stat= -p "$_pid" 2>/dev/null | cut -c1)" = T ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
}
# state: "waiting" (item new, file in the inbox, no request) or "request" (request with its attachment,
# item registered) — anything else is printed as it is.
state() {
	_req=$(sqlite3 "$DB" "SELECT count(*) FROM request")
	_att=$(sqlite3 "$DB" "SELECT count(*) FROM attachment")
	_new=$(sqlite3 "$DB" "SELECT count(*) FROM inbox_item WHERE state = 'new'")
	_reg=$(sqlite3 "$DB" "SELECT count(*) FROM inbox_item WHERE state = 'registered'")
	if [ "$_req$_att$_new$_reg" = 0010 ] && [ -e "$IN/k.tif" ]; then echo waiting
	elif [ "$_req$_att$_new$_reg" = 1101 ] && [ ! -e "$IN/k.tif" ]; then echo request
	else echo "req=$_req att=$_att new=$_new registered=$_reg file=$(ls "$IN")"; fi
}
if command -v sqlite3 >/dev/null 2>&1; then
	for step in copied committed; do
		sd_init
		IN=$T_DIR/in
		mkdir "$IN"
		sd setting set inbox_dir "$IN"
		fax "$IN/k.tif" 2 "0512 5863 9752"
		sd inbox list
		kill_at "$step"
		sd inbox list --format csv
		case $step in
		copied) want=waiting ;;
		*) want=request ;;
		esac
		got=$(state)
		t_check "killed after the step '$step': the $want, and nothing else (got: $got)" [ "$got" = "$want" ]
		sd check
		t_check "killed after '$step': check is clean" rc_is 0
	done
	# kills at random moments, each on a fresh database
	bad=0
	runs=${SERVDESK_QUICK:+4}
	runs=${runs:-12}
	i=0
	while [ "$i" -lt "$runs" ]; do
		sd_init
		IN=$T_DIR/in
		mkdir "$IN"
		sd setting set inbox_dir "$IN"
		fax "$IN/k.tif" 4
		sd inbox list
		"$SERVDESK" --db "$DB" inbox register 1 $REQ >/dev/null 2>&1 &
		pid=$!
		sleep "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		sd inbox list
		got=$(state)
		case $got in
		waiting | request) ;;
		*) bad=$((bad + 1)); echo "# run $i: $got" ;;
		esac
		i=$((i + 1))
	done
	t_check "$runs kills at random moments: each left the waiting item or the request" [ "$bad" -eq 0 ]
else
	t_skip "kill tests" "sqlite3 is not installed"
fi

t_done
