#!/usr/bin/env bash
# Writes configmap.yaml from the files of config/ (the single source: edit config/, then run this).
# A test fails when configmap.yaml and config/ disagree, so the two cannot drift apart.
set -euo pipefail
cd "$(dirname "$0")"
config=../../config
{
  cat <<'HEADER'
# GENERATED from config/*.json by deploy/kubernetes/generate-configmap.sh: edit config/ and run the script.
# Mounted at /app/config. Kubernetes updates a mounted ConfigMap in place (a symlink swap of all files at once),
# which the gateway notices (DOTNET_USE_POLLING_FILE_WATCHER=true in the image) and hot-reloads as one change;
# an invalid edit is rejected and the last good configuration keeps serving (GET /config on port 9090 says why).
apiVersion: v1
kind: ConfigMap
metadata:
  name: edgegateway-config
  labels:
    app.kubernetes.io/name: edgegateway
data:
HEADER
  for file in "$config"/*.json; do
    name=$(basename "$file")
    if [ -n "$(tail -c 1 "$file")" ]; then
      echo "  $name: |-"          # no newline at the end of the file: strip YAML's
      sed 's/^/    /' "$file"; echo
    else
      echo "  $name: |"
      sed 's/^/    /' "$file"
    fi
  done
} > configmap.yaml
