function ConvertTo-MDEStoreName {
    <#
    .SYNOPSIS
    Maps the MDE components of the cmdlets to the core's store names.
    .EXAMPLE
    ConvertTo-MDEStoreName -Component 'Telemetry', 'WinHttp'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component
    )

    $stores = @{ Telemetry = 'mde-telemetry'; Antivirus = 'defender-av'; WinHttp = 'winhttp' }
    foreach ($name in $Component) { $stores[$name] }
}
