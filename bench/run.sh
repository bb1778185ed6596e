#!/usr/bin/env bash
# Runs Cairn's benchmark programs, each of which prints its figures with units and targets.
#   bench/run.sh               all of them, in the order below
#   bench/run.sh NAME [NAME…]  only these: pipeline, decider, pickup, throughput, agent
# Extra JVM options go in BENCH_JAVA_OPTS. The programs are not tests: `./mvnw verify` only
# compiles them (STYLE rule 13).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
. "$root/.mvn/find-jdk.sh"
# Exported so that ./mvnw keeps it: the wrapper runs with `set -f`, which stops find-jdk.sh's
# /usr/lib/jvm/* glob from expanding there, so its own look-up finds no JDK.
export JAVA_HOME

order=(pipeline decider pickup throughput agent)
main_of() {
  case "$1" in
    pipeline) echo dev.cairn.bench.PipelineBench ;;
    decider) echo dev.cairn.bench.DeciderBench ;;
    pickup) echo dev.cairn.bench.PickupLatencyBench ;;
    throughput) echo dev.cairn.bench.ThroughputBench ;;
    agent) echo dev.cairn.bench.AgentBench ;;
    *) return 1 ;;
  esac
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${order[@]}")
for name in "${names[@]}"; do
  if ! main_of "$name" >/dev/null; then
    echo "bench/run.sh: no benchmark \"$name\"; choose from: ${order[*]}" >&2
    exit 2
  fi
done

# Build the benchmarks and what they use. Tests are neither compiled nor run, and the format and
# coverage checks are skipped: a benchmark run must not fail on another module's work in progress.
(cd "$root" && ./mvnw -q -B -pl bench -am install -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Djacoco.skip=true) >&2
(cd "$root" && ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/classpath.txt) >&2
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
# The agent benchmark runs the distribution jar (cairn.jar) as a separate process.
if [[ " ${names[*]} " == *" agent "* ]]; then
  (cd "$root" && ./mvnw -q -B -pl cairn-cli -am install -Dmaven.test.skip=true \
    -Dspotless.check.skip=true -Djacoco.skip=true) >&2
fi

echo "machine: $(nproc) CPUs, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(uname -sr)"
for name in "${names[@]}"; do
  # shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of options.
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
    -Dcairn.jar="$root/cairn-cli/target/cairn.jar" -Dcairn.launcher="$root/cairn" \
    -cp "$cp" "$(main_of "$name")"
done
