#!/usr/bin/env bash
# Store-and-forward tests (tests/Edge.Durability.Tests): a real Mosquitto with TLS and a password file, and gcc for
# the power-loss test's LD_PRELOAD fsync shim. Idempotent.
set -euo pipefail
missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_passwd >/dev/null 2>&1 || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ${#missing[@]} -gt 0 ]; then
  root apt-get update -qq
  root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
