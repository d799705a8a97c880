#!/usr/bin/env bash
# The demo: imds-agent's check against the project's own IMDS emulator in IMDSv2-required mode.
# Runs sealed in a fresh network namespace (the literal 169.254.169.254 exists only there) where the
# machine allows it, else on loopback with the agent's endpoint option pointing at the emulator.
# Nothing it does can reach a real metadata service.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
agent="$root/agent/target/imds-agent.jar"
harness="$root/test-apps/harness/target/imds-harness.jar"

if [ ! -f "$agent" ] || [ ! -f "$harness" ]; then
  echo "demo: building the agent and the emulator once (mvn -q -DskipTests install)..."
  (cd "$root" && mvn -B -q -DskipTests install)
fi

if [ "${1:-}" = "--inside-namespace" ]; then
  # Refuse to bring up the IMDS address anywhere but a namespace that holds loopback alone.
  if [ "$(ip -o link show | wc -l)" != 1 ]; then
    echo "demo: not in a fresh network namespace; refusing to continue" >&2
    exit 3
  fi
  ip link set lo up
  ip addr add 169.254.169.254/32 dev lo
  java -jar "$harness" --bind 169.254.169.254:80 --mode required --role s3access &
  emulator=$!
  trap 'kill $emulator 2>/dev/null' EXIT
  options=""
  host=169.254.169.254 port=80
else
  if unshare -rn true 2>/dev/null && command -v ip >/dev/null; then
    exec unshare -rn bash "$0" --inside-namespace
  fi
  echo "demo: cannot make a network namespace here; using the emulator on 127.0.0.1 instead"
  java -jar "$harness" --bind 127.0.0.1:1338 --mode required --role s3access &
  emulator=$!
  trap 'kill $emulator 2>/dev/null' EXIT
  options="endpoint=http://127.0.0.1:1338"
  host=127.0.0.1 port=1338
fi

for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && break
  sleep 0.1
done
echo
echo "$ java -jar agent/target/imds-agent.jar check ${options}"
java -jar "$agent" check ${options:+"$options"}
