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

# ---------------------------------------------------------------- contracts
sd_init
sd customer add "$CUST" --region 市区
sd customer add 另一家公司 --region 外地
sd equipment add SN-1 --customer "$CUST" --commissioned 2022-01-10
sd equipment add SN-2 --customer "$CUST" --commissioned 2022-03-01
sd equipment add SN-X --customer 另一家公司 --commissioned 2022-03-01
sd staff add eng --name 陈工 --role engineer
sd staff add op --name 前台小王 --role operator

sd contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --equipment SN-1 --visits quarterly \
	--covers labour,差旅费 --free-repairs 2 --note 年度维保合约
if rc_is 0 && grep -q 'contract 1' "$T_DIR/out"; then
	t_ok "contract add names the new contract"
else
	t_not_ok "contract add names the new contract" "rc=$RC"
fi
sd contract show 1 --format json
if rc_is 0 && grep -q '"covers":\["labour","travel"\]' "$T_DIR/out" &&
   grep -q '"equipment":\["SN-1"\]' "$T_DIR/out" && grep -q '"visits":"quarterly"' "$T_DIR/out" &&
   grep -q '"state":"running"' "$T_DIR/out" && grep -q '"free_repairs_left":2' "$T_DIR/out"; then
	t_ok "contract show --format json: covers, equipment, visits, state, free repairs"
else
	t_not_ok "contract show --format json: covers, equipment, visits, state, free repairs" "rc=$RC"
fi
sd contract add "$CUST" --from 2025-01-01 --to 2025-12-31
sd contract list --customer "$CUST" --format csv
if rc_is 0 && [ "$(grep -c '^[0-9]' "$T_DIR/out")" -eq 2 ] && grep -q '^2,.*,expired,none,' "$T_DIR/out"; then
	t_ok "contract list --format csv: both, the old one expired"
else
	t_not_ok "contract list --format csv: both, the old one expired" "rc=$RC"
fi
sd contract list --active
if rc_is 0 && grep -q '2026-12-31' "$T_DIR/out" && ! grep -q '2025-12-31' "$T_DIR/out"; then
	t_ok "contract list --active: only the running one"
else
	t_not_ok "contract list --active: only the running one" "rc=$RC"
fi

refused() {  # NAME RC ARGS...
	_n=$1; _rc=$2; shift 2
	sd "$@"
	if rc_is "$_rc" && err_one_line; then t_ok "$_n"; else t_not_ok "$_n" "rc=$RC, want $_rc"; fi
}
refused "to before from: 65" 65 contract add "$CUST" --from 2026-02-01 --to 2026-01-31
refused "another customer's equipment: 65" 65 contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --equipment SN-X
refused "equipment named twice: 65" 65 contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --equipment SN-1 --equipment SN-1
refused "unknown customer: 65" 65 contract add 没有这家 --from 2026-01-01 --to 2026-12-31
refused "unknown cost type: 64" 64 contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --covers food
refused "bad --visits: 64" 64 contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --visits weekly
refused "bad --free-repairs: 64" 64 contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --free-repairs -1
refused "missing --to: 64" 64 contract add "$CUST" --from 2026-01-01
refused "show of an unknown contract: 65" 65 contract show 99
refused "end outside the contract: 65" 65 contract end 1 --on 2027-01-01
refused "renew to an earlier day: 65" 65 contract renew 1 --to 2026-06-30
if grep -q 'to:' "$T_DIR/err"; then t_ok "the refusal names the field"; else t_not_ok "the refusal names the field"; fi
SERVDESK_USER=eng refused "an engineer may not add a contract: 77" 77 contract add "$CUST" --from 2026-01-01 --to 2026-12-31
SERVDESK_USER=eng refused "an engineer may not end a contract: 77" 77 contract end 1 --on 2026-06-30
SERVDESK_USER=op sd contract list
if rc_is 0 && grep -q '2026-12-31' "$T_DIR/out"; then
	t_ok "an operator may list contracts"
else
	t_not_ok "an operator may list contracts" "rc=$RC"
