# Configuration Manager configuration item: discovery script for the Defender for Endpoint proxy (EDR telemetry,
# Defender Antivirus, WinHTTP). Prints exactly "Compliant", or "NonCompliant: <reason>" on one line, for a
# compliance rule "The value returned by the specified script: Equals Compliant" (remediation runs only with an
# Equals rule). Always exits 0: a failure to check is reported as NonCompliant with its reason. Runs as SYSTEM with
# -NoProfile, in 32-bit or 64-bit PowerShell. Needs the DefenderProxyTools module installed for all users.

# --- desired state: edit here, and keep mde-proxy-remediation.ps1 in step ---
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: no static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('Telemetry', 'Antivirus')            # the EDR telemetry and Defender Antivirus proxies
$IncludeWinHttp = $false                             # also WinHTTP's: machine-wide, and it breaks laptops that roam
$Geo = 'us'                                          # the tenant's data location: us, eu, uk, au, ch or in
$TestConnectivity = $false                           # also test the service URLs
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $check = Test-DefenderProxyCompliance -Product MDE -ProxyServer $DesiredProxyServer -BypassList $DesiredBypass -Component $Components -IncludeWinHttp:$IncludeWinHttp -Geo $Geo -TestConnectivity:$TestConnectivity -MachineImage $MachineImage
    if ($check.Compliant) { Write-Output 'Compliant' } else { Write-Output ('NonCompliant: ' + $check.Reason) }
}
catch {
    Write-Output (('NonCompliant: ' + $_.Exception.Message) -replace '\s+', ' ')
}
exit 0
