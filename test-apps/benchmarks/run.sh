#!/usr/bin/env bash
# Runs the benchmarks (JMH and whole-process), each with and without the agent in the same run.
# Usage: bash test-apps/benchmarks/run.sh [credentials|requests|self-assume|non-imds|startup|all]
# Everything talks to an emulator on 127.0.0.1. Where the machine allows, the run is also sealed in a
# fresh network namespace holding only loopback, so not even a mistake could reach a real address.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$root/agent/target/imds-agent.jar" ] || [ ! -f "$here/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -q -DskipTests install)
fi
command=(java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" io.imdsagent.benchmarks.BenchmarkMain
  "$root/agent/target/imds-agent.jar" "${1:-all}")
if [ "${IMDS_BENCH_SEALED:-}" != 1 ] && unshare -rn true 2>/dev/null && command -v ip >/dev/null; then
  exec unshare -rn env IMDS_BENCH_SEALED=1 bash -c 'ip link set lo up && exec "$@"' bash "${command[@]}"
fi
exec "${command[@]}"
