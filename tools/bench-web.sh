#!/usr/bin/env bash
# Benchmarks of the web workspace — figures to read, not assertions:
#   1. the report list, its filters and the API at N reports (default 100,000, generated);
#   2. the 统计 pages (overview, charts, rankings, roll-ups) and their data;
#   3. one review page with its source: the PDF with the most pages among examples/ and, when
#      present, ../shared/corpus (the page, the source PDF, the source API);
#   4. import throughput: the same files through the web (POST /api/imports) and `xxgk ingest`.
# Each request is timed 15 times with curl on loopback; the median and the slowest are printed.
# Usage: tools/bench-web.sh [N]      (needs curl; a release build is made first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --release -q
x=$PWD/target/release/xxgk
# XXGK_BENCH_DIR: work there and keep it (the store, to look into); else a temporary folder.
if [ -n "${XXGK_BENCH_DIR:-}" ]; then
  work=$XXGK_BENCH_DIR; rm -rf "$work"; mkdir -p "$work"
  trap 'kill "${server:-0}" 2>/dev/null || true' EXIT
else
  work=$(mktemp -d)
  trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
fi

echo "== $N generated reports"
t0=$(date +%s.%N)
"$x" synth "$N" --out "$work/in" --seed 7 --forms tsv,pipes,md,html --inconsistent 0.3 >/dev/null
t1=$(date +%s.%N)
"$x" ingest --db "$work/s.db" "$work/in" >/dev/null 2>&1 || true
t2=$(date +%s.%N)
printf 'synth %.0f s, ingest %.0f s (%.0f reports/s)\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$N / ($t2 - $t1)" | bc -l)"

# The PDF with the most pages, ingested into the same store.
best=""; most=0
for f in examples/*.pdf $(find ../shared/corpus -name '*.pdf' 2>/dev/null); do
  p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  if [ -n "$p" ] && [ "$p" -gt "$most" ]; then best=$f; most=$p; fi
done
[ -n "$best" ] && "$x" ingest --db "$work/s.db" "$best" >/dev/null 2>&1 || true

port=$((20000 + RANDOM % 20000))
"$x" serve --db "$work/s.db" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; done
base="http://127.0.0.1:$port"

time_url() {
  local url=$1
  local times
  times=$(for _ in $(seq 15); do curl -s -o /dev/null -w '%{time_total}\n' "$base$url"; done | sort -n)
  printf '%-70s median %6.1f ms   slowest %6.1f ms\n' "$url" \
    "$(echo "$times" | sed -n 8p | awk '{print $1 * 1000}')" "$(echo "$times" | tail -1 | awk '{print $1 * 1000}')"
}

echo "== the report list at $(curl -s "$base/api/reports" | sed 's/.*"total":\([0-9]*\).*/\1/' | head -c 20) reports"
for u in "/reports" "/reports?page=999" "/reports?year=2023" "/reports?level=county" "/reports?region=%E9%9D%92%E7%A6%BE%E5%B8%82" \
         "/reports?severity=error" "/reports?code=T3-FLOW" "/reports?status=todo" "/reports?sort=errors" \
         "/reports?q=%E4%BF%A1%E6%81%AF%E5%A4%84%E7%90%86%E8%B4%B9" "/reports?organ=%E6%95%99%E8%82%B2%E5%B1%80&year=2022" \
         "/api/reports" "/api/reports?code=T4-SUM&sort=errors"; do
  time_url "$u"
done

echo "== 统计: the first request reads every report's figures; the others answer from memory"
time_first() {
  printf '%-70s first  %6.1f ms\n' "$1" "$(curl -s -o /dev/null -w '%{time_total}' "$base$1" | awk '{print $1 * 1000}')"
}
time_first "/overview"
for u in "/overview" "/overview?year=2023&region=%E9%9D%92%E7%A6%BE%E5%B8%82" "/stats" "/stats?year=2022&level=county" "/ranking?by=errors" \
         "/ranking?by=withheld&year=2023" "/rollup" "/rollup?year=2023&page=3" "/api/stats?by=region" "/api/stats?by=year" \
         "/data/stats.xlsx?by=region" "/stats/table?by=region" "/stats/table?by=level" "/files" "/organs" "/roster" "/reports.xlsx"; do
  time_url "$u"
done
printf '%-70s %8s bytes\n' "/stats (HTML)" "$(curl -s "$base/stats" | wc -c)"

if [ -n "$best" ]; then
  id=$(sqlite3 "$work/s.db" "SELECT id FROM reports WHERE source_path LIKE '%$(basename "$best")' LIMIT 1" 2>/dev/null || true)
  if [ -n "$id" ]; then
    echo "== one review page: $(basename "$best"), $most pages"
    for u in "/reports/$id" "/api/reports/$id" "/api/reports/$id/source" "/reports/$id/source.pdf"; do time_url "$u"; done
  fi
fi

echo "== import of 1,000 files: the web against xxgk ingest"
mkdir -p "$work/batch"
find "$work/in" -type f ! -name '*.expected.json' | sed -n '1,1000p' | while read -r f; do cp "$f" "$work/batch/"; done
"$x" ingest --db "$work/cli.db" "$work/batch" >/dev/null 2>&1 || true   # warm the file cache
rm -f "$work/cli.db"*
t0=$(date +%s.%N)
"$x" ingest --db "$work/cli.db" "$work/batch" >/dev/null 2>&1 || true
t1=$(date +%s.%N)
kill "$server"; wait "$server" 2>/dev/null || true
"$x" serve --db "$work/web.db" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
until curl -s -o /dev/null "$base/"; do sleep 0.2; done
token=$(curl -s -c "$work/jar" "$base/import" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p')
args=()
for f in "$work"/batch/*; do args+=(-F "file=@$f"); done
t2=$(date +%s.%N)
job=$(curl -s -b "$work/jar" -H "X-CSRF-Token: $token" "${args[@]}" "$base/api/imports" | sed 's/[^0-9]//g')
until curl -s "$base/api/imports/$job" | grep -q '"state":"done"'; do sleep 0.1; done
t3=$(date +%s.%N)
printf 'xxgk ingest: %.0f files/s   web import (upload included): %.0f files/s\n' \
  "$(echo "1000 / ($t1 - $t0)" | bc -l)" "$(echo "1000 / ($t3 - $t2)" | bc -l)"
