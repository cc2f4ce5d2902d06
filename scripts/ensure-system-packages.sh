#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real, when missing:
# - chromium: the end-to-end browser (Playwright's own browser download cannot
#   work here: no internet but the package registries), driven by playwright-core;
# - libreoffice-writer-nogui: the exports test opens our DOCX in LibreOffice.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
updated=0
install() {
  if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi
  echo "Installing Debian packages for the tests: $* (a minute or two)…"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if ! [ -x /usr/lib/chromium/chromium ] && ! [ -x /usr/bin/chromium ]; then
  install chromium fonts-liberation
fi
if ! command -v soffice >/dev/null 2>&1; then
  install --no-install-recommends libreoffice-writer-nogui
fi
