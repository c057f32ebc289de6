#!/usr/bin/env bash
# System packages the test suite needs. Idempotent; run as root (CI) or with sudo.
set -euo pipefail
packages=()
# (components add their packages below)
# corpus store: a PostgreSQL server for the store tests (scripts/start-postgres.sh)
packages+=(postgresql)
# dashboard: the browser tests drive Debian's Chromium (Playwright, never `playwright install`);
# PNG charts are drawn with the DejaVu fonts
packages+=(chromium fonts-dejavu-core)
if [ "${#packages[@]}" -eq 0 ]; then
    exit 0
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
