#!/usr/bin/env bash
# Regenerates the TypeScript types of every proto into libs/contracts/src/generated.
# The generated files are committed; tools/scripts/check-protos.sh fails CI when they are stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=libs/contracts/src/generated
rm -rf "$out"
mkdir -p "$out"
npx proto-loader-gen-types \
  --keepCase=false --longs=String --enums=String --defaults --oneofs \
  --grpcLib=@grpc/grpc-js --includeComments \
  -I protos --outDir="$out" \
  $(cd protos && find shelflife -name '*.proto' | sort)
# event.proto declares no service: its package wrapper would only carry unused imports.
rm -f "$out/event.ts"
