#!/usr/bin/env bash
# CPU profile of the gateway under load, with async-profiler (from Maven Central,
# tools.profiler:async-profiler; itimer sampling, 1 ms, no kernel settings needed): runs
# `keyshift serve` (embedded default), drives wrap or unwrap with wrk at 64 connections, keeps the
# last whole 10-second profile (the JIT has compiled by then), and prints where the samples go
# (bench/.../ProfileShares). Needs wrk; ports 8080 and 8081 free.
# Usage: bench/profile.sh [seconds, at least 30] [wrap|unwrap]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-40}
op=${2:-wrap}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
mvn -B -q -N dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$work"
(cd "$work" && unzip -q async-profiler-3.0.jar 'linux-x64/*')
mkdir -p "$work/profiles"
(cd "$work" && exec java \
  -agentpath:"$work/linux-x64/libasyncProfiler.so=start,event=itimer,interval=1ms,collapsed,loop=10s,file=$work/profiles/%t.collapsed" \
  -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
wait_ready
token=$(cat "$work/keyshift-data/client.token")
body=$DEK_BODY
[ "$op" = unwrap ] && body=$(unwrap_body "$token")
BODY="$body" TOKEN="$token" wrk -t2 -c64 -d"$secs"s -s bench/wrk/post.lua "http://127.0.0.1:8080/v1/keys/demo/$op" | grep RESULT
kill "$gw"; wait "$gw" 2>/dev/null || true
# The newest profiles are the end of the run and the shutdown; the one before them is whole.
profile=$(ls "$work"/profiles/*.collapsed | sort | tail -3 | head -1)
mkdir -p bench/target && cp "$profile" "bench/target/gateway-$op.collapsed"
java -cp "$cp" dev.keyshift.bench.ProfileShares "bench/target/gateway-$op.collapsed"
