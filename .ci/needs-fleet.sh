#!/usr/bin/env bash
# Fleet tests publish with real third-party clients: Mosquitto (broker and mosquitto_pub) and MQTT.js.
set -euo pipefail
root() { if declare -F as_root >/dev/null; then as_root "$@"; elif [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v mosquitto_pub >/dev/null 2>&1 || ! [ -x /usr/sbin/mosquitto ]; then
  root apt-get update -qq
  root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! [ -d "$repo_root/tests/clients/mqttjs/node_modules/mqtt" ]; then
  (cd "$repo_root/tests/clients/mqttjs" && npm install --no-audit --no-fund --silent)
fi
