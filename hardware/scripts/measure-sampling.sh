#!/usr/bin/env bash
# Runs the gateway (x64 or whatever this machine is) with the pump-station configuration in simulated hardware mode for a
# while and prints the sampling jitter per sensor (from GET /api/sensors) and the process's CPU use over the measured span.
#   hardware/scripts/measure-sampling.sh [SECONDS (default 60)] [PORT (default 18483)]
# Simulated mode includes the emulators and the physical model, so the CPU figure is an upper bound for the sampling
# loops themselves; on a Pi the kernel's SPI/I2C transfers replace the emulators' cost.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-60}"
port="${2:-18483}"
url="http://127.0.0.1:$port"
dotnet build "$root/edge/Edge.Gateway" -c Release -nologo -v quiet >/dev/null
work="$(mktemp -d)"
cp "$root/hardware/examples/pump-station.appsettings.json" "$work/appsettings.json"
(
  cd "$work"
  exec dotnet "$root/edge/Edge.Gateway/bin/Release/net10.0/Edge.Gateway.dll" run --Hardware:Mode=Simulated \
    --Gateway:LocalWebUrl="$url" --Gateway:DataDirectory="$work/data" --Broker:Port=$((port + 1)) --Logging:LogLevel:Default=Warning
) >"$work/gateway.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 60); do
  curl -fs "$url/healthz" >/dev/null 2>&1 && break
  sleep 1
done
sleep 10 # let the JIT settle and the first vibration windows close

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
start_ticks=$(ticks)
start_ns=$(date +%s%N)
sleep "$seconds"
end_ticks=$(ticks)
end_ns=$(date +%s%N)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

curl -fs "$url/api/sensors" >"$work/sensors.json"
python3 - "$work/sensors.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
print("%-22s %9s %8s %8s %7s %7s %7s  %s" % ("sensor", "interval", "samples", "mean ms", "p50 ms", "p99 ms", "max ms", "health"))
for s in data["sensors"]:
    j = s["jitter"]
    print("%-22s %7.0fms %8d %8.2f %7.2f %7.2f %7.2f  %s" % (s["name"], s["intervalMilliseconds"], j["samples"],
          j["meanMilliseconds"], j["medianMilliseconds"], j["p99Milliseconds"], j["maximumMilliseconds"], s["health"]))
print("readings refused by a full channel: %d" % data["refusedReadings"])
PY
awk -v t=$((end_ticks - start_ticks)) -v hz="$hz" -v ns=$((end_ns - start_ns)) -v rss="$rss_kb" -v cores="$(nproc)" 'BEGIN {
  cpu = t / hz; wall = ns / 1e9
  printf "CPU: %.2f s over %.1f s = %.1f %% of one core (%d cores here); RSS %.0f MB\n", cpu, wall, 100 * cpu / wall, cores, rss / 1024 }'
