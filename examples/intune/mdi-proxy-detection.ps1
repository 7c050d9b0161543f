# Intune Remediations: detection script for the Defender for Identity sensor proxy.
# Exits 1 (run the remediation) when the proxy differs from the desired one or, with $TestConnectivity, the sensor
# cannot reach its workspace through it; 0 otherwise. One summary line on stdout, nothing on stderr. Runs as SYSTEM,
# in 32-bit or 64-bit PowerShell. Needs the DefenderProxyTools module installed for all users.

# --- desired state: edit here, and keep mdi-proxy-remediation.ps1 in step ---
$DesiredProxyUrl = 'http://proxy.contoso.com:8080'   # $null: the sensor should have no proxy
$DesiredMethod = 'auto'                              # auto (keep the method in use), sensor or wininet
$DesiredUserName = $null                             # the proxy account for an authenticating proxy, e.g. 'CONTOSO\proxyuser'
                                                     # (the sensor's stored password is kept); $null: none
$TestConnectivity = $true                            # also test the route to the workspace
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $check = Test-DefenderProxyCompliance -Product MDI -ProxyUrl $DesiredProxyUrl -Method $DesiredMethod -UserName $DesiredUserName -TestConnectivity:$TestConnectivity -MachineImage $MachineImage
    Write-Output $check.Summary
    exit $check.ExitCode
}
catch {
    Write-Output (('Error: ' + $_.Exception.Message) -replace '\s+', ' ')
    exit 1
}
