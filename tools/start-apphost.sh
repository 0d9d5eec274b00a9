# Sourced by the benchmark scripts: builds the AppHost and the benchmarks (Release), starts the AppHost in
# embedded mode, stops it when the calling script exits, and waits until the Api serves the catalogue and
# every URL given answers with success (a /health answers so only when Healthy).
# The Api's admin key is NEBULA_API_KEY (made up here when not set, and exported for the load processes).
# NEBULA_APPHOST_ARGS adds AppHost arguments, e.g. "--Nebula:Telemetry:Tracing:SampleRatio=0.1".
# Usage: source tools/start-apphost.sh; start_apphost [http://localhost:5090/health ...]
start_apphost() {
  export NEBULA_API_KEY=${NEBULA_API_KEY:-bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  dotnet build -c Release Nebula.AppHost -nologo -v q >/dev/null
  dotnet build -c Release tools/Nebula.Benchmarks -nologo -v q >/dev/null
  local log
  log=$(mktemp)
  setsid dotnet run -c Release --no-build --project Nebula.AppHost -- --infra embedded \
    "--Parameters:api-key-admin=$NEBULA_API_KEY" ${NEBULA_APPHOST_ARGS:-} >"$log" 2>&1 &
  apphost=$!
  trap 'kill -TERM -- -"$apphost" 2>/dev/null || true; wait "$apphost" 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    local ready=1
    curl -sf --max-time 2 -H "X-Api-Key: $NEBULA_API_KEY" "http://localhost:5080/items/search?q=beaker&k=1" | grep -q itemId || ready=0
    for url in "$@"; do
      curl -sf --max-time 2 -o /dev/null "$url" || ready=0
    done
    if [ "$ready" = 1 ]; then return 0; fi
    sleep 0.5
  done
  echo "The AppHost did not become ready; its log: $log" >&2
  return 1
}
