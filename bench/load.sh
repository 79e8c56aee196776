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
# VERTX_METERS=false runs the gateway with `metrics: { vertx: false }`.
# Usage: [CONNS="1 16 64 256"] [ROUNDS=3] [VERTX_METERS=false] bench/load.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
rounds=${ROUNDS:-3}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" "$plain" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="$root/bench/target/classes:$(cat bench/target/classpath.txt)"
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
java -cp "$cp" dev.keyshift.bench.PlainServer 8090 > "$work/plain.log" 2>&1 & plain=$!
for i in $(seq 1 60); do
  curl -s -o /dev/null http://127.0.0.1:8081/health/ready && curl -s -o /dev/null -X POST http://127.0.0.1:8090/ && break
  sleep 1
done
if [ "${VERTX_METERS:-true}" = false ]; then # the embedded default, with metrics: { vertx: false }
  kill "$gw"; wait "$gw" 2>/dev/null || true
  echo "metrics: { vertx: false }" >> "$work/keyshift-data/keyshift.yaml"
  (cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & gw=$!
  for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8081/health/ready && break; sleep 1; done
fi
token=$(cat "$work/keyshift-data/client.token")
dek='{"plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}'
ct=$(curl -s -H "Authorization: Bearer $token" -d "$dek" http://127.0.0.1:8080/v1/keys/demo/wrap | sed 's/.*"ciphertext":"\([^"]*\)".*/\1/')
unwrap="{\"ciphertext\":\"$ct\"}"

threads() { if [ "$1" -lt 2 ]; then echo 1; else echo 2; fi; }
# CPU seconds (user + system) the process has used, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
run() { # name url body token connections seconds; appends the server's CPU microseconds per request
  local pid=$gw before line requests
  [ "$1" = plain ] && pid=$plain
  before=$(ticks "$pid")
  line=$(BODY="$3" TOKEN="$4" wrk -t"$(threads "$5")" -c"$5" -d"$6"s --timeout 10s -s bench/wrk/post.lua "$2" | grep RESULT | sed "s/^RESULT/$1 c=$5/")
  requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "$line cpu_us_per_req=$(awk -v t=$(($(ticks "$pid") - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", t * 1e6 / hz / (n > 0 ? n : 1) }')"
}
# Median round per server and connection count: sorted by rps, the middle line.
median() { { grep "^$1 c=$2 " "$work/results" || true; } | sort -t= -k3 -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }

for name in plain wrap unwrap; do # JIT warm-up, not reported
  case $name in plain) u=http://127.0.0.1:8090/ b=$dek t= ;; wrap) u=http://127.0.0.1:8080/v1/keys/demo/wrap b=$dek t=$token ;; unwrap) u=http://127.0.0.1:8080/v1/keys/demo/unwrap b=$unwrap t=$token ;; esac
  run "$name" "$u" "$b" "$t" 64 10 > /dev/null
done
for c in ${CONNS:-1 16 64 256}; do
  for name in plain wrap unwrap; do # warm-up, not reported
    case $name in plain) u=http://127.0.0.1:8090/ b=$dek t= ;; wrap) u=http://127.0.0.1:8080/v1/keys/demo/wrap b=$dek t=$token ;; unwrap) u=http://127.0.0.1:8080/v1/keys/demo/unwrap b=$unwrap t=$token ;; esac
    run "$name" "$u" "$b" "$t" "$c" 3 > /dev/null
  done
  for r in $(seq 1 "$rounds"); do
    run plain http://127.0.0.1:8090/ "$dek" "" "$c" "$secs" | tee -a "$work/results"
    run wrap http://127.0.0.1:8080/v1/keys/demo/wrap "$dek" "$token" "$c" "$secs" | tee -a "$work/results"
    run unwrap http://127.0.0.1:8080/v1/keys/demo/unwrap "$unwrap" "$token" "$c" "$secs" | tee -a "$work/results"
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
done
peak=$(median wrap 64 | sed 's/.*rps=\([0-9]*\).*/\1/')
if [ -n "$peak" ]; then
  rate=$((peak / 2))
  # 64 connections at `rate` leave 64,000 / rate ms per request and connection; about 0.2 ms of it
  # is the answer's own latency at this load.
  period=$(awk -v r="$rate" 'BEGIN { printf "%.3f", 64 * 1000 / r - 0.2 }')
  paced() { # name url body token
    BODY="$3" TOKEN="$4" PERIOD_MS="$period" wrk -t2 -c64 -d"$secs"s --timeout 10s -s bench/wrk/paced.lua "$2" \
      | grep RESULT | sed "s/^RESULT/paced $1 rate=$rate/" | tee -a "$work/latency"
  }
  for r in $(seq 1 "$rounds"); do
    paced plain http://127.0.0.1:8090/ "$dek" ""
    paced wrap http://127.0.0.1:8080/v1/keys/demo/wrap "$dek" "$token"
    paced unwrap http://127.0.0.1:8080/v1/keys/demo/unwrap "$unwrap" "$token"
  done
  echo "--- paced at half of peak ($rate req/s asked, 64 connections), median of $rounds rounds by p99"
  for name in plain wrap unwrap; do
    grep "^paced $name " "$work/latency" | sort -t= -k5 -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }' | sed 's/^paced/latency/'
  done
fi
rss=$(ps -o rss= -p "$gw")
heap=$(curl -s http://127.0.0.1:8081/metrics | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
echo "gateway rss_mib=$((rss / 1024)) heap_used_mib=$heap"
