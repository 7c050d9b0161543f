function ConvertTo-DscEnsure {
    <#
    .SYNOPSIS
    Maps DSC v3's `_exist` to PSDSC's Ensure.
    .EXAMPLE
    ConvertTo-DscEnsure -Exist $false
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()]
        [object] $Exist
    )

    if ($Exist -eq $false) { return 'Absent' }
    return 'Present'
}
