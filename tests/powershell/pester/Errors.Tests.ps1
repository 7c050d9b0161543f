# How the module reports what goes wrong: the executable's exit codes 2, 3 and 4 as ErrorRecords named by the
# core's error code with the documented category, an executable that cannot start or answers nothing, the
# executable override, and a stopped pipeline that must not leave the executable running.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
    $repository = Get-RepositoryRoot

    # The core from source with failing writes injected (tests/powershell/support/faulty-core.ts).
    $faultyCore = New-StandInExecutable -Script ('exec "{0}" "{1}" "$@"' -f (Join-Path $repository 'node_modules/.bin/tsx'), (Join-Path $repository 'tests/powershell/support/faulty-core.ts'))

    function Get-Failure {
        param([scriptblock] $Action)
        try { & $Action } catch { return $_ }
        throw 'expected an error, none was thrown'
    }
}

AfterAll {
    Remove-Item Env:\DEFENDERPROXY_TEST_FAIL_WRITES -ErrorAction SilentlyContinue
    Import-DefenderProxyTools
}

Describe 'Exit code 2: an invalid request' {
    It 'is a terminating InvalidArgument error whose id is the core code and whose target is the field' -TestCases @(
        @{ Action = { Set-MDIProxy -ProxyUrl 'ftp://proxy.contoso.com' -Method Sensor -MachineImage $image -Confirm:$false }; Cmdlet = 'Set-MDIProxy' }
        @{ Action = { Set-MDEProxy -ProxyServer 'proxy.contoso.com:99999' -MachineImage $image -Confirm:$false }; Cmdlet = 'Set-MDEProxy' }
        @{ Action = { Compare-MDIProxy -ProxyUrl 'http://p:1' -MachineImage $image }; Cmdlet = 'Compare-MDIProxy' }
        @{ Action = { Get-MDIProxy -MachineImage (Join-Path $image 'no-such-folder') }; Cmdlet = 'Get-MDIProxy' }
    ) {
        param($Action, $Cmdlet)
        $image = New-TestImage
        $before = Get-ImageHash -Image $image
        $failure = Get-Failure $Action
        $failure.FullyQualifiedErrorId | Should -Match "^[A-Z][A-Z0-9_]+,$Cmdlet$"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception | Should -BeOfType [System.ArgumentException]
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        Get-ImageHash -Image $image | Should -Be $before
    }
}

