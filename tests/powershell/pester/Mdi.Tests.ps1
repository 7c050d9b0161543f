# The MDI cmdlets against copies of examples/dc01, through the Linux executable: what they return, what -WhatIf
# shows and leaves alone, what -Confirm:$false and -PassThru do.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
}

Describe 'Get-MDIProxy' {
    It 'reads the example sensor: URL, user, stored password, certificate, the methods found and their conflicts' {
        $proxy = Get-MDIProxy -MachineImage (New-TestImage)
        $proxy.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.MDIProxy'
        $proxy.Url | Should -Be 'http://proxy.contoso.com:8080'
        $proxy.UserName | Should -Be 'CONTOSO\proxyuser'
        $proxy.IsProxyEnabled | Should -BeTrue
        $proxy.IsAuthenticationProxyEnabled | Should -BeTrue
        $proxy.CertificateThumbprint | Should -Be '356FE9B42C13FE91F160965AAF0A71E8896ECCE7'
        $proxy.SensorVersion | Should -Be '2.250.18972.18405'
        @($proxy.MethodsFound) | Should -Be @('sensor', 'wininet')
        @($proxy.Conflicts).Count | Should -BeGreaterThan 0
    }

    It 'keeps every store typed, the sensor entry too (Select-Object -First renamed its type on PowerShell 7)' {
        $proxy = Get-MDIProxy -MachineImage (New-TestImage)
        @($proxy.Stores).Count | Should -Be 4
        foreach ($store in $proxy.Stores) { $store.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.StoreEntry' }
        ($proxy.Stores | Out-String) | Should -Match 'mdi-sensor'
    }

    It 'takes the image from the pipeline by property name' {
        $image = New-TestImage
        ([pscustomobject]@{ MachineImage = $image } | Get-MDIProxy).Url | Should -Be 'http://proxy.contoso.com:8080'
    }
}

Describe 'Set-MDIProxy' {
    It '-WhatIf prints the plan, value by value, and changes nothing' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        $run = Invoke-ChildPwsh -Script "Set-MDIProxy -ProxyUrl http://other.contoso.com:3128 -Method Sensor -MachineImage '$image' -WhatIf"
        $run.ExitCode | Should -Be 0
        $run.Stderr | Should -BeNullOrEmpty
        ($run.Stdout -join "`n") | Should -Match 'What if: Set the MDI sensor proxy to http://other\.contoso\.com:3128'
        ($run.Stdout -join "`n") | Should -Match 'SensorConfiguration\.json: Url=http://proxy\.contoso\.com:8080; UserName=CONTOSO\\proxyuser; Password=<encrypted> -> Url=http://other\.contoso\.com:3128'
        Get-ImageHash -Image $image | Should -Be $before
    }

    It '-Confirm:$false applies it and -PassThru returns the typed result with its changes and backup' {
        $image = New-TestImage
        $result = Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false -PassThru
        $result.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ChangeResult'
        $result.Changed | Should -BeTrue
        $result.Backup | Should -Match '^\d{8}T\d{9}Z-[0-9a-f]{6}$'
        @($result.RestartedServices) | Should -Be @('AATPSensorUpdater', 'AATPSensor')
        $result.Changes[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Change'
        (Get-MDIProxy -MachineImage $image).Url | Should -Be 'http://other.contoso.com:3128'
    }

    It 'without -PassThru returns nothing; nothing to change returns Changed = $false with -PassThru' {
        $image = New-TestImage
        Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false | Should -BeNullOrEmpty
        $again = Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false -PassThru
        $again.Changed | Should -BeFalse
        $again.Backup | Should -BeNullOrEmpty
    }

    It 'removes the proxy without -ProxyUrl, or with an empty or $null one, as Set-MDISensorProxyConfiguration does' -TestCases @(
        @{ Binding = '' }
        @{ Binding = "-ProxyUrl ''" }
        @{ Binding = '-ProxyUrl $null' }
    ) {
        param($Binding)
        $image = New-TestImage
        $run = Invoke-ChildPwsh -Script "Set-MDIProxy $Binding -Method Sensor -MachineImage '$image' -Confirm:`$false; (Get-MDIProxy -MachineImage '$image').Stores[0].Status"
        $run.Stderr | Should -BeNullOrEmpty
        $run.Stdout[-1] | Should -Be 'no-proxy'
    }

    It 'asks before it removes the proxy and restarts the sensor (ConfirmImpact High): a non-interactive run stops there' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        $run = Invoke-ChildPwsh -Script "Set-MDIProxy -ProxyUrl '' -Method Sensor -MachineImage '$image'"
        $run.Stderr | Should -Match 'NonInteractive|non-interactive'
        Get-ImageHash -Image $image | Should -Be $before
    }
}

