#!/usr/bin/env bash
# Regenerates libs/contracts/src/generated from protos/: typed messages, grpc-js service definitions and
# clients (ts-proto, options in buf.gen.yaml), and the file descriptors server reflection serves.
# The generated files are committed; tools/scripts/check-protos.sh fails CI when they are stale.
# Offline: buf and the ts-proto plugin both come from node_modules.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=libs/contracts/src/generated
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"
npx --no-install buf generate --template buf.gen.yaml
npx --no-install buf build --exclude-source-info --as-file-descriptor-set -o "$work/descriptors.binpb"
node tools/scripts/gen-proto-descriptors.mjs "$work/descriptors.binpb" "$out/descriptors.ts"
