#!/usr/bin/env bash
# JMH micro-benchmarks (bench/src/main/java/dev/keyshift/bench/jmh): envelope format and parse,
# reading a request body, version selection, token check, raw JCE wrap and unwrap. Arguments go to
# JMH; the defaults are one fork, 3 x 1 s warm-up, 5 x 1 s measured. Results: docs/PERFORMANCE.md.
# Usage: bench/jmh.sh [JMH options, e.g. RawJce -f 2]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build
if [ $# -eq 0 ]; then set -- -f 1 -wi 3 -w 1s -i 5 -r 1s; fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
