#!/usr/bin/env bash
# Hierarchical alias against a plain one, in the same gateway and the same run: wrap and unwrap
# req/s at 64 connections (wrk, keep-alive), ROUNDS interleaved rounds, median reported.
# `demo` is the embedded default's alias (local AES-256 key wrap, the key itself wraps each DEK);
# `tiered` is a hierarchical version whose KEK is another local key: after start it makes no KEK
# call at all, so where the KEK lives (Key Vault, Managed HSM, an HSM) does not change these
# figures; the tests count the vault calls (one per start).
# Needs wrk; ports 8080 and 8081 free. Usage: [ROUNDS=3] bench/hierarchy.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-10}
rounds=${ROUNDS:-3}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build
# The embedded default writes its folder; then it serves again with a hierarchical alias added.
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
wait_ready
kill "$gw"; wait "$gw" 2>/dev/null || true
backend=$(sed -n 's/.*backend: "\{0,1\}\([a-z0-9_-]*\)"\{0,1\},.*/\1/p' "$work/keyshift-data/routing.yaml" | head -1)
cat >> "$work/keyshift-data/routing.yaml" <<YAML
  tiered:
    versions:
      - { id: v1, backend: $backend, key: tiered-kek, algorithm: A256KW, weight: 1, hierarchy: true }
YAML
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve --config keyshift-data/keyshift.yaml > gateway.log 2>&1) & gw=$!
wait_ready
token=$(cat "$work/keyshift-data/client.token")
blob() { curl -s -H "Authorization: Bearer $token" -d "$DEK_BODY" "http://127.0.0.1:8080/v1/keys/$1/wrap" | sed 's/.*"ciphertext":"\([^"]*\)".*/\1/'; }
demo_unwrap="{\"ciphertext\":\"$(blob demo)\"}"
tiered_unwrap="{\"ciphertext\":\"$(blob tiered)\"}"
case $(blob tiered) in ks1:tiered:v1:*) ;; *) echo "tiered does not wrap: $(cat "$work/gateway.log")"; exit 1 ;; esac

run() { # name alias op seconds
  local body=$DEK_BODY
  [ "$3" = unwrap ] && { [ "$2" = demo ] && body=$demo_unwrap || body=$tiered_unwrap; }
  BODY="$body" TOKEN="$token" wrk -t2 -c64 -d"$4"s --timeout 10s -s bench/wrk/post.lua \
    "http://127.0.0.1:8080/v1/keys/$2/$3" | grep RESULT | sed "s/^RESULT/$1/"
}
cases="demo-wrap:demo:wrap tiered-wrap:tiered:wrap demo-unwrap:demo:unwrap tiered-unwrap:tiered:unwrap"
for c in $cases; do IFS=: read -r n a o <<< "$c"; run "$n" "$a" "$o" 10 > /dev/null; done # JIT warm-up
for r in $(seq 1 "$rounds"); do
  for c in $cases; do IFS=: read -r n a o <<< "$c"; run "$n" "$a" "$o" "$secs" | tee -a "$work/results"; done
done
middle() { sort -t= -k3 -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }
rps() { grep "^$1 " "$work/results" | middle | sed 's/.*rps=\([0-9]*\).*/\1/'; }
echo "--- medians of $rounds rounds, $secs s each, 64 connections"
for op in wrap unwrap; do
  d=$(rps "demo-$op"); t=$(rps "tiered-$op")
  echo "$op: plain alias $d req/s, hierarchical alias $t req/s, hierarchical/plain $((100 * t / d))%"
done
