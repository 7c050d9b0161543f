function Invoke-DefenderProxyTest {
    <#
    .SYNOPSIS
    Runs a test call and returns its probes as DefenderProxyTools.Probe objects, or with -Quiet only whether every
    probe passed.
    .DESCRIPTION
    Errors of the executable reach the caller as they are: a public cmdlet turns them into its own error.
    .EXAMPLE
    Invoke-DefenderProxyTest -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet) -Activity 'Testing the Defender for Endpoint connections'
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.Probe', [bool])]
    param(
        # From New-DefenderProxyRequest; its credential reaches the executable on stdin only.
        [Parameter(Mandatory = $true)]
        [psobject] $Call,

        [Parameter(Mandatory = $true)]
        [string] $Activity,

        [switch] $Quiet
    )

    $result = Invoke-DefenderProxyCore -Command 'test' -Request $Call.Request -Credential $Call.Credential -CredentialPath $Call.CredentialPath -Activity $Activity
    if ($result.reportPath) { Write-Verbose ($script:Strings.ReportWritten -f $result.reportPath) }
    # The core's sentences: recommended URLs no route reached, the documents' advice (an IP address, AV's proxy cache).
    foreach ($warning in @($result.warnings)) { if ($warning) { Write-Warning $warning } }
    # -Quiet follows the test's verdict: every required URL reached by a route, not every probe passing.
    if ($Quiet) { return [bool] $result.passed }
    $result.probes | ConvertTo-DefenderProxyProbe
}
