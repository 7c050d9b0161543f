function Invoke-DefenderProxyCompliance {
    <#
    .SYNOPSIS
    Runs a compliance call (check, or with "repair" set the desired state) and returns the core's answer as a
    DefenderProxyTools.ComplianceResult or, for a repair, a DefenderProxyTools.RepairResult.
    .DESCRIPTION
    The core decides the status, the reason, the one-line summary and the exit code, and tests the sensor's route
    with the password the sensor stores, as for Test-MDIProxy. Here: -Product against the parameters given, no
    progress and (unless -WarningAction says otherwise) no warnings, the Connectivity import option, -WhatIf and
    -Confirm for a repair (listing the differences a check finds first), and the object. An
    executable that cannot answer at all is a result with Status Error too: fleet scripts read one line, never a
    thrown error.
    .EXAMPLE
    Invoke-DefenderProxyCompliance -Cmdlet $PSCmdlet -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet) -Product MDE
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.ComplianceResult', 'DefenderProxyTools.RepairResult')]
    param(
        # The public cmdlet, whose -WhatIf and -Confirm apply to a repair and whose parameter set names the product.
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory = $true)]
        [psobject] $Call,

        [Parameter(Mandatory = $true)]
        [ValidateSet('MDI', 'MDE')]
        [string] $Product
    )

    # Not a result but an error: the cmdlet was called wrongly, nothing was checked.
    Assert-DefenderProxyProduct -Product $Product -ParameterSetName $Cmdlet.ParameterSetName
    # Agents read one line of output and count anything on stderr as a failure: everything below runs quietly.
    $ProgressPreference = 'SilentlyContinue'
    if (-not $Cmdlet.MyInvocation.BoundParameters.ContainsKey('WarningAction')) { $WarningPreference = 'SilentlyContinue' }

    $request = $Call.Request
    $repair = $request.Contains('repair') -and $request.repair
    $activity = $script:Strings.ComplianceActivity -f $Product
    try {
        if ($repair) {
            $check = [ordered]@{}
            foreach ($key in $request.Keys) { if ($key -ne 'repair') { $check[$key] = $request[$key] } }
            $found = Invoke-DefenderProxyCore -Command 'compliance' -Request $check -Activity $activity
            if ($found.status -eq 'drift') {
                $caption = $script:Strings.RepairCaption -f $Product
                $list = Format-DefenderProxyChangeList -Change @($found.differences | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Difference')
                $description = $script:Strings.ChangeDescription -f $caption, [System.Environment]::NewLine, $list
                if (-not $Cmdlet.ShouldProcess($description, ($script:Strings.ChangeWarning -f [System.Environment]::NewLine, $list), $caption)) { return }
            }
        }
        elseif ($request.Contains('testConnectivity') -and $request.testConnectivity) {
            Add-DefenderProxyConnectivityOption -Call $Call
        }
        $result = Invoke-DefenderProxyCore -Command 'compliance' -Request $request -Credential $Call.Credential -CredentialPath $Call.CredentialPath -Activity $activity
    }
    catch {
        $reason = $script:Strings.ComplianceErrorReason -f ($_.FullyQualifiedErrorId -split ',')[0], $_.Exception.Message
        $result = [pscustomobject]@{
            product = $Product.ToLowerInvariant(); compliant = $false; status = 'error'; reason = $reason; exitCode = 1
            summary = $script:Strings.ComplianceErrorSummary -f $reason; differences = @(); probes = @(); change = $null; backup = $null
            error = [pscustomobject]@{ code = ($_.FullyQualifiedErrorId -split ',')[0]; message = $_.Exception.Message }
        }
        if ($repair) { $result.status = 'failed'; $result.summary = $script:Strings.RepairErrorSummary -f $reason }
    }

    $shared = [ordered]@{
        Product     = $Product
        Status      = ConvertTo-DefenderProxyPascalCase -Text $result.status
        Differences = @($result.differences | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Difference')
    }
    if ($repair) {
        $change = $null
        if ($result.change) { $change = ConvertTo-DefenderProxyChangeResult -Result $result.change }
        $shared.Change = $change
        $shared.ChangeResult = $change
        return ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.RepairResult' -Property $shared
    }
    $shared.Probes = @($result.probes | ConvertTo-DefenderProxyProbe)
    return ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.ComplianceResult' -Property $shared
}

function Add-DefenderProxyConnectivityOption {
    <#
    .SYNOPSIS
    Adds the Connectivity import option's fields to the connectivity part of a compliance call.
    .EXAMPLE
    Add-DefenderProxyConnectivityOption -Call $call
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [psobject] $Call
    )

    $connectivity = [ordered]@{}
    if ($Call.Request.Contains('connectivity')) { foreach ($key in $Call.Request.connectivity.Keys) { $connectivity[$key] = $Call.Request.connectivity[$key] } }
    if ($script:ModuleOptions.Connectivity) {
        foreach ($key in $script:ModuleOptions.Connectivity.Keys) { $connectivity[$key] = $script:ModuleOptions.Connectivity[$key] }
    }
    $Call.Request.connectivity = $connectivity
}

function ConvertTo-DefenderProxyPascalCase {
    <#
    .SYNOPSIS
    A value of the core (connectivity-failed) as PowerShell shows it (ConnectivityFailed).
    .EXAMPLE
    ConvertTo-DefenderProxyPascalCase -Text 'already-compliant'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Text
    )

    return (($Text -split '-') | ForEach-Object { if ($_) { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) } }) -join ''
}
