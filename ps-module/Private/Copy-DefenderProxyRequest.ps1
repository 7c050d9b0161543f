function Copy-DefenderProxyRequest {
    <#
    .SYNOPSIS
    Copies a request (so the caller's hashtable never receives a password) and turns the paths it names into
    full file system paths: the executable does not know PowerShell's current location.
    .EXAMPLE
    Copy-DefenderProxyRequest -Request @{ machine = '.\dc01' } -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $copy = [ordered]@{}
    foreach ($key in $Request.Keys) {
        $value = $Request[$key]
        if (($key -eq 'machine' -or $key -eq 'reportPath') -and $value) {
            $value = $Cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath([string] $value)
        }
        $copy[$key] = $value
    }
    return $copy
}
