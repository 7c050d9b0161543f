function Invoke-DefenderProxyTest {
    <#
    .SYNOPSIS
    Runs `defenderproxy test` and returns its probes as DefenderProxyTools.Probe objects, or with -Quiet only
    whether every probe passed.
    .DESCRIPTION
    Errors of the executable reach the caller as they are: a public cmdlet turns them into its own error.
    .EXAMPLE
    Invoke-DefenderProxyTest -Request @{ product = 'mde'; geo = 'eu' } -Activity 'Testing the Defender for Endpoint connections'
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.Probe', [bool])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        # Credentials for the proxy; the password reaches the executable on stdin only.
        [System.Management.Automation.PSCredential] $Credential,

        [Parameter(Mandatory = $true)]
        [string] $Activity,

        [switch] $Quiet
    )

    $result = Invoke-DefenderProxyCore -Command 'test' -Request $Request -Credential $Credential -Activity $Activity
    if ($result.reportPath) { Write-Verbose "Report written to $($result.reportPath)" }
    if ($Quiet) { return [bool] $result.passed }
    $result.probes | ConvertTo-DefenderProxyProbe
}
