function ConvertTo-MDEStoreName {
    <#
    .SYNOPSIS
    Maps the MDE components of the cmdlets to the core's store names, as DefenderProxyTools.requests.json declares
    them (the DSC class MDEProxy has no declaration of its own).
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

    $stores = $script:RequestMap.'Set-MDEProxy'.parameters.Component.values
    foreach ($name in $Component) { $stores.$name }
}
