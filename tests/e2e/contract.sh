#!/bin/sh
# contract.sh — end-to-end tests of warranty terms per piece of equipment and
# of service contracts (维保合约) (TAP): equipment add/edit --warranty-months
# and --warranty-from.
#
# Run by `make check` with SERVDESK (the binary) and top_srcdir set.

: "${SERVDESK:?SERVDESK must name the servdesk binary}"
: "${top_srcdir:=.}"
export TZ="${TZ:-Asia/Shanghai}"

. "$top_srcdir/tests/e2e/lib.sh"

T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-contract.XXXXXX") || exit 99
trap 'rm -rf "$T_ROOT"' EXIT INT TERM
T_DIR=

CUST=江苏驰耐特防腐科技有限公司
# today is 2026-11-20 (lib.sh)

# ---------------------------------------------------------------- warranty terms
sd_init
sd customer add "$CUST" --region 市区
sd equipment add SN-A --customer "$CUST" --accepted 2025-01-05 --commissioned 2025-03-10
sd equipment warranty SN-A --on 2026-01-05
# site terms: 2025-03-10 + 12 = 2026-03-10, 2025-01-05 + 18 = 2026-07-05: the earlier
if rc_is 0 && grep -q '2026-03-10' "$T_DIR/out"; then
	t_ok "equipment without its own terms keeps the site's warranty"
else
	t_not_ok "equipment without its own terms keeps the site's warranty" "rc=$RC"
fi

sd equipment edit SN-A --warranty-months 12 --warranty-from accepted
sd equipment warranty SN-A --on 2026-01-06 --format json
cp "$T_DIR/out" "$T_DIR/w.json"
sd equipment show SN-A --format json
if rc_is 0 && grep -q '"end":"2026-01-05"' "$T_DIR/w.json" &&
   grep -q '"tier":"tier1"' "$T_DIR/w.json" && grep -q '"warranty_months":12' "$T_DIR/out" &&
   grep -q '"warranty_from":"accepted"' "$T_DIR/out"; then
	t_ok "12 months from acceptance only: ends 2026-01-05, tier 1 the day after"
else
	t_not_ok "12 months from acceptance only: ends 2026-01-05, tier 1 the day after" "rc=$RC"
fi

sd equipment show SN-A
if rc_is 0 && grep -q '12 months from arrival acceptance' "$T_DIR/out"; then
	t_ok "equipment show names the equipment's own terms"
else
	t_not_ok "equipment show names the equipment's own terms" "rc=$RC"
fi

sd equipment edit SN-A --warranty-from either --warranty-months 24
sd equipment list --format csv
# 2025-03-10 + 24 = 2027-03-10, 2025-01-05 + 24 = 2027-01-05
if rc_is 0 && grep -q '^SN-A,.*,2027-01-05' "$T_DIR/out"; then
	t_ok "24 months from either date: the earlier end 2027-01-05"
else
	t_not_ok "24 months from either date: the earlier end 2027-01-05" "rc=$RC"
fi

sd equipment edit SN-A --warranty-months default
sd equipment show SN-A --format json
if rc_is 0 && grep -q '"end":"2026-03-10"' "$T_DIR/out" &&
   grep -q '"warranty_months":null' "$T_DIR/out"; then
	t_ok "--warranty-months default goes back to the site's settings"
else
	t_not_ok "--warranty-months default goes back to the site's settings" "rc=$RC"
fi

for bad in 0 1201 12x -3; do
	sd equipment edit SN-A --warranty-months "$bad"
	if rc_is 64 && err_one_line && grep -q 'warranty-months' "$T_DIR/err"; then
		t_ok "--warranty-months $bad is refused"
	else
		t_not_ok "--warranty-months $bad is refused" "rc=$RC"
	fi
done
sd equipment edit SN-A --warranty-from delivered
if rc_is 64 && err_one_line && grep -q 'warranty-from' "$T_DIR/err"; then
	t_ok "--warranty-from delivered is refused"
else
	t_not_ok "--warranty-from delivered is refused" "rc=$RC"
fi
sd equipment edit SN-NONE --model X
if [ "$RC" -ne 0 ] && err_one_line && grep -q 'SN-NONE' "$T_DIR/err"; then
	t_ok "equipment edit of an unknown serial is refused"
else
	t_not_ok "equipment edit of an unknown serial is refused" "rc=$RC"
fi
sd equipment add SN-B --customer "$CUST" --commissioned 2024-08-31 --warranty-months 18 \
	--warranty-from commissioned
sd equipment warranty SN-B --format json
# 2024-08-31 + 18 months = 2026-02-28 (month end kept)
if rc_is 0 && grep -q '"end":"2026-02-28"' "$T_DIR/out"; then
	t_ok "equipment add with its own terms; the month-end rule is kept"
else
	t_not_ok "equipment add with its own terms; the month-end rule is kept" "rc=$RC"
fi

t_done
