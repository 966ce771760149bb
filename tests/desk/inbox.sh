#!/bin/sh
# Desk tests of the inbox pane: a fax dropped into the inbox directory while
# the desk is open appears in the Inbox tab (and the status line counts it)
# without a key pressed; `v` shows its first page drawn in characters; `a`
# opens the request form with channel fax and the fax's pages filled in, and
# saving registers the request with the original attached and takes the fax
# out of the inbox; `d` discards the other fax with a reason. The faxes are
# real multi-page TIFF files made with libtiff-tools. Drives the desk in a
# private tmux server (UTF-8) and checks with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=11
desk_begin inbox

for tool in ppm2tiff tiffcp tiffset; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		while [ $n -lt $PLAN ]; do skip "$tool is not installed (libtiff-tools)"; done
		exit 0
	fi
done

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW
DESK_COLS=150
DESK_ROWS=40
IN=$TMPD/in
mkdir "$IN"

if ! sd init >/dev/null 2>&1 || ! sd setting set inbox_dir "$IN" >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi

# fax FILE PAGES SENDER: a fax of PAGES pages, a dark frame on white so that the picture shows
fax() {
	i=1
	pages=""
	while [ $i -le "$2" ]; do
		awk -v w=96 -v h=64 'BEGIN { printf "P6\n%d %d\n255\n", w, h
			for (y = 0; y < h; y++) for (x = 0; x < w; x++) {
				v = (x < 8 || x >= w - 8 || y < 6 || y >= h - 6 || (x > 30 && x < 60 && y > 20 && y < 40)) ? 0 : 255
				printf "%c%c%c", v, v, v } }' >"$TMPD/p$i.ppm"
		ppm2tiff "$TMPD/p$i.ppm" "$TMPD/p$i.tif" 2>/dev/null
		pages="$pages $TMPD/p$i.tif"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	tiffcp $pages "$TMPD/new.tif" 2>/dev/null
	tiffset -s 270 "$3" "$TMPD/new.tif" 2>/dev/null
	touch -d '2026-11-20 07:50' "$TMPD/new.tif"
	mv "$TMPD/new.tif" "$1"
}

to_inbox() {
	i=0
	while [ $i -lt 12 ]; do
		cap | grep -q 'faxes and scans waiting' && return 0
		keys F6
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

start_desk boss
wait_for 'Requests' >/dev/null
check "the Inbox tab shows, empty" to_inbox
fax "$IN/fax000001.tif" 2 "0512 5863 9752"
t_appears() { wait_for '0512 5863 9752 +fax000001\.tif' && wait_for 'inbox: 1 waiting'; }
check "a fax dropped into the directory appears while the desk is open, counted on the status line" t_appears
fax "$IN/fax000002.tif" 3 "021 6888 1234"
check "a second fax appears too" wait_for '021 6888 1234 +fax000002\.tif'
keys v
t_view() {
	wait_for 'Page 1 of 2' >/dev/null &&
	[ "$(cap | grep -c '[^ ].*[^ ]')" -gt 8 ] &&
	cap | sed 1,2d | grep -q '[#@%$MW8B&*+=-]'
}
check "v shows page 1 of the fax drawn in characters" t_view
keys Space
check "Space turns to page 2" wait_for 'Page 2 of 2'
keys q
wait_for 'fax000001' >/dev/null
keys a
wait_for 'Register the fax as a request' >/dev/null
text '江苏驰耐特防腐科技有限公司'
keys Tab
text '吴振华'
keys Tab
text '0512-58639752'
keys Tab Tab Tab
text '喷砂机不出砂'
keys F2
t_registered() {
	wait_for 'Registered 202611-0001 with its original' >/dev/null &&
	sd request show 202611-0001 --format json | grep -q '"channel":"fax","fax_pages":2,.*"attachments":\[{"name":"fax000001.tif"' &&
	[ ! -e "$IN/fax000001.tif" ]
}
check "a registers it: a fax request of 2 pages with the original attached, the file out of the inbox" t_registered
check "the list then shows the other fax only" wait_for 'inbox: 1 waiting'
keys d
wait_for 'Discard the fax' >/dev/null
text '广告传真'
keys F2
t_discarded() {
	wait_for 'Discarded fax000002.tif' >/dev/null &&
	sd inbox list --state discarded --format csv | grep -q ',discarded,,广告传真,'
}
check "d discards the other with its reason" t_discarded
# the request in the Requests tab (F6 round to it): its original listed, V shows it
i=0
while [ $i -lt 14 ] && ! cap | grep -q '^202611-0001 '; do keys F6; sleep 0.3; i=$((i + 1)); done
t_detail() { wait_for '^202611-0001 ' >/dev/null && wait_for 'Originals \(1; V shows them\)' && wait_for 'fax000001\.tif, 2 page'; }
check "the request's detail lists its original with its pages" t_detail
keys V
check "V shows the original kept with the request" wait_for 'Page 1 of 2'
keys q
check "the desk ends cleanly" stop_desk

desk_end
