#!/usr/bin/env bash
# Slow backend: the gateway (embedded default) with a backend that answers each call after 50 ms
# (bench/.../SlowBackend, behind the usual metering and resilience; bulkhead raised to 20,000),
# loaded by bench/.../LoadGenerator with 500, 2,000 and 10,000 connections, one wrap in flight on each.
# Little's law gives the throughput a gateway adding no delay would reach: connections / 50 ms. The
# same load against the plain Vert.x server answering after 50 ms shows this machine's limit.
# The gateway runs with -Xmx512m: holding 10,000 requests in flight must fit in that heap. Both
# servers get 30 s of load first, unreported, so the JIT has compiled the hot paths.
# Needs ports 8080, 8081 and 8090 free. Results: docs/PERFORMANCE.md.
# Usage: [LEVELS="500 2000 10000"] bench/slow-backend.sh [seconds-measured]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-20}
latency_ms=50
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" "$plain" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build
java_opts=(--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED)
(cd "$work" && exec java -Xmx512m "${java_opts[@]}" -cp "$cp" dev.keyshift.bench.SlowGateway "$latency_ms" 20000 > gateway.log 2>&1) & gw=$!
java -cp "$cp" dev.keyshift.bench.PlainServer 8090 "$latency_ms" > "$work/plain.log" 2>&1 & plain=$!
wait_ready; wait_plain 8090
token=$(cat "$work/keyshift-data/client.token")
echo "$DEK_BODY" > "$work/wrap.json"

load() { # url token connections seconds warm-up [extra options]
  java -Xmx2g -cp "$cp" dev.keyshift.bench.LoadGenerator url="$1" token="$2" body="$work/wrap.json" \
    connections="$3" seconds="$4" warmup="$5" "${@:6}" | grep RESULT
}
load http://127.0.0.1:8090/ "" 2000 1 30 > /dev/null
load http://127.0.0.1:8080/v1/keys/demo/wrap "$token" 2000 1 30 > /dev/null
for n in ${LEVELS:-500 2000 10000}; do
  little=$((n * 1000 / latency_ms))
  p=$(load http://127.0.0.1:8090/ "" "$n" "$secs" 10)
  echo "plain+${latency_ms}ms c=$n ${p#RESULT } littles_law_rps=$little"
  g=$(load http://127.0.0.1:8080/v1/keys/demo/wrap "$token" "$n" "$secs" 10 heap=http://127.0.0.1:8081/metrics)
  echo "gateway+${latency_ms}ms c=$n ${g#RESULT } littles_law_rps=$little"
done
echo "gateway -Xmx512m, OutOfMemoryErrors logged: $(grep -c OutOfMemoryError "$work/gateway.log" || true)"
echo "gateway peak rss_mib=$(( $(awk '/VmHWM/ { print $2 }' "/proc/$(pgrep -f bench.SlowGateway | head -1)/status") / 1024 ))"
