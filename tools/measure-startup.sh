#!/usr/bin/env bash
# Time from `dotnet run --project Nebula.AppHost` to every service answering /health with "Healthy"
# (each service's readiness includes its Kafka and Redis checks, and it starts only after they are healthy).
# Usage: tools/measure-startup.sh [runs] [extra AppHost args...]   e.g. tools/measure-startup.sh 5 --infra embedded
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
# The long-running services' stable host ports: Api, StreamWorker, Ui (the Embedder is a batch job without endpoints).
ports=(5080 5085 5090)
timeout_s=120

dotnet build Nebula.AppHost -nologo -v q >/dev/null
times=()
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  start=$(date +%s.%N)
  setsid dotnet run --no-build --project Nebula.AppHost -- "$@" >"$log" 2>&1 &
  pid=$!
  healthy=""
  while [ -z "$healthy" ]; do
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    if (( $(echo "$elapsed > $timeout_s" | bc) )); then echo "run $run: not healthy after ${timeout_s} s; log: $log" >&2; break; fi
    ok=0
    for port in "${ports[@]}"; do
      [ "$(curl -s --max-time 1 "http://localhost:$port/health" || true)" = "Healthy" ] && ok=$((ok + 1))
    done
    if [ "$ok" -eq "${#ports[@]}" ]; then healthy=$elapsed; else sleep 0.2; fi
  done
  # SIGTERM: a background job of a non-interactive shell ignores SIGINT.
  kill -TERM -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Wait for the ports to be free before the next run.
  for port in "${ports[@]}"; do while curl -s --max-time 1 "http://localhost:$port/alive" >/dev/null; do sleep 0.5; done; done
  [ -n "$healthy" ] && { times+=("$healthy"); printf 'run %d: every service healthy after %.2f s\n' "$run" "$healthy"; rm -f "$log"; }
done
[ "${#times[@]}" -gt 0 ] || exit 1
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median of %d runs: %.2f s (min %.2f, max %.2f)\n", NR, m, a[1], a[NR]}'
