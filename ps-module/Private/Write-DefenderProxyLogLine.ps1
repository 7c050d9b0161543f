function Write-DefenderProxyLogLine {
    <#
    .SYNOPSIS
    Turns one stderr line of defenderproxy into Write-Progress, Write-Warning or Write-Verbose, so that nothing raw
    reaches the host's error stream. Returns $true for a JSON log line, $false for anything else (which goes to the
    verbose stream and is kept by the caller: it is what an executable that cannot run says).
    .EXAMPLE
    Write-DefenderProxyLogLine -Line '{"level":"progress","done":3,"total":40}' -Activity 'Testing'
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string] $Line,

        [Parameter(Mandatory = $true)]
        [string] $Activity
    )

    if (-not $Line.Trim()) { return $true }
    $logEvent = $null
    if ($Line.TrimStart().StartsWith('{')) {
        try { $logEvent = $Line | ConvertFrom-Json } catch { $logEvent = $null }
    }
    if ($null -eq $logEvent -or $null -eq $logEvent.PSObject.Properties['level']) {
        Write-Verbose $Line
        return $false
    }
    $message = [string] $logEvent.message
    switch ([string] $logEvent.level) {
        'progress' {
            $total = [int] $logEvent.total
            $done = [int] $logEvent.done
            $percent = 0
            if ($total -gt 0) { $percent = [int] [math]::Min(100, [math]::Floor(100 * $done / $total)) }
            $status = $script:Strings.ProgressStatus -f $done, $total
            if ($message) { $status = $script:Strings.ProgressStatusWithMessage -f $done, $total, $message }
            Write-Progress -Activity $Activity -Status $status -PercentComplete $percent
        }
        'warning' { Write-Warning $message }
        default { Write-Verbose $message }
    }
    return $true
}
