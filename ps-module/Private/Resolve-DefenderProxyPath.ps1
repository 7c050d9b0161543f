function Resolve-DefenderProxyPath {
    <#
    .SYNOPSIS
    A path as the executable needs it: absolute in the file system, relative paths taken from PowerShell's current
    location (the executable does not know it). For the DSC classes; cmdlets declare "path" in their requests.
    .EXAMPLE
    Resolve-DefenderProxyPath -Path '.\images\dc01'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Path
    )

    return $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
}
