#!/usr/bin/env bash
# Serving and ingest figures (docs/benchmarks.md): starts the AppHost in embedded mode (Release), waits until the
# Api serves the catalogue, runs the .NET load process against it (fixed request rate, then ingest), then, when
# Debian's wrk is installed (apt-get install wrk), serving again from wrk, and stops the AppHost.
# Usage: tools/bench-api.sh [load switches, e.g. --rate 2000 --seconds 20]
set -euo pipefail
cd "$(dirname "$0")/.."
# A dotnet-run AppHost is Development, where every trace is exported (ratio 1); the figures that matter are at the
# default a deployment gets (0.1). NEBULA_APPHOST_ARGS="--Nebula:Telemetry:Tracing:SampleRatio=1" measures 100%.
export NEBULA_APPHOST_ARGS=${NEBULA_APPHOST_ARGS:---Nebula:Telemetry:Tracing:SampleRatio=0.1}
# The load process's idle thread-pool threads spin before they sleep (sched_yield): 0.48-0.64 of the 2 shared cores at
# 2,000 requests/s, against 0.18-0.26 without spinning. The setting is for the load process only, not the system measured.
load_env=(env DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
source tools/start-apphost.sh
start_apphost http://localhost:5085/health
# The load process seeds new users for this run; wrk asks for the same ones.
export NEBULA_LOAD_RUN=$(date +%s)
# Serving, then the same load on /alive: the round trip's floor on these cores, beside the figure it bounds.
"${load_env[@]}" dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- api --phases serve,alive --run "$NEBULA_LOAD_RUN" "$@"
if command -v wrk >/dev/null; then
  # 12 connections pausing 5 ms between requests offer at most 2,400 requests/s; wrk reports what it achieved.
  echo "wrk: 12 connections, 5 ms pause between requests, 20 s"
  WRK_DELAY_MS=5 wrk -t1 -c12 -d20s --latency -s tools/wrk-users.lua http://localhost:5080 | grep -E "Requests/sec|  (50|90|99)%"
fi
# Ingest last: it leaves the worker a long backlog.
"${load_env[@]}" dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- api --phases ingest --run "$NEBULA_LOAD_RUN" "$@"
