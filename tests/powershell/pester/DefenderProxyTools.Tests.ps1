# Pester 5 tests of the DefenderProxyTools module, for a Windows user (or pwsh anywhere with the Linux build):
#   Invoke-Pester -Path .\tests\powershell\pester
# They run the module against bin\defenderproxy.exe (packaged) or dist\ (a source checkout; npm run build), on a
# copy of examples\dc01 in TestDrive: nothing on this machine is read or changed.

BeforeAll {
    $repositoryRoot = Resolve-Path (Join-Path $PSScriptRoot '..\..\..')
    Import-Module (Join-Path $repositoryRoot 'DefenderProxyTools.psd1') -Force
    function New-ExampleImage {
        $target = Join-Path $TestDrive ([System.Guid]::NewGuid().ToString('n'))
        Copy-Item -LiteralPath (Join-Path $repositoryRoot 'examples\dc01') -Destination $target -Recurse
        return $target
    }
    function Get-ImageHash {
        param([string] $Image)
        Get-ChildItem -LiteralPath $Image -Recurse -File | Where-Object { $_.FullName -notmatch '\.defenderproxy' } |
            ForEach-Object { (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object
    }
}

AfterAll {
    Remove-Module DefenderProxyTools -ErrorAction SilentlyContinue
}

Describe 'Get-MDIProxy' {
    It 'reads the example sensor: URL, user, stored password, typed stores' {
        $proxy = Get-MDIProxy -MachineImage (New-ExampleImage)
        $proxy.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.MDIProxy'
        $proxy.Url | Should -Be 'http://proxy.contoso.com:8080'
        $proxy.UserName | Should -Be 'CONTOSO\proxyuser'
        $proxy.IsAuthenticationProxyEnabled | Should -BeTrue
        $proxy.Stores[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.StoreEntry'
    }
}

Describe 'Get-MDEProxy' {
    It 'returns one typed entry per component' {
        $entries = @(Get-MDEProxy -MachineImage (New-ExampleImage))
        $entries.Count | Should -Be 3
        ($entries | ForEach-Object { $_.Store }) | Should -Be @('winhttp', 'mde-telemetry', 'defender-av')
    }
}

Describe 'Set-MDIProxy, Get-DefenderProxyBackup, Restore-DefenderProxyBackup' {
    It 'changes nothing under -WhatIf' {
        $image = New-ExampleImage
        $before = Get-ImageHash -Image $image
        Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -WhatIf
        Get-ImageHash -Image $image | Should -Be $before
    }

    It 'sets the proxy, keeps a backup, and the backup restores it' {
        $image = New-ExampleImage
        $result = Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false -PassThru
        $result.Changed | Should -BeTrue
        $result.Changes[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Change'
        (Get-MDIProxy -MachineImage $image).Url | Should -Be 'http://other.contoso.com:3128'
        $backup = Get-DefenderProxyBackup -MachineImage $image | Select-Object -First 1
        $backup.Id | Should -Be $result.Backup
        $backup | Restore-DefenderProxyBackup -Confirm:$false
        (Get-MDIProxy -MachineImage $image).Url | Should -Be 'http://proxy.contoso.com:8080'
    }

    It 'turns an invalid request into a terminating InvalidArgument error named by the core error code' {
        $image = New-ExampleImage
        $failure = $null
        try { Set-MDIProxy -ProxyUrl 'ftp://proxy.contoso.com' -Method Sensor -MachineImage $image -Confirm:$false } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.FullyQualifiedErrorId | Should -Match '^[A-Z_]+,Set-MDIProxy$'
    }
}

Describe 'Compare-MDIProxy' {
    It 'finds the example sensor in the desired state, and drift against another proxy' {
        $image = New-ExampleImage
        (Compare-MDIProxy -ProxyUrl 'http://proxy.contoso.com:8080' -Method Sensor -ProxyCredential (New-Object System.Management.Automation.PSCredential('CONTOSO\proxyuser', (New-Object System.Security.SecureString))) -MachineImage $image).InDesiredState | Should -BeTrue
        $drift = Compare-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image
        $drift.InDesiredState | Should -BeFalse
        $drift.Differences[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Difference'
    }
}

Describe 'Set-MDEProxy and Clear-MDEProxy' {
    It 'sets all three components by default, then clears them' {
        $image = New-ExampleImage
        Set-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -MachineImage $image -Confirm:$false
        (Compare-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -MachineImage $image).InDesiredState | Should -BeTrue
        Clear-MDEProxy -MachineImage $image -Confirm:$false
        (Compare-MDEProxy -ProxyServer '' -MachineImage $image).InDesiredState | Should -BeTrue
    }
}

Describe 'Test-MDIProxy' {
    It 'reports a failed probe with its stage, code, advice and timings; -Quiet answers $false' {
        $probes = @(Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9' -Route direct -TimeoutSeconds 2)
        $probes[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Probe'
        $probes[0].Passed | Should -BeFalse
        $probes[0].Stage | Should -Not -BeNullOrEmpty
        $probes[0].Advice | Should -Not -BeNullOrEmpty
        $probes[0].PSObject.Properties.Name | Should -Contain 'ConnectMs'
        Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9' -Route direct -TimeoutSeconds 2 -Quiet | Should -BeFalse
    }
}

Describe 'Test-DefenderProxyCompliance and Repair-DefenderProxyCompliance' {
    It 'finds drift in one line with exit code 1, repairs it, then finds the proxy compliant' {
        $image = New-ExampleImage
        $desired = @{ Product = 'MDE'; ProxyServer = 'proxy.contoso.com:8080'; BypassList = '<local>'; MachineImage = $image }
        $drift = Test-DefenderProxyCompliance @desired
        $drift.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ComplianceResult'
        $drift.Status | Should -Be 'Drift'
        $drift.Compliant | Should -BeFalse
        $drift.ExitCode | Should -Be 1
        $drift.Summary | Should -Match '^Drift: \d+ difference\(s\): \S'
        $drift.Reason | Should -Match '^\d+ difference\(s\): \S'
        $drift.Differences[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Difference'

        $repair = Repair-DefenderProxyCompliance @desired -Confirm:$false
        $repair.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.RepairResult'
        $repair.Status | Should -Be 'Repaired'
        $repair.ExitCode | Should -Be 0
        $repair.Summary | Should -Match '^Remediated: \d+ value\(s\) changed, backup \S+\.$'

        $check = Test-DefenderProxyCompliance @desired
        $check.Compliant | Should -BeTrue
        $check.ExitCode | Should -Be 0
        $check.Summary | Should -Be 'Compliant: MDE proxy proxy.contoso.com:8080.'
        (Repair-DefenderProxyCompliance @desired -Confirm:$false).Status | Should -Be 'AlreadyCompliant'
    }

    It 'changes nothing and returns nothing under -WhatIf' {
        $image = New-ExampleImage
        $before = Get-ImageHash -Image $image
        Repair-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -WhatIf | Should -BeNullOrEmpty
        Get-ImageHash -Image $image | Should -Be $before
    }

    It 'turns an error of the executable into a result that names its code, without throwing' {
        # The example sensor is configured two ways, so Auto is refused.
        $check = Test-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://proxy.contoso.com:8080' -MachineImage (New-ExampleImage)
        $check.Status | Should -Be 'Error'
        $check.ExitCode | Should -Be 1
        $check.Summary | Should -Match '^Error: [A-Z][A-Z0-9_]*: \S'
        $repair = Repair-DefenderProxyCompliance -Product MDI -ProxyUrl 'http://proxy.contoso.com:8080' -MachineImage (New-ExampleImage) -Confirm:$false
        $repair.Status | Should -Be 'Failed'
        $repair.Summary | Should -Match '^Failed: [A-Z][A-Z0-9_]*: \S'
    }

    It 'refuses the parameters of the other product' {
        { Test-DefenderProxyCompliance -Product MDE -ProxyUrl 'http://proxy.contoso.com:8080' } | Should -Throw
    }
}

Describe 'Intune and Configuration Manager scripts' {
    # Each script runs in a new PowerShell as the agents run it, with the module of this checkout in place of the
    # installed one and a copy of examples\dc01 as $MachineImage.
    It '<Script> prints one line (<Line>), nothing on stderr, and exits <ExitCode>' -TestCases @(
        @{ Script = 'intune\mdi-proxy-detection.ps1'; Line = '^Error: [A-Z_]+: '; ExitCode = 1 }
        @{ Script = 'intune\mdi-proxy-remediation.ps1'; Line = '^Failed: [A-Z_]+: '; ExitCode = 1 }
        @{ Script = 'intune\mde-proxy-detection.ps1'; Line = '^Drift: \d+ difference\(s\): '; ExitCode = 1 }
        @{ Script = 'intune\mde-proxy-remediation.ps1'; Line = '^Remediated: '; ExitCode = 0 }
        @{ Script = 'sccm\mdi-proxy-discovery.ps1'; Line = '^NonCompliant: [A-Z_]+: '; ExitCode = 0 }
        @{ Script = 'sccm\mdi-proxy-remediation.ps1'; Line = '^Failed: [A-Z_]+: '; ExitCode = 1 }
        @{ Script = 'sccm\mde-proxy-discovery.ps1'; Line = '^NonCompliant: \d+ difference\(s\): '; ExitCode = 0 }
        @{ Script = 'sccm\mde-proxy-remediation.ps1'; Line = '^Remediated: '; ExitCode = 0 }
    ) {
        param($Script, $Line, $ExitCode)
        $text = Get-Content -LiteralPath (Join-Path $repositoryRoot "examples\$Script") -Raw
        $text = $text.Replace('"$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools"', "'$(Join-Path $repositoryRoot 'DefenderProxyTools.psd1')'")
        $text = $text.Replace('$MachineImage = $null', "`$MachineImage = '$(New-ExampleImage)'")
        $file = Join-Path $TestDrive ([System.IO.Path]::GetFileName($Script))
        Set-Content -LiteralPath $file -Value $text -Encoding UTF8
        $stderr = Join-Path $TestDrive 'stderr.txt'
        $stdout = @(& (Get-Process -Id $PID).Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $file 2> $stderr)
        $LASTEXITCODE | Should -Be $ExitCode
        $stdout.Count | Should -Be 1
        $stdout[0] | Should -Match $Line
        $stdout[0].Length | Should -BeLessThan 2048
        Get-Content -LiteralPath $stderr -Raw | Should -BeNullOrEmpty
    }
}

Describe 'DSC resources' {
    It 'MDIProxy reads and tests the example image through the dsc command' {
        $image = New-ExampleImage
        $resource = & (Get-Module DefenderProxyTools) { [MDIProxy]::new() }
        $resource.MachineImage = $image
        $resource.ProxyUrl = 'http://proxy.contoso.com:8080'
        $resource.Method = 'Sensor'
        $resource.Get().ProxyUrl | Should -Be 'http://proxy.contoso.com:8080'
        $resource.ProxyUrl = 'http://other.contoso.com:3128'
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
    }
}

Describe 'Help and formatting' {
    It 'every exported command has help with an example' {
        foreach ($command in (Get-Command -Module DefenderProxyTools)) {
            @((Get-Help $command.Name -Examples).examples.example).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'every result type has a view' {
        foreach ($typeName in 'StoreEntry', 'MDIProxy', 'Change', 'ChangeResult', 'Backup', 'Probe', 'CompareResult', 'Difference', 'ComplianceResult', 'RepairResult') {
            Get-FormatData -TypeName "DefenderProxyTools.$typeName" | Should -Not -BeNullOrEmpty -Because $typeName
        }
    }
}
