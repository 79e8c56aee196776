#!/usr/bin/env bash
# The faster subset of run-all.sh (about 25 minutes): the serving path against the plain server at
# 64 connections, with an older build's wrap and unwrap in the same interleaved rounds (CPU per
# request before and after), latency at half of peak, CPU per vault call for each Azure transport,
# and the slow-backend table at 500, 2,000 and 10,000 in flight with the gateway's heap. Seven
# rounds (ROUNDS) rather than load.sh's three: on a shared host single rounds move by 10 points or
# more, and the median of seven moves less.
# BEFORE_REV is the commit whose jar is "before" (default: the tree before the latest round of work
# on the serving path); it is built in a temporary worktree with `mvn package`, nothing installed.
# Needs wrk and git; ports 8080-8083 and 8090 free. Results in bench/target/quick/, read in
# docs/PERFORMANCE.md.
# Usage: [BEFORE_REV=8d4304b] [ROUNDS=7] bench/quick.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
rev=${BEFORE_REV:-8d4304b}
out=bench/target/quick
rm -rf "$out" && mkdir -p "$out"
old=$(mktemp -d)
cleanup() { git worktree remove --force "$old/tree" 2>/dev/null || true; rm -rf "$old"; }
trap cleanup EXIT
git worktree add --detach "$old/tree" "$rev" > /dev/null
(cd "$old/tree" && mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl gateway -am)
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) vCPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(java -version 2>&1 | head -1)"
  echo "after: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'), before: $(git rev-parse --short "$rev")"
} | tee "$out/machine.txt"
CONNS=64 ROUNDS=${ROUNDS:-7} BEFORE_JAR="$old/tree/gateway/target/keyshift.jar" bench/load.sh "$secs" | tee "$out/load.txt"
bench/vault-transport.sh "$secs" | tee "$out/vault.txt"
bench/slow-backend.sh "$((secs * 2))" | tee "$out/slow.txt"
