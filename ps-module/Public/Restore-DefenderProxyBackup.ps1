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
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        $list = New-DefenderProxyRequest -Cmdlet $PSCmdlet -Name 'Get-DefenderProxyBackup'
        try {
            # The core has no plan for a restore: the backup's own list of targets is what will change.
            $backup = @((Invoke-DefenderProxyCore -Command $list.Command -Request $list.Request).backups | Where-Object { $_.id -eq $Id })[0]
            $targets = $script:Strings.RestoreTargetsUnknown
            if ($backup) { $targets = ($backup.targets | ForEach-Object { "  $_" }) -join [System.Environment]::NewLine }
            $caption = $script:Strings.RestoreCaption -f $Id
            $description = $script:Strings.RestoreDescription -f $caption, [System.Environment]::NewLine, $targets
            if (-not $PSCmdlet.ShouldProcess($description, ($script:Strings.RestoreWarning -f [System.Environment]::NewLine, $targets), $caption)) {
                return
            }
            $result = Invoke-DefenderProxyCore -Command $call.Command -Request $call.Request -Activity $caption
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        if ($PassThru) { ConvertTo-DefenderProxyChangeResult -Result $result }
    }
}
