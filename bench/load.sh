#!/usr/bin/env bash
# Load benchmark: the gateway's wrap and unwrap (embedded default, local AES key wrap) against a
# plain Vert.x server answering a wrap-sized JSON, driven by wrk at 1, 16, 64 and 256 keep-alive
# connections, 10 s each after a 5 s warm-up. Needs wrk (apt-get install wrk). Results:
# docs/PERFORMANCE.md. Usage: bench/load.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
root=$(pwd)
work=$(mktemp -d)
cleanup() { kill "$gw" "$plain" 2>/dev/null || true; pkill -f dev.keyshift.bench.PlainServer || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mvn -B -q -DskipTests -Dspotless.check.skip install
(cd "$work" && exec java -jar "$root/gateway/target/keyshift.jar" serve > gateway.log 2>&1) & gw=$!
mvn -B -q -pl bench exec:exec -Dbench.main=dev.keyshift.bench.PlainServer -Dbench.args=8090 > "$work/plain.log" 2>&1 & plain=$!
for i in $(seq 1 60); do
  curl -s -o /dev/null http://127.0.0.1:8081/health/ready && curl -s -o /dev/null -X POST http://127.0.0.1:8090/ && break
  sleep 1
done
token=$(cat "$work/keyshift-data/client.token")
dek='{"plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}'
ct=$(curl -s -H "Authorization: Bearer $token" -d "$dek" http://127.0.0.1:8080/v1/keys/demo/wrap | sed 's/.*"ciphertext":"\([^"]*\)".*/\1/')
unwrap="{\"ciphertext\":\"$ct\"}"

run() { # name url body token connections
  BODY="$3" TOKEN="$4" wrk -t"$(threads "$5")" -c"$5" -d"$secs"s --timeout 10s -s bench/wrk/post.lua "$2" | grep RESULT | sed "s/^RESULT/$1 c=$5/"
}
threads() { if [ "$1" -lt 2 ]; then echo 1; else echo 2; fi; }
for c in 1 16 64 256; do
  BODY="$dek" TOKEN="$token" wrk -t"$(threads "$c")" -c"$c" -d5s -s bench/wrk/post.lua http://127.0.0.1:8080/v1/keys/demo/wrap > /dev/null
  run plain http://127.0.0.1:8090/ "$dek" "" "$c"
  run wrap http://127.0.0.1:8080/v1/keys/demo/wrap "$dek" "$token" "$c"
  run unwrap http://127.0.0.1:8080/v1/keys/demo/unwrap "$unwrap" "$token" "$c"
done
rss=$(ps -o rss= -p "$(pgrep -f 'keyshift.jar serve' | head -1)")
heap=$(curl -s http://127.0.0.1:8081/metrics | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
echo "gateway rss_mib=$((rss / 1024)) heap_used_mib=$heap"