Describe 'Clear-MDIProxy' {
    It '-WhatIf changes nothing; -Confirm:$false removes the WinINet proxy of both service accounts' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        Clear-MDIProxy -Method WinINet -MachineImage $image -WhatIf
        Get-ImageHash -Image $image | Should -Be $before
        $result = Clear-MDIProxy -Method WinINet -MachineImage $image -Confirm:$false -PassThru
        $result.Changed | Should -BeTrue
        @($result.Changes | ForEach-Object { $_.Target }) | Should -Match 'S-1-5-1[89]'
        @((Get-MDIProxy -MachineImage $image).MethodsFound) | Should -Be @('sensor')
    }
}

Describe 'Set-MDIProxy through WinINet' {
    It 'keeps each account''s bypass list unless -BypassList names one, and warns that every service account now uses the proxy' {
        $image = New-TestImage
        $null = Set-MDIProxy -ProxyUrl 'http://new.contoso.com:8080' -Method WinINet -MachineImage $image -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | ForEach-Object { [string] $_ }) -join "`n" | Should -Match 'every service running as Local System or Local Service'
        $system = (Get-MDIProxy -MachineImage $image).Stores | Where-Object { $_.Store -eq 'wininet' -and $_.Account -eq 'LocalSystem' }
        @($system.BypassList) | Should -Be @('*.contoso.com', '<local>')
        $null = Set-MDIProxy -ProxyUrl 'http://new.contoso.com:8080' -Method WinINet -BypassList '*.corp' -MachineImage $image -Confirm:$false -WarningAction SilentlyContinue
        $system = (Get-MDIProxy -MachineImage $image).Stores | Where-Object { $_.Store -eq 'wininet' -and $_.Account -eq 'LocalSystem' }
        @($system.BypassList) | Should -Be @('*.corp')
    }
}

Describe 'Test-MDIProxy -Quiet' {
    It 'follows the test''s verdict: a recommended URL that fails does not make it $false' {
        Mock -ModuleName DefenderProxyTools Invoke-DefenderProxyCore -ParameterFilter { $Command -eq 'test' } {
            [pscustomobject]@{
                passed = $true
                warnings = @('http://crl.microsoft.com/x.crl is not reachable by any route tested (CONNECT_REFUSED); it is not required')
                probes = @(
                    [pscustomobject]@{ url = 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'; route = 'sensor'; verdict = 'pass'; required = $true }
                    [pscustomobject]@{ url = 'http://crl.microsoft.com/x.crl'; route = 'sensor'; verdict = 'fail'; required = $false }
                )
                reportPath = $null
            }
        }
        Test-MDIProxy -WorkspaceName 'contoso-corp' -Quiet -WarningAction SilentlyContinue | Should -BeTrue
    }
}

Describe 'Test-MDIProxy' {
    It 'reports a failed probe with its stage, code, advice and timings; -Quiet answers $false' {
        $probes = @(Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9/tri/sensor/api/ping' -Route direct -TimeoutSeconds 2)
        $probes.Count | Should -Be 1
        $probes[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Probe'
        $probes[0].Passed | Should -BeFalse
        $probes[0].Stage | Should -Be 'connect'
        $probes[0].Code | Should -Be 'CONNECT_REFUSED'
        $probes[0].Advice | Should -Not -BeNullOrEmpty
        $probes[0].PSObject.Properties.Name | Should -Contain 'ConnectMs'
        Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9' -Route direct -TimeoutSeconds 2 -Quiet | Should -BeFalse
    }

    It 'adds the ping path to a bare sensor API URL' {
        $probe = Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9' -Route direct -TimeoutSeconds 2
        $probe.Url | Should -Be 'https://127.0.0.1:9/tri/sensor/api/ping'
    }

    It 'tests the route the sensor uses, with the workspace read from the image' {
        $probes = @(Test-MDIProxy -MachineImage (New-TestImage) -TimeoutSeconds 2)
        $probes[0].Url | Should -Be 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'
        $probes[0].Route | Should -Be 'sensor'
    }
}

Describe 'Compare-MDIProxy' {
    It 'finds the example sensor in the desired state, user name included, and drift against another proxy' {
        $image = New-TestImage
        (Compare-MDIProxy -ProxyUrl 'http://proxy.contoso.com:8080' -Method Sensor -UserName 'CONTOSO\proxyuser' -MachineImage $image).InDesiredState | Should -BeTrue
        $drift = Compare-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image
        $drift.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.CompareResult'
        $drift.InDesiredState | Should -BeFalse
        $drift.Differences[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Difference'
        $drift.Differences[0].Desired | Should -Match 'Url=http://other\.contoso\.com:3128'
    }

    It 'asks for no password: it compares the user name only' {
        $credentials = @((Get-Command Compare-MDIProxy).Parameters.Values | Where-Object { $_.ParameterType -eq [System.Management.Automation.PSCredential] })
        $credentials | Should -BeNullOrEmpty
    }
}
