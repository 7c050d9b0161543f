function Test-MDEProxy {
    <#
    .SYNOPSIS
    Tests whether Defender for Endpoint reaches its cloud service URLs through the configured proxy, and says at
    which stage and why it does not.
    .DESCRIPTION
    Probes the URLs of Microsoft's list for the tenant's geography (the streamlined
    *.endpoint.security.microsoft.com list by default) over each route, in parallel, like the MDE client analyzer
    does one by one: resolve -> connect -> CONNECT -> TLS (with an SSL inspection check) -> HTTP.
    .PARAMETER Geo
    The tenant's data location: us, eu, uk, au, ch (Switzerland) or in (India). Left out on a machine: the one
    its MDE onboarding names.
    .PARAMETER Cloud
    Gcc, GccHigh or Dod for a US Government tenant (its own URL lists, no Geo); Commercial otherwise.
    .PARAMETER UrlList
    Streamlined (default) or Standard (the older winatp-gw-* list).
    .PARAMETER Route
    Routes to test: sensor (default: what the EDR sensor uses, falling back to direct as it does), direct,
    explicit, pac, or a store name. One route that reaches a URL is enough (the MDE client analyzer's rule).
    .PARAMETER ProxyServer
    An explicit proxy (host:port or URL) to test instead of the configured one (route "explicit").
    .PARAMETER TimeoutSeconds
    Per-probe timeout (default 10).
    .PARAMETER ReportPath
    Also write a self-contained HTML report to this file.
    .PARAMETER MachineImage
    Folder of an offline machine image whose configuration is tested.
    .PARAMETER Quiet
    Return only $true or $false.
    .EXAMPLE
    Test-MDEProxy -Geo eu | Where-Object { -not $_.Passed } | Format-List Url, Stage, Code, Advice
    .EXAMPLE
    Test-MDEProxy -Geo us -Route winhttp, direct -ReportPath .\mde-proxy.html
    .OUTPUTS
    DefenderProxyTools.Probe, System.Boolean
    .LINK
    Get-MDEProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.Probe', [bool])]
    param(
        [ValidateSet('us', 'eu', 'uk', 'au', 'ch', 'in')]
        [string] $Geo,

        [ValidateSet('Commercial', 'Gcc', 'GccHigh', 'Dod')]
        [string] $Cloud,

        [ValidateSet('Streamlined', 'Standard')]
        [string] $UrlList = 'Streamlined',

        [ValidateSet('sensor', 'direct', 'explicit', 'pac', 'mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av', 'wininet-localsystem')]
        [string[]] $Route,

        [string] $ProxyServer,

        [ValidateRange(1, 300)]
        [int] $TimeoutSeconds = 10,

        [string] $ReportPath,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $Quiet
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            Invoke-DefenderProxyTest -Call $call -Activity $script:Strings.TestMdeActivity -Quiet:$Quiet
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
