#!/bin/sh
# Desk tests of the commissioning and training pane: the machines overdue for
# commissioning, planning one from its overdue row (the serial filled in),
# recording it done (the machine's commissioning date), signing by both
# sides, the signed record as printed, planning and holding a training, and
# an operator refused what the role may not do. Drives the desk in a private
# tmux server and checks the results with the command line. TAP output.
#
# Environment: SERVDESK (the program), top_srcdir, TZ.

. "${top_srcdir:-.}/tests/desk/lib.sh"
unset SERVDESK_LOCALEDIR

PLAN=15
desk_begin install

# Friday 20 November 2026
NOW='2026-11-20 08:00'
SERVDESK_NOW=$NOW
export SERVDESK_NOW

CUST=常州市金坛精密铸造有限公司
if ! sd init >/dev/null 2>&1 ||
   ! sd staff add boss --name 张主管 --role supervisor >/dev/null 2>&1 ||
   ! sd staff add laozhang --name 张伟 --role engineer >/dev/null 2>&1 ||
   ! sd staff add xiaowang --name 王丽 --role operator >/dev/null 2>&1 ||
   ! sd customer add "$CUST" --contact 赵建国 --phone 0519-82301234 >/dev/null 2>&1 ||
   ! sd equipment add PS-1060-0231 --customer "$CUST" --model "JCK-1060 喷砂机" \
	--delivered 2026-11-02 >/dev/null 2>&1; then
	echo "Bail out! could not set up staff, customers and equipment with the command line"
	exit 1
fi

# the commissioning and training tab: F6 until the status line names its view
to_pane() {
	wait_for 'F10' >/dev/null || return 1
	i=0
	while [ $i -lt 14 ]; do
		if cap | grep -Eq '\| (not yet signed|未签字)'; then
			return 0
		fi
		keys F6
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
show() { sd install show "$1" 2>/dev/null; }

# ---------------------------------------------------------------- the supervisor
start_desk boss
check "the commissioning and training tab opens on the records not yet signed" to_pane
keys o
check "o lists the machine overdue, not planned" wait_for 'commissioning +2026-11-09 +not planned \(over'
keys a
check "a on the overdue row: the form has its serial" wait_for 'Serial no\. +PS-1060-0231'
keys Tab Tab
text laozhang
keys F2
check "planned from the desk" wait_for 'Planned number 1\.'
t_planned() { show 1 | grep -Eq '^Status: +planned' && show 1 | grep -Eq '^Engineer: +laozhang'; }
check "the commissioning is stored, with its engineer" t_planned

keys p
wait_for '^1 +commissioning ' >/dev/null
keys d
wait_for 'Commissioning 1 done' >/dev/null
keys Tab Tab
text '气路、喷枪检查；试喷合格'
keys F2
check "done from the desk" wait_for 'Recorded number 1 as done\.'
t_done() { sd equipment show PS-1060-0231 2>/dev/null | grep -Eq '^Commissioned: +2026-11-20'; }
check "the machine's commissioning date is the day done" t_done

keys s
wait_for 'Both sides signed record 1' >/dev/null
text 赵建国
keys F2
check "signed from the desk" wait_for 'Record 1 signed by both sides\.'
t_signed() { show 1 | grep -Eq '^Signed by the customer: +赵建国' && show 1 | grep -Eq '^Status: +signed'; }
check "the customer's signer is stored" t_signed

keys A
wait_for '^1 +commissioning ' >/dev/null
keys f
wait_for 'Installation and commissioning record 1' >/dev/null
keys PageDown
check "f shows the record with both signatures" wait_for 'For the customer +赵建国 +2026-11-20'
keys Escape

keys T
check "T: the training form has the selected record's customer" wait_for "Customer +$CUST"
keys Tab Tab
text 2026-11-18
keys Tab Tab
text laozhang
keys F2
check "a training planned from the desk" wait_for 'Planned number 2\.'
t_training() { sd training show 2 --format json 2>/dev/null | grep -q '"days":3'; }
check "three days planned by default" t_training
stop_desk >/dev/null

# ---------------------------------------------------------------- the operator
start_desk xiaowang
to_pane >/dev/null
wait_for '^2 +training ' >/dev/null
keys d
check "an operator may not record a training held" wait_for 'not permitted'
t_unchanged() { sd training show 2 2>/dev/null | grep -Eq '^Status: +planned'; }
check "the training is still planned" t_unchanged
stop_desk >/dev/null

desk_end
