#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests when it is missing.
# Playwright's own browser download cannot work here (no internet but the
# package registries), so the tests drive /usr/bin/chromium with playwright-core.
set -euo pipefail
if [ -x /usr/lib/chromium/chromium ] || [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "Chromium is missing: installing Debian's chromium package (about a minute)…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null
echo "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
