#!/usr/bin/env bash
# CPU profile of the gateway under load: runs `keyshift serve` (embedded default) with Java Flight
# Recorder, drives wrap with wrk at 64 connections, then prints where the samples go
# (bench/.../JfrShares). Needs wrk; ports 8080 and 8081 free.
# Usage: bench/profile.sh [seconds] [wrap|unwrap] [recording.jfr]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
op=${2:-wrap}
root=$(pwd)
out=${3:-$root/bench/target/gateway-$op.jfr}
work=$(mktemp -d)
cleanup() { kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mvn -B -q -DskipTests -Dspotless.check.skip install
mkdir -p "$(dirname "$out")"
(cd "$work" && exec java -XX:StartFlightRecording=settings=profile,filename="$out",dumponexit=true \
  -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8081/health/ready && break; sleep 1; done
token=$(cat "$work/keyshift-data/client.token")
body='{"plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}'
if [ "$op" = unwrap ]; then
  ct=$(curl -s -H "Authorization: Bearer $token" -d "$body" http://127.0.0.1:8080/v1/keys/demo/wrap | sed 's/.*"ciphertext":"\([^"]*\)".*/\1/')
  body="{\"ciphertext\":\"$ct\"}"
fi
BODY="$body" TOKEN="$token" wrk -t2 -c64 -d"$secs"s -s bench/wrk/post.lua "http://127.0.0.1:8080/v1/keys/demo/$op" | grep RESULT
kill "$gw"; wait "$gw" 2>/dev/null || true
mvn -B -q -pl bench exec:exec -Dbench.main=dev.keyshift.bench.JfrShares -Dbench.args="$out"
