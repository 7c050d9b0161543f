# Configuration Manager configuration item: remediation script for the Defender for Endpoint proxy (EDR telemetry, Defender Antivirus,
# WinHTTP). Sets the desired static proxy on every component (backed up first, rolled back on failure). One summary
# line on stdout, nothing on stderr; exit 0 when done, 1 when it failed. Runs as SYSTEM, in 32-bit or 64-bit
# PowerShell.

# ─── desired state: keep in step with the discovery script ───────────────────────────────────────────────────
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: remove the static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('winhttp', 'mde-telemetry', 'defender-av')   # all three, as Microsoft's documentation asks
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine
$DefenderProxyExe = $null                            # full path of defenderproxy.exe; $null: find it in the module

# The requests sent to defenderproxy: set the proxy, or clear it when none is desired.
$SetRequest = @{ product = 'mde'; stores = $Components; proxy = @{ server = $DesiredProxyServer; bypass = $DesiredBypass } }
$ClearRequest = @{ product = 'mde'; stores = $Components; clear = $true }

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

function Find-DefenderProxyExe {
    if ($DefenderProxyExe) { return $DefenderProxyExe }
    # 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles; the module lives in the 64-bit one.
    $programFiles = $env:ProgramW6432
    if (-not $programFiles) { $programFiles = $env:ProgramFiles }
    foreach ($modules in @('WindowsPowerShell\Modules', 'PowerShell\Modules')) {
        $folder = Join-Path $programFiles "$modules\DefenderProxyTools"
        if (Test-Path -LiteralPath $folder) {
            $found = Get-ChildItem -LiteralPath $folder -Recurse -Filter 'defenderproxy.exe' | Sort-Object -Property FullName -Descending | Select-Object -First 1
            if ($found) { return $found.FullName }
        }
    }
    throw 'defenderproxy.exe not found: install the DefenderProxyTools module for all users, or set $DefenderProxyExe.'
}

function Invoke-DefenderProxy {
    param([string] $Command, [hashtable] $Request)
    if ($MachineImage) { $Request.machine = $MachineImage }
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = Find-DefenderProxyExe
    $startInfo.Arguments = $Command
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.StandardOutputEncoding = [System.Text.Encoding]::UTF8
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $bytes = (New-Object System.Text.UTF8Encoding($false)).GetBytes((ConvertTo-Json -InputObject $Request -Depth 10 -Compress))
    $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
    $process.StandardInput.Close()
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $null = $stderr.Result
    return @{ ExitCode = $process.ExitCode; Response = ($stdout | ConvertFrom-Json) }
}

function Write-Summary {
    param([string] $Line)
    $flat = ($Line -replace '\s+', ' ').Trim()
    if ($flat.Length -gt 2000) { $flat = $flat.Substring(0, 1997) + '...' }
    Write-Output $flat
}

try {
    if ($DesiredProxyUrl) { $request = $SetRequest } else { $request = $ClearRequest }
    $set = Invoke-DefenderProxy -Command 'set' -Request $request
    if ($set.ExitCode -ne 0) {
        Write-Summary "Failed (exit $($set.ExitCode)): $($set.Response.error.code): $($set.Response.error.message)"
        exit 1
    }
    $result = $set.Response.result
    if (-not $result.changed) {
        Write-Summary 'Nothing to change: the MDE proxy is already as desired.'
        exit 0
    }
    Write-Summary ("Remediated: {0} value(s) changed, backup {1}." -f @($result.changes).Count, $result.backup)
    exit 0
}
catch {
    Write-Summary "Error: $($_.Exception.Message)"
    exit 1
}
