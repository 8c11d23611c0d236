#!/usr/bin/env bash
# The cost of an account's scope at N reports (default 100,000, generated): the list, 总览 and
# 统计 timed on one server for an administrator (every report) and for a county's reviewer (the
# organs of one county) — figures to read, not assertions.
#
# Generated organs are made-up places, which sit under 未识别地区. For this measure, and on the
# benchmark's own store only, they are put into two real counties by SQL: one organ in ten into
# 320813 (洪泽区), the others into 320803 (淮安区). The reviewer's scope is 320813.
#
# Each request is timed 15 times with curl on loopback; the median and the slowest are printed.
# Usage: tools/bench-scope.sh [N]      (needs curl and sqlite3; a release build is made first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --release -q
x=$PWD/target/release/xxgk
# XXGK_BENCH_DIR: work there and keep the store (a second run reuses it); else a temporary folder.
if [ -n "${XXGK_BENCH_DIR:-}" ]; then
  work=$XXGK_BENCH_DIR; mkdir -p "$work"
  trap 'kill "${server:-0}" 2>/dev/null || true' EXIT
else
  work=$(mktemp -d)
  trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
fi

if [ ! -f "$work/scope.db" ]; then
  "$x" synth "$N" --out "$work/in" --seed 7 --forms tsv,pipes,md,html --inconsistent 0.3 >/dev/null
  "$x" ingest --db "$work/scope.db" "$work/in" >/dev/null 2>&1 || true
  sqlite3 "$work/scope.db" "UPDATE organs SET division = CASE WHEN id % 10 = 0 THEN '320813' ELSE '320803' END;"
  for who in "管理员:admin:" "洪泽区审核员:reviewer:--place 320813"; do
    IFS=: read -r name role place <<<"$who"
    # shellcheck disable=SC2086
    echo "a long benchmark password" | "$x" users --db "$work/scope.db" add --role "$role" $place "$name" >/dev/null
  done
fi
echo "== $(sqlite3 "$work/scope.db" "SELECT count(*) FROM reports WHERE current = 1") reports, $(sqlite3 "$work/scope.db" \
  "SELECT count(*) FROM reports r JOIN organs o ON o.id = r.organ_id WHERE r.current = 1 AND o.division = '320813'") in 320813"

port=$((20000 + RANDOM % 20000))
"$x" serve --db "$work/scope.db" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
base="http://127.0.0.1:$port"
until curl -s -o /dev/null "$base/login"; do sleep 0.2; done

sign_in() {
  curl -s -o /dev/null -c "$work/$2.jar" -H "Origin: $base" --data-urlencode "name=$1" \
    --data-urlencode "password=a long benchmark password" "$base/login"
}
sign_in "管理员" admin
sign_in "洪泽区审核员" county

time_url() {
  local jar=$1 url=$2 times
  times=$(for _ in $(seq 15); do curl -s -o /dev/null -b "$work/$jar.jar" -w '%{time_total}\n' "$base$url"; done | sort -n)
  printf '%-8s %-40s median %7.1f ms   slowest %7.1f ms\n' "$jar" "$url" \
    "$(echo "$times" | sed -n 8p | awk '{print $1 * 1000}')" "$(echo "$times" | tail -1 | awk '{print $1 * 1000}')"
}

# The first 统计 request reads every report's figures; both accounts share what it read.
curl -s -o /dev/null -b "$work/admin.jar" "$base/overview"
for u in "/reports" "/reports?status=todo" "/reports?severity=error&sort=errors" "/api/reports" \
         "/overview" "/stats" "/api/stats?by=region" "/ranking?by=errors" "/rollup"; do
  time_url admin "$u"
  time_url county "$u"
done
