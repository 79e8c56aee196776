#!/usr/bin/env bash
# A/B of Vert.x's own meters: two gateways on the embedded default's keys, one with
# `metrics: { vertx: true }` (8080) and one as shipped, without (8180), wrap at 64 connections with wrk, ROUNDS
# interleaved rounds (default 4; the order alternates, so drift favours neither) after a 30 s
# warm-up each; server CPU per request from /proc.
# Needs wrk; ports 8080, 8081, 8180 and 8181 free. Results: docs/PERFORMANCE.md.
# Usage: [ROUNDS=4] bench/vertx-meters-ab.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-8}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$on" "$off" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
mkdir -p "$work/on" "$work/off"
(cd "$work/on" && exec java -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & on=$!
wait_ready 8081
kill "$on"; wait "$on" 2>/dev/null || true
cp -r "$work/on/keyshift-data" "$work/off/"
sed -i 's/port: 8080/port: 8180/; s/port: 8081/port: 8181/' "$work/off/keyshift-data/keyshift.yaml"
echo "metrics: { vertx: true }" >> "$work/on/keyshift-data/keyshift.yaml"
(cd "$work/on" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & on=$!
(cd "$work/off" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & off=$!
wait_ready 8081; wait_ready 8181
token=$(cat "$work/on/keyshift-data/client.token")
run() { # name port pid seconds
  local before line requests
  before=$(ticks "$3")
  line=$(BODY="$DEK_BODY" TOKEN="$token" wrk -t2 -c64 -d"$4"s -s bench/wrk/post.lua "http://127.0.0.1:$2/v1/keys/demo/wrap" | grep RESULT)
  requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "vertx-meters-$1 ${line#RESULT } cpu_us_per_req=$(cpu_us_per_request "$3" "$before" "$requests")"
}
run on 8080 "$on" 30 > /dev/null
run off 8180 "$off" 30 > /dev/null
for r in $(seq 1 "${ROUNDS:-4}"); do
  if [ $((r % 2)) -eq 1 ]; then
    run on 8080 "$on" "$secs"; run off 8180 "$off" "$secs"
  else
    run off 8180 "$off" "$secs"; run on 8080 "$on" "$secs"
  fi
done
