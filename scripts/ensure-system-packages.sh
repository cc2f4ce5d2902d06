#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real, when missing:
# - chromium: the end-to-end browser (Playwright's own browser download cannot
#   work here: no internet but the package registries), driven by playwright-core;
# - libreoffice-writer-nogui: the exports test opens our DOCX in LibreOffice;
# - libreoffice-calc-nogui, libreoffice-impress-nogui: the evidence document
#   converts attached XLSX and PPTX files to PDF with LibreOffice (issue 13);
# - clamav-daemon: the upload scanner's test runs a real clamd on a signature
#   database the test writes (EICAR only; nothing downloaded, no freshclam).
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
# Each component is checked by its library: soffice alone exists once Writer is in.
LO=/usr/lib/libreoffice/program
missing=()
[ -e "$LO/libswlo.so" ] || missing+=(libreoffice-writer-nogui)
[ -e "$LO/libsclo.so" ] || missing+=(libreoffice-calc-nogui)
[ -e "$LO/libsdlo.so" ] || missing+=(libreoffice-impress-nogui)
if [ "${#missing[@]}" -gt 0 ]; then
  install --no-install-recommends "${missing[@]}"
fi
if ! [ -x /usr/sbin/clamd ]; then
  install --no-install-recommends clamav-daemon
fi
