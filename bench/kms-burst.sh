#!/usr/bin/env bash
# The Kubernetes API server's start-up burst against the KMS v2 plugin: at start it decrypts the
# data keys of every secret it reads, thousands of Decrypts at once. Here CALLS Decrypts of stored
# data keys with IN_FLIGHT outstanding, over the plugin's Unix socket with grpc-java, ROUNDS
# rounds after a warm-up round.
# The alias is the embedded default's `demo` (a local AES key wrap); a Managed HSM behind it adds
# its own latency per call, a hierarchical version none (docs/kubernetes-kms.md).
# Usage: [CALLS=20000] [IN_FLIGHT=50] [ROUNDS=3] bench/kms-burst.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
wait_ready
kill "$gw"; wait "$gw" 2>/dev/null || true
echo "kms-plugin: { socket: kms.sock, alias: demo }" >> "$work/keyshift-data/keyshift.yaml"
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & gw=$!
wait_ready
java -cp "$cp" dev.keyshift.bench.KmsBurst "$work/keyshift-data/kms.sock" \
  "${CALLS:-20000}" "${IN_FLIGHT:-50}" "${ROUNDS:-3}"
