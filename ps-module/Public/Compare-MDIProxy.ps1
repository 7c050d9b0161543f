function Compare-MDIProxy {
    <#
    .SYNOPSIS
    Compares the Defender for Identity sensor's proxy with the one it should have, and lists what differs.
    .DESCRIPTION
    Reads only; changes nothing. This is what the Intune detection script and the DSC resources ask the core.
    .PARAMETER ProxyUrl
    The proxy URL the sensor should use; empty for none.
    .PARAMETER ProxyCredential
    The proxy account the sensor should use. Only the user name is compared: the stored password cannot be read
    back.
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
    .OUTPUTS
    DefenderProxyTools.CompareResult
    .LINK
    Set-MDIProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.CompareResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential = [System.Management.Automation.PSCredential]::Empty,

        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage
    )

    process {
        $desired = [ordered]@{ proxyUrl = $null; method = $Method.ToLowerInvariant() }
        if ($ProxyUrl) { $desired.proxyUrl = $ProxyUrl }
        if ($ProxyCredential -ne [System.Management.Automation.PSCredential]::Empty) { $desired.userName = $ProxyCredential.UserName }
        $request = [ordered]@{ desired = [ordered]@{ mdi = $desired } }
        if ($MachineImage) { $request.machine = $MachineImage }
        try {
            Invoke-DefenderProxyCompare -Request $request
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
