# Windows PowerShell 5.1 stays the first target (every domain controller has it, few have 7): every PowerShell file
# of the repository and every script block of the format file, parsed with pwsh's own parser, uses nothing 5.1
# lacks (Windows51.psm1 lists what it looks for). 5.1 itself cannot run here; this gate and the module's run under
# pwsh 7 stand in for it.

BeforeDiscovery {
    $root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot (Join-Path '..' (Join-Path '..' '..')))).Path
    $skipped = @('node_modules', 'dist', '.cache', '.tools', '.git', 'tmp')
    $files = @(Get-ChildItem -LiteralPath $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' | Where-Object {
            $relative = $_.FullName.Substring($root.Length + 1)
            -not ($skipped | Where-Object { $relative -like "$_*" })
        } | ForEach-Object { @{ File = $_.FullName.Substring($root.Length + 1); Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Windows51.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
}

Describe 'Every PowerShell file runs on Windows PowerShell 5.1' {
    It 'the gate has files to check: the module, the manifest, the fleet scripts, the tests' -TestCases @(@{ Files = $files }) {
        param($Files)
        $Files.Count | Should -BeGreaterThan 40
        @($Files | Where-Object { $_.File -like 'examples*' }).Count | Should -Be 8
    }

    It '<File>' -TestCases $files {
        param($File, $Path)
        @(Find-Windows51Problem -Text ([System.IO.File]::ReadAllText($Path))) | Should -BeNullOrEmpty
        @(Find-EncodingProblem -Path $Path) | Should -BeNullOrEmpty
    }

    It 'every script block of the format file' {
        [xml] $formats = Get-Content -LiteralPath (Join-Path (Get-RepositoryRoot) 'ps-module/DefenderProxyTools.format.ps1xml') -Raw
        $blocks = @($formats.SelectNodes('//ScriptBlock') | ForEach-Object { $_.InnerText })
        $blocks.Count | Should -BeGreaterThan 20
        foreach ($block in $blocks) { @(Find-Windows51Problem -Text $block) | Should -BeNullOrEmpty -Because $block }
    }
}

Describe 'The gate finds what 5.1 lacks (it can fail)' {
    It 'finds <What>' -TestCases @(
        @{ What = 'a ternary'; Text = '$a = $b ? 1 : 2'; Expected = 'ternary' }
        @{ What = '??'; Text = '$a = $b ?? 2'; Expected = '\?\? operator' }
        @{ What = '??='; Text = '$a ??= 2'; Expected = '\?\?= operator' }
        @{ What = '?.'; Text = '${a}?.Length'; Expected = '\?\. or' }
        @{ What = '&&'; Text = 'Get-Item x && Get-Item y'; Expected = '&& or \|\|' }
        @{ What = '||'; Text = 'Get-Item x || Get-Item y'; Expected = '&& or \|\|' }
        @{ What = 'ConvertFrom-Json -AsHashtable'; Text = '$j | ConvertFrom-Json -AsHashtable'; Expected = 'ConvertFrom-Json -AsHashtable' }
        @{ What = 'ConvertFrom-Json -Depth'; Text = '$j | ConvertFrom-Json -Depth 5'; Expected = 'ConvertFrom-Json -Depth' }
        @{ What = 'ConvertTo-Json -AsArray'; Text = '$o | ConvertTo-Json -AsArray'; Expected = 'ConvertTo-Json -AsArray' }
        @{ What = 'Join-Path with three paths'; Text = 'Join-Path $a b c'; Expected = 'more than one child path' }
        @{ What = 'Join-Path -AdditionalChildPath'; Text = 'Join-Path -Path $a -ChildPath b -AdditionalChildPath c'; Expected = 'AdditionalChildPath' }
        @{ What = 'Get-Content -AsByteStream'; Text = 'Get-Content x -AsByteStream'; Expected = 'AsByteStream' }
        @{ What = 'ForEach-Object -Parallel'; Text = '1..2 | ForEach-Object -Parallel { $_ }'; Expected = 'Parallel' }
        @{ What = '-Encoding utf8NoBOM'; Text = 'Set-Content x -Value 1 -Encoding utf8NoBOM'; Expected = 'utf8NoBOM' }
        @{ What = 'a statement as an expression in ( )'; Text = 'if ($a) { 1 } elseif (if ($b) { $b } else { $null }) { 2 }'; Expected = '"if" used as a command' }
        @{ What = '-replace with a script block'; Text = '"a" -replace "a", { $_.Value }'; Expected = 'script block' }
        @{ What = '$PSStyle'; Text = '$PSStyle.OutputRendering = 1'; Expected = 'PSStyle' }
        @{ What = 'Test-Json'; Text = 'Test-Json -Json $j'; Expected = 'Test-Json' }
    ) {
        param($What, $Text, $Expected)
        (@(Find-Windows51Problem -Text $Text) -join "`n") | Should -Match $Expected
    }

    It 'lets 5.1 code through: Join-Path with two paths, ConvertTo-Json -Depth, $( ) around a statement' {
        @(Find-Windows51Problem -Text 'Join-Path $a b; Join-Path -Path $a -ChildPath b; $o | ConvertTo-Json -Depth 5; $x = $(if ($a) { 1 }); $y = if ($a) { 1 } else { 2 }') | Should -BeNullOrEmpty
    }

    It 'finds a file that 5.1 would read as ANSI' {
        $file = Join-Path (Get-ScratchRoot) 'ansi.ps1'
        [System.IO.File]::WriteAllText($file, "'caf$([char] 0xE9)'", (New-Object System.Text.UTF8Encoding($false)))
        Find-EncodingProblem -Path $file | Should -Match 'ANSI'
        [System.IO.File]::WriteAllText($file, "'caf$([char] 0xE9)'", (New-Object System.Text.UTF8Encoding($true)))
        Find-EncodingProblem -Path $file | Should -BeNullOrEmpty
    }
}
