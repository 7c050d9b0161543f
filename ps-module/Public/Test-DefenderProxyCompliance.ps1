function Test-DefenderProxyCompliance {
    <#
    .SYNOPSIS
    Checks that the MDI or MDE proxy is the desired one (and, with -TestConnectivity, that the service answers
    through it) and sums the answer up in one line, for Intune detection and Configuration Manager discovery.
    .DESCRIPTION
    One request to the executable (defenderproxy compliance): it compares the proxy with the desired one and, when
    it is right and -TestConnectivity is set, tests the route to the service, the way the sensor goes (with the
    password the MDI sensor stores, decrypted by the executable as for Test-MDIProxy). Status is Compliant, Drift,
    ConnectivityFailed or Error; Summary is one line under 2048 characters for Intune, Reason the short why for a
    Configuration Manager "NonCompliant: <reason>", and ExitCode what an Intune detection script exits with (1:
    remediate). A check that cannot be done is not thrown: it is a result with Status Error and the error code in
    Reason. Agents read one line and count anything on stderr as a failure, so no progress is shown and,
    unless -WarningAction says otherwise, no warnings.
    .PARAMETER Product
    MDI (the Defender for Identity sensor) or MDE (Defender for Endpoint: EDR telemetry, Defender Antivirus and
    WinHTTP).
    .PARAMETER ProxyUrl
    MDI: the proxy URL the sensor should use, e.g. http://proxy.contoso.com:8080; empty or $null for none.
    .PARAMETER Method
    MDI: Auto (keep the method in use; a sensor configured two ways is an error), Sensor or WinINet.
    .PARAMETER UserName
    MDI: the account (DOMAIN\user) of an authenticating proxy. Only the name is compared: the stored password
    cannot be read back.
    .PARAMETER ProxyServer
    MDE: the proxy (host:port) every chosen component should use; empty or $null for none.
    .PARAMETER BypassList
    MDE: the bypass list that should be set; none when empty.
    .PARAMETER Component
    MDE: Telemetry, Antivirus, WinHttp. Telemetry and Antivirus by default.
    .PARAMETER IncludeWinHttp
    MDE: also the WinHTTP machine proxy, which is machine-wide (every WinHTTP application and Windows service) and
    therefore managed only when named.
    .PARAMETER Geo
    MDE: the tenant's data geography, whose service URLs -TestConnectivity probes: us, eu, uk or au.
    .PARAMETER TestConnectivity
    When the proxy is right, also test the route to the workspace (MDI) or the service URLs (MDE).
    .PARAMETER MachineImage
    Folder of an offline machine image to check instead of this machine.
    .EXAMPLE
    Test-DefenderProxyCompliance -Product MDI -ProxyUrl http://proxy.contoso.com:8080 -TestConnectivity

    Product Compliant Status Summary
    ------- --------- ------ -------
    MDI         False Drift  Drift: 1 difference(s): C:\Program Files\...\SensorConfiguration.json: ...
    .EXAMPLE
    $check = Test-DefenderProxyCompliance -Product MDE -ProxyServer proxy.contoso.com:8080 -BypassList '<local>' -Geo eu -TestConnectivity
    Write-Output $check.Summary
    exit $check.ExitCode
    .OUTPUTS
    DefenderProxyTools.ComplianceResult
    .LINK
    Repair-DefenderProxyCompliance
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.ComplianceResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateSet('MDI', 'MDE')]
        [string] $Product,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDI')]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [Parameter(ParameterSetName = 'MDI')]
        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [Parameter(ParameterSetName = 'MDI')]
        [string] $UserName,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDE')]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyServer,

        [Parameter(ParameterSetName = 'MDE')]
        [string[]] $BypassList,

        [Parameter(ParameterSetName = 'MDE')]
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus'),

        [Parameter(ParameterSetName = 'MDE')]
        [switch] $IncludeWinHttp,

        [Parameter(ParameterSetName = 'MDE')]
        [ValidateSet('us', 'eu', 'uk', 'au', 'ch', 'in')]
        [string] $Geo,

        [switch] $TestConnectivity,

        [string] $MachineImage
    )

    process {
        Invoke-DefenderProxyCompliance -Cmdlet $PSCmdlet -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet) -Product $Product
    }
}
