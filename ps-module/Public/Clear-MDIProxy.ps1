function Clear-MDIProxy {
    <#
    .SYNOPSIS
    Removes the proxy of the Defender for Identity sensor, with the method that configured it.
    .DESCRIPTION
    The counterpart of Microsoft's Clear-MDISensorProxyConfiguration. -WhatIf and -Confirm list every value that
    changes. The previous state is backed up first (see Get-DefenderProxyBackup). A change restarts the sensor, so it
    asks first (ConfirmImpact High): pass -Confirm:$false in scripts.
    .PARAMETER Method
    Auto (the method in use), Sensor or WinINet.
    .PARAMETER ServiceTimeoutSeconds
    How long to wait for AATPSensor to run again after the change (default 60).
    .PARAMETER MachineImage
    Folder of an offline machine image to change instead of this machine.
    .PARAMETER PassThru
    Return the change result.
    .EXAMPLE
    Clear-MDIProxy -WhatIf
    .EXAMPLE
    Clear-MDIProxy -Method WinINet -Confirm:$false -PassThru
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Set-MDIProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
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
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Call $call -Caption $script:Strings.ClearMdiProxyCaption -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
