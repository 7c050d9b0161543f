#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: the system packages (wine for the Windows
# executable, squid and mitmproxy as real proxies, winbind for Samba's ntlm_auth (the NTLM/Negotiate verifier behind
# squid) and krb5-user for ktutil (a Kerberos-only squid's keytab), chromium for the report screenshot, tmux as the
# terminal the command-line tests type into, osslsigncode for the Windows build, GNU time for the PAC tests' peak
# memory, util-linux and mount for the hostile tests (setpriv runs the executable as nobody; a small tmpfs stands
# for a full disk)) and the npm packages. Idempotent: what is already there is not installed again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(wine squid mitmproxy apache2-utils chromium osslsigncode openssl zip winbind krb5-user tmux time util-linux mount)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
