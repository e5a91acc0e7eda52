#!/usr/bin/env bash
# Hardware capability: qemu user-mode emulation and the arm64 C libraries, for hardware/scripts/run-arm64-under-qemu.sh
# (the arm64 gateway under emulation; not part of the unit tests). The hardware unit tests themselves need nothing.
set -euo pipefail
if ! command -v qemu-aarch64-static >/dev/null || [[ ! -d /usr/aarch64-linux-gnu/lib ]]; then
  apt-get update -qq
  apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
fi