fi
SERVDESK_USER=nobody refused "someone not on the staff list may not look: 77" 77 contract list
sd contract list --format csv
if [ "$(grep -c '^[0-9]' "$T_DIR/out")" -eq 2 ]; then
	t_ok "nothing was added by the refused commands"
else
	t_not_ok "nothing was added by the refused commands"
fi

sd contract renew 1 --to 2027-06-30
sd contract show 1 --format json
if rc_is 0 && grep -q '"to":"2027-06-30"' "$T_DIR/out"; then
	t_ok "contract renew moves the last day"
else
	t_not_ok "contract renew moves the last day" "rc=$RC"
fi
sd contract end 1 --on 2027-03-31 --reason 客户不再续约
sd contract show 1
if rc_is 0 && grep -q '2027-03-31 — 客户不再续约' "$T_DIR/out"; then
	t_ok "contract end records the last day and the reason"
else
	t_not_ok "contract end records the last day and the reason" "rc=$RC"
fi
refused "renewing an ended contract: 65" 65 contract renew 1 --to 2028-01-01
sd audit --table contract --format csv
if rc_is 0 && grep -q ',end,' "$T_DIR/out" && grep -q ',renew,' "$T_DIR/out" && grep -q ',insert,' "$T_DIR/out"; then
	t_ok "add, renew and end are audited"
else
	t_not_ok "add, renew and end are audited" "rc=$RC"
fi

# ---------------------------------------------------------------- who pays
sd_init
sd customer add "$CUST"
sd equipment add SN-1 --customer "$CUST" --commissioned 2022-01-10   # tier 3 in 2026
sd contract add "$CUST" --from 2026-01-01 --to 2026-12-31 --covers travel --free-repairs 1
R1=$(CUST=$CUST add_req --serial SN-1)
R2=$(CUST=$CUST add_req --serial SN-1 2>/dev/null)
sd ledger take "$R1"
sd ledger take "$R2"
sd ledger charge "$R1" --kind travel --amount 300 --without-quote
if rc_is 0 && grep -q 'under contract 1' "$T_DIR/out" && grep -Eq '(Customer pays|pays).* 0\.00' "$T_DIR/out"; then
	t_ok "a cost type the contract covers is free and the line names the contract"
else
	t_not_ok "a cost type the contract covers is free and the line names the contract" "rc=$RC"
fi
sd ledger charge "$R1" --kind labour --amount 800 --without-quote
sd ledger charge "$R1" --kind parts --amount 500 --without-quote
sd ledger show "$R1" --format json
# travel 300 covered; labour 800 the free repair; parts 500 charged: billed 500.00
if rc_is 0 && grep -Eq '"money":\{"cost_fen":[0-9]+,"billed_fen":50000,' "$T_DIR/out" &&
   grep -q '"kind":"labour","tier":"tier3","contract_id":1,"free_repair":1,"cause":null,"amount_fen":80000,' "$T_DIR/out"; then
	t_ok "the first repair takes the free repair; parts stay charged (billed 500.00)"
else
	t_not_ok "the first repair takes the free repair; parts stay charged (billed 500.00)" "rc=$RC"
fi
sd contract show 1 --format json
if grep -q '"free_repairs_used":1,"free_repairs_left":0' "$T_DIR/out"; then
	t_ok "contract show counts the free repair used"
else
	t_not_ok "contract show counts the free repair used"
fi
sd ledger charge "$R2" --kind labour --amount 800 --without-quote
sd ledger show "$R2" --format json
if rc_is 0 && grep -Eq '"money":\{"cost_fen":[0-9]+,"billed_fen":80000,' "$T_DIR/out"; then
	t_ok "with no free repair left the tier charges the next repair's labour"
else
	t_not_ok "with no free repair left the tier charges the next repair's labour" "rc=$RC"
fi

