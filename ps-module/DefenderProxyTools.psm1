# DefenderProxyTools: thin cmdlets over the `defenderproxy` executable. Each cmdlet turns its parameters into one
# JSON request, runs the executable through Invoke-DefenderProxyCore (the only place that starts it) and turns
# the JSON response into typed objects. The class-based DSC resources live here because PSDSC finds classes only
# in the root module.

# The module root holds the manifest and bin/ (packaged) or dist/ (a source checkout).
$script:ModuleRoot = Split-Path -Parent $PSScriptRoot

foreach ($folder in @('Private', 'Public')) {
    foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1') {
        . $file.FullName
    }
}

# Class properties carry one attribute each and use enums rather than ValidateSet: PSDSC turns enums into the
# MOF ValueMap all the same.
enum Ensure {
    Absent
    Present
}

enum MDIProxyMethod {
    Auto
    Sensor
    WinINet
}

[DscResource()]
class MDIProxy {
    # A machine has one MDI sensor proxy: the usual single-instance key, whose only value is 'Yes'.
    [DscProperty(Key)]
    [string] $IsSingleInstance = 'Yes'

    # The proxy URL the sensor should use, e.g. http://proxy.contoso.com:8080.
    [DscProperty()]
    [string] $ProxyUrl

    [DscProperty()]
    [System.Management.Automation.PSCredential] $ProxyCredential

    [DscProperty()]
    [MDIProxyMethod] $Method = [MDIProxyMethod]::Auto

    [DscProperty()]
    [Ensure] $Ensure = [Ensure]::Present

    # An offline machine image folder instead of this machine.
    [DscProperty()]
    [string] $MachineImage

    [DscProperty(NotConfigurable)]
    [string] $UserName

    [MDIProxy] Get() {
        $state = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('get', 'MDIProxy') -Request $this.ToInstance()
        $current = [MDIProxy]::new()
        $current.MachineImage = $this.MachineImage
        $current.ProxyUrl = $state.proxyUrl
        $current.UserName = $state.userName
        $current.Ensure = ConvertTo-DscEnsure -Exist $state._exist
        if ($state.method -eq 'wininet') { $current.Method = [MDIProxyMethod]::WinINet }
        if ($state.method -eq 'sensor') { $current.Method = [MDIProxyMethod]::Sensor }
        return $current
    }

    [bool] Test() {
        $state = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('test', 'MDIProxy') -Request $this.ToInstance() -Credential $this.ProxyCredential -CredentialPath ''
        return [bool] $state._inDesiredState
    }

    [void] Set() {
        $null = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('set', 'MDIProxy') -Request $this.ToInstance() -Credential $this.ProxyCredential -CredentialPath ''
    }

    # The DSC v3 instance the core understands (core/protocol.ts MdiProxyInstance); the password is added by
    # Invoke-DefenderProxyCore, on stdin only.
    hidden [System.Collections.Specialized.OrderedDictionary] ToInstance() {
        Assert-SingleInstance -Value $this.IsSingleInstance
        $instance = [ordered]@{ _exist = ($this.Ensure -eq [Ensure]::Present) }
        if ($this.MachineImage) { $instance.machine = $this.MachineImage }
        if ($this.Ensure -eq [Ensure]::Present) {
            $instance.proxyUrl = $this.ProxyUrl
            $instance.method = $this.Method.ToString().ToLowerInvariant()
        }
        return $instance
    }
}

[DscResource()]
class MDEProxy {
    [DscProperty(Key)]
    [string] $IsSingleInstance = 'Yes'

    # host:port, e.g. proxy.contoso.com:8080.
    [DscProperty()]
    [string] $ProxyServer

    # Telemetry, Antivirus, WinHttp: all three by default, as Microsoft's documentation asks.
    [DscProperty()]
    [string[]] $Component = @('Telemetry', 'Antivirus', 'WinHttp')

    [DscProperty()]
    [string[]] $BypassList

    [DscProperty()]
    [string] $PacUrl

    [DscProperty()]
    [Ensure] $Ensure = [Ensure]::Present

    [DscProperty()]
    [string] $MachineImage

    [MDEProxy] Get() {
        $state = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('get', 'MDEProxy') -Request $this.ToInstance()
        $current = [MDEProxy]::new()
        $current.MachineImage = $this.MachineImage
        $current.Component = $this.Component
        $current.ProxyServer = $state.proxyServer
        $current.BypassList = @($state.bypassList)
        $current.PacUrl = $state.pacUrl
        $current.Ensure = ConvertTo-DscEnsure -Exist $state._exist
        return $current
    }

    [bool] Test() {
        $state = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('test', 'MDEProxy') -Request $this.ToInstance()
        return [bool] $state._inDesiredState
    }

    [void] Set() {
        $null = Invoke-DefenderProxyCore -Command 'dsc' -Arguments @('set', 'MDEProxy') -Request $this.ToInstance()
    }

    # core/protocol.ts MdeProxyInstance.
    hidden [System.Collections.Specialized.OrderedDictionary] ToInstance() {
        Assert-SingleInstance -Value $this.IsSingleInstance
        $instance = [ordered]@{ _exist = ($this.Ensure -eq [Ensure]::Present) }
        if ($this.MachineImage) { $instance.machine = $this.MachineImage }
        $instance.components = [string[]] @(ConvertTo-MDEStoreName -Component $this.Component)
        if ($this.Ensure -eq [Ensure]::Present) {
            $instance.proxyServer = $this.ProxyServer
            if ($this.BypassList) { $instance.bypassList = [string[]] $this.BypassList }
            if ($this.PacUrl) { $instance.pacUrl = $this.PacUrl }
        }
        return $instance
    }
}

Export-ModuleMember -Function @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Public') -Filter '*.ps1' | ForEach-Object { $_.BaseName })
