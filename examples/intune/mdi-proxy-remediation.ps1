# Intune Remediations: remediation script for the Defender for Identity sensor proxy.
# Sets the desired proxy the way it is configured now (a backup is taken first, the sensor is restarted and
# checked, and everything is rolled back if it does not run again). One summary line on stdout, nothing on
# stderr; exit 0 when done, 1 when it failed. Runs as SYSTEM, in 32-bit or 64-bit PowerShell.
# Proxy credentials do not belong in a script that Intune stores: set an authenticated proxy once with
# Set-MDIProxy -ProxyCredential, or with DSC and an encrypted credential; with $DesiredUserName this script keeps
# the stored password.

# --- desired state: keep in step with mdi-proxy-detection.ps1 ---
$DesiredProxyUrl = 'http://proxy.contoso.com:8080'   # $null: remove the proxy
$DesiredMethod = 'auto'                              # auto (keep the method in use), sensor or wininet
$DesiredUserName = $null                             # the proxy account for an authenticating proxy, e.g. 'CONTOSO\proxyuser'
                                                     # (the sensor's stored password is kept); $null: none
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # The 64-bit Program Files: 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
    Import-Module -Name "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" -ErrorAction Stop
    $repair = Repair-DefenderProxyCompliance -Product MDI -ProxyUrl $DesiredProxyUrl -Method $DesiredMethod -UserName $DesiredUserName -MachineImage $MachineImage -Confirm:$false
    Write-Output $repair.Summary
    exit $repair.ExitCode
}
catch {
    Write-Output (('Error: ' + $_.Exception.Message) -replace '\s+', ' ')
    exit 1
}
