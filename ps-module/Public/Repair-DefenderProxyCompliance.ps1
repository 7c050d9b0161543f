function Repair-DefenderProxyCompliance {
    <#
    .SYNOPSIS
    Sets the desired MDI or MDE proxy (removes it when none is desired) and sums the outcome up in one line,
    for Intune and Configuration Manager remediation.
    .DESCRIPTION
    Runs defenderproxy set: a backup is taken first and the change is rolled back if it fails (for MDI the
    sensor is restarted and checked). -WhatIf and -Confirm list every value that would change. Status is
    Repaired, AlreadyCompliant or Failed; Summary is one line under 2048 characters and ExitCode what a
    remediation script exits with (1: failed). A failed change is not thrown: it is a result with Status Failed
    and the executable's error code in Reason. No progress is shown and, unless -WarningAction says otherwise,
    no warnings. A password does not belong in a script an agent stores: with -UserName the password the sensor
    keeps stays as it is.
    .PARAMETER Product
    MDI (the Defender for Identity sensor) or MDE (Defender for Endpoint: EDR telemetry, Defender Antivirus and
    WinHTTP).
    .PARAMETER ProxyUrl
    MDI: the proxy URL the sensor should use, e.g. http://proxy.contoso.com:8080; empty removes the proxy.
    .PARAMETER Method
    MDI: Auto (keep the method in use; a sensor configured two ways is refused), Sensor or WinINet.
    .PARAMETER UserName
    MDI: the account (DOMAIN\user) of an authenticating proxy; the stored password is kept.
    .PARAMETER ProxyServer
    MDE: the proxy (host:port) for every chosen component; empty removes it.
    .PARAMETER BypassList
    MDE: hosts that bypass the proxy; <local> stands for names without a dot.
    .PARAMETER Component
    MDE: Telemetry, Antivirus, WinHttp. All three by default, as Microsoft's documentation asks.
    .PARAMETER MachineImage
    Folder of an offline machine image to change instead of this machine.
    .EXAMPLE
    Repair-DefenderProxyCompliance -Product MDI -ProxyUrl http://proxy.contoso.com:8080 -WhatIf
    .EXAMPLE
    $repair = Repair-DefenderProxyCompliance -Product MDE -ProxyServer proxy.contoso.com:8080 -BypassList '<local>'
    Write-Output $repair.Summary
    exit $repair.ExitCode
    .OUTPUTS
    DefenderProxyTools.RepairResult
    .LINK
    Test-DefenderProxyCompliance
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('DefenderProxyTools.RepairResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateSet('MDI', 'MDE')]
        [string] $Product,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDI')]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [Parameter(ParameterSetName = 'MDI')]
        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [Parameter(ParameterSetName = 'MDI')]
        [string] $UserName,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDE')]
        [AllowEmptyString()]
        [string] $ProxyServer,

        [Parameter(ParameterSetName = 'MDE')]
        [string[]] $BypassList,

        [Parameter(ParameterSetName = 'MDE')]
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus', 'WinHttp'),

        [string] $MachineImage
    )

    process {
        Assert-DefenderProxyProduct -Product $Product -ParameterSetName $PSCmdlet.ParameterSetName
        # Agents read one line of output and count anything on stderr as a failure.
        $ProgressPreference = 'SilentlyContinue'
        if (-not $PSBoundParameters.ContainsKey('WarningAction')) { $WarningPreference = 'SilentlyContinue' }

        $request = [ordered]@{ product = $Product.ToLowerInvariant() }
        if ($MachineImage) { $request.machine = $MachineImage }
        if ($Product -eq 'MDI') {
            $request.method = $Method.ToLowerInvariant()
            $desiredProxy = $ProxyUrl
            $proxy = [ordered]@{ url = $ProxyUrl }
            if ($UserName) { $proxy.userName = $UserName }
        }
        else {
            $request.stores = [string[]] @(ConvertTo-MDEStoreName -Component $Component)
            $desiredProxy = $ProxyServer
            $proxy = [ordered]@{ server = $ProxyServer }
            if ($BypassList) { $proxy.bypass = [string[]] $BypassList }
        }
        if ($desiredProxy) {
            $request.proxy = $proxy
            $caption = "Set the $Product proxy to $desiredProxy"
        }
        else {
            $request.clear = $true
            $caption = "Remove the $Product proxy"
        }

        $change = $null
        $reason = $null
        try {
            $change = Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Command 'set' -Request $request -Caption $caption -PassThru
            if (-not $change) { return }
            if ($change.Changed) {
                $status = 'Repaired'
                $summary = 'Remediated: {0} value(s) changed, backup {1}' -f @($change.Changes).Count, $change.Backup
                $restarted = @($change.RestartedServices)
                if ($restarted.Count -gt 0) { $summary += '; restarted {0}' -f ($restarted -join ', ') }
                $summary += '.'
            }
            else {
                $status = 'AlreadyCompliant'
                $summary = "Nothing to change: the $Product proxy is already as desired."
            }
        }
        catch {
            $status = 'Failed'
            $reason = Format-DefenderProxyError -ErrorRecord $_
            $summary = "Failed: $reason"
        }

        $exitCode = 1
        if ($status -ne 'Failed') { $exitCode = 0 }
        [pscustomobject] @{
            PSTypeName   = 'DefenderProxyTools.RepairResult'
            Product      = $Product
            Status       = $status
            Reason       = Format-DefenderProxyLine $reason
            Summary      = Format-DefenderProxyLine $summary
            ExitCode     = $exitCode
            ChangeResult = $change
        }
    }
}
