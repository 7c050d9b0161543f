function Set-MDIProxy {
    <#
    .SYNOPSIS
    Sets the proxy of the Defender for Identity sensor, the way it was configured before.
    .DESCRIPTION
    The counterpart of Microsoft's Set-MDISensorProxyConfiguration. The change is planned first, so -WhatIf and
    -Confirm list every value that changes (before -> after). The core backs up, writes, restarts the sensor
    through AATPSensorUpdater and checks that AATPSensor runs again; if not, it restores the previous state.
    With -Method Auto (the default) the proxy is changed with the method already in use (a proxy set through
    WinINet must be changed through WinINet). An empty -ProxyUrl removes the proxy, as Microsoft's cmdlet does.
    .PARAMETER ProxyUrl
    The proxy URL, e.g. http://proxy.contoso.com:8080. A bare host:port is read as http. Empty removes the proxy.
    .PARAMETER ProxyCredential
    The proxy account (DOMAIN\user) for an authenticating proxy. The password is encrypted with the sensor's
    certificate; it never appears on a command line.
    .PARAMETER Method
    Auto (keep the method in use), Sensor (SensorConfiguration.json) or WinINet (the registry of LocalSystem and
    LocalService).
    .PARAMETER ServiceTimeoutSeconds
    How long to wait for AATPSensor to run again after the change (default 60).
    .PARAMETER MachineImage
    Folder of an offline machine image to change instead of this machine.
    .PARAMETER PassThru
    Return the change result: the values changed and the id of the backup taken.
    .EXAMPLE
    Set-MDIProxy -ProxyUrl http://proxy.contoso.com:8080 -ProxyCredential (Get-Credential CONTOSO\proxyuser) -WhatIf
    .EXAMPLE
    Set-MDIProxy http://proxy.contoso.com:8080 -PassThru | Select-Object -ExpandProperty Changes
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Clear-MDIProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [Parameter(Position = 1)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential = [System.Management.Automation.PSCredential]::Empty,

        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [ValidateRange(1, 3600)]
        [int] $ServiceTimeoutSeconds = 60,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $request = [ordered]@{
            product          = 'mdi'
            method           = $Method.ToLowerInvariant()
            serviceTimeoutMs = $ServiceTimeoutSeconds * 1000
        }
        if ($MachineImage) { $request.machine = $MachineImage }
        if ($ProxyUrl) {
            $request.proxy = [ordered]@{ url = $ProxyUrl }
            $caption = "Set the MDI sensor proxy to $ProxyUrl"
        }
        else {
            $request.clear = $true
            $caption = 'Remove the MDI sensor proxy'
        }
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Command 'set' -Request $request -Credential $ProxyCredential -Caption $caption -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
