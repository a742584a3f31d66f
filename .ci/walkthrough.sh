#!/usr/bin/env bash
# Starts Till exactly as the README says, then runs the README's curl walk-through and checks its outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }

log=$(mktemp)
start_cmd=$(grep -m1 '^TILL_ADMIN_KEY=.* ./run.sh$' README.md)
rm -rf data
./run.sh --help >/dev/null   # builds the jar if needed, so the timing below is the start alone
started=$(date +%s%N)
bash -c "$start_cmd" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf data' EXIT
until curl -sf http://127.0.0.1:8080/health >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "Till exited"; exit 1; }
  [ $(( ($(date +%s%N) - started) / 1000000 )) -lt 30000 ] || { cat "$log"; echo "Till did not answer within 30 s"; exit 1; }
  sleep 0.1
done
echo "walkthrough: Till answered /health $(( ($(date +%s%N) - started) / 1000000 )) ms after ./run.sh"

script=$(awk '/<!-- walkthrough -->/{on=1; next} on && /^```sh/{inblock=1; next} inblock && /^```/{exit} inblock' README.md)
out=$(bash -euo pipefail -c "$script")
echo "$out"
echo "$out" | jq -s -e '.[-2].status == "paid" and .[-2].receivedMsat == 2985 and .[-2].feeProcessMsat == 15 and .[-1].balanceMsat == 2985' >/dev/null \
  || { echo "walkthrough: unexpected outcome"; exit 1; }
echo "walkthrough: OK"
