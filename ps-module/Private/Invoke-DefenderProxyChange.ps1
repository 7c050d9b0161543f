function Invoke-DefenderProxyChange {
    <#
    .SYNOPSIS
    Plans a change with the core, asks ShouldProcess with the real list of values (target: before -> after),
    then applies it. With -PassThru returns the DefenderProxyTools.ChangeResult (also when nothing had to
    change); nothing under -WhatIf or when the change is declined.
    .EXAMPLE
    Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Command 'clear' -Request @{ product = 'mdi' } -Caption 'Clear the MDI proxy' -PassThru
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        # The public cmdlet, whose -WhatIf and -Confirm apply.
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory = $true)]
        [ValidateSet('set', 'clear')]
        [string] $Command,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        [System.Management.Automation.PSCredential] $Credential,

        [Parameter(Mandatory = $true)]
        [string] $Caption,

        [switch] $PassThru
    )

    $planRequest = [ordered]@{}
    foreach ($key in $Request.Keys) { $planRequest[$key] = $Request[$key] }
    if ($Command -eq 'clear') { $planRequest.clear = $true }
    $plan = Invoke-DefenderProxyCore -Command 'plan' -Request $planRequest -Credential $Credential -Activity $Caption

    $changes = @($plan.changes | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Change')
    if (-not $plan.changed) {
        Write-Verbose "$Caption`: already in place, nothing to change."
        if ($PassThru) {
            ConvertTo-DefenderProxyObject -InputObject $plan -TypeName 'DefenderProxyTools.ChangeResult' -Property @{
                Changes = $changes; Backup = $null; RestartedServices = @()
            }
        }
        return
    }

    $lines = foreach ($change in $changes) {
        '{0}: {1} -> {2}' -f $change.Target, (Format-DefenderProxyValue $change.Before), (Format-DefenderProxyValue $change.After)
    }
    $list = ($lines | ForEach-Object { "  $_" }) -join [System.Environment]::NewLine
    $description = '{0}:{1}{2}' -f $Caption, [System.Environment]::NewLine, $list
    $warning = 'Change these values?{0}{1}' -f [System.Environment]::NewLine, $list
    if (-not $Cmdlet.ShouldProcess($description, $warning, $Caption)) {
        return
    }

    $result = Invoke-DefenderProxyCore -Command $Command -Request $Request -Credential $Credential -Activity $Caption
    if ($PassThru) {
        ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.ChangeResult' -Property @{
            Changes = @($result.changes | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Change')
        }
    }
}

function Format-DefenderProxyValue {
    <#
    .SYNOPSIS
    Shows a missing value as (none) in change lists.
    .EXAMPLE
    Format-DefenderProxyValue $null
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Position = 0)]
        [AllowNull()]
        [object] $Value
    )

    if ($null -eq $Value) { return '(none)' }
    return [string] $Value
}
