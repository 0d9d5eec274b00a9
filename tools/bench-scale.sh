#!/usr/bin/env bash
# The original's scale end to end (docs/benchmarks.md, "500,000 items"): generates the catalogue (seeded), loads it
# with the Embedder into the vector service (cut at half, resumed, re-run), measures the service at that size, then
# starts the whole application on the same data: time to healthy, and similar items and search through the Api.
# Usage: tools/bench-scale.sh [items, default 500000]     SCALE_SKIP_LOAD=1 reuses the data of an earlier run;
#        SCALE_PRECISION=int8 embeds with the int8 model (the Embedder's load, then the AppHost's Embedder and Api).
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-500000}
tmp=${TMPDIR:-/tmp}
data="$tmp/nebula-scale-$items"
catalog="$tmp/nebula-catalog-$items-seed2018.json.gz"
dotnet build -c Release Nebula.Embedder -nologo -v q >/dev/null
dotnet build -c Release tools/Nebula.Benchmarks -nologo -v q >/dev/null
phases=load,serve
[ "${SCALE_SKIP_LOAD:-}" = 1 ] && phases=serve
precision=${SCALE_PRECISION:-float32}
dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- scale --items "$items" --phases "$phases" --precision "$precision"

# The AppHost in embedded mode on that data; its Embedder re-runs the catalogue (storing nothing) as it starts.
tools/measure-startup.sh 1 --infra embedded "--Nebula:DataDirectory=$data" --catalog "$catalog" "--Nebula:Embedding:Precision=$precision"
# Stopping that AppHost left its Debug services running once (the Embedder still re-reading the catalogue).
pkill -f "bin/Debug/net10.0/Nebula\." || true
source tools/start-apphost.sh
NEBULA_APPHOST_ARGS="--Nebula:DataDirectory=$data --catalog $catalog --Nebula:Embedding:Precision=$precision" start_apphost http://localhost:5085/health
# Measure once the Embedder has exited, so that it does not share the cores with the requests.
while pgrep -f "bin/.*/Nebula\.Embedder" >/dev/null; do sleep 2; done
dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- api --phases items,serve --seconds 20
