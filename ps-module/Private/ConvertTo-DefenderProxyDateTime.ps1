function ConvertTo-DefenderProxyDateTime {
    <#
    .SYNOPSIS
    A time of the executable (ISO 8601, UTC) as a [datetime] in UTC, on Windows PowerShell 5.1 and PowerShell 7
    alike: 7's ConvertFrom-Json reads such a string as a [datetime] already, 5.1's leaves it a string.
    .EXAMPLE
    ConvertTo-DefenderProxyDateTime -Value '2026-11-23T11:04:12.123Z'
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [Parameter(Mandatory = $true)]
        [object] $Value
    )

    if ($Value -is [datetime]) { return $Value.ToUniversalTime() }
    return [datetime]::Parse([string] $Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}
