# Intune Remediations: detection script for the Defender for Endpoint proxy (EDR telemetry, Defender Antivirus,
# WinHTTP). Exit 1 (run the remediation) when a component's proxy differs from the desired one or the service URLs
# cannot be reached; exit 0 otherwise. One summary line on stdout, nothing on stderr. Runs as SYSTEM, in 32-bit or
# 64-bit PowerShell. Needs defenderproxy.exe (the DefenderProxyTools module installed for all users).

# ─── desired state: edit here ───────────────────────────────────────────────────────────────────────────────
$DesiredProxyServer = 'proxy.contoso.com:8080'       # host:port; $null: no static proxy
$DesiredBypass = @('<local>')                        # bypass list; @() for none
$Components = @('winhttp', 'mde-telemetry', 'defender-av')   # all three, as Microsoft's documentation asks
$Geo = 'us'                                          # the tenant's data geography: us, eu, uk or au
$TestConnectivity = $true                            # also test the service URLs
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

function Write-Summary {
    param([string] $Line)
    $flat = ($Line -replace '\s+', ' ').Trim()
    if ($flat.Length -gt 2000) { $flat = $flat.Substring(0, 1997) + '...' }
    Write-Output $flat
}

try {
    $compare = Invoke-DefenderProxy -Command 'compare' -Request $CompareRequest
    if ($compare.ExitCode -gt 1) {
        Write-Summary "Error: $($compare.Response.error.code): $($compare.Response.error.message)"
        exit 1
    }
    if ($compare.ExitCode -eq 1) {
        $differences = @($compare.Response.result.differences | ForEach-Object { '{0}: {1} -> {2}' -f $_.field, $_.actual, $_.desired })
        Write-Summary ("Drift: {0} difference(s): {1}" -f $differences.Count, ($differences -join '; '))
        exit 1
    }
    if (-not $TestConnectivity) {
        Write-Summary "Compliant: MDE proxy $DesiredProxyServer."
        exit 0
    }
    $test = Invoke-DefenderProxy -Command 'test' -Request $TestRequest
    if ($test.ExitCode -gt 1) {
        Write-Summary "Error: $($test.Response.error.code): $($test.Response.error.message)"
        exit 1
    }
    $failed = @($test.Response.result.probes | Where-Object { $_.verdict -ne 'pass' })
    if ($test.ExitCode -eq 1 -or $failed.Count -gt 0) {
        $first = $failed | Select-Object -First 1
        Write-Summary ("Connectivity failed: {0} of {1} probe(s); {2} via {3} stopped at {4} ({5}): {6}" -f $failed.Count, @($test.Response.result.probes).Count, $first.url, $first.route, $first.stage, $first.code, $first.advice)
        exit 1
    }
    Write-Summary ("Compliant: MDE proxy {0}; every service URL answers ({1} probe(s) passed)." -f $DesiredProxyServer, @($test.Response.result.probes).Count)
    exit 0
}
catch {
    Write-Summary "Error: $($_.Exception.Message)"
    exit 1
}
