function ConvertTo-DefenderProxyProbe {
    <#
    .SYNOPSIS
    Turns one probe of the core's test into a DefenderProxyTools.Probe with Passed and the stage timings as
    properties of their own.
    .EXAMPLE
    $result.probes | ConvertTo-DefenderProxyProbe
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.Probe')]
    param(
        [Parameter(ValueFromPipeline = $true)]
        [AllowNull()]
        [psobject] $Probe
    )

    process {
        if ($null -eq $Probe) { return }
        $timings = $Probe.timings
        ConvertTo-DefenderProxyObject -InputObject $Probe -TypeName 'DefenderProxyTools.Probe' -Property ([ordered]@{
            Passed    = ($Probe.verdict -eq 'pass')
            ResolveMs = $timings.resolveMs
            ConnectMs = $timings.connectMs
            ProxyMs   = $timings.proxyMs
            TlsMs     = $timings.tlsMs
            HttpMs    = $timings.httpMs
        })
    }
}
