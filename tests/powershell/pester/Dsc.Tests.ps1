# The class-based PSDSC resources MDIProxy and MDEProxy: Get, Test and Set called on real instances against copies of
# examples/dc01. A property left unset is not managed: it must never be read as "no proxy".

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools

    function New-Resource {
        param([string] $Name, [hashtable] $Property)
        $resource = & (Get-Module DefenderProxyTools) ([scriptblock]::Create("[$Name]::new()"))
        foreach ($key in $Property.Keys) { $resource.$key = $Property[$key] }
        return $resource
    }
}

Describe 'MDIProxy' {
    It 'Get returns the actual state as an MDIProxy; Test tells desired from drift; Set converges' {
        $image = New-TestImage
        $resource = New-Resource MDIProxy @{ MachineImage = $image; ProxyUrl = 'http://proxy.contoso.com:8080'; Method = 'Sensor' }
        $state = $resource.Get()
        $state.GetType().Name | Should -Be 'MDIProxy'
        $state.ProxyUrl | Should -Be 'http://proxy.contoso.com:8080'
        $state.UserName | Should -Be 'CONTOSO\proxyuser'
        [string] $state.Method | Should -Be 'Sensor'
        [string] $state.Ensure | Should -Be 'Present'
        $resource.Test() | Should -BeTrue
        $resource.ProxyUrl = 'http://other.contoso.com:3128'
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        (Get-MDIProxy -MachineImage $image).Url | Should -Be 'http://other.contoso.com:3128'
    }

    It 'without ProxyUrl, Set keeps the proxy and Test does not call a machine without one compliant' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        $resource = New-Resource MDIProxy @{ MachineImage = $image; Method = 'Sensor' }
        $resource.Test() | Should -BeTrue
        $resource.Set()
        Get-ImageHash -Image $image | Should -Be $before
        (Get-MDIProxy -MachineImage $image).Url | Should -Be 'http://proxy.contoso.com:8080'

        Clear-MDIProxy -Method Sensor -MachineImage $image -Confirm:$false
        Clear-MDIProxy -Method WinINet -MachineImage $image -Confirm:$false
        $resource.Test() | Should -BeFalse
        { $resource.Set() } | Should -Throw -ExpectedMessage '*proxyUrl*'
    }

    It 'Ensure Absent removes the proxy, and is then in the desired state' {
        $image = New-TestImage
        $resource = New-Resource MDIProxy @{ MachineImage = $image; Ensure = 'Absent'; Method = 'Sensor' }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        (Get-MDIProxy -MachineImage $image).Stores[0].Status | Should -Be 'no-proxy'
    }

    It 'IsSingleInstance takes only Yes' {
        $resource = New-Resource MDIProxy @{ MachineImage = (New-TestImage); IsSingleInstance = 'No' }
        { $resource.Get() } | Should -Throw -ExpectedMessage '*IsSingleInstance*'
    }
}

Describe 'MDEProxy' {
    It 'Get, Test, Set converge every component; the state comes back as an MDEProxy' {
        $image = New-TestImage
        $resource = New-Resource MDEProxy @{ MachineImage = $image; ProxyServer = 'proxy.contoso.com:8080'; BypassList = @('<local>') }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        $state = $resource.Get()
        $state.GetType().Name | Should -Be 'MDEProxy'
        $state.ProxyServer | Should -Be 'proxy.contoso.com:8080'
        @($state.BypassList) | Should -Be @('<local>')
    }

    It 'with only PacUrl, Set adds the PAC URL and keeps every proxy the machine has' {
        $image = New-TestImage
        $resource = New-Resource MDEProxy @{ MachineImage = $image; PacUrl = 'http://wpad.contoso.com/proxy.pac'; Component = @('Antivirus') }
        $resource.Set()
        $antivirus = Get-MDEProxy -Component Antivirus -MachineImage $image
        $antivirus.ProxyPacUrl | Should -Be 'http://wpad.contoso.com/proxy.pac'
        $antivirus.ProxyServer | Should -Match 'proxy\.contoso\.com:8080'
        (Get-MDEProxy -Component Telemetry -MachineImage $image).ProxyServer | Should -Be 'proxy.contoso.com:8080'
    }

    It 'without BypassList, Set keeps the bypass list; without ProxyServer, Test on a machine without a proxy is not compliant' {
        $image = New-TestImage
        Set-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -IncludeWinHttp -MachineImage $image -Confirm:$false
        (New-Resource MDEProxy @{ MachineImage = $image; ProxyServer = 'other.contoso.com:3128'; IncludeWinHttp = $true }).Set()
        (Get-MDEProxy -Component WinHttp -MachineImage $image).BypassList | Should -Be @('<local>')
        Clear-MDEProxy -IncludeWinHttp -MachineImage $image -Confirm:$false
        (New-Resource MDEProxy @{ MachineImage = $image; BypassList = @('<local>') }).Test() | Should -BeFalse
    }

    It 'Ensure Absent clears every component' {
        $image = New-TestImage
        $resource = New-Resource MDEProxy @{ MachineImage = $image; Ensure = 'Absent' }
        $resource.Set()
        $resource.Test() | Should -BeTrue
        @(Get-MDEProxy -MachineImage $image | Where-Object { $_.ProxyServer }) | Should -BeNullOrEmpty
    }
}
