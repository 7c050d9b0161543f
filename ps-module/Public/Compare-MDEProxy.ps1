function Compare-MDEProxy {
    <#
    .SYNOPSIS
    Compares the Defender for Endpoint proxy settings with the ones they should have, and lists what differs.
    .DESCRIPTION
    Reads only; changes nothing.
    .PARAMETER ProxyServer
    The proxy (host:port) every chosen component should use; empty for none.
    .PARAMETER Component
    Telemetry, Antivirus, WinHttp. Telemetry and Antivirus by default.
    .PARAMETER IncludeWinHttp
    Also the WinHTTP machine proxy. It is left alone by default: it is machine-wide, for every WinHTTP application
    and Windows service, and netsh-style settings malfunction on laptops that change topology (Microsoft's
    documentation prefers the registry static proxy for Defender for Endpoint).
    .PARAMETER BypassList
    The bypass list that should be set.
    .PARAMETER PacUrl
    The PAC URL Defender Antivirus should use.
    .PARAMETER MachineImage
    Folder of an offline machine image to compare instead of this machine.
    .EXAMPLE
    Compare-MDEProxy -ProxyServer proxy.contoso.com:8080 | Select-Object -ExpandProperty Differences
    .OUTPUTS
    DefenderProxyTools.CompareResult
    .LINK
    Set-MDEProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.CompareResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyServer,

        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus'),

        [switch] $IncludeWinHttp,

        [string[]] $BypassList,

        [string] $PacUrl,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            Invoke-DefenderProxyCompare -Call $call
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
