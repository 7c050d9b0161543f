function Assert-DefenderProxyProduct {
    <#
    .SYNOPSIS
    -Product of the compliance functions must name the product whose parameters were given: -ProxyUrl, -Method and
    -UserName are MDI's (parameter set MDI), -ProxyServer, -BypassList, -Component and -Geo MDE's (set MDE).
    .EXAMPLE
    Assert-DefenderProxyProduct -Product $Product -ParameterSetName $PSCmdlet.ParameterSetName
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Product,

        [Parameter(Mandatory = $true)]
        [string] $ParameterSetName
    )

    if ($Product -ne $ParameterSetName) {
        throw ($script:Strings.ProductMismatch -f $Product)
    }
}
