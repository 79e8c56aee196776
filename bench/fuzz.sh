#!/usr/bin/env bash
# Runs every fuzz target in fuzzing mode (Jazzer, coverage-guided), one after another, each for
# Jazzer's default of 5 minutes (15 targets: about 80 minutes). New inputs go to each module's
# .cifuzz-corpus/ (not committed); a finding is written beside the target's committed corpus
# (src/test/resources/.../*Inputs/) and fails the run: fix the defect, keep the input there as a
# regression seed.
# Usage: bench/fuzz.sh [TARGET...]   e.g. bench/fuzz.sh 'ParserFuzzTest#envelopeText'
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(routing:ParserFuzzTest#envelopeText routing:ParserFuzzTest#storedBlob
    routing:ParserFuzzTest#routingFile gateway:AdminBodyFuzzTest#keyOperationBody
    gateway:AdminBodyFuzzTest#planBody gateway:AdminBodyFuzzTest#weightsBody
    gateway:AdminBodyFuzzTest#versionBody gateway:AdminBodyFuzzTest#scanBody
    gateway:AdminBodyFuzzTest#stateAndShadowBody gateway:AdminBodyFuzzTest#ifMatch
    gateway:BatchBodyFuzzTest#batchBody gateway:AzureBodyFuzzTest#keyOperationBody
    gateway:ConfigFileFuzzTest#configFile gateway:JwtFuzzTest#bearerToken)
fi
mvn -B -q -DskipTests -Dspotless.check.skip install
for target in "${targets[@]}"; do
  module=${target%%:*}; test=${target#*:}
  echo "== $test ($module)"
  JAZZER_FUZZ=1 mvn -B -q -pl "$module" test -Dspotless.check.skip -Dtest="$test" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "^#[0-9]+.*(pulse|DONE)|Done [0-9]+ runs|FAIL|Finding" | tail -3
done
