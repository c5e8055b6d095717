#!/usr/bin/env bash
# Make sure Debian's chromium is installed (the browser tests drive it through Playwright,
# which cannot download its own browsers here). Idempotent: installs only when
# /usr/bin/chromium is missing. Prints the binary's path.
set -euo pipefail

CHROMIUM="/usr/bin/chromium"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: installing chromium from Debian's packages" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM is still missing" >&2; exit 1; }
echo "$CHROMIUM"
