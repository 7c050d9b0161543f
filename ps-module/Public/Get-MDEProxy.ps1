function Get-MDEProxy {
    <#
    .SYNOPSIS
    Reads the proxy of Defender for Endpoint: the EDR sensor's telemetry proxy, Defender Antivirus' proxy
    policy and the WinHTTP machine proxy.
    .PARAMETER Component
    Which components to read: Telemetry, Antivirus, WinHttp. All three by default.
    .PARAMETER MachineImage
    Folder of an offline machine image to read instead of this machine.
    .EXAMPLE
    Get-MDEProxy

    Store         Account Proxy                      Bypass
    -----         ------- -----                      ------
    winhttp               proxy.contoso.com:8080     <local>
    mde-telemetry         proxy.contoso.com:8080
    defender-av           http://proxy.contoso.com:8080
    .EXAMPLE
    Get-MDEProxy -Component WinHttp -MachineImage .\images\srv01
    .OUTPUTS
    DefenderProxyTools.StoreEntry
    .LINK
    Set-MDEProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.StoreEntry')]
    param(
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus', 'WinHttp'),

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            $result = Invoke-DefenderProxyCore -Command $call.Command -Request $call.Request
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        # The MDE values' checks (a scheme missing, TelemetryProxyServer not host:port, DisableEnterpriseAuthProxy not 1).
        foreach ($conflict in @($result.mde.conflicts)) { if ($conflict) { Write-Warning $conflict } }
        foreach ($note in @($result.mde.notes)) { if ($note) { Write-Verbose $note } }
        $result.stores | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.StoreEntry'
    }
}
