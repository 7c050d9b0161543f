function Write-DefenderProxyLogLine {
    <#
    .SYNOPSIS
    Turns one stderr line of defenderproxy into Write-Progress, Write-Warning or Write-Verbose, so that nothing
    raw reaches the host's error stream.
    .EXAMPLE
    Write-DefenderProxyLogLine -Line '{"level":"progress","done":3,"total":40}' -Activity 'Testing'
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string] $Line,

        [Parameter(Mandatory = $true)]
        [string] $Activity
    )

    if (-not $Line.Trim()) { return }
    try {
        $logEvent = $Line | ConvertFrom-Json
    }
    catch {
        Write-Verbose $Line
        return
    }
    $level = [string] $logEvent.level
    $message = [string] $logEvent.message
    switch ($level) {
        'progress' {
            $total = [int] $logEvent.total
            $done = [int] $logEvent.done
            $percent = 0
            if ($total -gt 0) { $percent = [int] [math]::Min(100, [math]::Floor(100 * $done / $total)) }
            $status = "$done of $total"
            if ($message) { $status = "$status - $message" }
            Write-Progress -Activity $Activity -Status $status -PercentComplete $percent
        }
        'warning' { Write-Warning $message }
        default { Write-Verbose $message }
    }
}
