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
# One task at a time: the timing assertions (event-loop delay, sign-in timing) need the cores.
pnpm exec turbo run build typecheck test --concurrency=1 --output-logs=errors-only
pnpm run e2e
