#!/usr/bin/env bash
# Builds the service images (and the console's), loads them into the kind cluster "shelflife", creates the
# Secrets (once) and applies the dev overlay. Run from anywhere; needs docker, kind, kubectl.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
services=(storefront-gateway event-collector stream-scorer quality-sentinel batch-aggregator console)
namespace=shelflife

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "kind-up: $tool is not installed; see docs/operations.md" >&2; exit 1; }
done
kind get clusters | grep -qx shelflife || kind create cluster --config deploy/kind/kind-config.yaml

for service in "${services[@]}"; do
  docker build -f deploy/docker/Dockerfile --build-arg SERVICE="$service" -t "shelflife/$service:dev" .
  kind load docker-image "shelflife/$service:dev" --name shelflife
done

# The namespace must exist before its Secrets; `apply -k` below adds its Pod Security labels.
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
# Secrets are created once: re-running must not rotate them under a running broker (see "Rotate secrets").
if ! kubectl -n "$namespace" get secret shelflife-amqp >/dev/null 2>&1; then
  npx tsx tools/deploy-check/src/generate-secrets.ts --namespace "$namespace" | kubectl apply -f -
fi
kubectl apply -k deploy/overlays/dev
kubectl -n "$namespace" rollout status statefulset/rabbitmq --timeout=300s
kubectl -n "$namespace" rollout status statefulset/mongodb --timeout=300s
kubectl -n "$namespace" wait --for=condition=complete job/mongodb-rs-init --timeout=300s
for service in "${services[@]}"; do
  kubectl -n "$namespace" rollout status "deployment/$service" --timeout=300s
done
echo "kind-up: gateway on http://localhost:8080, Jaeger: kubectl -n $namespace port-forward svc/jaeger-query 16686:16686"
echo "kind-up: console: kubectl -n $namespace port-forward svc/console 8090:8090"
