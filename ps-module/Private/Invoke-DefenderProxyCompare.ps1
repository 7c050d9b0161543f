function Invoke-DefenderProxyCompare {
    <#
    .SYNOPSIS
    Runs `defenderproxy compare` with a request holding the desired state and returns a
    DefenderProxyTools.CompareResult whose Differences are DefenderProxyTools.Difference objects.
    .DESCRIPTION
    Errors of the executable reach the caller as they are: a public cmdlet turns them into its own error.
    .EXAMPLE
    Invoke-DefenderProxyCompare -Request @{ desired = @{ mdi = @{ proxyUrl = 'http://proxy.contoso.com:8080' } } }
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.CompareResult')]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request
    )

    $result = Invoke-DefenderProxyCore -Command 'compare' -Request $Request
    ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.CompareResult' -Property @{
        Differences = @($result.differences | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Difference')
    }
}
