function Assert-SingleInstance {
    <#
    .SYNOPSIS
    The DSC resources' key IsSingleInstance takes one value, 'Yes' (checked here: a class property carries only one
    attribute, its DscProperty).
    .EXAMPLE
    Assert-SingleInstance -Value 'Yes'
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [AllowNull()]
        [string] $Value
    )

    if ($Value -ne 'Yes') {
        throw $script:Strings.SingleInstanceOnly
    }
}
