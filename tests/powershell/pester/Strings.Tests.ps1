# Every sentence the module shows is in en-US/DefenderProxyTools.strings.psd1 under a key, loaded with
# Import-LocalizedData: no English literal is left in the module's code, every key the code uses is in the file, and
# every key in the file is used.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $moduleFolder = Join-Path (Get-RepositoryRoot) 'ps-module'
    $stringsFile = Join-Path $moduleFolder 'en-US/DefenderProxyTools.strings.psd1'
    $strings = Import-PowerShellDataFile -LiteralPath $stringsFile
    $sources = @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -Include '*.ps1', '*.psm1' -File)

    # Strings in code that a user reads: two words or more, outside attributes ([ValidateSet()], [OutputType()]),
    # hashtable keys and the executable's names for things.
    function Find-Sentence {
        param([string] $Path)
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $null)
        $literals = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -or $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] }, $true)
        foreach ($literal in $literals) {
            $inAttribute = $false
            for ($parent = $literal.Parent; $parent; $parent = $parent.Parent) {
                if ($parent -is [System.Management.Automation.Language.AttributeBaseAst]) { $inAttribute = $true; break }
            }
            if ($inAttribute) { continue }
            $text = $literal.Value
            if ($text -match '[A-Za-z]{2,}[,:;.!?]* +[A-Za-z]{2,}') {
                '{0}:{1}: {2}' -f (Split-Path -Leaf $Path), $literal.Extent.StartLineNumber, $literal.Extent.Text
            }
        }
    }
}

Describe 'The strings file' {
    It 'loads with Import-LocalizedData, under the UI culture and under en-US' {
        $loaded = $null
        Import-LocalizedData -BindingVariable loaded -FileName 'DefenderProxyTools.strings.psd1' -BaseDirectory $moduleFolder -UICulture 'en-US'
        $loaded.Count | Should -Be $strings.Count
        $loaded.Count | Should -BeGreaterThan 30
        Import-DefenderProxyTools
        (& (Get-Module DefenderProxyTools) { $script:Strings }).Count | Should -Be $strings.Count
    }

    It 'holds every English sentence of the module: none is left in its code' {
        @($sources | ForEach-Object { Find-Sentence -Path $_.FullName }) | Should -BeNullOrEmpty
    }

    It 'the check finds an English sentence in code (it can fail)' {
        $file = Join-Path (Get-ScratchRoot) 'sentence.ps1'
        Set-Content -LiteralPath $file -Value "function F { [CmdletBinding()] param([ValidateSet('a b')] [string] `$X) throw 'The proxy is wrong.' }"
        @(Find-Sentence -Path $file).Count | Should -Be 1
    }

    It 'every key the code uses is in the file, and every key in the file is used' {
        $text = ($sources | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n"
        $used = @([regex]::Matches($text, '\$script:Strings\.(\w+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $used.Count | Should -BeGreaterThan 20
        foreach ($key in $used) { $strings.Keys | Should -Contain $key -Because "the code uses $key" }
        foreach ($key in $strings.Keys) { $used | Should -Contain $key -Because "$key is in the strings file" }
    }

    It 'every sentence takes the values its code gives: as many {n} as -f fills' {
        $checked = 0
        foreach ($source in $sources) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($source.FullName, [ref] $null, [ref] $null)
            $formats = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.BinaryExpressionAst] -and [string] $n.Operator -eq 'Format' -and $n.Left.Extent.Text -match '^\$script:Strings\.\w+$' }, $true)
            foreach ($format in $formats) {
                $key = $format.Left.Member.Value
                $count = 1
                if ($format.Right -is [System.Management.Automation.Language.ArrayLiteralAst]) { $count = $format.Right.Elements.Count }
                $highest = @([regex]::Matches($strings[$key], '\{(\d+)\}') | ForEach-Object { [int] $_.Groups[1].Value } | Sort-Object -Descending)[0]
                ($highest + 1) | Should -Be $count -Because "$key is given $count value(s) in $($source.Name): $($format.Extent.Text)"
                $checked++
            }
        }
        $checked | Should -BeGreaterThan 20
    }
}
