#!/usr/bin/env bash
# Smoke run of the benchmarks (issue 10), called by CI after the tests: every micro benchmark runs once (dry job, in
# process) and the end-to-end harness pushes a small stream through Mosquitto, Edge and Node-RED. It proves the harness
# still works; its figures mean nothing (Debug build, tiny load). Exits non-zero when anything breaks. Takes < 2 min.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration=${BENCH_CONFIGURATION:-Debug}

if [ ! -f "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" ] \
  || [ ! -f "tests/Edge.Benchmarks/bin/$configuration/net10.0/Edge.Benchmarks.dll" ] \
  || [ ! -f "edge/Edge.Gateway/bin/$configuration/net10.0/Edge.Gateway.dll" ] \
  || [ ! -f "edge/Edge.Tools/bin/$configuration/net10.0/Edge.Tools.dll" ] \
  || [ ! -f "cloud/Edge.Cloud/bin/$configuration/net10.0/Edge.Cloud.dll" ]; then
  dotnet build tests/Edge.LoadHarness -c "$configuration" -nologo -v:q
  dotnet build tests/Edge.Benchmarks -c "$configuration" -nologo -v:q
  dotnet build edge/Edge.Tools -c "$configuration" -nologo -v:q
fi

targets=mosquitto,edge
if [ -f tests/Edge.LoadHarness/node/node_modules/node-red/red.js ]; then
  targets=$targets,nodered
elif [ "${CI:-}" = "true" ]; then
  echo "Node-RED is not installed (bash .ci/needs-bench.sh); CI requires it."
  exit 1
else
  echo "Node-RED is not installed (bash .ci/needs-bench.sh): skipping it."
fi

echo "== bench smoke: micro benchmarks (dry, in process)"
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
dotnet "tests/Edge.Benchmarks/bin/$configuration/net10.0/Edge.Benchmarks.dll" \
  --filter '*' --job dry --inProcess --artifacts "$artifacts" > "$artifacts/bdn.log" 2>&1 \
  || { tail -60 "$artifacts/bdn.log"; echo "micro benchmarks failed"; exit 1; }
grep -E '^\| ' "$artifacts/bdn.log" || true

echo "== bench smoke: end-to-end harness ($targets)"
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" \
  e2e --machines 10 --messages 5000 --warmup 1000 --targets "$targets" --timeout-seconds 60

echo "== bench smoke: outbox drain to the cloud (SQLite)"
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" \
  drain --records 3000 --store sqlite --timeout-seconds 30

echo "== bench smoke: memory per machine (in process) and footfall over MQTT (mosquitto,edge)"
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" machines --machines 5,10 --windows 31
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" \
  e2e-footfall --scanners 4 --sightings 4000 --warmup 400 --timeout-seconds 60

echo "== bench smoke: footfall path in process (zone loop between rounds and concurrent) and memory per device"
tools="edge/Edge.Tools/bin/$configuration/net10.0/Edge.Tools.dll"
dotnet "$tools" beacons bench --devices 200 --rounds 5 --threads 2
dotnet "$tools" beacons bench --devices 200 --rounds 5 --threads 2 --zone-loop concurrent
dotnet "$tools" beacons bench --growth 500

echo "== bench smoke: a plant and a store on one gateway (telemetry and sightings at once)"
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" \
  e2e-site --machines 10 --messages 5000 --warmup 1000 --scanners 4 --devices 500 --sightings 4000 --warmup-sightings 2000 --timeout-seconds 60

# The Pi's build: a trimmed self-contained publish (edge/Edge.Gateway/Edge.Gateway.csproj). Trimming can break code
# that reaches the framework by reflection, so the trimmed gateway itself is run: its command line, then the harness's
# stream through its broker, fleet log-in, windows and outbox (checked reading by reading). Training is a tool
# (Edge.Tools) and no longer ships in the Pi's service.
echo "== bench smoke: trimmed self-contained gateway"
rid=linux-x64
[ "$(uname -m)" = aarch64 ] && rid=linux-arm64
trimmed="$artifacts/trimmed"
dotnet publish edge/Edge.Gateway -c Release -r "$rid" --self-contained -o "$trimmed" -nologo -v:q > "$artifacts/publish.log" 2>&1 \
  || { tail -40 "$artifacts/publish.log"; echo "trimmed publish failed"; exit 1; }
"$trimmed/Edge.Gateway" --help > "$artifacts/help.log" 2>&1 \
  || { tail -40 "$artifacts/help.log"; echo "trimmed gateway: --help failed"; exit 1; }
echo "trimmed gateway: command line ok ($(du -sh "$trimmed" | cut -f1) published)"
dotnet "tests/Edge.LoadHarness/bin/$configuration/net10.0/Edge.LoadHarness.dll" \
  e2e --machines 10 --messages 5000 --warmup 1000 --targets edge --timeout-seconds 60 --gateway-dll "$trimmed/Edge.Gateway"
echo "bench smoke passed"
