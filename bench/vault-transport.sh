#!/usr/bin/env bash
# CPU per vault call, for each of the Azure SDK's transports (http-client: vertx, the default, and
# jdk). A Managed HSM stand-in (VaultStandIn, the tests' StandInVault in a process of its own, AES
# key wrap over HTTPS) answers every call. For each transport a gateway (the jar) serves two
# aliases: `vault`, whose every wrap is one vault call, and `demo`, a local AES key, for the
# gateway's own serving cost. wrk drives each alias at CONNS connections; the gateway's CPU per
# request is read from /proc, and a vault call's CPU is the difference between the two aliases.
# Then the floor: the same wrapkey call from a bare Vert.x client (PlainVaultClient, no SDK, no
# gateway). Each gets WARMUP seconds of unreported load first (default 60): the SDK's path is
# large, and on two cores the JIT keeps compiling it for the first 30-40 s, doubling the CPU a call
# seems to cost. Needs wrk; ports 8080 and 8081 free. Results: docs/PERFORMANCE.md.
# Usage: [CONNS=16] [WARMUP=60] bench/vault-transport.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-10}
conns=${CONNS:-16}
root=$(pwd)
work=$(mktemp -d)
gw=
cleanup() { kill $gw "$vault" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
java -cp "$cp" dev.keyshift.bench.VaultStandIn "$work" > "$work/vault.log" 2>&1 & vault=$!
for i in $(seq 1 60); do [ -s "$work/vault.url" ] && break; sleep 1; done
url=$(cat "$work/vault.url")
token=bench-client-token
echo "test-password" > "$work/keystore.password"
cat > "$work/routing.yaml" <<'YAML'
aliases:
  demo:
    versions:
      - { id: v1, backend: local, key: demo-kek-v1, algorithm: A256KW, weight: 100, state: enabled }
  vault:
    versions:
      - { id: v1, backend: hsm, key: bench-kek/1, algorithm: A256KW, weight: 100, state: enabled }
YAML
config() { # transport
  cat <<YAML
server: { host: 127.0.0.1, port: 8080 }
admin:  { host: 127.0.0.1, port: 8081 }
auth:
  tokens:
    - { name: bench, sha256: "$(printf %s "$token" | sha256sum | cut -d' ' -f1)", aliases: ["*"], operations: [wrap, unwrap] }
backends:
  local: { type: local, keystore: keys.p12, password-file: keystore.password, create-missing-keys: true }
  hsm: { type: azure-managedhsm, url: "$url", credential: { type: token-file, path: vault.token }, trust-pem: ca.pem, http-client: $1 }
routing: { file: routing.yaml }
audit: { file: audit.jsonl }
YAML
}
drive() { # transport alias seconds; prints a RESULT line with the gateway's CPU per request
  local before line requests
  before=$(ticks "$gw")
  line=$(BODY="$DEK_BODY" TOKEN="$token" wrk -t2 -c"$conns" -d"$3"s --timeout 10s -s bench/wrk/post.lua "http://127.0.0.1:8080/v1/keys/$2/wrap" | grep RESULT)
  requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "$line" | sed "s/^RESULT/RESULT transport=$1 alias=$2/" | sed "s/$/ cpu_us_per_req=$(cpu_us_per_request "$gw" "$before" "$requests")/"
}
for transport in vertx jdk; do
  config "$transport" > "$work/keyshift.yaml"
  (cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift.yaml > "gateway-$transport.log" 2>&1) & gw=$!
  wait_ready
  drive "$transport" vault "${WARMUP:-60}" > /dev/null; drive "$transport" demo 10 > /dev/null # JIT warm-up
  v=$(drive "$transport" vault "$secs"); echo "$v"
  d=$(drive "$transport" demo "$secs"); echo "$d"
  cpu() { echo "$1" | sed 's/.*cpu_us_per_req=\([0-9.]*\).*/\1/'; }
  echo "transport=$transport cpu_us_per_vault_call=$(awk -v a="$(cpu "$v")" -v b="$(cpu "$d")" 'BEGIN { printf "%.0f", a - b }') (gateway CPU per vault-backed wrap minus per local wrap)"
  kill "$gw"; wait "$gw" 2>/dev/null || true; gw=
done
java -cp "$cp" dev.keyshift.bench.PlainVaultClient "$url" "$(cat "$work/vault.token")" "$work/ca.pem" "$secs" "$conns" "${WARMUP:-60}"
