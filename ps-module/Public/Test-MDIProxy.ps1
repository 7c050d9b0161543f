function Test-MDIProxy {
    <#
    .SYNOPSIS
    Tests whether the Defender for Identity sensor reaches its workspace through its proxy, and says at which
    stage and why it does not.
    .DESCRIPTION
    The counterpart of Microsoft's Test-MDISensorApiConnection, which only answers $true or $false. Each probe
    goes resolve -> connect -> CONNECT through the proxy -> TLS -> HTTP, is timed per stage, checks that the
    certificate chain ends in the roots the sensor expects (SSL inspection breaks the sensor) and gives one
    sentence of advice. By default the route the sensor really uses is tested, with the workspace read from the
    sensor's configuration. When the sensor's own proxy needs a password and no -ProxyCredential is given, the
    executable decrypts the password the sensor stores with the sensor certificate's key (live machine, elevated;
    or an image holding the key) for this test only; where it cannot, the probe says SENSOR_PASSWORD_UNAVAILABLE.
    .PARAMETER WorkspaceName
    The workspace name (contoso-corp for contoso-corpsensorapi.atp.azure.com). Read from the sensor by default.
    .PARAMETER SensorApiUrl
    A sensor API URL to test instead, e.g. https://contoso-corpsensorapi.atp.azure.com (the ping path is added
    when the URL has none).
    .PARAMETER ProxyUrl
    An explicit proxy to test instead of the configured one (route "explicit").
    .PARAMETER ProxyCredential
    Credentials for the proxy.
    .PARAMETER Route
    Routes to test: sensor (default), direct, explicit, pac, or a store name (mdi-sensor, wininet, winhttp,
    mde-telemetry, defender-av), or wininet-localsystem (LocalSystem's WinINet, the sensor updater's account).
    One route that reaches the sensor URL is enough; the recommended certificate URLs only warn.
    .PARAMETER Cloud
    Commercial (default), Gcc, GccHigh or Dod.
    .PARAMETER TimeoutSeconds
    Per-probe timeout (default 10).
    .PARAMETER ReportPath
    Also write a self-contained HTML report to this file.
    .PARAMETER MachineImage
    Folder of an offline machine image whose configuration is tested.
    .PARAMETER Quiet
    Return only $true or $false, like Test-MDISensorApiConnection.
    .EXAMPLE
    Test-MDIProxy

    Passed Route  Stage Code HttpStatus ElapsedMs Url
    ------ -----  ----- ---- ---------- --------- ---
    True   sensor done  OK          200       412 https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping
    .EXAMPLE
    Test-MDIProxy -WorkspaceName contoso-corp -ProxyUrl http://proxy.contoso.com:8080 -ProxyCredential CONTOSO\proxyuser -ReportPath .\mdi-proxy.html
    .EXAMPLE
    if (-not (Test-MDIProxy -Quiet)) { Write-Warning 'The MDI sensor cannot reach its workspace.' }
    .OUTPUTS
    DefenderProxyTools.Probe, System.Boolean
    .LINK
    Get-MDIProxy
    #>
    [CmdletBinding(DefaultParameterSetName = 'Workspace')]
    [OutputType('DefenderProxyTools.Probe', [bool])]
    param(
        [Parameter(ParameterSetName = 'Workspace')]
        [string] $WorkspaceName,

        [Parameter(Mandatory = $true, ParameterSetName = 'SensorApiUrl')]
        [ValidatePattern('^https://')]
        [string] $SensorApiUrl,

        [string] $ProxyUrl,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential = [System.Management.Automation.PSCredential]::Empty,

        [ValidateSet('sensor', 'direct', 'explicit', 'pac', 'mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av', 'wininet-localsystem')]
        [string[]] $Route,

        [ValidateSet('Commercial', 'Gcc', 'GccHigh', 'Dod')]
        [string] $Cloud = 'Commercial',

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
            Invoke-DefenderProxyTest -Call $call -Activity $script:Strings.TestMdiActivity -Quiet:$Quiet
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