# ---------------------------------------------------------------- ending soon
# today 2026-11-20; + 90 days = 2027-02-18 (10 + 31 + 31 + 18)
sd_init
sd customer add "$CUST"
sd customer add 乙公司
sd equipment add W-TODAY --customer "$CUST" --commissioned 2025-11-20    # ends 2026-11-20
sd equipment add W-90 --customer "$CUST" --commissioned 2026-02-18       # ends 2027-02-18
sd equipment add W-91 --customer "$CUST" --commissioned 2026-02-19       # ends 2027-02-19
sd equipment add W-YDAY --customer "$CUST" --commissioned 2025-11-19     # ended 2026-11-19
sd contract add 乙公司 --from 2026-01-01 --to 2026-11-20                   # 1: ends today
sd contract add 乙公司 --from 2026-01-01 --to 2027-02-18                   # 2: in 90 days
sd contract add 乙公司 --from 2026-01-01 --to 2027-02-19                   # 3: in 91 days
sd contract add 乙公司 --from 2026-01-01 --to 2026-11-19                   # 4: ended yesterday
sd contract add 乙公司 --from 2026-01-01 --to 2027-12-31                   # 5: ended early, in 30 days
sd contract end 5 --on 2026-12-20
sd equipment expiring --format csv
cat >"$T_DIR/want" <<'WANT'
ends,days_left,customer,kind,serial,contract
2026-11-20,0,乙公司,contract,,1
2026-11-20,0,江苏驰耐特防腐科技有限公司,warranty,W-TODAY,
2026-12-20,30,乙公司,contract,,5
2027-02-18,90,乙公司,contract,,2
2027-02-18,90,江苏驰耐特防腐科技有限公司,warranty,W-90,
WANT
if rc_is 0 && tr -d '\r' <"$T_DIR/out" | cmp -s - "$T_DIR/want"; then
	t_ok "equipment expiring: ending today and in 90 days listed, in 91 days and yesterday not, by date"
else
	t_not_ok "equipment expiring: ending today and in 90 days listed, in 91 days and yesterday not, by date" "rc=$RC"
fi
sd equipment expiring --within 91 --format json
if rc_is 0 && grep -q '"serial":"W-91"' "$T_DIR/out" && grep -q '"contract":3' "$T_DIR/out" &&
   ! grep -q 'W-YDAY' "$T_DIR/out" && grep -q '"ended_early":true' "$T_DIR/out"; then
	t_ok "--within 91 takes in the day after; yesterday's end never"
else
	t_not_ok "--within 91 takes in the day after; yesterday's end never" "rc=$RC"
fi
sd equipment expiring --within 0
if rc_is 0 && grep -q 'W-TODAY' "$T_DIR/out" && [ "$(grep -c '2026-11-20' "$T_DIR/out")" -eq 2 ] &&
   ! grep -q '2026-12-20' "$T_DIR/out"; then
	t_ok "--within 0: what ends today"
else
	t_not_ok "--within 0: what ends today" "rc=$RC"
fi
refused "--within -1: 64" 64 equipment expiring --within -1
SERVDESK_USER=nobody refused "someone not on the staff list may not look: 77" 77 equipment expiring

# ---------------------------------------------------------------- visits only under cover
sd_init
sd customer add "$CUST"
sd equipment add OLD-1 --customer "$CUST" --commissioned 2022-01-10     # warranty ended 2023-01-10
sd equipment add NEW-1 --customer "$CUST" --commissioned 2026-06-01     # in warranty to 2027-06-01
sd visit plan --until 2027-12-31
sd visit list --all --format csv
if rc_is 0 && ! grep -q ',maintenance,.*,OLD-1,' "$T_DIR/out" &&
   [ "$(grep ',maintenance,.*,NEW-1,' "$T_DIR/out" | cut -d, -f2 | sort | tail -n 1)" = 2027-06-01 ]; then
	t_ok "maintenance visits only while in warranty: none for OLD-1, NEW-1's last on its warranty end"
else
	t_not_ok "maintenance visits only while in warranty: none for OLD-1, NEW-1's last on its warranty end" "rc=$RC"
fi
sd contract add "$CUST" --from 2026-12-01 --to 2027-11-30 --equipment OLD-1 --visits quarterly
sd visit plan --until 2027-12-31
sd visit list --all --format csv
if rc_is 0 && [ "$(grep ',maintenance,.*,OLD-1,' "$T_DIR/out" | cut -d, -f2 | tr '\n' ' ')" = \
	"2026-12-01 2027-03-01 2027-06-01 2027-09-01 " ]; then
	t_ok "a contract with quarterly visits plans OLD-1's maintenance while it runs"
