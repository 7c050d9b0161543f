function Set-MDIProxy {
    <#
    .SYNOPSIS
    Sets the proxy of the Defender for Identity sensor, the way it was configured before.
    .DESCRIPTION
    The counterpart of Microsoft's Set-MDISensorProxyConfiguration. The change is planned first, so -WhatIf and
    -Confirm list every value that changes (before -> after). The core backs up, writes, restarts the sensor
    through AATPSensorUpdater and checks that AATPSensor runs again; if not, it restores the previous state.
    With -Method Auto (the default) the proxy is changed with the method already in use (a proxy set through
    WinINet must be changed through WinINet). Without -ProxyUrl, or with an empty or $null one, the proxy is removed,
    as Microsoft's cmdlet does. A change restarts the sensor, so it asks first (ConfirmImpact High): pass
    -Confirm:$false in scripts.
    .PARAMETER ProxyUrl
    The proxy URL, e.g. http://proxy.contoso.com:8080. A bare host:port is read as http. Left out, empty or $null:
    the proxy is removed.
    .PARAMETER ProxyCredential
    The proxy account (DOMAIN\user) for an authenticating proxy. The password is encrypted with the sensor's
    certificate; it never appears on a command line.
    .PARAMETER BypassList
    WinINet only: hosts that bypass the proxy (<local> stands for names without a dot). Left out, a WinINet change
    keeps each account's bypass list and PAC settings as they are.
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
    .EXAMPLE
    Set-MDIProxy -ProxyUrl $null -Method Sensor -Confirm:$false
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Clear-MDIProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [Parameter(Position = 0)]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [Parameter(Position = 1)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential = [System.Management.Automation.PSCredential]::Empty,

        [string[]] $BypassList,

        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [ValidateRange(1, 3600)]
        [int] $ServiceTimeoutSeconds = 60,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        $caption = $script:Strings.ClearMdiProxyCaption
        if ($ProxyUrl) { $caption = $script:Strings.SetMdiProxyCaption -f $ProxyUrl }
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Call $call -Caption $caption -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
