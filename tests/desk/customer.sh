#!/bin/sh
# Desk tests of the customers pane: the list of customers with their
# equipment counts, search by name, a customer and its equipment added
# through the forms (Chinese typed in), the warranty of each piece in the
# detail and its explanation on a date, downtime, who may change customers,
# resizes. Drives the desk in a private tmux server (UTF-8) and checks the
# results with the command line. TAP output.
#
# Environment: SERVDESK (the program), PTYRUN (unused here), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"

PLAN=28
desk_begin customer

NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

# ---------------------------------------------------------------- data
if ! sd init >/dev/null 2>&1; then
	echo "Bail out! $SERVDESK --db DB init failed"
	exit 1
fi
sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1
sd staff add chen --name 陈工 --role engineer >/dev/null 2>&1
sd staff add ku --name 库管老刘 --role storekeeper >/dev/null 2>&1
if ! sd customer add 北京华电科技有限公司 --region 市区 --key --contact 王工 \
	--phone 13900000001 --address 北京市海淀区学院路 >/dev/null 2>&1 ||
   ! sd customer add ACME --region 外地 --contact Bob --phone 13900000002 >/dev/null 2>&1 ||
   ! sd customer add 上海宝钢设备维修中心 --region 外地 --contact 李明 \
	--phone 13900000003 >/dev/null 2>&1 ||
   ! sd customer add 广州维修服务部 --contact 赵六 --phone 13900000004 >/dev/null 2>&1 ||
   ! sd equipment add SN-2024-001 --customer 北京华电科技有限公司 --model DJ-200 \
	--delivered 2025-01-05 --accepted 2025-01-20 --commissioned 2025-03-01 >/dev/null 2>&1 ||
   ! sd equipment add SN-2024-002 --customer 北京华电科技有限公司 --model DJ-300 \
	--delivered 2025-02-01 >/dev/null 2>&1; then
	echo "Bail out! could not add customers and equipment with the command line"
	exit 1
fi