else
	t_not_ok "a contract with quarterly visits plans OLD-1's maintenance while it runs" "rc=$RC"
fi
sd contract end 1 --on 2027-04-30
sd visit plan --until 2027-12-31
if rc_is 0 && grep -q '2 removed' "$T_DIR/out"; then
	t_ok "ending the contract removes the visits after its end"
else
	t_not_ok "ending the contract removes the visits after its end" "rc=$RC"
fi
sd visit list --all --format csv
if [ "$(grep ',maintenance,.*,OLD-1,' "$T_DIR/out" | cut -d, -f2 | tr '\n' ' ')" = "2026-12-01 2027-03-01 " ]; then
	t_ok "visits stop when coverage ends"
else
	t_not_ok "visits stop when coverage ends"
fi

# the demonstration: no maintenance for equipment out of warranty unless a contract with visits covers it
t_new
SERVDESK_NOW='2026-12-07 10:00' "$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1
export SERVDESK_NOW='2026-12-07 10:00'
sd equipment list --format csv
tr -d '\r' <"$T_DIR/out" | awk -F, 'NR > 1 && $8 != "" && $8 < "2026-12-07" { print $1 }' | sort >"$T_DIR/ended"
sd visit list --all --format csv
tr -d '\r' <"$T_DIR/out" | awk -F, '$3 == "maintenance" { print $5 }' | sort -u >"$T_DIR/maint"
comm -12 "$T_DIR/ended" "$T_DIR/maint" >"$T_DIR/both"
if [ -s "$T_DIR/ended" ] && grep -q 'SZDQ-KG2022-0431' "$T_DIR/both" &&
   ! grep -q 'HG-GL2022-0110' "$T_DIR/maint" && ! grep -qv '^SZDQ-' "$T_DIR/both"; then
	t_ok "demo: out of warranty, only the contract's equipment (苏州电气) has maintenance visits"
else
	t_not_ok "demo: out of warranty, only the contract's equipment (苏州电气) has maintenance visits" \
		"$(tr '\n' ' ' <"$T_DIR/both")"
fi
sd equipment expiring
if rc_is 0 && grep -q 'contract ends' "$T_DIR/out"; then
	t_ok "demo: a contract ends within 90 days"
else
	t_not_ok "demo: a contract ends within 90 days" "rc=$RC"
fi
export SERVDESK_NOW='2026-11-20 10:00'

# ---------------------------------------------------------------- the contract's own service levels
# due_is CLOCK TIME: ledger show --format json (in out) has the clock due at TIME
due_is() { grep -Eq "\"clock\":\"$1\",\"state\":\"[a-z]+\",\"due\":\"$2\"" "$T_DIR/out"; }
# P1 received on Saturday 2025-10-04 10:00 (National Day holiday). Policy:
# on site within 24 h (10-05 10:00), cleared within 2 working days (the
# working days after are 10-09 and 10-10: 10-10 10:00). The contract's on
# site within 4 h counts every minute: 10-04 14:00.
sd_init
export SERVDESK_NOW='2025-10-04 12:00'
sd customer add "$CUST"
sd equipment add SN-1 --customer "$CUST" --commissioned 2022-01-10
R1=$(CUST=$CUST add_req --serial SN-1 --priority P1 --received '2025-10-04 10:00')
sd ledger take "$R1"
sd ledger show "$R1" --format json
if rc_is 0 && due_is onsite '2025-10-05 10:00'; then
	t_ok "levels: without a contract, on site by the policy's 24 h"
else
	t_not_ok "levels: without a contract, on site by the policy's 24 h" "rc=$RC"
fi
refused "levels: unknown clock: 64, named" 64 contract add "$CUST" --from 2025-01-01 --to 2025-12-31 --policy P1=arrive:4h
grep -q -- "--policy: .*unknown clock 'arrive'" "$T_DIR/err" && t_ok "levels: the message names --policy and the clock" ||
	t_not_ok "levels: the message names --policy and the clock" "$(cat "$T_DIR/err")"
