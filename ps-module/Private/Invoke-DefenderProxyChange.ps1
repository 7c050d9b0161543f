function Invoke-DefenderProxyChange {
    <#
    .SYNOPSIS
    Plans a set or clear call with the core, asks ShouldProcess with the real list of values (target: before ->
    after), then applies it. With -PassThru returns the DefenderProxyTools.ChangeResult (also when nothing had to
    change); nothing under -WhatIf or when the change is declined.
    .EXAMPLE
    Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet) -Caption 'Remove the MDI sensor proxy' -PassThru
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        # The public cmdlet, whose -WhatIf and -Confirm apply.
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        # From New-DefenderProxyRequest: command set or clear, the request, the credential.
        [Parameter(Mandatory = $true)]
        [psobject] $Call,

        [Parameter(Mandatory = $true)]
        [string] $Caption,

        [switch] $PassThru
    )

    $planRequest = [ordered]@{}
    foreach ($key in $Call.Request.Keys) { $planRequest[$key] = $Call.Request[$key] }
    if ($Call.Command -eq 'clear') { $planRequest.clear = $true }
    $plan = Invoke-DefenderProxyCore -Command 'plan' -Request $planRequest -Credential $Call.Credential -CredentialPath $Call.CredentialPath -Activity $Caption

    $changes = @($plan.changes | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Change')
    if (-not $plan.changed) {
        Write-Verbose ($script:Strings.ChangeNothingToDo -f $Caption)
        if ($PassThru) {
            ConvertTo-DefenderProxyObject -InputObject $plan -TypeName 'DefenderProxyTools.ChangeResult' -Property @{
                Changes = $changes; Backup = $null; RestartedServices = @()
            }
        }
        return
    }

    # What the documents warn of for this change (every service account proxied, WinHTTP machine-wide, AV's notes).
    foreach ($warning in @($plan.warnings)) { if ($warning) { Write-Warning $warning } }
    $list = Format-DefenderProxyChangeList -Change $changes
    $description = $script:Strings.ChangeDescription -f $Caption, [System.Environment]::NewLine, $list
    $warning = $script:Strings.ChangeWarning -f [System.Environment]::NewLine, $list
    if (-not $Cmdlet.ShouldProcess($description, $warning, $Caption)) {
        return
    }

    $result = Invoke-DefenderProxyCore -Command $Call.Command -Request $Call.Request -Credential $Call.Credential -CredentialPath $Call.CredentialPath -Activity $Caption
    if ($PassThru) { ConvertTo-DefenderProxyChangeResult -Result $result }
}

function ConvertTo-DefenderProxyChangeResult {
    <#
    .SYNOPSIS
    A set, clear or restore result of the core as a DefenderProxyTools.ChangeResult with typed Changes.
    .EXAMPLE
    ConvertTo-DefenderProxyChangeResult -Result $result
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [Parameter(Mandatory = $true)]
        [psobject] $Result
    )

    ConvertTo-DefenderProxyObject -InputObject $Result -TypeName 'DefenderProxyTools.ChangeResult' -Property @{
        Changes = @($Result.changes | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Change')
    }
}

function Format-DefenderProxyChangeList {
    <#
    .SYNOPSIS
    Changes (or differences) as the indented lines -WhatIf and -Confirm show: target: before -> after.
    .EXAMPLE
    Format-DefenderProxyChangeList -Change $changes
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyCollection()]
        [psobject[]] $Change = @()
    )

    $lines = foreach ($item in $Change) {
        $target = $item.Target
        $before = $item.Before
        $after = $item.After
        if ($null -ne $item.PSObject.Properties['Field']) {
            $target = $item.Field
            $before = $item.Actual
            $after = $item.Desired
        }
        '  ' + ($script:Strings.ChangeLine -f $target, (Format-DefenderProxyValue $before), (Format-DefenderProxyValue $after))
    }
    return (@($lines) -join [System.Environment]::NewLine)
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

    if ($null -eq $Value) { return $script:Strings.ValueNone }
    return [string] $Value
}
