#!/usr/bin/env bash
# Installs the published gateway on a Raspberry Pi as the systemd service edge-gateway. Idempotent: re-run to upgrade.
#   sudo install.sh PUBLISH_DIR [CONFIG_JSON] [--enable-buses]
# PUBLISH_DIR:   output of `dotnet publish edge/Edge.Gateway -c Release -r linux-arm64 --self-contained -o PUBLISH_DIR`
# CONFIG_JSON:   gateway configuration, copied to /etc/edge/appsettings.json only if none is there yet
# --enable-buses: append the I2C/SPI lines of hardware/pi/config.txt to the boot config if missing (reboot needed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hardware="$(dirname "$here")"
publish="${1:?usage: install.sh PUBLISH_DIR [CONFIG_JSON] [--enable-buses]}"
config="${2:-$hardware/examples/pump-station.appsettings.json}"
enable_buses=false
for argument in "$@"; do
  [[ "$argument" == "--enable-buses" ]] && enable_buses=true
done
[[ "$config" == "--enable-buses" ]] && config="$hardware/examples/pump-station.appsettings.json"

if [[ $EUID -ne 0 ]]; then
  echo "install.sh: run as root (sudo)" >&2
  exit 1
fi
if [[ ! -x "$publish/Edge.Gateway" ]]; then
  echo "install.sh: $publish/Edge.Gateway not found: publish with -r linux-arm64 --self-contained first" >&2
  exit 1
fi

# Device groups: Raspberry Pi OS creates them and its udev rules hand them /dev/gpiochip*, /dev/i2c-*, /dev/spidev*.
for group in gpio i2c spi; do
  getent group "$group" >/dev/null || groupadd --system "$group"
done
if ! id edge >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/edge --no-create-home --shell /usr/sbin/nologin edge
fi
usermod --append --groups gpio,i2c,spi edge

install -d -m 0755 /opt/edge /etc/edge
install -d -m 0750 -o edge -g edge /var/lib/edge
cp -a "$publish"/. /opt/edge/
install -d -m 0755 /opt/edge/hardware
cp -a "$hardware"/. /opt/edge/hardware/
chmod 0755 /opt/edge/Edge.Gateway
if [[ ! -f /etc/edge/appsettings.json ]]; then
  install -m 0640 -g edge "$config" /etc/edge/appsettings.json
fi

if $enable_buses; then
  boot_config=/boot/firmware/config.txt
  [[ -f $boot_config ]] || boot_config=/boot/config.txt
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    grep -qxF "$line" "$boot_config" || echo "$line" >>"$boot_config"
  done <"$hardware/pi/config.txt"
  echo "install.sh: buses enabled in $boot_config; reboot before the first start"
fi

install -m 0644 "$hardware/systemd/edge-gateway.service" /etc/systemd/system/edge-gateway.service
systemctl daemon-reload
systemctl enable edge-gateway.service
systemctl restart edge-gateway.service
echo "install.sh: edge-gateway installed; follow it with: journalctl -u edge-gateway -f"
