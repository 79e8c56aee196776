#!/usr/bin/env bash
# Wrap/unwrap ops/s per backend and algorithm (local, PKCS#11 on a fresh SoftHSM2 token).
# Needs softhsm2 (apt-get install softhsm2). Results: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf"
softhsm2-util --init-token --free --label keyshift-bench --so-pin 1234 --pin 5678 > /dev/null
echo 5678 > "$work/hsm.pin"
mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl bench exec:exec -Dbench.main=dev.keyshift.bench.BackendThroughput -Dbench.args="$work"