Describe 'Exit code 3: failed and rolled back' {
    It 'a sensor that does not run again: InvalidOperation named SENSOR_DID_NOT_START, the configuration put back' {
        $image = New-TestImage
        Set-SensorService -Image $image -Name AATPSensor -Property @{ failsToStart = $true }
        $configuration = Get-ChildItem -LiteralPath $image -Recurse -Filter 'SensorConfiguration.json' | Where-Object { $_.FullName -match '18405' }
        $before = (Get-FileHash -LiteralPath $configuration.FullName).Hash
        $failure = Get-Failure { Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -Be 'SENSOR_DID_NOT_START,Set-MDIProxy'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failure.Exception.Message | Should -Match 'AATPSensor did not run again'
        (Get-FileHash -LiteralPath $configuration.FullName).Hash | Should -Be $before
    }

    It 'a write that fails: InvalidOperation named CHANGE_ROLLED_BACK' {
        Import-DefenderProxyTools -Options @{ Executable = $faultyCore }
        $env:DEFENDERPROXY_TEST_FAIL_WRITES = '2'
        $failure = Get-Failure { Set-MDEProxy -ProxyServer 'proxy.contoso.com:3128' -MachineImage (New-TestImage) -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -Be 'CHANGE_ROLLED_BACK,Set-MDEProxy'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failure.Exception.Message | Should -Match 'rolled back, nothing changed'
    }
}

Describe 'Exit code 4: failed and not fully rolled back' {
    It 'is a WriteError named CHANGE_PARTIAL whose TargetObject holds what is left and the backup to restore' {
        Import-DefenderProxyTools -Options @{ Executable = $faultyCore }
        # Write 2 fails; write 3 is the rollback of write 1 (write 2 never took effect, so nothing is put back there), and fails too.
        $env:DEFENDERPROXY_TEST_FAIL_WRITES = '2,3'
        $image = New-TestImage
        $failure = Get-Failure { Set-MDEProxy -ProxyServer 'proxy.contoso.com:3128' -IncludeWinHttp -MachineImage $image -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -Be 'CHANGE_PARTIAL,Set-MDEProxy'
        $failure.CategoryInfo.Category | Should -Be 'WriteError'
        $failure.TargetObject.backup | Should -Match '^\d{8}T'
        @($failure.TargetObject.left | ForEach-Object { $_.store }) | Should -Be @('winhttp')
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Restore-DefenderProxyBackup'

        Import-DefenderProxyTools
        Restore-DefenderProxyBackup -Id $failure.TargetObject.backup -MachineImage $image -Confirm:$false
        (Compare-MDEProxy -ProxyServer '' -Component WinHttp -MachineImage $image).InDesiredState | Should -BeTrue
    }
}

Describe 'Exit code 130: interrupted before anything changed' {
    It 'is an OperationStopped error named INTERRUPTED' {
        $interrupted = New-StandInExecutable -Script "echo '{""ok"":false,""command"":""get"",""error"":{""code"":""INTERRUPTED"",""message"":""Interrupted (Ctrl+C); nothing was changed.""}}'; exit 130"
        Import-DefenderProxyTools -Options @{ Executable = $interrupted }
        $failure = Get-Failure { Get-MDIProxy -MachineImage (New-TestImage) }
        $failure.FullyQualifiedErrorId | Should -Be 'INTERRUPTED,Get-MDIProxy'
        $failure.CategoryInfo.Category | Should -Be 'OperationStopped'
    }
}

Describe 'An executable that cannot start or answers nothing' {
    It 'an executable that exits without an answer: its own words are in the error (Node refusing an old Windows)' {
        $refusing = New-StandInExecutable -Script "echo 'Node.js is only supported on Windows 10, Windows Server 2016, or higher.' >&2; exit 216"
        Import-DefenderProxyTools -Options @{ Executable = $refusing }
        $failure = Get-Failure { Get-MDIProxy -MachineImage (New-TestImage) }
        $failure.FullyQualifiedErrorId | Should -Be 'DefenderProxyNoResponse,Get-MDIProxy'
        $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure.Exception.Message | Should -Match 'exit code 216'
        $failure.Exception.Message | Should -Match 'Node\.js is only supported on Windows 10, Windows Server 2016, or higher\.'
    }

    It 'an executable the system refuses to start (AppLocker, or here a file without the execute bit) is a SecurityError record' {
        $blocked = New-StandInExecutable -Script 'echo never' -Mode '644'
        Import-DefenderProxyTools -Options @{ Executable = $blocked }
        $failure = Get-Failure { Get-MDIProxy -MachineImage (New-TestImage) }
        $failure.FullyQualifiedErrorId | Should -Be 'DefenderProxyCannotStart,Get-MDIProxy'
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
        $failure.Exception.Message | Should -Match ([regex]::Escape($blocked))
        $failure.ErrorDetails.RecommendedAction | Should -Match 'AppLocker|signed'
    }

    It 'an override that names no file is refused at import' {
        { Import-DefenderProxyTools -Options @{ Executable = (Join-Path (Get-RepositoryRoot) 'no-such-executable') } } | Should -Throw -ExpectedMessage '*no-such-executable*'
        { Import-DefenderProxyTools -Options @{ Executible = 'typo' } } | Should -Throw -ExpectedMessage '*Executible*'
    }
}

Describe 'The executable override' {
    It 'comes only from the import options: $env:DEFENDERPROXY_EXE is not read, so no environment can redirect a SYSTEM script' {
        $refusing = New-StandInExecutable -Script 'exit 216'
        $env:DEFENDERPROXY_EXE = $refusing
        try {
            Import-DefenderProxyTools
            (Get-MDIProxy -MachineImage (New-TestImage)).Url | Should -Be 'http://proxy.contoso.com:8080'
        }
        finally {
            Remove-Item Env:\DEFENDERPROXY_EXE
        }
    }

    It 'a launcher runs the executable through another program (as wine runs the Windows one)' {
        $script = New-StandInExecutable -Script ('exec "{0}" "$@"' -f (Join-Path (Get-RepositoryRoot) 'dist/defenderproxy-linux-x64')) -Mode '644'
        Import-DefenderProxyTools -Options @{ Executable = $script; Launcher = @('sh') }
        (Get-MDIProxy -MachineImage (New-TestImage)).Url | Should -Be 'http://proxy.contoso.com:8080'
    }
}

Describe 'A stopped pipeline (Ctrl+C)' {
    It 'stops a long Test-MDEProxy within a second or two and leaves no executable running' {
        Import-DefenderProxyTools
        # A proxy that accepts connections and never answers: every probe waits for its full timeout.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$(Join-Path (Get-RepositoryRoot) 'DefenderProxyTools.psd1')'; Test-MDEProxy -Geo us -ProxyServer 127.0.0.1:$port -TimeoutSeconds 120 -Verbose")
            $async = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            $started = $null
            while (-not $started -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
                $started = @($shell.Streams.Verbose | Where-Object { $_.Message -match 'process (\d+)' } | Select-Object -First 1)
            }
            $started | Should -Not -BeNullOrEmpty
            $null = $started[0].Message -match 'process (\d+)'
            $childId = [int] $Matches[1]
            Start-Sleep -Milliseconds 500
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $async.IsCompleted | Should -BeTrue
            Start-Sleep -Milliseconds 300
            Get-Process -Id $childId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally {
            if (-not $async.IsCompleted) { $shell.Stop() }
            $shell.Dispose()
            $listener.Stop()
        }
    }
}
