#!/bin/sh
# bench/load.sh — how many people one host serves: N simulated people at the
# desk against one database for a fixed time, each a loop of real commands
# with no think time, for N = 8, 32 and 64 (`make bench`, after bench/run.sh;
# not part of `make check`). Prints, per N, the commands run per second and,
# per operation, the count, median and 99th percentile in milliseconds and
# the commands that ended with exit 69 (the database stayed busy past the
# busy timeout).
#
# The people, in turn: a front-desk operator (registers a request, lists the
# open ones, searches two characters), an engineer (registers one, takes it
# into the ledger, assigns himself, proposes a solution, lists his entries),
# a storekeeper (receives a part, issues one to an open entry, lists the
# store) and a supervisor's reading (the overdue entries, a customer's
# requests).
#
# Environment: SERVDESK (default src/servdesk), LOAD_SECONDS (default 20),
# LOAD_PEOPLE (default "8 32 64"), BENCH_KEEP=1 keeps the directory.

SERVDESK=${SERVDESK:-src/servdesk}
LOAD_SECONDS=${LOAD_SECONDS:-20}
LOAD_PEOPLE=${LOAD_PEOPLE:-8 32 64}
LC_ALL=C.UTF-8
export LC_ALL
unset SERVDESK_NOW SERVDESK_DB

TMP=$(mktemp -d "${TMPDIR:-/tmp}/servdesk-load.XXXXXX") || exit 1
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM

die() { echo "load: $*" >&2; exit 1; }

# ms: milliseconds since the epoch
ms() { date +%s%3N; }

# one timed command: OP, then the command; appends "OP MS RC" to $OUT
t() {
	_op=$1
	shift
	_a=$(ms)
	"$@" >/dev/null 2>>"$ERR"
	_rc=$?
	_b=$(ms)
	echo "$_op $((_b - _a)) $_rc" >>"$OUT"
	return $_rc
}

sd() { SERVDESK_USER=$WHO "$SERVDESK" --db "$DB" "$@"; }

person() { # KIND INDEX END
	kind=$1
	i=$2
	end=$3
	n=0
	case $kind in
	operator) WHO=wangli ;;
	engineer) set -- liqiang sunhao zhangwei zhaomin; eval "WHO=\${$((i % 4 + 1))}" ;;
	store) WHO=zhougang ;;
	reader) WHO=liuyang ;;
	esac
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((n + 1))
		case $kind in
		operator)
			t request_add sd request add --channel phone --customer "苏州电气集团有限公司" \
				--requester 吴振华 --phone 0512-58639752 --item "变频器报警 $i-$n" --priority P3
			t request_list sd request list --status open
			t search_2 sd request list --search 锅炉
			;;
		engineer)
			r=$(SERVDESK_USER=$WHO "$SERVDESK" --db "$DB" request add --channel fax \
				--customer "无锡华光锅炉股份有限公司" --requester 顾卫东 --phone 0510-85237788 \
				--item "锅炉给水泵异响 $i-$n" 2>>"$ERR")
			[ -n "$r" ] || { echo "request_add_eng 0 69" >>"$OUT"; continue; }
			t ledger_take sd ledger take "$r"
			t ledger_assign sd ledger assign "$r" --engineer "$WHO"
			t ledger_propose sd ledger propose "$r" --mode phone --fault elec \
				--solution "电话指导检查给水泵轴承润滑"
			echo "$r" >>"$TMP/open"
			t ledger_list sd ledger list --open --engineer "$WHO"
			;;
		store)
			t stock_receive sd stock receive SEAL-32 2 --reason "补货 $i-$n"
			r=$(tail -n 1 "$TMP/open" 2>/dev/null)
			[ -n "$r" ] && t stock_issue sd stock issue SEAL-32 1 --request "$r" --reason "更换密封"
			t stock_list sd stock list
			;;
		reader)
			t ledger_overdue sd ledger list --overdue
			t customer_requests sd request list --search 苏州电气
			;;
		esac
	done
}

echo
echo "== servdesk load: people at the desk against one database (${LOAD_SECONDS}s each)"
echo "   host: $(nproc 2>/dev/null || echo ?) CPUs; think time 0; every command a new process"
for N in $LOAD_PEOPLE; do
	DB=$TMP/load-$N.db
	OUT=$TMP/ops-$N.txt
	ERR=$TMP/err-$N.txt
	: >"$OUT"
	: >"$ERR"
	: >"$TMP/open"
	SERVDESK_USER=root "$SERVDESK" --db "$DB" init --demo >/dev/null 2>&1 || die "init --demo failed"
	end=$(($(date +%s) + LOAD_SECONDS))
	k=0
	while [ $k -lt "$N" ]; do
		case $((k % 4)) in
		0) kind=operator ;;
		1) kind=engineer ;;
		2) kind=store ;;
		3) kind=reader ;;
		esac
		person "$kind" "$k" "$end" &
		k=$((k + 1))
	done
	wait
	total=$(wc -l <"$OUT")
	busy=$(awk '$3 == 69' "$OUT" | wc -l)
	failed=$(awk '$3 != 0 && $3 != 69' "$OUT" | wc -l)
	echo
	printf '%s people: %s commands in %ss, %s a second; exit 69 (busy): %s (target: 0); other failures: %s\n' \
		"$N" "$total" "$LOAD_SECONDS" "$(awk -v n="$total" -v s="$LOAD_SECONDS" 'BEGIN { printf "%.1f", n / s }')" \
		"$busy" "$failed"
	printf '  %-18s %7s %10s %10s %8s\n' operation count "median ms" "p99 ms" "exit 69"
	sort -k1,1 -k2,2n "$OUT" | awk '
		function flush() {
			if (op == "") return
			med = v[int((c + 1) / 2)]
			p = int(c * 0.99 + 0.999); if (p < 1) p = 1; if (p > c) p = c
			printf "  %-18s %7d %10d %10d %8d\n", op, c, med, v[p], b
		}
		$1 != op { flush(); op = $1; c = 0; b = 0; delete v }
		{ v[++c] = $2; if ($3 == 69) b++ }
		END { flush() }'
	p99=$(sort -k2,2n "$OUT" | awk '{ v[++c] = $2 } END { p = int(c * 0.99 + 0.999); if (p < 1) p = 1; print (c ? v[p] : 0) }')
	echo "  all commands: p99 ${p99} ms (target: under 200 ms up to 64 people)"
	if [ "$failed" -gt 0 ]; then
		echo "  the first failures:"
		sort "$ERR" | uniq -c | sort -rn | head -n 3 | sed 's/^/    /'
	fi
done
