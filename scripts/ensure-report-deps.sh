#!/usr/bin/env bash
# Make sure what the reports render with is on the machine, from Debian's packages:
#   - Pango (WeasyPrint lays out the HTML report into PDF with it);
#   - DejaVu fonts (core and extra: the italics), which cover the Latin, Greek and Cyrillic scripts the reports print
#     (a glyph no installed font holds is refused by the report, never drawn as a box);
#   - poppler-utils (pdftoppm, pdftotext), which the tests use to look at PDF pages.
# Idempotent: installs only what is missing. Prints nothing on success.
set -euo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf ] || missing+=(fonts-dejavu-extra)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensure-report-deps: installing ${missing[*]} from Debian's packages" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
