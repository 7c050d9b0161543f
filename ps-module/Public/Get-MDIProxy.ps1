function Get-MDIProxy {
    <#
    .SYNOPSIS
    Reads the proxy of the Defender for Identity sensor: its own configuration, the WinINet settings of the
    accounts it runs as, and which of them it really uses.
    .DESCRIPTION
    The counterpart of Microsoft's Get-MDISensorProxyConfiguration, without its blind spot: "no proxy" and "cannot
    read the configuration" are different answers here. The result says which method configured the proxy
    (sensor configuration, WinINet, or the MDE values of a v3 sensor), lists every store it read in .Stores, and
    names conflicts between them.
    .PARAMETER MachineImage
    Folder of an offline machine image to read instead of this machine.
    .EXAMPLE
    Get-MDIProxy

    Method EffectiveProxy                UserName          Conflicts
    ------ --------------                --------          ---------
    sensor http://proxy.contoso.com:8080 CONTOSO\proxyuser {}
    .EXAMPLE
    (Get-MDIProxy -MachineImage .\examples\dc01).Stores | Format-Table
    .OUTPUTS
    DefenderProxyTools.MDIProxy
    .LINK
    Set-MDIProxy
    #>
    [CmdletBinding()]
    [OutputType('DefenderProxyTools.MDIProxy')]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            $result = Invoke-DefenderProxyCore -Command $call.Command -Request $call.Request
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }

        $stores = @($result.stores | ConvertTo-DefenderProxyObject -TypeName 'DefenderProxyTools.StoreEntry')
        # Not Select-Object -First: on PowerShell 7 it renames the type of the object it passes on (Selected.*),
        # and the store would lose its view.
        $sensor = $null
        foreach ($store in $stores) { if ($store.Store -eq 'mdi-sensor') { $sensor = $store; break } }
        $summary = [ordered]@{
            PSTypeName                   = 'DefenderProxyTools.MDIProxy'
            Method                       = $null
            MethodsFound                 = @()
            EffectiveProxy               = $null
            Conflicts                    = @()
            IsProxyEnabled               = $false
            IsAuthenticationProxyEnabled = $false
            Url                          = $null
            UserName                     = $null
            CertificateThumbprint        = $null
            SensorVersion                = $null
            Generation                   = $null
            MachineImage                 = $MachineImage
            Stores                       = $stores
        }
        if ($result.PSObject.Properties['mdi'] -and $result.mdi) {
            $summary.Method = $result.mdi.method
            $summary.MethodsFound = @($result.mdi.methodsFound)
            $summary.EffectiveProxy = $result.mdi.effectiveProxy
            $summary.Conflicts = @($result.mdi.conflicts)
        }
        if ($sensor) {
            $summary.Url = $sensor.Url
            $summary.UserName = $sensor.UserName
            $summary.IsProxyEnabled = [bool] $sensor.Url
            $summary.IsAuthenticationProxyEnabled = [bool] $sensor.HasPassword
            $summary.CertificateThumbprint = $sensor.CertificateThumbprint
            $summary.SensorVersion = $sensor.SensorVersion
            $summary.Generation = $sensor.Generation
            if (-not $summary.EffectiveProxy) { $summary.EffectiveProxy = $sensor.Url }
        }
        [pscustomobject] $summary
    }
}
