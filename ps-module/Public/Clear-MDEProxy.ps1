function Clear-MDEProxy {
    <#
    .SYNOPSIS
    Removes the static proxy of Defender for Endpoint from the telemetry, Antivirus and WinHTTP settings.
    .DESCRIPTION
    -WhatIf and -Confirm list every value that changes. The WinHTTP proxy is the machine's, for every service, so it
    asks first (ConfirmImpact High): pass -Confirm:$false in scripts.
    .PARAMETER Component
    Telemetry, Antivirus, WinHttp. Telemetry and Antivirus by default.
    .PARAMETER IncludeWinHttp
    Also the WinHTTP machine proxy. It is left alone by default: it is machine-wide, for every WinHTTP application
    and Windows service, and netsh-style settings malfunction on laptops that change topology (Microsoft's
    documentation prefers the registry static proxy for Defender for Endpoint).
    .PARAMETER MachineImage
    Folder of an offline machine image to change instead of this machine.
    .PARAMETER PassThru
    Return the change result.
    .EXAMPLE
    Clear-MDEProxy -WhatIf
    .EXAMPLE
    Clear-MDEProxy -Component WinHttp -Confirm:$false
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Set-MDEProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus'),

        [switch] $IncludeWinHttp,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Call $call -Caption $script:Strings.ClearMdeProxyCaption -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
