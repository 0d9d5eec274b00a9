#!/usr/bin/env bash
# Regenerates what this folder's overlay builds on: the Aspire manifest (aspire-manifest.json) and aspirate's
# Kubernetes output for it (aspirate-output/), both committed so that the overlay renders and is tested without
# either tool. Run it after changing the AppHost's model; the tests say when the committed manifest is out of date.
#
# Needs the .NET SDK and aspirate (`dotnet tool install -g aspirate`; set ASPIRATE to use another build).
# Images are built separately (README.md, step 1), hence --skip-build; their registry and tag are set in
# nebula/kustomization.yaml, so the output names them plainly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
aspirate=${ASPIRATE:-aspirate}

dotnet run --project "$root/Nebula.AppHost" --no-launch-profile -- \
  --publisher manifest --output-path "$here/aspire-manifest.json"

rm -rf "$here/aspirate-output"
cd "$here"
# The passwords and keys become Kubernetes variable references, $(NAME), which the overlay fills from the nebula-secrets
# Secret, so that no password is written into a ConfigMap or into this repository.
"$aspirate" generate --non-interactive --skip-build --disable-secrets --disable-state --include-dashboard false \
  --aspire-manifest aspire-manifest.json --output-path aspirate-output --image-pull-policy IfNotPresent \
  --parameter 'redis-password=$(REDIS_PASSWORD)' \
  --parameter 'milvus-root-password=$(MILVUS_ROOT_PASSWORD)' \
  --parameter 'milvus-reader-password=$(MILVUS_READER_PASSWORD)' \
  --parameter 'milvus-editor-password=$(MILVUS_EDITOR_PASSWORD)' \
  --parameter 'api-key-admin=$(API_KEY_ADMIN)' \
  --parameter 'api-key-ui=$(API_KEY_UI)' \
  --parameter 'shopper-token-key=$(SHOPPER_TOKEN_KEY)'
