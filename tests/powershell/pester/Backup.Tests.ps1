# Get-DefenderProxyBackup and Restore-DefenderProxyBackup on copies of examples/dc01.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
}

Describe 'Get-DefenderProxyBackup' {
    It 'lists the backups newest first, typed, with Created as a [datetime] (as on Windows PowerShell 5.1)' {
        $image = New-TestImage
        $first = Set-MDEProxy -ProxyServer 'first.contoso.com:8080' -MachineImage $image -Confirm:$false -PassThru
        $second = Set-MDEProxy -ProxyServer 'second.contoso.com:8080' -MachineImage $image -Confirm:$false -PassThru
        $backups = @(Get-DefenderProxyBackup -MachineImage $image)
        @($backups | ForEach-Object { $_.Id }) | Should -Be @($second.Backup, $first.Backup)
        $backups[0].PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.Backup'
        $backups[0].Created | Should -BeOfType [datetime]
        $backups[0].Created.Kind | Should -Be ([System.DateTimeKind]::Utc)
        $backups[0].Created | Should -BeGreaterOrEqual $backups[1].Created
        $backups[0].Reason | Should -Be 'set'
        $backups[0].MachineImage | Should -Be $image
    }
}

Describe 'Created on Windows PowerShell 5.1' {
    It 'the string 5.1''s ConvertFrom-Json leaves becomes the same [datetime] (UTC) that 7 gives' {
        $json = '{"created":"2026-11-23T11:04:12.123Z"}'
        $fromSeven = ($json | ConvertFrom-Json).created
        $fromString = & (Get-Module DefenderProxyTools) { ConvertTo-DefenderProxyDateTime -Value '2026-11-23T11:04:12.123Z' }
        $fromString | Should -BeOfType [datetime]
        $fromString.Kind | Should -Be ([System.DateTimeKind]::Utc)
        $fromString | Should -Be (& (Get-Module DefenderProxyTools) { param($v) ConvertTo-DefenderProxyDateTime -Value $v } $fromSeven)
        $fromString.ToString('o') | Should -Be '2026-11-23T11:04:12.1230000Z'
    }
}

Describe 'Restore-DefenderProxyBackup' {
    It 'Get-DefenderProxyBackup | Select-Object -First 1 | Restore-DefenderProxyBackup undoes the last change' {
        $image = New-TestImage
        Set-MDEProxy -ProxyServer 'first.contoso.com:8080' -MachineImage $image -Confirm:$false
        Set-MDEProxy -ProxyServer 'second.contoso.com:8080' -MachineImage $image -Confirm:$false
        Get-DefenderProxyBackup -MachineImage $image | Select-Object -First 1 | Restore-DefenderProxyBackup -Confirm:$false
        (Get-MDEProxy -Component Telemetry -MachineImage $image).ProxyServer | Should -Be 'first.contoso.com:8080'
    }

    It '-WhatIf lists what the backup puts back and changes nothing; -PassThru returns the typed result' {
        $image = New-TestImage
        $set = Set-MDEProxy -ProxyServer 'first.contoso.com:8080' -Component Telemetry -MachineImage $image -Confirm:$false -PassThru
        $before = Get-ImageHash -Image $image
        $run = Invoke-ChildPwsh -Script "Restore-DefenderProxyBackup -Id '$($set.Backup)' -MachineImage '$image' -WhatIf"
        $run.Stderr | Should -BeNullOrEmpty
        ($run.Stdout -join "`n") | Should -Match "What if: Restore the Defender proxy backup $($set.Backup)"
        ($run.Stdout -join "`n") | Should -Match 'DataCollection'
        Get-ImageHash -Image $image | Should -Be $before
        $result = Restore-DefenderProxyBackup -Id $set.Backup -MachineImage $image -Confirm:$false -PassThru
        $result.PSObject.TypeNames[0] | Should -Be 'DefenderProxyTools.ChangeResult'
        $result.Changed | Should -BeTrue
        (Get-MDEProxy -Component Telemetry -MachineImage $image).ProxyServer | Should -Be 'proxy.contoso.com:8080'
    }

    It 'an unknown backup is an InvalidArgument error named BACKUP_NOT_FOUND' {
        $failure = $null
        try { Restore-DefenderProxyBackup -Id 'nope' -MachineImage (New-TestImage) -Confirm:$false } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'BACKUP_NOT_FOUND,Restore-DefenderProxyBackup'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