# ---------------------------------------------------------------- helpers
# rows of the customer list: every customer here has a phone 139000000NN
crows() { cap | grep -Ec '13900000[0-9]{3} +[0-9]+$'; }
wait_crows() { wait_count "$1" crows; }   # until the list shows exactly $1 rows
# The phone column: the display column where the phone number starts must
# be the same on every row, and so must the equipment count's last cell
# (CJK characters take two cells; wc -L counts display width).
aligned() {
	cap | grep -E '13900000[0-9]{3} +[0-9]+$' > "$TMPD/rows.txt"
	cols=""
	ends=""
	while IFS= read -r line; do
		pre=${line%%13900000[0-9]*}
		cols="$cols $(printf '%s' "$pre" | wc -L)"
		ends="$ends $(printf '%s' "$line" | wc -L)"
	done < "$TMPD/rows.txt"
	set -- $cols
	if [ $# -lt 4 ]; then
		echo "# only $# rows with a phone:$cols" >&2
		return 1
	fi
	first=$1
	for w in "$@"; do
		if [ "$w" != "$first" ]; then
			echo "# phone columns differ:$cols" >&2
			return 1
		fi
	done
	set -- $ends
	for w in "$@"; do
		if [ "$w" != "$1" ]; then
			echo "# row ends differ:$ends" >&2
			return 1
		fi
	done
	echo "# phone column at cell $first on $# rows, rows end at cell $1" >&2
}

# ---------------------------------------------------------------- an engineer at the desk
start_desk chen
wait_for "Requests" >/dev/null
keys F6 F6
check "F6 twice shows the customers tab with the list" \
	wait_for "北京华电科技有限公司 .*13900000001 +2$"
t_order() {
	cap | grep -E '13900000[0-9]{3} +[0-9]+$' | grep -Eo '(ACME|上海宝钢|北京华电|广州维修)' \
		| tr '\n' ' ' > "$TMPD/order.txt"
	[ "$(cat "$TMPD/order.txt")" = "ACME 上海宝钢 北京华电 广州维修 " ] ||
		{ echo "# order: $(cat "$TMPD/order.txt")" >&2; return 1; }
}
check "customers in name order with region, contact, phone and equipment count" t_order
check "the key customer is marked by text" wait_for "^key +北京华电科技有限公司 +市区 +王工"
check "list columns aligned by display width with Chinese names" aligned
keys '?'
check "? shows the customers pane's keys" wait_for "add equipment for the selected customer"
keys Escape
wait_crows 4 >/dev/null

keys /
text '维修'
check "search by name narrows the list" wait_crows 2
text '服务'
check "a longer search narrows it further" wait_crows 1
keys Escape
check "Esc clears the search" wait_crows 4

# add a customer through the form, in Chinese
keys a
wait_for "Add a customer" >/dev/null
text '天津港集团'
keys Tab
text '外地'
keys Tab Right Tab
text '天津市滨海新区港航路1号'
keys Tab
text '孙主任'
keys Tab
text '13900000009'
keys F2
check "a customer added through the form" wait_for "Added 天津港集团"
t_show() {
	sd customer show 天津港集团 > "$TMPD/show.txt" 2>&1 &&
	grep -Eq '^Region: +外地' "$TMPD/show.txt" &&
	grep -Eq '^Key customer: +yes' "$TMPD/show.txt" &&
	grep -Eq '^Address: +天津市滨海新区港航路1号' "$TMPD/show.txt" &&
	grep -Eq '^Contact: +孙主任' "$TMPD/show.txt" &&
	grep -Eq '^Phone: +13900000009' "$TMPD/show.txt" ||
	{ sed 's/^/# | /' "$TMPD/show.txt" >&2; return 1; }
}
check "servdesk customer show has every field typed" t_show
check "the new customer is in the list and selected" \
	wait_for "^Customer +天津港集团"

# add its equipment: a wrong date is refused on its field, then corrected
keys n
wait_for "Add equipment for 天津港集团" >/dev/null
text 'TJ-2026-01'
keys Tab
text 'YZ-5型液压站'
keys Tab
text '2026-01-05'
keys Tab
text '2026-13-01'
keys Tab
text '2026-03-01'
keys F2
check "a wrong date is refused with a message naming the field" \
	wait_for "accepted on: expected a date"
# the cursor is on the refused field: clear it and type the right date
keys End C-u
text '2026-01-20'
keys F2
check "equipment added through the form" wait_for "Added equipment TJ-2026-01"
t_eq() {
	sd equipment show TJ-2026-01 > "$TMPD/eq.txt" 2>&1 &&
	grep -q '天津港集团' "$TMPD/eq.txt" &&
	grep -q '2026-01-20' "$TMPD/eq.txt" &&
	grep -q '2026-03-01' "$TMPD/eq.txt" ||
	{ sed 's/^/# | /' "$TMPD/eq.txt" >&2; return 1; }
}
check "the equipment is stored with its dates" t_eq
check "the detail shows the warranty tier of the new equipment" \
	in_detail "^Warranty +in warranty, until 2027-03-01"

# downtime extends the warranty
keys d
wait_for "Downtime of TJ-2026-01" >/dev/null
keys C-u
text '2026-05-01'
keys Tab C-u
text '2026-05-10'
keys Tab
text '等待进口备件'
keys F2
check "downtime recorded through the form" wait_for "Downtime of TJ-2026-01 recorded"
check "the detail shows the extended warranty and the downtime" \
	in_detail "in warranty, until 2027-03-11 \\(\\+10 days"

# the warranty on a date, explained
keys w
wait_for "Warranty on" >/dev/null
keys C-u
text '2027-06-01'
keys Enter
check "the warranty explanation opens for the date asked" \
	wait_for "Warranty of TJ-2026-01 on 2027-06-01"
t_rule() {
	wait_for "commissioning 2026-03-01 \\+ 12 months = 2027-03-01" >/dev/null &&
	wait_for "arrival acceptance 2026-01-20 \\+ 18 months" >/dev/null &&
	wait_for "on 2027-06-01: tier 1" >/dev/null
}
check "it names the rule (commissioning, acceptance) and the tier on that date" t_rule
keys Escape
wait_for "^Customer +天津港集团" >/dev/null

T resize-window -t desk -x 40 -y 10
t_resize1() { wait_for 'Customer' && alive; }
check "resize to 40x10" t_resize1
T resize-window -t desk -x 200 -y 60
t_resize2() { wait_for "天津港集团 .*13900000009 +1 *│" && alive; }
check "resize to 200x60 (side by side)" t_resize2
T resize-window -t desk -x 80 -y 24
check "back to 80x24" wait_for "天津港集团 .*13900000009 +1$"

# an edit over a change saved meanwhile at another desk loses nothing
keys e
wait_for "Edit customer 天津港集团" >/dev/null
sd customer add 天津港集团 --contact 钱经理 --phone 13900000010 >/dev/null 2>&1
keys Tab Tab Tab Tab End BSpace
text '8'
keys F2
t_theirs() {
	wait_for "Changed meanwhile by" && wait_for "now: 13900000010" &&
	wait_for "Contact +钱经理" && wait_for "Phone +13900000008"
}
check "the refused form keeps the typed phone, takes in their contact, shows their phone" t_theirs
keys F2
t_merged() {
	wait_for "Saved 天津港集团" && sd customer show 天津港集团 > "$TMPD/show.txt" 2>&1 &&
	grep -Eq '^Contact: +钱经理' "$TMPD/show.txt" && grep -Eq '^Phone: +13900000008' "$TMPD/show.txt"
}
check "F2 saves the merge" t_merged

keys q
check "q quits with exit status 0" t_quit
next_server

# ---------------------------------------------------------------- a storekeeper may not
start_desk ku
wait_for "Requests" >/dev/null
x=$(cap | head -n 1 | awk '{ print index($0, "Customers") }')
if [ "$x" -gt 0 ]; then
	click 0 "$((x - 1 + 2))"
	check "a click on the tab shows the customers" wait_for "ACME .*13900000002 +0$"
else
	not_ok "a click on the tab shows the customers"
fi
keys a
check "a storekeeper may not add a customer: the reason is shown" wait_for "not permitted"
t_count() {
	[ "$(sd customer list --format csv 2>/dev/null | grep -c 13900000)" -eq 5 ]
}
check "and nothing was added" t_count
keys q
t_quit >/dev/null
next_server

desk_end
