#!/usr/bin/env bash
# Publishes the gateway self-contained for linux-arm64, runs it under qemu-aarch64-static with the pump-station
# configuration in simulated hardware mode, waits for GET /healthz and for GET /api/sensors to show sensors sampled,
# and exits 0 (both answered) or 1. Not part of the unit tests: it takes minutes (see the timings it prints).
#   hardware/scripts/run-arm64-under-qemu.sh [--no-publish] [--port N] [--timeout SECONDS]
# Needs: qemu-user-static, the arm64 cross C libraries and an arm64 libssl (.ci/needs-hardware.sh installs them).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
publish_dir="$root/artifacts/edge-arm64"
port=18481
timeout_seconds=300
publish=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-publish) publish=false ;;
    --port) port="$2"; shift ;;
    --timeout) timeout_seconds="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in qemu-aarch64-static curl; do
  command -v "$tool" >/dev/null || { echo "run-arm64-under-qemu: $tool is missing (bash .ci/needs-hardware.sh)" >&2; exit 1; }
done
[[ -d /usr/aarch64-linux-gnu/lib ]] || { echo "run-arm64-under-qemu: /usr/aarch64-linux-gnu missing (bash .ci/needs-hardware.sh)" >&2; exit 1; }
ssl_dir="${EDGE_ARM64_SSL_DIR:-/opt/edge-arm64-sysroot/usr/lib/aarch64-linux-gnu}"
[[ -e "$ssl_dir/libssl.so.3" ]] || { echo "run-arm64-under-qemu: no arm64 libssl.so.3 in $ssl_dir (bash .ci/needs-hardware.sh)" >&2; exit 1; }

started=$(date +%s)
if $publish; then
  dotnet publish "$root/edge/Edge.Gateway" -c Release -r linux-arm64 --self-contained -o "$publish_dir" -nologo -v quiet
fi
published=$(date +%s)
echo "publish: $((published - started)) s, $(du -sh "$publish_dir" | cut -f1) in $publish_dir"

work="$(mktemp -d)"
gateway_pid=""
cleanup() {
  if [[ -n "$gateway_pid" ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp "$root/hardware/examples/pump-station.appsettings.json" "$work/appsettings.json"
url="http://127.0.0.1:$port"
(
  cd "$work"
  # W^X off and invariant globalization: what the .NET runtime needs under user-mode emulation (TOOLCHAIN.md).
  exec env DOTNET_EnableWriteXorExecute=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 LD_LIBRARY_PATH="$ssl_dir" \
    qemu-aarch64-static -L /usr/aarch64-linux-gnu "$publish_dir/Edge.Gateway" run \
    --Hardware:Mode=Simulated --Gateway:LocalWebUrl="$url" --Gateway:DataDirectory="$work/data" --Broker:Port=$((port + 1)) \
    --Logging:LogLevel:Microsoft.AspNetCore=Warning
) >"$work/gateway.log" 2>&1 &
gateway_pid=$!

deadline=$((published + timeout_seconds))
healthy_at=""
while (( $(date +%s) < deadline )); do
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    echo "run-arm64-under-qemu: the gateway exited early" >&2
    tail -40 "$work/gateway.log" >&2
    exit 1
  fi
  if [[ -z "$healthy_at" ]] && [[ "$(curl -fsS --max-time 5 "$url/healthz" 2>/dev/null)" == "ok" ]]; then
    healthy_at=$(date +%s)
    echo "healthz: ok after $((healthy_at - published)) s"
  fi
  if [[ -n "$healthy_at" ]]; then
    sensors="$(curl -fsS --max-time 10 "$url/api/sensors" 2>/dev/null || true)"
    # Every configured sensor sampled healthily at least once, the vibration window included.
    if [[ -n "$sensors" ]] && ! grep -Eq '"health": ?"(Starting|Missing|Failing)"' <<<"$sensors" \
      && grep -Eq '"name": ?"pump_vibration_kurtosis", ?"value": ?[0-9]' <<<"$sensors"; then
      echo "sensors: all healthy after $(( $(date +%s) - published )) s"
      grep -Eo '"name": ?"[a-z0-9_]+", ?"value": ?[-0-9.eE+]+, ?"unit": ?"[^"]*"' <<<"$sensors" \
        | sed -E 's/"name": ?"([^"]+)", ?"value": ?([^,]+), ?"unit": ?"([^"]*)"/  \1 = \2 \3/'
      exit 0
    fi
  fi
  sleep 2
done

echo "run-arm64-under-qemu: no healthy answer within $timeout_seconds s" >&2
tail -40 "$work/gateway.log" >&2
exit 1
