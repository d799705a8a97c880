#!/usr/bin/env bash
# The demo: IMDS in IMDSv2-required mode (the project's emulator), the agent's check, then a legacy
# application (AWS SDK for Java 1.11.600 plus a hand-written HttpURLConnection call, all IMDSv1) run
# without the agent (IMDS refuses it: 401) and with it (it works), and the events naming each call site.
# Runs sealed in a fresh network namespace (the literal 169.254.169.254 exists only there) where the
# machine allows it, else on loopback with the agent's endpoint option pointing at the emulator.
# Nothing it does can reach a real metadata service.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
agent="$root/agent/target/imds-agent.jar"
harness="$root/test-apps/harness/target/imds-harness.jar"
app="$root/test-apps/legacy-clients/sdk-v1/target"

if [ ! -f "$agent" ] || [ ! -f "$harness" ] || [ ! -f "$app/classpath.txt" ]; then
  echo "demo: building the agent, the emulator and the sample apps once (mvn -q -DskipTests install)..."
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
  imds=http://169.254.169.254
  options=""
  app_options=()
  bind=169.254.169.254:80
  echo "demo: in a fresh network namespace; 169.254.169.254 is the emulator on this namespace's loopback"
else
  if unshare -rn true 2>/dev/null && command -v ip >/dev/null; then
    exec unshare -rn bash "$0" --inside-namespace
  fi
  echo "demo: cannot make a network namespace here; using the emulator on 127.0.0.1 instead"
  imds=http://127.0.0.1:1338
  options="endpoint=$imds"
  # The SDK and the hand-written call are pointed at the emulator too, so nothing goes to 169.254.169.254.
  app_options=("-Dcom.amazonaws.sdk.ec2MetadataServiceEndpointOverride=$imds")
  bind=127.0.0.1:1338
fi

work=$(mktemp -d)
# Token-less GETs IMDS has seen so far (from the emulator's request log).
tokenless() {
  grep -c '"method":"GET"[^}]*"hadToken":false' "$work/imds-requests.jsonl" || true
}
java -jar "$harness" --bind "$bind" --mode required --request-log "$work/imds-requests.jsonl" >"$work/emulator.out" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/${bind%:*}/${bind#*:}") 2>/dev/null && break
  sleep 0.1
done
export IMDS_EMULATOR_URL=$imds AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT=true
classpath="$app/classes:$(cat "$app/classpath.txt")"

echo
echo "== IMDS (the emulator) requires IMDSv2. The agent's check talks IMDSv2 to it:"
echo "\$ java -jar agent/target/imds-agent.jar check ${options}"
java -jar "$agent" check ${options:+"$options"}

echo
echo "== A legacy app: AWS SDK for Java 1.11.600 (before IMDSv2) and a hand-written HttpURLConnection GET."
echo "== Without the agent, IMDS refuses every token-less call (the SDK logs it and returns null):"
echo "\$ java -cp legacy-app LegacyApp"
java "${app_options[@]}" -cp "$classpath" io.imdsagent.testapps.legacy.sdkv1.LegacyApp 2>"$work/without.err" || true
without=$(tokenless)
grep -o "Unable to retrieve the requested metadata ([^)]*). Unauthorized (.*Status Code: 401" "$work/without.err" \
  | sed 's/^/  SDK log: /' || true

echo
echo "== The same app with the agent: every IMDSv1 call is served over IMDSv2, and reported with its call site:"
opts="events=$work/events.jsonl${options:+,$options}"
echo "\$ java -javaagent:agent/target/imds-agent.jar=events=events.jsonl${options:+,$options} -cp legacy-app LegacyApp"
java "${app_options[@]}" "-javaagent:$agent=$opts" -cp "$classpath" io.imdsagent.testapps.legacy.sdkv1.LegacyApp

echo
echo "== The events (events.jsonl):"
cat "$work/events.jsonl"

echo
echo "== Token-less requests that reached IMDS: $without without the agent (each refused with 401);"
echo "   $(($(tokenless) - without)) with it."

echo
echo "== What stands between this fleet and IMDSv2 required (exit 2 while any IMDSv1 call site is left):"
echo "\$ java -jar agent/target/imds-agent.jar report events.jsonl"
java -jar "$agent" report "$work/events.jsonl" || true
