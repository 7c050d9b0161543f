# Configuration Manager configuration item: discovery script for the Defender for Endpoint proxy (EDR telemetry, Defender Antivirus, WinHTTP).
# Prints exactly "Compliant", or "NonCompliant: <reason>" on one line, for a compliance rule
# "The value returned by the specified script: Equals Compliant" (remediation runs only with an Equals rule).
# Always exits 0: a failure to check is reported as NonCompliant with its reason. Runs as SYSTEM with -NoProfile,
# in 32-bit or 64-bit PowerShell.

# ─── desired state: edit here ───────────────────────────────────────────────────────────────────────────────
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: no static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('winhttp', 'mde-telemetry', 'defender-av')   # all three, as Microsoft's documentation asks
$Geo = 'us'                                          # the tenant's data geography: us, eu, uk or au
$TestConnectivity = $false                           # also test the service URLs
$MachineImage = $null                                # an offline machine image folder to try this on; $null: this machine
$DefenderProxyExe = $null                            # full path of defenderproxy.exe; $null: find it in the module

# The requests sent to defenderproxy (its JSON contract; see `defenderproxy schema`).
$CompareRequest = @{ desired = @{ mde = @{ proxyServer = $DesiredProxyServer; bypass = $DesiredBypass; components = $Components } } }
$TestRequest = @{ product = 'mde'; geo = $Geo }

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

function Write-Verdict {
    param([string] $Reason)
    # The compliance rule compares the whole output with "Compliant": one line, nothing else on stdout.
    if ($Reason) { Write-Output (('NonCompliant: ' + $Reason) -replace '\s+', ' ').Trim() } else { Write-Output 'Compliant' }
}

try {
    $compare = Invoke-DefenderProxy -Command 'compare' -Request $CompareRequest
    if ($compare.ExitCode -gt 1) {
        Write-Verdict "$($compare.Response.error.code): $($compare.Response.error.message)"
        exit 0
    }
    if ($compare.ExitCode -eq 1) {
        $differences = @($compare.Response.result.differences | ForEach-Object { '{0}: {1} -> {2}' -f $_.field, $_.actual, $_.desired })
        Write-Verdict ("{0} difference(s): {1}" -f $differences.Count, ($differences -join '; '))
        exit 0
    }
    if ($TestConnectivity) {
        $test = Invoke-DefenderProxy -Command 'test' -Request $TestRequest
        $failed = @($test.Response.result.probes | Where-Object { $_.verdict -ne 'pass' })
        if ($test.ExitCode -gt 1) {
            Write-Verdict "$($test.Response.error.code): $($test.Response.error.message)"
            exit 0
        }
        if ($test.ExitCode -eq 1 -or $failed.Count -gt 0) {
            $first = $failed | Select-Object -First 1
            Write-Verdict ("connectivity: {0} via {1} stopped at {2} ({3})" -f $first.url, $first.route, $first.stage, $first.code)
            exit 0
        }
    }
    Write-Verdict $null
    exit 0
}
catch {
    Write-Verdict $_.Exception.Message
    exit 0
}
