# Configuration Manager configuration item: remediation script for the Defender for Endpoint proxy (EDR telemetry,
# Defender Antivirus, WinHTTP). Sets the desired static proxy on every component, or removes it when none is
# desired (backed up first, rolled back on failure). One summary line on stdout, nothing on stderr; exit 0 when
# done, 1 when it failed. Runs as SYSTEM, in 32-bit or 64-bit PowerShell.

# --- desired state: keep in step with mde-proxy-discovery.ps1 ---
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: remove the static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('Telemetry', 'Antivirus')            # the EDR telemetry and Defender Antivirus proxies
$IncludeWinHttp = $false                             # also WinHTTP's: machine-wide, and it breaks laptops that roam
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $repair = Repair-DefenderProxyCompliance -Product MDE -ProxyServer $DesiredProxyServer -BypassList $DesiredBypass -Component $Components -IncludeWinHttp:$IncludeWinHttp -MachineImage $MachineImage -Confirm:$false
    Write-Output $repair.Summary
    exit $repair.ExitCode
}
catch {
    Write-Output (('Error: ' + $_.Exception.Message) -replace '\s+', ' ')
    exit 1
}
