function Get-DefenderProxyRouteCredential {
    <#
    .SYNOPSIS
    The credential a connectivity test of the MDI sensor's own route needs on the live machine: the password the
    sensor stores, decrypted for that one test. Shared by Test-MDIProxy and Test-DefenderProxyCompliance.
    .DESCRIPTION
    Returns $null when the call already has a credential, names a machine image or an explicit proxy, tests routes
    that are not the sensor's, or when there is nothing the sensor stores (or it cannot be decrypted: see
    Get-MDIStoredProxyCredential). Where the core decrypts the stored password itself, it asks for nothing here.
    .EXAMPLE
    $call.Credential = Get-DefenderProxyRouteCredential -Request $call.Request
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param(
        # The test request, or the connectivity part of a compliance request.
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        # The machine image the request names, when it is not a field of -Request itself.
        [string] $MachineImage
    )

    if ($MachineImage -or $Request.Contains('machine')) { return $null }
    if ($Request.Contains('proxy') -and ($Request.proxy.url -or $Request.proxy.server)) { return $null }
    if ($Request.Contains('routes') -and @($Request.routes | Where-Object { $_ -eq 'sensor' -or $_ -eq 'mdi-sensor' }).Count -eq 0) { return $null }
    $sensor = Invoke-DefenderProxyCore -Command 'get' -Request ([ordered]@{ stores = [string[]] @('mdi-sensor') })
    return Get-MDIStoredProxyCredential -Sensor @($sensor.stores)[0]
}
