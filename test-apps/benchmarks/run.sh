#!/usr/bin/env bash
# Runs the benchmarks (JMH and whole-process), each with and without the agent in the same run.
# Usage: bash test-apps/benchmarks/run.sh [credentials|requests|self-assume|non-imds|checks|report|startup|all] [METHODS]
# (METHODS: a regular expression limiting non-imds to the request benchmarks it matches, such as netty)
# Everything talks to an emulator on 127.0.0.1, and the run is sealed in a fresh network namespace holding
# only loopback, so not even a mistake could reach a real address. Where no namespace can be made
# (unshare -rn, ip), it refuses to run rather than fall back to the machine's network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$root/agent/target/imds-agent.jar" ] || [ ! -f "$here/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -q -DskipTests verify)
fi
command=(java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" io.imdsagent.benchmarks.BenchmarkMain
  "$root/agent/target/imds-agent.jar" "${1:-all}" "${2:-.*}")
# Inside the namespace (re-entered below): only loopback may exist, whoever set the variable.
if [ "${IMDS_BENCH_SEALED:-}" = 1 ]; then
  interfaces=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/self/net/dev)
  if [ "$interfaces" != lo ]; then
    echo "benchmarks: interfaces other than lo exist here ($(echo $interfaces)); refusing to run" >&2
    exit 1
  fi
  exec "${command[@]}"
fi
if ! unshare -rn true 2>/dev/null || ! command -v ip >/dev/null; then
  echo "benchmarks: cannot make a sealed network namespace here (needs unshare -rn and ip); refusing to run" \
    "on this machine's network" >&2
  exit 1
fi
exec unshare -rn env IMDS_BENCH_SEALED=1 bash -c 'ip link set lo up && exec "$@"' bash "${command[@]}"
