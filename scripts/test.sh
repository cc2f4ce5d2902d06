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
# Builds and type checks two at a time: each is one single-threaded process,
# so one at a time left the second core idle.
pnpm exec turbo run build typecheck --concurrency=2 --output-logs=errors-only
# Tests one package at a time: client and server spread over both cores
# themselves, and the server's timing assertions (event-loop delay, sign-in
# timing) need them (server/vitest.config.ts).
pnpm exec turbo run test --concurrency=1 --output-logs=errors-only
pnpm run e2e
