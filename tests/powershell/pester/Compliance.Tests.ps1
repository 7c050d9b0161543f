# Test-DefenderProxyCompliance and Repair-DefenderProxyCompliance: parameters -> request -> the core's compliance
# command -> object. What the fleet scripts read (Status, Reason, Summary, ExitCode) comes from the core; here the
# objects, -WhatIf, errors as results, and the stored credential of the sensor's route on the live machine.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
}

Describe 'Test-DefenderProxyCompliance' {
    It 'finds drift: a typed result with exit code 1, one line, typed differences' {
        $check = Test-DefenderProxyCompliance -Product MDE -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -IncludeWinHttp -MachineImage (New-TestImage)
        $check.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ComplianceResult'
        $check.Product | Should -Be 'MDE'
        $check.Status | Should -Be 'Drift'
        $check.Compliant | Should -BeFalse
        $check.ExitCode | Should -Be 1
        $check.Summary | Should -Match '^Drift: 3 difference\(s\): HKEY_LOCAL_MACHINE\\'
        $check.Reason | Should -Match '^3 difference\(s\): '
        $check.Summary | Should -Not -Match "`n"
        $check.Differences[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Difference'
        # Without -IncludeWinHttp the machine-wide WinHTTP proxy is not managed: two differences, none of WinHTTP.
        $default = Test-DefenderProxyCompliance -Product MDE -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -MachineImage (New-TestImage)
        $default.Reason | Should -Match '^2 difference\(s\): '
        $default.Reason | Should -Not -Match 'WinHttpSettings'
    }

    It 'says compliant with exit code 0; $null for the proxy means none wanted' {
        $image = New-TestImage
        (Test-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://proxy.contoso.com:8080' -Method Sensor -UserName 'CONTOSO\proxyuser' -MachineImage $image).Summary | Should -Be 'Compliant: MDI proxy http://proxy.contoso.com:8080 (sensor).'
        Clear-MDEProxy -MachineImage $image -Confirm:$false
        $none = Test-DefenderProxyCompliance -Product MDE -ProxyServer $null -MachineImage $image
        $none.Status | Should -Be 'Compliant'
        $none.ExitCode | Should -Be 0
    }

    It 'turns a check that cannot be made into a result naming the code, without throwing' {
        $check = Test-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://proxy.contoso.com:8080' -MachineImage (New-TestImage)
        $check.Status | Should -Be 'Error'
        $check.ExitCode | Should -Be 1
        $check.Summary | Should -Match '^Error: METHOD_AMBIGUOUS: \S'
        $check.Error.code | Should -Be 'METHOD_AMBIGUOUS'
        $missing = Test-DefenderProxyCompliance -Product MDE -ProxyServer 'p:1' -MachineImage (Join-Path (Get-ScratchRoot) 'no-such-image')
        $missing.Reason | Should -Match '^MACHINE_NOT_FOUND: '
    }

    It 'refuses the parameters of the other product' {
        { Test-DefenderProxyCompliance -Product MDE -ProxyUrl 'http://proxy.contoso.com:8080' } | Should -Throw -ExpectedMessage '*-Product MDE does not go with*'
    }
}

Describe 'Repair-DefenderProxyCompliance' {
    It 'repairs with a backup, then has nothing to do; a check afterwards is compliant' {
        $image = New-TestImage
        $desired = @{ Product = 'MDE'; ProxyServer = 'proxy.contoso.com:8080'; BypassList = '<local>'; IncludeWinHttp = $true; MachineImage = $image }
        $repair = Repair-DefenderProxyCompliance @desired -Confirm:$false
        $repair.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.RepairResult'
        $repair.Status | Should -Be 'Repaired'
        $repair.ExitCode | Should -Be 0
        $repair.Summary | Should -Match '^Remediated: 3 value\(s\) changed, backup \S+\.$'
        $repair.ChangeResult.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ChangeResult'
        $repair.Backup | Should -Be $repair.ChangeResult.Backup
        (Repair-DefenderProxyCompliance @desired -Confirm:$false).Status | Should -Be 'AlreadyCompliant'
        (Test-DefenderProxyCompliance @desired).Compliant | Should -BeTrue
    }

    It '-WhatIf lists the differences, changes nothing and returns nothing' {
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        Repair-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -WhatIf | Should -BeNullOrEmpty
        Get-ImageHash -Image $image | Should -Be $before
        $run = Invoke-ChildPwsh -Script "Repair-DefenderProxyCompliance -Product MDI -ProxyUrl http://other.contoso.com:3128 -Method Sensor -MachineImage '$image' -WhatIf"
        $run.Stderr | Should -BeNullOrEmpty
        ($run.Stdout -join "`n") | Should -Match 'What if: Put the desired MDI proxy in place:'
        ($run.Stdout -join "`n") | Should -Match 'SensorConfiguration\.json: Url=http://proxy\.contoso\.com:8080.* -> Url=http://other\.contoso\.com:3128'
    }

    It 'a failed repair is a result with the code and the backup, not an error' {
        $image = New-TestImage
        Set-SensorService -Image $image -Name AATPSensor -Property @{ failsToStart = $true }
        $repair = Repair-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -UserName 'CONTOSO\proxyuser' -MachineImage $image -Confirm:$false
        $repair.Status | Should -Be 'Failed'
        $repair.ExitCode | Should -Be 1
        $repair.Summary | Should -Match '^Failed: SENSOR_DID_NOT_START: '
        $repair.Backup | Should -Match '^\d{8}T'
    }
}

Describe 'The stored credential of the sensor''s route' {
    # The executable decrypts the password the sensor stores, for Test-MDIProxy and the compliance test alike
    # (tests/powershell/fleet-scripts.test.ts runs both behind an authenticating squid): the module sends none.
    It 'Test-DefenderProxyCompliance sends the request with no credential of its own, the Connectivity import option merged in' {
        Import-DefenderProxyTools -Options @{ Connectivity = @{ timeoutMs = 1500 } }
        Mock -ModuleName DefenderProxyTools Invoke-DefenderProxyCore -ParameterFilter { $Command -eq 'compliance' } {
            $script:sent = [pscustomobject]@{ Request = $Request; Credential = $Credential }
            [pscustomobject]@{ product = 'mdi'; compliant = $true; status = 'compliant'; reason = $null; summary = 'Compliant.'; exitCode = 0; differences = @(); probes = @(); error = $null; change = $null; backup = $null }
        }
        $null = Test-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://proxy.contoso.com:8080' -Method Sensor -UserName 'CONTOSO\alice' -TestConnectivity
        $script:sent.Credential | Should -BeNullOrEmpty
        $script:sent.Request.testConnectivity | Should -BeTrue
        $script:sent.Request.connectivity.timeoutMs | Should -Be 1500
        $script:sent.Request.connectivity.Contains('proxy') | Should -BeFalse
        Import-DefenderProxyTools
    }
}
