#!/usr/bin/env bash
# Bulk rewrap job: `keyshift rewrap` (the real jar) over a PostgreSQL table, through the gateway
# on its embedded default (local AES key wrap, ports 8080/8081).
#  1. Throughput: ROWS rows (default 1,000,000) of v1 envelopes moved to v2 with no rate limit.
#  2. Rate: RATE_ROWS rows (default 100,000) with --rate RATE/s against the same gateway whose
#     backend is limited to BACKEND_LIMIT calls/s (each row is two calls: unwrap v1, wrap v2);
#     the achieved rate and the number of 429s the job met.
# Needs PostgreSQL (Debian's postgresql: initdb, pg_ctl, psql) and ports 8080, 8081 and PG_PORT free.
# Usage: [ROWS=1000000] [RATE_ROWS=100000] [RATE=1200] [BACKEND_LIMIT=3000] [PG_PORT=55432] bench/rewrap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rows=${ROWS:-1000000}
rate_rows=${RATE_ROWS:-100000}
rate=${RATE:-1200}
limit=${BACKEND_LIMIT:-3000}
pg_port=${PG_PORT:-55432}
root=$(pwd)
work=$(mktemp -d)
chmod 755 "$work"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

build
jar="$root/gateway/target/keyshift.jar"
mkdir -p "$work/pg" && [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg/data" -A trust -U keyshift -E UTF8 --no-sync > /dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start > /dev/null
sql() { psql -q -X -h 127.0.0.1 -p "$pg_port" -U keyshift -d "${DB:-app}" -v ON_ERROR_STOP=1 "$@"; }
DB=postgres sql -c "CREATE DATABASE app"
url="jdbc:postgresql://127.0.0.1:$pg_port/app?user=keyshift"

start_gateway() { # [config]
  (cd "$work" && exec java -Xmx1g -jar "$jar" serve ${1:+--config "$1"} > "$work/gateway.log" 2>&1) & gw=$!
  wait_ready
}
stop_gateway() { kill "$gw"; wait "$gw" 2>/dev/null || true; }

# 1,000 distinct v1 envelopes, repeated over the rows (each row is still moved on its own).
fill() { # rows
  sql -c "DROP TABLE IF EXISTS secrets; CREATE TABLE secrets (id bigint PRIMARY KEY, dek text)"
  sql -c "INSERT INTO secrets SELECT g, s.blob FROM generate_series(1, $1) g JOIN seeds s ON s.n = g % 1000"
  sql -c "VACUUM ANALYZE secrets"
}
seed() {
  local token items
  token=$(cat "$work/keyshift-data/client.token")
  items=$(python3 -c 'import base64,os,json; print(json.dumps({"items":[{"plaintext":base64.b64encode(os.urandom(32)).decode()} for _ in range(1000)]}))')
  curl -s -H "Authorization: Bearer $token" -d "$items" http://127.0.0.1:8080/v1/keys/demo/wrap/batch \
    | python3 -c 'import json,sys; [print(str(i) + "\t" + r["ciphertext"]) for i, r in enumerate(json.load(sys.stdin)["results"])]' \
    > "$work/seeds.tsv"
  sql -c "CREATE TABLE seeds (n int PRIMARY KEY, blob text)"
  sql -c "\\copy seeds FROM '$work/seeds.tsv'"
}
job() { # extra options...
  (cd "$work" && java -jar "$jar" rewrap demo --source "$url" --table secrets --key-column id \
    --blob-column dek --json "$@")
}
elapsed_job() { # label rows extra options...
  local label=$1 n=$2 start end out
  shift 2
  start=$(date +%s.%N)
  out=$(job "$@" || true)
  end=$(date +%s.%N)
  echo "$out" > "$work/$label.json"
  python3 - "$label" "$n" "$start" "$end" "$work/$label.json" <<'PY'
import json, sys
label, n, start, end, path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
s = json.load(open(path))
secs = end - start
print(f"{label} rows={n} seconds={secs:.1f} rows_per_s={n / secs:.0f} rewrapped={s['rewrapped']} "
      f"current={s['alreadyCurrent']} failed={s['failed']} throttled_responses={s['throttledResponses']}")
PY
}

start_gateway
seed
(cd "$work" && java -jar "$jar" routes set-weights demo v1=0 v2=100 > /dev/null)
fill "$rows"
elapsed_job throughput "$rows" --batch 1000 --parallel 8

# The same gateway with its backend limited, restarted on a copy of the embedded config.
stop_gateway
sed "s/create-missing-keys: true }/create-missing-keys: true, resilience: { rate-limit: $limit\/1s } }/" \
  "$work/keyshift-data/keyshift.yaml" > "$work/keyshift-data/limited.yaml"
grep -q "rate-limit: $limit/1s" "$work/keyshift-data/limited.yaml"
start_gateway keyshift-data/limited.yaml
fill "$rate_rows"
echo "rate: --rate $rate/s, backend limited to $limit calls/s"
elapsed_job rate "$rate_rows" --rate "$rate/s" --batch 200 --parallel 4
echo "gateway 429s counted: $(curl -s http://127.0.0.1:8081/metrics | awk '/^keyshift_requests_total.*outcome="throttled"/ { s += $2 } END { print s + 0 }')"
