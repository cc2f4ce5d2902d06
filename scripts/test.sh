#!/usr/bin/env bash
# Every test Jointly has, in the order that fails fastest: lint and types,
# unit and integration tests (real SQLite, PostgreSQL, sockets), then the
# end-to-end suite in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
bash scripts/ensure-system-packages.sh

pnpm run lint
# Builds, type checks and the small packages' tests, two at a time: each is one
# single-threaded process, so one at a time left the second core idle.
pnpm exec turbo run build typecheck --concurrency=2 --output-logs=errors-only
pnpm exec turbo run test --filter='!@jointly/server' --concurrency=2 --output-logs=errors-only
# The server's tests alone: they assert wall-clock bounds (event-loop delay, sign-in
# timing) and spread over both cores themselves (server/vitest.config.ts).
pnpm exec turbo run test --filter=@jointly/server --concurrency=1 --output-logs=errors-only
pnpm run e2e
