function Repair-DefenderProxyCompliance {
    <#
    .SYNOPSIS
    Sets the desired MDI or MDE proxy (removes it when none is desired) and sums the outcome up in one line,
    for Intune and Configuration Manager remediation.
    .DESCRIPTION
    One request to the executable (defenderproxy compliance with repair): when the proxy is not the desired one it
    is set, as defenderproxy set does (a backup is taken first and the change is rolled back if it fails; for MDI the
    sensor is restarted and checked). -WhatIf and -Confirm list every value that would change; a change can restart
    the sensor or rewrite the machine's WinHTTP proxy, so it asks first (ConfirmImpact High): scripts pass
    -Confirm:$false. Status is Repaired, AlreadyCompliant or Failed; Summary is one line under 2048 characters and
    ExitCode what a remediation script exits with (1: failed). A failed change is not thrown: it is a result with
    Status Failed, the error code in Reason and the backup in Backup. No progress is shown and, unless -WarningAction says otherwise,
    no warnings. A password does not belong in a script an agent stores: with -UserName the password the sensor
    keeps stays as it is.
    .PARAMETER Product
    MDI (the Defender for Identity sensor) or MDE (Defender for Endpoint: EDR telemetry, Defender Antivirus and
    WinHTTP).
    .PARAMETER ProxyUrl
    MDI: the proxy URL the sensor should use, e.g. http://proxy.contoso.com:8080; empty or $null removes the proxy.
    .PARAMETER Method
    MDI: Auto (keep the method in use; a sensor configured two ways is refused), Sensor or WinINet.
    .PARAMETER UserName
    MDI: the account (DOMAIN\user) of an authenticating proxy; the stored password is kept.
    .PARAMETER ProxyServer
    MDE: the proxy (host:port) for every chosen component; empty or $null removes it.
    .PARAMETER BypassList
    MDE: hosts that bypass the proxy; <local> stands for names without a dot.
    .PARAMETER Component
    MDE: Telemetry, Antivirus, WinHttp. Telemetry and Antivirus by default.
    .PARAMETER IncludeWinHttp
    MDE: also the WinHTTP machine proxy, which is machine-wide (every WinHTTP application and Windows service) and
    therefore managed only when named.
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
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.RepairResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateSet('MDI', 'MDE')]
        [string] $Product,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDI')]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyUrl,

        [Parameter(ParameterSetName = 'MDI')]
        [ValidateSet('Auto', 'Sensor', 'WinINet')]
        [string] $Method = 'Auto',

        [Parameter(ParameterSetName = 'MDI')]
        [string] $UserName,

        [Parameter(Mandatory = $true, ParameterSetName = 'MDE')]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $ProxyServer,

        [Parameter(ParameterSetName = 'MDE')]
        [string[]] $BypassList,

        [Parameter(ParameterSetName = 'MDE')]
        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus'),

        [Parameter(ParameterSetName = 'MDE')]
        [switch] $IncludeWinHttp,

        [string] $MachineImage
    )

    process {
        Invoke-DefenderProxyCompliance -Cmdlet $PSCmdlet -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet) -Product $Product
    }
}
