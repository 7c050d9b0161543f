# Configuration Manager configuration item: discovery script for the Defender for Identity sensor proxy.
# Prints exactly "Compliant", or "NonCompliant: <reason>" on one line, for a compliance rule
# "The value returned by the specified script: Equals Compliant" (remediation runs only with an Equals rule).
# Always exits 0: a failure to check is reported as NonCompliant with its reason. Runs as SYSTEM with -NoProfile,
# in 32-bit or 64-bit PowerShell. Needs the DefenderProxyTools module installed for all users.

# --- desired state: edit here, and keep mdi-proxy-remediation.ps1 in step ---
$DesiredProxyUrl = 'http://proxy.contoso.com:8080'   # $null: the sensor should have no proxy
$DesiredMethod = 'auto'                              # auto (keep the method in use), sensor or wininet
$DesiredUserName = $null                             # the proxy account for an authenticating proxy, e.g. 'CONTOSO\proxyuser'
                                                     # (the sensor's stored password is kept); $null: none
$TestConnectivity = $false                           # also test the route to the workspace
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $check = Test-DefenderProxyCompliance -Product MDI -ProxyUrl $DesiredProxyUrl -Method $DesiredMethod -UserName $DesiredUserName -TestConnectivity:$TestConnectivity -MachineImage $MachineImage
    if ($check.Compliant) { Write-Output 'Compliant' } else { Write-Output ('NonCompliant: ' + $check.Reason) }
}
catch {
    Write-Output (('NonCompliant: ' + $_.Exception.Message) -replace '\s+', ' ')
}
exit 0
