#!/usr/bin/env bash
# The contract checks CI runs: buf lint, the generated TypeScript (ts-proto messages, grpc-js services and
# clients, reflection descriptors: gen-protos.sh) is fresh, and no breaking change
# against the last published contracts (origin/main when this is another branch, else the previous
# commit; BUF_AGAINST overrides, e.g. BUF_AGAINST='.git#branch=main').
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "contracts: buf lint"
npx --no-install buf lint

echo "contracts: generated code is fresh"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
cp -r libs/contracts/src/generated "$fresh/committed"
bash tools/scripts/gen-protos.sh
if ! diff -r "$fresh/committed" libs/contracts/src/generated >/dev/null; then
  diff -r "$fresh/committed" libs/contracts/src/generated | head -20 || true
  echo "contracts: libs/contracts/src/generated is stale: run 'npm run gen:protos' and commit the result" >&2
  exit 1
fi

against="${BUF_AGAINST:-}"
if [ -z "$against" ]; then
  head=$(git rev-parse HEAD 2>/dev/null || echo none)
  if git rev-parse --verify -q origin/main >/dev/null && [ "$(git rev-parse origin/main)" != "$head" ]; then
    against='.git#ref=origin/main'
  elif git rev-parse --verify -q HEAD~1 >/dev/null && git cat-file -e HEAD~1:buf.yaml 2>/dev/null; then
    against='.git#ref=HEAD~1'
  fi
fi
if [ -z "$against" ]; then
  echo "contracts: buf breaking skipped: no earlier published contracts in this clone (no origin/main, no previous commit with buf.yaml)"
else
  echo "contracts: buf breaking against $against"
  npx --no-install buf breaking --against "$against"
fi
echo "contracts: ok"
