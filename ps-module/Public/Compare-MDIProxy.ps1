function Compare-MDIProxy {
    <#
    .SYNOPSIS
    Compares the Defender for Identity sensor's proxy with the one it should have, and lists what differs.
    .DESCRIPTION
    Reads only; changes nothing. This is what the Intune detection script and the DSC resources ask the core.
    .PARAMETER ProxyUrl
    The proxy URL the sensor should use; empty for none.
    .PARAMETER UserName
    The proxy account (DOMAIN\user) the sensor should use. Only the name is compared: the stored password cannot be
    read back, so none is asked for.
    .PARAMETER Method
    Auto, Sensor or WinINet: how the proxy should be configured.
    .PARAMETER MachineImage
    Folder of an offline machine image to compare instead of this machine.
    .EXAMPLE
    Compare-MDIProxy -ProxyUrl http://proxy.contoso.com:8080

    InDesiredState Differences
    -------------- -----------
             False {mdi-sensor url}
    .EXAMPLE
    (Compare-MDIProxy -ProxyUrl '').InDesiredState
    .EXAMPLE
    Compare-MDIProxy -ProxyUrl http://proxy.contoso.com:8080 -UserName CONTOSO\proxyuser -Method Sensor
    .OUTPUTS
    DefenderProxyTools.CompareResult
    .LINK
    Set-MDIProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.CompareResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [string] $UserName,

        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

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
