# DefenderProxyTools: thin cmdlets over the `defenderproxy` executable. Each cmdlet is a declaration in
# DefenderProxyTools.requests.json (its command and where each parameter goes); New-DefenderProxyRequest builds the
# request from it, Invoke-DefenderProxyCore (the only place that starts the executable) runs it, and the JSON answer
# becomes typed objects. Every sentence the module shows is in en-US/DefenderProxyTools.strings.psd1. The
# class-based DSC resources live here because PSDSC finds classes only in the root module.
param(
    # Import options, for labs and tests only (README, "Import options"):
    #   Import-Module DefenderProxyTools -ArgumentList @{ Executable = '...'; Launcher = 'wine'; Connectivity = @{ ... } }
    # Nothing here is read from the environment: only a script that passes these itself gets them, so no setting of
    # the machine or of a user can point a script that SYSTEM runs at another executable.
    [System.Collections.IDictionary] $ImportOptions
)

# The module root holds the manifest and bin/ (packaged) or dist/ (a source checkout).
$script:ModuleRoot = Split-Path -Parent $PSScriptRoot

# The UI culture's sentences when a translation exists, else English (also under the invariant culture).
$Strings = $null
Import-LocalizedData -BindingVariable Strings -FileName 'DefenderProxyTools.strings.psd1' -BaseDirectory $PSScriptRoot -ErrorAction SilentlyContinue
if (-not $Strings) {
    Import-LocalizedData -BindingVariable Strings -FileName 'DefenderProxyTools.strings.psd1' -BaseDirectory $PSScriptRoot -UICulture 'en-US'
}
$script:Strings = $Strings

# The executable's exit codes (core/errors.ts EXIT), by name.
$script:ExitCode = @{
    Ok             = 0
    Negative       = 1
    InvalidRequest = 2
    RolledBack     = 3
    Partial        = 4
    Interrupted    = 130
}

# What each cmdlet sends (Crescendo-style declarations).
$script:RequestMap = (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'DefenderProxyTools.requests.json') -Raw -Encoding UTF8 | ConvertFrom-Json).cmdlets

foreach ($folder in @('Private', 'Public')) {
    foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1') {
        . $file.FullName
    }
}

$script:ModuleOptions = Read-DefenderProxyImportOptions -Options $ImportOptions

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
    # Invoke-DefenderProxyCore, on stdin only. A property left unset is left out: the core keeps what the machine
    # has (an unset ProxyUrl sent as null would read as "no proxy"). The method goes with Ensure Absent too: it says
    # which configuration to clear.
    hidden [System.Collections.Specialized.OrderedDictionary] ToInstance() {
        Assert-SingleInstance -Value $this.IsSingleInstance
        $instance = [ordered]@{ _exist = ($this.Ensure -eq [Ensure]::Present) }
        if ($this.MachineImage) { $instance.machine = Resolve-DefenderProxyPath -Path $this.MachineImage }
        $instance.method = $this.Method.ToString().ToLowerInvariant()
        if ($this.Ensure -eq [Ensure]::Present -and $this.ProxyUrl) { $instance.proxyUrl = $this.ProxyUrl }
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

    # Telemetry, Antivirus, WinHttp: Telemetry and Antivirus by default. WinHTTP's proxy is machine-wide (every
    # WinHTTP application, and netsh-style settings break laptops that change topology): managed only when named.
    [DscProperty()]
    [string[]] $Component = @('Telemetry', 'Antivirus')

    # Also manage the WinHTTP machine proxy.
    [DscProperty()]
    [bool] $IncludeWinHttp

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
        $current.IncludeWinHttp = $this.IncludeWinHttp
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

    # core/protocol.ts MdeProxyInstance. A property left unset is left out: the core keeps what the machine has (an
    # MDEProxy with only PacUrl must not clear every proxy).
    hidden [System.Collections.Specialized.OrderedDictionary] ToInstance() {
        Assert-SingleInstance -Value $this.IsSingleInstance
        $instance = [ordered]@{ _exist = ($this.Ensure -eq [Ensure]::Present) }
        if ($this.MachineImage) { $instance.machine = Resolve-DefenderProxyPath -Path $this.MachineImage }
        $instance.components = [string[]] @(ConvertTo-MDEStoreName -Component $this.Component)
        if ($this.IncludeWinHttp) { $instance.includeWinHttp = $true }
        if ($this.Ensure -eq [Ensure]::Present) {
            if ($this.ProxyServer) { $instance.proxyServer = $this.ProxyServer }
            if ($this.BypassList) { $instance.bypassList = [string[]] $this.BypassList }
            if ($this.PacUrl) { $instance.pacUrl = $this.PacUrl }
        }
        return $instance
    }
}

Export-ModuleMember -Function @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Public') -Filter '*.ps1' | ForEach-Object { $_.BaseName })
