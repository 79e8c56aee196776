#!/usr/bin/env bash
# Soak: the gateway jar under checked mixed load (wrap, unwrap, rewrap, batches; lazy rewrap on) at
# half of its measured peak for MINUTES (default 30), with a routing change every 30 s, a fault of
# the vault-backed version every 2 minutes (slow, throttling, refused connections, 20 s each, on
# the Managed HSM stand-in), and one graceful restart (SIGTERM, then a new process on the same
# folder). Every 10 s it samples the gateway's RSS, heap after GC, GC pauses, open files, threads,
# p50/p99 and failures. At the end every envelope issued is unwrapped. Writes soak-report.md,
# samples.csv and three PNG charts to the output folder; exits 1 when the verdict fails (an
# unexplained failure, an envelope that does not unwrap, RSS or heap after GC rising).
# Results: docs/PERFORMANCE.md ("Soak").
# Usage: [RATE=requests/s] bench/soak.sh [minutes] [output-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
minutes=${1:-30}
out=${2:-bench/target/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build
java -Xmx4g -Djava.awt.headless=true -Xlog:gc:file="$out/harness-gc.log":time,uptime -cp "$cp" dev.keyshift.bench.soak.Soak \
  jar="$(pwd)/gateway/target/keyshift.jar" out="$(cd "$out" && pwd)" minutes="$minutes" \
  rate="${RATE:-0}" | tee "$out/soak.log"
