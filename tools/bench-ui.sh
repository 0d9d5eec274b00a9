#!/usr/bin/env bash
# The shopping page's figure (docs/benchmarks.md): starts the AppHost in embedded mode (Release), waits until the
# Ui and the Api answer, then measures in Debian's headless Chromium the time from pressing an action to the
# "For you" panel showing the list it caused, and stops the AppHost.
# Usage: tools/bench-ui.sh [--runs 30]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release Nebula.AppHost -nologo -v q >/dev/null
dotnet build -c Release tools/Nebula.Benchmarks -nologo -v q >/dev/null
log=$(mktemp)
setsid dotnet run -c Release --no-build --project Nebula.AppHost -- --infra embedded >"$log" 2>&1 &
apphost=$!
trap 'kill -TERM -- -"$apphost" 2>/dev/null || true; wait "$apphost" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if curl -sf --max-time 2 "http://localhost:5080/items/search?q=beaker&k=1" | grep -q itemId \
     && curl -sf --max-time 2 -o /dev/null http://localhost:5090/health; then break; fi
  sleep 0.5
done
dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- ui "$@"
