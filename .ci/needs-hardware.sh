#!/usr/bin/env bash
# Hardware capability: qemu user-mode emulation, the arm64 cross C libraries, and an arm64 libssl in a private sysroot,
# for hardware/scripts/run-arm64-under-qemu.sh (the arm64 gateway under emulation; not part of the unit tests).
# The hardware unit tests themselves need nothing.
set -euo pipefail
root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v qemu-aarch64-static >/dev/null || [[ ! -d /usr/aarch64-linux-gnu/lib ]]; then
  root apt-get update -qq
  root apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
fi

# The gateway's crypto (HMAC pseudonyms, TLS uplink) loads libssl.so.3 at run time. Only the .deb is fetched and unpacked
# into a private folder: installing arm64 packages through multiarch puts a second arm64 libc in /lib/aarch64-linux-gnu,
# next to the cross one qemu is pointed at, and the emulated runtime then hangs at start.
sysroot=/opt/edge-arm64-sysroot
if [[ ! -e $sysroot/usr/lib/aarch64-linux-gnu/libssl.so.3 ]]; then
  download="$(mktemp -d)"
  chmod 0777 "$download"
  added=false
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    root dpkg --add-architecture arm64
    added=true
  fi
  root apt-get update -qq
  (cd "$download" && apt-get download -qq libssl3:arm64)
  if $added; then
    root dpkg --remove-architecture arm64
    root apt-get update -qq
  fi
  root mkdir -p "$sysroot"
  root dpkg-deb -x "$download"/libssl3_*_arm64.deb "$sysroot"
  rm -rf "$download"
fi
