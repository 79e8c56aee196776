#!/usr/bin/env bash
# The soak's hardest moment on its own, repeated CYCLES times (default 5): the Managed HSM stand-in
# refuses connections for 20 s while v2 has weight 0, then a routing change gives v2 75 and vault
# calls go from none to over a thousand a second on an empty connection pool. Prints the vault
# connections opened and the THROTTLED answers after each change; fine.csv in the output folder
# has each second's vault calls, their mean latency, refusals, connections and CPU.
# Results: docs/PERFORMANCE.md ("Soak").
# Usage: bench/vault-step.sh [cycles] [output-folder] [rate]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
cycles=${1:-5}
out=${2:-bench/target/vault-step-$(date -u +%Y%m%dT%H%M%SZ)}
rm -rf "$out" && mkdir -p "$out"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build
java -Xmx4g -cp "$cp" dev.keyshift.bench.soak.Step jar="$(pwd)/gateway/target/keyshift.jar" \
  out="$(cd "$out" && pwd)" rate="${3:-900}" cycles="$cycles" | tee "$out/step.log"
