#!/bin/sh
# input.sh — every input checked the same way (TAP).
#
# Stored text: one check for every field (valid.h) — length in characters
# per kind of field, C0/C1 controls, DEL and bidirectional controls refused
# with the field named, the same from the command line and from an import.
#
# Run by `make check` with SERVDESK and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-input.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

ESC=$(printf '\033')
CSI1=$(printf '\302\233')
RLO=$(printf '\342\200\256')
LRM=$(printf '\342\200\216')

# refused NAME PATTERN: exit 65, one harmless line on stderr matching PATTERN.
refused() {
	if rc_is 65 && err_one_line && grep -q -- "$2" "$T_DIR/err" && ! has_bytes "$T_DIR/err" '\033' &&
		! has_bytes "$T_DIR/err" '\302\233'; then
		t_ok "$1"
	else
		t_not_ok "$1" "rc=$RC"
	fi
}

# count TABLE: rows in TABLE through the command line's CSV lists.
rows() {
	"$SERVDESK" --db "$DB" "$@" --format csv 2>/dev/null | tail -n +2 | wc -l
}

# ================================================================ stored text

sd_init
sd customer add "客户${CSI1}31m"
refused "customer add: a C1 CSI (U+009B) is refused" 'name: must not contain control characters (U+009B at character 3)'
sd customer add "客户${ESC}[2J"
refused "customer add: ESC is refused" 'name: must not contain control characters (U+001B at character 3)'
sd customer add "客户" --address "路${RLO}反"
refused "customer add: a bidi override in the address is refused" 'address: must not contain text direction controls (U+202E at character 2)'
sd customer add "客户" --contact "王${LRM}"
refused "customer add: a left-to-right mark is refused" 'contact: must not contain text direction controls (U+200E'
t_check "nothing was added" [ "$(rows customer list)" -eq 0 ]

sd request add --channel phone --customer "客户${ESC}[2J" --requester 张工 --phone 13800138000 --item 报警
refused "request add --customer with ESC is refused" 'customer: must not contain control characters (U+001B at character 3)'
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item "报警$(printf '\007')"
refused "request add --item with BEL is refused" 'must not contain control characters (U+0007 at character 3)'
sd request add --channel phone --customer 客户 --requester 张工 --phone 13800138000 --item "$(printf '第一行\n第二行')"
t_check "request add: a maintenance item may hold a line break" rc_is 0
sd request add --channel phone --customer "$(printf '客户\n二')" --requester 张工 --phone 13800138000 --item x
refused "request add: a customer on two lines is refused" 'customer: must be a single line'
t_check "one request in the register" [ "$("$SERVDESK" --db "$DB" request list --format csv | grep -c "^[0-9]\{6\}-[0-9]\{4\},")" -eq 1 ]

sd staff add wang --name "王${ESC}]0;x" --role operator
refused "staff add --name with ESC is refused" 'name: must not contain control characters (U+001B at character 2)'
LONG=$(head -c 131000 /dev/zero | tr '\0' a)
sd staff add "$LONG" --name 王 --role operator
refused "staff add: a 131,000-character login is refused" 'login: too long (at most 32 characters)'
sd staff add "wang wu" --name 王五 --role operator
refused "staff add: a login with a space is refused" 'login: must not contain spaces'
L32=$(head -c 32 /dev/zero | tr '\0' b)
sd staff add "$L32" --name 王五 --role operator
t_check "staff add: a login of 32 characters is taken" rc_is 0
t_check "the staff list has the tester and the new login" [ "$(rows staff list)" -eq 2 ]

# length in characters, not bytes: 200 CJK characters (600 bytes) make a name
N200=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "名" }')
sd customer add "$N200"
t_check "customer add: a name of 200 Chinese characters is taken" rc_is 0
sd customer add "${N200}多"
refused "customer add: a name of 201 characters is refused" 'name: too long (at most 200 characters)'

# an import is checked the same way, naming file, line and field
{
	echo "name,region,key_customer,address,contact,phone"
	echo "好客户,市区,no,,,"
	printf '坏客户,市区,no,"路%s",,\n' "$CSI1"
} >"$T_DIR/customers.csv"
sd import customers "$T_DIR/customers.csv"
refused "import customers: U+009B refused with file, line and field" 'customers.csv: line 3, field address: must not contain control characters (U+009B at character 2)'
t_check "nothing of the file was imported" [ "$(rows customer list)" -eq 1 ]

t_done
