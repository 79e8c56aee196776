#!/usr/bin/env bash
# Replica propagation: how long a routing change made through one replica takes to be served by
# the other two. Runs ReplicasIT's propagation test (three gateway processes from the real jar on
# one PostgreSQL that the test starts itself) over ROUNDS changes, each through the next replica,
# and prints p50, p99 and max from the writer's 200 to the last replica serving the new revision
# (each replica polled over its admin API every 2 ms, so the figures include that poll).
# Needs PostgreSQL (Debian's postgresql). Usage: [ROUNDS=500] bench/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-500}
mvn -B -q -o install -DskipTests -Dspotless.check.skip=true -pl routing,metrics > /dev/null
mvn -B -q -o -pl gateway -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='ReplicasIT#aChangeThroughOneReplica_isServedByTheOthers' \
  -Dkeyshift.replicas.rounds="$rounds" verify > /dev/null
cat gateway/target/replica-propagation.txt
