#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: the system packages (wine for the Windows
# executable, squid and mitmproxy as real proxies, winbind for Samba's ntlm_auth (the NTLM/Negotiate verifier behind
# squid) and krb5-user for ktutil (a Kerberos-only squid's keytab), chromium for the report screenshot, tmux as the
# terminal the command-line tests type into, osslsigncode for the Windows build, GNU time for the PAC tests' peak
# memory, util-linux and mount for the hostile tests (setpriv runs the executable as nobody; a small tmpfs stands
# for a full disk)), the npm packages, and PowerShell 7 with Pester 5 from NuGet (through the .NET SDK) into .tools/.
# Idempotent: what is already there is not installed again.
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

# PowerShell and Pester for tests/powershell: the PowerShell Gallery is out of reach, NuGet is not. pwsh is the
# PowerShell global tool; Pester is fetched by a throwaway project's PackageDownload (the module is in the package's
# tools/ folder). Both go into .tools/ (git-ignored); tests/support/powershell.ts finds them there.
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1
TOOLS="$PWD/.tools"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: no .NET SDK (dotnet) on this machine, so no pwsh and no Pester: the PowerShell tests will be skipped" >&2
  exit 0
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ ! -x "$TOOLS/pwsh/pwsh" ] || [ ! -d "$TOOLS/pwsh/.store/powershell/$PWSH_VERSION" ]; then
  rm -rf "$TOOLS/pwsh"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$TOOLS/pwsh" >/dev/null
fi
if [ ! -f "$TOOLS/nuget/pester/$PESTER_VERSION/tools/Pester.psd1" ]; then
  project=$(mktemp -d)
  cat >"$project/pester.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
EOF
  dotnet restore "$project/pester.csproj" --packages "$TOOLS/nuget" >/dev/null
  rm -rf "$project"
fi
