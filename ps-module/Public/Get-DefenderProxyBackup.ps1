function Get-DefenderProxyBackup {
    <#
    .SYNOPSIS
    Lists the backups the core took before each change (set, clear, restore), newest first. Created is a [datetime]
    in UTC.
    .PARAMETER MachineImage
    Folder of an offline machine image whose backups to list.
    .EXAMPLE
    Get-DefenderProxyBackup

    Id                       Created              Reason Targets
    --                       -------              ------ -------
    20261123-110412-set-mdi  2026-11-23T11:04:12Z set    {C:\Program Files\...\SensorConfiguration.json}
    .EXAMPLE
    Get-DefenderProxyBackup | Select-Object -First 1 | Restore-DefenderProxyBackup -WhatIf
    .OUTPUTS
    DefenderProxyTools.Backup
    .LINK
    Restore-DefenderProxyBackup
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.Backup')]
    param(
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
        foreach ($backup in $result.backups) {
            $created = ConvertTo-DefenderProxyDateTime -Value $backup.created
            ConvertTo-DefenderProxyObject -InputObject $backup -TypeName 'DefenderProxyTools.Backup' -Property @{ Created = $created; MachineImage = $MachineImage }
        }
    }
}
