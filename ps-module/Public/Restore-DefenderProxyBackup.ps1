function Restore-DefenderProxyBackup {
    <#
    .SYNOPSIS
    Puts back the registry values and files a backup holds, after backing up the current state in turn.
    .DESCRIPTION
    -WhatIf and -Confirm list the registry keys and files the backup restores.
    .PARAMETER Id
    The backup id, as Get-DefenderProxyBackup lists it.
    .PARAMETER MachineImage
    Folder of an offline machine image to restore instead of this machine.
    .PARAMETER PassThru
    Return the change result.
    .EXAMPLE
    Restore-DefenderProxyBackup -Id 20261123-110412-set-mdi -WhatIf
    .EXAMPLE
    Get-DefenderProxyBackup | Select-Object -First 1 | Restore-DefenderProxyBackup -Confirm:$false -PassThru
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Get-DefenderProxyBackup
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string] $Id,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $request = [ordered]@{ backup = $Id }
        if ($MachineImage) { $request.machine = $MachineImage }
        try {
            # The core has no plan for a restore: the backup's own list of targets is what will change.
            $listRequest = [ordered]@{ action = 'list' }
            if ($MachineImage) { $listRequest.machine = $MachineImage }
            $backup = @((Invoke-DefenderProxyCore -Command 'backup' -Request $listRequest).backups | Where-Object { $_.id -eq $Id })[0]
            $targets = '(unknown: the backup is not listed)'
            if ($backup) { $targets = ($backup.targets | ForEach-Object { "  $_" }) -join [System.Environment]::NewLine }
            $caption = "Restore the Defender proxy backup $Id"
            $description = '{0}, which puts back:{1}{2}' -f $caption, [System.Environment]::NewLine, $targets
            if (-not $PSCmdlet.ShouldProcess($description, "Put back these values?$([System.Environment]::NewLine)$targets", $caption)) {
                return
            }
            $result = Invoke-DefenderProxyCore -Command 'restore' -Request $request -Activity $caption
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        if ($PassThru) {
            ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.ChangeResult' -Property @{
                Changes = @($result.changes | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Change')
            }
        }
    }
}
