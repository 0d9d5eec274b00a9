#!/usr/bin/env bash
# The shopping page's figure (docs/benchmarks.md): starts the AppHost in embedded mode (Release), waits until the
# Ui and the Api answer, then measures in Debian's headless Chromium the time from pressing an action to the
# "For you" panel showing the list it caused, and stops the AppHost.
# Usage: tools/bench-ui.sh [--runs 30]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/start-apphost.sh
start_apphost http://localhost:5090/health
dotnet run -c Release --no-build --project tools/Nebula.Benchmarks -- ui "$@"
