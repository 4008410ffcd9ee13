#!/usr/bin/env bash
# The system programs the test suites start, from Debian's packages: nginx (the HTTP remote's test
# server, WebDAV PUT) and Chromium (the review gallery and the vite dev swap, in a real browser).
# Installs only what is missing; needs root (or sudo) on Debian or Ubuntu.
set -euo pipefail

missing=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test-tools: install ${missing[*]} with your system's package manager, then run the tests" >&2
  exit 1
fi
echo "test-tools: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
