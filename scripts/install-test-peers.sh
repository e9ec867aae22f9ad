#!/usr/bin/env bash
# Installs the Debian packages of the real peers the tests drive, when they are missing.
# Idempotent: does nothing (and needs no root) when everything is already there.
# Each entry: the command the tests run, and the Debian package that provides it.
set -euo pipefail

peers=(
  "openssl:openssl"
  "haproxy:haproxy"
  "curl:curl"
  "mosquitto:mosquitto"
  "mosquitto_pub:mosquitto-clients"
)

missing=()
for entry in "${peers[@]}"; do
  cmd=${entry%%:*} pkg=${entry#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-peers: all test peers present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-peers: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-test-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
