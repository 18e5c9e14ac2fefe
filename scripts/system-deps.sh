#!/usr/bin/env bash
# Makes sure the Debian tools the tests drive are on this machine: Chromium (Playwright's browser),
# libcoap's coap-client and coap-server (interop tests), tshark (capture checks) and mosquitto with its
# clients (the real-broker backend tests), and a
# Chinese font (the zh-CN page's layout and screenshots). Installs them with apt-get when
# running as root; otherwise stops and prints the exact command to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v coap-client-notls >/dev/null 2>&1 || missing+=(libcoap3-bin)
command -v tshark >/dev/null 2>&1 || missing+=(tshark)
{ command -v mosquitto || [ -x /usr/sbin/mosquitto ]; } >/dev/null 2>&1 || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
# A font with Chinese glyphs: the zh-CN page's screenshots and layout checks measure real text.
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: run as root:  $cmd" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
