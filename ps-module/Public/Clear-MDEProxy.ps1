function Clear-MDEProxy {
    <#
    .SYNOPSIS
    Removes the static proxy of Defender for Endpoint from the telemetry, Antivirus and WinHTTP settings.
    .PARAMETER Component
    Telemetry, Antivirus, WinHttp. All three by default.
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
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus', 'WinHttp'),

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $request = [ordered]@{ stores = [string[]] @(ConvertTo-MDEStoreName -Component $Component) }
        if ($MachineImage) { $request.machine = $MachineImage }
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Command 'clear' -Request $request -Caption 'Remove the Defender for Endpoint proxy' -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
