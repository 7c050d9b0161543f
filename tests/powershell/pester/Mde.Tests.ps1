# The MDE cmdlets against copies of examples/dc01, through the Linux executable.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
}

Describe 'Get-MDEProxy' {
    It 'returns one typed entry per component, in the order of the components' {
        $entries = @(Get-MDEProxy -MachineImage (New-TestImage))
        $entries.Count | Should -Be 3
        @($entries | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique) | Should -Be @('DefenderProxyTools.StoreEntry')
        @($entries | ForEach-Object { $_.Store }) | Should -Be @('winhttp', 'mde-telemetry', 'defender-av')
        $entries[1].ProxyServer | Should -Be 'proxy.contoso.com:8080'
    }

    It '-Component reads only the components named' {
        @(Get-MDEProxy -Component WinHttp -MachineImage (New-TestImage) | ForEach-Object { $_.Store }) | Should -Be @('winhttp')
    }

    It 'warns of an MDE value the EDR sensor or Antivirus cannot use, without MDI (the example AV proxy lacks its http://)' {
        $null = Get-MDEProxy -Component Antivirus -MachineImage (New-TestImage) -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | ForEach-Object { [string] $_ }) -join "`n" | Should -Match 'lacks its required http:// or https://'
    }
}

Describe 'Set-MDEProxy' {
    It '-WhatIf prints every value it would write and changes nothing' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        $run = Invoke-ChildPwsh -Script "Set-MDEProxy -ProxyServer proxy.contoso.com:8080 -BypassList '<local>' -IncludeWinHttp -MachineImage '$image' -WhatIf"
        $run.Stderr | Should -BeNullOrEmpty
        $text = $run.Stdout -join "`n"
        $text | Should -Match 'What if: Set the Defender for Endpoint proxy to proxy\.contoso\.com:8080'
        $text | Should -Match 'WinHttpSettings: direct access -> proxy proxy\.contoso\.com:8080, bypass <local>'
        $text | Should -Match 'Windows Defender\\ProxyServer: proxy\.contoso\.com:8080 -> http://proxy\.contoso\.com:8080'
        # The documents' cautions come with the plan (002): WinHTTP is machine-wide; AV does not use it for updates.
        $text | Should -Match "WARNING: WinHTTP's proxy is machine-wide"
        $text | Should -Match 'WARNING: Defender Antivirus does not use this static proxy for Windows Update'
        Get-ImageHash -Image $image | Should -Be $before
    }

    It 'sets Telemetry and Antivirus by default, WinHTTP only with -IncludeWinHttp; -PassThru lists the changes' {
        $image = New-TestImage
        $result = Set-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -MachineImage $image -Confirm:$false -PassThru -WarningAction SilentlyContinue
        $result.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ChangeResult'
        @($result.Changes | ForEach-Object { $_.Store }) | Should -Be @('defender-av', 'defender-av')
        (Get-MDEProxy -Component WinHttp -MachineImage $image).ProxyServer | Should -BeNullOrEmpty
        (Compare-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -MachineImage $image).InDesiredState | Should -BeTrue
        $winhttp = Set-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -IncludeWinHttp -MachineImage $image -Confirm:$false -PassThru -WarningAction SilentlyContinue
        @($winhttp.Changes | ForEach-Object { $_.Store }) | Should -Be @('winhttp')
        (Compare-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -IncludeWinHttp -MachineImage $image).InDesiredState | Should -BeTrue
    }

    It 'takes a URL as well as host:port, and a PAC URL for Defender Antivirus' {
        $image = New-TestImage
        Set-MDEProxy -ProxyServer 'http://proxy.contoso.com:8080' -Component Antivirus -PacUrl 'http://wpad.contoso.com/proxy.pac' -MachineImage $image -Confirm:$false
        $antivirus = Get-MDEProxy -Component Antivirus -MachineImage $image
        $antivirus.ProxyServer | Should -Be 'http://proxy.contoso.com:8080'
        $antivirus.ProxyPacUrl | Should -Be 'http://wpad.contoso.com/proxy.pac'
    }
}

Describe 'Clear-MDEProxy' {
    It '-WhatIf changes nothing; -Confirm:$false clears the components named' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        Clear-MDEProxy -MachineImage $image -WhatIf
        Get-ImageHash -Image $image | Should -Be $before
        $result = Clear-MDEProxy -Component Telemetry -MachineImage $image -Confirm:$false -PassThru
        @($result.Changes | ForEach-Object { $_.Store } | Select-Object -Unique) | Should -Be @('mde-telemetry')
        (Get-MDEProxy -Component Telemetry -MachineImage $image).ProxyServer | Should -BeNullOrEmpty
        (Get-MDEProxy -Component Antivirus -MachineImage $image).ProxyServer | Should -Be 'proxy.contoso.com:8080'
    }
}

Describe 'Test-MDEProxy' {
    It 'probes the geography''s URLs over the route named and types every probe' {
        $probes = @(Test-MDEProxy -Geo eu -Route direct -TimeoutSeconds 1 -MachineImage (New-TestImage))
        $probes.Count | Should -BeGreaterThan 3
        @($probes | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique) | Should -Be @('DefenderProxyTools.Probe')
        @($probes | Where-Object { $_.Url -match '\.eu\.endpoint\.security\.microsoft\.com' }).Count | Should -BeGreaterThan 0
        @($probes | Where-Object { $_.Route -ne 'direct' }) | Should -BeNullOrEmpty
    }

    It 'tests an explicit proxy given as host:port; -Quiet answers $false when it cannot be reached' {
        Test-MDEProxy -Geo us -ProxyServer '127.0.0.1:9' -TimeoutSeconds 1 -Quiet | Should -BeFalse
        $probe = @(Test-MDEProxy -Geo us -ProxyServer '127.0.0.1:9' -TimeoutSeconds 1)[0]
        $probe.Route | Should -Be 'explicit'
        $probe.Proxy | Should -Be 'http://127.0.0.1:9'
    }
}

Describe 'Compare-MDEProxy' {
    It 'lists what differs, typed; an empty -ProxyServer means no proxy' {
        $image = New-TestImage
        $drift = Compare-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -IncludeWinHttp -MachineImage $image
        $drift.InDesiredState | Should -BeFalse
        @($drift.Differences | ForEach-Object { $_.Store }) | Should -Contain 'winhttp'
        @((Compare-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -MachineImage $image).Differences | ForEach-Object { $_.Store }) | Should -Not -Contain 'winhttp'
        $none = Compare-MDEProxy -ProxyServer '' -Component WinHttp -MachineImage $image
        $none.InDesiredState | Should -BeTrue
    }
}
