# Intune Remediations: detection script for the Defender for Endpoint proxy (EDR telemetry, Defender Antivirus,
# WinHTTP). Exits 1 (run the remediation) when a component's proxy differs from the desired one or, with
# $TestConnectivity, the service URLs cannot be reached; 0 otherwise. One summary line on stdout, nothing on
# stderr. Runs as SYSTEM, in 32-bit or 64-bit PowerShell. Needs the DefenderProxyTools module installed for all users.

# --- desired state: edit here, and keep mde-proxy-remediation.ps1 in step ---
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: no static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('Telemetry', 'Antivirus')            # the EDR telemetry and Defender Antivirus proxies
$IncludeWinHttp = $false                             # also WinHTTP's: machine-wide, and it breaks laptops that roam
$Geo = 'us'                                          # the tenant's data location: us, eu, uk, au, ch or in
$TestConnectivity = $true                            # also test the service URLs
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $check = Test-DefenderProxyCompliance -Product MDE -ProxyServer $DesiredProxyServer -BypassList $DesiredBypass -Component $Components -IncludeWinHttp:$IncludeWinHttp -Geo $Geo -TestConnectivity:$TestConnectivity -MachineImage $MachineImage
    Write-Output $check.Summary
    exit $check.ExitCode
}
catch {
    Write-Output (('Error: ' + $_.Exception.Message) -replace '\s+', ' ')
    exit 1
}
