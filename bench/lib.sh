# Shared by the bench/ scripts: `. bench/lib.sh` from the repository root.

# The request every load script wraps: a 32-byte DEK.
DEK_BODY='{"plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}'

# Builds and installs the project; sets $cp to the bench module's classpath.
build() {
  mvn -B -q -DskipTests -Dspotless.check.skip install
  mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
  cp="$(pwd)/bench/target/classes:$(cat bench/target/classpath.txt)"
}

# Waits up to 60 s for a gateway whose admin listener is on port $1 (default 8081) to be ready.
wait_ready() {
  for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:${1:-8081}/health/ready" && return; sleep 1; done
}

# Waits up to 60 s for the plain server on port $1 to answer.
wait_plain() {
  for i in $(seq 1 60); do curl -s -o /dev/null -X POST "http://127.0.0.1:$1/" && return; sleep 1; done
}

# CPU time (user + system) process $1 has used, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Microseconds of process $1's CPU per request: since tick count $2, over $3 requests.
cpu_us_per_request() {
  awk -v t=$(($(ticks "$1") - $2)) -v hz="$(getconf CLK_TCK)" -v n="$3" \
    'BEGIN { printf "%.1f", t * 1e6 / hz / (n > 0 ? n : 1) }'
}

# The unwrap request for a blob the gateway on 8080 wraps now, with token $1.
unwrap_body() {
  local ct
  ct=$(curl -s -H "Authorization: Bearer $1" -d "$DEK_BODY" http://127.0.0.1:8080/v1/keys/demo/wrap | sed 's/.*"ciphertext":"\([^"]*\)".*/\1/')
  echo "{\"ciphertext\":\"$ct\"}"
}
