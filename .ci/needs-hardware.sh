#!/usr/bin/env bash
# Hardware capability: qemu user-mode emulation and the arm64 C libraries, for hardware/scripts/run-arm64-under-qemu.sh
# (the arm64 gateway under emulation; not part of the unit tests). The hardware unit tests themselves need nothing.
set -euo pipefail
root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v qemu-aarch64-static >/dev/null || [[ ! -d /usr/aarch64-linux-gnu/lib ]]; then
  root apt-get update -qq
  root apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
fi
# The gateway's crypto (HMAC pseudonyms, TLS uplink) loads libssl.so.3 at run time: take the arm64 build from Debian's
# multiarch archive (the cross packages above carry none).
if [[ ! -e /usr/lib/aarch64-linux-gnu/libssl.so.3 ]]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || root dpkg --add-architecture arm64
  root apt-get update -qq
  root apt-get install -y -qq libssl3:arm64
fi
