function Invoke-DefenderProxyCompare {
    <#
    .SYNOPSIS
    Runs a compare call and returns a DefenderProxyTools.CompareResult whose Differences are
    DefenderProxyTools.Difference objects.
    .DESCRIPTION
    Errors of the executable reach the caller as they are: a public cmdlet turns them into its own error.
    .EXAMPLE
    Invoke-DefenderProxyCompare -Call (New-DefenderProxyRequest -Cmdlet $PSCmdlet)
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.CompareResult')]
    param(
        [Parameter(Mandatory = $true)]
        [psobject] $Call
    )

    $result = Invoke-DefenderProxyCore -Command 'compare' -Request $Call.Request
    ConvertTo-DefenderProxyObject -InputObject $result -TypeName 'DefenderProxyTools.CompareResult' -Property @{
        Differences = @($result.differences | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.Difference')
    }
}
