#!/usr/bin/env bash
# Load benchmark: the gateway's wrap and unwrap (embedded default, local AES key wrap) against a
# plain Vert.x server answering a wrap-sized JSON, driven by wrk with keep-alive connections.
# Each connection count runs ROUNDS rounds of plain, wrap and unwrap back to back (interleaved, so
# a slow minute of this shared machine hits all three alike) and reports the median round.
# Then latency at half of the gateway's peak (its median wrap req/s at 64 connections): wrk paced
# to that rate (bench/wrk/paced.lua: each of 64 connections waits between an answer and its next
# request), on the plain server, wrap and unwrap; ROUNDS interleaved rounds, median by p99.
# Everything starts with 30 s of unreported load so the JIT has compiled the hot paths.
# Needs wrk (apt-get install wrk); ports 8080, 8081 and 8090 free. Results: docs/PERFORMANCE.md.
# VERTX_METERS=true runs the gateway with `metrics: { vertx: true }`. BEFORE_JAR=path adds another
# build of the gateway (an older commit's jar, on ports 8082 and 8083, same keys and routing) to
# every round, as servers before-wrap and before-unwrap: CPU per request before and after a change,
# measured in one run. WARMUP sets the seconds of unreported load per server (default 30).
# Usage: [CONNS="1 16 64 256"] [ROUNDS=3] [VERTX_METERS=true] [BEFORE_JAR=old.jar] bench/load.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-10}
rounds=${ROUNDS:-3}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" "$plain" $oldgw 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
(cd "$work" && exec java ${GW_JAVA_OPTS:-} -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
java -cp "$cp" dev.keyshift.bench.PlainServer 8090 > "$work/plain.log" 2>&1 & plain=$!
wait_ready; wait_plain 8090
if [ "${VERTX_METERS:-false}" = true ]; then # the embedded default, with metrics: { vertx: true }
  kill "$gw"; wait "$gw" 2>/dev/null || true
  echo "metrics: { vertx: true }" >> "$work/keyshift-data/keyshift.yaml"
  (cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & gw=$!
  wait_ready
fi
token=$(cat "$work/keyshift-data/client.token")
unwrap=$(unwrap_body "$token")
servers="plain wrap unwrap"
oldgw=
if [ -n "${BEFORE_JAR:-}" ]; then # the same folder, keys and routing, on other ports
  cp -r "$work/keyshift-data" "$work/before-data"
  sed -i 's/port: 8080/port: 8082/; s/port: 8081/port: 8083/' "$work/before-data/keyshift.yaml"
  (cd "$work" && exec java -jar "$BEFORE_JAR" serve --config before-data/keyshift.yaml > before.log 2>&1) & oldgw=$!
  wait_ready 8083
  servers="plain wrap unwrap before-wrap before-unwrap"
fi

threads() { if [ "$1" -lt 2 ]; then echo 1; else echo 2; fi; }
# The URL, body and token each server is driven with: sets url, body and auth.
target() {
  case $1 in
    plain) url=http://127.0.0.1:8090/ body=$DEK_BODY auth= ;;
    wrap) url=http://127.0.0.1:8080/v1/keys/demo/wrap body=$DEK_BODY auth=$token ;;
    unwrap) url=http://127.0.0.1:8080/v1/keys/demo/unwrap body=$unwrap auth=$token ;;
    before-wrap) url=http://127.0.0.1:8082/v1/keys/demo/wrap body=$DEK_BODY auth=$token ;;
    before-unwrap) url=http://127.0.0.1:8082/v1/keys/demo/unwrap body=$unwrap auth=$token ;;
  esac
}
run() { # server connections seconds; appends the server's CPU microseconds per request
  local pid=$gw before line requests
  [ "$1" = plain ] && pid=$plain
  case $1 in before-*) pid=$oldgw ;; esac
  target "$1"
  before=$(ticks "$pid")
  line=$(BODY="$body" TOKEN="$auth" wrk -t"$(threads "$2")" -c"$2" -d"$3"s --timeout 10s -s bench/wrk/post.lua "$url" | grep RESULT | sed "s/^RESULT/$1 c=$2/")
  requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "$line cpu_us_per_req=$(cpu_us_per_request "$pid" "$before" "$requests")"
}
# The middle line of the input sorted by its field $1 (fields split at '=').
middle() { sort -t= -k"$1" -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }
# Median round per server and connection count, by req/s.
median() { { grep "^$1 c=$2 " "$work/results" || true; } | middle 3; }
# Each round's wrap and unwrap req/s as a share of the plain server's in the same round, in order.
round_shares() {
  awk -v c="c=$1" '$2 == c { split($3, f, "="); rps[$1] = f[2] }
    $2 == c && $1 == "unwrap" { w = w sep int(100 * rps["wrap"] / rps["plain"]); u = u sep int(100 * rps["unwrap"] / rps["plain"]); sep = "," }
    END { print "wrap/plain=" w "% unwrap/plain=" u "%" }' "$work/results"
}

