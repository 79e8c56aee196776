#!/usr/bin/env bash
# Every performance figure in one run, written into docs/PERFORMANCE.md (the part between the
# "bench/run-all.sh writes" markers; the analysis around it is by hand). Takes about 35 minutes.
# Needs wrk and softhsm2 (apt-get install wrk softhsm2); ports 8080, 8081 and 8090 free.
# Usage: [ROUNDS=5] bench/run-all.sh [seconds-per-load-run]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
out=bench/target/results
rm -rf "$out" && mkdir -p "$out"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) vCPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "$(java -version 2>&1 | head -1), Vert.x $(sed -n 's:.*<vertx.version>\(.*\)</vertx.version>.*:\1:p' pom.xml), default JVM flags unless stated"
  echo "Load generators share the 2 cores with the server under test, alike for the gateway and the plain server."
} > "$out/machine.txt"
ROUNDS=${ROUNDS:-5} bench/load.sh "$secs" | tee "$out/load.txt"
bench/slow-backend.sh "$((secs * 2))" | tee "$out/slow.txt"
bench/vault-transport.sh "$secs" | tee "$out/vault.txt"
bench/profile.sh 40 wrap | tee "$out/profile.txt"
bench/vertx-meters-ab.sh 8 | tee "$out/vertx-meters.txt"
bench/jmh.sh | tee "$out/jmh.txt"
bench/backend-throughput.sh | tee "$out/backends.txt"
mvn -B -q -pl bench exec:exec -Dbench.main=dev.keyshift.bench.WorkerHopCost | tee "$out/hop.txt"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.keyshift.bench.PerformanceReport \
  "$out" docs/PERFORMANCE.md "bench/run-all.sh $*"
echo "wrote docs/PERFORMANCE.md"
