#!/usr/bin/env bash
# npm test: static checks, the build, every project's tests, then the end-to-end tests on RabbitMQ.
# Fails loudly at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p tmp

step() { printf '\n== %s\n' "$*"; }

echo "node $(node --version) ($(command -v node))"

step "type-check (strict, whole tree)"
npx --no-install tsc -p tsconfig.json --noEmit

step "lint and format (ESLint with Nx's module boundaries, Prettier)"
# ESLint's boundary rule reads Nx's project graph: build it first (a fresh checkout has none).
npx --no-install nx show projects >/dev/null
npx --no-install eslint .
npx --no-install prettier --check .

step "contracts: lint, freshness of generated code, breaking changes"
bash tools/scripts/check-protos.sh

step "deploy manifests and Dockerfile (rendered by kubectl kustomize)"
npx --no-install tsx tools/deploy-check/src/main.ts

step "build the services and the console (its pages with Vite)"
npx --no-install nx run-many -t build --projects=storefront-gateway,event-collector,stream-scorer,batch-aggregator,quality-sentinel,console --outputStyle=static

step "unit and integration tests (RabbitMQ integration tests need the broker)"
# One jest run over every project (jest.config.js), not `nx run-many -t test`: npm test runs every test
# every time (no cache hits hiding a flaky or environment-dependent failure), two workers share all the
# projects instead of ~20 jest processes starting one after another, and its single JSON report gives
# the summary line below. `npx nx affected -t test` is the cached, per-change way to run tests.
set +e
npx --no-install jest -c jest.config.js --maxWorkers=2 --json --outputFile=tmp/jest-main.json
main=$?
step "the demo and the console in a browser (Chromium), one test at a time: its latencies are measured on quiet cores"
npx --no-install jest -c tools/demo/jest.config.js --runInBand --json --outputFile=tmp/jest-demo.json
demo=$?
step "end-to-end tests: five processes on RabbitMQ"
npx --no-install jest -c e2e/jest.config.js --runInBand --json --outputFile=tmp/jest-e2e.json
e2e=$?
set -e

node -e '
const files = ["tmp/jest-main.json", "tmp/jest-demo.json", "tmp/jest-e2e.json"];
let passed = 0, failed = 0, skipped = 0;
for (const f of files) {
  try {
    const r = require("./" + f);
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
  } catch { failed += 1; console.log("no results in " + f); }
}
console.log("");
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
if [ "$main" -ne 0 ] || [ "$demo" -ne 0 ] || [ "$e2e" -ne 0 ]; then
  echo "TESTS FAILED (unit/integration exit $main, demo and browser exit $demo, e2e exit $e2e)" >&2
  exit 1
fi