for name in $servers; do run "$name" 64 "${WARMUP:-30}" > /dev/null; done # JIT warm-up, not reported
for c in ${CONNS:-1 16 64 256}; do
  for name in $servers; do run "$name" "$c" 3 > /dev/null; done # warm-up, not reported
  for r in $(seq 1 "$rounds"); do
    for name in $servers; do run "$name" "$c" "$secs" | tee -a "$work/results"; done
  done
done
echo "--- medians of $rounds rounds, $secs s each"
for c in ${CONNS:-1 16 64 256}; do
  p=$(median plain "$c"); w=$(median wrap "$c"); u=$(median unwrap "$c")
  echo "$p"; echo "$w"; echo "$u"
  rps() { echo "$1" | sed 's/.*rps=\([0-9]*\).*/\1/'; }
  cpu() { echo "$1" | sed 's/.*cpu_us_per_req=\([0-9.]*\).*/\1/'; }
  echo "c=$c wrap/plain=$((100 * $(rps "$w") / $(rps "$p")))% unwrap/plain=$((100 * $(rps "$u") / $(rps "$p")))%" \
    "server CPU per request: plain $(cpu "$p") us, wrap $(cpu "$w") us, unwrap $(cpu "$u") us"
  echo "rounds c=$c $(round_shares "$c")"
  if [ -n "$oldgw" ]; then
    bw=$(median before-wrap "$c"); bu=$(median before-unwrap "$c")
    echo "$bw"; echo "$bu"
    echo "c=$c before: wrap/plain=$((100 * $(rps "$bw") / $(rps "$p")))% unwrap/plain=$((100 * $(rps "$bu") / $(rps "$p")))%" \
      "server CPU per request: wrap $(cpu "$bw") us, unwrap $(cpu "$bu") us"
  fi
done
peak=$(median wrap 64 | sed 's/.*rps=\([0-9]*\).*/\1/')
if [ -n "$peak" ]; then
  rate=$((peak / 2))
  # 64 connections at `rate` leave 64,000 / rate ms per request and connection; about 0.2 ms of it
  # is the answer's own latency at this load.
  period=$(awk -v r="$rate" 'BEGIN { printf "%.3f", 64 * 1000 / r - 0.2 }')
  paced() { # server
    target "$1"
    BODY="$body" TOKEN="$auth" PERIOD_MS="$period" wrk -t2 -c64 -d"$secs"s --timeout 10s -s bench/wrk/paced.lua "$url" \
      | grep RESULT | sed "s/^RESULT/paced $1 rate=$rate/" | tee -a "$work/latency"
  }
  for r in $(seq 1 "$rounds"); do
    for name in plain wrap unwrap; do paced "$name"; done
  done
  echo "--- paced at half of peak ($rate req/s asked, 64 connections), median of $rounds rounds by p99"
  for name in plain wrap unwrap; do
    grep "^paced $name " "$work/latency" | middle 5 | sed 's/^paced/latency/'
  done
fi
rss=$(ps -o rss= -p "$gw")
heap=$(curl -s http://127.0.0.1:8081/metrics | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
echo "gateway rss_mib=$((rss / 1024)) heap_used_mib=$heap"