refused "levels: bad duration: 64" 64 contract add "$CUST" --from 2025-01-01 --to 2025-12-31 --policy P1=onsite:4days
refused "levels: bad priority: 64" 64 contract add "$CUST" --from 2025-01-01 --to 2025-12-31 --policy P7=onsite:4h
sd contract add "$CUST" --from 2025-01-01 --to 2025-12-31 --equipment SN-1 --policy P1=onsite:4h --policy P2=reply:1h,clear:off
sd ledger show "$R1" --format json
if rc_is 0 && due_is onsite '2025-10-04 14:00' &&
   due_is clear '2025-10-10 10:00'; then
	t_ok "levels: adding the contract moves on site to 10-04 14:00; cleared keeps the policy's 10-10 10:00"
else
	t_not_ok "levels: adding the contract moves on site to 10-04 14:00; cleared keeps the policy's 10-10 10:00" \
		"rc=$RC"
fi
sd ledger explain "$R1"
if rc_is 0 && grep -q 'on site: 4 h, round the clock (contract #1, P1)' "$T_DIR/out"; then
	t_ok "levels: ledger explain says where the level came from"
else
	t_not_ok "levels: ledger explain says where the level came from" "rc=$RC"
fi
sd contract show 1 --format json
if rc_is 0 && grep -q '"levels":{"P1":{"onsite":"4h"},"P2":{"reply":"1h","clear":"off"}}' "$T_DIR/out"; then
	t_ok "levels: contract show --format json lists them"
else
	t_not_ok "levels: contract show --format json lists them" "$(cat "$T_DIR/out")"
fi
sd contract show 1
if rc_is 0 && grep -Eq '^Service levels: +P1  on site 4 h, round the clock$' "$T_DIR/out" &&
   grep -Eq '^ +P2  reply 1 h, round the clock; cleared no commitment$' "$T_DIR/out"; then
	t_ok "levels: contract show lists them per priority"
else
	t_not_ok "levels: contract show lists them per priority" "$(cat "$T_DIR/out")"
fi
sd contract list
if rc_is 0 && grep -Eq '^1\* ' "$T_DIR/out"; then
	t_ok "levels: contract list marks the contract with its own levels"
else
	t_not_ok "levels: contract list marks the contract with its own levels" "$(cat "$T_DIR/out")"
fi
sd contract list --format csv
if rc_is 0 && head -n 1 "$T_DIR/out" | grep -q ',levels' &&
   grep -q 'P1=onsite:4h P2=reply:1h,clear:off' "$T_DIR/out"; then
	t_ok "levels: contract list --format csv carries them"
else
	t_not_ok "levels: contract list --format csv carries them" "$(cat "$T_DIR/out")"
fi
sd contract end 1 --on 2025-10-03
sd ledger show "$R1" --format json
if rc_is 0 && due_is onsite '2025-10-05 10:00'; then
	t_ok "levels: a contract ended before the receipt no longer applies"
else
	t_not_ok "levels: a contract ended before the receipt no longer applies" "rc=$RC"
fi
sd contract add "$CUST" --from 2025-01-01 --to 2025-09-30 --policy P1=onsite:2h
sd contract renew 2 --to 2025-12-31
sd ledger show "$R1" --format json
if rc_is 0 && due_is onsite '2025-10-04 12:00'; then
	t_ok "levels: a renewal carries the levels to the new days (on site 10-04 12:00)"
else
	t_not_ok "levels: a renewal carries the levels to the new days (on site 10-04 12:00)" "rc=$RC"
fi
sd contract renew 2 --to 2026-06-30 --policy P1=onsite:3h
sd ledger show "$R1" --format json
if rc_is 0 && due_is onsite '2025-10-04 13:00'; then
	t_ok "levels: a renewal with --policy replaces them"
else
	t_not_ok "levels: a renewal with --policy replaces them" "rc=$RC"
fi
export SERVDESK_NOW='2026-11-20 10:00'

t_done
