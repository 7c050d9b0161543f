function ConvertTo-DefenderProxyObject {
    <#
    .SYNOPSIS
    Turns one JSON object of the core (camelCase) into a PowerShell object (PascalCase) with a PSTypeName, so
    that the format file can show it.
    .EXAMPLE
    $result.stores | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.StoreEntry'
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(ValueFromPipeline = $true)]
        [AllowNull()]
        [psobject] $InputObject,

        [Parameter(Mandatory = $true)]
        [string] $TypeName,

        # Properties to add or replace, already in PascalCase.
        [System.Collections.IDictionary] $Property
    )

    process {
        if ($null -eq $InputObject) { return }
        $properties = [ordered]@{ PSTypeName = $TypeName }
        foreach ($item in $InputObject.PSObject.Properties) {
            $name = $item.Name.Substring(0, 1).ToUpperInvariant() + $item.Name.Substring(1)
            $properties[$name] = $item.Value
        }
        if ($Property) {
            foreach ($key in $Property.Keys) { $properties[$key] = $Property[$key] }
        }
        [pscustomobject] $properties
    }
}
