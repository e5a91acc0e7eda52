#!/usr/bin/env bash
# Beacons: the mosquitto_pub tests publish OpenMQTTGateway and ESPresense messages with the Mosquitto clients.
set -euo pipefail
if command -v mosquitto_pub >/dev/null 2>&1 && { command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; }; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients
else
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients
fi
